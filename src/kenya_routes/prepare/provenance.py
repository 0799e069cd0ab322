"""Provenance: what each published value rests on.

Every value the site shows is one of three kinds:

    reported       the source document states it; shown as the document prints it, with where
    reconstructed  in a reconstructed edition, everything else: it depends on details chosen to
                   rebuild the rows (most cities, case counts, organisations per route, recruitment
                   methods, transport), so it is illustrative and never offered for citation
    computed       in a submitted edition (real collected data), every value; citable

The kind travels with the value from here to every output: pages, tables,
charts, maps, downloads, figures.json and the citations.
"""

from __future__ import annotations

from typing import Any

from ..inputs.editions import Edition
from .figures import Figure

REPORTED = "reported"
RECONSTRUCTED = "reconstructed"
COMPUTED = "computed"

# Why a reconstructed value is not for citation, in a reader's words.
NOT_FOR_CITATION = (
    "This value is reconstructed, so it is not for citation: it depends on details chosen to rebuild the routes "
    "from the published report (such as cities, case counts, organisations, transport or recruitment), so it is "
    "illustrative, not a figure the coalition reported. Cite the report's own figures, marked R, instead."
)


def kind(edition: Edition, stated: bool) -> str:
    """The provenance of a value of this edition, stated in its source document or not."""
    if edition.status == "reconstructed":
        return REPORTED if stated else RECONSTRUCTED
    return COMPUTED


def of_values_of(status: str) -> str:
    """The provenance of values no document states (counts in tables, charts and maps) in an edition of
    this status."""
    return RECONSTRUCTED if status == "reconstructed" else COMPUTED


def permalink(site_url: str, edition_id: str, page: str, anchor: str) -> str:
    """The permanent address of an anchor: absolute if the site's address is known,
    otherwise relative to the site's root (the pages make it absolute where they are read)."""
    path = f"{edition_id}/{page}.html#{anchor}"
    return f"{site_url}/{path}" if site_url else path


def record(figure: Figure, data_value: Any, edition: Edition, document: str, site_url: str) -> dict[str, Any]:
    """A figure as published: what it shows, what it rests on, and how to cite it."""
    provenance = kind(edition, figure.stated_in_source)
    citable = provenance != RECONSTRUCTED
    return {
        "id": figure.id,
        "label": figure.label,
        "message": figure.message,
        "unit": figure.unit,
        "edition": figure.edition,
        "page": figure.page,
        "anchor": figure.anchor,
        "definition": figure.definition,
        "subject": figure.subject,
        "provenance": provenance,
        # What the site shows: a reported figure as the document prints it, any other as the data gives it.
        "value": figure.printed if provenance == REPORTED else data_value,
        "data_value": data_value,
        "stated_in_source": figure.stated_in_source,
        "source": {"document": document, "location": figure.source_ref, "printed_as": figure.printed_as}
        if figure.stated_in_source
        else None,
        "check": figure.check,
        "why": figure.why,
        "differences": _differences(figure.printed_read, data_value) if figure.check == "differs" else None,
        "citable": citable,
        "not_for_citation": None if citable else NOT_FOR_CITATION,
        "permalink": permalink(site_url, edition.id, figure.page, figure.anchor),
    }


def _differences(printed: Any, data: Any) -> dict[str, list] | None:
    """For a printed list the data does not reproduce: what the data adds, and what it lacks."""
    if not isinstance(printed, list) or not isinstance(data, list):
        return None
    return {
        "added": [item for item in data if item not in printed],
        "missing": [item for item in printed if item not in data],
    }
