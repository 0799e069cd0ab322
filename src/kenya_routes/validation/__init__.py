"""The validation gate: nothing reaches the later steps without passing it.

Order of checks: the reference tables (places, countries, vocabularies: the
Great Expectations suites of expectations/), the edition's edition.yml and
published_figures.yml (their typed models), then the route table. The route
table is read first (a file that cannot be read, or lacks or misnames columns,
stops there), then every cell is checked by the `routes` and `route_items`
suites. Only a table that passes is typed and its names resolved into the
RouteData the later steps use (`checked_edition`).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from ..inputs import contract, loading, names
from ..inputs.editions import Edition
from ..inputs.printed import PrintedFigures, read_printed
from ..inputs.problems import DataProblemError, Problem, ProblemReport, display_path
from ..inputs.project import Project
from ..inputs.reference import COUNTRIES_FILE, PLACES_FILE, VOCABULARIES_FILE, Reference
from ..inputs.report import read_sections
from . import frames
from .gate import Gate, problems_from, statistics


@dataclass
class RouteData:
    """One edition's validated routes, every name resolved, with the reference data they resolve against."""

    edition: Edition
    reference: Reference
    routes: pd.DataFrame
    printed: PrintedFigures = field(default_factory=PrintedFigures)
    warnings: tuple = ()


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


def gate_of(project: Project) -> Gate:
    return Gate.shared(project.expectations_dir)


def validate_reference(project: Project, gate: Gate | None = None) -> tuple[ProblemReport, dict]:
    """Check the reference tables; returns problems and per-suite check counts.

    The outcome is remembered for the process by the files' contents: ingest and
    `validate` check several tables against the same reference data.
    """
    gate = gate or gate_of(project)
    folder = project.reference_dir
    digest = hashlib.sha256()
    for name in (COUNTRIES_FILE, PLACES_FILE, VOCABULARIES_FILE):
        path = folder / name
        digest.update(display_path(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"-") + b"\0")
    key = digest.hexdigest()
    if key not in gate.reference_outcomes:
        gate.reference_outcomes[key] = _validate_reference(folder, gate)
    problems, checks = gate.reference_outcomes[key]
    return ProblemReport(list(problems)), dict(checks)


def _validate_reference(folder: Path, gate: Gate) -> tuple[list[Problem], dict]:
    report, checks = ProblemReport(), {}
    countries_path = folder / COUNTRIES_FILE
    countries = _frame_or_problem(countries_path, ("latitude", "longitude"), report)
    codes = sorted(c for c in countries["code"].dropna()) if countries is not None and "code" in countries else []
    parameters = frames.reference_parameters(codes)
    for suite, file_name, numeric in (
        ("countries", COUNTRIES_FILE, ("latitude", "longitude")),
        ("places", PLACES_FILE, ("latitude", "longitude")),
        ("vocabularies", VOCABULARIES_FILE, ()),
    ):
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
    return report.problems, checks


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
    return [
        Problem(shown, "required-columns", "This column is missing from the header row.", row=1, column=c)
        for c in sorted(needed)
        if c not in frame.columns
    ]


def validate_edition_files(
    project: Project, edition_id: str
) -> tuple[ProblemReport, Edition | None, PrintedFigures | None]:
    """Check an edition's edition.yml, published_figures.yml and report_sections.yml (each is read by its typed
    model)."""
    report = ProblemReport()
    edition = printed = None
    try:
        edition = project.edition(edition_id)
    except DataProblemError as error:
        report.extend(error.report.problems)
    try:
        printed = read_printed(project.edition_folder(edition_id))
    except DataProblemError as error:
        report.extend(error.report.problems)
    try:
        read_sections(project.edition_folder(edition_id))
    except DataProblemError as error:
        report.extend(error.report.problems)
    return report, edition, printed


def validate_routes(
    path: Path,
    reference: Reference,
    edition: Edition | None,
    gate: Gate,
    sheet: str | None = None,
    organisations: list[str] | None = None,
    max_bytes: int = loading.MAX_BYTES,
) -> ValidationOutcome:
    """Check one route table (the edition's, or any file laid out like it)."""
    started = time.perf_counter()
    try:
        raw = loading.read_table(path, sheet=sheet, max_bytes=max_bytes)
    except DataProblemError as error:
        return ValidationOutcome(display_path(path), ProblemReport(list(error.report.problems)))
    outcome = validate_table(raw, reference, edition, gate, organisations)
    outcome.seconds = time.perf_counter() - started
    return outcome


def validate_table(
    raw: loading.RawTable,
    reference: Reference,
    edition: Edition | None,
    gate: Gate,
    organisations: list[str] | None = None,
) -> ValidationOutcome:
    """Check a route table already read; problems name `raw.file` and its spreadsheet rows."""
    started = time.perf_counter()
    report = ProblemReport()
    outcome = ValidationOutcome(raw.file, report)
    outcome.rows = len(raw.rows)
    report.extend(raw.problems)
    collected = edition.collected_columns if edition else None
    report.extend(loading.column_problems(raw, collected))
    if report.errors:
        outcome.seconds = time.perf_counter() - started
        return outcome

    parameters = frames.route_parameters(
        reference, organisations if organisations is not None else sorted(edition.contributor_names())
    )
    routes = frames.route_frame(raw, reference)
    result = gate.run("routes", routes, parameters)
    report.extend(problems_from(result, routes, raw.file, reference))
    outcome.checks["routes"] = statistics(result)
    items = frames.item_frame(raw)
    if len(items):
        result = gate.run("route_items", items, parameters, index_columns=["row", "column", "value"])
        report.extend(problems_from(result, items, raw.file, reference))
        outcome.checks["route_items"] = statistics(result)
    outcome.completeness = _completeness(raw, collected)
    if not report.errors and edition is not None:
        outcome.data = _resolved(raw, reference, edition, tuple(report.warnings))
    outcome.seconds = time.perf_counter() - started
    return outcome


