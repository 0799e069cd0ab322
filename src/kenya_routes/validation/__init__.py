"""The validation gate: the suites in expectations/ stop bad data before anything is built.

Order of checks: the reference tables (places, countries, vocabularies), the
edition's edition.yml, then the route table. The route table is read first (a
file that cannot be read, or lacks or misnames columns, stops there), then every
cell is checked by the `routes` and `route_items` suites. Only a table that
passes is typed and resolved into the RouteData the later steps use.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import contract, editions, loading, normalise, paths
from ..dataset import RouteData
from ..editions import Edition
from ..problems import DataProblemError, Problem, ProblemReport, display_path
from ..reference import COUNTRIES_FILE, PLACES_FILE, VOCABULARIES_FILE, Reference, load_reference
from . import frames
from .gate import Gate, problems_from, statistics


@dataclass
class ValidationOutcome:
    """What validating one route table found."""

    file: str
    report: ProblemReport
    data: RouteData | None = None
    checks: dict[str, dict[str, int]] = field(default_factory=dict)
    completeness: dict[str, float] = field(default_factory=dict)
    rows: int = 0
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        return not self.report.errors

    def quality_summary(self) -> dict[str, Any]:
        """The public one-page summary: no data value, only counts and shares."""
        return {
            "file": Path(self.file).name,
            "rows": self.rows,
            "passed": self.passed,
            "checks": self.checks,
            "warnings": len(self.report.warnings),
            "completeness": self.completeness,
        }


def validate_reference(root: Path | None = None, gate: Gate | None = None) -> tuple[ProblemReport, dict]:
    """Check the reference tables; returns problems and per-suite check counts."""
    gate = gate or Gate.shared()
    folder = paths.reference_dir(root)
    report, checks = ProblemReport(), {}
    countries_path = folder / COUNTRIES_FILE
    countries = _frame_or_problem(countries_path, ("latitude", "longitude"), report)
    codes = sorted(c for c in countries["code"].dropna()) if countries is not None else []
    parameters = frames.reference_parameters(codes)
    for suite, file_name, numeric in (("countries", COUNTRIES_FILE, ("latitude", "longitude")),
                                      ("places", PLACES_FILE, ("latitude", "longitude")),
                                      ("vocabularies", VOCABULARIES_FILE, ())):
        path = folder / file_name
        frame = countries if suite == "countries" else _frame_or_problem(path, numeric, report)
        if frame is None:
            continue
        missing = _missing_columns(gate, suite, frame, display_path(path))
        if missing:
            report.extend(missing)
            continue
        result = gate.run(suite, frame, parameters)
        report.extend(problems_from(result, frame, display_path(path)))
        checks[suite] = statistics(result)
    return report, checks


def _frame_or_problem(path: Path, numeric: tuple[str, ...], report: ProblemReport):
    if not path.is_file():
        report.add(Problem(display_path(path), "reference-file-present", "The reference file is missing."))
        return None
    return frames.csv_frame(path, numeric)


def _missing_columns(gate: Gate, suite: str, frame, shown: str) -> list[Problem]:
    """Columns a suite checks that a reference file lacks (checked before running it)."""
    needed = set()
    for expectation in gate.suite_definition(suite)["expectations"]:
        kwargs = expectation["kwargs"]
        for name in [kwargs.get("column")] + list(kwargs.get("column_list") or []):
            if name:
                needed.add(name.split("__")[0])
    return [Problem(shown, "required-columns", "This column is missing from the header row.", row=1, column=c)
            for c in sorted(needed) if c not in frame.columns]


def validate_edition_file(edition_id: str, root: Path | None = None, gate: Gate | None = None) -> tuple[ProblemReport, dict]:
    """Check that an edition's edition.yml is complete."""
    gate = gate or Gate.shared()
    path = paths.editions_dir(root) / edition_id / "edition.yml"
    shown = display_path(path)
    report = ProblemReport()
    if not path.is_file():
        report.add(Problem(shown, "edition-file-present", "The edition has no edition.yml file."))
        return report, {}
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        report.add(Problem(shown, "edition-file-readable", f"edition.yml is not valid YAML ({first})."))
        return report, {}
    if not isinstance(raw, dict):
        report.add(Problem(shown, "edition-file-readable", "edition.yml must be a set of 'field: value' lines."))
        return report, {}
    problems, checks = check_edition_fields(raw, shown, gate)
    report.extend(problems)
    return report, checks


def check_edition_fields(raw: dict[str, Any], shown: str, gate: Gate | None = None) -> tuple[list[Problem], dict]:
    """The `edition` suite on an edition.yml's fields, plus its instrument columns and contributors."""
    frame = frames.edition_frame(raw)
    result = (gate or Gate.shared()).run("edition", frame)
    problems = problems_from(result, frame, shown)
    # Instrument columns and contributor entries are checked where they are read.
    problems.extend(p for p in editions.edition_problems(raw, shown)
                    if p.rule in ("edition-columns",) or p.column and p.column.startswith("contributors["))
    return problems, {"edition": statistics(result)}


