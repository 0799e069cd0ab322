"""Property-based: hostile strings through every function that puts data into a page, a script or a file.

Each output is parsed and checked structurally: no element or attribute the
function did not put there itself, and the text reads as the data says (less
invisible control characters).
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

from kenya_routes.inputs import patterns
from kenya_routes.render import downloads, escape, maps, tables
from kenya_routes.render import markdown as templating

FRAGMENTS = [
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "`",
    "${alert(1)}",
    '"',
    "'",
    "\\",
    "\u202e",
    "\u200b",
    "{{",
    "}}",
    "{%",
    "[x](javascript:alert(1))",
    "{doc}`x`",
    "$x$",
    "&amp;",
    "<!--",
    "*",
    "_",
    "#",
    "\n",
    "<b onmouseover=alert(1)>",
    "javascript:",
    "=cmd|",
    "@SUM(",
    "+1",
    "-",
]
hostile = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(FRAGMENTS)), max_size=8).map("".join)


class Structure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.text = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes.extend(name for name, _ in attrs)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.text.append(data)


def structure(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    parser.close()
    return parser


def visible(value: str) -> str:
    return escape.text(value)


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_html_escape(value):
    parsed = structure(f"<p>{escape.html(value)}</p>")
    assert parsed.tags == ["p"] and not parsed.attributes
    assert "".join(parsed.text) == visible(value)
    for dangerous in ("`", "$", "<", ">", '"', "'"):
        assert dangerous not in escape.html(value)


MARKDOWN = MarkdownIt("commonmark").use(dollarmath_plugin)


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_markdown_escape(value):
    html = MARKDOWN.render(escape.markdown(value))
    parsed = structure(html)
    assert set(parsed.tags) <= {"p"} and not parsed.attributes
    assert " ".join("".join(parsed.text).split()) == " ".join(visible(value).split())


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_templates(value):
    html = MARKDOWN.render(templating.render("Place: {{ value }}.", {"value": value}))
    parsed = structure(html)
    assert set(parsed.tags) <= {"p"} and not parsed.attributes


@settings(max_examples=200, deadline=None)
@given(hostile, hostile)
def test_tables(value, caption):
    html = tables.html_table(pd.DataFrame({"a": [value], "n": [1]}), {"a": value or "x", "n": "n"}, caption)
    parsed = structure(html)
    assert set(parsed.tags) <= {"div", "table", "caption", "thead", "tbody", "tr", "th", "td"}
    assert set(parsed.attributes) <= {"class", "tabindex", "role", "aria-label", "scope", "data-label"}


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_map_popups_and_tooltips(value):
    path = maps.Path(points=(), group=value, labels=[value], submissions=1)
    for html in (maps._popup_html(path, {value: value}), maps._tooltip_html(path, {value: value})):
        decoded = json.loads(json.dumps(html))  # as Leaflet receives it
        parsed = structure(decoded)
        assert set(parsed.tags) <= {"table", "tr", "th", "td", "br"}
        assert set(parsed.attributes) <= {"class", "scope"}


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_script_json(value):
    encoded = escape.script_json({"v": value})
    assert "</" not in encoded and "<!--" not in encoded and json.loads(encoded)["v"] == value


@settings(max_examples=300, deadline=None)
@given(hostile)
def test_download_cells(value):
    cell = downloads.neutralise(value)
    if cell and cell[0] in patterns.FORMULA_TRIGGERS:
        assert cell.lstrip("+-").replace(".", "", 1).isdigit()  # only plain numbers start with a sign
