"""Printed figures against computed ones.

What the source document prints (inputs.printed) is compared with the figures
computed from the data: the reconciliation table shows printed, computed,
whether they match and why not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..inputs.printed import Printed
from .figures import Figure, by_id


@dataclass(frozen=True)
class Row:
    id: str
    label: str
    printed: Any
    computed: Any
    compare: str
    match: bool
    source: str
    reason: str | None
    note: str | None
    printed_as: Any


def matches(computed: Any, printed: Any, compare: str) -> bool:
    if compare == "equal":
        return computed == printed
    if compare == "set":
        return sorted(map(str, computed)) == sorted(map(str, printed))
    if compare == "ordered":
        return list(map(str, computed)) == list(map(str, printed))
    if compare == "includes":
        return set(map(str, printed)) <= set(map(str, computed))
    if compare == "greater_than":
        return computed > printed
    if compare == "leading":
        return sorted(map(str, computed[: len(printed)])) == sorted(map(str, printed))
    raise ValueError(compare)


def annotate(figures: list[Figure], printed: list[Printed]) -> list[Figure]:
    """Mark which figures the source document states and whether the data reproduces them."""
    known = by_id(figures)
    for entry in printed:
        figure = known.get(entry.id)
        if figure is None or not entry.exact:
            continue
        figure.stated_in_source = True
        figure.source_ref = entry.source
        figure.printed_value = entry.printed
        figure.matches_source = matches(figure.value, entry.printed, entry.compare)
    return figures


def reconcile(figures: list[Figure], printed: list[Printed]) -> list[Row]:
    known = by_id(figures)
    rows = []
    for entry in printed:
        figure = known.get(entry.id)
        computed = figure.value if figure else None
        ok = figure is not None and matches(computed, entry.printed, entry.compare)
        rows.append(
            Row(
                id=entry.id,
                label=figure.label if figure else "(no such figure is computed)",
                printed=entry.printed,
                computed=computed,
                compare=entry.compare,
                match=ok,
                source=entry.source,
                reason=entry.differs,
                note=entry.note,
                printed_as=entry.printed_as,
            )
        )
    return rows


def unexplained(rows: list[Row]) -> list[Row]:
    """Mismatches without a documented reason, and documented reasons that no longer apply."""
    return [r for r in rows if r.match == bool(r.reason)]


def show(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def render_text(rows: list[Row], notes: list[str], document: str) -> str:
    """The reconciliation as plain text for the terminal."""
    lines = [f"Reconciliation with: {document}" if document else "Reconciliation", ""]
    width = max((len(r.id) for r in rows), default=10)
    for row in rows:
        mark = "match" if row.match else "DIFFERS"
        relation = {
            "includes": " (printed ⊆ computed)",
            "greater_than": " (computed > printed)",
            "leading": " (printed = first of computed)",
        }.get(row.compare, "")
        lines.append(f"{row.id:<{width}}  {mark}{relation}")
        lines.append(f"{'':<{width}}  printed:  {show(row.printed)}")
        if not row.match or row.compare not in ("equal",):
            lines.append(f"{'':<{width}}  computed: {show(row.computed)}")
        if row.reason:
            lines.append(f"{'':<{width}}  why:      {row.reason}")
        if row.note:
            lines.append(f"{'':<{width}}  note:     {row.note}")
    differing = sum(1 for r in rows if not r.match)
    lines += [
        "",
        f"{len(rows)} printed figures; {len(rows) - differing} reproduced, {differing} differ "
        f"({len(unexplained(rows))} without a documented reason).",
    ]
    for note in notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines)
