"""Markdown pages and notebook Markdown cells as Jinja templates of the edition's data.

Headings and sentences that depend on the edition or the region are real
Markdown, rendered before Jupyter Book reads them. Every value inserted is
escaped for Markdown (see escape.py) unless it is HTML made by a template of
render/templates/. `fig(id)` shows a figure's value with its anchor, so every
figure of figures.json has a place on its page that a citation can point to.
`report(id)` marks where a section of the source document is covered (its
anchor, its place in the document and its findings, from the edition's
report_sections.yml); `count(n, "route", "routes")` and `noun(id, "route",
"routes")` choose the word for a number through Babel's ngettext (plurals.py).
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ..inputs.reference import REGION_NAMES
from ..prepare import plurals
from ..prepare.formatting import format_value
from ..prepare.prepared import PreparedEdition
from . import citations, escape, html
from .quality import quality_markdown

CHECK_WORDS = {
    "equal": "the data gives the same",
    "as read": "the data gives the same, read in its own spelling",
    "same items": "the data has the same items",
    "includes": "the data names these and more",
    "at least": "the data agrees",
    "leads": "the data ranks these first",
}


def data_phrase(figure: dict[str, Any]) -> str:
    """What the data gives for a figure: 'the data gives 33 countries', or for a list how it differs
    ('the data also names Somalia and Sudan, and not Jordan')."""
    differences = figure.get("differences")
    if differences:
        parts = []
        if differences["added"]:
            parts.append("also names " + format_value(differences["added"]))
        if differences["missing"]:
            parts.append("does not name " + format_value(differences["missing"]))
        return "the data " + ", and ".join(parts)
    return "the data gives " + citations.value_text(dict(figure, value=figure["data_value"]))


class Figures:
    """Figure marks for one page: each figure's anchor is emitted once.

    A figure's value links to its row on the edition's figures page, which gives
    its citation; the link carries the citation (or why the value is not for
    citation) for the in-page cite box, and shows what the value rests on.
    """

    def __init__(self, data: PreparedEdition, page: str):
        self.data = data
        self.page = page
        self.to_root = "../" * page.count("/")
        self.shown: set[str] = set()
        self.reasons: set[str] = set()

    def _citation(self, figure: dict[str, Any]) -> str | None:
        return citations.figure_text(figure, self.data.edition) if figure["citable"] else None

    def _href(self, figure: dict[str, Any]) -> str:
        return f"{self.to_root}figures.html#cite-{figure['id']}"

    def _note(self, figure: dict[str, Any]) -> dict[str, Any] | None:
        """Beside a reported figure the data does not reproduce: the data's value and why. The words sit in a
        Markdown paragraph, so they are escaped for Markdown (inline HTML's text is read as Markdown)."""
        if figure["provenance"] != "reported" or figure["check"] != "differs" or figure["data_value"] is None:
            return None
        return {
            "data": Markup(escape.markdown(data_phrase(figure))),
            "why": Markup(escape.markdown(figure["why"] or "")),
            "link": f"{self.to_root}methodology.html#reconcile-{figure['id']}",
        }

    def mark(self, figure_id: str, unit: bool = False) -> Markup:
        """The figure's value (with its unit, if `unit`) and its provenance mark: on its own page once with
        its anchor, its citation and, beside a reported figure the data does not reproduce, what the data
        gives and why (once per reason); elsewhere a link to it."""
        figure = self.data.figures[figure_id]
        words = citations.value_text(figure) if unit else format_value(figure["value"], figure["unit"])
        text = Markup(escape.markdown(words))
        if figure_id in self.shown or figure["page"] != self.page:
            return html.render(
                "figure_ref.html", figure=figure, text=text, href=f"{self.to_root}{figure['page']}.html#fig-{figure_id}"
            )
        self.shown.add(figure_id)
        note = self._note(figure)
        if note is not None:
            if figure["why"] in self.reasons:
                note = None
            self.reasons.add(figure["why"])
        return html.render(
            "figure_mark.html",
            figure=figure,
            text=text,
            href=self._href(figure),
            citation=self._citation(figure),
            note=note,
        )

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
                    "href": self._href(figure),
                    "citation": self._citation(figure),
                }
            )
        return "\n\n## Figures on this page\n\n" + html.render("figures_section.html", rows=rows) + "\n"


class ReportSections:
    """Marks of the source document's sections on one page (see inputs/report.py).

    An edition without a coverage file covers no section: `report(id)` gives
    nothing. With one, a section that is not in it, that belongs on another page
    or that is marked twice stops the build with the page named.
    """

    def __init__(self, data: PreparedEdition, page: str):
        self.sections = {section["id"]: section for section in data.report}
        self.page = page
        self.shown: set[str] = set()

    def covers(self, section_id: str) -> bool:
        return section_id in self.sections

    def mark(self, section_id: str) -> Markup:
        if not self.sections:
            return Markup("")
        section = self.sections.get(section_id)
        if section is None:
            raise KeyError(f"report({section_id!r}): no section with this id in the edition's report_sections.yml")
        if section["page"] != self.page:
            raise ValueError(
                f"report({section_id!r}): report_sections.yml puts this section on page {section['page']!r}, "
                f"not {self.page!r}"
            )
        if section_id in self.shown:
            raise ValueError(f"report({section_id!r}) is marked twice on page {self.page!r}")
        self.shown.add(section_id)
        return html.render("report_section.html", section=section)


