"""Fact sheets: one A4 page per region chapter and for Kenya, accessible, true to the pages, safe.

The PDFs are read with poppler's tools (pdfinfo, pdffonts, pdftotext, pdftoppm), which `make test`
installs, and with pypdf for what poppler does not print (the document's language).
"""

from __future__ import annotations

import copy
import html
import io
import re
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from kenya_routes.inputs.reference import load_reference
from kenya_routes.prepare import prepared, scan
from kenya_routes.prepare.formatting import format_value
from kenya_routes.publish import sheets
from kenya_routes.render import citations, factsheets

from .conftest import SHIPPED, SITE_URL

BASEMAP = SHIPPED.root / sheets.BASEMAP
MADE = date(2026, 12, 2)
MAX_BYTES = 300 * 1024
A4_POINTS = (595.28, 841.89)


@pytest.fixture(scope="module")
def reference():
    return load_reference(SHIPPED.reference_dir)


def _tool(*command: str) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, f"{command[0]} failed: {result.stderr}"
    return result.stdout


def _words(text: str) -> str:
    """Text with every run of white space as one space (a value wraps over lines on the sheet)."""
    return re.sub(r"\s+", " ", text).strip()


def _sheet(data, reference, key: str) -> factsheets.Sheet:
    return next(sheet for sheet in factsheets.plan(data) if sheet.key == key)


# --- what the sheets are ------------------------------------------------------------------------


def test_an_edition_has_a_sheet_for_kenya_each_region_page_and_the_other_regions(edition_2020):
    planned = {sheet.key: sheet.page for sheet in factsheets.plan(edition_2020)}
    assert planned == {
        "kenya": "kenya",
        "east-africa": "regions/east-africa",
        "middle-east-gulf": "regions/middle-east-gulf",
        "europe": "regions/europe",
        "asia": "regions/asia",
        "other": "regions/other",
    }


def test_a_reconstructed_edition_s_sheet_lists_only_reported_figures_and_marks_its_counts(edition_2020, reference):
    layout, images = factsheets.contents(
        edition_2020, reference, _sheet(edition_2020, reference, "kenya"), BASEMAP, MADE
    )
    shown = {item["label"] for item in layout["figures"]}
    # Kenya as origin and destination (its page), and as a country of transit (the transit page).
    of_kenya = [f for f in edition_2020.figures.values() if f["page"] in ("kenya", "transit")]
    reported = {f["label"] for f in of_kenya if f["provenance"] == "reported"}
    reconstructed = {f["label"] for f in of_kenya if f["provenance"] == "reconstructed"}
    assert "Transit locations" in " ".join(reported) or any("transit" in label.lower() for label in reported)
    assert shown == reported and not shown & reconstructed
    assert all(item["mark"] == "R" for item in layout["figures"])
    assert all(column.endswith("†") for column in layout["table"]["columns"][1:])
    assert "Reconstructed" in layout["notice_title"] and layout["notice"]
    assert "Reconstructed data, illustrative" in images["chart"]
    assert layout["link_url"] == f"{SITE_URL}/2020/kenya.html"
    # The recommendations the coverage file gives this sheet, in the project's words.
    assert [item["heading"] for item in layout["recommendations"]] == [
        "Identification of exploitation 'hubs' and locations of activity",
        "Strengthening and coordination of prevention efforts",
        "Industry engagement",
        "Stakeholder dialogue",
    ]


def test_without_the_site_s_address_a_sheet_says_so_and_has_no_qr_code(edition_2020, reference):
    data = copy.copy(edition_2020)
    data.settings = dict(edition_2020.settings, site_url="")
    layout, images = factsheets.contents(data, reference, _sheet(data, reference, "europe"), BASEMAP, MADE)
    assert "qr" not in images and layout["link_url"] == ""
    assert layout["link_text"].startswith("2020/regions/europe.html on the site")


# --- data is never code -------------------------------------------------------------------------

TYPST_PAYLOADS = [
    '#panic("typst code ran")',
    '#read("/etc/passwd")',
    "*bold* _emph_ $x^2$ `raw` <label> @ref",
    '] #{ "x" } [',
    "= A heading",
    '\\#" \\u{41}',
]