def _resolved(raw: loading.RawTable, reference: Reference, edition: Edition, warnings: tuple) -> RouteData:
    """The routes of a table that passed: typed, names resolved."""
    typed, typing = loading.type_table(raw, edition.collected_columns)
    if typing.errors:  # the suites check every cell type: a table that passed types cleanly
        raise DataProblemError(typing)
    return RouteData(edition, reference, names.resolve_routes(typed, reference, edition), warnings=warnings)


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


def validate_edition(project: Project, edition_id: str, gate: Gate | None = None) -> ValidationOutcome:
    """The whole gate for one edition: reference data, edition.yml and published_figures.yml, route table."""
    gate = gate or gate_of(project)
    started = time.perf_counter()
    report, checks = validate_reference(project, gate)
    files_report, edition, printed = validate_edition_files(project, edition_id)
    report.extend(files_report.problems)
    routes_path = project.edition_folder(edition_id) / "routes.csv"
    if report.errors:
        return ValidationOutcome(
            display_path(routes_path), report, checks=checks, seconds=time.perf_counter() - started
        )
    if not edition.routes_file().is_file():
        report.add(
            Problem(
                display_path(edition.routes_file()),
                "file-present",
                f"Edition {edition_id} has no route table yet. Add the partners' files with "
                f"`python -m kenya_routes ingest FILES --edition {edition_id}`.",
            )
        )
        return ValidationOutcome(
            display_path(routes_path), report, checks=checks, seconds=time.perf_counter() - started
        )
    outcome = validate_routes(
        edition.routes_file(), project.reference(), edition, gate, max_bytes=project.max_table_bytes
    )
    outcome.report.problems[:0] = report.problems
    outcome.checks = {**checks, **outcome.checks}
    if outcome.data is not None:
        outcome.data.printed = printed
    outcome.seconds = time.perf_counter() - started
    return outcome


def validate_file(
    project: Project, path: Path, edition_id: str | None = None, sheet: str | None = None, gate: Gate | None = None
) -> ValidationOutcome:
    """Check any route table, e.g. a partner's spreadsheet, against the contract.

    With an edition, its instrument's columns and contributors apply; without
    one, the optional columns the file has are accepted and the contributors of
    every edition are known organisations.
    """
    gate = gate or gate_of(project)
    report, checks = validate_reference(project, gate)
    edition = None
    if edition_id:
        edition_report, edition, _ = validate_edition_files(project, edition_id)
        report.extend(edition_report.problems)
    if report.errors:
        return ValidationOutcome(display_path(path), report, checks=checks)
    organisations = None if edition else frames.organisations_of([project.edition(e) for e in project.edition_ids()])
    outcome = validate_routes(
        Path(path),
        project.reference(),
        edition,
        gate,
        sheet=sheet,
        organisations=organisations,
        max_bytes=project.max_table_bytes,
    )
    outcome.report.problems[:0] = report.problems
    outcome.checks = {**checks, **outcome.checks}
    return outcome


# --- the gate's outcome, remembered -------------------------------------------------------
class Memo(Protocol):
    """Where a passed gate is remembered (the build cache): `lookup` gives a folder or None."""

    def lookup(self, kind: str, key: str) -> Path | None: ...

    def store(self, kind: str, key: str, fill) -> Path | None: ...


@dataclass
class Checked:
    """An edition that passed the gate: its routes, its public quality summary and the warnings found."""

    data: RouteData
    quality: dict[str, Any]
    warnings: str = ""


def checked_edition(
    project: Project, edition_id: str, memo: Memo | None = None, key: str | None = None, gate: Gate | None = None
) -> Checked:
    """An edition through the gate, or through its remembered outcome.

    With a `memo` and the `key` of everything the gate reads (see publish.cache),
    an edition that passed with exactly these inputs before is loaded without
    running the suites again. Raises DataProblemError if the edition does not pass.
    """
    if memo is not None and key is not None:
        hit = memo.lookup("validation", key)
        if hit is not None:
            stored = json.loads((hit / "outcome.json").read_text(encoding="utf-8"))
            edition = project.edition(edition_id)
            raw = loading.read_table(edition.routes_file(), max_bytes=project.max_table_bytes)
            data = _resolved(raw, project.reference(), edition, ())
            data.printed = read_printed(project.edition_folder(edition_id))
            return Checked(data, stored["quality"], stored["warnings"])
    outcome = validate_edition(project, edition_id, gate)
    if outcome.report.errors:
        raise DataProblemError(outcome.report)
    warnings = outcome.report.render() if outcome.report.warnings else ""
    checked = Checked(outcome.data, outcome.quality_summary(), warnings)
    if memo is not None and key is not None:
        record = {"quality": checked.quality, "warnings": warnings}
        memo.store(
            "validation",
            key,
            lambda folder: (folder / "outcome.json").write_text(
                json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8"
            ),
        )
    return checked
