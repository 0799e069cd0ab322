"""Prepared data: what one edition's pages are built from.

`prepare_edition` turns validated routes into publishable tables and figures
(a pure function of its inputs); `write` is the one place they are written,
under _build/prepared/<edition>/, as JSON files any tool reads (the route table
with its Table Schema); `load` reads them back. Pages load only these files, so
they never see a column outside the publication allowlist, and a page never
recomputes what another has computed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ..inputs.reference import REGION_NAMES, REGIONS
from ..inputs.report import read_sections
from ..inputs.settings import Settings
from ..validation import RouteData
from . import allowlist, analysis, disclosure, figures, provenance, reconcile

ROUTES_FILE = "routes.json"
REPORT_FILE = "report.json"


@dataclass
class PreparedEdition:
    """One edition's publishable data."""

    edition: dict[str, Any]
    routes: pd.DataFrame
    figures: dict[str, dict[str, Any]]
    reconciliation: dict[str, Any]
    organisations: dict[str, dict[str, int]]
    quality: dict[str, Any]
    cases: dict[str, Any] = field(default_factory=dict)
    suppression: dict[str, Any] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    # The source document's sections and the page covering each (inputs/report.py); empty without the file.
    report: list[dict[str, Any]] = field(default_factory=list)

    def collects(self, column: str) -> bool:
        return column in self.edition["columns"]

    def value(self, figure_id: str) -> Any:
        return self.figures[figure_id]["value"]

    @property
    def regions(self) -> list[tuple[str, str]]:
        """(name, slug) of every region page this edition has, in the report's order."""
        present = set(self.routes["page_region"])
        return [(name, slug) for name, slug in REGIONS.items() if name in present]

    @property
    def region_pages(self) -> list[tuple[str, str]]:
        """(name, slug) of the regions with a page of their own: those with at least the
        configured minimum of route submissions."""
        return [(name, slug) for name, slug in self.regions if slug not in self._small_regions()]

    @property
    def other_regions(self) -> list[tuple[str, str]]:
        """(name, slug) of the regions shown as sections of the "Other regions" page."""
        return [(name, slug) for name, slug in self.regions if slug in self._small_regions()]

    def _small_regions(self) -> set[str]:
        return small_regions(self.routes, self.settings.get("region_minimum_routes", 1))

    def region_routes(self, slug: str) -> pd.DataFrame:
        return self.routes[self.routes["page_region"] == REGION_NAMES[slug]]


OTHER_REGIONS_PAGE = "regions/other"


def small_regions(routes: pd.DataFrame, minimum: int) -> set[str]:
    """Slugs of the regions with fewer route submissions than `minimum` (each a section of the
    "Other regions" page); `routes` has the `page_region` column of analysis.enrich."""
    counts = routes["page_region"].value_counts()
    return {REGIONS[name] for name, count in counts.items() if count < minimum}


def region_page_of(slug: str, small: set[str]) -> str:
    return OTHER_REGIONS_PAGE if slug in small else f"regions/{slug}"


# --- building ---------------------------------------------------------------------------
def prepare_edition(
    data: RouteData, previous: RouteData | None, quality: dict[str, Any], settings: Settings
) -> PreparedEdition:
    """An edition's publishable data.

    Figures are computed from two views of the rows, here and nowhere else: as
    they are, to compare with what the source document prints (and to publish a
    value the data gives exactly as printed), and after disclosure control (small
    submissions rolled up, small counts banded), for every other value the pages
    show. Each figure then carries its provenance (see provenance.py).
    """
    edition, reference = data.edition, data.reference
    printed = data.printed
    before = (
        figures.Previous(previous.edition.id, previous.routes, previous.edition.reconstructed) if previous else None
    )
    enriched = analysis.enrich(data.routes, reference)
    measured = reconcile.annotate(figures.compute(edition, reference, enriched, before), printed.figures)
    # What the document prints is public already: its routes keep their places, its counts are shown.
    printed_labels = {
        str(item) for entry in printed.figures if isinstance(entry.printed, list) for item in entry.in_data_terms()
    }
    printed_cases = {disclosure.subject_cell(f.subject): f.value for f in measured if f.subject and f.consistent}
    rolled, decisions = disclosure.apply(
        enriched, reference, settings.disclosure_threshold, printed_labels, printed_cases
    )
    disclosed_rows = analysis.enrich(rolled[list(data.routes.columns)], reference)
    disclosed = figures.by_id(figures.compute(edition, reference, disclosed_rows, before))
    # A region without a page of its own is a section of the "Other regions" page: so are its figures.
    small = small_regions(enriched, settings.region_minimum_routes)
    for figure in measured:
        if figure.page.startswith("regions/"):
            figure.page = region_page_of(figure.page.removeprefix("regions/"), small)

    routes = allowlist.publishable(rolled.drop(columns=["estimated_cases"]))
    routes["estimated_cases"] = [decisions.shown("submission", s) for s in rolled["submission_id"]]
    allowlist.check(routes, "prepared routes")

    records = {}
    data_figures = []
    for figure in measured:
        data_value = _data_value(figure, disclosed, decisions)
        if data_value is _DROPPED:
            continue
        records[figure.id] = provenance.record(figure, data_value, edition, printed.document, settings.site_url)
        data_figures.append(replace(figure, value=data_value))
    cases = {level: decisions.table(level) for level in ("edition", "corridor", "pair", "route")}
    cases["weights"] = {key: decisions.weight("route", key) for key in cases["route"]}
    rows = reconcile.reconcile(data_figures, printed.figures)
    return PreparedEdition(
        edition=_meta(data, previous),
        routes=routes,
        figures=records,
        reconciliation={
            "document": printed.document,
            "notes": list(printed.notes),
            "rows": [asdict(row) for row in rows],
        },
        organisations={
            "by_pair": analysis.organisations_per(enriched, "pair").to_dict(),
            "by_corridor": analysis.organisations_per(enriched, "corridor").to_dict(),
            "by_page_region": analysis.organisations_per(enriched, "page_region").to_dict(),
        },
        quality=quality or {},
        cases={"threshold": decisions.threshold, **cases},
        suppression={"edition": edition.id, "threshold": decisions.threshold, "log": decisions.log},
        settings=settings.as_record(),
        report=read_sections(edition.folder).records(),
    )


