"""The languages the fact sheets are published in, and how each says what the data holds.

English is the language the code is written in. Each other language has a gettext catalogue,
`locales/<code>/LC_MESSAGES/kenya_routes.po` in the project, which translators change in ordinary
tools (Poedit, Weblate) without touching code; `make catalogues` extracts the messages (Babel) and
merges them into it. The build reads the catalogue and compiles it in memory; it refuses a catalogue
with a message left untranslated, marked fuzzy, or whose placeholders differ from the English, because
each would print English or a broken sentence on a page that says it is in the other language.

Names are not messages. Countries are named from CLDR through Babel ("Ujerumani" for Germany); places
and the terms of the vocabularies from the reference data's column for the language (`name_sw`,
`term_sw`), which the validation gate checks like the rest; the regions of the report are messages.
Numbers, lists, dates and plurals follow the language's CLDR rules.
"""

from __future__ import annotations

import io
import re
import string
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycountry
from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from ..inputs.messages import N_, N_plural
from ..inputs.reference import REGIONS, SOMALILAND, Reference

DOMAIN = "kenya_routes"
# The languages the sheets are made in, in the order the site lists them; English needs no catalogue.
LANGUAGES = ("en", "sw")
# Where Babel's CLDR data has no name for a country the reference data knows.
OUTSIDE_CLDR = {SOMALILAND: N_("Somaliland")}
# Words a source document gives a share in ("most" Kenyan routes), which the sheets show as it prints them:
# a new one stops a sheet in another language until it is added here and translated.
SHARE_WORDS = (N_("most"), N_("a majority"), N_("half"), N_("a minority"), N_("a few"), N_("all"), N_("none"))
# The vocabulary a figure's items come from, by the figure's unit.
ITEM_KINDS = {
    "countries": "country",
    "country": "country",
    "country pairs": "pair",
    "places": "place",
    "place": "place",
    "industries": "industries",
    "transport modes": "transport_modes",
    "airlines": "airlines",
    "recruitment methods": "recruitment_methods",
    "recruitment method": "recruitment_methods",
}
# A count and the unit figures count it in (figures.py names units in the plural), in each plural form.
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
BAND = re.compile(r"fewer than (\d+)")
NUMBER = re.compile(r"[\d,.]+")
REVIEW = re.compile(r"^#\s*Review status:\s*(\w+)", re.MULTILINE)


class LanguageError(RuntimeError):
    """A catalogue cannot be used, or a value has no name in the language; the message says which."""