@pytest.mark.parametrize("payload", TYPST_PAYLOADS)
def test_a_value_is_shown_as_text_never_read_as_typst(edition_2020, reference, payload):
    data = copy.copy(edition_2020)
    data.figures = copy.deepcopy(edition_2020.figures)
    target = next(f for f in data.figures.values() if f["page"] == "regions/europe" and f["provenance"] == "reported")
    target["label"] = f"Label {payload} end"
    sheet = _sheet(data, reference, "europe")
    pdf = factsheets.make(data, reference, sheet, BASEMAP, MADE)
    text = _words(factsheets.text_of(pdf))
    assert _words(f"Label {payload} end") in text


def test_a_personal_detail_on_a_sheet_stops_it(edition_2020, reference, tmp_path):
    data = copy.copy(edition_2020)
    data.figures = copy.deepcopy(edition_2020.figures)
    target = next(f for f in data.figures.values() if f["page"] == "regions/asia" and f["provenance"] == "reported")
    target["label"] = "Call Mrs Wanjiru on +254 712 345 678"
    folder = prepared.write(data, tmp_path / "prepared" / "2020")
    sheet = _sheet(data, reference, "asia")
    job = sheets.Job("2020", sheet, folder, SHIPPED.reference_dir, BASEMAP, tmp_path / "out" / "sheet.pdf", MADE)
    found = sheets.make(job)
    messages = " ".join(problem.message for problem in found)
    assert "a phone number" in messages and "personal name" in messages
    assert all(problem.rule == "no-personal-details-published" for problem in found)
    assert not job.target.exists(), "a sheet with a personal detail was written"


def test_the_sheet_s_own_addresses_are_not_personal_details(edition_2020, reference):
    sheet = _sheet(edition_2020, reference, "kenya")
    text = factsheets.text_of(factsheets.make(edition_2020, reference, sheet, BASEMAP, MADE))
    assert scan.scan_text(edition_2020, reference, "sheet", text, factsheets.addresses(edition_2020, sheet)) == []
    # ... but only those: the same text with another address is reported.
    assert scan.scan_text(
        edition_2020, reference, "sheet", text + "\nsee www.example.com", factsheets.addresses(edition_2020, sheet)
    )


def test_a_long_list_is_cut_on_the_sheet_which_says_how_many_more_the_page_lists(edition_2020, reference):
    data = copy.copy(edition_2020)
    data.figures = copy.deepcopy(edition_2020.figures)
    target = next(f for f in data.figures.values() if f["page"] == "kenya" and isinstance(f["value"], list))
    target["value"] = [f"Place {n}" for n in range(60)]
    layout, _ = factsheets.contents(data, reference, _sheet(data, reference, "kenya"), BASEMAP, MADE)
    shown = next(item["value"] for item in layout["figures"] if item["label"] == target["label"])
    assert shown.endswith("and 40 more (listed on the page)")
    pdf = factsheets.make(data, reference, _sheet(data, reference, "kenya"), BASEMAP, MADE)
    assert factsheets.pages(pdf) == 1


# --- the built sheets, as readers get them ------------------------------------------------------


def _built_sheets(built_site, code: str = "en") -> list[tuple[str, Path]]:
    """The built sheets in one language: English's files have no language code, the others end in it."""
    found = []
    for edition in built_site.editions:
        for path in sorted((built_site.site / edition / "factsheets").glob("*.pdf")):
            if path.stem.endswith("-sw") == (code == "sw"):
                found.append((edition, path))
    return found


def _page_values(page_html: str) -> dict[str, str]:
    """Each figure's value as its page shows it: the text of its anchor, without the provenance mark."""
    values = {}
    # In the page's text, or in its table of the figures the text does not give.
    marks = re.findall(r'<a class="fig [^"]*" id="fig-([^"]+)"[^>]*>(.*?)</a>', page_html, re.S)
    rows = re.findall(r'<tr id="fig-([^"]+)">.*?<td class="prov-[^"]*" data-label="value">(.*?)</td>', page_html, re.S)
    for figure_id, inner in marks + rows:
        inner = re.sub(r'<sup class="prov-mark.*', "", inner, flags=re.S)
        values[figure_id] = _words(html.unescape(re.sub(r"<[^>]+>", "", inner)).replace("\\", ""))
    return values


