"""Maps that read without map tiles, in headless Chromium (issue 17).

Both shipped editions are built with KENYA_ROUTES_TILES=none. Every map then shows land,
coastlines and country borders from the site's own basemap and makes no request outside the
site; a corridor is drawn in the same colour and pattern on every page and in every legend; the
overview opens on East Africa and zooms out to every corridor; on a phone the scale bar stays
clear of the credit.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from bs4 import BeautifulSoup

from kenya_routes.inputs.project import Project

from .browser import chromium, serve, site_pages
from .conftest import SITE_URL, copy_project

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
# A map's JavaScript object: folium declares it as a global of the map document.
LEAFLET_MAP = "Object.values(window).find(value => value instanceof L.Map)"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from kenya_routes.publish.build import build_site

    root = copy_project(tmp_path_factory.mktemp("no-tiles") / "project")
    environ = {"KENYA_ROUTES_TILES": "none", "KENYA_ROUTES_SITE_URL": SITE_URL}
    return build_site(Project.open(root, environ), jobs=2, log=lambda *_: None).site


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _map_pages(site) -> list[str]:
    return [path for path in site_pages(site) if 'class="route-map"' in (site / path).read_text(encoding="utf-8")]


def _open_maps(page) -> list:
    """Each map frame of the page, scrolled into view (frames load lazily) and drawn."""
    frames = []
    for index in range(page.locator("figure.route-map iframe").count()):
        page.locator("figure.route-map iframe").nth(index).scroll_into_view_if_needed()
        frame = page.frame_locator("figure.route-map iframe").nth(index)
        frame.locator("path.route-line").first.wait_for(state="attached", timeout=15000)
        frame.locator("path.basemap-border").wait_for(state="attached", timeout=15000)  # drawn just after
        frames.append(frame)
    return frames


def test_every_map_shows_land_and_borders_and_requests_nothing_outside_the_site(site, browser):
    pages = _map_pages(site)
    assert len(pages) >= 14  # both editions: overview, Kenya, transit and region pages
    failures, outside, maps = [], [], 0
    with serve(site) as base:
        context = browser.new_context(viewport=PHONE)
        context.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        for path in pages:
            page = context.new_page()
            page.goto(f"{base}/{path}", wait_until="load")
            for index, frame in enumerate(_open_maps(page), start=1):
                maps += 1
                for kind in ("land", "border"):
                    drawn = frame.locator(f"path.basemap-{kind}")
                    if drawn.count() != 1 or len(drawn.get_attribute("d") or "") < 1000:
                        failures.append(f"{path}: map {index} draws no {kind}")
                if frame.locator("img.leaflet-tile").count():
                    failures.append(f"{path}: map {index} has map tiles")
                attribution = frame.locator(".leaflet-control-attribution").inner_text()
                if "Natural Earth" not in attribution:
                    failures.append(f"{path}: map {index} does not credit its basemap: {attribution!r}")
            page.close()
        context.close()
    assert maps >= len(pages)
    assert not failures, "\n".join(failures)
    assert not outside, f"requests left the site with tiles off: {outside[:5]}"


def test_a_corridor_has_the_same_colour_on_every_page_that_draws_it(site, browser):
    lines: dict[str, set] = defaultdict(set)  # corridor slug -> (colour, pattern) of its lines on any map
    keys: dict[str, set] = defaultdict(set)  # corridor name -> (colour, pattern) in any legend
    with serve(site) as base:
        context = browser.new_context()
        for path in _map_pages(site):
            page = context.new_page()
            page.goto(f"{base}/{path}", wait_until="load")
            frames = _open_maps(page)
            for figure, frame in zip(page.locator("figure.route-map").all(), frames, strict=True):
                drawn = frame.locator("path.route-line").evaluate_all(
                    "paths => paths.map(p => [p.getAttribute('class'), p.getAttribute('stroke'),"
                    " p.getAttribute('stroke-dasharray')])"
                )
                in_map = set()
                for classes, colour, dash in drawn:
                    (slug,) = re.findall(r"\bcorridor-([a-z0-9-]+)", classes)
                    lines[slug].add((colour.upper(), dash))
                    in_map.add((colour.upper(), dash))
                legend = BeautifulSoup(figure.locator(".route-legend").inner_html(), "html.parser")
                in_legend = set()
                for entry in legend.select(".corridor-key"):
                    line = entry.select_one("svg line")
                    style = (line["stroke"].upper(), line.get("stroke-dasharray"))
                    keys[entry.get_text(strip=True)].add(style)
                    in_legend.add(style)
                assert in_map == in_legend, f"{path}: the legend does not match the lines"
            page.close()
        context.close()
    assert len(lines) >= 10 and "east-africa-to-middle-east-gulf" in lines  # corridors of both editions
    assert {slug: styles for slug, styles in lines.items() if len(styles) > 1} == {}
    assert {name: styles for name, styles in keys.items() if len(styles) > 1} == {}
    # No two corridors of the shipped editions look alike.
    assert len({next(iter(styles)) for styles in lines.values()}) == len(lines)


def test_the_overview_opens_on_east_africa_and_zooms_out_to_every_corridor(site, browser):
    with serve(site) as base:
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{base}/2020/overview.html", wait_until="load")
        (frame,) = _open_maps(page)
        document = page.frames[1]
        view = document.evaluate(f"(() => {{ const b = ({LEAFLET_MAP}).getBounds(); return b.toBBoxString(); }})()")
        west, south, east, north = map(float, view.split(","))
        assert 20 < west < 40 and 35 < east < 70 and -25 < south < 0 and 5 < north < 25, view
        labels = frame.locator(".route-hub-label span")
        shown = [labels.nth(i).inner_text() for i in range(labels.count()) if labels.nth(i).is_visible()]
        assert {"Nairobi", "Mombasa"} <= set(shown), shown
        button = frame.get_by_role("button", name="Zoom out to all corridors")
        button.click()
        page.wait_for_timeout(600)
        wide = document.evaluate(f"(() => ({LEAFLET_MAP}).getBounds().toBBoxString())()")
        west, south, east, north = map(float, wide.split(","))
        assert north > 60 and east > 95, wide  # Helsinki and the routes to Asia
        frame.get_by_role("button", name="Back to East Africa").click()
        page.close()


@pytest.mark.parametrize("path", ["2020/overview.html", "2020/kenya.html", "2020/regions/europe.html"])
def test_on_a_phone_the_scale_bar_stays_clear_of_the_credit(site, browser, path):
    with serve(site) as base:
        page = browser.new_page(viewport=PHONE)
        page.goto(f"{base}/{path}", wait_until="load")
        (frame,) = _open_maps(page)
        scale = frame.locator(".leaflet-control-scale").bounding_box()
        credit = frame.locator(".leaflet-control-attribution").bounding_box()
        apart = (
            scale["x"] + scale["width"] <= credit["x"]
            or credit["x"] + credit["width"] <= scale["x"]
            or scale["y"] + scale["height"] <= credit["y"]
            or credit["y"] + credit["height"] <= scale["y"]
        )
        assert apart, (scale, credit)
        page.close()
