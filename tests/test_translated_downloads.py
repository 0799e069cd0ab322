"""The route table in Kiswahili: the same rows and columns as the English download, said in Kiswahili."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import replace

import pandas as pd
import pytest
from openpyxl import load_workbook

from kenya_routes.inputs import contract
from kenya_routes.inputs.reference import Reference
from kenya_routes.publish import execute
from kenya_routes.render import downloads, language, route_table

from .conftest import SHIPPED

LOCALES = SHIPPED.locales_dir


@pytest.fixture(scope="module")
def table(edition_2020, reference, swahili):
    return route_table.translated(edition_2020.routes, reference, swahili)


def _row(table: pd.DataFrame, submission: str) -> dict:
    return table[table["Wasilisho"] == submission].iloc[0].to_dict()


def test_the_kiswahili_table_has_the_english_rows_and_columns(edition_2020, table, swahili):
    routes = edition_2020.routes
    assert len(table) == len(routes) and list(table["Wasilisho"]) == list(routes["submission_id"])
    assert list(table.columns) == [swahili._(route_table.HEADERS[column]) for column in routes.columns]
    assert not set(table.columns) & set(routes.columns)  # no header left in English


def test_names_terms_and_labels_are_said_in_kiswahili(table):
    row = _row(table, "2020-001")
    assert row["Nchi ya chanzo"] == "Kenya" and row["Nchi ya unyonyaji"] == "Saudia"
    assert row["Eneo la chanzo"] == "Busia" and row["Sehemu za mapito"] == ["Nairobi"]
    assert row["Njia za usafiri"] == ["basi", "ndege"]
    assert row["Sekta za unyonyaji"] == ["kazi za nyumbani"]
    assert row["Kanda ya unyonyaji"] == "Mashariki ya Kati na Ghuba"
    assert row["Ushoroba"] == "Afrika Mashariki hadi Mashariki ya Kati na Ghuba"
    assert row["Ushoroba (kitambulisho)"] == "east-africa-to-middle-east-gulf"  # an identifier stays as it is
    assert row["Nchi za chanzo na unyonyaji"] == "Kenya hadi Saudia"
    assert row["Njia"] == "Busia, Kenya hadi Riyadh, Saudia kupitia Nairobi"
    assert row["Ndani ya nchi moja"] == "hapana"
    assert row["Kesi zilizokadiriwa"] == "95"


def test_an_unknown_transit_point_and_a_banded_count_are_said_in_kiswahili(table, edition_2020):
    routes = edition_2020.routes
    unknown = routes[routes["transit"].map(lambda points: contract.UNKNOWN_TRANSIT in points)].iloc[0]
    row = _row(table, unknown["submission_id"])
    assert "sehemu ya mapito isiyojulikana" in row["Sehemu za mapito"]
    assert row["Njia"].endswith("(sehemu moja ya mapito haijulikani)")
    banded = routes[routes["estimated_cases"] == "fewer than 5"].iloc[0]
    assert _row(table, banded["submission_id"])["Kesi zilizokadiriwa"] == "chini ya 5"


def test_every_term_is_the_reference_data_s_kiswahili_term(table, edition_2020, reference, swahili):
    for column in contract.COLUMNS:
        if not column.vocabulary or column.name not in edition_2020.routes.columns:
            continue
        header = swahili._(route_table.HEADERS[column.name])
        said = {term for terms in table[header] for term in (terms if column.is_list else [terms])}
        wanted = {term.term_sw for term in reference.terms[column.vocabulary].values()}
        assert said and said <= wanted, column.name


def test_the_kiswahili_csv_keeps_numbers_as_numbers_and_says_provenance_in_kiswahili(table, edition_2020, swahili):
    rows = list(csv.reader(io.StringIO(downloads.csv_bytes(table, edition_2020.edition, language=swahili).decode())))
    header = rows[0]
    assert header[-3:] == ["Toleo", "Leseni", "Asili ya thamani"]
    first = dict(zip(header, rows[1]))
    assert first["Toleo"] == "2020" and first["Leseni"] == "CC-BY-4.0"
    assert first["Asili ya thamani"] == "imeundwa upya"
    assert first["Njia za usafiri"] == "basi; ndege"


def test_the_kiswahili_workbook_says_what_it_is_who_translated_it_and_which_english_column_each_is(
    table, edition_2020, swahili
):
    columns = route_table.headers(list(edition_2020.routes.columns), swahili)
    book = load_workbook(
        io.BytesIO(downloads.xlsx_bytes(table, edition_2020.edition, "Njia", language=swahili, columns=columns))
    )
    assert book.sheetnames == ["Njia", "Kuhusu", "Safu"]
    data = [[cell.value for cell in row] for row in book["Njia"].iter_rows()]
    cases = data[0].index("Kesi zilizokadiriwa")
    assert data[1][cases] == 95  # a number a spreadsheet can add up
    about = {row[0].value: row[1].value for row in book["Kuhusu"].iter_rows()}
    assert about["Toleo"].startswith("2020") and about["Leseni"].startswith("CC-BY-4.0")
    assert about["Hali"] == swahili._(downloads.RECONSTRUCTED_NOTICE)
    assert "'imeripotiwa'" in about["Asili ya thamani"] and "'imeundwa upya'" in about["Asili ya thamani"]
    assert swahili.translator in about["Tafsiri"] and "haujapitia" in about["Tafsiri"]
    names = {row[0].value: row[1].value for row in book["Safu"].iter_rows(min_row=2)}
    assert names["Nchi ya chanzo"] == "origin_country" and names["Njia"] == "route_label"
    assert names["Toleo"] == "edition" and names["Asili ya thamani"] == "provenance"
    assert set(names.values()) == {*edition_2020.routes.columns, "edition", "licence", "provenance"}


def test_the_english_downloads_are_as_they_were(edition_2020):
    meta = edition_2020.edition
    header = downloads.csv_bytes(edition_2020.routes, meta).decode().splitlines()[0].split(",")
    assert header == [*edition_2020.routes.columns, "edition", "licence", "provenance"]
    book = load_workbook(io.BytesIO(downloads.xlsx_bytes(edition_2020.routes, meta, "Routes")))
    assert book.sheetnames == ["Routes", "About"]
    about = [row[0].value for row in book["About"].iter_rows()]
    assert about == ["Edition", "Title", "Publisher", "Licence", "Status", "Provenance", "Source", "Cite as"]


def test_a_column_without_a_kiswahili_rule_stops_the_table_instead_of_publishing_english(
    edition_2020, reference, swahili
):
    routes = edition_2020.routes.assign(new_column="value")
    with pytest.raises(language.LanguageError, match="column 'new_column' has no rule for Kiswahili"):
        route_table.translated(routes, reference, swahili)


def test_two_columns_with_one_kiswahili_header_are_refused(tmp_path, edition_2020, reference):
    catalogue = language.catalogue_path("sw", tmp_path)
    catalogue.parent.mkdir(parents=True)
    text = language.catalogue_path("sw", LOCALES).read_text(encoding="utf-8")
    catalogue.write_text(text.replace('msgstr "Kanda ya chanzo"', 'msgstr "Kanda ya unyonyaji"'), encoding="utf-8")
    with pytest.raises(language.LanguageError, match="the same header: Kanda ya unyonyaji"):
        route_table.translated(edition_2020.routes, reference, language.load("sw", tmp_path))


def test_a_translation_that_a_spreadsheet_would_run_as_a_formula_is_refused(tmp_path):
    catalogue = language.catalogue_path("sw", tmp_path)
    catalogue.parent.mkdir(parents=True)
    text = language.catalogue_path("sw", LOCALES).read_text(encoding="utf-8")
    hostile = text.replace('msgstr "Wasilisho"', 'msgstr "=HYPERLINK(\\"https://example.org\\", \\"Wasilisho\\")"')
    assert hostile != text
    catalogue.write_text(hostile, encoding="utf-8")
    with pytest.raises(language.LanguageError, match="starts like a spreadsheet formula") as raised:
        language.load("sw", tmp_path)
    assert "'Submission'" in str(raised.value)


def test_a_personal_detail_in_the_kiswahili_names_stops_the_download(tmp_path, edition_2020, reference):
    """The reference data's Kiswahili names reach the table unchecked by the catalogue: the scanner reads them."""
    places = [
        replace(place, name_sw="Busia 0712 345 678") if place.name == "Busia" else place
        for place in reference.places.values()
    ]
    terms = [term for vocabulary in reference.terms.values() for term in vocabulary.values()]
    hostile = Reference(list(reference.countries.values()), places, terms)
    with pytest.raises(execute.PageError, match="would publish personal details") as raised:
        execute._write_translated_routes(edition_2020, hostile, LOCALES, "sw", tmp_path)
    assert "Busia 0712 345 678" in str(raised.value)
    assert not list(tmp_path.iterdir())


