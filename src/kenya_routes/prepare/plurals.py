"""Words that follow a count: "1 submission", "2 submissions", chosen by Babel's `ngettext`.

The choice follows the plural rules of the language's catalogue (CLDR's, through
Babel), never string concatenation ("submission" + "s"), so that a translated
catalogue with other plural forms (Kiswahili's class prefixes) changes the words
without changing the code. Without a catalogue, English's rule applies: one
thing is singular, any other number plural.
"""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations

from .formatting import format_value

_CATALOGUE = NullTranslations()


def ngettext(singular: str, plural: str, number: int) -> str:
    """The form of a word that goes with `number`."""
    return _CATALOGUE.ngettext(singular, plural, number)


def word(number: Any, singular: str, plural: str) -> str:
    """The form that goes with a figure's value: a whole number picks its form; anything else (a band such
    as "fewer than 5", a missing value) reads as plural."""
    whole = number if isinstance(number, int) and not isinstance(number, bool) else 2
    return ngettext(singular, plural, whole)


def count(number: int, singular: str, plural: str) -> str:
    """A number and its word: "1 route", "1,204 routes"."""
    return f"{format_value(number)} {ngettext(singular, plural, number)}"


# The singular of each unit figures are counted in (figures.py names units in the plural).
UNITS = {
    "submissions": "submission",
    "routes": "route",
    "organisations": "organisation",
    "countries": "country",
    "country pairs": "country pair",
    "places": "place",
    "industries": "industry",
    "airlines": "airline",
    "estimated cases": "estimated case",
    "recruitment methods": "recruitment method",
    "transport modes": "transport mode",
}


def unit(number: Any, plural: str) -> str:
    """A figure's unit in the form that goes with its value: 1 country, 34 countries."""
    singular = UNITS.get(plural)
    return word(number, singular, plural) if singular else plural
