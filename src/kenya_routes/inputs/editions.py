"""Editions: each folder under data/editions/ with its edition.yml and route table.

edition.yml is read into a typed model, which is its one check: a missing,
misspelt or malformed field is one problem naming the field, its value and the
rule, in a maintainer's words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, ValidationError, field_validator

from . import contract, patterns
from .models import Model, problems_from, rule_error
from .problems import DataProblemError, Problem, ProblemReport, display_path

EDITION_FILE = "edition.yml"

# reconstructed: rebuilt from published documents; submitted: real submissions;
# synthetic: generated for benchmarks, never published.
STATUSES = ("reconstructed", "submitted", "synthetic")

PERIOD = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
SPDX_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+\-]*$")
# An edition's name is its folder and its web address: a year, optionally a short suffix ("2021-mid").
EDITION_ID = re.compile(r"^\d{4}(-[a-z0-9]+)?$")
# A web address readers may follow (the licence's): http or https, nothing that could end an attribute.
WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'`{}|\\^]+$")

# What each required field is for: the message a maintainer reads when it is missing or empty.
REQUIRED = {
    "title": "the edition's title as published",
    "publisher": "who publishes the edition",
    "licence": "the data licence, as an SPDX identifier such as CC-BY-4.0",
    "licence.id": "the data licence, as an SPDX identifier such as CC-BY-4.0",
    "citation": "the text readers should cite",
    "status": "'reconstructed' or 'submitted'",
    "collection_period": "when the data was collected ('from' and 'to')",
    "collection_period.from": "the first month of collection, e.g. 2019-08",
    "collection_period.to": "the last month of collection, e.g. 2019-08",
    "instrument": "the data collection instrument ('name', 'version', 'columns')",
    "instrument.name": "the data collection instrument's name",
    "instrument.version": "the instrument's version",
    "contributors": "the contributing organisations",
}


def _as_text(value: Any) -> Any:
    """YAML reads 2020 as a number and 2026-12-01 as a date; in edition.yml both are text."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _plain(multiline: bool = False, longest: int | None = None):
    """A check that a field is plain text (see patterns.PLAIN_TEXT): every field of edition.yml reaches
    pages, the theme's title, citations and downloads, and is never markup, a template or Markdown."""

    def check(value: str) -> str:
        found = patterns.plain_text_problem(value, multiline=multiline)
        if found:
            raise rule_error(*found)
        if longest is not None and len(value) > longest:
            raise rule_error("text-length", f"This field is at most {longest} characters long: shorten it.")
        return value

    return AfterValidator(check)


# Text (published_figures.yml uses these too) may have line breaks; a name or a title is one line.
Text = Annotated[str, BeforeValidator(_as_text), _plain(multiline=True)]
Required = Annotated[str, BeforeValidator(_as_text), StringConstraints(min_length=1), _plain(multiline=True)]
Name = Annotated[str, BeforeValidator(_as_text), _plain(longest=200)]
RequiredName = Annotated[str, BeforeValidator(_as_text), StringConstraints(min_length=1), _plain(longest=200)]
# What the edition switcher, the theme's sidebar and every download's "Edition" line show.
ShortName = Annotated[str, BeforeValidator(_as_text), _plain(longest=patterns.NAME_LENGTH)]


def _licence_table(value: Any) -> Any:
    """`licence: CC-BY-4.0` is short for `licence: {id: CC-BY-4.0}`."""
    return {"id": value} if isinstance(value, (str, int, float)) else value


class Licence(Model):
    id: RequiredName
    url: Name = ""

    @field_validator("url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if value and not WEB_ADDRESS.match(value):
            raise rule_error(
                "edition-url", "Give the licence's web address in full, starting with https:// and without spaces."
            )
        return value


class Period(Model):
    from_: RequiredName = Field(alias="from")
    to: RequiredName
    note: Text = ""

    @field_validator("from_", "to")
    @classmethod
    def _year_or_month(cls, value: str) -> str:
        if not PERIOD.match(value):
            raise rule_error("edition-period", "Write the period as a year or a year and month: 2019 or 2019-08.")
        return value


class Instrument(Model):
    name: RequiredName
    version: RequiredName
    columns: list[str] = []

    @field_validator("columns")
    @classmethod
    def _optional_columns(cls, columns: list[str]) -> list[str]:
        for column in columns:
            if column not in contract.OPTIONAL:
                raise rule_error(
                    "edition-columns",
                    f"instrument.columns lists only optional contract columns ({', '.join(contract.OPTIONAL)}).",
                    value=column,
                )
        return columns


class ContributorEntry(Model):
    name: RequiredName
    short_name: ShortName = ""


class SourceDocument(Model):
    title: RequiredName
    publisher: Name = ""
    year: Name = ""
    note: Text = ""


class Erratum(Model):
    date: RequiredName
    description: Required


class EditionFile(Model):
    """edition.yml as written."""

    title: RequiredName
    short_title: ShortName = ""
    status: RequiredName
    publisher: RequiredName
    licence: Annotated[Licence, BeforeValidator(_licence_table)]
    collection_period: Period
    instrument: Instrument
    citation: Required
    # Who is cited as the author (each an organisation); the publisher if not given.
    authors: list[Required] = []
    contributors: Annotated[list[ContributorEntry], Field(min_length=1)]
    source_documents: list[SourceDocument] = []
    reconstruction: Text = ""
    errata: list[Erratum] = []

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str) -> str:
        if value not in STATUSES:
            raise rule_error(
                "edition-status",
                "Status must be 'reconstructed', 'submitted' or (for generated benchmark data) 'synthetic'.",
            )
        return value

    @field_validator("licence")
    @classmethod
    def _spdx(cls, value: Licence) -> Licence:
        if not SPDX_ID.match(value.id):
            raise rule_error("edition-licence", "Give the licence as an SPDX identifier such as CC-BY-4.0.")
        return value


