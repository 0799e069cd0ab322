"""The versioned website: permanent edition folders, the switcher, citations, downloads."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import shutil
import zipfile

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from kenya_routes.inputs.project import Project
from kenya_routes.publish.build import build_site
from kenya_routes.render import downloads

from .conftest import ROOT, SITE_URL, copy_project

pytestmark = pytest.mark.build


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_switcher_lists_every_edition_and_its_pages(built_site):
    site = built_site.site
    entries = json.loads((site / "switcher.json").read_text())
    assert [e["version"] for e in entries] == ["2020", "2019"]
    assert [e["preferred"] for e in entries] == [True, False]
    for entry in entries:
        assert (site / entry["url"] / "index.html").is_file()
        for page in entry["pages"]:
            assert (site / entry["version"] / f"{page}.html").is_file(), (entry["version"], page)
    # Every page carries the switcher, with a plain link for readers without JavaScript.
    for path in (site / "2019").glob("*.html"):
        if path.name in ("genindex.html", "search.html"):
            continue
        box = _soup(path).select_one(".edition-switcher")
        assert box is not None and box["data-switcher"] == "../switcher.json", path
        listing = path.parent / box.find("a", class_="all-editions")["href"]
        assert listing.resolve() == (site / "editions.html").resolve()


def test_latest_and_the_root_lead_to_the_newest_edition(built_site):
    site = built_site.site
    pages = json.loads((site / "switcher.json").read_text())[0]["pages"]
    for page in pages:
        text = (site / "latest" / f"{page}.html").read_text()
        depth = "../" * (page.count("/") + 1)
        assert f"url={depth}2020/{page}.html" in text
    assert "url=2020/index.html" in (site / "index.html").read_text()
    listing = _soup(site / "editions.html")
    assert [a["href"] for a in listing.find_all("a")] == ["2020/index.html", "2019/index.html"]


# The one thing a newer edition adds to an older one's pages: the static notice that it exists.
NEWER_NOTICE = re.compile(rb'<div class="newer-edition"[^>]*>.*?</p></div>', re.S)


def _digests(folder, without_notice=False):
    """Each file's SHA-256; with `without_notice`, a page's with the newer-edition notice set aside."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            data = p.read_bytes()
            if without_notice and p.suffix == ".html":
                data = NEWER_NOTICE.sub(b"", data)
            out[p.relative_to(folder).as_posix()] = hashlib.sha256(data).hexdigest()
    return out


def test_adding_an_edition_changes_no_existing_url(tmp_path):
    """Build with 2019 only, record every file, add 2020, rebuild: every 2019 address serves the same bytes, but
    for the notice on each page that a newer edition exists (which leads to the same page in it)."""
    root = copy_project(tmp_path / "project")
    shutil.rmtree(root / "data" / "editions" / "2020")
    build_site(Project.open(root), jobs=2, log=lambda *_: None)
    before = _digests(root / "_build" / "site" / "2019")
    assert "index.html" in before and len(before) > 100
    assert not NEWER_NOTICE.search((root / "_build" / "site" / "2019" / "kenya.html").read_bytes())
    shutil.copytree(ROOT / "data" / "editions" / "2020", root / "data" / "editions" / "2020")
    build_site(Project.open(root), jobs=2, log=lambda *_: None)
    after = _digests(root / "_build" / "site" / "2019", without_notice=True)
    changed = [name for name, digest in before.items() if after.get(name) != digest]
    assert not changed, f"{len(changed)} files of edition 2019 changed, e.g. {changed[:5]}"
    page = BeautifulSoup((root / "_build" / "site" / "2019" / "kenya.html").read_text(encoding="utf-8"), "html.parser")
    notice = page.select_one("div.newer-edition a")
    assert notice is not None and notice["href"] == "../2020/kenya.html"
    assert (root / "_build" / "site" / "2019" / notice["href"]).resolve().is_file()
    assert (root / "_build" / "site" / "2020" / "index.html").is_file()


