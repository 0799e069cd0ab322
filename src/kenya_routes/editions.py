"""Editions: each folder under data/editions/ with its edition.yml and route table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import contract, paths
from .problems import DataProblemError, Problem, ProblemReport, display_path

# reconstructed: rebuilt from published documents; submitted: real submissions;
# synthetic: generated for benchmarks, never published.
STATUSES = ("reconstructed", "submitted", "synthetic")

# Fields every edition.yml must fill in, with what each is for.
REQUIRED_FIELDS = {
    "title": "the edition's title as published",
    "collection_period": "when the data was collected ('from' and 'to')",
    "publisher": "who publishes the edition",
    "licence": "the data licence, as an SPDX identifier such as CC-BY-4.0",
    "instrument": "the data collection instrument ('name', 'version', 'columns')",
    "citation": "the text readers should cite",
    "status": "'reconstructed' or 'submitted' ('synthetic' for generated benchmark data)",
    "contributors": "the contributing organisations",
}


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


def edition_ids(root: Path | None = None) -> list[str]:
    """Edition folders in publication order (oldest first)."""
    folder = paths.editions_dir(root)
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "edition.yml").is_file())


def load_edition(edition_id: str, root: Path | None = None) -> Edition:
    folder = paths.editions_dir(root) / edition_id
    return read_edition_file(folder / "edition.yml", edition_id)


def read_edition_file(path: Path, edition_id: str | None = None) -> Edition:
    shown = display_path(path)
    report = ProblemReport()
    if not path.is_file():
        report.add(Problem(shown, "edition-file-present", "The edition has no edition.yml file."))
        raise DataProblemError(report)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        report.add(Problem(shown, "edition-file-readable", f"edition.yml is not valid YAML ({_first_line(error)})."))
        raise DataProblemError(report) from None
    if not isinstance(raw, dict):
        report.add(Problem(shown, "edition-file-readable", "edition.yml must be a set of 'field: value' lines."))
        raise DataProblemError(report)
    report.extend(edition_problems(raw, shown))
    if report.errors:
        raise DataProblemError(report)
    return _edition_from(raw, path.parent, edition_id or path.parent.name)


def edition_problems(raw: dict[str, Any], shown: str) -> list[Problem]:
    """Everything missing or malformed in an edition.yml, one problem each."""
    problems = []

    def missing(field_name: str, what: str) -> None:
        problems.append(
            Problem(shown, "edition-complete", f"Field '{field_name}' is missing or empty: it should give {what}.",
                    column=field_name)
        )

    for name, what in REQUIRED_FIELDS.items():
        if raw.get(name) in (None, "", [], {}):
            missing(name, what)
    status = raw.get("status")
    if status not in (None, "") and status not in STATUSES:
        problems.append(
            Problem(shown, "edition-status", f"Status must be one of {', '.join(STATUSES)}.", column="status",
                    value=str(status))
        )
    period = raw.get("collection_period")
    if isinstance(period, dict):
        for key in ("from", "to"):
            if not period.get(key):
                missing(f"collection_period.{key}", "the first and last month of collection, e.g. 2019-08")
    elif period not in (None, ""):
        missing("collection_period.from", "the first and last month of collection, e.g. 2019-08")
    instrument = raw.get("instrument")
    if isinstance(instrument, dict):
        for key in ("name", "version"):
            if not instrument.get(key):
                missing(f"instrument.{key}", "the data collection instrument's name and version")
        columns = instrument.get("columns") or []
        if not isinstance(columns, list):
            columns = []
        for column in columns:
            if column not in contract.OPTIONAL:
                problems.append(
                    Problem(shown, "edition-columns",
                            "instrument.columns lists only optional contract columns "
                            f"({', '.join(contract.OPTIONAL)}).",
                            column="instrument.columns", value=str(column))
                )
    elif instrument not in (None, ""):
        missing("instrument.name", "the data collection instrument's name and version")
    contributors = raw.get("contributors")
    if isinstance(contributors, list):
        for i, item in enumerate(contributors, start=1):
            if not isinstance(item, dict) or not item.get("name"):
                missing(f"contributors[{i}].name", "each contributing organisation's name")
    licence = raw.get("licence")
    if isinstance(licence, dict) and not licence.get("id"):
        missing("licence.id", "the data licence, as an SPDX identifier such as CC-BY-4.0")
    return problems


def _edition_from(raw: dict[str, Any], folder: Path, edition_id: str) -> Edition:
    period = raw["collection_period"]
    instrument = raw["instrument"]
    licence = raw["licence"]
    if isinstance(licence, dict):
        licence_id, licence_url = str(licence["id"]), str(licence.get("url", ""))
    else:
        licence_id, licence_url = str(licence), ""
    contributors = tuple(
        Contributor(name=str(c["name"]), short_name=str(c.get("short_name") or c["name"]))
        for c in raw["contributors"]
    )
    return Edition(
        id=edition_id,
        folder=folder,
        title=str(raw["title"]),
        short_title=str(raw.get("short_title") or edition_id),
        status=str(raw["status"]),
        publisher=str(raw["publisher"]),
        licence=licence_id,
        licence_url=licence_url,
        collection_from=str(period["from"]),
        collection_to=str(period["to"]),
        collection_note=str(period.get("note", "")),
        instrument_name=str(instrument["name"]),
        instrument_version=str(instrument["version"]),
        collected_columns=tuple(instrument.get("columns") or ()),
        citation=str(raw["citation"]).strip(),
        contributors=contributors,
        source_documents=tuple(raw.get("source_documents") or ()),
        reconstruction_note=str(raw.get("reconstruction") or "").strip(),
        errata=tuple(raw.get("errata") or ()),
        raw=raw,
    )


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
