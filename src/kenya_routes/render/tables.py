"""Data tables for pages: cells as text, then the table template (every cell escaped, a caption,
header cells with scope)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from markupsafe import Markup

from . import html


def cell_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value) or value is pd.NA:
        return "–"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(cell_text(v) for v in value) or "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    whole = hasattr(value, "is_integer") and not isinstance(value, str) and float(value).is_integer()
    if isinstance(value, int) or whole:
        return f"{int(value):,}"
    return str(value)


def html_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    caption: str,
    numeric: Sequence[str] = (),
    table_id: str | None = None,
    row_header: str | None = None,
) -> Markup:
    """`columns` maps frame columns to header text, in display order."""
    numeric = set(numeric)
    row_header = row_header or next(iter(columns))
    heads = [{"title": title, "numeric": c in numeric} for c, title in columns.items()]
    rows = [
        [
            {"text": cell_text(row[column]), "numeric": column in numeric, "header": column == row_header}
            for column in columns
        ]
        for _, row in frame.iterrows()
    ]
    return html.render("table.html", caption=caption, table_id=table_id, heads=heads, rows=rows)
