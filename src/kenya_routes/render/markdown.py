"""Markdown pages and notebook Markdown cells as Jinja templates of the edition's data.

Headings and sentences that depend on the edition or the region are real
Markdown, rendered before Jupyter Book reads them. Every value inserted is
escaped for Markdown (see escape.py) unless it is HTML made by a template of
render/templates/. `fig(id)` shows a figure's value with its anchor, so every
figure of figures.json has a place on its page that a citation can point to.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ..inputs.reference import REGION_NAMES
from ..prepare.formatting import format_value
from ..prepare.prepared import PreparedEdition
from . import escape, html
from .quality import quality_markdown

ILLUSTRATIVE = (
    "Illustrative: computed from the reconstructed rows, not stated in the published report; not for citation"
)


class Figures:
    """Figure marks for one page: each figure's anchor is emitted once.

    A figure's value links to its row on the edition's figures page, which gives
    the citation text; the link carries that text for the in-page cite box.
    """

    def __init__(self, data: PreparedEdition, page: str):
        self.data = data
        self.page = page
        self.to_root = "../" * page.count("/")
        self.shown: set[str] = set()

    def _link(self, figure: dict[str, Any]) -> dict[str, str]:
        href = f"{self.to_root}figures.html#cite-{figure['id']}"
        if figure["citable"]:
            return {"css": "fig fig-citable", "href": href, "title": f"Cite this figure: {figure['label']}"}
        return {"css": "fig fig-illustrative", "href": href, "title": ILLUSTRATIVE}

    def mark(self, figure_id: str) -> Markup:
        figure = self.data.figures[figure_id]
        text = Markup(escape.markdown(format_value(figure["value"], figure["unit"])))
        if figure_id in self.shown or figure["page"] != self.page:
            return text
        self.shown.add(figure_id)
        return html.render("figure_mark.html", figure=figure, text=text, **self._link(figure))

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
            rows.append(
                {
                    "figure": figure,
                    "value": format_value(figure["value"], figure["unit"]),
                    "source": source_of(figure),
                    "cite": "cite" if figure["citable"] else "illustrative",
                    **self._link(figure),
                }
            )
        return "\n\n## Figures on this page\n\n" + html.render("figures_section.html", rows=rows) + "\n"


def source_of(figure: dict[str, Any]) -> str:
    if figure["stated_in_source"] and figure["matches_source"]:
        return "stated in the source document"
    if figure["stated_in_source"]:
        return "the source document prints another value (see Methodology and data)"
    return "computed from the data"


def figures_table(data: PreparedEdition) -> Markup:
    """Every figure of the edition with its citation: the figures page."""
    rows = [
        {
            "figure": figure,
            "value": format_value(figure["value"], figure["unit"]),
            "source": source_of(figure),
            "page": f"{figure['page']}.html#fig-{figure['id']}",
        }
        for figure in data.figures.values()
    ]
    return html.render("figures_table.html", rows=rows)


def suppression_table(data: PreparedEdition) -> Markup:
    """The edition's suppression log: what was hidden or rolled up and why, never a value."""
    return html.render("suppression_table.html", log=data.suppression.get("log", []))


def bibtex(edition: dict[str, Any], site_url: str) -> str:
    """A BibTeX entry for the edition (shown in a code block, which is displayed literally)."""
    year = str(edition["collection_to"])[:4]
    url = f"{site_url}/{edition['id']}/" if site_url else f"{edition['id']}/"
    status = " (reconstructed route data)" if edition["status"] == "reconstructed" else ""
    fields = {
        "author": "{Stop the Traffik Kenya} and {Freedom Collaborative}",
        "title": "{" + edition["title"].replace("{", "").replace("}", "") + "}",
        "year": year,
        "edition": f"{edition['id']}{status}",
        "publisher": edition["publisher"],
        "howpublished": "\\url{" + url + "}",
        "note": f"Licence {edition['licence']}",
    }
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields.items())
    return f"@misc{{kenya_routes_{edition['id']},\n{body}\n}}"


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
    env = Environment(
        autoescape=False,
        undefined=StrictUndefined,
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["listing"] = lambda items: escape.markdown(format_value(list(items)))
    env.filters["number"] = lambda n: escape.markdown(format_value(int(n)))
    env.filters["plain"] = plain
    return env


def context(data: PreparedEdition, page: str, region: str | None = None) -> dict[str, Any]:
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
        # Regions with a page of their own, and those that are sections of the "Other regions" page.
        "region_pages": [{"name": name, "slug": slug} for name, slug in data.region_pages],
        "other_regions": [{"name": name, "slug": slug} for name, slug in data.other_regions],
        "other_routes": int(data.routes["page_region"].isin([name for name, _ in data.other_regions]).sum()),
        "minimum_routes": data.settings.get("region_minimum_routes", 1),
        "_figures": figures,
        "quality": Markup(quality_markdown(data.quality, edition["id"])) if data.quality else "",
        "to_root": Markup("../" * page.count("/")),
        "figures_table": lambda: figures_table(data),
        "bibtex": lambda: Markup(bibtex(edition, data.settings["site_url"])),
        "errata": edition.get("errata") or [],
        "threshold": data.cases.get("threshold", 0),
        "suppression_table": lambda: suppression_table(data),
    }
    if region:
        routes = data.region_routes(region)
        corridors = []
        for corridor, frame in routes.groupby("corridor", sort=False):
            corridors.append({"slug": corridor, "label": frame["corridor_label"].iloc[0], "routes": len(frame)})
        corridors.sort(key=lambda c: -c["routes"])
        values["region"] = {"name": REGION_NAMES[region], "slug": region, "routes": len(routes), "corridors": corridors}
    return values


def render(template: str, values: dict[str, Any]) -> str:
    return environment().from_string(template).render(**values)
