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

A table in another language than English (route_table.py says the route
table's values in it) gets these columns, its About sheet and the values of its
provenance column in that language, an About row saying who translated it and
whether the coalition has reviewed the translation, and a sheet that gives each
header's column in the English file.
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
from .language import ENGLISH, Language

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


# The columns every table gets, with their headers in another language than English (in English a header
# is the column's name), and the kinds of value its provenance column holds.
LABELS = {"edition": N_("Edition"), "licence": N_("Licence"), "provenance": N_("Provenance")}
PROVENANCE_KINDS = (N_("reported"), N_("reconstructed"), N_("computed"))


def labelled(
    frame: pd.DataFrame, meta: dict[str, Any], provenance: list[str] | str | None = None, language: Language = ENGLISH
) -> pd.DataFrame:
    """The table with its edition, licence and provenance on every row.

    `provenance` is one text per row, or one for every row (default: the edition's kind of value, as for a
    table of counts no document states).
    """
    out = _cells(frame)
    if provenance is None:
        provenance = default_provenance(meta)
    if language.code != "en":
        provenance = language.word(provenance) if isinstance(provenance, str) else list(map(language.word, provenance))
    for column, value in (("edition", meta["id"]), ("licence", meta["licence"]), ("provenance", provenance)):
        out[column if language.code == "en" else neutralise(language._(LABELS[column]))] = value
    return out


def default_provenance(meta: dict[str, Any]) -> str:
    return "reconstructed" if meta["status"] == "reconstructed" else "computed"


def csv_bytes(
    frame: pd.DataFrame, meta: dict[str, Any], provenance: list[str] | str | None = None, language: Language = ENGLISH
) -> bytes:
    return labelled(frame, meta, provenance, language).to_csv(index=False, lineterminator="\n").encode("utf-8")


def xlsx_bytes(
    frame: pd.DataFrame,
    meta: dict[str, Any],
    sheet: str = "Data",
    provenance: list[str] | str | None = None,
    language: Language = ENGLISH,
    columns: list[tuple[str, str]] | None = None,
) -> bytes:
    """A workbook of the table and an "About" sheet; every cell is stored as the value it is. In another
    language than English, `columns` (each header beside its column in the English file) make a third sheet.

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
    table = labelled(frame, meta, provenance, language)
    data.write_row(0, 0, list(table.columns))
    for number, row in enumerate(table.itertuples(index=False), start=1):
        data.write_row(number, 0, [None if (isinstance(v, float) and v != v) or v is pd.NA else v for v in row])
    about = book.add_worksheet(sheet_name(language._("About"), reserved=set()))
    about.set_column(0, 0, 14 if language.code == "en" else 22)
    about.set_column(1, 1, 100)
    for number, (key, value) in enumerate(about_rows(meta, language)):
        about.write_row(number, 0, [neutralise(key), neutralise(value)])
    if columns and language.code != "en":
        names = book.add_worksheet(sheet_name(language._("Columns"), reserved={"history", about.name.casefold()}))
        names.set_column(0, 1, 40)
        names.write_row(0, 0, [neutralise(language._("Column")), neutralise(language._("Column in the English file"))])
        labels = [(language._(LABELS[column]), column) for column in LABELS]
        for number, (header, name) in enumerate([*columns, *labels], start=1):
            names.write_row(number, 0, [neutralise(header), name])
    book.close()
    # XlsxWriter stamps every entry and the document's dates as set above: the same table gives the same bytes.
    return buffer.getvalue()


RECONSTRUCTED_NOTICE = N_("Reconstructed data, illustrative: not figures reported by STTK.")
PROVENANCE_WORDS = {
    "reconstructed": N_(
        "The rows were reconstructed from the published report: the coalition's route-level data is not public. "
        "A value is 'reported' where the report states it; every other value is 'reconstructed': it depends on "
        "details chosen to rebuild the rows (cities, case counts, organisations, transport, recruitment), so it "
        "is illustrative and not for citation."
    ),
    "submitted": N_("Every value is computed from the route submissions the coalition's members sent."),
    "synthetic": N_("Synthetic data generated for testing: not data about anyone."),
}
STATUS_WORDS = {"reconstructed": RECONSTRUCTED_NOTICE, "submitted": N_("submitted"), "synthetic": N_("synthetic")}


# Excel refuses these in a sheet's name, a name longer than 31 characters, one that starts or ends with an
# apostrophe, and "History" (and "About" is the workbook's own second sheet).
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
SHEET_RESERVED = {"history", "about"}


def sheet_name(text: str, reserved: set[str] = SHEET_RESERVED) -> str:
    """A sheet name Excel accepts, made from a caption: forbidden characters become spaces."""
    name = " ".join(SHEET_FORBIDDEN.sub(" ", escape.text(text)).split())[:31].strip().strip("'").strip()
    if not name or name.casefold() in reserved:
        return "Data"
    return name


def about_rows(meta: dict[str, Any], language: Language = ENGLISH) -> list[tuple[str, str]]:
    """What a workbook's About sheet (and a zip's README) says of the edition, in `language`. The edition's
    title, publisher, source and citation are the report's own, in its language."""
    _ = language._
    status = STATUS_WORDS.get(meta["status"])
    words = PROVENANCE_WORDS.get(meta["status"])
    rows = [
        (_("Edition"), f"{meta['id']} ({meta['short_title']})"),
        (_("Title"), meta["title"]),
        (_("Publisher"), meta["publisher"]),
        (_("Licence"), f"{meta['licence']} {meta.get('licence_url', '')}".strip()),
        (_("Status"), _(status) if status else meta["status"]),
        (_("Provenance"), _(words) if words else ""),
    ]
    if meta.get("document"):
        rows.append((_("Source"), meta["document"]))
    rows.append((_("Cite as"), meta["citation"]))
    if language.code != "en":
        rows.append((_("Translation"), translation_credit(language)))
    return rows


def translation_credit(language: Language) -> str:
    """Who translated a download, whether the coalition has reviewed the translation, and which file holds."""
    if language.reviewed:
        return language._(
            "Translated from English by {translator}; reviewed for the coalition by {reviewer}.",
            translator=language.translator,
            reviewer=language.reviewer,
        )
    return language._(
        "Translated from English by {translator}. The coalition has not reviewed this translation yet; where it "
        "differs from the English file, the English file holds. Corrections are welcome: write to the coalition "
        "through the site.",
        translator=language.translator,
    )


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
