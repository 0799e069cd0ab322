"""Ingest partner submissions into an edition: all of a batch, or nothing.

    python -m kenya_routes ingest partner-a.xlsx partner-b.csv --edition 2021

Each file is a filled submission template (its sheet 'Routes') or any CSV or
workbook with the contract's columns. For every file:

1. names are normalised to the reference spelling: countries and their common
   variants ("KSA", "Tanzania, United Rep." and the other names pycountry and
   data/reference/countries.csv know), places and their other spellings,
   vocabulary terms, and organisations to the contributor's short name;
2. submission ids are assigned, continuing the edition's numbering;
3. the file is checked by the validation gate, so every problem names the
   partner's file, its spreadsheet row, the column and the value, with the
   closest known name where a name does not match.

Then routes that look the same as another (same organisation, origin, transit
points, destination and industries, in this batch or already in the edition)
are flagged, and, only if no file has an error, the new rows are appended to
data/editions/<edition>/routes.csv and their provenance (which file, sheet and
row each came from, the file's checksum, any likely duplicate) to
provenance.csv beside it. Provenance is for the coalition only: the build never
reads it. A batch with any error writes nothing; each file is replaced in one
step once the merged table has passed the gate again.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import validation
from ..inputs import contract, loading
from ..inputs.editions import Edition
from ..inputs.names import Resolver
from ..inputs.problems import WARNING, DataProblemError, Problem, ProblemReport, display_path
from ..inputs.project import Project
from ..inputs.reference import Reference
from ..prepare import plurals
from ..validation.gate import Gate
from .submission_template import ROUTES_SHEET

ROUTES_FILE = "routes.csv"
PROVENANCE_FILE = "provenance.csv"
PROVENANCE_COLUMNS = (
    "submission_id",
    "source_file",
    "source_sheet",
    "source_row",
    "source_sha256",
    "partner_reference",
    "ingested_at",
    "possible_duplicate_of",
)


@dataclass
class Submission:
    """One route read from a partner's file, with its names normalised."""

    submission_id: str
    file: str
    sheet: str
    row: int
    cells: dict[str, str]
    sha256: str
    partner_reference: str = ""
    duplicate_of: str = ""


@dataclass
class IngestResult:
    edition: str
    report: ProblemReport
    submissions: list[Submission] = field(default_factory=list)
    routes_file: Path | None = None  # set only when the batch was written
    normalised: list[str] = field(default_factory=list)  # "file, column 'x': "KSA" read as "Saudi Arabia" (row 3)"
    notes: list[str] = field(default_factory=list)  # other things done to the files, for the maintainer

    @property
    def written(self) -> bool:
        return self.routes_file is not None

    def summary(self) -> str:
        if not self.written:
            return f"Nothing was written to edition {self.edition}."
        by_file: dict[str, list[str]] = {}
        for s in self.submissions:
            by_file.setdefault(s.file, []).append(s.submission_id)
        lines = [
            f"{file}: {plurals.count(len(ids), 'route', 'routes')}, "
            + (f"id {ids[0]}" if len(ids) == 1 else f"ids {ids[0]} to {ids[-1]}")
            for file, ids in by_file.items()
        ]
        duplicates = sum(1 for s in self.submissions if s.duplicate_of)
        lines.append(
            f"Added {plurals.count(len(self.submissions), 'route', 'routes')} to {display_path(self.routes_file)}"
            + (f"; {duplicates} flagged as a likely duplicate (see the warnings above)." if duplicates else ".")
        )
        return "\n".join(lines)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sheet_of(path: Path, sheet: str | None) -> str | None:
    """The sheet to read: the one asked for, else a template's 'Routes' sheet, else the first."""
    if sheet or path.suffix.lower() not in loading.SPREADSHEET_SUFFIXES:
        return sheet
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # unreadable: read_table reports it in plain words
        return None
    try:
        return ROUTES_SHEET if ROUTES_SHEET in book.sheetnames else None
    finally:
        book.close()


class _Normaliser:
    """Rewrites names to the reference spelling; leaves what it cannot resolve for the gate to report."""

    def __init__(self, reference: Reference, edition: Edition):
        self.resolver = Resolver(reference, edition)
        self._changes: dict[tuple[str, str, str, str], list[int]] = {}

    @property
    def changes(self) -> list[str]:
        """Each rewrite once per file and column, with the rows it applied to."""
        out = []
        for (file, column, old, new), rows in self._changes.items():
            shown = ", ".join(map(str, rows[:10])) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
            out.append(
                f'{file}, column \'{column}\': "{old}" read as "{new}" (row{"s" if len(rows) > 1 else ""} {shown})'
            )
        return out

    def cell(self, name: str, text: str, file: str, row: int) -> str:
        column = contract.BY_NAME.get(name)
        value = loading.clean(text)
        if column is None or not value or column.kind == contract.FREE_TEXT:
            return text
        if column.is_list:
            new = "; ".join(self.resolver.text(column, item) or item for item in loading.split_list(value))
        else:
            new = self.resolver.text(column, value) or value
        if new != value:
            self._changes.setdefault((file, name, value, new), []).append(row)
        return new


