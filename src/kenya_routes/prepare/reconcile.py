"""Printed figures against the data's.

What the source document prints (inputs.printed) is compared with the figure
the data gives, and the comparison says how they relate, in words a reader can
check: only `equal` means the data gives exactly what the document prints.

    equal        the data gives the printed value, as printed
    as read      equal once the document's spellings are read in the data's terms (Malamba as Malaba)
    same items   the same items; the document lists them in another order, or in no order
    includes     the data names the printed items, and others
    at least     the data's value satisfies the document's claim ("a majority": more than half)
    leads        the printed items lead the data's ranking
    differs      the data gives another value: the entry says why
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..inputs.printed import Printed
from .figures import Figure, by_id

CONSISTENT = ("equal", "as read", "same items", "includes", "at least", "leads")


def check(value: Any, entry: Printed) -> str:
    """How the data's value relates to the printed one (see the module's docstring)."""
    printed = entry.in_data_terms()
    spelt_alike = printed == entry.printed
    if entry.compare == "greater_than":
        return "at least" if isinstance(value, (int, float)) and value > entry.threshold else "differs"
    if not isinstance(value, list) or not isinstance(printed, list):
        if value == printed:
            return "equal" if spelt_alike else "as read"
        return "differs"
    data, said = list(map(str, value)), list(map(str, printed))
    if data == said:
        return "equal" if spelt_alike else "as read"
    if entry.compare in ("set", "includes") and sorted(data) == sorted(said):
        return "same items"
    if entry.compare == "includes" and set(said) <= set(data):
        return "includes"
    if entry.compare == "leading" and sorted(data[: len(said)]) == sorted(said):
        return "leads"
    return "differs"


def annotate(figures: list[Figure], printed: list[Printed]) -> list[Figure]:
    """Mark which figures the source document states, how, and how the data's value relates to it."""
    known = by_id(figures)
    for entry in printed:
        figure = known.get(entry.id)
        if figure is None:
            continue
        figure.printed = entry.printed
        figure.printed_read = entry.in_data_terms()
        figure.printed_as = entry.printed_as
        figure.source_ref = entry.source
        figure.check = check(figure.value, entry)
        figure.why = entry.why
    return figures


@dataclass(frozen=True)
class Row:
    """One line of the reconciliation: a printed figure, the data's, and how they relate."""

    id: str
    label: str
    printed: Any
    printed_as: str | None
    source: str
    compare: str
    data: Any
    check: str
    reason: str | None
    note: str | None

    @property
    def reproduced(self) -> bool:
        return self.check == "equal"


def reconcile(figures: list[Figure], printed: list[Printed]) -> list[Row]:
    known = by_id(figures)
    rows = []
    for entry in printed:
        figure = known.get(entry.id)
        rows.append(
            Row(
                id=entry.id,
                label=figure.label if figure else "(no such figure is computed)",
                printed=entry.printed,
                printed_as=entry.printed_as,
                source=entry.source,
                compare=entry.compare,
                data=figure.value if figure else None,
                check=check(figure.value, entry) if figure else "differs",
                reason=entry.differs,
                note=entry.note,
            )
        )
    return rows


def unexplained(rows: list[Row]) -> list[Row]:
    """Differences without a documented reason, and documented reasons that no longer apply."""
    return [r for r in rows if (r.check == "differs") != bool(r.reason)]


def show(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return "" if value is None else str(value)


def render_text(rows: list[Row], notes: list[str], document: str) -> str:
    """The reconciliation as plain text for the terminal."""
    lines = [f"Reconciliation with: {document}" if document else "Reconciliation", ""]
    width = max((len(r.id) for r in rows), default=10)
    for row in rows:
        lines.append(f"{row.id:<{width}}  {row.check.upper() if row.check == 'differs' else row.check}")
        lines.append(f"{'':<{width}}  printed:  {show(row.printed)}" + (f" ({row.source})" if row.source else ""))
        if row.check != "equal":
            lines.append(f"{'':<{width}}  data:     {show(row.data)}")
        if row.reason:
            lines.append(f"{'':<{width}}  why:      {row.reason}")
        if row.note:
            lines.append(f"{'':<{width}}  note:     {row.note}")
    equal = sum(1 for r in rows if r.reproduced)
    differing = sum(1 for r in rows if r.check == "differs")
    lines += [
        "",
        f"{len(rows)} printed figures: {equal} reproduced exactly, {len(rows) - equal - differing} consistent with "
        f"the printed statement, {differing} differ ({len(unexplained(rows))} without a documented reason).",
    ]
    for note in notes:
        lines += ["", f"Note: {note}"]
    return "\n".join(lines)
