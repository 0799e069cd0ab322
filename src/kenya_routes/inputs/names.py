"""Name resolution: every name in a route table to its reference spelling.

Countries become ISO 3166-1 alpha-3 codes, places and transit points their
gazetteer names, vocabulary terms their canonical spelling and organisations
the contributor's short name. Whether a name is known is the validation
gate's rule (the suites in expectations/); this module only resolves. `ingest`
rewrites what it can resolve and leaves the rest for the gate to report; a
table that passed the gate resolves completely (`resolve_routes`).
"""

from __future__ import annotations

import pandas as pd

from . import contract
from .editions import Edition
from .loading import present
from .reference import Reference


class Unresolved(ValueError):
    """A name the gate should have stopped: raised only if validation was skipped."""


class Resolver:
    """Canonical names for the names a partner may write, or None."""

    def __init__(self, reference: Reference, edition: Edition | None):
        self.reference = reference
        self.edition = edition

    def text(self, column: contract.Column, text: str) -> str | None:
        """The reference spelling of one item of a column, as text, or None if it is not known."""
        reference = self.reference
        if column.kind == contract.COUNTRY:
            found = reference.country(text)
            return found.name if found else None
        if column.kind == contract.PLACE:
            place = reference.place(text)
            return place.name if place else None
        if column.kind == contract.LOCATIONS:
            if text.casefold() == contract.UNKNOWN_TRANSIT:
                return contract.UNKNOWN_TRANSIT
            location = reference.location(text)
            return location.name if location else None
        if column.vocabulary:
            return reference.term(column.vocabulary, text)
        if column.name == "organisation" and self.edition is not None:
            return self.edition.canonical_organisation(text)
        return text

    def code(self, column: contract.Column, text: str) -> str | None:
        """Like `text`, except that countries resolve to their code."""
        if column.kind == contract.COUNTRY:
            found = self.reference.country(text)
            return found.code if found else None
        return self.text(column, text)


def resolve_routes(frame: pd.DataFrame, reference: Reference, edition: Edition) -> pd.DataFrame:
    """A typed route table (see loading.type_table) with every name resolved.

    Raises Unresolved if a name does not resolve: the gate checks names before
    any table reaches here.
    """
    resolver = Resolver(reference, edition)
    out = frame.copy()
    for name in frame.columns:
        column = contract.BY_NAME[name]
        if (
            column.kind not in (contract.COUNTRY, contract.PLACE, contract.LOCATIONS, contract.TERM, contract.TERMS)
            and name != "organisation"
        ):
            continue
        cache: dict[str, str] = {}

        def one(text: str, column=column, cache=cache) -> str:
            if text not in cache:
                found = resolver.code(column, text)
                if found is None:
                    raise Unresolved(
                        f"'{text}' in column '{column.name}' is not a known name: validate the edition before using it"
                    )
                cache[text] = found
            return cache[text]

        if column.kind == contract.TERMS:
            values = [_unique([one(item) for item in items]) for items in frame[name]]
        elif column.is_list:
            values = [[one(item) for item in items] for items in frame[name]]
        else:
            values = [one(cell) if present(cell) else None for cell in frame[name]]
        out[name] = pd.Series(values, index=frame.index, dtype=object)
    return out


def _unique(items: list[str]) -> list[str]:
    """A term named twice in a cell counts once."""
    return list(dict.fromkeys(items))
