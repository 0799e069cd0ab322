"""An edition whose every text field is a payload: it builds, and its pages stay inert.

Payloads sit in the reference data (place, country, industry and airline names,
with the original names kept as aliases so the route table still resolves), in
the edition's title, its contributors and its errata. The site is built with map
tiles switched off, then every page is opened in headless Chromium.
"""

from __future__ import annotations

import pytest
import yaml

from kenya_routes.inputs.project import Project
from kenya_routes.publish.build import build_site

from .browser import chromium, serve, site_pages
from .conftest import copy_project, read_rows, write_rows

pytestmark = [pytest.mark.build, pytest.mark.browser]

PLACES = {
    "Nairobi": 'Nairobi <img src=x onerror="window.__xss=1">',
    "Mombasa": "Mombasa <script>window.__xss=2</script>",
    "Busia": "Busia `${window.__xss=3}`",
    "Kitui": 'Kitui "><svg onload=window.__xss=4>',
    "Eldoret": "Eldoret '); window.__xss=5; //",
    "Garissa": "Garissa \u202eesrever\u200b",
    "Kitale": "Kitale {{ 7*7 }} {doc}`x` [a](javascript:window.__xss=6) $x$ \\",
}
TERMS = {
    ("industries", "domestic work"): 'domestic <b onmouseover="window.__xss=7">work</b>',
    ("airlines", "Emirates"): "Emirates</script><script>window.__xss=8</script>",
}
COUNTRIES = {"SAU": "Saudi Arabia <iframe src=javascript:window.__xss=9>"}
TITLE = "Routes <script>window.__xss=10</script>"
ERRATUM = '<img src=x onerror="window.__xss=11"> fixed'
CONTRIBUTOR = ("HAART Kenya", "HAART <style>body{display:none}</style>")


def _rename(path, key, renames, name_column="name"):
    headers, rows = read_rows(path)
    for row in rows:
        target = renames.get(row[key] if key != "pair" else (row["vocabulary"], row["term"]))
        if target:
            aliases = [a for a in row.get("aliases", "").split(";") if a.strip()]
            row["aliases"] = "; ".join(aliases + [row[name_column]])
            row[name_column] = target
    write_rows(path, headers, rows)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    import shutil

    shutil.rmtree(root / "data" / "editions" / "2019")
    reference = root / "data" / "reference"
    _rename(reference / "places.csv", "name", PLACES)
    _rename(reference / "vocabularies.csv", "pair", TERMS, name_column="term")
    _rename(reference / "countries.csv", "code", COUNTRIES)
    edition = root / "data" / "editions" / "2020" / "edition.yml"
    raw = yaml.safe_load(edition.read_text())
    raw["title"] = TITLE
    raw["errata"] = [{"date": "2026-12-01", "description": ERRATUM}]
    raw["contributors"] = [
        dict(c, short_name=CONTRIBUTOR[1]) if c["short_name"] == CONTRIBUTOR[0] else c for c in raw["contributors"]
    ]
    raw["contributors"] = [
        dict(c, name=CONTRIBUTOR[0]) if c["short_name"] == CONTRIBUTOR[1] else c for c in raw["contributors"]
    ]
    edition.write_text(yaml.safe_dump(raw, allow_unicode=True))
    return build_site(Project.open(root, {"KENYA_ROUTES_TILES": "none"}), jobs=2, log=lambda *_: None)


def test_payloads_are_inert_and_maps_still_draw(hostile_site):
    site = hostile_site.site
    pages = site_pages(site)
    failures, shown = [], set()
    with serve(site) as base, chromium() as browser:
        context = browser.new_context()
        outside = []
        context.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
        for path in pages:
            page = context.new_page()
            dialogs = []
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"{base}/{path}", wait_until="load")
            maps = page.locator("figure.route-map iframe")
            for index in range(maps.count()):
                maps.nth(index).scroll_into_view_if_needed()
                page.frame_locator("figure.route-map iframe").nth(index).locator("path.route-line").first.wait_for(
                    state="attached", timeout=15000
                )
            page.wait_for_timeout(150)
            for frame in page.frames:
                if frame.evaluate("typeof window.__xss") != "undefined":
                    failures.append(f"{path}: an injected script ran in {frame.url}")
            if dialogs:
                failures.append(f"{path}: dialogs {dialogs}")
            text = page.evaluate("document.body.innerText")
            for payload in [*PLACES.values(), *TERMS.values(), *COUNTRIES.values(), TITLE, ERRATUM, CONTRIBUTOR[1]]:
                if payload.replace("\u202e", "").replace("\u200b", "") in text:
                    shown.add(payload)
            if "\u202e" in text or "\u200b" in text:
                failures.append(f"{path}: an invisible control character reached the page")
            if page.evaluate("getComputedStyle(document.body).display") == "none":
                failures.append(f"{path}: an injected style applied")
            page.close()
        context.close()
    assert not failures, "\n".join(failures)
    assert not outside, f"requests left the site with tiles off: {outside[:5]}"
    # Payloads appear as text: the reader sees exactly what the data says.
    assert {PLACES["Mombasa"], PLACES["Nairobi"], TERMS[("industries", "domestic work")], ERRATUM} <= shown
    assert len(shown) >= 8, set(PLACES.values()) - shown