@pytest.mark.build
def test_every_sheet_is_one_accessible_a4_page_with_embedded_fonts(built_site):
    built = _built_sheets(built_site)
    assert {edition for edition, _ in built} == {"2019", "2020"}
    assert len([p for e, p in built if e == "2020"]) == 6
    for _, path in built:
        info = dict(line.split(":", 1) for line in _tool("pdfinfo", str(path)).splitlines() if ":" in line)
        info = {key.strip(): value.strip() for key, value in info.items()}
        assert info["Pages"] == "1", path.name
        width, height = (float(n) for n in re.findall(r"[\d.]+", info["Page size"])[:2])
        assert (round(width, 1), round(height, 1)) == (round(A4_POINTS[0], 1), round(A4_POINTS[1], 1)), path.name
        assert info["Title"].startswith("Fact sheet: "), path.name
        assert info["Tagged"] == "yes", path.name
        assert info.get("Subject"), path.name
        assert PdfReader(path).trailer["/Root"]["/Lang"] == "en-GB", path.name
        fonts = _tool("pdffonts", str(path)).splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), f"{path.name}: a font is not embedded"
        assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
        _tool("pdftoppm", "-r", "40", "-png", "-singlefile", str(path), str(path.parent.parent.parent / "render-check"))


@pytest.mark.build
def test_each_sheet_gives_its_page_s_figures_as_the_page_shows_them_and_its_permalink(built_site):
    checked = dict.fromkeys(built_site.editions, 0)
    for edition, path in _built_sheets(built_site):
        data = prepared.load(built_site.site.parent / "prepared" / edition)
        sheet = next(s for s in factsheets.plan(data) if s.file_name(data.edition) == path.name)
        text = _words(_tool("pdftotext", str(path), "-"))
        page_values = {
            page: _page_values((built_site.site / edition / f"{page}.html").read_text(encoding="utf-8"))
            for page in sheet.figure_pages
        }
        for figure in data.figures.values():
            if figure["page"] not in sheet.figure_pages or figure["provenance"] == "reconstructed":
                continue
            # The page gives the value alone ("43") or with its unit ("18 places"); the sheet, under its
            # label, with its unit.
            shown = page_values[figure["page"]][figure["id"]]
            value = _words(citations.value_text(figure))
            assert shown in (_words(format_value(figure["value"], figure["unit"])), value), figure["id"]
            # pdftotext may put a map label between the two, as it reads the page by its layout.
            label = _words(figure["label"])
            assert label in text, f"{path.name} lacks the label of {figure['id']}"
            after = text[text.index(label) + len(label) :][: len(value) + 160]
            assert value in after, f"{path.name} lacks {figure['id']} under its label as shown: {value}"
            checked[edition] += 1
        assert f"{SITE_URL}/{edition}/{sheet.page}.html" in text
        assert "Made on " in text and "Licence" in text
    # Every reported figure of 2020's Kenya and region pages (2019's report states fewer).
    assert checked["2020"] >= 20 and checked["2019"] >= 1, checked


@pytest.mark.build
def test_pages_and_the_downloads_page_link_each_sheet_with_its_size_and_the_offline_zip_holds_them(built_site):
    for edition, path in _built_sheets(built_site):
        data = prepared.load(built_site.site.parent / "prepared" / edition)
        sheet = next(s for s in factsheets.plan(data) if s.file_name(data.edition) == path.name)
        size = f"{max(1, round(path.stat().st_size / 1024))} KB"
        page = (built_site.site / edition / f"{sheet.page}.html").read_text(encoding="utf-8")
        to_root = "../" * sheet.page.count("/")
        link = f'href="{to_root}factsheets/{path.name}" download>Fact sheet: {html.escape(sheet.name, False)}</a>'
        assert f"{link} (PDF, {size})" in page
        downloads = (built_site.site / edition / "downloads.html").read_text(encoding="utf-8")
        assert f'href="factsheets/{path.name}" download>' in downloads and f"(PDF, {size})" in downloads
        offline = next((built_site.site / edition / "downloads").glob("*-site.zip"))
        with zipfile.ZipFile(offline) as archive:
            assert any(name.endswith(f"/factsheets/{path.name}") for name in archive.namelist()), path.name


