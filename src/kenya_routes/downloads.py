"""Downloads: tables and data as CSV and XLSX, whole editions as zip files.

Every download names its edition and licence: CSV and XLSX tables carry
`edition` and `licence` columns, workbooks an "About" sheet with the citation,
zips a README. Cells that a spreadsheet would run as a formula (starting with
= + - @, tab or carriage return) are neutralised with a leading apostrophe.
Files are deterministic (fixed timestamps), so the same data always gives the
same bytes and a published download never changes between builds.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pandas as pd

from . import escape, patterns

# The earliest date a zip file can record: what every entry is stamped with.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
FIXED_ISO = "1980-01-01T00:00:00Z"


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
        if out[column].dtype == object:
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
    from openpyxl import Workbook

    book = Workbook()
    data = book.active
    data.title = sheet[:31]
    table = labelled(frame, meta)
    data.append(list(table.columns))
    for row in table.itertuples(index=False):
        data.append([None if (isinstance(v, float) and v != v) or v is pd.NA else v for v in row])
    about = book.create_sheet("About")
    for key, value in about_rows(meta):
        about.append([key, neutralise(value)])
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 100
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_zip(buffer.getvalue(), _fix_core_properties)


def about_rows(meta: dict[str, Any]) -> list[tuple[str, str]]:
    status = {"reconstructed": "reconstructed from the published report; only figures the report states may "
                               "be cited, other numbers are illustrative"}.get(meta["status"], meta["status"])
    return [("Edition", f"{meta['id']} ({meta['short_title']})"), ("Title", meta["title"]),
            ("Publisher", meta["publisher"]), ("Licence", f"{meta['licence']} {meta.get('licence_url', '')}".strip()),
            ("Status", status), ("Cite as", meta["citation"])]


def _fix_core_properties(name: str, content: bytes) -> bytes:
    if name != "docProps/core.xml":
        return content
    text = content.decode("utf-8")
    text = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{FIXED_ISO}\g<2>", text)
    return text.encode("utf-8")


def _fixed_zip(data: bytes, transform=None) -> bytes:
    """The same zip with fixed timestamps (and optionally changed entries)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    entries = {info.filename: source.read(info.filename) for info in source.infolist()}
    if transform:
        entries = {name: transform(name, content) for name, content in entries.items()}
    return zip_bytes(entries, sort=False)


def zip_bytes(entries: dict[str, bytes], sort: bool = True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in (sorted(entries) if sort else entries):
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
    lines += ["", "Open index.html in a web browser to read this edition offline.",
              "Maps need an internet connection for their background tiles; everything else works offline.", ""]
    return "\n".join(lines)


def file_stem(meta: dict[str, Any], *parts: str) -> str:
    """kenya-routes-2020-<parts>: every downloaded file says which edition it is."""
    clean = [re.sub(r"[^a-z0-9]+", "-", p.lower()).strip("-") for p in parts if p]
    return "-".join(["kenya-routes", meta["id"], *clean])
