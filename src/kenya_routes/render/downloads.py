"""Downloads: tables and data as CSV and XLSX, whole editions as zip files.

Every download names its edition and licence: CSV and XLSX tables carry
`edition` and `licence` columns, workbooks an "About" sheet with the citation,
zips a README. Cells that a spreadsheet would run as a formula (starting with
= + - @, tab or carriage return) are neutralised with a leading apostrophe.
Files are deterministic (fixed timestamps), so the same data always gives the
same bytes and a published download never changes between builds.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from ..inputs import patterns
from . import escape

# The earliest date a zip file can record: what every entry is stamped with.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def neutralise(value: Any) -> Any:
    """A cell a spreadsheet will show as text, never run as a formula."""
    if isinstance(value, str):
        value = escape.text(value)
        if value.startswith(patterns.FORMULA_TRIGGERS) and not re.fullmatch(r"[+-]?\d+(\.\d+)?", value):
            return "'" + value
    return value


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        out[column] = out[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
        # Text may be object or pandas' own string dtype (the default for text since pandas 3).
        if pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def labelled(frame: pd.DataFrame, meta: dict[str, Any]) -> pd.DataFrame:
    """The table with its edition and licence on every row."""
    out = _cells(frame)
    out["edition"] = meta["id"]
    out["licence"] = meta["licence"]
    return out


def csv_bytes(frame: pd.DataFrame, meta: dict[str, Any]) -> bytes:
    return labelled(frame, meta).to_csv(index=False, lineterminator="\n").encode("utf-8")


def xlsx_bytes(frame: pd.DataFrame, meta: dict[str, Any], sheet: str = "Data") -> bytes:
    """A workbook of the table and an "About" sheet; every cell is stored as the value it is.

    Written with XlsxWriter (an edition of 100,000 routes takes less than half the time
    openpyxl needs). No string is ever read as a formula, number or link.
    """
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    )
    book.set_properties({"created": datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)})
    data = book.add_worksheet(sheet_name(sheet))
    table = labelled(frame, meta)
    data.write_row(0, 0, list(table.columns))
    for number, row in enumerate(table.itertuples(index=False), start=1):
        data.write_row(number, 0, [None if (isinstance(v, float) and v != v) or v is pd.NA else v for v in row])
    about = book.add_worksheet("About")
    about.set_column(0, 0, 14)
    about.set_column(1, 1, 100)
    for number, (key, value) in enumerate(about_rows(meta)):
        about.write_row(number, 0, [key, neutralise(value)])
    book.close()
    # XlsxWriter stamps every entry and the document's dates as set above: the same table gives the same bytes.
    return buffer.getvalue()


# Excel refuses these in a sheet's name, a name longer than 31 characters, one that starts or ends with an
# apostrophe, and "History" (and "About" is the workbook's own second sheet).
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_RESERVED = {"history", "about"}


def sheet_name(text: str) -> str:
    """A sheet name Excel accepts, made from a caption: forbidden characters become spaces."""
    name = " ".join(SHEET_FORBIDDEN.sub(" ", escape.text(text)).split())[:31].strip().strip("'").strip()
    if not name or name.casefold() in SHEET_RESERVED:
        return "Data"
    return name


def about_rows(meta: dict[str, Any]) -> list[tuple[str, str]]:
    status = {
        "reconstructed": "reconstructed from the published report; only figures the report states may "
        "be cited, other numbers are illustrative"
    }.get(meta["status"], meta["status"])
    return [
        ("Edition", f"{meta['id']} ({meta['short_title']})"),
        ("Title", meta["title"]),
        ("Publisher", meta["publisher"]),
        ("Licence", f"{meta['licence']} {meta.get('licence_url', '')}".strip()),
        ("Status", status),
        ("Cite as", meta["citation"]),
    ]


def zip_bytes(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return buffer.getvalue()


def zip_folder(folder: Path, out: Path, readme: str, prefix: str) -> Path:
    """A deterministic zip of a folder (for reading an edition offline), with a README."""
    entries = {f"{prefix}/README.txt": readme.encode("utf-8")}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path != out:
            entries[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(zip_bytes(entries))
    return out


def readme(meta: dict[str, Any]) -> str:
    lines = [f"{key}: {value}" for key, value in about_rows(meta)]
    lines += [
        "",
        "Open index.html in a web browser to read this edition offline.",
        "Maps need an internet connection for their background tiles; everything else works offline.",
        "",
    ]
    return "\n".join(lines)


def file_stem(meta: dict[str, Any], *parts: str) -> str:
    """kenya-routes-2020-<parts>: every downloaded file says which edition it is."""
    clean = [re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p]
    return "-".join(["kenya-routes", meta["id"], *clean])
