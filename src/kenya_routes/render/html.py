"""HTML from templates: every page element the package writes is a template in render/templates/.

Templates are rendered with autoescaping, and every value they print goes
through `escape.html` (which also removes invisible characters and makes text
inert in JavaScript template literals). Python code prepares plain values and
never joins tags; a value that is already HTML is one a template made.

Templates are written one element per line, indented; the loader joins the
lines, so the HTML has no whitespace between elements (a page's inline HTML
must not contain blank lines, which would end a Markdown HTML block).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import escape


def _finalize(value: Any) -> Any:
    """Every printed value, escaped by the project's own rules (markup from a template is kept)."""
    if isinstance(value, Markup):
        return value
    return Markup(escape.html(value))


class _JoinedLines(PackageLoader):
    """Each template's lines joined, without the line breaks and indentation between them."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return re.sub(r"\n[ \t]*", "", source), filename, uptodate


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=_JoinedLines("kenya_routes.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
    )
    env.filters["script_json"] = lambda value: Markup(escape.script_json(value))
    return env


def render(name: str, **values: Any) -> Markup:
    """The template `name` rendered with `values`: HTML, safe to place in a page."""
    return Markup(environment().get_template(name).render(**values))


def macro(template: str, name: str):
    """A macro of a template, to call with values: `macro("page_elements.html", "note")(text)`."""
    return getattr(environment().get_template(template).module, name)
