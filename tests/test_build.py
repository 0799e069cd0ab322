"""End-to-end: the whole site built from the shipped data, checked page by page."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil

import nbformat
import pytest
from bs4 import BeautifulSoup

from kenya_routes.inputs.project import Project
from kenya_routes.prepare import prepared
from kenya_routes.publish.build import BuildError, build_site

from .conftest import copy_project
from .site_checks import map_document

pytestmark = pytest.mark.build

CHAPTERS = [
    "index",
    "overview",
    "methodology",
    "quality",
    "changes",
    "kenya",
    "transit",
    "regions",
    "transport",
    "industries",
    "recruitment",
    "recommendations",
]


def _page(site, edition, name):
    path = site / edition / f"{name}.html"
    assert path.is_file(), f"{edition}/{name}.html is missing"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _data(built_site, edition):
    return prepared.load(built_site.site.parent / "prepared" / edition)


def _figure_number(anchor) -> int:
    """The number a figure's anchor shows, without its provenance mark and screen-reader words."""
    for mark in anchor.select("sup.prov-mark, .sr-only"):
        mark.decompose()
    return int(re.match(r"[\d,]+", anchor.get_text()).group(0).replace(",", ""))


def _map_routes(site, edition, page_name, soup):
    """Route labels a page's map draws, read from what its lines hand to Leaflet."""
    frame = soup.select_one("figure.route-map iframe")
    assert frame is not None and frame.get("title"), f"{page_name} has no titled map"
    depth = page_name.count("/")
    target = ((site / edition / page_name).parent / frame["src"]).resolve()
    text = map_document(target)
    assert "L.polyline(" in text
    popups = [json.loads(m) for m in re.findall(r'\.bindPopup\(("(?:[^"\\]|\\.)*")', text)]
    labels = set()
    for popup in popups:
        cell = BeautifulSoup(popup, "html.parser").find("th", string="Routes").find_next("td")
        labels |= {html.unescape(part) for part in cell.decode_contents().split("<br/>")}
    return labels, depth


@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_every_chapter_page_exists(built_site, edition):
    for name in CHAPTERS:
        soup = _page(built_site.site, edition, name)
        assert soup.find("h1"), name
    data = _data(built_site, edition)
    for _, slug in data.region_pages:
        _page(built_site.site, edition, f"regions/{slug}")
    assert data.other_regions, "the shipped editions have regions of fewer routes than the minimum"
    assert _page(built_site.site, edition, "regions/other").find("h1").get_text().startswith("Other regions")


def test_site_root_leads_to_the_newest_edition(built_site):
    text = (built_site.site / "index.html").read_text()
    assert "url=2020/index.html" in text


@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_region_maps_draw_every_route_and_no_route_is_left_out(built_site, edition):
    """Every route is on exactly one region page, or one section of the Other regions page."""
    data = _data(built_site, edition)
    minimum = data.settings["region_minimum_routes"]
    covered = set()
    counted = 0
    for _, slug in data.region_pages:
        page = f"regions/{slug}"
        soup = _page(built_site.site, edition, page)
        drawn, _ = _map_routes(built_site.site, edition, page, soup)
        expected = set(data.region_routes(slug)["route_label"])
        assert drawn == expected, f"{page}: missing {expected - drawn}, extra {drawn - expected}"
        assert len(data.region_routes(slug)) >= minimum
        covered |= drawn
        shown = int(re.search(r"shows the ([\d,]+) route submissions?", soup.get_text()).group(1).replace(",", ""))
        assert shown == len(data.region_routes(slug))
        counted += shown
        for corridor in data.region_routes(slug)["corridor"].unique():
            anchor = soup.find(id=f"fig-corridor-{corridor}-routes")
            assert anchor is not None, f"{page}: corridor {corridor} has no figure"
            assert _figure_number(anchor) == data.value(f"corridor-{corridor}-routes")

    # The regions of fewer routes: one map of all their routes, one section each.
    soup = _page(built_site.site, edition, "regions/other")
    drawn, _ = _map_routes(built_site.site, edition, "regions/other", soup)
    expected = set()
    for name, slug in data.other_regions:
        routes = data.region_routes(slug)
        assert 0 < len(routes) < minimum
        expected |= set(routes["route_label"])
        section = soup.find(id=f"region-{slug}")
        assert section is not None, f"regions/other: no section for {name}"
        section = section if section.name == "section" else section.find_parent("section")
        assert section.find("h2").get_text().startswith(name)
        words = re.search(r"([\d,]+) route submissions? leads? to", section.get_text())
        assert int(words.group(1)) == len(routes)
        counted += len(routes)
        listed = {
            tr.find(["th", "td"]).get_text() for tr in section.find("table", id=f"table-{slug}-route-list").tbody("tr")
        }
        assert listed == set(routes["route_label"])
        for corridor in routes["corridor"].unique():
            anchor = section.find(id=f"fig-corridor-{corridor}-routes")
            assert anchor is not None and _figure_number(anchor) == data.value(f"corridor-{corridor}-routes")
            assert data.figures[f"corridor-{corridor}-routes"]["permalink"].endswith(
                f"regions/other.html#fig-corridor-{corridor}-routes"
            )
        # The region's own address leads to its section.
        moved = (built_site.site / edition / "regions" / f"{slug}.html").read_text(encoding="utf-8")
        assert f'url=other.html#region-{slug}"' in moved
    assert drawn == expected, f"regions/other: missing {expected - drawn}, extra {drawn - expected}"
    covered |= drawn
    assert covered == set(data.routes["route_label"])
    assert counted == len(data.routes)


