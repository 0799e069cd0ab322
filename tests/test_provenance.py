"""Reported or reconstructed: every value says which, every citation resolves, every download carries its source."""

from __future__ import annotations

import csv
import json
import re
import struct
import zlib

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from .conftest import SITE_URL

pytestmark = pytest.mark.build

NOTICE = "Reconstructed data, illustrative: not figures reported by STTK"


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _pages(site, edition):
    return [
        p
        for p in (site / edition).rglob("*.html")
        if "/assets/" not in p.as_posix() and p.name not in ("genindex.html", "search.html")
    ]


def _text(node):
    """A value as a reader sees it, without its provenance mark."""
    node = BeautifulSoup(str(node), "html.parser")
    for mark in node.select("sup.prov-mark, .sr-only"):
        mark.decompose()
    return node.get_text()


# --- pages ---------------------------------------------------------------------------------
@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_no_reconstructed_value_is_offered_for_citation_on_any_page(built_site, edition):
    affordances = 0
    for path in _pages(built_site.site, edition):
        for link in _soup(path).select("a[data-figure]"):
            affordances += 1
            kind = link["data-provenance"]
            assert kind in ("reported", "reconstructed"), (path.name, link)  # both editions are reconstructed
            if kind == "reconstructed":
                assert not link.has_attr("data-cite") and "not for citation" in link["data-not-for-citation"]
            else:
                assert link["data-cite"].startswith("Stop the Traffik Kenya and Freedom Collaborative")
                assert link["data-cite"].endswith(link["data-permalink"])
            # Every value says what it rests on, in a mark readers see and words screen readers read.
            assert link.select_one("sup.prov-mark") or "cite" in link.get("class", []), (path.name, link)
    assert affordances > 50


def test_the_overview_shows_the_reports_34_countries_with_the_datas_33_and_why(built_site):
    soup = _soup(built_site.site / "2020" / "overview.html")
    figure = soup.find(id="fig-countries-total")
    assert _text(figure) == "34 countries" and "fig-reported" in figure["class"]
    note = figure.find_next_sibling("span", class_="fig-data")
    assert "the data gives 33 countries" in note.get_text() and "Jordan twice" in note.get_text()
    assert note.find("a")["href"] == "methodology.html#reconcile-countries-total"
    only_transit = soup.find(id="fig-transit-only-countries")
    assert _text(only_transit) == "Egypt, Jordan and Zambia"
    assert "also names Somalia and Sudan" in only_transit.find_next_sibling("span", class_="fig-data").get_text()
    methodology = _soup(built_site.site / "2020" / "methodology.html")
    assert methodology.find(id="reconcile-countries-total") is not None


def test_the_transit_page_shows_the_reports_18_places_with_the_datas_19_and_why(built_site):
    soup = _soup(built_site.site / "2020" / "transit.html")
    figure = soup.find(id="fig-transit-locations-count")
    assert _text(figure) == "18 places"
    assert "the data gives 19 places" in figure.find_next_sibling("span", class_="fig-data").get_text()
    assert "Addis Ababa" in figure.find_next_sibling("span", class_="fig-data").get_text()
    listing = _text(soup.find(id="fig-transit-locations"))
    assert "Addis Ababa" not in listing and listing.endswith("Rongo and Taveta")


