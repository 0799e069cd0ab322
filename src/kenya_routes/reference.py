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

from . import contract, paths
from .problems import DataProblemError, Problem, ProblemReport, display_path

COUNTRIES_FILE = "countries.csv"
PLACES_FILE = "places.csv"
VOCABULARIES_FILE = "vocabularies.csv"

VOCABULARIES = ("source_types", "industries", "transport_modes", "airlines", "recruitment_methods")

# Somaliland has no ISO 3166-1 code. XSL sits in the alpha-3 range ISO reserves for
# user assignment (XAA-XZZ), so it can never clash with a code ISO allocates later.
SOMALILAND = "XSL"

# The report's regions, in the order its chapters take them; slugs name the pages.
REGIONS: dict[str, str] = {
    "East Africa": "east-africa",
    "Middle East and Gulf": "middle-east-gulf",
    "Europe": "europe",
    "Asia": "asia",
    "North Africa": "north-africa",
    "Southern Africa": "southern-africa",
    "Central Africa": "central-africa",
    "West Africa": "west-africa",
    "Americas": "americas",
    "Oceania": "oceania",
    "Antarctica": "antarctica",
}


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
def load_reference(root: Path | None = None) -> Reference:
    folder = paths.reference_dir(root)
    report = ProblemReport()
    countries = _read_countries(folder / COUNTRIES_FILE, report)
    places = _read_places(folder / PLACES_FILE, report, {c.code for c in countries})
    terms = _read_terms(folder / VOCABULARIES_FILE, report)
    if report.errors:
        raise DataProblemError(report)
    return Reference(countries, places, terms)


def _rows(path: Path, required: tuple[str, ...], report: ProblemReport) -> list[tuple[int, dict[str, str]]]:
    shown = display_path(path)
    if not path.is_file():
        report.add(Problem(shown, "reference-file-present", "The reference file is missing."))
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        headers = [contract.normalise_header(h) for h in reader.fieldnames or []]
        missing = [c for c in required if c not in headers]
        for column in missing:
            report.add(Problem(shown, "required-columns", "This column is required.", column=column))
        if missing:
            return []
        reader.fieldnames = headers
        return [
            (number, {k: (v or "").strip() for k, v in row.items() if k})
            for number, row in enumerate(reader, start=2)
        ]


def _coordinate(row: dict[str, str], column: str, limit: float, shown: str, number: int,
                report: ProblemReport) -> float | None:
    text = row.get(column, "")
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not -limit <= value <= limit:
        report.add(Problem(shown, "coordinates", f"Must be a number between -{limit:g} and {limit:g}.",
                           row=number, column=column, value=text))
        return None
    return value


def _read_countries(path: Path, report: ProblemReport) -> list[Country]:
    shown = display_path(path)
    out = []
    for number, row in _rows(path, ("code", "name", "region", "latitude", "longitude", "coordinate_source"), report):
        lat = _coordinate(row, "latitude", 90, shown, number, report)
        lon = _coordinate(row, "longitude", 180, shown, number, report)
        if row["region"] not in REGIONS:
            report.add(Problem(shown, "known-region", f"Region must be one of: {', '.join(REGIONS)}.",
                               row=number, column="region", value=row["region"]))
            continue
        if lat is None or lon is None:
            continue
        out.append(Country(row["code"], row["name"], row["region"], lat, lon, row["coordinate_source"],
                           tuple(split_aliases(row.get("aliases", "")))))
    return out


def _read_places(path: Path, report: ProblemReport, country_codes: set[str]) -> list[Place]:
    shown = display_path(path)
    out = []
    for number, row in _rows(path, ("name", "country", "kind", "latitude", "longitude", "coordinate_source"), report):
        lat = _coordinate(row, "latitude", 90, shown, number, report)
        lon = _coordinate(row, "longitude", 180, shown, number, report)
        if country_codes and row["country"] not in country_codes:
            report.add(Problem(shown, "known-country", "The place's country code is not in countries.csv.",
                               row=number, column="country", value=row["country"]))
            continue
        if lat is None or lon is None:
            continue
        out.append(Place(row["name"], row["country"], row["kind"], lat, lon, row["coordinate_source"],
                         tuple(split_aliases(row.get("aliases", "")))))
    return out


def _read_terms(path: Path, report: ProblemReport) -> list[Term]:
    shown = display_path(path)
    out = []
    for number, row in _rows(path, ("vocabulary", "term"), report):
        if row["vocabulary"] not in VOCABULARIES:
            report.add(Problem(shown, "known-vocabulary", f"Vocabulary must be one of: {', '.join(VOCABULARIES)}.",
                               row=number, column="vocabulary", value=row["vocabulary"]))
            continue
        out.append(Term(row["vocabulary"], row["term"], tuple(split_aliases(row.get("aliases", ""))),
                        row.get("description", "")))
    return out