def test_airline_table_has_a_row_per_airline_and_route(built_site):
    soup = _page(built_site.site, "2020", "transport")
    table = soup.find("table", id="table-airlines")
    rows = [
        (tr.find("th").find(string=True, recursive=False).strip(), tr.find_all("td"))
        for tr in table.find("tbody").find_all("tr")
    ]
    assert {airline for airline, _ in rows} == {
        "Emirates",
        "Kenya Airways",
        "Qatar Airways",
        "Turkish Airlines",
        "Saudi Arabian Airlines",
        "Ethiopian Airlines",
        "KLM",
        "Lufthansa",
    }
    routes = {(airline, cells[0].find(string=True, recursive=False).strip()) for airline, cells in rows}
    assert len(routes) == len(rows)  # one route in a cell, one row per airline and route
    assert ("Saudi Arabian Airlines", "Kitui, Kenya to Riyadh, Saudi Arabia via Nairobi") in routes
    assert any(airline == "Ethiopian Airlines" and "Addis Ababa" in route for airline, route in routes)
    assert [td["data-label"] for td in rows[0][1]] == ["route †", "submissions †"]


def test_2019_transport_chapter_says_the_data_was_not_collected(built_site):
    soup = _page(built_site.site, "2019", "transport")
    assert "did not record modes of transport or airlines" in soup.get_text()
    assert not soup.select("figure.chart") and not soup.find("table", id="table-airlines")


@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_every_figure_has_an_anchor_on_its_page(built_site, edition):
    data = _data(built_site, edition)
    cache = {}
    for figure in data.figures.values():
        soup = cache.setdefault(figure["page"], _page(built_site.site, edition, figure["page"]))
        assert soup.find(id=f"fig-{figure['id']}") is not None, f"{figure['id']} has no anchor on {figure['page']}"


def test_pages_say_the_edition_is_reconstructed(built_site):
    for name in CHAPTERS:
        assert "Reconstructed data" in _page(built_site.site, "2020", name).get_text()


def test_no_code_or_build_paths_are_shown(built_site):
    for path in (built_site.site / "2020").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "stage_dir" not in text and str(built_site.site.parent) not in text, path


def test_pages_load_no_third_party_script_or_style(built_site):
    for path in built_site.site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["script", "link", "img", "iframe"]):
            url = tag.get("src") or tag.get("href") or ""
            if tag.name == "link" and "stylesheet" not in (tag.get("rel") or []):
                continue
            assert not re.match(r"^(https?:)?//", url), f"{path}: {tag.name} loads {url}"


def _digest(folder):
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def test_a_failing_notebook_fails_the_build_and_keeps_the_site(built_site, tmp_path):
    root = copy_project(tmp_path / "project")
    shutil.copytree(built_site.site, root / "_build" / "site")
    before = _digest(root / "_build" / "site")
    notebook = nbformat.read(root / "notebooks" / "industries.ipynb", as_version=4)
    notebook.cells.insert(3, nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"))
    nbformat.write(notebook, root / "notebooks" / "industries.ipynb")
    with pytest.raises(BuildError) as raised:
        build_site(Project.open(root), edition_ids=["2020"], jobs=2, log=lambda *_: None)
    message = str(raised.value)
    assert "industries.ipynb" in message and "cell" in message and "broken on purpose" in message
    assert _digest(root / "_build" / "site") == before
