"""Data tables for pages: cells as text, then the table template (every cell escaped, a caption,
header cells with scope)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
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


# The caption's word on a table whose marked columns are reconstructed.
RECONSTRUCTED_NOTE = "† Reconstructed: illustrative, not for citation."


def html_table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    caption: str,
    numeric: Sequence[str] = (),
    table_id: str | None = None,
    row_header: str | None = None,
    kinds: Mapping[str, str] | None = None,
    reported: Callable[[Any, str], bool] | None = None,
) -> Markup:
    """`columns` maps frame columns to header text, in display order.

    `kinds` gives the provenance of the values of some columns (see prepare/provenance.py): a reconstructed
    column is marked in its header and the caption says what the mark means; `reported(row, column)` picks
    the cells of those columns that the source document states, which are marked R.
    """
    numeric = set(numeric)
    kinds = dict(kinds or {})
    row_header = row_header or next(iter(columns))
    heads = [{"title": title, "numeric": c in numeric, "kind": kinds.get(c)} for c, title in columns.items()]
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for column in columns:
            stated = column in kinds and reported is not None and reported(row, column)
            cells.append(
                {
                    "text": cell_text(row[column]),
                    "numeric": column in numeric,
                    "header": column == row_header,
                    "kind": "reported" if stated else None,
                }
            )
        rows.append(cells)
    note = RECONSTRUCTED_NOTE if "reconstructed" in kinds.values() else ""
    return html.render("table.html", caption=caption, table_id=table_id, heads=heads, rows=rows, note=note)


def row_provenance(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    kinds: Mapping[str, str],
    reported: Callable[[Any, str], bool] | None,
    default: str,
) -> list[str]:
    """For a table's download: which of each row's values are reported and which are not, in words."""
    marked = [c for c in columns if c in kinds]
    out = []
    for _, row in frame.iterrows():
        stated = [c for c in marked if reported is not None and reported(row, c)]
        others = [c for c in marked if c not in stated]
        if not stated:
            out.append(default)
        elif not others:
            out.append("reported")
        else:
            out.append(
                f"reported: {', '.join(columns[c] for c in stated)}; "
                f"{kinds[others[0]]}: {', '.join(columns[c] for c in others)}"
            )
    return out