@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_every_chart_and_table_can_be_downloaded(built_site, edition):
    folder = built_site.site / edition
    charts = tables = 0
    for path in folder.rglob("*.html"):
        if "/assets/" in path.as_posix():
            continue
        soup = _soup(path)
        for figure in soup.select("figure.chart"):
            links = {a.get_text(): a["href"] for a in figure.select("p.downloads a")}
            # Every chart is a ranking, drawn in Kiswahili as well (tests/test_translated_charts.py).
            assert set(links) == {"PNG", "SVG", "data (CSV)", "PNG in Kiswahili", "SVG in Kiswahili"}, path
            for href in links.values():
                assert (path.parent / href).is_file(), href
            charts += 1
        for wrap in soup.select("div.table-wrap"):
            if {"figures-table", "suppression-log"} & set(wrap.table.get("class") or []):
                continue  # published as JSON (figures.json, suppression.json), linked from their pages
            links = {a.get_text(): a["href"] for a in wrap.find_next_sibling("p", class_="downloads").select("a")}
            assert set(links) == {"CSV", "XLSX"}, path
            for href in links.values():
                assert (path.parent / href).is_file(), href
            tables += 1
    assert charts >= 5 and tables >= 20


def test_downloads_name_their_edition_and_licence(built_site):
    data = built_site.site / "2020" / "data"
    rows = list(csv.DictReader((data / "kenya-routes-2020-routes.csv").open(encoding="utf-8")))
    assert len(rows) == 84 and {r["edition"] for r in rows} == {"2020"}
    assert {r["licence"] for r in rows} == {"CC-BY-4.0"}
    assert "organisation" not in rows[0] and "notes" not in rows[0]
    book = load_workbook(data / "kenya-routes-2020-routes.xlsx")
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Edition"].startswith("2020") and about["Licence"].startswith("CC-BY-4.0")
    assert "reconstructed" in about["Status"].lower() and "not figures reported by STTK" in about["Status"]
    figures = json.loads((data / "figures.json").read_text())
    assert figures["edition"] == "2020" and figures["licence"] == "CC-BY-4.0"
    chart_csv = next((built_site.site / "2020" / "assets" / "kenya").glob("*-chart.csv"))
    assert "edition,licence" in chart_csv.read_text().splitlines()[0]
    svg = next((built_site.site / "2020" / "assets" / "kenya").glob("*-chart.svg")).read_text()
    assert "Edition 2020" in svg and "CC-BY-4.0" in svg


def test_the_edition_zip_reads_offline(built_site):
    archive = zipfile.ZipFile(built_site.site / "2020" / "downloads" / "kenya-routes-2020-site.zip")
    names = archive.namelist()
    assert "kenya-routes-2020-site/index.html" in names and "kenya-routes-2020-site/README.txt" in names
    assert not any(n.endswith(".zip") for n in names)
    readme = archive.read("kenya-routes-2020-site/README.txt").decode()
    assert "CC-BY-4.0" in readme and "2020" in readme
    assert {info.date_time for info in archive.infolist()} == {downloads.FIXED_TIME}


def test_published_figures_resolve_to_anchors_and_permalinks(built_site):
    for edition in ("2019", "2020"):
        figures = json.loads((built_site.site / edition / "data" / "figures.json").read_text())["figures"]
        pages = {}
        for figure in figures:
            assert figure["permalink"].startswith(SITE_URL + "/")
            page, anchor = figure["permalink"][len(SITE_URL) + 1 :].split("#")
            assert page == f"{edition}/{figure['page']}.html"
            soup = pages.setdefault(page, _soup(built_site.site / page))
            assert soup.find(id=anchor) is not None, figure["id"]
            if figure["citable"]:
                assert edition in figure["citation"]["text"] and figure["permalink"] in figure["citation"]["text"]


def test_only_reported_figures_are_offered_for_citation(built_site):
    soup = _soup(built_site.site / "2020" / "overview.html")
    assert "fig-reported" in soup.find(id="fig-routes-total")["class"]
    assert "fig-reported" in soup.find(id="fig-countries-total")["class"]  # the report's 34, cited as the report's
    assert "cite-reconstructed" in soup.find(id="fig-estimated-cases-total").find_next("a")["class"]
    listing = _soup(built_site.site / "2020" / "figures.html")
    assert listing.find(id="cite-routes-total").find("q") is not None
    assert listing.find(id="cite-estimated-cases-total").find("q") is None
    assert listing.find(id="illustrative") is not None