_DROPPED = object()


def _data_value(figure: figures.Figure, disclosed: dict[str, figures.Figure], decisions: disclosure.Disclosure):
    """The data's value of a figure as it may be published.

    A value equal to what the document prints (as printed, as read, or the same
    items) is public already and is taken from the rows as they are; any other
    from the rows after disclosure control, with hidden counts of cases shown as
    their band. A figure that roll-up leaves nothing to compute is dropped, unless
    the document prints it (its printed value is still shown).
    """
    if figure.check in ("equal", "as read", "same items"):
        value = figure.value
    elif figure.id in disclosed:
        value = disclosed[figure.id].value
    elif figure.stated_in_source:
        value = None
    else:
        return _DROPPED
    if figure.subject and decisions.hidden(*disclosure.subject_cell(figure.subject)):
        value = decisions.shown(*disclosure.subject_cell(figure.subject))
    return value


def _meta(data: RouteData, previous: RouteData | None) -> dict[str, Any]:
    """The edition's description, as pages show it."""
    edition = data.edition
    return {
        "id": edition.id,
        "title": edition.title,
        "short_title": edition.short_title,
        "status": edition.status,
        "publisher": edition.publisher,
        "licence": edition.licence,
        "licence_url": edition.licence_url,
        "collection_from": edition.collection_from,
        "collection_to": edition.collection_to,
        "collection_note": edition.collection_note,
        "instrument_name": edition.instrument_name,
        "instrument_version": edition.instrument_version,
        "columns": list(edition.columns),
        "citation": edition.citation,
        "authors": list(edition.authors),
        "year": edition.collection_to[:4],
        "document": data.printed.document,
        "contributors": [c.__dict__ for c in edition.contributors],
        "source_documents": list(edition.source_documents),
        "reconstruction": edition.reconstruction_note,
        "errata": list(edition.errata),
        "previous": previous.edition.id if previous else None,
        "previous_status": previous.edition.status if previous else None,
    }


# --- writing and reading -------------------------------------------------------------------
# Table Schema types of the prepared route table's columns (lists are JSON arrays).
_TYPES = {"domestic": "boolean", "row": "integer"}
_ARRAYS = ("transit", "transport_modes", "airlines", "industries", "recruitment_methods", "transit_countries")


def _schema(routes: pd.DataFrame) -> dict[str, Any]:
    fields = [{"name": "row", "type": "integer", "description": "Row of the edition's route table"}]
    for name in routes.columns:
        fields.append({"name": name, "type": _TYPES.get(name, "array" if name in _ARRAYS else "string")})
    return {"fields": fields, "primaryKey": ["submission_id"]}


def _records(routes: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    columns = list(routes.columns)
    for row, values in zip(routes.index, routes.itertuples(index=False)):
        record = {"row": int(row)}
        for name, value in zip(columns, values):
            if isinstance(value, (list, tuple)):
                record[name] = list(value)
            elif value is None or (isinstance(value, float) and value != value):
                record[name] = None
            elif hasattr(value, "item"):  # numpy scalar
                record[name] = value.item()
            else:
                record[name] = value
        out.append(record)
    return out


def write(prepared: PreparedEdition, folder: Path) -> Path:
    """Write an edition's prepared data into `folder` (made afresh); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "edition.json": prepared.edition,
        "figures.json": {"edition": prepared.edition["id"], "figures": list(prepared.figures.values())},
        "reconciliation.json": prepared.reconciliation,
        "organisations.json": prepared.organisations,
        "quality.json": prepared.quality,
        "cases.json": prepared.cases,
        "suppression.json": prepared.suppression,
        "settings.json": prepared.settings,
        REPORT_FILE: {"edition": prepared.edition["id"], "sections": prepared.report},
        ROUTES_FILE: {"schema": _schema(prepared.routes), "data": _records(prepared.routes)},
    }
    for name, payload in files.items():
        (folder / name).write_text(
            json.dumps(payload, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
        )
    return folder


def _routes_from(table: dict[str, Any]) -> pd.DataFrame:
    """The route table as written: text and lists as Python objects, a blank as None (never NaN)."""
    records = table["data"]
    index = pd.Index([record["row"] for record in records], name="row", dtype="int64")
    columns = {}
    for spec in table["schema"]["fields"]:
        name = spec["name"]
        if name == "row":
            continue
        values = [record[name] for record in records]
        columns[name] = pd.Series(values, index=index, dtype=bool if spec["type"] == "boolean" else object)
    return pd.DataFrame(columns, index=index)


def load(folder: Path) -> PreparedEdition:
    def read(name: str) -> Any:
        return json.loads((folder / name).read_text(encoding="utf-8"))

    return PreparedEdition(
        edition=read("edition.json"),
        routes=_routes_from(read(ROUTES_FILE)),
        figures={f["id"]: f for f in read("figures.json")["figures"]},
        reconciliation=read("reconciliation.json"),
        organisations=read("organisations.json"),
        quality=read("quality.json"),
        cases=read("cases.json"),
        suppression=read("suppression.json"),
        settings=read("settings.json"),
        report=read(REPORT_FILE)["sections"] if (folder / REPORT_FILE).is_file() else [],
    )
