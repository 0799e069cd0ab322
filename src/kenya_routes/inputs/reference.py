"""Reference data: countries, places and controlled vocabularies (data/reference/).

Names in route tables are resolved here, case-, accent- and punctuation-blind,
through each entry's name and aliases (and, for countries, the names pycountry
knows for the ISO code). A name that does not resolve gets the closest known
name as a suggestion.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pycountry

from . import contract
from .messages import N_

COUNTRIES_FILE = "countries.csv"
PLACES_FILE = "places.csv"
VOCABULARIES_FILE = "vocabularies.csv"

VOCABULARIES = ("source_types", "industries", "transport_modes", "airlines", "recruitment_methods")

# Somaliland has no ISO 3166-1 code. XSL sits in the alpha-3 range ISO reserves for
# user assignment (XAA-XZZ), so it can never clash with a code ISO allocates later.
SOMALILAND = "XSL"

# The report's regions, in the order its chapters take them; slugs name the pages.
REGIONS: dict[str, str] = {
    N_("East Africa"): "east-africa",
    N_("Middle East and Gulf"): "middle-east-gulf",
    N_("Europe"): "europe",
    N_("Asia"): "asia",
    N_("North Africa"): "north-africa",
    N_("Southern Africa"): "southern-africa",
    N_("Central Africa"): "central-africa",
    N_("West Africa"): "west-africa",
    N_("Americas"): "americas",
    N_("Oceania"): "oceania",
    N_("Antarctica"): "antarctica",
}
REGION_NAMES: dict[str, str] = {slug: name for name, slug in REGIONS.items()}


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """A lookup key that ignores case, accents, punctuation and spacing."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


def split_aliases(text: str) -> list[str]:
    return [a.strip() for a in str(text or "").split(";") if a.strip()]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    region: str
    latitude: float
    longitude: float
    coordinate_source: str
    aliases: tuple[str, ...] = ()
    name_sw: str = ""  # in Kiswahili where CLDR's name does not serve (render/language.py)

    @property
    def region_slug(self) -> str:
        return REGIONS[self.region]


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    kind: str
    latitude: float
    longitude: float
    coordinate_source: str
    aliases: tuple[str, ...] = ()
    name_sw: str = ""  # as Kiswahili writes it (most places: the same)


@dataclass(frozen=True)
class Location:
    """A point on a route: a place, or a country when no place is named."""

    name: str
    country: str
    level: str  # "place" or "country"
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Term:
    vocabulary: str
    term: str
    aliases: tuple[str, ...]
    description: str
    term_sw: str = ""  # the term in Kiswahili


