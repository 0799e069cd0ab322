"""Read a route table (CSV or XLSX) into a typed DataFrame under the data contract.

Reading is forgiving where a spreadsheet program may have changed the file
(byte-order mark, Windows-1252, semicolons, header case, stray spaces, blank
rows at the end) and strict about the contract's types. Every problem names the
file, the row as the maintainer sees it in a spreadsheet, the column and the
value. The DataFrame's index is that spreadsheet row number.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

import pandas as pd

from . import contract
from .problems import WARNING, DataProblemError, Problem, ProblemReport, display_path

# A route table far beyond what a national data hub would hold is a mistake
# (a wrong file, an export of something else) and would stall the build.
MAX_BYTES = 100 * 1024 * 1024

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm")
TABLE_SUFFIXES = (".csv", ".txt", *SPREADSHEET_SUFFIXES)


@dataclass
class RawTable:
    """Cells as text, with the spreadsheet row number of each data row."""

    file: str
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    problems: list[Problem] = field(default_factory=list)
    header_row: int = 1

    def column(self, name: str) -> list[str]:
        position = self.headers.index(name)
        return [row[position] for row in self.rows]


# --- reading ------------------------------------------------------------------------
def read_table(path: Path | str, sheet: str | None = None, max_bytes: int = MAX_BYTES) -> RawTable:
    """Read any supported table file; raises DataProblemError if it cannot be read at all."""
    path = Path(path)
    shown = display_path(path)

    def fail(rule: str, message: str) -> DataProblemError:
        return DataProblemError(ProblemReport([Problem(shown, rule, message)]))

    if not path.is_file():
        raise fail("file-present", "The file does not exist.")
    size = path.stat().st_size
    if size > max_bytes:
        raise fail(
            "file-size",
            f"The file is {size / 1024 / 1024:.0f} MB, more than the {max_bytes / 1024 / 1024:.0f} MB a route "
            "table can be. Check that this is the right file.",
        )
    if size == 0:
        raise fail("file-not-empty", "The file is empty.")
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _read_xlsx(path, shown, sheet)
    if suffix not in TABLE_SUFFIXES:
        raise fail("file-type", f"Route tables must be .csv or .xlsx files, not '{suffix or 'no extension'}'.")
    if sheet is not None:
        raise fail("file-type", "A sheet name can only be given for an .xlsx workbook.")
    return _read_csv(path, shown)


def _read_csv(path: Path, shown: str) -> RawTable:
    data = path.read_bytes()
    problems: list[Problem] = []

    def fail(rule: str, message: str) -> DataProblemError:
        return DataProblemError(ProblemReport([Problem(shown, rule, message)]))

    if data.startswith(b"PK\x03\x04"):
        raise fail("file-type", "This is an Excel workbook with a .csv name. Rename it to .xlsx or save it as CSV.")
    if _looks_binary(data):
        raise fail("file-type", "The file is not text: it looks like binary data, not a CSV table.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise fail(
                "file-encoding", "The file is neither UTF-8 nor Windows-1252 text. Save it as 'CSV UTF-8'."
            ) from None
        problems.append(
            Problem(
                shown,
                "file-encoding",
                "The file is in the Windows-1252 encoding; it was read as such. "
                "Saving it as 'CSV UTF-8' avoids mistakes with accented names.",
                severity=WARNING,
            )
        )
    if not text.strip():
        raise fail("file-not-empty", "The file holds no table: it is blank.")
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _table_from_records(shown, [(i, r) for i, r in enumerate(records, start=1)], problems)


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 13))
    return controls > max(8, len(sample) // 100)


def _read_xlsx(path: Path, shown: str, sheet: str | None) -> RawTable:
    from openpyxl import load_workbook

    def fail(rule: str, message: str) -> DataProblemError:
        return DataProblemError(ProblemReport([Problem(shown, rule, message)]))

    try:
        # Formulas are read as written ("=SUM(...)") so validation can flag them.
        workbook = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise fail("file-type", f"The file is not a readable Excel workbook ({type(error).__name__}).") from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise fail(
                "sheet-present",
                f"The workbook has no sheet named '{sheet}'. Its sheets are: {', '.join(workbook.sheetnames)}.",
            )
        records = [
            (number, [_cell_text(v) for v in values])
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        workbook.close()
    return _table_from_records(shown, records, [])


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _table_from_records(shown: str, records: list[tuple[int, list[str]]], problems: list[Problem]) -> RawTable:
    filled = [(n, r) for n, r in records if any(str(c).strip() for c in r)]
    if not filled:
        raise DataProblemError(
            ProblemReport([Problem(shown, "file-not-empty", "The file holds no table: it is blank.")])
        )
    header_number, header_cells = filled[0]
    headers = [contract.normalise_header(h) for h in header_cells]
    while headers and headers[-1] == "":
        headers.pop()
    report = ProblemReport(list(problems))
    seen: dict[str, int] = {}
    for position, header in enumerate(headers, start=1):
        if header == "":
            report.add(
                Problem(
                    shown,
                    "header-names",
                    f"Column {position} has no name in the header row.",
                    row=header_number,
                    column=f"column {position}",
                )
            )
        elif header in seen:
            report.add(Problem(shown, "header-unique", "Two columns have this name.", row=header_number, column=header))
        seen.setdefault(header, position)
    rows, numbers = [], []
    for number, cells in filled[1:]:
        cells = [str(c) for c in cells]
        extra = [c for c in cells[len(headers) :] if c.strip()]
        if extra:
            report.add(
                Problem(
                    shown,
                    "row-width",
                    f"The row has values beyond the last named column ({len(headers)} columns). "
                    "A cell may contain an unquoted separator.",
                    row=number,
                    value=extra[0],
                )
            )
            continue
        rows.append((cells + [""] * len(headers))[: len(headers)])
        numbers.append(number)
    if report.errors:
        raise DataProblemError(report)
    if not rows:
        raise DataProblemError(
            ProblemReport(
                [*report.problems, Problem(shown, "file-has-rows", "The file has a header row but no data rows.")]
            )
        )
    return RawTable(shown, headers, rows, numbers, report.problems, header_row=header_number)


# --- typing -------------------------------------------------------------------------
WHOLE_NUMBER = re.compile(r"^[+-]?\d+(\.0+)?$")
GROUPED_NUMBER = re.compile(r"^\d{1,3}([, ]\d{3})+$")


def clean(text: str) -> str:
    """Trim and collapse whitespace, including non-breaking spaces pasted from documents."""
    return " ".join(text.split())


def split_list(text: str) -> list[str]:
    return [item for item in (clean(part) for part in text.split(contract.LIST_SEPARATOR)) if item]


def parse_count(text: str) -> int | None:
    """A whole number, or None if the cell is not one."""
    text = clean(text)
    if WHOLE_NUMBER.match(text):
        return int(float(text))
    if GROUPED_NUMBER.match(text):
        return int(re.sub(r"[, ]", "", text))
    return None


def text_column(values: list, index: pd.Index) -> pd.Series:
    """Text and list cells keep None for blanks (pandas would otherwise turn them into NaN)."""
    return pd.Series(values, index=index, dtype=object)


def present(value: object) -> bool:
    """True for a non-blank cell value, whatever pandas made of a blank."""
    if value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    return not (isinstance(value, str) and not value.strip())


def column_problems(raw: RawTable, collected: tuple[str, ...] | None = None) -> list[Problem]:
    """Missing, unknown and uncollected columns, each named once.

    `collected` is the edition's optional columns (edition.yml instrument.columns);
    None accepts whichever optional columns the file has.
    """
    problems = []
    header_row = raw.header_row
    present = [h for h in raw.headers if h]
    expected = expected_columns(raw, collected)
    missing = [c for c in expected if c not in present]
    explained: set[str] = set()
    for column in present:
        if column in expected:
            continue
        if column in contract.BY_NAME:
            problems.append(
                Problem(
                    raw.file,
                    "instrument-columns",
                    "This edition's instrument did not collect this column (see instrument.columns in edition.yml).",
                    row=header_row,
                    column=column,
                )
            )
            continue
        close = get_close_matches(column, missing, n=1) or get_close_matches(column, list(contract.BY_NAME), n=1)
        if close and close[0] in missing:
            explained.add(close[0])
            hint = f" Did you mean '{close[0]}'? That column is missing."
        elif close:
            hint = f" Did you mean '{close[0]}'?"
        else:
            hint = f" The contract's columns are: {', '.join(c.name for c in contract.COLUMNS)}."
        problems.append(
            Problem(
                raw.file,
                "known-columns",
                f"This column is not part of the data contract.{hint}",
                row=header_row,
                column=column,
            )
        )
    for column in missing:
        if column not in explained:
            problems.append(
                Problem(
                    raw.file,
                    "required-columns",
                    "This column is missing from the header row.",
                    row=header_row,
                    column=column,
                )
            )
    return problems


def expected_columns(raw: RawTable, collected: tuple[str, ...] | None) -> tuple[str, ...]:
    if collected is None:
        collected = tuple(c for c in contract.OPTIONAL if c in raw.headers)
    return contract.columns_for(collected)


def type_table(raw: RawTable, collected: tuple[str, ...] | None = None) -> tuple[pd.DataFrame, ProblemReport]:
    """Check columns and types; return the typed frame and every problem found."""
    report = ProblemReport(list(raw.problems))
    report.extend(column_problems(raw, collected))
    if report.errors:
        return pd.DataFrame(), report
    expected = expected_columns(raw, collected)

    position = {h: i for i, h in enumerate(raw.headers)}
    index = pd.Index(raw.row_numbers, name="row")
    data: dict[str, pd.Series] = {}
    for name in expected:
        column = contract.BY_NAME[name]
        cells = [row[position[name]] for row in raw.rows]
        if column.kind == contract.FREE_TEXT:
            data[name] = text_column([cell.strip() or None for cell in cells], index)
        elif column.is_list:
            data[name] = text_column([split_list(cell) for cell in cells], index)
        elif column.kind == contract.COUNT:
            values = []
            for number, cell in zip(raw.row_numbers, cells):
                text = clean(cell)
                value = parse_count(text) if text else None
                if text and value is None:
                    report.add(
                        Problem(
                            raw.file,
                            "whole-number",
                            "Estimated cases must be a whole number such as 12, or left blank.",
                            row=number,
                            column=name,
                            value=text,
                        )
                    )
                values.append(value)
            data[name] = pd.Series(values, index=index, dtype="Int64")
        else:
            values = [clean(cell) or None for cell in cells]
            if not column.nullable:
                for number, value in zip(raw.row_numbers, values):
                    if value is None:
                        report.add(
                            Problem(
                                raw.file, "not-blank", "This cell must not be blank.", row=number, column=name, value=""
                            )
                        )
            data[name] = text_column(values, index)
    frame = pd.DataFrame(data, index=index)
    return frame, report
