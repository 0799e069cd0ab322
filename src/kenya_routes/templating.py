"""Markdown pages and notebook Markdown cells as Jinja templates of the edition's data.

Headings and sentences that depend on the edition or the region are real
Markdown, rendered before Jupyter Book reads them. Every value inserted is
escaped for Markdown (see escape.py) unless it is markup built here from
escaped parts. `fig(id)` shows a figure's value with its anchor, so every
figure of figures.json has a place on its page that a citation can point to.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from . import escape
from .prepared import SiteData
from .reference import REGIONS
from .validation.reports import quality_markdown


def format_value(value: Any, unit: str = "") -> str:
    """A figure's value as a reader sees it: 1,234; 56%; 'A, B and C'."""
    if isinstance(value, list):
        items = [str(v) for v in value]
        if not items:
            return "none"
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
        return f"{text}%" if unit == "%" else text
    return str(value)


class Figures:
    """Figure marks for one page: each figure's anchor is emitted once."""

    def __init__(self, data: SiteData, page: str):
        self.data = data
        self.page = page
        self.shown: set[str] = set()

    def mark(self, figure_id: str) -> Markup:
        figure = self.data.figures[figure_id]
        text = escape.markdown(format_value(figure["value"], figure["unit"]))
        if figure_id in self.shown or figure["page"] != self.page:
            return Markup(text)
        self.shown.add(figure_id)
        ident = escape.html(f"fig-{figure_id}")
        return Markup(f'<span class="fig" id="{ident}" data-figure="{escape.html(figure_id)}">{text}</span>')

    def remaining(self) -> list[dict[str, Any]]:
        return [f for f in self.data.figures.values() if f["page"] == self.page and f["id"] not in self.shown]

    def section(self) -> str:
        """The page's figures not shown in its text, as a table with their anchors."""
        rest = self.remaining()
        if not rest:
            return ""
        rows = []
        for figure in rest:
            self.shown.add(figure["id"])
            value = escape.html(format_value(figure["value"], figure["unit"]))
            stated = "stated in the source document" if figure["stated_in_source"] else "computed from the data"
            rows.append(
                f'<tr id="{escape.html("fig-" + figure["id"])}"><th scope="row">{escape.html(figure["label"])}</th>'
                f'<td>{value}</td><td>{escape.html(figure["unit"])}</td><td>{stated}</td></tr>')
        return ("\n\n## Figures on this page\n\n"
                '<div class="table-wrap" tabindex="0" role="region" aria-label="Figures on this page">'
                '<table class="data-table figures-table"><caption>Every figure of this page, with its '
                'anchor for citation</caption><thead><tr><th scope="col">figure</th><th scope="col">value</th>'
                '<th scope="col">unit</th><th scope="col">source</th></tr></thead><tbody>'
                + "".join(rows) + "</tbody></table></div>\n")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if isinstance(value, (int, float, list)) and not isinstance(value, bool):
        return escape.markdown(format_value(value))
    return escape.markdown(value)


PLAIN = re.compile(r"^[A-Za-z0-9 \-]+$")


def plain(value: Any) -> Markup:
    """Text for role targets and link labels (where backslash escapes do not apply): only
    letters, digits, spaces and hyphens pass, anything else stops the build."""
    text = str(value)
    if not PLAIN.match(text):
        raise ValueError(f"not plain text: {text!r}")
    return Markup(text)


def environment() -> Environment:
    env = Environment(autoescape=False, undefined=StrictUndefined, finalize=_finalize, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["listing"] = lambda items: escape.markdown(format_value(list(items)))
    env.filters["number"] = lambda n: escape.markdown(format_value(int(n)))
    env.filters["plain"] = plain
    return env


def context(data: SiteData, page: str, region: str | None = None) -> dict[str, Any]:
    figures = Figures(data, page)
    edition = data.edition
    values = {
        "edition": edition,
        "reconstructed": edition["status"] == "reconstructed",
        "fig": figures.mark,
        "value": lambda figure_id: data.value(figure_id),
        "has_figure": lambda figure_id: figure_id in data.figures,
        "collects": data.collects,
        "regions": [{"name": name, "slug": slug} for name, slug in data.regions],
        "_figures": figures,
        "quality": Markup(quality_markdown(data.quality, edition["id"])) if data.quality else "",
    }
    if region:
        name = next(n for n, s in REGIONS.items() if s == region)
        routes = data.region_routes(region)
        corridors = []
        for corridor, frame in routes.groupby("corridor", sort=False):
            corridors.append({"slug": corridor, "label": frame["corridor_label"].iloc[0], "routes": len(frame)})
        corridors.sort(key=lambda c: -c["routes"])
        values["region"] = {"name": name, "slug": region, "routes": len(routes), "corridors": corridors}
    return values


def render(template: str, values: dict[str, Any]) -> str:
    return environment().from_string(template).render(**values)