@dataclass(frozen=True)
class Contributor:
    name: str
    short_name: str


@dataclass(frozen=True)
class Edition:
    """One edition's metadata; the route table is loaded separately."""

    id: str
    folder: Path
    title: str
    short_title: str
    status: str
    publisher: str
    licence: str
    licence_url: str
    collection_from: str
    collection_to: str
    collection_note: str
    instrument_name: str
    instrument_version: str
    collected_columns: tuple[str, ...]
    citation: str
    contributors: tuple[Contributor, ...]
    authors: tuple[str, ...] = ()
    source_documents: tuple[dict, ...] = ()
    reconstruction_note: str = ""
    errata: tuple[dict, ...] = ()
    raw: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def reconstructed(self) -> bool:
        return self.status == "reconstructed"

    @property
    def columns(self) -> tuple[str, ...]:
        """Columns the edition's route table has, in contract order."""
        return contract.columns_for(self.collected_columns)

    def collects(self, column: str) -> bool:
        return column in self.columns

    def routes_file(self) -> Path:
        """The edition's route table: routes.csv, or routes.xlsx if there is no CSV."""
        for name in ("routes.csv", "routes.xlsx"):
            candidate = self.folder / name
            if candidate.is_file():
                return candidate
        return self.folder / "routes.csv"

    def contributor_names(self) -> set[str]:
        names = set()
        for c in self.contributors:
            names.add(c.name)
            names.add(c.short_name)
        return names

    def canonical_organisation(self, name: str) -> str | None:
        """The contributor's short name for a full or short name, or None."""
        folded = " ".join(name.split()).casefold()
        for c in self.contributors:
            if folded in (c.name.casefold(), c.short_name.casefold()):
                return c.short_name
        return None


def edition_ids(editions_dir: Path) -> list[str]:
    """Edition folders in publication order (oldest first)."""
    if not editions_dir.is_dir():
        return []
    return sorted(p.name for p in editions_dir.iterdir() if (p / EDITION_FILE).is_file())


def read_edition(path: Path, edition_id: str | None = None) -> Edition:
    """The edition described by an edition.yml; raises DataProblemError naming every problem in it."""
    shown = display_path(path)

    def fail(rule: str, message: str) -> DataProblemError:
        return DataProblemError(ProblemReport([Problem(shown, rule, message)]))

    if not path.is_file():
        raise fail("edition-file-present", "The edition has no edition.yml file.")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise fail("edition-file-readable", f"edition.yml is not valid YAML ({first}).") from None
    if not isinstance(raw, dict):
        raise fail("edition-file-readable", "edition.yml must be a set of 'field: value' lines.")
    return edition_from(raw, path.parent, edition_id or path.parent.name, shown)


def edition_from(raw: dict[str, Any], folder: Path, edition_id: str, shown: str) -> Edition:
    """The edition of edition.yml's fields; raises DataProblemError naming every problem in them."""
    if not EDITION_ID.match(edition_id):
        raise DataProblemError(
            ProblemReport(
                [
                    Problem(
                        shown,
                        "edition-name",
                        "An edition's folder name is its web address: a year, optionally followed by a hyphen and "
                        "lower-case letters or digits (2021, 2021-mid). Rename the folder.",
                        value=edition_id,
                    )
                ]
            )
        )
    try:
        parsed = EditionFile.model_validate(raw)
    except ValidationError as error:
        missing = {
            path: ("edition-complete", f"This field is missing or empty: it should give {what}.")
            for path, what in REQUIRED.items()
        }
        missing["contributors"] = (
            "edition-complete",
            "List at least one contributing organisation under 'contributors'.",
        )
        raise DataProblemError(
            ProblemReport(problems_from(error, shown, missing, default_rule="edition-field"))
        ) from None
    licence = parsed.licence
    return Edition(
        id=edition_id,
        folder=folder,
        title=parsed.title,
        short_title=parsed.short_title or edition_id,
        status=parsed.status,
        publisher=parsed.publisher,
        licence=licence.id,
        licence_url=licence.url,
        collection_from=parsed.collection_period.from_,
        collection_to=parsed.collection_period.to,
        collection_note=parsed.collection_period.note,
        instrument_name=parsed.instrument.name,
        instrument_version=parsed.instrument.version,
        collected_columns=tuple(parsed.instrument.columns),
        citation=parsed.citation,
        contributors=tuple(Contributor(c.name, c.short_name or c.name) for c in parsed.contributors),
        authors=tuple(parsed.authors) or (parsed.publisher,),
        source_documents=tuple(d.model_dump(exclude_defaults=True) for d in parsed.source_documents),
        reconstruction_note=parsed.reconstruction,
        errata=tuple(e.model_dump() for e in parsed.errata),
        raw=raw,
    )