def _duplicate_key(cells: dict[str, str]) -> tuple:
    """Same organisation, origin, transit points, destination and industries (names already normalised)."""

    def fold(name: str) -> str:
        return loading.clean(cells.get(name, "")).casefold()

    return (
        fold("organisation"),
        fold("origin_city") or fold("origin_country"),
        fold("origin_country"),
        tuple(i.casefold() for i in loading.split_list(cells.get("transit", ""))),
        fold("destination_city"),
        fold("destination_country"),
        tuple(sorted(i.casefold() for i in loading.split_list(cells.get("industries", "")))),
    )


def _existing(routes_path: Path, edition: Edition) -> tuple[str, list[dict[str, str]]]:
    """The edition's route table as it is (its text, to keep byte for byte, and its rows)."""
    if not routes_path.is_file():
        return "", []
    text = routes_path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    headers = [contract.normalise_header(h) for h in reader.fieldnames or []]
    if headers != list(edition.columns):
        raise DataProblemError(
            ProblemReport(
                [
                    Problem(
                        display_path(routes_path),
                        "edition-columns",
                        f"The edition's route table has the columns {', '.join(headers)}; ingest appends rows with the "
                        f"columns {', '.join(edition.columns)}. Fix its header row first.",
                        row=1,
                    )
                ]
            )
        )
    rows = [{contract.normalise_header(k): (v or "") for k, v in row.items() if k is not None} for row in reader]
    return text, rows


def _next_number(edition_id: str, ids: list[str]) -> int:
    pattern = re.compile(rf"^{re.escape(edition_id)}-(\d+)$")
    numbers = [int(m.group(1)) for i in ids if (m := pattern.match(i))]
    return max(numbers, default=0) + 1