@pytest.mark.build
def test_each_edition_publishes_its_route_table_in_kiswahili_and_its_downloads_page_links_it(built_site):
    for edition in built_site.editions:
        folder = built_site.site / edition
        page = (folder / "downloads.html").read_text(encoding="utf-8")
        english = load_workbook(folder / "data" / f"kenya-routes-{edition}-routes.xlsx")["Routes"]
        for suffix in ("csv", "xlsx"):
            name = f"kenya-routes-{edition}-routes-sw.{suffix}"
            assert f'href="data/{name}" hreflang="sw" download>{suffix.upper()} in Kiswahili</a>' in page, name
            assert (folder / "data" / name).is_file()
        assert "A translation the coalition has not reviewed yet" in page
        book = load_workbook(folder / "data" / f"kenya-routes-{edition}-routes-sw.xlsx")
        assert book.sheetnames == ["Njia", "Kuhusu", "Safu"]
        assert book["Njia"].max_row == english.max_row and book["Njia"].max_column == english.max_column
        with zipfile.ZipFile(folder / "downloads" / f"kenya-routes-{edition}-site.zip") as offline:
            assert any(entry.endswith(f"/data/kenya-routes-{edition}-routes-sw.csv") for entry in offline.namelist())


def test_every_kind_of_provenance_a_download_can_say_has_its_kiswahili_word(swahili):
    said = [swahili.word(kind) for kind in downloads.PROVENANCE_KINDS]
    assert said == ["imeripotiwa", "imeundwa upya", "imekokotolewa"]
