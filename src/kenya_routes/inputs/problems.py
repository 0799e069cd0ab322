"""Data problems reported to maintainers in plain words.

A problem names the file, the spreadsheet row, the column, the value and the
rule it breaks. Values from free-text columns are never echoed, because they
may hold personal details; the row and column are enough to find them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# Problems at or above this severity stop the build; warnings only report.
CRITICAL = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, in words a maintainer can act on."""

    file: str
    rule: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: str = CRITICAL
    hide_value: bool = False

    def render(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        shown = ""
        if self.value is not None and not self.hide_value:
            shown = f" value {_quote(self.value)}:"
        elif self.hide_value:
            shown = " (value not shown: free text may hold personal details):"
        return f"{self.severity.upper()} {', '.join(where)}:{shown} {self.message} [rule: {self.rule}]"


def _quote(value: str, limit: int = 80) -> str:
    text = str(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    # Show invisible characters so the maintainer can find them in the cell.
    text = text.encode("unicode_escape").decode("ascii") if not text.isprintable() else text
    return f'"{text}"'


@dataclass
class ProblemReport:
    """Problems collected while reading or validating one input."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == CRITICAL]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    def __bool__(self) -> bool:
        return bool(self.problems)

    def summary(self, stopped: str = "Nothing was published.", passed: str = "The data can be published.") -> str:
        errors, warnings = len(self.errors), len(self.warnings)
        if not errors and not warnings:
            return "No problems found."
        files = sorted({p.file for p in self.problems})
        verdict = stopped if errors else passed
        return f"{errors} error(s) and {warnings} warning(s) in {', '.join(files)}. {verdict}"

    def render(self, **verdicts: str) -> str:
        """Every problem, one per line, then the summary (`stopped` and `passed` reword its verdict)."""
        lines = [p.render() for p in sorted(self.problems, key=_order)]
        lines.append(self.summary(**verdicts))
        return "\n".join(lines)


def _order(problem: Problem) -> tuple:
    return (
        problem.severity != CRITICAL,
        problem.file,
        problem.row if problem.row is not None else -1,
        problem.column or "",
    )


class DataProblemError(Exception):
    """Raised when input data cannot be used; carries every problem found."""

    def __init__(self, report: ProblemReport):
        self.report = report
        super().__init__(report.render())


def display_path(path: Path | str) -> str:
    """A path as a maintainer sees it: relative to the working directory if possible."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
