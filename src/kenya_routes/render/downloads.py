"""Downloads: tables and data as CSV and XLSX, whole editions as zip files.

Every download describes itself: CSV and XLSX tables carry `edition`, `licence`
and `provenance` columns (which of the row's values the source document
reports and which are reconstructed or computed), workbooks an "About" sheet
with the citation, the source and what the provenance means, zips a README.
Counts are numbers (a spreadsheet can add them up); "fewer than 5" and the
like stay text. Cells that a spreadsheet would run as a formula (starting with
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
from ..inputs.messages import N_
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


# A count as pages show it ("814", "1,234"): published as the number it is.
COUNT = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def number_or_text(value: Any) -> Any:
    """A count written as text becomes its number; anything else stays as it is."""
    if isinstance(value, str) and COUNT.match(value):
        return int(value.replace(",", ""))
    return value


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        values = out[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple, set)) else v)
        # Text may be object or pandas' own string dtype (the default for text since pandas 3).
        if pd.api.types.is_string_dtype(values.dtype) or values.dtype == object:
            values = pd.Series([number_or_text(neutralise(v)) for v in values], index=out.index, dtype=object)
        out[column] = values
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def labelled(frame: pd.DataFrame, meta: dict[str, Any], provenance: list[str] | str | None = None) -> pd.DataFrame:
    """The table with its edition, licence and provenance on every row.

    `provenance` is one text per row, or one for every row (default: the edition's kind of value, as for a
    table of counts no document states).
    """
    out = _cells(frame)
    out["edition"] = meta["id"]
    out["licence"] = meta["licence"]
    out["provenance"] = provenance if provenance is not None else default_provenance(meta)
    return out


def default_provenance(meta: dict[str, Any]) -> str:
    return "reconstructed" if meta["status"] == "reconstructed" else "computed"


def csv_bytes(frame: pd.DataFrame, meta: dict[str, Any], provenance: list[str] | str | None = None) -> bytes:
    return labelled(frame, meta, provenance).to_csv(index=False, lineterminator="\n").encode("utf-8")


def xlsx_bytes(
    frame: pd.DataFrame, meta: dict[str, Any], sheet: str = "Data", provenance: list[str] | str | None = None
) -> bytes:
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
    table = labelled(frame, meta, provenance)
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


RECONSTRUCTED_NOTICE = N_("Reconstructed data, illustrative: not figures reported by STTK.")
PROVENANCE_WORDS = {
    "reconstructed": "The rows were reconstructed from the published report: the coalition's route-level data "
    "is not public. A value is 'reported' where the report states it; every other value is 'reconstructed': it "
    "depends on details chosen to rebuild the rows (cities, case counts, organisations, transport, recruitment), "
    "so it is illustrative and not for citation.",
    "submitted": "Every value is computed from the route submissions the coalition's members sent.",
    "synthetic": "Synthetic data generated for testing: not data about anyone.",
}


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
    status = {"reconstructed": RECONSTRUCTED_NOTICE}.get(meta["status"], meta["status"])
    rows = [
        ("Edition", f"{meta['id']} ({meta['short_title']})"),
        ("Title", meta["title"]),
        ("Publisher", meta["publisher"]),
        ("Licence", f"{meta['licence']} {meta.get('licence_url', '')}".strip()),
        ("Status", status),
        ("Provenance", PROVENANCE_WORDS.get(meta["status"], "")),
    ]
    if meta.get("document"):
        rows.append(("Source", meta["document"]))
    rows.append(("Cite as", meta["citation"]))
    return rows


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