class Reference:
    """All reference tables, loaded once, with name resolution."""

    def __init__(self, countries: list[Country], places: list[Place], terms: list[Term]):
        self.countries: dict[str, Country] = {c.code: c for c in countries}
        self.places: dict[str, Place] = {p.name: p for p in places}
        self.terms: dict[str, dict[str, Term]] = {v: {} for v in VOCABULARIES}
        for term in terms:
            self.terms.setdefault(term.vocabulary, {})[term.term] = term

    # --- indexes -----------------------------------------------------------------
    @cached_property
    def _country_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        # Official and common names from pycountry first, so the project's own
        # names and aliases win where they differ.
        for country in self.countries.values():
            known = pycountry.countries.get(alpha_3=country.code)
            if known is not None:
                for attr in ("name", "official_name", "common_name", "alpha_2"):
                    value = getattr(known, attr, None)
                    if value:
                        index[fold(value)] = country.code
        for country in self.countries.values():
            for name in (country.name, country.code, *country.aliases):
                index[fold(name)] = country.code
        return index

    @cached_property
    def _place_index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for place in self.places.values():
            for name in (place.name, *place.aliases):
                index[fold(name)] = place.name
        return index

    @cached_property
    def _term_index(self) -> dict[str, dict[str, str]]:
        index: dict[str, dict[str, str]] = {}
        for vocabulary, terms in self.terms.items():
            index[vocabulary] = {}
            for term in terms.values():
                for name in (term.term, *term.aliases):
                    index[vocabulary][fold(name)] = term.term
        return index

    # --- resolution --------------------------------------------------------------
    def country(self, text: str | None) -> Country | None:
        if text is None:
            return None
        code = self._country_index.get(fold(text))
        return self.countries.get(code) if code else None

    def country_name(self, code: str) -> str:
        return self.countries[code].name

    def place(self, text: str | None) -> Place | None:
        if text is None:
            return None
        name = self._place_index.get(fold(text))
        return self.places.get(name) if name else None

    def term(self, vocabulary: str, text: str | None) -> str | None:
        if text is None:
            return None
        return self._term_index.get(vocabulary, {}).get(fold(text))

    def location(self, text: str) -> Location | None:
        """A transit point: a place if one has the name, else a country."""
        place = self.place(text)
        if place is not None:
            return Location(place.name, place.country, "place", place.latitude, place.longitude)
        country = self.country(text)
        if country is not None:
            return Location(country.name, country.code, "country", country.latitude, country.longitude)
        return None

    def location_of(self, city: str | None, country_code: str) -> Location:
        """Where a route starts or ends: its city if named, else its country."""
        if city:
            place = self.places[city]
            return Location(place.name, place.country, "place", place.latitude, place.longitude)
        country = self.countries[country_code]
        return Location(country.name, country.code, "country", country.latitude, country.longitude)

    def region(self, code: str) -> str:
        return self.countries[code].region

    # --- suggestions -------------------------------------------------------------
    def suggest_country(self, text: str) -> str | None:
        code = _closest(text, self._country_index)
        return self.countries[code].name if code else None

    def suggest_place(self, text: str) -> str | None:
        return _closest(text, self._place_index)

    def suggest_location(self, text: str) -> str | None:
        return self.suggest_place(text) or self.suggest_country(text)

    def suggest_term(self, vocabulary: str, text: str) -> str | None:
        return _closest(text, self._term_index.get(vocabulary, {}))

    def vocabulary_terms(self, vocabulary: str) -> list[str]:
        return list(self.terms.get(vocabulary, {}))

    # --- lookup keys, for validation value sets ----------------------------------
    def country_keys(self) -> list[str]:
        return sorted(self._country_index)

    def place_keys(self) -> list[str]:
        return sorted(self._place_index)

    def term_keys(self, vocabulary: str) -> list[str]:
        return sorted(self._term_index.get(vocabulary, {}))


def _closest(text: str, index: dict[str, str], cutoff: float = 0.75) -> str | None:
    """The entry whose name is spelt most like text, if any is close enough."""
    key = fold(text)
    if not key:
        return None
    matches = difflib.get_close_matches(key, list(index), n=1, cutoff=cutoff)
    return index[matches[0]] if matches else None


# --- loading -----------------------------------------------------------------------
def load_reference(folder: Path) -> Reference:
    """The reference tables of `folder` (data/reference/), which the validation gate has checked.

    Problems in these files are found by the gate's suites (validation/); reading
    them again here would be a second copy of those rules.
    """
    countries = [
        Country(
            row["code"],
            row["name"],
            row["region"],
            float(row["latitude"]),
            float(row["longitude"]),
            row["coordinate_source"],
            tuple(split_aliases(row.get("aliases", ""))),
            row.get("name_sw", ""),
        )
        for row in _rows(folder / COUNTRIES_FILE)
    ]
    places = [
        Place(
            row["name"],
            row["country"],
            row["kind"],
            float(row["latitude"]),
            float(row["longitude"]),
            row["coordinate_source"],
            tuple(split_aliases(row.get("aliases", ""))),
            row.get("name_sw", ""),
        )
        for row in _rows(folder / PLACES_FILE)
    ]
    terms = [
        Term(
            row["vocabulary"],
            row["term"],
            tuple(split_aliases(row.get("aliases", ""))),
            row.get("description", ""),
            row.get("term_sw", ""),
        )
        for row in _rows(folder / VOCABULARIES_FILE)
    ]
    return Reference(countries, places, terms)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        reader.fieldnames = [contract.normalise_header(h) for h in reader.fieldnames or []]
        return [
            {k: (v or "").strip() for k, v in row.items() if k}
            for row in reader
            if any((v or "").strip() for v in row.values() if isinstance(v, str))
        ]