@pytest.mark.build
def test_a_build_without_fact_sheets_links_none(built_site, tmp_path):
    """What the benchmark measures against: the same site without the sheets."""
    from kenya_routes.inputs.project import Project
    from kenya_routes.publish.build import build_site

    from .conftest import BUILD_ENVIRON, copy_project

    root = copy_project(tmp_path / "project")
    shutil.copytree(built_site.site.parent / "cache", root / "_build" / "cache")
    result = build_site(
        Project.open(root, BUILD_ENVIRON), edition_ids=["2020"], jobs=2, log=lambda *_: None, fact_sheets=False
    )
    assert not (result.site / "2020" / "factsheets").exists()
    assert "Fact sheet" not in (result.site / "2020" / "regions" / "europe.html").read_text(encoding="utf-8")
    assert "This build of the site made no fact sheet." in (result.site / "2020" / "downloads.html").read_text(
        encoding="utf-8"
    )
    with zipfile.ZipFile(
        io.BytesIO((result.site / "2020" / "downloads" / "kenya-routes-2020-site.zip").read_bytes())
    ) as z:
        assert not any("/factsheets/" in name for name in z.namelist())
    # The route table is still published in Kiswahili: it needs the catalogue, not the sheets.
    assert (result.site / "2020" / "data" / "kenya-routes-2020-routes-sw.xlsx").is_file()


def test_a_page_with_more_figures_than_a_page_holds_still_gets_one_page_that_says_so(edition_2020, reference):
    data = copy.copy(edition_2020)
    data.figures = copy.deepcopy(edition_2020.figures)
    template = next(f for f in data.figures.values() if f["page"] == "regions/europe" and f["provenance"] == "reported")
    for number in range(40):
        data.figures[f"extra-{number}"] = dict(
            template,
            id=f"extra-{number}",
            label=f"Extra figure {number} of this region",
            value=[f"Town {n}" for n in range(15)],
        )
    pdf = factsheets.make(data, reference, _sheet(data, reference, "europe"), BASEMAP, MADE)
    assert factsheets.pages(pdf) == 1
    assert "the page gives them all" in _words(factsheets.text_of(pdf))


POOL_AFTER_A_CHART = """
import sys
from datetime import date
from pathlib import Path

import altair as alt
import pandas as pd

from kenya_routes.prepare import prepared
from kenya_routes.publish import sheets
from kenya_routes.publish.progress import Step
from kenya_routes.render import charts, factsheets

if __name__ == "__main__":
    folder, reference, basemap, out = (Path(p) for p in sys.argv[1:5])
    # This process has drawn a chart: vl-convert's threads are running, as in a test run or a notebook.
    charts.svg(alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a"))
    data = prepared.load(folder)
    jobs = [
        sheets.Job("2020", sheet, folder, reference, basemap, out / sheet.file_name(data.edition), date(2026, 12, 2))
        for sheet in factsheets.plan(data)
    ]
    assert sheets._run(jobs, 2, Step()) == []
"""