class _Untranslated(NullTranslations):
    """Behind a catalogue: a message it lacks stops the sheet, where gettext would print the English."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def gettext(self, message: str) -> str:
        raise LanguageError(
            f"{message!r} has no translation in {self.path}: mark it for the catalogues where the code defines it "
            "(N_; a share's words: SHARE_WORDS in render/language.py), run make catalogues and translate it."
        )

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(plural)


@dataclass(frozen=True)
class Language:
    """A language of the sheets: its catalogue, its CLDR locale, and who translated it."""

    code: str  # "en", "sw"
    locale: Locale
    translations: NullTranslations
    # From the catalogue's header: who translated it, and whether the coalition has reviewed it.
    translator: str = ""
    reviewed: bool = True
    catalogue_strings: tuple[str, ...] = ()  # every translation in the catalogue

    @property
    def name(self) -> str:
        """The language's name in itself: "English", "Kiswahili"."""
        return self.locale.get_language_name(self.locale.language).capitalize()

    def _(self, message: str, **words: Any) -> str:
        """The message in this language, with its {placeholders} filled."""
        text = self.translations.gettext(message)
        return text.format(**words) if words else text

    def n_(self, singular: str, plural: str, number: int, **words: Any) -> str:
        """The form of the message that goes with `number` (the language's plural rules), filled."""
        text = self.translations.ngettext(singular, plural, number)
        return text.format(**words) if words else text

    def number(self, value: int | float) -> str:
        return format_decimal(value, format="#,##0.#", locale=self.locale)

    def join(self, items: list[str]) -> str:
        """'A, B and C' / 'A, B na C'."""
        return format_list(items, locale=self.locale) if items else self._("none")

    def date(self, day: date) -> str:
        return format_date(day, format="long", locale=self.locale)

    def known_texts(self, reference: Reference) -> tuple[str, ...]:
        """The language's own texts that name no one: its catalogue's translations and its names of countries,
        places and terms (for the publication scanner, which otherwise knows only English words)."""
        if self.code == "en":
            return ()
        texts = list(self.catalogue_strings)
        texts += [self.country(reference, code) for code in reference.countries if self._named(code)]
        texts += [getattr(place, f"name_{self.code}") for place in reference.places.values()]
        texts += [getattr(term, f"term_{self.code}") for terms in reference.terms.values() for term in terms.values()]
        return tuple(texts)

    def _named(self, code: str) -> bool:
        known = pycountry.countries.get(alpha_3=code)
        return code in OUTSIDE_CLDR or bool(known and known.alpha_2 in self.locale.territories)

    # --- names --------------------------------------------------------------------------------
    def country(self, reference: Reference, code: str) -> str:
        if self.code == "en":
            return reference.country_name(code)
        if code in OUTSIDE_CLDR:
            return self._(OUTSIDE_CLDR[code])
        known = pycountry.countries.get(alpha_3=code)
        name = self.locale.territories.get(known.alpha_2) if known else None
        if not name:
            raise LanguageError(f"Country {code} ({reference.country_name(code)}) has no name in {self.name}.")
        return name

    def name_of(self, reference: Reference, text: str) -> str:
        """A region's, country's or place's name as the data writes it, in this language."""
        if self.code == "en":
            return text
        if text in REGIONS:
            return self._(text)
        country = reference.country(text)
        if country is not None:
            return self.country(reference, country.code)
        place = reference.place(text)
        if place is not None:
            return getattr(place, f"name_{self.code}") or place.name
        for vocabulary in ("airlines",):  # the one vocabulary whose terms are names (in a figure's label)
            term = reference.terms.get(vocabulary, {}).get(reference.term(vocabulary, text) or "")
            if term is not None:
                return getattr(term, f"term_{self.code}") or term.term
        raise LanguageError(f"{text!r} is not a region, country, place or airline of the reference data.")

    def item(self, reference: Reference, kind: str, text: str) -> str:
        """One item of a figure's list (a country, a pair of countries, a place, a term) in this language."""
        if self.code == "en":
            return text
        if kind == "pair":
            origin, destination = text.split(" to ", 1)
            return self._(
                "{origin} to {destination}",
                origin=self.name_of(reference, origin),
                destination=self.name_of(reference, destination),
            )
        if kind in ("country", "place"):
            return self.name_of(reference, text)
        term = reference.terms.get(kind, {}).get(reference.term(kind, text) or "")
        translated = getattr(term, f"term_{self.code}", "") if term else ""
        if not translated:
            raise LanguageError(f"{text!r} is not a term of the vocabulary {kind} with a name in {self.name}.")
        return translated

    def phrase(self, reference: Reference, message: dict[str, Any]) -> str:
        """A label made of names (figures.phrase) in this language."""
        words = {key: self._word(reference, word) for key, word in message["words"].items()}
        said = message["id"]  # a message of figures.py, extracted there, not here
        return self.translations.gettext(said).format(**words)

    def word(self, text: str) -> str:
        """A word the data gives in English ("withheld", a count written "1,204"), in this language: a number
        as it is, anything else from the catalogue, never left in English."""
        if self.code == "en" or NUMBER.fullmatch(text):
            return text
        return self.translations.gettext(text)

    def shown(self, text: str) -> str:
        """A count as disclosure control shows it ("1,204", "fewer than 5", "withheld"), or a share in the
        document's words ("most"), in this language."""
        band = BAND.fullmatch(text)
        if band:
            return self._("fewer than {n}", n=self.number(int(band.group(1))))
        return self.word(text) if text else ""

    def _word(self, reference: Reference, word: str | dict[str, Any]) -> str:
        if isinstance(word, str):
            return self.name_of(reference, word)
        return word["literal"] if "literal" in word else self.phrase(reference, word)

    # --- figures -------------------------------------------------------------------------------
    def label(self, reference: Reference, figure: dict[str, Any]) -> str:
        if self.code == "en":
            return figure["label"]
        if figure.get("message"):
            return self.phrase(reference, figure["message"])
        return self.word(figure["label"])  # a message of figures.py, extracted there

    def value(self, reference: Reference, figure: dict[str, Any], most: int | None = None) -> str:
        """A figure's value as the sheet gives it: '43 submissions', '56%', 'A, B and C' (at most `most`
        items, then how many more the page lists)."""
        value, unit = figure["value"], figure["unit"]
        kind = ITEM_KINDS.get(unit)
        if isinstance(value, list):
            items = [self.item(reference, kind, str(v)) if kind else str(v) for v in value]
            if most is not None and len(items) > most:
                rest = len(items) - most
                items = [
                    *items[:most],
                    self.n_(
                        "{n} more (listed on the page)", "{n} more (listed on the page)", rest, n=self.number(rest)
                    ),
                ]
            return self.join(items)
        if isinstance(value, bool) or value is None:
            return self._("yes") if value else self._("none")
        if isinstance(value, str):
            return self.item(reference, kind, value) if kind else self.shown(value)
        if unit == "%":
            return f"{self.number(value)}%"
        if unit not in UNIT_MESSAGES:
            raise LanguageError(f"Figure {figure['id']}: its unit {unit!r} has no message in the catalogues.")
        whole = value if isinstance(value, int) else 2
        return self.n_(*UNIT_MESSAGES[unit], whole, n=self.number(value))


