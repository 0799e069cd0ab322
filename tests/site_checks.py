"""Checks a built edition must pass, whatever its data: nothing empty on a page, nothing broken in a browser.

`empty_elements` reads the HTML: every table has a row, every chart has data, every map
draws a line, no page shows a traceback, and every page says something in a sentence.
`browser_problems` loads every page in Chromium: no console error, every map draws its routes.
"""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from .browser import BLANK_PNG, serve


def edition_pages(site: Path, edition: str) -> list[str]:
    """Every reading page of an edition, site-relative (Sphinx's index and search pages excepted)."""
    pages = []
    for path in sorted((site / edition).rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if "/assets/" in relative or relative.endswith(("genindex.html", "search.html")):
            continue
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:1000]:
            continue  # a region's old address, leading to its section of the "Other regions" page
        pages.append(relative)
    return pages


def map_document(path: Path) -> str:
    """A map document with the scripts it loads from beside it (the site's policy allows no inline script)."""
    document = path.read_text(encoding="utf-8")
    scripts = [script["src"] for script in BeautifulSoup(document, "html.parser").find_all("script", src=True)]
    return document + "".join(
        (path.parent / src).read_text(encoding="utf-8") for src in scripts if (path.parent / src).is_file()
    )


def empty_elements(site: Path, edition: str) -> list[str]:
    """What an edition's pages show empty: a table without a row, a chart without data, a map without a line,
    a traceback, a page without a sentence."""
    problems = []
    for relative in edition_pages(site, edition):
        path = site / relative
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.find("article") or soup
        if "Traceback (most recent call last)" in article.get_text() or article.select(".output.traceback"):
            problems.append(f"{relative}: shows a traceback")
        if not article.find("h1"):
            problems.append(f"{relative}: has no heading")
        if not any(p.get_text(strip=True) for p in article.find_all("p")):
            problems.append(f"{relative}: says nothing in a sentence")
        for table in article.find_all("table"):
            body = table.find("tbody") or table
            if not body.find_all("tr"):
                problems.append(f"{relative}: table {table.get('id') or ''} has no row")
        for chart in article.select("figure.chart"):
            spec_url = chart.select_one(".vega-chart")["data-spec"]
            spec = json.loads((path.parent / spec_url).read_text(encoding="utf-8"))
            values = [v for data in spec.get("data", []) for v in data.get("values", [])]
            if not values:
                problems.append(f"{relative}: chart {chart.get('id')} has no data")
        for frame in article.select("figure.route-map iframe"):
            if "L.polyline(" not in map_document(path.parent / frame["src"]):
                problems.append(f"{relative}: map {frame.get('title')} draws no route")
        for note in article.select("p.no-data"):
            if not note.get_text(strip=True):
                problems.append(f"{relative}: an empty note")
    return problems


def browser_problems(browser, site: Path, pages: list[str]) -> list[str]:
    """Console errors and maps that draw no route line, page by page (map tiles served blank)."""
    failures = []
    with serve(site) as base:
        context = browser.new_context()
        context.route(
            "https://tile.openstreetmap.org/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_PNG),
        )
        for relative in pages:
            page = context.new_page()
            messages = []
            page.on("console", lambda m, messages=messages: messages.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e, messages=messages: messages.append(str(e)))
            response = page.goto(f"{base}/{relative}", wait_until="load")
            if not response.ok:
                failures.append(f"{relative}: HTTP {response.status}")
            frames = page.frame_locator("figure.route-map iframe")
            for index in range(page.locator("figure.route-map iframe").count()):
                page.locator("figure.route-map iframe").nth(index).scroll_into_view_if_needed()
                lines = frames.nth(index).locator("path.route-line")
                try:
                    lines.first.wait_for(state="attached", timeout=15000)
                except Exception:
                    failures.append(f"{relative}: map {index + 1} draws no route line")
            page.wait_for_timeout(100)
            if messages:
                failures.append(f"{relative}: {messages}")
            page.close()
        context.close()
    return failures
