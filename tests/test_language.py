"""Kiswahili: the catalogue of the sheets' words, the names it does not hold, and the sheets made with them."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from pypdf import PdfReader

from kenya_routes.inputs.reference import load_reference
from kenya_routes.inputs.report import read_sections
from kenya_routes.prepare import scan
from kenya_routes.publish import sheets
from kenya_routes.render import factsheets, language

from .conftest import SHIPPED, SITE_URL

ROOT = Path(__file__).resolve().parents[1]
LOCALES = SHIPPED.locales_dir
CATALOGUE = language.catalogue_path("sw", LOCALES)
BASEMAP = SHIPPED.root / sheets.BASEMAP
MADE = date(2026, 12, 2)


@pytest.fixture(scope="module")
def reference():
    return load_reference(SHIPPED.reference_dir)


def _messages(path: Path) -> set[str]:
    with path.open("rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}


# --- the catalogue ---------------------------------------------------------------------------------


def test_every_message_of_the_kiswahili_catalogue_is_translated_and_keeps_its_placeholders():
    catalogue = language.read_catalogue(CATALOGUE)
    assert len(catalogue) > 100
    assert language.check(catalogue) == []
    assert language.header_credits(catalogue)["review status"] == "unreviewed"


def test_the_catalogue_holds_exactly_the_messages_the_code_marks(tmp_path):
    """`make catalogues` was run after the last change to a message: none is missing, none is left over."""
    template = tmp_path / "kenya_routes.pot"
    keywords = ["-k", "n_:1,2", "-k", "N_plural:1,2", "-k", "phrase:1", "-k", "add_figure:2"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "CATALOGUE_KEYWORDS := " + " ".join(keywords) in makefile
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [pybabel, "extract", "-F", LOCALES / "babel.cfg", *keywords, "--no-location", "-o", template, "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    extracted, translated = _messages(template), _messages(CATALOGUE)
    assert extracted - translated == set(), "messages not in the Kiswahili catalogue: run make catalogues"
    assert translated - extracted == set(), "messages the code no longer has: run make catalogues"
    assert _messages(LOCALES / "kenya_routes.pot") == extracted


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ('msgid "Europe"\nmsgstr ""\n', "line 4: 'Europe' has no translation"),
        ('#, fuzzy\nmsgid "Europe"\nmsgstr "Ulaya"\n', "line 5: 'Europe' is marked fuzzy"),
        ('msgid "Fact sheet: {name}"\nmsgstr "Karatasi ya ukweli: {jina}"\n', "must keep the placeholders of the"),
    ],
)
def test_a_catalogue_that_cannot_be_used_stops_with_the_message_and_why(tmp_path, entry, problem):
    folder = tmp_path / "sw" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr "Language: sw\\n"\n\n'
    (folder / "kenya_routes.po").write_text(header + entry, encoding="utf-8")
    with pytest.raises(language.LanguageError, match="the catalogue cannot be used yet") as raised:
        language.load("sw", tmp_path)
    assert problem in str(raised.value)
    assert str(folder / "kenya_routes.po") in str(raised.value)


# --- names and numbers -----------------------------------------------------------------------------


def test_countries_are_named_from_cldr_places_and_terms_from_the_reference_data(swahili, reference):
    assert swahili.country(reference, "DEU") == "Ujerumani"
    assert swahili.country(reference, "SAU") == "Saudia"
    assert swahili.country(reference, "XSL") == "Somaliland"  # not in CLDR: a message of the catalogue
    assert swahili.name_of(reference, "Middle East and Gulf") == "Mashariki ya Kati na Ghuba"
    assert swahili.name_of(reference, "Dadaab Camp") == "Kambi ya Dadaab"
    assert swahili.item(reference, "industries", "domestic work") == "kazi za nyumbani"
    assert swahili.item(reference, "pair", "Kenya to Germany") == "Kenya hadi Ujerumani"
    with pytest.raises(language.LanguageError, match="'space tourism' is not a term of the vocabulary industries"):
        swahili.item(reference, "industries", "space tourism")
    with pytest.raises(language.LanguageError, match="'Atlantis' is not a region, country, place or airline"):
        swahili.name_of(reference, "Atlantis")


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        (1, "submissions", "wasilisho 1"),
        (1204, "submissions", "mawasilisho 1,204"),
        (3, "places", "maeneo 3"),
        (56.5, "%", "56.5%"),
        ("fewer than 5", "estimated cases", "chini ya 5"),
        (["Germany", "Italy", "Qatar"], "countries", "Ujerumani, Italia na Katari"),
        ([], "countries", "hakuna"),
    ],
)
def test_values_are_said_with_kiswahili_plurals_lists_and_numbers(swahili, reference, value, unit, said):
    assert swahili.value(reference, {"id": "x", "value": value, "unit": unit}) == said


def test_english_is_the_code_s_own_words(reference):
    english = language.load("en", LOCALES)
    assert english.name == "English"
    assert english.value(reference, {"id": "x", "value": 2, "unit": "submissions"}) == "2 submissions"
    assert english.phrase(reference, {"id": "Routes: {c}", "words": {"c": "Europe"}}) == "Routes: Europe"


def test_every_figure_label_of_the_shipped_editions_is_said_in_kiswahili(swahili, reference, edition_2020):
    for figure in edition_2020.figures.values():
        label = swahili.label(reference, figure)
        assert label and label != figure["label"], figure["id"]


# --- the sources of Kiswahili text are checked like the rest ------------------------------------------


def test_a_section_on_a_fact_sheet_without_its_kiswahili_words_is_refused(tmp_path):
    (tmp_path / "report_sections.yml").write_text(
        "document: A report\nsections:\n  - id: hubs\n    section: Hubs\n    page: recommendations\n"
        "    fact_sheets: [kenya]\n    findings: [Something the report says.]\n",
        encoding="utf-8",
    )
    from kenya_routes.inputs.problems import DataProblemError

    with pytest.raises(DataProblemError) as raised:
        read_sections(tmp_path)
    assert [p.rule for p in raised.value.report.problems] == ["report-section-fact-sheet-sw"]


def test_a_name_on_a_kiswahili_sheet_is_still_found_by_the_scanner(edition_2020, reference, swahili):
    known = swahili.known_texts(reference)
    scanned = lambda text: scan.scan_text(edition_2020, reference, "sheet", text, (), known, "sw")  # noqa: E731
    clean = (
        "Karatasi ya ukweli: Mashariki ya Kati na Ghuba\nNjia: Afrika Mashariki hadi Ulaya\n"
        "Kitengo cha Uhalifu wa Kupangwa wa Kimataifa, Mamlaka ya Viwanja vya Ndege ya Kenya"
    )
    assert scanned(clean) == []
    # In a label, and in a recommendation of report_sections.yml (the dictionary knows Kiswahili, not names).
    for text in ("Njia: Wanjiru Kamau hadi Ulaya", "Muungano ulikutana na Wanjiru Kamau mjini Nairobi."):
        assert [p.rule for p in scanned(text)] == ["no-personal-details-published"], text


# --- the sheets in Kiswahili -------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["kenya", "europe", "other"])
def test_a_kiswahili_sheet_is_one_page_in_kiswahili_with_its_translation_notice(edition_2020, reference, swahili, key):
    sheet = next(s for s in factsheets.plan(edition_2020) if s.key == key)
    pdf = factsheets.make(edition_2020, reference, sheet, BASEMAP, MADE, swahili)
    assert factsheets.pages(pdf) == 1
    reader = PdfReader(__import__("io").BytesIO(pdf))
    assert reader.trailer["/Root"]["/Lang"] == "sw-KE"
    assert reader.metadata.title.startswith("Karatasi ya ukweli: ")
    text = " ".join(factsheets.text_of(pdf).split())
    assert "Muungano bado haujapitia tafsiri hii" in text  # unreviewed, and said so
    assert "Mapendekezo ya ripoti" in text and "Imetengenezwa tarehe 2 Desemba 2026" in text
    # Its link and QR code lead to the page, which is in English, and the sheet says so.
    assert f"{SITE_URL}/2020/{sheet.page}.html (Ukurasa uko kwa Kiingereza.)" in text
    # No English sentence of the catalogue is left on the sheet (short words such as "Asia" are the same).
    with CATALOGUE.open("rb") as handle:
        english = [
            m.id if isinstance(m.id, str) else m.id[1] for m in read_po(handle) if m.id and len(str(m.id).split()) > 2
        ]
    for message in english:
        fixed = message.split("{")[0].strip()
        assert len(fixed.split()) < 3 or fixed not in text, message
    assert (
        scan.scan_text(
            edition_2020,
            reference,
            sheet.key,
            factsheets.text_of(pdf),
            factsheets.addresses(edition_2020, sheet),
            swahili.known_texts(reference),
            "sw",
        )
        == []
    )


def test_an_english_sheet_is_unchanged_by_the_catalogue(edition_2020, reference):
    sheet = next(s for s in factsheets.plan(edition_2020) if s.key == "europe")
    layout, _ = factsheets.contents(edition_2020, reference, sheet, BASEMAP, MADE)
    assert layout["lang"] == "en" and layout["region"] == "GB" and layout["translation"] == layout["link_note"] == ""
    assert layout["heading"] == "Fact sheet: Europe"
    assert sheet.file_name(edition_2020.edition) == "kenya-routes-2020-fact-sheet-europe.pdf"
    assert sheet.file_name(edition_2020.edition, "sw") == "kenya-routes-2020-fact-sheet-europe-sw.pdf"


def _catalogue_in(folder: Path, text: str) -> Path:
    path = language.catalogue_path("sw", folder)
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_reviewed_catalogue_says_who_reviewed_it_on_the_sheet(tmp_path, edition_2020, reference):
    text = CATALOGUE.read_text(encoding="utf-8").replace("Review status: unreviewed", "Review status: reviewed")
    _catalogue_in(tmp_path, text.replace("# Reviewed by:\n", "# Reviewed by: Chama cha Wafasiri\n"))
    reviewed = language.load("sw", tmp_path)
    sheet = next(s for s in factsheets.plan(edition_2020) if s.key == "asia")
    layout, _ = factsheets.contents(copy.copy(edition_2020), reference, sheet, BASEMAP, MADE, language=reviewed)
    assert reviewed.reviewed and layout["translation"].endswith("kwa niaba ya muungano na Chama cha Wafasiri.")


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (("Review status: unreviewed", "Review status: reviewed"), "a reviewed catalogue says who reviewed it"),
        (("Translated by: watengenezaji wa tovuti hii", "Translated by:"), "has no 'Translated by:' line"),
        (("Translated by: watengenezaji", "Translated by: amina@example.org"), "holds an e-mail address"),
        (('msgstr "Mapendekezo ya ripoti"', 'msgstr "<b>Mapendekezo</b>"'), "contains < or >"),
        (('msgstr "Mapendekezo ya ripoti"', 'msgstr "{{ config }}"'), "contains {{, {% or {#"),
        (('msgstr "Mapendekezo ya ripoti"', 'msgstr "Piga +254 712 345 678"'), "holds a phone number"),
        (("Language: sw", "Language: en"), "says it is in 'en'"),
    ],
)
def test_a_catalogue_that_would_print_code_a_personal_detail_or_wrong_credits_is_refused(tmp_path, change, problem):
    text = CATALOGUE.read_text(encoding="utf-8")
    assert change[0] in text
    _catalogue_in(tmp_path, text.replace(change[0], change[1]))
    with pytest.raises(language.LanguageError, match=re.escape(problem)):
        language.load("sw", tmp_path)


def test_a_long_list_is_cut_in_kiswahili_with_one_and(swahili, reference):
    figure = {"id": "x", "unit": "countries", "value": ["Germany", "Italy", "Qatar", "Oman", "Jordan"]}
    assert (
        swahili.value(reference, figure, most=3)
        == "Ujerumani, Italia, Katari na 2 zaidi (orodha kamili iko kwenye ukurasa)"
    )


def test_the_map_s_legend_and_description_are_in_kiswahili(edition_2020, reference, swahili):
    from kenya_routes.render import static_map

    sheet = next(s for s in factsheets.plan(edition_2020) if s.key == "europe")
    drawn = static_map.route_map(factsheets.routes_of(edition_2020, sheet), reference, BASEMAP, swahili)
    assert drawn.description.startswith("Ramani ya mistari ")
    assert "Afrika Mashariki hadi Ulaya" in drawn.description and "Afrika Mashariki hadi Ulaya" in drawn.svg
    assert "East Africa" not in drawn.svg and "Europe" not in drawn.description


def test_a_message_missing_from_the_catalogue_stops_the_sheet_instead_of_printing_english(swahili, reference):
    with pytest.raises(language.LanguageError, match="'A sentence the code just added' has no translation in"):
        swahili._("A sentence the code just added")
    with pytest.raises(language.LanguageError, match="'redacted' has no translation in .*SHARE_WORDS"):
        swahili.value(reference, {"id": "x", "value": "redacted", "unit": "%"})


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, "the catalogue of the language 'sw' is missing"),
        ('msgid ""\nmsgstr "Language: sw\\n"\n\nmsgid "Europe"\nmsgstr "Ulaya"\nUlaya ni bara\n', "cannot be read"),
        ('msgid "Europe"\nmsgstr "Ulaya"\n', "the catalogue does not say its language"),
    ],
)
def test_a_missing_or_broken_catalogue_is_named(tmp_path, text, problem):
    if text is not None:
        folder = tmp_path / "sw" / "LC_MESSAGES"
        folder.mkdir(parents=True)
        (folder / "kenya_routes.po").write_text(text, encoding="utf-8")
    with pytest.raises(language.LanguageError, match=problem) as raised:
        language.load("sw", tmp_path)
    assert "kenya_routes.po" in str(raised.value)


@pytest.mark.build
def test_a_build_with_an_untranslated_message_stops_naming_the_file_and_line_and_publishes_nothing(
    built_site, tmp_path
):
    import shutil

    from kenya_routes.inputs.project import Project
    from kenya_routes.publish.build import BuildError, build_site

    from .conftest import BUILD_ENVIRON, copy_project

    root = copy_project(tmp_path / "project")
    shutil.copytree(built_site.site.parent / "cache", root / "_build" / "cache")
    catalogue = language.catalogue_path("sw", root / "locales")
    text = catalogue.read_text(encoding="utf-8")
    emptied = text.replace('msgstr "Mapendekezo ya ripoti"', 'msgstr ""')
    assert emptied != text
    catalogue.write_text(emptied, encoding="utf-8")
    line = emptied.splitlines().index('msgid "What the report recommends"') + 1
    with pytest.raises(BuildError) as raised:
        build_site(Project.open(root, BUILD_ENVIRON), jobs=2, log=lambda *_: None)
    message = str(raised.value)
    assert str(catalogue) in message and f"line {line}: 'What the report recommends' has no translation" in message
    assert "Nothing was published." in message
    assert not (root / "_build" / "site").exists()


def test_without_the_kiswahili_dictionary_the_scanner_says_what_to_install(edition_2020, reference, monkeypatch):
    monkeypatch.setattr(scan, "SWAHILI_DICTIONARY", Path("/nonexistent/hunspell/sw_KE"))
    scan._swahili.cache_clear()
    try:
        with pytest.raises(scan.ScanError, match=r"/nonexistent/hunspell/sw_KE\.dic is missing.*hunspell-sw"):
            scan.scan_text(edition_2020, reference, "sheet", "Njia: Wanjiru Kamau hadi Ulaya", (), (), "sw")
        # English text needs no Kiswahili dictionary.
        assert scan.scan_text(edition_2020, reference, "sheet", "Routes: East Africa to Europe") == []
    finally:
        scan._swahili.cache_clear()
