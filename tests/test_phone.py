"""The built site on a phone (390 px wide) in headless Chromium: nothing scrolls sideways, every table's
first and last columns are in view, long tables are collapsed with a count, and every chart's text, in
the image first shown and in the live chart Vega draws, is at least 11 px, whole and not overlapping."""

from __future__ import annotations

import pytest

from .browser import BLANK_PNG, chromium, serve, site_pages

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SMALLEST_TEXT = 11  # CSS px
EDITIONS = ("2019", "2020")

# Where each table's first and last cells of its first row are, and what the phone shows beside them.
TABLE_EDGES = """() => Array.from(document.querySelectorAll("table"))
  .filter(t => t.closest(".bd-article, article, main")).map(t => {
    const row = t.tBodies.length ? t.tBodies[0].rows[0] : t.rows[0];
    const cells = row ? Array.from(row.cells) : [];
    const box = c => { const r = c.getBoundingClientRect(); return [r.left, r.right, r.width]; };
    const label = c => getComputedStyle(c, "::before").content;
    const wrap = t.closest(".table-wrap, .table-wrapper");
    const note = wrap && wrap.previousElementSibling;
    return {
      id: t.id || t.className, kind: t.className, cells: cells.length,
      first: cells.length ? box(cells[0]) : null, last: cells.length ? box(cells[cells.length - 1]) : null,
      lastLabel: cells.length ? label(cells[cells.length - 1]) : "",
      scrolls: wrap ? wrap.scrollWidth > wrap.clientWidth : false,
      cue: Boolean(note && note.matches(".scroll-cue") && note.checkVisibility() && note.textContent.trim()),
    };
  })"""

# Every chart's text as a reader sees it: size after the image or the live SVG is scaled to the page,
# each text's box, and the chart's box.
SVG_TEXT = """svg => {
  const chart = svg.getBoundingClientRect();
  const scale = chart.width / (svg.viewBox.baseVal && svg.viewBox.baseVal.width || svg.width.baseVal.value);
  return {
    chart: [chart.left, chart.top, chart.right, chart.bottom],
    texts: Array.from(svg.querySelectorAll("text")).filter(t => t.textContent.trim()).map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * scale,
              box: [r.left, r.top, r.right, r.bottom]};
    }),
  };
}"""

# The static image's text, drawn the same way: the SVG file inlined in a box as wide as the image.
STATIC_TEXT = """async img => {
  const text = await (await fetch(img.src)).text();
  const box = document.createElement("div");
  box.style.width = img.getBoundingClientRect().width + "px";
  box.innerHTML = text;
  const svg = box.querySelector("svg");
  svg.setAttribute("width", "100%"); svg.removeAttribute("height");
  img.after(box);
  return svg;
}"""


@pytest.fixture(scope="module")
def phone(built_site):
    with chromium() as browser, serve(built_site.site) as base:
        context = browser.new_context(viewport=PHONE)
        context.route(
            "https://tile.openstreetmap.org/**",
            lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_PNG),
        )
        yield context, base
        context.close()


def _pages(built_site) -> list[str]:
    pages = [p for p in site_pages(built_site.site) if p.split("/")[0] in EDITIONS]
    assert len(pages) > 30
    return pages


def test_no_page_scrolls_sideways(built_site, phone):
    context, base = phone
    page = context.new_page()
    wide = []
    for path in _pages(built_site):
        page.goto(f"{base}/{path}", wait_until="load")
        width = page.evaluate("Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)")
        if width > PHONE["width"]:
            wide.append((path, width))
    page.close()
    assert not wide, wide


def test_every_table_shows_its_first_and_last_columns(built_site, phone):
    """On a phone a data table's rows are cards: the first and last cells of a row are both in view, and the
    last says which column it is (the header row is not shown there). A table of a chapter's own text that
    is wider than the screen scrolls in its frame, with a visible line above it that says so."""
    context, base = phone
    page = context.new_page()
    failures, seen = [], 0
    for path in _pages(built_site):
        page.goto(f"{base}/{path}", wait_until="load")
        for table in page.evaluate(TABLE_EDGES):
            if not table["cells"]:
                continue
            seen += 1
            if "data-table" not in table["kind"]:
                if table["last"][1] > PHONE["width"] + 0.5 and not (table["scrolls"] and table["cue"]):
                    failures.append(f"{path} {table['id']}: its last column is out of view with no cue")
                continue
            for edge in ("first", "last"):
                left, right, width = table[edge]
                if width <= 0 or left < 0 or right > PHONE["width"] + 0.5:
                    failures.append(f"{path} {table['id']}: its {edge} column is out of view ({left:.0f}-{right:.0f})")
            if table["cells"] > 1 and table["lastLabel"] in ("none", "normal", ""):
                failures.append(f"{path} {table['id']}: its last cell does not say its column")
    page.close()
    assert seen > 40 and not failures, failures[:10]


