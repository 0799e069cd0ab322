"""HTML tables for pages: every cell escaped, a caption, header cells with scope."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from . import escape


def cell_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "–"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(cell_text(v) for v in value) or "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or (hasattr(value, "is_integer") and float(value).is_integer() and not isinstance(value, str)):
        return f"{int(value):,}"
    return str(value)


def html_table(frame: pd.DataFrame, columns: Mapping[str, str], caption: str, numeric: Sequence[str] = (),
               table_id: str | None = None, row_header: str | None = None) -> str:
    """`columns` maps frame columns to header text, in display order."""
    numeric = set(numeric)
    row_header = row_header or next(iter(columns))
    number_class = ' class="num"'
    heads = "".join(
        f'<th scope="col"{number_class if c in numeric else ""}>{escape.html(title)}</th>'
        for c, title in columns.items())
    body = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            text = escape.html(cell_text(row[column]))
            css = ' class="num"' if column in numeric else ""
            tag = "th scope=\"row\"" if column == row_header else "td"
            cells.append(f"<{tag}{css}>{text}</{tag.split()[0]}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    ident = f' id="{escape.html(table_id)}"' if table_id else ""
    return (f"<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{escape.html(caption)}\">"
            f"<table class=\"data-table\"{ident}><caption>{escape.html(caption)}</caption>"
            f"<thead><tr>{heads}</tr></thead><tbody>{''.join(body)}</tbody></table></div>")
