"""An edition's routes, loaded, checked and resolved: the input of every later step."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import analysis, editions, loading, normalise
from .editions import Edition
from .problems import DataProblemError, ProblemReport, display_path
from .reference import Reference, load_reference


@dataclass
class RouteData:
    """One edition's normalised routes with the reference data they resolve against."""

    edition: Edition
    reference: Reference
    routes: pd.DataFrame
    warnings: tuple = ()

    @cached_property
    def enriched(self) -> pd.DataFrame:
        """Routes with derived columns: regions, corridor, region page, route label."""
        return analysis.enrich(self.routes, self.reference)


def load_routes(edition_id: str, root: Path | None = None, reference: Reference | None = None) -> RouteData:
    """Load an edition's route table; raise DataProblemError listing every problem."""
    edition = editions.load_edition(edition_id, root)
    reference = reference or load_reference(root)
    return load_routes_file(edition.routes_file(), edition, reference)


def load_routes_file(path: Path, edition: Edition, reference: Reference, sheet: str | None = None) -> RouteData:
    raw = loading.read_table(path, sheet=sheet)
    typed, report = loading.type_table(raw, edition.collected_columns)
    if report.errors:
        raise DataProblemError(report)
    resolved, resolution = normalise.normalise(typed, reference, edition, display_path(path))
    report.extend(resolution.problems)
    if report.errors:
        raise DataProblemError(report)
    return RouteData(edition, reference, resolved, tuple(report.warnings))


def previous_edition(edition_id: str, root: Path | None = None) -> str | None:
    """The edition published just before this one, if any."""
    ids = editions.edition_ids(root)
    if edition_id not in ids:
        return None
    position = ids.index(edition_id)
    return ids[position - 1] if position > 0 else None


def report_of(error: DataProblemError) -> ProblemReport:
    return error.report