def test_long_tables_show_their_first_rows_and_a_count(built_site, phone):
    context, base = phone
    page = context.new_page()
    page.goto(f"{base}/2020/figures.html", wait_until="load")
    table = page.locator("table.figures-table").first
    rows = table.locator("tbody tr")
    total = rows.count()
    assert total > 15
    button = page.locator(".table-rows-toggle").first
    assert button.inner_text() == f"Show all {total} rows" and button.get_attribute("aria-expanded") == "false"
    assert rows.nth(14).is_visible() and not rows.nth(15).is_visible()
    button.click()
    assert rows.nth(total - 1).is_visible() and button.get_attribute("aria-expanded") == "true"
    # A link to a row that starts hidden shows it.
    last = rows.nth(total - 1).get_attribute("id")
    page.goto(f"{base}/2020/figures.html#{last}", wait_until="load")
    assert page.locator(f"[id='{last}']").is_visible()
    # The cite dialog still opens from a card (a page's own figures table).
    page.goto(f"{base}/2020/transport.html", wait_until="load")
    cite = page.locator("table a[data-figure][data-permalink]").first
    if cite.count():
        cite.click()
        page.locator("dialog.cite-dialog").wait_for(state="visible", timeout=5000)
    page.close()


def _text_problems(path: str, what: str, drawn: dict) -> list[str]:
    problems = []
    left, top, right, bottom = drawn["chart"]
    texts = drawn["texts"]
    if not texts:
        return [f"{path} {what}: no text"]
    for text in texts:
        if text["size"] < SMALLEST_TEXT - 0.05:
            problems.append(f"{path} {what}: {text['text']!r} is {text['size']:.1f} px")
        x0, y0, x1, y1 = text["box"]
        if x0 < left - 1 or x1 > right + 1 or y0 < top - 1 or y1 > bottom + 1:
            problems.append(f"{path} {what}: {text['text']!r} is cut off")
    for index, one in enumerate(texts):
        for other in texts[index + 1 :]:
            a, b = one["box"], other["box"]
            overlap_x = min(a[2], b[2]) - max(a[0], b[0])
            overlap_y = min(a[3], b[3]) - max(a[1], b[1])
            if overlap_x > 1 and overlap_y > 2:
                problems.append(f"{path} {what}: {one['text']!r} overlaps {other['text']!r}")
    return problems


def test_every_chart_has_text_of_at_least_11_px_whole_and_apart(built_site, phone):
    """The static SVG first shown and the live chart Vega draws, as a 390 px phone shows them."""
    context, base = phone
    page = context.new_page()
    problems, charted = [], 0
    for path in _pages(built_site):
        page.goto(f"{base}/{path}", wait_until="load")
        boxes = page.locator(".vega-chart")
        for index in range(boxes.count()):
            box = boxes.nth(index)
            box.scroll_into_view_if_needed()
            image = box.locator("img")
            image.evaluate("img => img.decode()")
            inlined = image.evaluate_handle(STATIC_TEXT)
            problems += _text_problems(path, f"chart {index + 1} (image)", inlined.evaluate(SVG_TEXT))
            inlined.evaluate("svg => svg.parentElement.remove()")
            box.dispatch_event("pointerenter")
            live = box.locator(".vega-live svg").first
            live.wait_for(state="attached", timeout=30000)
            problems += _text_problems(path, f"chart {index + 1} (live)", live.evaluate(SVG_TEXT))
            charted += 1
    page.close()
    assert charted > 10 and not problems, problems[:10]


def _role(session, locator) -> str:
    """The role Chromium's accessibility tree gives an element."""
    locator.evaluate("e => e.setAttribute('data-ax-probe', '')")
    root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": "[data-ax-probe]"})["nodeId"]
    locator.evaluate("e => e.removeAttribute('data-ax-probe')")
    found = session.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
    return found[0]["role"]["value"]


def test_tables_shown_as_cards_are_still_tables_to_screen_readers(built_site, phone):
    """Chromium's accessibility tree at 390 px: a table shown as cards keeps its table, rows, headers and cells."""
    context, base = phone
    page = context.new_page()
    page.goto(f"{base}/2020/transport.html", wait_until="load")
    table = page.locator("#table-airlines")
    row = table.locator("tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    session = context.new_cdp_session(page)
    session.send("Accessibility.enable")
    roles = [
        _role(session, element)
        for element in (table, table.locator("thead th").first, row, row.locator("th"), row.locator("td").first)
    ]
    page.close()
    assert roles == ["table", "columnheader", "row", "rowheader", "cell"], roles
