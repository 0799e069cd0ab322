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

from ..inputs.messages import N_plural
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


# A count and the unit figures count it in (figures.py names units in the plural), in each plural form, as
# messages of the catalogues (render/language.py says them in other languages).
UNIT_MESSAGES = {
    "submissions": N_plural("{n} submission", "{n} submissions"),
    "routes": N_plural("{n} route", "{n} routes"),
    "organisations": N_plural("{n} organisation", "{n} organisations"),
    "countries": N_plural("{n} country", "{n} countries"),
    "country pairs": N_plural("{n} country pair", "{n} country pairs"),
    "places": N_plural("{n} place", "{n} places"),
    "industries": N_plural("{n} industry", "{n} industries"),
    "airlines": N_plural("{n} airline", "{n} airlines"),
    "estimated cases": N_plural("{n} estimated case", "{n} estimated cases"),
    "recruitment methods": N_plural("{n} recruitment method", "{n} recruitment methods"),
    "transport modes": N_plural("{n} transport mode", "{n} transport modes"),
}
# The singular of each unit, in English.
UNITS = {unit: singular.removeprefix("{n} ") for unit, (singular, _) in UNIT_MESSAGES.items()}


def unit(number: Any, plural: str) -> str:
    """A figure's unit in the form that goes with its value: 1 country, 34 countries."""
    singular = UNITS.get(plural)
    return word(number, singular, plural) if singular else plural
