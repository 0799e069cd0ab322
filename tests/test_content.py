"""What the pages say, rendered from the shipped editions without building the site: the report's sections
each marked once on their page, recommendations backed only by stated figures in a reconstructed edition,
no text slips, plurals that agree with their numbers."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup

from kenya_routes.inputs.report import read_sections
from kenya_routes.prepare import prepared
from kenya_routes.render import markdown

from .conftest import ROOT, SHIPPED

# Source of each page and the region it is rendered for (the region pages are one notebook per region).
SOURCES = {
    "index": ("book/index.md", None),
    "regions": ("book/regions.md", None),
    "overview": ("notebooks/overview.ipynb", None),
    "methodology": ("notebooks/methodology.ipynb", None),
    "kenya": ("notebooks/kenya.ipynb", None),
    "transit": ("notebooks/transit.ipynb", None),
    "transport": ("notebooks/transport.ipynb", None),
    "industries": ("notebooks/industries.ipynb", None),
    "recruitment": ("notebooks/recruitment.ipynb", None),
    "recommendations": ("notebooks/recommendations.ipynb", None),
    "changes": ("notebooks/changes.ipynb", None),
    "regions/europe": ("notebooks/region.ipynb", "europe"),
    "regions/east-africa": ("notebooks/region.ipynb", "east-africa"),
    "regions/other": ("notebooks/other-regions.ipynb", "north-africa"),
}


@pytest.fixture(scope="module")
def editions(route_data, tmp_path_factory):
    root = tmp_path_factory.mktemp("prepared")
    out, previous = {}, None
    for edition_id, data in route_data.items():
        folder = prepared.write(prepared.prepare_edition(data, previous, {}, SHIPPED.settings), root / edition_id)
        out[edition_id] = prepared.load(folder)
        previous = data
    return out


def _render(data, page: str) -> str:
    source, region = SOURCES[page]
    values = markdown.context(data, page, region)
    path = ROOT / source
    if path.suffix == ".md":
        return markdown.render(path.read_text(encoding="utf-8"), values)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n\n".join(markdown.render("".join(c["source"]), values) for c in cells if c["cell_type"] == "markdown")


def _text(rendered: str) -> str:
    """The words a reader sees: marks, screen-reader words and Markdown escapes set aside."""
    soup = BeautifulSoup(rendered, "html.parser")
    for hidden in soup.select("sup.prov-mark, .sr-only, .data-note"):
        hidden.decompose()
    for block in soup.find_all(["p", "div", "li"]):
        block.append("\n")
    return soup.get_text().replace("\\", "")


@pytest.fixture(scope="module")
def pages(editions):
    return {
        (edition_id, page): _render(data, page)
        for edition_id, data in editions.items()
        for page in SOURCES
        if not page.startswith("regions/") or page.removeprefix("regions/") in {s for _, s in data.regions} | {"other"}
    }


def test_every_section_of_the_report_is_marked_once_on_its_page(pages):
    sections = read_sections(ROOT / "data" / "editions" / "2020").sections
    assert len(sections) >= 30
    for section in sections:
        marked = [
            page for (edition, page), text in pages.items() if edition == "2020" and f'id="{section.anchor}"' in text
        ]
        assert marked == [section.page], f"{section.id}: marked on {marked}, belongs on {section.page}"


def test_an_edition_without_a_coverage_file_shows_no_report_marks(pages):
    assert not any("report-section" in text for (edition, _), text in pages.items() if edition == "2019")


def test_a_page_that_marks_a_section_the_file_lacks_stops(editions):
    values = markdown.context(editions["2020"], "transit")
    with pytest.raises(KeyError, match="no-such-section"):
        markdown.render('{{ report("no-such-section") }}', values)
    with pytest.raises(ValueError, match="on page 'overview'"):
        markdown.render('{{ report("data-summary") }}', values)


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ("transit", ["false documents"]),
        (
            "recruitment",
            ["Dadaab", "corrective surgery", "organs", "Pressure from family", "Gulf", "lied to about pay"],
        ),
        ("regions", ["Helsinki", "Finnish Embassy", "by road to an airport", "Libya"]),
        ("transport", ["Jomo Kenyatta International Airport", "Mombasa", "by road"]),
        (
            "recommendations",
            [
                "Candle of Hope",
                "money laundering",
                "Counter Trafficking in Persons Secretariat",
                "Counter Trafficking in Persons Advisory Committee",
                "TOCU",
                "AHTCPU",
                "Border Management Secretariat",
                "National Coordination Mechanism for Migration",
            ],
        ),
    ],
)
def test_the_reports_findings_are_on_their_pages(pages, page, words):
    text = _text(pages[("2020", page)])
    for word in words:
        assert word in text, f"{page}: {word!r} missing"


def test_industries_say_foreign_and_kenyan_victims_are_exploited_in_kenya(pages):
    text = _text(pages[("2020", "industries")])
    assert "Both foreign and Kenyan victims are exploited in Kenya" in text
    assert "only for foreign victims" not in text


@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_recommendations_of_a_reconstructed_edition_rest_on_stated_figures_only(pages, editions, edition):
    assert editions[edition].edition["status"] == "reconstructed"
    soup = BeautifulSoup(pages[(edition, "recommendations")], "html.parser")
    marks = soup.select("a.fig")
    if edition == "2020":
        assert len(marks) >= 10
    for mark in marks:
        assert "fig-reported" in mark["class"], mark


def test_recommendations_do_not_rank_places_by_reconstructed_counts():
    cells = json.loads((ROOT / "notebooks" / "recommendations.ipynb").read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        code = "".join(cell["source"])
        if cell["cell_type"] == "code" and "page.table(" in code:
            assert code.startswith("if computed:"), code


SLIPS = [
    (re.compile(r"\b1 (submissions|routes|organisations|countries|places|airlines)\b"), "a plural after 1"),
    (re.compile(r"\bbetween [A-Z][A-Za-z ]* to [A-Z]"), "'between X to Y'"),
    (re.compile(r"[a-z)\]]\.[A-Z]"), "two sentences run together"),
    (re.compile(r"\(s\)"), "a plural by hand"),
]


def test_no_text_slips(pages):
    for (edition, page), rendered in pages.items():
        text = _text(rendered)
        for pattern, what in SLIPS:
            found = pattern.search(text)
            assert found is None, f"{edition}/{page}: {what}: {text[max(0, found.start() - 40) : found.end() + 40]!r}"


def test_a_corridor_of_one_route_reads_in_the_singular(pages):
    text = _text(pages[("2020", "regions")])
    assert re.search(r"\b1 submission: Finland to Ethiopia", text), text


def test_pages_mark_sections_with_blank_lines_around(pages):
    """A section's mark is an HTML block: Markdown right after it would be swallowed into it."""
    for (edition, page), rendered in pages.items():
        for line_after in re.findall(r'<div class="report-section"[^\n]*\n([^\n]*)', rendered):
            assert line_after.strip() == "", f"{edition}/{page}: text right after a section mark"


def test_the_coverage_file_names_pages_of_the_book():
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for section in read_sections(ROOT / "data" / "editions" / "2020").sections:
        assert f"book/{section.page}" in toc or section.page == "index", section.page


def test_findings_quote_only_words_that_carry_a_figure():
    """Findings are in the site's words: no quotation marks around the report's words (figures are marked
    on their pages with their location instead)."""
    for section in read_sections(ROOT / "data" / "editions" / "2020").sections:
        for finding in section.findings:
            assert not re.search(r"[\"“”]", finding), section.id
