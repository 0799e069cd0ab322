"""The built site in headless Chromium: no console error on any page, maps draw their routes."""

from __future__ import annotations

import pytest

from .browser import BLANK_PNG, chromium, serve, site_pages
from .conftest import SITE_URL

pytestmark = pytest.mark.browser

TILES = "https://tile.openstreetmap.org/"


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def test_every_page_loads_without_console_errors_and_maps_draw(built_site, browser):
    pages = site_pages(built_site.site)
    assert len(pages) > 30
    failures = []
    with serve(built_site.site) as base:
        context = browser.new_context()
        context.route(
            "https://tile.openstreetmap.org/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_PNG),
        )
        requests, tiles = [], []
        context.on("request", lambda r: (tiles if r.url.startswith(TILES) else requests).append(r.url))
        page = context.new_page()
        for path in pages:
            messages = []
            page.on("console", lambda m, messages=messages: messages.append(m) if m.type == "error" else None)
            page.on("pageerror", lambda e, messages=messages: messages.append(e))
            response = page.goto(f"{base}/{path}", wait_until="load")
            assert response.ok, path
            maps = page.locator("figure.route-map iframe")
            for index in range(maps.count()):
                maps.nth(index).scroll_into_view_if_needed()
                frame = page.frame_locator("figure.route-map iframe").nth(index)
                lines = frame.locator("path.route-line")
                lines.first.wait_for(state="attached", timeout=15000)
                if lines.count() == 0:
                    failures.append(f"{path}: map {index + 1} draws no route line")
            charts = page.locator(".vega-chart")
            if charts.count():
                # A static image until a reader points at it; then Vega, loaded from the site, draws it live.
                assert not page.evaluate("'vega' in window"), f"{path}: Vega loaded before it was needed"
            for index in range(charts.count()):
                charts.nth(index).scroll_into_view_if_needed()
                # As a reader's pointer does (an event, not mouse geometry: pages may still be scrolling).
                charts.nth(index).dispatch_event("pointerenter")
                charts.nth(index).locator(".vega-live svg").first.wait_for(state="attached", timeout=30000)
            page.wait_for_timeout(100)
            if messages:
                failures.append(f"{path}: {[str(getattr(m, 'text', m)) for m in messages]}")
            page.close()
            page = context.new_page()
        context.close()
    assert not failures, "\n".join(failures)
    # Every request goes to the site itself, except map tiles to their one configured origin.
    assert all(url.startswith(base) for url in requests), [u for u in requests if not u.startswith(base)][:5]
    assert tiles, "the maps asked for no tiles"


@pytest.mark.parametrize(
    "start, lands",
    [
        ("index.html", "/2020/index.html"),
        ("latest/index.html", "/2020/index.html"),
        ("latest/regions/europe.html", "/2020/regions/europe.html"),
    ],
)
def test_site_root_and_latest_redirect_to_the_newest_edition(built_site, browser, start, lands):
    with serve(built_site.site) as base:
        page = browser.new_page()
        page.goto(f"{base}/{start}")
        page.wait_for_url(f"**{lands}")
        assert "Kenya" in page.title()
        page.close()


@pytest.mark.parametrize(
    "start, choose, lands",
    [
        ("2020/kenya.html", "2019", "/2019/kenya.html"),
        ("2020/regions/asia.html", "2019", "/2019/regions/asia.html"),
        ("2019/regions/other.html", "2020", "/2020/regions/other.html"),
        # Southern Africa has a page in 2019 and, with one route, a section of Other regions in 2020.
        ("2019/regions/southern-africa.html", "2020", "/2020/regions/other.html#region-southern-africa"),
        ("2019/regions/asia.html", "2020", "/2020/regions/asia.html"),
        ("2020/regions/europe.html", "2019", "/2019/regions/europe.html"),
    ],
)
def test_edition_switcher_keeps_the_page(built_site, browser, start, choose, lands):
    with serve(built_site.site) as base:
        page = browser.new_page()
        page.goto(f"{base}/{start}")
        select = page.locator("#edition-select")
        # A selector, not a JavaScript predicate: the page's security policy forbids eval, which polling uses.
        page.locator("#edition-select:not([disabled])").wait_for()
        assert select.locator("option").count() == 2
        select.select_option(choose)
        page.wait_for_url(f"**{lands}")
        assert page.url.endswith(lands)
        page.close()


