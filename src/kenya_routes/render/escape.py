"""Escaping: every data value that reaches HTML, JavaScript or generated Markdown passes here.

A value from a spreadsheet is text to show, never markup or code. `html()`
makes it inert in HTML text and attributes and inside JavaScript template
literals; `markdown()` makes it inert in MyST Markdown; `script_json()` embeds a
value in a script or JSON file without closing the script. Invisible characters
that reorder or hide text (bidirectional overrides, zero-width characters) are
removed first, so what a reader sees is what the data says.
"""

from __future__ import annotations

import json
import re
import string
from typing import Any

# Bidirectional controls and zero-width characters: they change how text displays
# ("U+202E" reverses what follows) without being visible themselves.
INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]")
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_HTML = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "'": "&#39;",
    # Inert inside JavaScript template literals too (`...${...}...`).
    "`": "&#96;",
    "$": "&#36;",
    "\\": "&#92;",
    # Never a template delimiter either, should the text pass through a template engine ({{ {% {#).
    "{": "&#123;",
    "}": "&#125;",
}
_HTML_PATTERN = re.compile("[&<>\"'`$\\\\{}]")
_MARKDOWN_PATTERN = re.compile("([" + re.escape(string.punctuation) + "])")


def text(value: Any) -> str:
    """The value as plain display text: invisible and control characters removed."""
    if value is None:
        return ""
    if isinstance(value, float) and value != value:
        return ""
    return CONTROL.sub("", INVISIBLE.sub("", str(value)))


def html(value: Any) -> str:
    """Text safe in HTML element content, attribute values and JS template literals."""
    return _HTML_PATTERN.sub(lambda m: _HTML[m.group(0)], text(value))


def markdown(value: Any) -> str:
    """Text safe in MyST Markdown: every ASCII punctuation mark backslash-escaped,
    line breaks flattened, so a value can never open a role, link, directive or HTML tag."""
    flat = " ".join(text(value).split())
    return _MARKDOWN_PATTERN.sub(r"\\\1", flat)


def script_json(value: Any, compact: bool = False) -> str:
    """JSON that can sit inside <script> or an HTML attribute without ending it (`compact`: no spaces)."""
    separators = (",", ":") if compact else None
    encoded = json.dumps(value, ensure_ascii=True, allow_nan=False, default=str, separators=separators)
    # Also inert if a string ever ends up in a template literal: no backtick, no "${".
    return (
        encoded.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
        .replace("`", "\\u0060")
        .replace("$", "\\u0024")
    )


def script_text(value: Any) -> str:
    """A text as a JSON string literal for a script, inert even if the script passes through a
    template engine: besides what `script_json` escapes, its braces are written as \\u escapes."""
    return script_json(text(value)).replace("{", "\\u007b").replace("}", "\\u007d")


_BIBTEX = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "%": "\\%",
    "&": "\\&",
    "#": "\\#",
    "$": "\\$",
    "_": "\\_",
    "^": "\\^{}",
    "~": "\\~{}",
}
_BIBTEX_PATTERN = re.compile(r"[\\{}%&#$_^~]")


def bibtex(value: Any) -> str:
    """Text for a BibTeX field value in braces: one line, and every character BibTeX or LaTeX reads as
    an instruction (braces, backslash, %, &, #, $, _, ^, ~) escaped, so a value can never close its field."""
    flat = " ".join(text(value).split())
    return _BIBTEX_PATTERN.sub(lambda m: _BIBTEX[m.group(0)], flat)


def attribute(value: Any) -> str:
    """Text for a double-quoted HTML attribute set outside a template (the theme's fixes, the
    security policy): the characters that could end the attribute or the tag are escaped."""
    return text(value).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def bibtex_url(value: Any) -> str:
    """A URL for a BibTeX `url` field (read verbatim by BibLaTeX): braces and backslashes, which would end
    the field, are percent-encoded; a URL never has spaces."""
    flat = "".join(text(value).split())
    return flat.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bibtex_key(value: Any) -> str:
    """A citation key: letters, digits and a few separators only."""
    return re.sub(r"[^A-Za-z0-9_:-]+", "_", text(value))


def ris(value: Any) -> str:
    """Text for one RIS line: a record is line-based, so line breaks would start a new tag."""
    return " ".join(text(value).split())
