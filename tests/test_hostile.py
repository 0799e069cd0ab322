"""A site built from hostile and tricky names: nothing in it runs, and every name is shown as written.

Two kinds of names go into the reference data (places, a country, an industry, an airline; the original
names kept as aliases so the route table still resolves) and into every text field of edition.yml:

- legitimate but tricky names (an apostrophe as in Murang'a, `&`, quotes, diacritics, the characters a
  spreadsheet's sheet name may not hold), which validation accepts;
- payloads that validation refuses (tests/test_hostile_validation.py): here its plain-text rules are
  bypassed, to show that the escaping behind them holds on its own, and that no name is ever evaluated
  as a template (a Jinja expression that would create a folder creates nothing).

The site is built with map tiles off. Headless Chromium opens every page with a dialog listener and a
Content-Security-Policy violation listener in every frame, opens every map's tooltips and popups from
the keyboard, and points at every chart (which loads Vega): nothing fires.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from kenya_routes.inputs import patterns
from kenya_routes.inputs.project import Project
from kenya_routes.publish.build import build_site
from kenya_routes.validation import frames

from .browser import chromium, serve, site_pages
from .conftest import copy_project, read_rows, write_rows

pytestmark = [pytest.mark.build, pytest.mark.browser]

MADE = "pwned-by-a-name"
PLACES = {
    # legitimate
    "Nairobi": 'Murang\'a & "Nairobi"',
    "Mombasa": "Mombása [port]: a/b*?\\ 50% $5",
    # refused by validation, bypassed here
    "Busia": "Busia `${window.__xss=3}`",
    "Kitui": 'Kitui "><svg onload=window.__xss=4>',
    "Eldoret": "Eldoret {{7*7}}x {% raw %}",
    "Garissa": "Garissa \u202eesrever\u200b",
    "Kitale": "Kitale {{ cycler.__init__.__globals__.os.mkdir('" + MADE + "') }} {doc}`x` [a](javascript:x())",
}
TERMS = {
    ("industries", "domestic work"): 'domestic <b onmouseover="window.__xss=7">work</b>',
    ("airlines", "Emirates"): "Emirates</script><script>window.__xss=8</script>",
}
COUNTRIES = {"SAU": "Saudi Arabia <iframe src=javascript:window.__xss=9>"}
EDITION = {
    "title": 'Routes & "Journeys" <script>window.__xss=10</script>',
    "short_title": "</script><script>window.__xss=11</script> 2020 & co",
    "publisher": "Stop the Traffik Kenya and Freedom Collaborative & co\n```\n<script>window.__xss=12</script>\n"
    "```{literalinclude} routes.csv\n```",
    "citation": "Cite {{7*7}} & <img src=x onerror=window.__xss=13>",
}
ERRATUM = '<img src=x onerror="window.__xss=14"> fixed {% raw %}'
CONTRIBUTOR = ("HAART Kenya", "HAART <style>body{display:none}</style>")
LITERAL = ['Murang\'a & "Nairobi"', "Mombása [port]: a/b*?\\ 50% $5", "Eldoret {{7*7}}x {% raw %}"]
NEVER = re.compile(r"\b49x\b")

# The init script of every frame: it records dialogs' absence and every security policy violation.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
});
"""


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
    shutil.rmtree(root / "data" / "editions" / "2019")
    reference = root / "data" / "reference"
    _rename(reference / "places.csv", "name", PLACES)
    _rename(reference / "vocabularies.csv", "pair", TERMS, name_column="term")
    _rename(reference / "countries.csv", "code", COUNTRIES)
    edition = root / "data" / "editions" / "2020" / "edition.yml"
    raw = yaml.safe_load(edition.read_text())
    raw.update(EDITION)
    raw["errata"] = [{"date": "2026-12-01", "description": ERRATUM}]
    raw["contributors"] = [
        dict(c, short_name=CONTRIBUTOR[1], name=CONTRIBUTOR[0]) if c["short_name"] == CONTRIBUTOR[0] else c
        for c in raw["contributors"]
    ]
    edition.write_text(yaml.safe_dump(raw, allow_unicode=True))
    # Validation's plain-text rules bypassed: what follows is the escaping alone.
    never = r"(?!x)x"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patterns, "plain_text_problem", lambda *_, **__: None)
        for name in ("MARKUP", "TEMPLATE", "MARKDOWN", "CONTROL", "FORMULA", "FORMULA_IN_LIST", "LONG_NAME"):
            patch.setattr(patterns, name, never)
        patch.setattr(frames, "patterns", patterns)
        result = build_site(Project.open(root, {"KENYA_ROUTES_TILES": "none"}), jobs=2, log=lambda *_: None)
    return root, result


