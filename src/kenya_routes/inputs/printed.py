"""What an edition's source document prints: its published_figures.yml, typed.

Each entry transcribes one printed figure: the figure id, the printed value,
where it is printed and how to compare it with the data (`equal`, `set`,
`ordered`, or for statements in words `includes`, `greater_than` and
`leading`: the printed items are the first ones of a ranking). Where the
document contradicts itself, `differs` gives the reason the data follows
another of its statements.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, ValidationError

from .editions import Required, Text
from .models import Model, problems_from
from .problems import DataProblemError, Problem, ProblemReport, display_path

PUBLISHED_FILE = "published_figures.yml"
EXACT = ("equal", "set", "ordered")
CLAIMS = ("includes", "greater_than", "leading")


class Printed(Model):
    id: Required
    printed: Any
    source: Required
    compare: Literal["equal", "set", "ordered", "includes", "greater_than", "leading"] = "equal"
    printed_as: Any = None
    differs: Text | None = None
    note: Text | None = None

    @property
    def exact(self) -> bool:
        return self.compare in EXACT


class PrintedFigures(Model):
    """The document's title, its printed figures and general notes on them."""

    document: Text = ""
    figures: list[Printed] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)


def read_printed(folder: Path) -> PrintedFigures:
    """The edition folder's published_figures.yml (nothing printed if there is none)."""
    path = folder / PUBLISHED_FILE
    if not path.is_file():
        return PrintedFigures()
    shown = display_path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise DataProblemError(
            ProblemReport(
                [Problem(shown, "published-figures-readable", f"Not valid YAML: {str(error).splitlines()[0]}")]
            )
        ) from None
    try:
        return PrintedFigures.model_validate(raw or {})
    except ValidationError as error:
        problems = []
        for problem in problems_from(error, shown, default_rule="published-figures-complete"):
            if problem.column and problem.column.endswith(".compare"):
                problem = Problem(
                    problem.file,
                    "published-figures-compare",
                    f"compare must be one of {', '.join(EXACT + CLAIMS)}.",
                    column=problem.column,
                    value=problem.value,
                )
            elif problem.rule == "field-present":
                problem = Problem(
                    problem.file,
                    "published-figures-complete",
                    "Each entry needs 'id', 'printed' and 'source'.",
                    column=problem.column,
                )
            problems.append(problem)
        raise DataProblemError(ProblemReport(problems)) from None