def test_sheets_are_made_in_parallel_by_a_process_that_has_drawn_a_chart(edition_2020, tmp_path):
    """Forked workers inherited vl-convert's threads' locks and waited forever; workers are spawned."""
    folder = prepared.write(edition_2020, tmp_path / "prepared" / "2020")
    script = tmp_path / "pool.py"
    script.write_text(POOL_AFTER_A_CHART, encoding="utf-8")
    out = tmp_path / "sheets"
    arguments = [str(folder), str(SHIPPED.reference_dir), str(BASEMAP), str(out)]
    result = subprocess.run([sys.executable, str(script), *arguments], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(list(out.glob("*.pdf"))) == len(factsheets.plan(edition_2020))


def test_a_sheet_without_a_route_to_draw_says_so(edition_2020, reference):
    data = copy.copy(edition_2020)
    routes = edition_2020.routes
    data.routes = routes[(routes["origin_country"] != "KEN") & (routes["destination_country"] != "KEN")]
    pdf = factsheets.make(data, reference, _sheet(data, reference, "kenya"), BASEMAP, MADE)
    text = _words(factsheets.text_of(pdf))
    assert factsheets.pages(pdf) == 1
    assert "No route of this sheet can be drawn." in text and "No route of this edition falls here." in text


def _grey_page(pdf: Path, folder: Path):
    """The sheet rendered by pdftoppm at 150 dpi, in greys, as an array of pixels (PGM is a header and bytes)."""
    import numpy as np

    _tool("pdftoppm", "-r", "150", "-gray", "-singlefile", str(pdf), str(folder / pdf.stem))
    raw = (folder / f"{pdf.stem}.pgm").read_bytes()
    magic, width, height, depth, pixels = raw.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    return np.frombuffer(pixels[: int(width) * int(height)], dtype=np.uint8).reshape(int(height), int(width))


@pytest.mark.build
def test_each_sheet_s_qr_code_leads_to_its_page_on_the_site(built_site, tmp_path):
    """Read as a phone reads it: the printed code gives the permanent link, and the link is a page of the site."""
    import zxingcpp

    for edition, path in _built_sheets(built_site):
        data = prepared.load(built_site.site.parent / "prepared" / edition)
        sheet = next(s for s in factsheets.plan(data) if s.file_name(data.edition) == path.name)
        codes = [code.text for code in zxingcpp.read_barcodes(_grey_page(path, tmp_path))]
        link = f"{SITE_URL}/{edition}/{sheet.page}.html"
        assert codes == [link], path.name
        assert (built_site.site / link.removeprefix(f"{SITE_URL}/")).is_file(), link


def test_a_sheet_that_cannot_fit_one_page_stops_with_its_name(edition_2020, reference, monkeypatch):
    monkeypatch.setattr(factsheets, "FITS", (factsheets.Fit(40.0, 8, True, 8.5, None),))
    with pytest.raises(
        factsheets.FactSheetError, match=r"Fact sheet Kenya \(English\) of edition 2020 does not fit one A4 page"
    ):
        factsheets.make(edition_2020, reference, _sheet(edition_2020, reference, "kenya"), BASEMAP, MADE)


@pytest.mark.build
def test_every_kiswahili_sheet_is_an_accessible_a4_page_linked_from_its_page_and_the_downloads(built_site, tmp_path):
    """The same sheets in Kiswahili: declared as such, fonts embedded, the same QR code, linked in both places."""
    import zxingcpp

    from kenya_routes.render import language

    swahili = language.load("sw", SHIPPED.locales_dir)
    reference = load_reference(SHIPPED.reference_dir)
    built = _built_sheets(built_site, "sw")
    assert len(built) == len(_built_sheets(built_site)) and len([p for e, p in built if e == "2020"]) == 6
    for edition, path in built:
        data = prepared.load(built_site.site.parent / "prepared" / edition)
        sheet = next(s for s in factsheets.plan(data) if s.file_name(data.edition, "sw") == path.name)
        info = dict(line.split(":", 1) for line in _tool("pdfinfo", str(path)).splitlines() if ":" in line)
        assert info["Pages"].strip() == "1" and info["Tagged"].strip() == "yes", path.name
        assert info["Title"].strip().startswith("Karatasi ya ukweli: "), path.name
        assert PdfReader(path).trailer["/Root"]["/Lang"] == "sw-KE", path.name
        fonts = _tool("pdffonts", str(path)).splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts), f"{path.name}: a font is not embedded"
        assert path.stat().st_size <= MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"
        text = _words(_tool("pdftotext", str(path), "-"))
        assert "Muungano bado haujapitia tafsiri hii" in text and "Fact sheet" not in text, path.name
        codes = [code.text for code in zxingcpp.read_barcodes(_grey_page(path, tmp_path))]
        assert codes == [f"{SITE_URL}/{edition}/{sheet.page}.html"], path.name
        size = f"{max(1, round(path.stat().st_size / 1024))} KB"
        title = html.escape(f"Karatasi ya ukweli: {sheet.name_in(swahili, reference)}", False)
        page = (built_site.site / edition / f"{sheet.page}.html").read_text(encoding="utf-8")
        to_root = "../" * sheet.page.count("/")
        link = f'href="{to_root}factsheets/{path.name}" hreflang="sw" lang="sw" download>{title}</a>'
        assert f"In Kiswahili: <a {link} (PDF, {size}; a translation the coalition has not reviewed yet)" in page
        downloads = (built_site.site / edition / "downloads.html").read_text(encoding="utf-8")
        assert f'href="factsheets/{path.name}" hreflang="sw" lang="sw" download>{title}</a>' in downloads