ENGLISH = Language("en", Locale("en", "GB"), NullTranslations())


def catalogue_path(code: str, folder: Path) -> Path:
    return folder / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(code: str, folder: Path) -> Language:
    """A language of the sheets, its catalogue (in the project's `locales` folder) read and compiled; English
    needs none."""
    if code == "en":
        return ENGLISH
    path = catalogue_path(code, folder)
    if not path.is_file():
        raise LanguageError(f"{path}: the catalogue of the language {code!r} is missing.")
    return _compiled(path, path.read_bytes())


@lru_cache(maxsize=8)
def _compiled(path: Path, text: bytes) -> Language:
    catalogue = read_catalogue(path, text)
    if catalogue.locale is None:
        raise LanguageError(f"{path}: the catalogue does not say its language (the 'Language:' line of its header).")
    problems = check(catalogue)
    if problems:
        raise LanguageError(f"{path}: the catalogue cannot be used yet:\n" + "\n".join(problems))
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    header = dict(catalogue.mime_headers)
    translations = Translations(compiled, domain=DOMAIN)
    translations.add_fallback(_Untranslated(path))
    return Language(
        catalogue.locale.language,
        Locale(catalogue.locale.language, catalogue.locale.territory or "KE"),
        translations,
        translator=header.get("Last-Translator", ""),
        reviewed=review_status(catalogue) == "reviewed",
        catalogue_strings=tuple(
            form
            for message in catalogue
            if message.id
            for form in (message.string if isinstance(message.string, (list, tuple)) else (message.string,))
        ),
    )


def review_status(catalogue: Catalog) -> str:
    """The "Review status:" line of the catalogue's header comment ("unreviewed" without one): Babel keeps
    the comment through every update, where it would drop a header field of its own."""
    found = REVIEW.search(catalogue.header_comment or "")
    return found.group(1).lower() if found else "unreviewed"


def read_catalogue(path: Path, text: bytes | None = None) -> Catalog:
    """The catalogue of a .po file; a file gettext cannot read stops with its line and what is wrong."""
    try:
        return read_po(io.BytesIO(path.read_bytes() if text is None else text), abort_invalid=True)
    except PoFileError as error:
        raise LanguageError(f"{path}: the catalogue cannot be read: {error}") from None


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def check(catalogue: Catalog) -> list[str]:
    """What keeps a catalogue from being used: each message untranslated, fuzzy, or with other placeholders,
    in a translator's words (the message, its line in the file, what is wrong)."""
    problems = []
    for message in catalogue:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        forms = message.string if isinstance(message.string, (list, tuple)) else (message.string,)
        where = f"line {message.lineno}: {english[0]!r}"
        if message.fuzzy:
            problems.append(f"{where} is marked fuzzy: check the translation and remove the mark.")
        elif not all(forms):
            problems.append(f"{where} has no translation.")
        elif any(placeholders(form) != placeholders(english[-1]) for form in forms):
            wanted = ", ".join(sorted("{" + p + "}" for p in placeholders(english[-1]))) or "none"
            problems.append(f"{where}: each translation must keep the placeholders of the English ({wanted}).")
    return problems
