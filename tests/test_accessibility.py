"""Accessibility in headless Chromium: axe-core finds no violation on any page; maps work from the keyboard.

axe-core comes from npm (package.json devDependencies) and is injected into each
page and each of its frames; the rules run are WCAG 2.0, 2.1 and 2.2 A and AA
and axe's best practices. The security policy is bypassed for the injected
script only; every other test runs with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import BLANK_PNG, chromium, serve, site_pages
from .conftest import ROOT

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _context(browser):
    context = browser.new_context(bypass_csp=True)
    context.route(
        "https://tile.openstreetmap.org/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_PNG),
    )
    return context


def _violations(page) -> list[str]:
    for frame in page.frames:
        frame.add_script_tag(path=str(AXE))
    result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", RULES)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
    ]


def _map_documents(site: Path) -> list[str]:
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.glob("*/assets/**/*.html")
        if 'class="folium-map"' in p.read_text(encoding="utf-8")
    )


def test_axe_finds_no_violation_on_any_page(built_site, browser):
    assert AXE.is_file(), "npm ci installs axe-core (make test does it)"
    site = built_site.site
    pages = ["editions.html", *site_pages(site), *_map_documents(site)]
    assert len(pages) > 60 and any("/assets/" in p for p in pages)
    failures = []
    with serve(site) as base:
        context = _context(browser)
        for path in pages:
            page = context.new_page()
            page.goto(f"{base}/{path}", wait_until="load")
            frames = page.locator("figure.route-map iframe")
            for index in range(frames.count()):  # frames load lazily: bring each into view
                frames.nth(index).scroll_into_view_if_needed()
                page.frame_locator("figure.route-map iframe").nth(index).locator("path.route-line").first.wait_for(
                    state="attached", timeout=15000
                )
            failures.extend(f"{path}: {v}" for v in _violations(page))
            page.close()
        context.close()
    assert not failures, "\n".join(failures)


def test_a_map_is_used_from_the_keyboard(built_site, browser):
    site = built_site.site
    document = next(p for p in _map_documents(site) if p.startswith("2020/") and "overview" in p)
    with serve(site) as base:
        context = _context(browser)
        page = context.new_page()
        page.goto(f"{base}/{document}", wait_until="load")
        assert page.locator("main h1").inner_text()
        lines = page.locator("path.route-line")
        assert lines.count() > 5
        labels = [lines.nth(i).get_attribute("aria-label") for i in range(lines.count())]
        assert all(label and label.startswith("Route: ") and "submission" in label for label in labels)
        places = page.locator("path.route-place")
        assert places.nth(0).get_attribute("aria-label").split(":")[0] in ("Origin", "Transit point", "Destination")
        # Tab from the map into the first route line, then Enter opens its details.
        page.locator(".folium-map").focus()
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('route-line')"):
                break
        assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
        page.keyboard.press("Enter")
        page.locator(".leaflet-popup-content table.route-popup").wait_for(timeout=5000)
        context.close()
