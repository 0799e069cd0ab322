"""Create a new edition: data/editions/<edition>/edition.yml, complete and checked, from flags.

    python -m kenya_routes new-edition 2021 --title "..." --from 2021-01 --to 2021-12

What the flags leave out is taken from the newest existing edition (or the one
named with --like): publisher, licence, instrument and its columns, and the
contributing organisations. The file is checked by the same model of edition.yml
as the build reads it with before it is written; an existing edition is never overwritten.
The route table comes next, from partners' files, with `ingest`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..inputs import contract
from ..inputs.editions import EDITION_FILE, EDITION_ID, edition_from
from ..inputs.problems import DataProblemError, Problem, ProblemReport, display_path
from ..inputs.project import Project

MONTH = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")

KNOWN_LICENCES = {
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
}

HEADER = (
    "# Provenance of this edition (see data/README.md for every field).\n"
    "# Created with `python -m kenya_routes new-edition`; routes come from `python -m kenya_routes ingest`.\n"
)


@dataclass
class NewEdition:
    edition_id: str
    title: str
    period_from: str
    period_to: str
    short_title: str | None = None
    status: str = "submitted"
    publisher: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    instrument_name: str | None = None
    instrument_version: str | None = None
    columns: list[str] | None = None
    contributors: list[tuple[str, str]] = field(default_factory=list)  # (name, short name)
    citation: str | None = None
    collection_note: str = ""
    like: str | None = None


def _problem(message: str, column: str | None = None, value: Any = None, rule: str = "new-edition") -> Problem:
    return Problem("new-edition", rule, message, column=column, value=None if value is None else str(value))


def edition_yml(project: Project, spec: NewEdition) -> dict[str, Any]:
    """The edition.yml fields for `spec`, with the gaps filled from the model edition."""
    problems = []
    if not EDITION_ID.match(spec.edition_id):
        problems.append(
            _problem(
                "An edition's name is a year, optionally with a short lowercase suffix "
                "(2021, 2021-mid): it becomes the edition's permanent web address.",
                "edition",
                spec.edition_id,
                "edition-name",
            )
        )
    for column, value in (("--from", spec.period_from), ("--to", spec.period_to)):
        if not MONTH.match(str(value)):
            problems.append(_problem("Give a year or a month, such as 2021 or 2021-03.", column, value, "month"))
    if not problems and str(spec.period_from) > str(spec.period_to):
        problems.append(_problem("The collection period ends before it starts.", "--to", spec.period_to, "month"))
    for column in spec.columns or []:
        if column not in contract.OPTIONAL:
            problems.append(
                _problem(
                    f"Only the contract's optional columns can be chosen: {', '.join(contract.OPTIONAL)}.",
                    "--columns",
                    column,
                    "edition-columns",
                )
            )
    ids = project.edition_ids()
    like_id = spec.like or (ids[-1] if ids else None)
    if spec.like and spec.like not in ids:
        problems.append(
            _problem(
                f"There is no edition '{spec.like}' to take defaults from (editions: {', '.join(ids) or 'none'}).",
                "--like",
                spec.like,
            )
        )
    if problems:
        raise DataProblemError(ProblemReport(problems))
    model = project.edition(like_id) if like_id else None

    def pick(value, default):
        return value if value not in (None, "", []) else default

    publisher = pick(spec.publisher, model.publisher if model else None)
    year = str(spec.period_to)[:4]
    title = spec.title.strip()
    licence = pick(spec.licence, model.licence if model else "CC-BY-4.0")
    if spec.licence_url:
        licence_url = spec.licence_url
    elif model and licence == model.licence:
        licence_url = model.licence_url
    else:
        licence_url = KNOWN_LICENCES.get(licence, "")
    contributors = spec.contributors or ([(c.name, c.short_name) for c in model.contributors] if model else [])
    return {
        "title": title,
        "short_title": pick(spec.short_title, spec.edition_id),
        "status": spec.status,
        "publisher": publisher,
        "licence": {"id": licence, "url": licence_url},
        "collection_period": {
            "from": str(spec.period_from),
            "to": str(spec.period_to),
            **({"note": spec.collection_note} if spec.collection_note else {}),
        },
        "instrument": {
            "name": pick(spec.instrument_name, model.instrument_name if model else None),
            "version": pick(spec.instrument_version, model.instrument_version if model else None),
            "columns": list(pick(spec.columns, list(model.collected_columns) if model else [])),
        },
        "citation": pick(spec.citation, f"{publisher} ({year}). {title}. Edition {spec.edition_id}."),
        "contributors": [{"name": name, "short_name": short} for name, short in contributors],
        "errata": [],
    }


def create(project: Project, spec: NewEdition) -> Path:
    """Write data/editions/<edition>/edition.yml; raises DataProblemError, writing nothing, if it is not valid."""
    folder = project.edition_folder(spec.edition_id)
    path = folder / EDITION_FILE
    if folder.exists():
        message = (
            "This edition already exists; a published edition is never overwritten. To correct it, edit "
            "its edition.yml and record an erratum (see docs/maintainers.md)."
        )
        raise DataProblemError(ProblemReport([Problem(display_path(folder), "edition-new", message)]))
    raw = edition_yml(project, spec)
    edition_from(raw, folder, spec.edition_id, display_path(path))  # raises DataProblemError if it is not valid
    folder.mkdir(parents=True)
    path.write_text(HEADER + yaml.safe_dump(raw, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return path
