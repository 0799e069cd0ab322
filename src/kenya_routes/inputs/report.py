"""Where each section of an edition's source document is covered on the site: its report_sections.yml, typed.

Each entry names one section or sub-section of the document (`id`, the
heading as printed, the heading it sits under), the site page that covers it,
and, where the site's figures do not carry its content, the section's findings
in the project's own words. A page marks the place with `report("id")` (see
render/markdown.py), which gives the anchor `report-<id>`; the build stops if a
section has no anchor on its page (publish/build.py), so no section of the
document is dropped silently, in this edition or a later one.

An edition without the file covers no document section (the 2019 pilot's
summaries are covered by its figures alone).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, Field, ValidationError, model_validator

from .editions import Required, Text
from .models import Model, problems_from, read_yaml, rule_error
from .problems import DataProblemError, ProblemReport, display_path
from .reference import REGIONS

REPORT_FILE = "report_sections.yml"
SECTION_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
FACT_SHEETS = {"kenya", "other", *REGIONS.values()}
PAGE = re.compile(r"^[a-z0-9-]+(/[a-z0-9-]+)?$")


def _section_id(value: str) -> str:
    if not SECTION_ID.match(value):
        raise rule_error(
            "report-section-id", "A section id is lower-case letters, digits and hyphens (for example 'data-summary')."
        )
    return value


def _page(value: str) -> str:
    if not PAGE.match(value):
        raise rule_error(
            "report-section-page",
            "A page is a name of the site's table of contents without '.md' (for example 'transit').",
        )
    return value


def _fact_sheet(value: str) -> str:
    if value not in FACT_SHEETS:
        raise rule_error("report-section-fact-sheet", f"A fact sheet is one of {', '.join(sorted(FACT_SHEETS))}.")
    return value


class Translation(Model):
    """A section's heading and findings in another language, for the fact sheets in it."""

    section: Required
    findings: list[Required] = Field(min_length=1)


class Section(Model):
    """One section of the document and the site page that covers it."""

    id: Annotated[str, AfterValidator(_section_id)]
    section: Required  # the heading as the document prints it
    part_of: Text | None = None  # the heading the section sits under, if any
    page: Annotated[str, AfterValidator(_page)]
    findings: list[Required] = Field(default_factory=list)  # in the project's own words
    # The fact sheets whose "What the report recommends" gives the first finding: "kenya", a region's slug,
    # or "other" (the other regions' sheet); see render/factsheets.py.
    fact_sheets: list[Annotated[str, AfterValidator(_fact_sheet)]] = Field(default_factory=list)
    # The heading and findings in Kiswahili: every section on a fact sheet has them, as the sheets are made in
    # Kiswahili too.
    sw: Translation | None = None

    @model_validator(mode="after")
    def _translated(self) -> Section:
        if self.fact_sheets and self.sw is None:
            raise rule_error(
                "report-section-fact-sheet-sw",
                "A section on a fact sheet needs its heading and findings in Kiswahili (sw: with section and "
                "findings), as the fact sheets are made in Kiswahili as well.",
                field="sw",
            )
        return self

    @property
    def anchor(self) -> str:
        return f"report-{self.id}"

    @property
    def location(self) -> str:
        """Where the section is in the document, in words: 'Cross-regional routes, Europe to Kenya'."""
        return f"{self.part_of}, {self.section}" if self.part_of else self.section


class ReportSections(Model):
    """The document's sections in its order, each with its page on the site."""

    document: Text = ""
    sections: list[Section] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique(self) -> ReportSections:
        seen: set[str] = set()
        for section in self.sections:
            if section.id in seen:
                raise rule_error(
                    "report-section-unique", "Each section id appears once.", field="sections", value=section.id
                )
            seen.add(section.id)
        return self

    def by_id(self) -> dict[str, Section]:
        return {section.id: section for section in self.sections}

    def records(self) -> list[dict[str, object]]:
        """The sections as plain values, for the prepared data."""
        return [
            dict(section.model_dump(), anchor=section.anchor, location=section.location) for section in self.sections
        ]


def read_sections(folder: Path) -> ReportSections:
    """The edition folder's report_sections.yml (no section if there is none)."""
    path = folder / REPORT_FILE
    if not path.is_file():
        return ReportSections()
    shown = display_path(path)
    raw = read_yaml(path, shown, "report-sections-readable")
    try:
        return ReportSections.model_validate(raw or {})
    except ValidationError as error:
        raise DataProblemError(
            ProblemReport(problems_from(error, shown, default_rule="report-sections-complete"))
        ) from None