def test_cite_page_gives_text_and_bibtex(built_site):
    soup = _soup(built_site.site / "2020" / "cite.html")
    text = soup.get_text()
    assert "Stop the Traffik Kenya and Freedom Collaborative (2020)" in text
    assert "@misc{kenya_routes_2020" in text and "Changelog and errata" in text


def test_what_changed_lists_exactly_the_new_locations_of_the_report(built_site):
    soup = _soup(built_site.site / "2020" / "changes.html")
    for mark in soup.select("sup.prov-mark, .sr-only"):
        mark.decompose()
    assert soup.find(id="fig-new-origin-countries").get_text() == "Finland and Somaliland"
    assert soup.find(id="fig-new-destination-countries").get_text() == (
        # A reported figure is shown as the report prints it, in its order.
        "Ethiopia, Namibia, Thailand, Turkey, Greece, Italy, Netherlands and Rwanda"
    )
    assert "first edition" in _soup(built_site.site / "2019" / "changes.html").get_text()


def test_errata_are_shown(site_context_with_erratum):
    # Markdown source: values are escaped, and read as "2026-12-01" once rendered.
    assert "- **2026\\-12\\-01**: Corrected the estimate of row 12\\." in site_context_with_erratum


@pytest.fixture
def site_context_with_erratum(built_site):
    from kenya_routes.prepare import prepared
    from kenya_routes.render import markdown as templating

    data = prepared.load(built_site.site.parent / "prepared" / "2020")
    data.edition["errata"] = [{"date": "2026-12-01", "description": "Corrected the estimate of row 12."}]
    return templating.render((ROOT / "book" / "cite.md").read_text(), templating.context(data, "cite"))


def test_download_cells_cannot_run_as_formulas():
    assert downloads.neutralise("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert downloads.neutralise("\tx") == "'\tx" and downloads.neutralise("-3") == "-3"


def test_workbooks_keep_every_cell_as_its_value_and_are_byte_for_byte_repeatable():
    import io

    import pandas as pd

    meta = {
        "id": "2020",
        "short_title": "2020",
        "title": "Routes 2020",
        "publisher": "STT Kenya",
        "licence": "CC-BY-4.0",
        "licence_url": "",
        "status": "reconstructed",
        "citation": "Cite me",
    }
    frame = pd.DataFrame(
        {
            "destination": ['=HYPERLINK("http://x")', "Dubai", None],
            "cases": pd.array([12, None, 3], dtype="Int64"),
            "transit": [["Nairobi", "Addis Ababa"], [], ["+254 Mombasa"]],
        }
    )
    first = downloads.xlsx_bytes(frame, meta, sheet="Routes")
    assert first == downloads.xlsx_bytes(frame, meta, sheet="Routes")
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {downloads.FIXED_TIME}
    book = load_workbook(io.BytesIO(first))
    rows = list(book["Routes"].iter_rows(values_only=True))
    assert rows[0] == ("destination", "cases", "transit", "edition", "licence", "provenance")
    assert rows[1] == ('\'=HYPERLINK("http://x")', 12, "Nairobi; Addis Ababa", "2020", "CC-BY-4.0", "reconstructed")
    assert rows[2][:2] == ("Dubai", None) and rows[3][0] is None and rows[3][1] == 3
    assert rows[3][2] == "'+254 Mombasa"
    assert all(cell.data_type != "f" for row in book["Routes"].iter_rows() for cell in row)
    assert dict(book["About"].iter_rows(values_only=True))["Cite as"] == "Cite me"


def test_text_columns_of_any_dtype_are_neutralised_in_downloads():
    import pandas as pd

    meta = {"id": "2020", "licence": "CC-BY-4.0", "status": "submitted"}
    frame = pd.DataFrame(
        {
            "label": pd.array(["@SUM(A1)", "=1+1", "Nairobi"], dtype="string"),
            "text": pd.Series(["+cmd", "ok", "-x"], dtype=object),
        }
    )
    frame["derived"] = frame["label"].astype("str")
    rows = list(csv.reader(downloads.csv_bytes(frame, meta).decode().splitlines()))
    assert rows[1][:3] == ["'@SUM(A1)", "'+cmd", "'@SUM(A1)"] and rows[2][:3] == ["'=1+1", "ok", "'=1+1"]
    assert rows[3][:3] == ["Nairobi", "'-x", "Nairobi"]
