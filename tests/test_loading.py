"""Reading route tables: forgiving about spreadsheet habits, strict about the contract's types."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from kenya_routes.inputs import contract, loading
from kenya_routes.inputs.problems import DataProblemError

from .conftest import ROOT, read_rows, write_rows

HEADERS_2020, ROWS_2020 = read_rows(ROOT / "data" / "editions" / "2020" / "routes.csv")
COLLECTED_2020 = ("transport_modes", "airlines", "recruitment_methods", "recruitment_details", "notes")


def _problems(path, collected=COLLECTED_2020, **kwargs):
    try:
        raw = loading.read_table(path, **kwargs)
    except DataProblemError as error:
        return error.report.problems
    _, report = loading.type_table(raw, collected)
    return report.problems


def load_table(path, collected, sheet=None):
    """Read and type a route table, failing the test on any error."""
    frame, report = loading.type_table(loading.read_table(path, sheet=sheet), collected)
    assert not report.errors, report.render()
    return frame


def _one_error(path, **kwargs):
    errors = [p for p in _problems(path, **kwargs) if p.severity == "error"]
    assert len(errors) == 1, [p.render() for p in errors]
    return errors[0]


def test_shipped_table_types(tmp_path):
    frame = load_table(ROOT / "data" / "editions" / "2020" / "routes.csv", COLLECTED_2020)
    assert len(frame) == 84
    assert frame.index.name == "row" and frame.index[0] == 2  # the spreadsheet row under the header
    assert str(frame["estimated_cases"].dtype) == "Int64"
    assert frame.loc[2, "transit"] == ["Nairobi"]
    assert frame.loc[2, "airlines"] == ["Emirates", "Kenya Airways", "Qatar Airways", "Turkish Airlines"]
    assert frame.loc[9, "origin_city"] is None  # blank city: None, not NaN
    assert list(frame.columns) == list(contract.columns_for(COLLECTED_2020))


def test_not_a_whole_number(tmp_path):
    rows = [dict(r) for r in ROWS_2020[:3]]
    rows[1]["estimated_cases"] = "about 20"
    problem = _one_error(write_rows(tmp_path / "r.csv", HEADERS_2020, rows))
    assert (problem.rule, problem.row, problem.column, problem.value) == (
        "whole-number",
        3,
        "estimated_cases",
        "about 20",
    )


@pytest.mark.parametrize("text, value", [("12", 12), (" 12 ", 12), ("12.0", 12), ("1,200", 1200), ("", None)])
def test_counts_written_as_spreadsheets_write_them(text, value):
    assert (loading.parse_count(text) if text else None) == value


def test_blank_submission_id(tmp_path):
    rows = [dict(r) for r in ROWS_2020[:3]]
    rows[2]["submission_id"] = "  "
    problem = _one_error(write_rows(tmp_path / "r.csv", HEADERS_2020, rows))
    assert (problem.rule, problem.row, problem.column) == ("not-blank", 4, "submission_id")


def test_missing_required_column(tmp_path):
    headers = [h for h in HEADERS_2020 if h != "industries"]
    problem = _one_error(write_rows(tmp_path / "r.csv", headers, ROWS_2020[:2]))
    assert (problem.rule, problem.column) == ("required-columns", "industries")


def test_misspelt_column_gets_a_suggestion(tmp_path):
    headers = ["destinaton_city" if h == "destination_city" else h for h in HEADERS_2020]
    rows = [{("destinaton_city" if k == "destination_city" else k): v for k, v in r.items()} for r in ROWS_2020[:2]]
    problems = [p for p in _problems(write_rows(tmp_path / "r.csv", headers, rows)) if p.severity == "error"]
    unknown = [p for p in problems if p.rule == "known-columns"]
    assert unknown and unknown[0].column == "destinaton_city" and "destination_city" in unknown[0].message


def test_columns_the_instrument_did_not_collect(tmp_path):
    problems = _problems(write_rows(tmp_path / "r.csv", HEADERS_2020, ROWS_2020[:2]), collected=("airlines",))
    assert {p.rule for p in problems} == {"instrument-columns"}
    assert {p.column for p in problems} == {"transport_modes", "recruitment_methods", "recruitment_details", "notes"}


def test_header_case_and_spaces_bom_and_semicolons(tmp_path):
    headers = [h.replace("_", " ").title() + " " for h in HEADERS_2020]
    rows = [{h.replace("_", " ").title() + " ": v for h, v in r.items()} for r in ROWS_2020[:4]]
    path = write_rows(tmp_path / "r.csv", headers, rows, delimiter=";", encoding="utf-8-sig")
    frame = load_table(path, COLLECTED_2020)
    assert len(frame) == 4 and frame.iloc[0]["origin_city"] == "Busia"


def test_windows_1252_is_read_with_a_warning(tmp_path):
    rows = [dict(r) for r in ROWS_2020[:2]]
    rows[0]["notes"] = "Café owner"
    path = write_rows(tmp_path / "r.csv", HEADERS_2020, rows, encoding="cp1252")
    problems = _problems(path)
    assert [p.rule for p in problems] == ["file-encoding"] and problems[0].severity == "warning"
    assert load_table(path, COLLECTED_2020).iloc[0]["notes"] == "Café owner"


def test_trailing_blank_rows_and_stray_whitespace(tmp_path):
    path = write_rows(tmp_path / "r.csv", HEADERS_2020, ROWS_2020[:2])
    text = path.read_text().replace("Busia,Kenya", "  Busia\u00a0 ,Kenya ") + ",,,,\n\n,,\n"
    path.write_text(text)
    frame = load_table(path, COLLECTED_2020)
    assert len(frame) == 2 and frame.iloc[0]["origin_city"] == "Busia" and frame.iloc[0]["origin_country"] == "Kenya"


@pytest.mark.parametrize(
    "content, rule",
    [
        (b"", "file-not-empty"),
        (b"\n\n  \n", "file-not-empty"),
        (b"\x00\x01\x02\x03binary\x00junk" * 50, "file-type"),
        (b"PK\x03\x04 not really a zip", "file-type"),
    ],
)
def test_unreadable_files(tmp_path, content, rule):
    path = tmp_path / "r.csv"
    path.write_bytes(content)
    problem = _one_error(path)
    assert problem.rule == rule and problem.file.endswith("r.csv")


def test_header_only(tmp_path):
    path = write_rows(tmp_path / "r.csv", HEADERS_2020, [])
    assert _one_error(path).rule == "file-has-rows"


def test_file_far_too_large(tmp_path):
    path = write_rows(tmp_path / "r.csv", HEADERS_2020, ROWS_2020)
    problem = _one_error(path, max_bytes=1000)
    assert problem.rule == "file-size" and "MB" in problem.message


def test_row_wider_than_the_header(tmp_path):
    path = write_rows(tmp_path / "r.csv", HEADERS_2020, ROWS_2020[:2])
    lines = path.read_text().splitlines()
    lines[2] += ",surplus"
    path.write_text("\n".join(lines) + "\n")
    problem = _one_error(path)
    assert (problem.rule, problem.row, problem.value) == ("row-width", 3, "surplus")


def _workbook(path, headers, rows, sheet="Routes", first=None):
    book = Workbook()
    if first:
        book.active.title = first
        book.create_sheet(sheet)
    else:
        book.active.title = sheet
    sheet_ = book[sheet]
    sheet_.append(headers)
    for row in rows:
        sheet_.append([int(row[h]) if h == "estimated_cases" and row[h] else row[h] for h in headers])
    book.save(path)
    return path


def test_xlsx_first_sheet_and_named_sheet(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", HEADERS_2020, ROWS_2020[:5])
    frame = load_table(path, COLLECTED_2020)
    assert len(frame) == 5 and frame.iloc[0]["estimated_cases"] == 95
    path = _workbook(tmp_path / "s.xlsx", HEADERS_2020, ROWS_2020[:5], sheet="Data", first="Instructions")
    assert len(load_table(path, COLLECTED_2020, sheet="Data")) == 5
    problem = _one_error(path, sheet="Nope")
    assert problem.rule == "sheet-present" and "Instructions" in problem.message


def test_corrupt_xlsx(tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(b"PK\x03\x04 truncated")
    assert _one_error(path).rule == "file-type"