def test_selecting_a_figure_opens_its_citation(built_site, browser):
    with serve(built_site.site) as base:
        page = browser.new_page()
        page.goto(f"{base}/2020/overview.html")
        page.click("#fig-routes-total")
        dialog = page.locator("dialog.cite-dialog")
        dialog.wait_for(state="visible")
        text = dialog.locator(".cite-text").inner_text()
        assert "Edition 2020" in text and "Route submissions: 84" in text
        # The link is the published address (the build's site URL), with the day the reader copied it.
        assert f"{SITE_URL}/2020/overview.html#fig-routes-total (accessed " in text
        page.keyboard.press("Escape")
        dialog.wait_for(state="hidden")
        page.close()


def test_the_data_status_banner_is_whole_on_a_phone(built_site, browser):
    """Every reader must see that the data is reconstructed, without scrolling sideways to read it."""
    with serve(built_site.site) as base:
        page = browser.new_page(viewport={"width": 360, "height": 740})
        page.goto(f"{base}/2020/index.html")
        banner = page.locator(".announcement")
        assert "Reconstructed data" in banner.inner_text()
        scroll_width, client_width = banner.evaluate("a => [a.scrollWidth, a.clientWidth]")
        assert scroll_width <= client_width, "the banner is cut off on a narrow screen"
        page.close()


def test_every_cite_affordance_gives_a_link_that_resolves_to_its_figure(built_site, browser):
    """Click every figure and every cite link on every page; follow the link each dialog gives."""
    site = built_site.site
    links, failures, clicked = {}, [], 0
    with serve(site) as base:
        context = browser.new_context()
        context.route(
            "https://tile.openstreetmap.org/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_PNG),
        )

        # The permanent links name the published address: answer them from the built site.
        def published(route):
            target = site / route.request.url[len(SITE_URL) + 1 :].split("#")[0].split("?")[0]
            target = target / "index.html" if target.is_dir() else target
            if target.is_file():
                route.fulfill(path=str(target))
            else:
                route.fulfill(status=404, body="")

        context.route(f"{SITE_URL}/**", published)
        page = context.new_page()
        for path in site_pages(site):
            page.goto(f"{base}/{path}", wait_until="load")
            affordances = page.locator("a[data-figure][data-permalink]")
            for index in range(affordances.count()):
                link = affordances.nth(index)
                kind = link.get_attribute("data-provenance")
                link.scroll_into_view_if_needed()
                link.click()
                dialog = page.locator("dialog.cite-dialog")
                dialog.wait_for(state="visible", timeout=5000)
                href = dialog.locator("a.cite-permalink").get_attribute("href")
                text = dialog.locator(".cite-text").inner_text()
                title = dialog.locator("#cite-dialog-title").inner_text()
                if kind == "reconstructed":
                    if title != "Not for citation" or "not for citation" not in text:
                        failures.append(f"{path}: a reconstructed value is offered for citation: {text[:80]}")
                elif not (title == "Cite this figure" and href in text and "(accessed " in text):
                    failures.append(f"{path}: the citation lacks its link or date: {text[:120]}")
                if not href.startswith(SITE_URL + "/"):
                    failures.append(f"{path}: the link is not absolute: {href}")
                links[href] = path
                clicked += 1
                dialog.locator(".cite-close").click()
        # Each address is loaded once, and every anchor a link gives on it is looked for there.
        by_address: dict[str, list[tuple[str, str]]] = {}
        for href, path in sorted(links.items()):
            address, _, anchor = href.partition("#")
            by_address.setdefault(address, []).append((anchor, path))
        for address, anchors in by_address.items():
            page.goto(address, wait_until="load")
            for anchor, path in anchors:
                if not anchor or page.locator(f"[id='{anchor}']").count() != 1:
                    failures.append(f"{path}: {address}#{anchor} does not lead to an element with id {anchor!r}")
    assert clicked > 150 and not failures, failures[:10]