def _read_provenance(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def ingest(
    project: Project, files: list[Path], edition_id: str, sheet: str | None = None, now: dt.datetime | None = None
) -> IngestResult:
    """Read, normalise, check and (only if every file passes) append a batch of partner files."""
    report = ProblemReport()
    result = IngestResult(edition_id, report)
    folder = project.edition_folder(edition_id)
    if not (folder / "edition.yml").is_file():
        known = ", ".join(project.edition_ids()) or "none"
        report.add(
            Problem(
                display_path(folder),
                "edition-present",
                f"There is no edition '{edition_id}' (editions: {known}). Create it first with "
                f"`python -m kenya_routes new-edition {edition_id} ...`.",
            )
        )
        return result
    gate = validation.gate_of(project)
    checked, _ = validation.validate_reference(project, gate)
    edition_report, edition, _ = validation.validate_edition_files(project, edition_id)
    report.extend(checked.problems + edition_report.problems)
    if report.errors:
        return result
    reference = project.reference()
    routes_path = folder / ROUTES_FILE
    provenance_path = folder / PROVENANCE_FILE
    try:
        existing_text, existing_rows = _existing(routes_path, edition)
    except DataProblemError as error:
        report.extend(error.report.problems)
        return result
    provenance = _read_provenance(provenance_path)
    ingested = {row["source_sha256"]: row for row in provenance}
    number = _next_number(edition_id, [r.get("submission_id", "") for r in existing_rows])
    normaliser = _Normaliser(reference, edition)
    wanted = [c for c in edition.columns if c != "submission_id"]
    seen_files: dict[str, str] = {}

    for path in files:
        path = Path(path)
        shown = display_path(path)
        if not path.is_file():
            report.add(Problem(shown, "file-present", "The file does not exist."))
            continue
        digest = _sha256(path)
        if digest in ingested:
            earlier = ingested[digest]
            report.add(
                Problem(
                    shown,
                    "not-ingested-before",
                    f"This file was already ingested on {earlier['ingested_at'][:10]} (from "
                    f"'{earlier['source_file']}'): its routes are in the edition. Remove it from the "
                    "batch.",
                )
            )
            continue
        if digest in seen_files:
            report.add(
                Problem(
                    shown,
                    "not-ingested-before",
                    f"This file has the same contents as {seen_files[digest]} in this batch.",
                )
            )
            continue
        seen_files[digest] = shown
        chosen = _sheet_of(path, sheet)
        try:
            raw = loading.read_table(path, sheet=chosen, max_bytes=project.max_table_bytes)
        except DataProblemError as error:
            report.extend(error.report.problems)
            continue
        partner_ids = raw.column("submission_id") if "submission_id" in raw.headers else [""] * len(raw.rows)
        extra = [h for h in raw.headers if h not in wanted and h != "submission_id"]
        # A column the edition did not collect may stay in the file if it is blank throughout.
        blank_extra = [h for h in extra if h in contract.BY_NAME and not any(loading.clean(c) for c in raw.column(h))]
        keep = [h for h in raw.headers if h != "submission_id" and h not in blank_extra]
        # An optional column the partner's file lacks is left blank (free text, airlines, ...); a
        # required one is reported by the gate.
        absent = [c for c in edition.collected_columns if c not in raw.headers]
        for column in absent:
            result.notes.append(f"{shown} has no column '{column}': left blank.")
        ids = [f"{edition_id}-{n:03d}" for n in range(number, number + len(raw.rows))]
        rows = []
        for row_number, submission_id, cells in zip(raw.row_numbers, ids, raw.rows):
            values = dict(zip(raw.headers, cells))
            rows.append(
                [submission_id] + [normaliser.cell(h, values[h], shown, row_number) for h in keep] + [""] * len(absent)
            )
        keep += absent
        table = loading.RawTable(
            shown, ["submission_id", *keep], rows, list(raw.row_numbers), list(raw.problems), raw.header_row
        )
        outcome = validation.validate_table(table, reference, edition, gate)
        # The assigned ids are not the partner's doing: a problem with them would be ours.
        report.extend(outcome.report.problems)
        if outcome.report.errors:
            continue
        number += len(rows)
        sheet_name = chosen or ("" if path.suffix.lower() not in loading.SPREADSHEET_SUFFIXES else "first sheet")
        for row_number, partner_id, cells in zip(raw.row_numbers, partner_ids, rows):
            values = dict(zip(table.headers, cells))
            result.submissions.append(
                Submission(
                    values["submission_id"],
                    shown,
                    sheet_name,
                    row_number,
                    {c: values.get(c, "") for c in edition.columns},
                    digest,
                    loading.clean(partner_id),
                )
            )
    result.normalised = normaliser.changes + result.notes
    if report.errors:
        result.submissions = []
        return result
    if not result.submissions:
        report.add(
            Problem(
                ", ".join(display_path(Path(f)) for f in files) or "(no files)",
                "files-given",
                "No routes to ingest: give one or more filled templates or route tables.",
            )
        )
        return result

    _flag_duplicates(result.submissions, existing_rows, report)
    _write(result, edition, existing_text, routes_path, provenance_path, provenance, now, reference, gate)
    return result


def _flag_duplicates(submissions: list[Submission], existing_rows: list[dict[str, str]], report: ProblemReport) -> None:
    seen = {_duplicate_key(row): f"{row['submission_id']} (already in the edition)" for row in existing_rows}
    for submission in submissions:
        key = _duplicate_key(submission.cells)
        if key in seen:
            submission.duplicate_of = seen[key].split(" ")[0]
            report.add(
                Problem(
                    submission.file,
                    "possible-duplicate",
                    f"This route looks like {seen[key]}: same organisation, origin, transit points, destination and "
                    f"industries. Both were kept, as {submission.submission_id} and {submission.duplicate_of}; if they "
                    "are the same case, delete one of them from the edition's routes.csv.",
                    row=submission.row,
                    column="submission_id",
                    severity=WARNING,
                )
            )
        else:
            seen[key] = f"{submission.submission_id} ({submission.file}, row {submission.row})"


def _write(
    result: IngestResult,
    edition: Edition,
    existing_text: str,
    routes_path: Path,
    provenance_path: Path,
    provenance: list[dict[str, str]],
    now: dt.datetime | None,
    reference: Reference,
    gate: Gate,
) -> None:
    """Append to routes.csv and provenance.csv; each file is replaced in one step, after a final check."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    if not existing_text:
        writer.writerow(edition.columns)
    elif not existing_text.endswith("\n"):
        out.write("\n")
    for submission in result.submissions:
        writer.writerow([submission.cells.get(c, "") for c in edition.columns])
    new_routes = existing_text + out.getvalue()

    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat()
    records = provenance + [
        {
            "submission_id": s.submission_id,
            "source_file": Path(s.file).name,
            "source_sheet": s.sheet,
            "source_row": str(s.row),
            "source_sha256": s.sha256,
            "partner_reference": s.partner_reference,
            "ingested_at": stamp,
            "possible_duplicate_of": s.duplicate_of,
        }
        for s in result.submissions
    ]
    prov = io.StringIO()
    prov_writer = csv.DictWriter(prov, PROVENANCE_COLUMNS, lineterminator="\n", extrasaction="ignore")
    prov_writer.writeheader()
    prov_writer.writerows(records)

    staged = routes_path.with_name(f".ingest-{os.getpid()}-{ROUTES_FILE}")
    staged.write_text(new_routes, encoding="utf-8")
    try:
        # The edition as it will be: if the merged table does not pass, nothing changes.
        check = validation.validate_routes(staged, reference, edition, gate)
        if check.report.errors:
            result.report.extend(check.report.errors)
            return
        os.replace(staged, routes_path)
        staged_provenance = provenance_path.with_name(f".ingest-{os.getpid()}-{PROVENANCE_FILE}")
        staged_provenance.write_text(prov.getvalue(), encoding="utf-8")
        os.replace(staged_provenance, provenance_path)
        result.routes_file = routes_path
    finally:
        staged.unlink(missing_ok=True)
