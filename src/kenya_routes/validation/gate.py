"""Running the suites in expectations/ with Great Expectations, and reading their results.

Great Expectations is imported once per process (it takes seconds), on first
use, and its ephemeral context is reused for every file validated. Each suite
runs through a checkpoint so its results can be rendered as Data Docs for
maintainers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
import warnings
from pathlib import Path
from typing import Any

import pandas as pd

from ..inputs.problems import CRITICAL, WARNING, Problem
from ..inputs.reference import Reference

SUITES = ("places", "countries", "vocabularies", "routes", "route_items")

# Rows named per failing check. A file where a rule fails on thousands of rows
# needs the rule fixed, not thousands of lines; the rest are counted.
ROWS_PER_CHECK = 200


class Gate:
    """The Great Expectations context, its suites and checkpoints; one per process."""

    _shared: dict[Path, Gate] = {}

    def __init__(self, expectations_dir: Path):
        # No usage statistics: the coalition's machines and CI must not call home.
        os.environ.update(GX_ANALYTICS_ENABLED="False")
        started = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig
        logging.getLogger("great_expectations").setLevel(logging.ERROR)
        self.import_seconds = time.perf_counter() - started
        self.gx = gx
        self.expectations_dir = expectations_dir
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_pandas("kenya_routes")
        self._checkpoints: dict[str, Any] = {}
        # The reference tables' outcome by the digest of their contents (see validation.validate_reference).
        self.reference_outcomes: dict[str, tuple[list[Problem], dict]] = {}

    @classmethod
    def shared(cls, expectations_dir: Path) -> Gate:
        """The process's gate for the suites in `expectations_dir` (Great Expectations starts once per process)."""
        expectations_dir = expectations_dir.resolve()
        if expectations_dir not in cls._shared:
            cls._shared[expectations_dir] = cls(expectations_dir)
        return cls._shared[expectations_dir]

    def suite_definition(self, name: str) -> dict[str, Any]:
        return json.loads((self.expectations_dir / f"{name}.json").read_text(encoding="utf-8"))

    def _checkpoint(self, name: str, index_columns: list[str] | None):
        if name not in self._checkpoints:
            gx = self.gx
            definition = self.suite_definition(name)
            suite = self.context.suites.add(
                gx.ExpectationSuite(
                    name=name,
                    expectations=definition["expectations"],
                    meta=definition.get("meta"),
                    notes=definition.get("notes"),
                )
            )
            batch = self.source.add_dataframe_asset(name).add_batch_definition_whole_dataframe("whole table")
            validation = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=name, data=batch, suite=suite)
            )
            self._checkpoints[name] = self.context.checkpoints.add(
                gx.Checkpoint(
                    name=name, validation_definitions=[validation], result_format=_result_format(index_columns)
                )
            )
        return self._checkpoints[name]

    def run(
        self,
        name: str,
        frame: pd.DataFrame,
        parameters: dict[str, Any] | None = None,
        index_columns: list[str] | None = None,
    ):
        """Validate a frame with a suite; return Great Expectations' suite result.

        Without `index_columns`, each row of the frame is one spreadsheet row (its `row` column)
        and failing rows are reported by that number. Great Expectations then lists them straight
        from the index; naming columns instead makes it look up every failing cell one by one,
        which dominates validation when a warning fires on most of a large table.
        """
        checkpoint = self._checkpoint(name, index_columns)
        if index_columns is None:
            frame = frame.set_axis(pd.Index(frame["row"].to_numpy()), axis=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = checkpoint.run(batch_parameters={"dataframe": frame}, expectation_parameters=parameters or {})
        return next(iter(result.run_results.values()))

    def build_data_docs(self, directory: Path) -> Path:
        """Render every result of this process as Data Docs (for maintainers only)."""
        directory = directory.resolve()
        # One Data Docs site per directory: the shared context may have written elsewhere before.
        site = "maintainers-" + hashlib.sha1(str(directory).encode()).hexdigest()[:12]
        sites = self.context.get_config().to_json_dict().get("data_docs_sites") or {}
        if site not in sites:
            self.context.add_data_docs_site(
                site_name=site,
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(directory)},
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                },
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            self.context.build_data_docs(site_names=[site])
        return directory / "index.html"


def _result_format(index_columns: list[str] | None) -> dict[str, Any]:
    result_format = {"result_format": "SUMMARY", "partial_unexpected_count": ROWS_PER_CHECK}
    if index_columns:
        result_format["unexpected_index_column_names"] = index_columns
    return result_format


# --- results to problems -------------------------------------------------------------
def problems_from(result, frame: pd.DataFrame, file: str, reference: Reference | None = None) -> list[Problem]:
    """One problem per failing cell, worded for a maintainer."""
    problems: list[Problem] = []
    cells = _Cells(frame)
    for outcome in result.results:
        if outcome.success:
            continue
        config = outcome.expectation_config
        meta = config.meta or {}
        rule = meta.get("rule", config.type)
        severity = CRITICAL if _severity(config) == "critical" else WARNING
        failure = _exception_message(outcome.exception_info)
        if failure:
            problems.append(
                Problem(
                    file,
                    "validation-could-not-run",
                    f"The check '{rule}' could not run ({failure}). "
                    "This is a fault in the validation suite, not in the data.",
                    severity=CRITICAL,
                )
            )
            continue
        details = outcome.result or {}
        entries = details.get("partial_unexpected_index_list") or details.get("unexpected_index_list") or []
        entries = [_entry(e, config, cells) for e in entries]
        if not entries:
            problems.append(Problem(file, rule, meta.get("message", ""), severity=severity))
            continue
        problems.extend(_cell_problems(entries, meta, rule, severity, cells, file, reference))
        more = int(details.get("unexpected_count") or 0) - len(entries)
        if more > 0:
            problems.append(
                Problem(
                    file,
                    rule,
                    f"...and {more:,} more rows break this rule (only the first {len(entries)} are listed).",
                    column=meta.get("column"),
                    severity=severity,
                )
            )
    return _dedupe(problems)


