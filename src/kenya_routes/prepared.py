"""Prepared data: what one edition's pages are built from, written once per build.

The prepare step turns validated routes into publishable tables and figures
under _build/prepared/<edition>/. Notebooks load only these files (through
`load`), so they never see a column outside the publication allowlist, and a
page never recomputes what another has computed.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from . import analysis, disclosure, figures, formatting, paths, publication, reconcile, settings
from .dataset import RouteData
from .reference import REGIONS, Reference, load_reference

ROUTES_FILE = "routes.pkl"
META_FILE = "edition.json"


def folder(edition_id: str, root: Path | None = None) -> Path:
    return paths.build_dir(root) / "prepared" / edition_id


def permalink(site_url: str, edition_id: str, page: str, anchor: str) -> str:
    """The permanent address of an anchor: absolute if the site's address is known,
    otherwise relative to the site's root."""
    path = f"{edition_id}/{page}.html#{anchor}"
    return f"{site_url}/{path}" if site_url else path


def citation_of(figure: dict[str, Any], edition_citation: str, link: str) -> str:
    value = formatting.format_value(figure["value"], figure["unit"])
    unit = "" if figure["unit"] in ("%",) or isinstance(figure["value"], list) else f" {figure['unit']}"
    return f"{edition_citation} {figure['label']}: {value}{unit}. {link}"


def write(data: RouteData, out: Path, previous: RouteData | None = None,
          quality: dict[str, Any] | None = None, root: Path | None = None) -> Path:
    """Write an edition's prepared data; returns the folder.

    Figures the source document states are computed from the data as it is;
    every other figure, and everything the pages show, from the routes after
    disclosure control (small submissions rolled up, small counts banded).
    """
    out.mkdir(parents=True, exist_ok=True)
    config = settings.load(root)
    enriched = data.enriched
    edition = data.edition
    document, printed, notes = reconcile.load_printed(edition)

    as_computed = reconcile.annotate(figures.compute(data, previous), printed)
    # What the document prints is public already: its routes keep their places, its counts are shown.
    printed_labels = {str(v) for f in as_computed if f.stated_in_source and isinstance(f.printed_value, list)
                      for v in f.printed_value}
    printed_cases = {disclosure.subject_cell(f.subject): f.value for f in as_computed
                     if f.subject and f.stated_in_source and f.matches_source}
    rolled, decisions = disclosure.apply(enriched, data.reference, config.disclosure_threshold, printed_labels,
                                         printed_cases)
    safe_data = RouteData(edition, data.reference, rolled[list(data.routes.columns)], data.warnings)
    computed = _disclosed_figures(as_computed, reconcile.annotate(figures.compute(safe_data, previous), printed),
                                  decisions)

    routes = publication.publishable(rolled.drop(columns=["estimated_cases"]))
    routes["estimated_cases"] = [decisions.shown("submission", s) for s in rolled["submission_id"]]
    publication.check(routes, "prepared routes")
    with (out / ROUTES_FILE).open("wb") as handle:
        pickle.dump(routes, handle, protocol=pickle.HIGHEST_PROTOCOL)

    rows = reconcile.reconcile(computed, printed)
    organisations = {
        "by_pair": analysis.organisations_per(enriched, "pair").to_dict(),
        "by_corridor": analysis.organisations_per(enriched, "corridor").to_dict(),
        "by_page_region": analysis.organisations_per(enriched, "page_region").to_dict(),
    }
    meta = {
        "id": edition.id, "title": edition.title, "short_title": edition.short_title, "status": edition.status,
        "publisher": edition.publisher, "licence": edition.licence, "licence_url": edition.licence_url,
        "collection_from": edition.collection_from, "collection_to": edition.collection_to,
        "collection_note": edition.collection_note, "instrument_name": edition.instrument_name,
        "instrument_version": edition.instrument_version, "columns": list(edition.columns),
        "citation": edition.citation, "contributors": [c.__dict__ for c in edition.contributors],
        "source_documents": list(edition.source_documents), "reconstruction": edition.reconstruction_note,
        "errata": list(edition.errata), "previous": previous.edition.id if previous else None,
    }
    records = []
    for figure in computed:
        record = figure.to_dict()
        record["permalink"] = permalink(config.site_url, edition.id, figure.page, figure.anchor)
        record["citation"] = citation_of(record, edition.citation, record["permalink"])
        records.append(record)
    cases = {level: decisions.table(level) for level in ("edition", "corridor", "pair", "route")}
    cases["weights"] = {key: decisions.weight("route", key) for key in cases["route"]}
    files = {
        META_FILE: meta,
        "figures.json": {"edition": edition.id, "figures": records},
        "reconciliation.json": {"document": document, "notes": notes,
                                "rows": [row.__dict__ for row in rows]},
        "organisations.json": organisations,
        "quality.json": quality or {},
        "cases.json": {"threshold": decisions.threshold, **cases},
        "suppression.json": {"edition": edition.id, "threshold": decisions.threshold, "log": decisions.log},
    }
    for name, payload in files.items():
        (out / name).write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str) + "\n",
                                encoding="utf-8")
    return out


def _disclosed_figures(as_computed: list[figures.Figure], after_disclosure: list[figures.Figure],
                       decisions: disclosure.Disclosure) -> list[figures.Figure]:
    """Figures as published: a figure the document prints, and the data reproduces, as printed; every
    other figure computed after disclosure control (dropped if roll-up leaves nothing to compute),
    with hidden counts of cases shown as their band."""
    safe = {f.id: f for f in after_disclosure}
    out = []
    for figure in as_computed:
        if not (figure.stated_in_source and figure.matches_source):
            if figure.id not in safe:
                continue
            figure = safe[figure.id]
        if figure.subject and decisions.hidden(*disclosure.subject_cell(figure.subject)):
            figure.value = decisions.shown(*disclosure.subject_cell(figure.subject))
        out.append(figure)
    return out


@dataclass
class SiteData:
    """One edition's prepared data, as notebooks use it."""

    edition: dict[str, Any]
    routes: pd.DataFrame
    figures: dict[str, dict[str, Any]]
    reconciliation: dict[str, Any]
    organisations: dict[str, dict[str, int]]
    quality: dict[str, Any]
    cases: dict[str, Any] = field(default_factory=dict)
    suppression: dict[str, Any] = field(default_factory=dict)
    root: Path | None = field(default=None, repr=False)

    @cached_property
    def reference(self) -> Reference:
        return load_reference(self.root)

    def collects(self, column: str) -> bool:
        return column in self.edition["columns"]

    def value(self, figure_id: str) -> Any:
        return self.figures[figure_id]["value"]

    @property
    def regions(self) -> list[tuple[str, str]]:
        """(name, slug) of every region page this edition has, in the report's order."""
        present = set(self.routes["page_region"])
        return [(name, slug) for name, slug in REGIONS.items() if name in present]

    def region_routes(self, slug: str) -> pd.DataFrame:
        name = next(n for n, s in REGIONS.items() if s == slug)
        return self.routes[self.routes["page_region"] == name]


def load(edition_id: str, root: Path | None = None) -> SiteData:
    base = folder(edition_id, root)
    with (base / ROUTES_FILE).open("rb") as handle:
        routes = pickle.load(handle)

    def read(name: str) -> Any:
        return json.loads((base / name).read_text(encoding="utf-8"))

    return SiteData(
        edition=read(META_FILE), routes=routes,
        figures={f["id"]: f for f in read("figures.json")["figures"]},
        reconciliation=read("reconciliation.json"), organisations=read("organisations.json"),
        quality=read("quality.json"), cases=read("cases.json"), suppression=read("suppression.json"), root=root,
    )

