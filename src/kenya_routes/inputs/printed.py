"""What an edition's source document prints: its published_figures.yml, typed.

Each entry transcribes one printed figure in the document's own terms: the
figure id, the printed value (a number, a list as the document spells it, or
words such as "a majority"), where it is printed, how the document's spellings
read in the data's terms (`read_as`), and how to compare it with the data
(`equal`, `set`, `ordered`, or for statements in words `includes`,
`greater_than` with a `threshold`, and `leading`: the printed items are the
first ones of a ranking). Where the document contradicts itself, `differs`
gives the reason the data follows another of its statements and `why` the same
in a few words for the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from .editions import Required, Text
from .models import Model, problems_from, read_yaml, rule_error
from .problems import DataProblemError, Problem, ProblemReport, display_path

PUBLISHED_FILE = "published_figures.yml"
COMPARISONS = ("equal", "set", "ordered", "includes", "greater_than", "leading")


class Printed(Model):
    id: Required
    printed: Any
    source: Required
    compare: Literal["equal", "set", "ordered", "includes", "greater_than", "leading"] = "equal"
    printed_as: Text | None = None
    read_as: dict[str, str] = Field(default_factory=dict)
    threshold: float | None = None
    differs: Text | None = None
    why: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _complete(self) -> Printed:
        if self.compare == "greater_than" and self.threshold is None:
            raise rule_error(
                "published-figures-complete",
                "A claim compared with 'greater_than' needs the 'threshold' the data's value must exceed.",
                field="threshold",
            )
        if self.differs and not self.why:
            raise rule_error(
                "published-figures-complete",
                "An entry with 'differs' needs 'why': the reason in a few words, for the page that shows the figure.",
                field="why",
            )
        return self

    def in_data_terms(self) -> Any:
        """The printed value with the document's spellings read as the data's (`read_as`)."""

        def read(text: Any) -> Any:
            if not isinstance(text, str):
                return text
            for spelt, meant in self.read_as.items():
                text = text.replace(spelt, meant)
            return text

        return [read(item) for item in self.printed] if isinstance(self.printed, list) else read(self.printed)


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
    raw = read_yaml(path, shown, "published-figures-readable")
    try:
        return PrintedFigures.model_validate(raw or {})
    except ValidationError as error:
        problems = []
        for problem in problems_from(error, shown, default_rule="published-figures-complete"):
            if problem.column and problem.column.endswith(".compare"):
                problem = Problem(
                    problem.file,
                    "published-figures-compare",
                    f"compare must be one of {', '.join(COMPARISONS)}.",
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