def validate_routes(path: Path, reference: Reference, edition: Edition | None, sheet: str | None = None,
                    organisations: list[str] | None = None, gate: Gate | None = None) -> ValidationOutcome:
    """Check one route table (the edition's, or any file laid out like it)."""
    started = time.perf_counter()
    try:
        raw = loading.read_table(path, sheet=sheet)
    except DataProblemError as error:
        return ValidationOutcome(display_path(path), ProblemReport(list(error.report.problems)))
    outcome = validate_table(raw, reference, edition, organisations, gate)
    outcome.seconds = time.perf_counter() - started
    return outcome


def validate_table(raw: loading.RawTable, reference: Reference, edition: Edition | None,
                   organisations: list[str] | None = None, gate: Gate | None = None) -> ValidationOutcome:
    """Check a route table already read; problems name `raw.file` and its spreadsheet rows."""
    gate = gate or Gate.shared()
    started = time.perf_counter()
    shown = raw.file
    report = ProblemReport()
    outcome = ValidationOutcome(shown, report)
    outcome.rows = len(raw.rows)
    report.extend(raw.problems)
    collected = edition.collected_columns if edition else None
    report.extend(loading.column_problems(raw, collected))
    if report.errors:
        outcome.seconds = time.perf_counter() - started
        return outcome

    parameters = frames.route_parameters(
        reference, organisations if organisations is not None else sorted(edition.contributor_names()))
    routes = frames.route_frame(raw, reference)
    result = gate.run("routes", routes, parameters)
    report.extend(problems_from(result, routes, shown, reference))
    outcome.checks["routes"] = statistics(result)
    items = frames.item_frame(raw)
    if len(items):
        result = gate.run("route_items", items, parameters, index_columns=["row", "column", "value"])
        report.extend(problems_from(result, items, shown, reference))
        outcome.checks["route_items"] = statistics(result)
    outcome.completeness = _completeness(raw, collected)

    if not report.errors and edition is not None:
        typed, typing = loading.type_table(raw, collected)
        resolved, resolution = normalise.normalise(typed, reference, edition, shown)
        # Anything found here slipped past the suites: report it rather than publish.
        report.extend(p for p in typing.problems + resolution.problems if p not in raw.problems)
        if not report.errors:
            outcome.data = RouteData(edition, reference, resolved, tuple(report.warnings))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _completeness(raw: loading.RawTable, collected) -> dict[str, float]:
    """Share of rows with a value, for each column that may be published."""
    shares = {}
    for name in loading.expected_columns(raw, collected):
        if not contract.BY_NAME[name].publishable:
            continue
        cells = raw.column(name)
        filled = sum(1 for c in cells if loading.clean(c))
        shares[name] = round(100.0 * filled / len(cells), 1) if cells else 0.0
    return shares


def validate_edition(edition_id: str, root: Path | None = None, gate: Gate | None = None) -> ValidationOutcome:
    """The whole gate for one edition: reference data, edition.yml, route table."""
    gate = gate or Gate.shared()
    started = time.perf_counter()
    report, checks = validate_reference(root, gate)
    edition_report, edition_checks = validate_edition_file(edition_id, root, gate)
    report.extend(edition_report.problems)
    checks.update(edition_checks)
    routes_path = paths.editions_dir(root) / edition_id / "routes.csv"
    if report.errors:
        return ValidationOutcome(display_path(routes_path), report, checks=checks,
                                 seconds=time.perf_counter() - started)
    edition = editions.load_edition(edition_id, root)
    reference = load_reference(root)
    if not edition.routes_file().is_file():
        report.add(Problem(display_path(edition.routes_file()), "file-present",
                           f"Edition {edition_id} has no route table yet. Add the partners' files with "
                           f"`python -m kenya_routes ingest FILES --edition {edition_id}`."))
        return ValidationOutcome(display_path(routes_path), report, checks=checks,
                                 seconds=time.perf_counter() - started)
    outcome = validate_routes(edition.routes_file(), reference, edition, gate=gate)
    outcome.report.problems[:0] = report.problems
    outcome.checks = {**checks, **outcome.checks}
    outcome.seconds = time.perf_counter() - started
    return outcome


def validate_file(path: Path, edition_id: str | None = None, sheet: str | None = None, root: Path | None = None,
                  gate: Gate | None = None) -> ValidationOutcome:
    """Check any route table, e.g. a partner's spreadsheet, against the contract.

    With an edition, its instrument's columns and contributors apply; without
    one, the optional columns the file has are accepted and the contributors of
    every edition are known organisations.
    """
    gate = gate or Gate.shared()
    report, checks = validate_reference(root, gate)
    if report.errors:
        return ValidationOutcome(display_path(path), report, checks=checks)
    reference = load_reference(root)
    edition = editions.load_edition(edition_id, root) if edition_id else None
    organisations = None if edition else frames.organisations_of(
        [editions.load_edition(e, root) for e in editions.edition_ids(root)])
    outcome = validate_routes(Path(path), reference, edition, sheet=sheet, organisations=organisations, gate=gate)
    outcome.report.problems[:0] = report.problems
    outcome.checks = {**checks, **outcome.checks}
    return outcome