def source_of(figure: dict[str, Any]) -> str:
    """What a figure rests on, in words."""
    if figure["provenance"] == "reported":
        where = f"stated in the report ({figure['source']['location']})"
        if figure["check"] == "differs":
            return f"{where}; {data_phrase(figure)}, because {figure['why']}"
        return f"{where}; {CHECK_WORDS.get(figure['check'], '')}"
    if figure["provenance"] == "reconstructed":
        return "reconstructed: computed from rows rebuilt from the report; illustrative, not for citation"
    return "computed from the submissions"


def figures_table(data: PreparedEdition) -> Markup:
    """Every figure of the edition with its citation: the figures page."""
    rows = [
        {
            "figure": figure,
            "value": format_value(figure["value"], figure["unit"]),
            "source": source_of(figure),
            "page": f"{figure['page']}.html#fig-{figure['id']}",
            "citation": citations.figure_text(figure, data.edition) if figure["citable"] else None,
        }
        for figure in data.figures.values()
    ]
    return html.render("figures_table.html", rows=rows)


def suppression_table(data: PreparedEdition) -> Markup:
    """The edition's suppression log: what was hidden or rolled up and why, never a value."""
    return html.render("suppression_table.html", log=data.suppression.get("log", []))


def cite_formats(data: PreparedEdition) -> Markup:
    """The edition's citation as text, BibTeX, RIS and CSL-JSON, each shown as written (never as markup)."""
    meta = data.edition
    link = citations.edition_link(meta, data.settings["site_url"])
    return html.render(
        "cite_formats.html",
        text=f"{meta['citation']} {link}",
        bibtex=citations.bibtex(meta, link),
        ris=citations.ris(meta, link),
        csl=citations.csl_json([citations.csl(meta, link)]),
    )


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


def size_text(size: int) -> str:
    """A file's size as a download link gives it: '140 KB', '1.2 MB'."""
    if size >= 1024 * 1024:
        return f"{format_value(round(size / 1024 / 1024, 1))} MB"
    return f"{max(1, round(size / 1024))} KB"


def context(
    data: PreparedEdition,
    page: str,
    region: str | None = None,
    fact_sheets: list[dict[str, Any]] | None = None,
    translations: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The values a page's template is rendered with. `fact_sheets`: the edition's sheets that were made
    (page, name, file, bytes; see publish/sheets.staged); `translations`: the languages besides English its
    route table is published in (code, name, reviewed, stem; see publish/execute.Inputs)."""
    figures = Figures(data, page)
    sections = ReportSections(data, page)
    edition = data.edition

    def noun(figure_id: str, singular: str, plural: str) -> str:
        """The word that follows a figure's value: `{{ fig(id) }} {{ noun(id, "route", "routes") }}`."""
        return plurals.word(data.value(figure_id), singular, plural)

    to_root = "../" * page.count("/")
    sheets = [
        dict(
            sheet,
            href=f"{to_root}factsheets/{sheet['file']}",
            stem=sheet["file"].removesuffix(".pdf"),
            size=size_text(sheet["bytes"]),
        )
        for sheet in fact_sheets or []
    ]

    def fact_sheet() -> Markup:
        """The link to this page's fact sheet, if it has one, and to the sheet in each other language."""
        own = [sheet for sheet in sheets if sheet["page"] == page]
        if not own:
            return Markup("")
        english = [sheet for sheet in own if sheet["language"] == "en"]
        if not english:
            return Markup("")
        translated = [sheet for sheet in own if sheet["language"] != "en"]
        return html.macro("page_elements.html", "fact_sheet")(english[0], translated)

    values = {
        "edition": edition,
        "fact_sheet": fact_sheet,
        "fact_sheets": [sheet for sheet in sheets if sheet["language"] == "en"],
        "translated_fact_sheets": [sheet for sheet in sheets if sheet["language"] != "en"],
        "translated_downloads": list(translations or []),
        "reconstructed": edition["status"] == "reconstructed",
        "fig": figures.mark,
        "value": lambda figure_id: data.value(figure_id),
        "has_figure": lambda figure_id: figure_id in data.figures,
        "reported": lambda figure_id: figure_id in data.figures and data.figures[figure_id]["provenance"] == "reported",
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
        "cite_formats": lambda: cite_formats(data),
        "errata": edition.get("errata") or [],
        "threshold": data.cases.get("threshold", 0),
        "suppression_table": lambda: suppression_table(data),
        # A figure that may back a recommendation: any figure of a submitted edition; in a reconstructed one,
        # only a figure its source document states (never a count of the rebuilt rows).
        "backs": lambda figure_id: (
            figure_id in data.figures
            and (edition["status"] != "reconstructed" or data.figures[figure_id]["provenance"] == "reported")
        ),
        "report": sections.mark,
        "in_report": sections.covers,
        "count": plurals.count,
        "plural": plurals.word,
        "noun": noun,
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
