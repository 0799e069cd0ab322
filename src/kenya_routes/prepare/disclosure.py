"""Disclosure control of estimated case counts.

A route with two cases from a small border town can identify a person. Trusted
publishers draw the line at small counts: UNODC's global report draws a flow
only with at least 5 detected victims, CTDC k-anonymises its downloads with
k = 11, Polaris withholds details that occur fewer than 3 times. The default
threshold here is 5, UNODC's, set in _config.yml (kenya_routes.disclosure).

What is published, and how it is protected:

1. **Roll-up.** A submission with fewer estimated cases than the threshold loses
   its place-level detail: its origin and destination cities and its transit
   towns are shown as their countries. It is rolled up, not dropped: it still
   counts everywhere. Routes whose places the source document itself prints
   keep them (they are public already).
2. **Bands.** Estimated cases are published only as sums over a fixed hierarchy:
   the edition, each corridor, each country pair, each route, each submission.
   A sum from 1 to threshold - 1 is shown as "fewer than N".
3. **Secondary suppression.** Every published total is the sum of the parts
   listed under it, so one hidden part could be worked out by subtraction. The
   rule: under a shown total, either no part is hidden or at least two are;
   under a hidden total, at least one part is hidden. Further parts (or the
   total) are withheld until that holds everywhere (see `audit`).
4. Other tables (places, transit points, industries, transport, airlines) show
   numbers of submissions, not estimated cases.

Figures the source document prints are shown as printed (they are public).
A suppression log says what was banded, withheld or rolled up, and why, without
revealing any value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..inputs import contract
from ..inputs.messages import N_
from ..inputs.reference import Reference
from .analysis import route_label

LEVELS = ("edition", "corridor", "pair", "route", "submission")

# What a reader sees in place of a hidden or missing count.
NOT_ESTIMATED = N_("not estimated")
WITHHELD = N_("withheld")


def band(threshold: int) -> str:
    return f"fewer than {threshold}"


@dataclass
class Cell:
    level: str
    key: str
    value: int | None  # None: no estimate was given
    parent: tuple[str, str] | None
    children: list[tuple[str, str]] = field(default_factory=list)
    hidden: bool = False
    reason: str | None = None  # "small" or "protects"
    printed: bool = False


@dataclass
class Disclosure:
    threshold: int
    cells: dict[tuple[str, str], Cell]
    rolled_up: list[str]  # submission ids whose places were rolled up to countries
    log: list[dict[str, str]]

    def shown(self, level: str, key: str) -> str:
        """The count as published: exact, banded, withheld or not estimated."""
        cell = self.cells[(level, key)]
        if cell.value is None:
            return NOT_ESTIMATED
        if not cell.hidden:
            return f"{cell.value:,}"
        return band(self.threshold) if cell.reason == "small" else WITHHELD

    def hidden(self, level: str, key: str) -> bool:
        return self.cells[(level, key)].hidden

    def weight(self, level: str, key: str) -> int:
        """A count to size map lines by: hidden counts weigh nothing, so widths reveal none."""
        cell = self.cells[(level, key)]
        return 0 if cell.hidden or cell.value is None else cell.value

    def table(self, level: str) -> dict[str, str]:
        return {key: self.shown(lvl, key) for (lvl, key) in self.cells if lvl == level}


def subject_cell(subject: str) -> tuple[str, str]:
    """The cell a figure of estimated cases shows: "edition" or "pair:<pair label>" (see figures.py)."""
    if subject == "edition":
        return ("edition", "all")
    level, key = subject.split(":", 1)
    return (level, key)


def roll_up(
    routes: pd.DataFrame, reference: Reference, threshold: int, printed_labels: set[str]
) -> tuple[pd.DataFrame, list[str]]:
    """Routes with small submissions shown at country level; returns the frame and the rolled-up ids."""
    out = routes.copy()
    rolled = []
    cases = pd.to_numeric(out["estimated_cases"], errors="coerce")
    small = (cases >= 1) & (cases < threshold) & ~out["route_label"].isin(printed_labels)
    for index in out.index[small.fillna(False).to_numpy(dtype=bool)]:
        row = out.loc[index]
        transit: list[str] = []
        for name in row["transit"]:
            if name == contract.UNKNOWN_TRANSIT:
                item = name
            else:
                location = reference.location(name)
                item = reference.country_name(location.country)
            if not transit or transit[-1] != item:
                transit.append(item)
        out.at[index, "origin_city"] = None
        out.at[index, "destination_city"] = None
        if "intended_destination_city" in out.columns:
            out.at[index, "intended_destination_city"] = None
        out.at[index, "transit"] = transit
        out.at[index, "route_label"] = route_label(out.loc[index], reference)
        rolled.append(row["submission_id"])
    return out, rolled


def protect(routes: pd.DataFrame, threshold: int, printed: dict[tuple[str, str], int] | None = None) -> dict:
    """Build the hierarchy of published sums and apply primary and secondary suppression."""
    printed = printed or {}
    cells: dict[tuple[str, str], Cell] = {}

    def add(level: str, key: str, parent: tuple[str, str] | None) -> Cell:
        ident = (level, key)
        if ident not in cells:
            cells[ident] = Cell(level, key, None, parent)
            if parent:
                cells[parent].children.append(ident)
        return cells[ident]

    root = add("edition", "all", None)
    for corridor_key, pair_key, route_key, submission_id, cases in zip(
        routes["corridor"], routes["pair"], routes["route_label"], routes["submission_id"], routes["estimated_cases"]
    ):
        corridor = add("corridor", corridor_key, ("edition", "all"))
        pair = add("pair", pair_key, ("corridor", corridor.key))
        route = add("route", route_key, ("pair", pair.key))
        submission = add("submission", submission_id, ("route", route.key))
        submission.value = None if pd.isna(cases) else int(cases)

    def total(cell: Cell) -> int | None:
        if not cell.children:
            return cell.value
        values = [total(cells[c]) for c in cell.children]
        known = [v for v in values if v is not None]
        cell.value = sum(known) if known else None
        return cell.value

    total(root)
    for ident, cell in cells.items():
        if ident in printed and cell.value == printed[ident]:
            cell.printed = True
    # A total of printed parts is public too.
    for level in reversed(LEVELS[:-1]):
        for cell in cells.values():
            parts = [cells[c] for c in cell.children if cells[c].value is not None]
            if cell.level == level and parts and all(p.printed for p in parts):
                cell.printed = True
    for cell in cells.values():
        if cell.value is not None and 1 <= cell.value < threshold and not cell.printed:
            cell.hidden, cell.reason = True, "small"

    def hide(cell: Cell) -> bool:
        if cell.hidden or cell.printed:
            return False
        cell.hidden, cell.reason = True, "protects"
        return True

    changed = True
    while changed:
        changed = False
        for cell in list(cells.values()):
            parts = [cells[c] for c in cell.children if cells[c].value is not None]
            if not parts:
                continue
            hidden = [p for p in parts if p.hidden]
            candidates = sorted((p for p in parts if not p.hidden and not p.printed), key=lambda p: (p.value, p.key))
            if cell.hidden and not hidden:
                # A hidden total whose parts are all shown is their sum: hide one part too.
                changed |= bool(candidates) and hide(candidates[0])
            elif not cell.hidden and len(hidden) == 1:
                # One hidden part under a shown total is the total minus the others: hide a
                # sibling, or else the total. If the total and every sibling are printed in the
                # source document, the part follows from public figures and is no secret.
                if candidates:
                    changed |= hide(candidates[0])
                elif not cell.printed:
                    changed |= hide(cell)
    return cells


def audit(cells: dict[tuple[str, str], Cell]) -> list[str]:
    """Equations a reader could solve for a hidden count; empty if the rule holds everywhere."""
    problems = []
    for cell in cells.values():
        parts = [cells[c] for c in cell.children if cells[c].value is not None]
        if not parts:
            continue
        hidden = [p for p in parts if p.hidden]
        public = cell.printed and all(p.printed for p in parts if not p.hidden)
        if not cell.hidden and len(hidden) == 1 and not public:
            problems.append(f"{cell.level} {cell.key!r}: its only hidden part {hidden[0].key!r} = total - others")
        if cell.hidden and not hidden:
            problems.append(f"{cell.level} {cell.key!r}: hidden, but its parts are all shown")
    return problems


def suppression_log(
    cells: dict[tuple[str, str], Cell], rolled: list[str], routes: pd.DataFrame, threshold: int
) -> list[dict[str, str]]:
    """What was suppressed and why, naming no value and no rolled-up place."""
    names = {
        "corridor": "corridor",
        "pair": "country pair",
        "route": "route",
        "submission": "submission",
        "edition": "edition total",
    }
    log = []
    for cell in cells.values():
        if not cell.hidden:
            continue
        if cell.reason == "small":
            why = f"fewer than {threshold} estimated cases: shown as “{band(threshold)}”"
        else:
            why = "withheld so that a smaller hidden count cannot be worked out from a total"
        log.append({"level": names[cell.level], "what": cell.key, "action": "count hidden", "why": why})
    by_id = routes.set_index("submission_id")
    for submission in rolled:
        log.append(
            {
                "level": "submission",
                "what": f"{submission} ({by_id.loc[submission, 'route_label']})",
                "action": "places shown at country level",
                "why": f"fewer than {threshold} estimated cases on this submission",
            }
        )
    order = {name: i for i, name in enumerate(["edition total", "corridor", "country pair", "route", "submission"])}
    return sorted(log, key=lambda entry: (order[entry["level"]], entry["action"], entry["what"]))


def apply(
    routes: pd.DataFrame,
    reference: Reference,
    threshold: int,
    printed_labels: set[str],
    printed_cases: dict[tuple[str, str], int],
) -> tuple[pd.DataFrame, Disclosure]:
    """Roll up, protect and log; returns the rolled-up routes and the disclosure decisions."""
    rolled_routes, rolled = roll_up(routes, reference, threshold, printed_labels)
    cells = protect(rolled_routes, threshold, printed_cases)
    problems = audit(cells)
    if problems:  # protect() guarantees this never happens; if it does, publish nothing
        raise RuntimeError("disclosure control left a hidden count recoverable: " + "; ".join(problems))
    log = suppression_log(cells, rolled, rolled_routes, threshold)
    return rolled_routes, Disclosure(threshold, cells, rolled, log)