def test_the_reconciliation_quotes_the_report_in_its_own_terms(built_site):
    table = _soup(built_site.site / "2020" / "methodology.html").find("table", id="table-reconciliation")
    rows = {
        tr["id"]: [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for tr in table.find("tbody").find_all("tr")
    }
    assert rows["reconcile-transport-multiple-modes-share"][1].startswith("a majority")
    assert rows["reconcile-transport-multiple-modes-share"][4] == "the data agrees with the claim"
    assert rows["reconcile-transport-modes-top3"][4] == "the same items, in another order"
    assert "Malamba" in rows["reconcile-airline-ethiopian-airlines-routes"][1]
    assert "Lunga-Lunga" in rows["reconcile-airline-ethiopian-airlines-routes"][1]
    assert rows["reconcile-recruitment-domestic-work-top"][1] == "word-of-mouth by agents"
    assert rows["reconcile-routes-total"][4] == "reproduced: the same"
    # "Reproduced" only ever means the same value, as printed.
    for values in rows.values():
        if values[4].startswith("reproduced"):
            assert values[3] in (values[1], "–") or values[1].startswith(values[3]), values


def test_what_changed_between_two_reconstructions_shows_only_what_the_report_states(built_site):
    soup = _soup(built_site.site / "2020" / "changes.html")
    text = soup.get_text(" ")
    assert soup.find(id="fig-new-origin-countries") is not None
    assert "artefacts of the two reconstructions" in text
    assert soup.find("table", id="table-pair-counts") is None and "no longer named" not in text
    assert "Kenya to Kenya" not in text


def test_the_footer_names_the_contents_owner_and_licence(built_site):
    footer = _soup(built_site.site / "2020" / "overview.html").find("footer").get_text(" ", strip=True)
    assert "2020 Stop the Traffik Kenya and Freedom Collaborative. Text and data: CC-BY-4.0" in footer
    assert "Sphinx" not in footer


def test_every_link_of_methodology_and_the_codebook_resolves(built_site):
    for name in ("methodology.html", "codebook.html", "cite.html", "figures.html"):
        path = built_site.site / "2020" / name
        for link in _soup(path).find_all("a", href=True):
            href = link["href"]
            if re.match(r"^(https?:|mailto:|#)", href):
                continue
            target = (path.parent / href.split("#")[0]).resolve()
            assert target.exists(), f"{name}: {href}"
    codebook = _soup(built_site.site / "2020" / "codebook.html").get_text()
    assert "estimated_cases" in codebook and "Somaliland" in codebook


# --- charts ---------------------------------------------------------------------------------
def _png_text(data: bytes) -> dict[str, str]:
    text, position = {}, 8
    while position < len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        kind, body = data[position + 4 : position + 8], data[position + 8 : position + 8 + length]
        crc = struct.unpack(">I", data[position + 8 + length : position + 12 + length])[0]
        assert crc == zlib.crc32(kind + body)
        if kind == b"iTXt":
            key, rest = body.split(b"\0", 1)
            text[key.decode("latin-1")] = rest[4:].decode("utf-8")
        position += 12 + length
    return text


@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_every_exported_chart_image_names_source_edition_and_provenance(built_site, edition):
    charts = sorted((built_site.site / edition / "assets").rglob("*-chart.svg"))
    assert charts
    for svg in charts:
        text = svg.read_text(encoding="utf-8")
        # A chart wraps its lines to a phone's width: read its text as one line.
        words_of = " ".join(re.sub(r"<[^>]+>", " ", t) for t in re.findall(r"<text[^>]*>.*?</text>", text, re.S))
        for words in (
            f"Edition {edition}",
            "Stop the Traffik Kenya (STTK) and Freedom Collaborative",
            "CC-BY-4.0",
            NOTICE,
        ):
            assert words in " ".join(words_of.split()), (svg.name, words)
        assert "#9b9b9b" in text  # drawn as reconstructed
        png = _png_text(svg.with_suffix(".png").read_bytes())
        assert f"Edition {edition}" in png["Source"] and png["Copyright"] == "CC-BY-4.0"
        assert NOTICE in png["Description"] and png["Title"]
        spec = json.loads(svg.with_suffix(".vg.json").read_text(encoding="utf-8"))
        # Its lines wrap to a phone's width: the notice is in the title's lines, read as one.
        lines = json.dumps(spec).replace('", "', " ").replace('","', " ")
        assert NOTICE in lines


# --- downloads ------------------------------------------------------------------------------
def test_downloads_carry_their_provenance_and_numbers_are_numbers(built_site):
    data = built_site.site / "2020" / "data"
    rows = list(csv.DictReader((data / "kenya-routes-2020-routes.csv").open(encoding="utf-8")))
    assert {r["provenance"] for r in rows} == {"reconstructed"}
    book = load_workbook(data / "kenya-routes-2020-routes.xlsx")
    sheet = book["Routes"]
    headers = [c.value for c in sheet[1]]
    cases = [row[headers.index("estimated_cases")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, int) or v in ("fewer than 5", "withheld", "not estimated") for v in cases)
    assert sum(v for v in cases if isinstance(v, int)) > 1000  # a spreadsheet can add them up
    about = dict(book["About"].iter_rows(values_only=True))
    assert NOTICE in about["Status"] and "'reported'" in about["Provenance"] and "2020" in about["Source"]
    # A table whose cells the report states says which, row by row.
    top = next((built_site.site / "2020" / "assets" / "overview").glob("*-top-pairs-table.csv"))
    table = {r["origin to destination"]: r for r in csv.DictReader(top.open(encoding="utf-8"))}
    assert table["Kenya to Saudi Arabia"]["provenance"] == (
        "reported: submissions, estimated cases; reconstructed: organisations reporting"
    )
    assert table["Kenya to Qatar"]["provenance"] == "reconstructed"


def test_figures_json_cites_reported_figures_in_every_format_and_nothing_else(built_site):
    published = json.loads((built_site.site / "2020" / "data" / "figures.json").read_text(encoding="utf-8"))
    assert NOTICE in published["note"] and published["source_document"]
    kinds = {f["provenance"] for f in published["figures"]}
    assert kinds == {"reported", "reconstructed"}
    for figure in published["figures"]:
        citation = figure["citation"]
        if figure["provenance"] == "reconstructed":
            assert not figure["citable"] and citation == {"text": None, "bibtex": None, "ris": None, "csl": None}
            assert figure["not_for_citation"]
            continue
        assert figure["citable"] and figure["permalink"].startswith(SITE_URL)
        assert figure["source"]["document"] and figure["source"]["location"]
        assert citation["text"].endswith(figure["permalink"]) and "As stated in" in citation["text"]
        assert f"url = {{{figure['permalink']}}}" in citation["bibtex"]
        assert f"UR  - {figure['permalink']}" in citation["ris"] and citation["ris"].endswith("ER  - \n")
        assert citation["csl"]["URL"] == figure["permalink"] and citation["csl"]["type"] == "dataset"
    total = next(f for f in published["figures"] if f["id"] == "countries-total")
    assert (total["value"], total["data_value"], total["check"]) == (34, 33, "differs")


def test_the_cite_page_offers_bibtex_ris_and_csl_with_full_addresses(built_site):
    soup = _soup(built_site.site / "2020" / "cite.html")
    codes = [pre.get_text() for pre in soup.select("pre.citation-code")]
    assert any(code.startswith("@misc{kenya_routes_2020") and f"url = {{{SITE_URL}/2020/}}" in code for code in codes)
    assert any(f"UR  - {SITE_URL}/2020/" in code for code in codes)
    assert any(json.loads(code)[0]["URL"] == f"{SITE_URL}/2020/" for code in codes if code.startswith("["))
    data = built_site.site / "2020" / "data"
    assert (data / "citation.bib").read_text().startswith("@misc{kenya_routes_2020")
    assert json.loads((data / "citation.json").read_text())[0]["author"][0] == {"literal": "Stop the Traffik Kenya"}


@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_the_data_package_validates_and_describes_every_csv(built_site, edition):
    from frictionless import Package

    folder = built_site.site / edition
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in descriptor["resources"]} == {
        p.relative_to(folder).as_posix() for p in folder.rglob("*.csv")
    }
    assert descriptor["status"] == "reconstructed" and descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert "reconstructed" in descriptor["provenance_classes"]
    report = Package(str(folder / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldNumber", "type", "note"])[:10]