def test_no_name_is_evaluated_as_a_template(hostile_site):
    root, result = hostile_site
    assert not list(root.rglob(f"*{MADE}*")), "a name was run as a template"
    for path in result.site.rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert not NEVER.search(text), f"{path}: a name's template expression was evaluated"
    cite = (result.site / "2020" / "cite.html").read_text(encoding="utf-8")
    assert "literalinclude" in cite and "submission_id" not in cite  # the directive is text, routes.csv is not
    assert "window.__xss" not in re.sub(r"&[^;]+;|\\\\u[0-9a-f]{4}", "", cite) or "<script>window" not in cite


def test_payloads_are_inert_and_names_are_shown_as_written(hostile_site):
    _, result = hostile_site
    site = result.site
    pages = site_pages(site)
    failures, text_seen = [], ""
    with serve(site) as base, chromium() as browser:
        context = browser.new_context()
        context.add_init_script(LISTEN)
        outside = []
        context.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
        for path in pages:
            page = context.new_page()
            dialogs = []
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"{base}/{path}", wait_until="load")
            for chart in page.locator(".vega-chart").all():
                chart.scroll_into_view_if_needed()
                chart.hover()
            maps = page.locator("figure.route-map iframe")
            for index in range(maps.count()):
                maps.nth(index).scroll_into_view_if_needed()
                frame = page.frame_locator("figure.route-map iframe").nth(index)
                targets = frame.locator("path.route-line, path.route-place")
                targets.first.wait_for(state="attached", timeout=15000)
                for position in range(min(targets.count(), 12)):
                    target = targets.nth(position)
                    target.focus()
                    target.press("Enter")
                    tips = frame.locator(".leaflet-tooltip, .leaflet-popup-content")
                    if tips.count():
                        text_seen += " " + " ".join(tips.all_inner_texts())
            page.wait_for_timeout(300)
            for frame in page.frames:
                if frame.evaluate("typeof window.__xss") != "undefined":
                    failures.append(f"{path}: an injected script ran in {frame.url}")
                violations = frame.evaluate("window.__violations || []")
                if violations:
                    failures.append(f"{path}: security policy violations in {frame.url}: {violations[:3]}")
            if dialogs:
                failures.append(f"{path}: dialogs {dialogs}")
            text_seen += " " + page.evaluate("document.body.innerText")
            if "\u202e" in text_seen or "\u200b" in text_seen:
                failures.append(f"{path}: an invisible control character reached the page")
            if page.evaluate("getComputedStyle(document.body).display") == "none":
                failures.append(f"{path}: an injected style applied")
            page.close()
        context.close()
    assert not failures, "\n".join(failures)
    assert not outside, f"requests left the site with tiles off: {outside[:5]}"
    # Names, legitimate or hostile, appear exactly as written: the reader sees what the data says.
    for name in [*LITERAL, TERMS[("industries", "domestic work")], EDITION["short_title"], ERRATUM]:
        assert name in text_seen, name
    assert NEVER.search(text_seen) is None


def test_an_inline_script_added_to_a_built_page_is_blocked(hostile_site, tmp_path):
    """The policy itself stops an injection: a script added to a published page does not run."""
    _, result = hostile_site
    site = tmp_path / "site"
    shutil.copytree(result.site, site, symlinks=False)
    targets = ["2020/index.html", "2020/regions/east-africa.html"]
    maps = sorted((site / "2020" / "assets").rglob("*.html"))
    targets.append(maps[0].relative_to(site).as_posix())
    injected = "<script>window.__ran = true; alert('injected')</script>"
    for target in targets:
        path = site / target
        html = path.read_text(encoding="utf-8")
        path.write_text(html.replace("</body>", injected + "</body>", 1), encoding="utf-8")
    with serve(site) as base, chromium() as browser:
        context = browser.new_context()
        context.add_init_script(LISTEN)
        for target in targets:
            page = context.new_page()
            dialogs = []
            page.on("dialog", lambda d, dialogs=dialogs: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"{base}/{target}", wait_until="load")
            page.wait_for_timeout(200)
            assert page.evaluate("window.__ran === true") is False, target
            assert not dialogs, target
            violations = page.evaluate("window.__violations")
            assert any(v.startswith("script-src") and "inline" in v for v in violations), (target, violations)
            page.close()
        context.close()