def _entry(entry, config, cells: _Cells) -> dict:
    """A failing row as {"row": ..., checked column: value}, however Great Expectations listed it."""
    if isinstance(entry, dict):
        return entry
    row = int(entry)
    kwargs = config.kwargs or {}
    columns = kwargs.get("column_list") or [kwargs[k] for k in ("column", "column_A", "column_B") if k in kwargs]
    return {"row": row, **{column: cells.get(row, column) for column in columns if column in cells.columns}}


def _exception_message(info) -> str | None:
    """Great Expectations reports a failed check either flat or per metric."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "unknown error")
    for nested in info.values():
        if isinstance(nested, dict) and nested.get("raised_exception"):
            return str(nested.get("exception_message") or "unknown error")
    return None


def _severity(config) -> str:
    severity = getattr(config, "severity", None)
    return getattr(severity, "value", severity) or "critical"


class _Cells:
    """Cell values by spreadsheet row, looked up without scanning the frame each time."""

    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.columns = set(frame.columns)
        self._by_column: dict[str, dict] = {}

    def get(self, row: int, column: str):
        if column not in self._by_column:
            series = self.frame[column]
            keys = self.frame["row"] if "row" in self.columns else self.frame.index
            self._by_column[column] = dict(zip(keys, series))
        value = self._by_column[column].get(row)
        return None if value is None or (isinstance(value, float) and value != value) else value


def _cell_problems(entries, meta, rule, severity, cells: _Cells, file, reference) -> list[Problem]:
    hide = bool(meta.get("hide_value"))
    message = meta.get("message", "")
    first_seen: dict[tuple, int] = {}
    problems = []
    for entry in entries:
        row = int(entry["row"])
        column = entry.get("column") or meta.get("column")
        value = entry.get("value")
        if value is None and column in cells.columns:
            value = cells.get(row, column)
        text = message
        if rule.startswith("unique") or rule == "possible-duplicate":
            # Every occurrence is flagged; the first is fine, name it on the others.
            group = tuple(sorted((k, str(v)) for k, v in entry.items() if k != "row"))
            if group not in first_seen:
                first_seen[group] = row
                continue
            text = f"{message} (It is also in row {first_seen[group]}.)"
        elif rule == "list-items-unique":
            group = (row, column, entry.get("key"))
            if group in first_seen:
                continue
            first_seen[group] = row
        if rule == "place-in-country" and reference is not None:
            text = _place_country_message(reference, value, cells, row, column) or text
        elif rule == "origin-not-destination":
            value = f"{_endpoint(cells, row, 'origin')} → {_endpoint(cells, row, 'destination')}"
            column = "destination_city" if cells.get(row, "destination_city") else "destination_country"
        text += _suggestion(meta.get("suggest"), value, reference)
        problems.append(
            Problem(
                file,
                rule,
                text,
                row=row,
                column=column,
                value=None if value is None else str(value),
                severity=severity,
                hide_value=hide,
            )
        )
    return problems


def _endpoint(cells: _Cells, row: int, side: str) -> str:
    return cells.get(row, f"{side}_city") or cells.get(row, f"{side}_country") or ""


def _place_country_message(reference: Reference, value, cells: _Cells, row, column) -> str | None:
    place = reference.place(value) if value else None
    country_column = column.replace("_city", "_country")
    country = reference.country(cells.get(row, country_column))
    if place is None or country is None:
        return None
    return (
        f"{place.name} is in {reference.country_name(place.country)}, not in {country.name} as column "
        f"'{country_column}' says."
    )


def _suggestion(kind: str | None, value, reference: Reference | None) -> str:
    if not kind or value is None or reference is None:
        return ""
    text = str(value)
    if kind == "country":
        found = reference.suggest_country(text)
    elif kind == "place":
        found = reference.suggest_place(text)
    elif kind == "location":
        found = reference.suggest_location(text)
        if found is None and "," in text:
            return " Separate transit points with ';', not ','."
    elif kind.startswith("term:"):
        found = reference.suggest_term(kind.split(":", 1)[1], text)
    else:
        found = None
    return f' Did you mean "{found}"?' if found else ""


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for problem in problems:
        key = (problem.rule, problem.row, problem.column, problem.value)
        if key not in seen:
            seen.add(key)
            out.append(problem)
    return out


def statistics(result) -> dict[str, int]:
    """Checks evaluated, passed, failed (stopping) and warnings, without any data value."""
    failed = [r for r in result.results if not r.success]
    critical = sum(1 for r in failed if _severity(r.expectation_config) == "critical")
    return {
        "checks": len(result.results),
        "passed": len(result.results) - len(failed),
        "failed": critical,
        "warnings": len(failed) - critical,
    }
