"""The route table in a language other than English: the data downloads for readers of that language.

Every column of the published route table has a header in words and a rule for its values in the
language: countries by their CLDR name, places and vocabulary terms by the reference data's column for
the language, regions and the words disclosure control writes ("fewer than 5", "withheld") from the
catalogue, and the labels built from names (corridor, country pair, route) said again in the language
from the names they are made of. Identifiers (the submission's, the corridor's) and the edition's
licence stay as they are. The rows and columns are those of the English table, in the same order, so
a row can be found in either file by its submission.

A column with no rule stops the download instead of publishing English under a translated header.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from ..inputs import contract
from ..inputs.messages import N_
from ..inputs.reference import Reference
from ..prepare.analysis import corridor_phrase
from .language import Language, LanguageError

# Each column's header, in English as the message the catalogues translate.
HEADERS: dict[str, str] = {
    "submission_id": N_("Submission"),
    "source_type": N_("How the organisation knows the route"),
    "origin_city": N_("Place of origin"),
    "origin_country": N_("Country of origin"),
    "transit": N_("Transit points"),
    "intended_destination_city": N_("Place the person meant to go to"),
    "intended_destination_country": N_("Country the person meant to go to"),
    "destination_city": N_("Place of exploitation"),
    "destination_country": N_("Country of exploitation"),
    "transport_modes": N_("Modes of transport"),
    "airlines": N_("Airlines"),
    "industries": N_("Industries of exploitation"),
    "recruitment_methods": N_("Recruitment methods"),
    "origin_region": N_("Region of origin"),
    "destination_region": N_("Region of exploitation"),
    "corridor": N_("Corridor (identifier)"),
    "corridor_label": N_("Corridor"),
    "page_region": N_("Region page"),
    "domestic": N_("Within one country"),
    "pair": N_("Countries of origin and exploitation"),
    "route_label": N_("Route"),
    "transit_countries": N_("Transit countries"),
    "estimated_cases": N_("Estimated cases"),
}
UNKNOWN_TRANSIT = N_("unknown transit point")


class _Words:
    """How one language says the values of one edition's route table; each distinct value is worked out
    once (a national data hub's hundred thousand rows repeat a few thousand names)."""

    def __init__(self, language: Language, reference: Reference):
        self.language = language
        self.reference = reference
        self.said: dict[tuple[str, Any], str] = {}

    def once(self, kind: str, value: Any, say: Callable[[], str]) -> str:
        key = (kind, value)
        if key not in self.said:
            self.said[key] = say()
        return self.said[key]

    def place(self, name: Any) -> str:
        if _blank(name):
            return ""
        return self.once("name", name, lambda: self.language.name_of(self.reference, name))

    def country(self, code: Any) -> str:
        if _blank(code):
            return ""
        return self.once("country", code, lambda: self.language.country(self.reference, code))

    def term(self, vocabulary: str, term: Any) -> str:
        return self.once(vocabulary, term, lambda: self.language.item(self.reference, vocabulary, term))

    def transit_point(self, point: str) -> str:
        if point == contract.UNKNOWN_TRANSIT:
            return self.language._(UNKNOWN_TRANSIT)
        return self.place(point)

    def located(self, city: Any, country: str) -> str:
        """'Busia, Kenya' (a place and its country) or the country alone."""
        if _blank(city):
            return self.country(country)
        return self.language._("{place}, {country}", place=self.place(city), country=self.country(country))

    def route(self, row: dict[str, Any]) -> str:
        """The route as the English label says it ('Busia, Kenya to Riyadh, Saudi Arabia via Nairobi')."""
        key = tuple(row[c] if not isinstance(row[c], list) else tuple(row[c]) for c in ROUTE_PARTS)
        return self.once("route", key, lambda: self._route(row))

    def _route(self, row: dict[str, Any]) -> str:
        language = self.language
        text = language._(
            "{origin} to {destination}",
            origin=self.located(row["origin_city"], row["origin_country"]),
            destination=self.located(row["destination_city"], row["destination_country"]),
        )
        known = [point for point in row["transit"] if point != contract.UNKNOWN_TRANSIT]
        if known:
            text = language._("{route} via {places}", route=text, places=language.join(list(map(self.place, known))))
        if len(known) != len(row["transit"]):
            text = language._("{route} (a transit point is unknown)", route=text)
        return text

    def corridor(self, origin: str, destination: str) -> str:
        return self.once(
            "corridor",
            (origin, destination),
            lambda: self.language.phrase(self.reference, corridor_phrase(origin, destination, self.reference)),
        )


ROUTE_PARTS = ("origin_city", "origin_country", "transit", "destination_city", "destination_country")


def _blank(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def _column_words(words: _Words, column: str) -> Callable[[dict[str, Any]], Any] | None:
    """How a column's value of a row is said in the language; None for a column with no rule."""
    language = words.language
    if column in ("submission_id", "corridor"):  # identifiers, the same in every language
        return lambda row: row[column]
    definition = contract.BY_NAME.get(column)
    if definition is not None and definition.vocabulary:
        if definition.is_list:
            return lambda row: [words.term(definition.vocabulary, term) for term in row[column] or []]
        return lambda row: words.term(definition.vocabulary, row[column])
    if definition is not None and definition.kind == contract.PLACE:
        return lambda row: words.place(row[column])
    if definition is not None and definition.kind == contract.COUNTRY:
        return lambda row: words.country(row[column])
    rules: dict[str, Callable[[dict[str, Any]], Any]] = {
        "transit": lambda row: [words.transit_point(point) for point in row["transit"]],
        "origin_region": lambda row: words.place(row["origin_region"]),
        "destination_region": lambda row: words.place(row["destination_region"]),
        "page_region": lambda row: words.place(row["page_region"]),
        "corridor_label": lambda row: words.corridor(row["origin_country"], row["destination_country"]),
        "domestic": lambda row: language._("yes") if row["domestic"] else language._("no"),
        "pair": lambda row: language._(
            "{origin} to {destination}",
            origin=words.country(row["origin_country"]),
            destination=words.country(row["destination_country"]),
        ),
        "route_label": words.route,
        "transit_countries": lambda row: [words.country(code) for code in row["transit_countries"]],
        "estimated_cases": lambda row: _count(language, row["estimated_cases"]),
    }
    return rules.get(column)


def _count(language: Language, shown: Any) -> Any:
    """A count as disclosure control shows it: a number stays a number, its words are translated."""
    if _blank(shown):
        return ""
    return language.shown(str(shown))


def translated(table: pd.DataFrame, reference: Reference, language: Language) -> pd.DataFrame:
    """The published route table with its headers and values in `language` (downloads.labelled then adds the
    edition, licence and provenance columns, in the same language)."""
    words = _Words(language, reference)
    sayers = {}
    for column in table.columns:
        sayer = _column_words(words, column)
        if sayer is None or column not in HEADERS:
            raise LanguageError(
                f"The route table's column {column!r} has no rule for {language.name} (render/route_table.py): "
                "its values would be published in English."
            )
        sayers[column] = sayer
    said = [language._(HEADERS[column]) for column in sayers]
    twice = sorted({header for header in said if said.count(header) > 1})
    if twice:
        raise LanguageError(
            f"In {language.name}, two columns of the route table would have the same header: {', '.join(twice)}."
        )
    rows = table.to_dict("records")
    return pd.DataFrame(
        {language._(HEADERS[column]): [say(row) for row in rows] for column, say in sayers.items()},
        index=table.index,
        dtype=object,
    )


def headers(columns: list[str], language: Language) -> list[tuple[str, str]]:
    """Each column's header in the language beside its name in the English file and the data package."""
    return [(language._(HEADERS[column]), column) for column in columns]
