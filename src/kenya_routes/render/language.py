"""The languages the fact sheets and the route table are published in, and how each says what the data holds.

English is the language the code is written in. Each other language has a gettext catalogue,
`locales/<code>/LC_MESSAGES/kenya_routes.po` in the project, which translators change in ordinary
tools (Poedit, Weblate) without touching code; `make catalogues` extracts the messages (Babel) and
merges them into it. The build reads the catalogue and compiles it in memory; it refuses a catalogue
with a message left untranslated, marked fuzzy, or whose placeholders differ from the English, because
each would print English or a broken sentence on a page that says it is in the other language.

Names are not messages. Countries are named from CLDR through Babel ("Ujerumani" for Germany), unless
the reference data gives a Kiswahili name (`name_sw` in countries.csv: Somaliland, which CLDR lacks, and
countries whose CLDR name is a list form such as "Kongo - Kinshasa"); places
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

from ..inputs import patterns
from ..inputs.messages import N_
from ..inputs.reference import REGIONS, Reference, Term
from ..prepare.plurals import UNIT_MESSAGES

DOMAIN = "kenya_routes"
# The languages the sheets are made in, in the order the site lists them; English needs no catalogue.
LANGUAGES = ("en", "sw")
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
    "organisations": "organisation",
}
BAND = re.compile(r"fewer than (\d+)")
NUMBER = re.compile(r"[\d,.]+")
CREDITS = ("translated by", "review status", "reviewed by")
CREDIT = re.compile(r"^#\s*(Translated by|Review status|Reviewed by):(.*)$", re.MULTILINE | re.IGNORECASE)


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
    # From the catalogue's header comment: who translated it and, once the coalition has reviewed it, who did.
    translator: str = ""
    reviewer: str = ""
    catalogue_strings: tuple[str, ...] = ()  # every translation in the catalogue

    @property
    def reviewed(self) -> bool:
        return self.code == "en" or bool(self.reviewer)

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
        """The language's names that its dictionary does not hold, for the publication scanner: countries',
        places' and terms' names, and the words of the site's catalogue (the site's own text, like its English
        templates). The report's sections in the language are not among them: the scanner checks them."""
        if self.code == "en":
            return ()
        texts = list(self.catalogue_strings)
        texts += [name for code in reference.countries if (name := self._country_name(reference, code))]
        texts += [getattr(place, f"name_{self.code}") for place in reference.places.values()]
        texts += [getattr(term, f"term_{self.code}") for terms in reference.terms.values() for term in terms.values()]
        return tuple(texts)

    # --- names --------------------------------------------------------------------------------
    def country(self, reference: Reference, code: str) -> str:
        """A country's name: the reference data's in this language where it gives one (a name CLDR lacks, or
        one of its list forms such as "Kongo - Kinshasa"), else CLDR's."""
        if self.code == "en":
            return reference.country_name(code)
        name = self._country_name(reference, code)
        if not name:
            raise LanguageError(f"Country {code} ({reference.country_name(code)}) has no name in {self.name}.")
        return name

    def _country_name(self, reference: Reference, code: str) -> str | None:
        own = getattr(reference.countries[code], f"name_{self.code}", "")
        if own:
            return own
        known = pycountry.countries.get(alpha_3=code)
        return self.locale.territories.get(known.alpha_2) if known else None

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
            return self._named_in_reference(place, f"name_{self.code}", text)
        airline = _term(reference, "airlines", text)  # the one vocabulary whose terms are names (in labels)
        if airline is not None:
            return self._named_in_reference(airline, f"term_{self.code}", text)
        raise LanguageError(f"{text!r} is not a region, country, place or airline of the reference data.")

    def _named_in_reference(self, entry: Any, column: str, text: str) -> str:
        name = getattr(entry, column, "")
        if not name:  # the reference suites refuse a blank; a table loaded some other way must not print English
            raise LanguageError(f"{text!r} has no {self.name} name in the reference data (column {column}).")
        return name

    def item(self, reference: Reference, kind: str, text: str) -> str:
        """One item of a figure's list (a country, a pair of countries, a place, a term) in this language."""
        if self.code == "en":
            return text
        if kind == "pair":
            if " to " not in text:
                raise LanguageError(f"{text!r} is not a pair of countries ('<origin> to <destination>').")
            origin, destination = text.split(" to ", 1)
            return self._(
                "{origin} to {destination}",
                origin=self.name_of(reference, origin),
                destination=self.name_of(reference, destination),
            )
        if kind in ("country", "place"):
            return self.name_of(reference, text)
        if kind == "organisation":  # an organisation's name is written as the organisation writes it
            return text
        term = _term(reference, kind, text)
        translated = getattr(term, f"term_{self.code}", "") if term else ""
        if not translated:
            raise LanguageError(f"{text!r} is not a term of the vocabulary {kind} with a name in {self.name}.")
        return translated

    def phrase(self, reference: Reference, message: dict[str, Any]) -> str:
        """A label made of names (figures.phrase) in this language."""
        words = {key: self._phrase_word(reference, word) for key, word in message["words"].items()}
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

    def _phrase_word(self, reference: Reference, word: str | dict[str, Any]) -> str:
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
            if not kind:
                raise LanguageError(f"Figure {figure['id']}: its items ({unit}) have no {self.name} names.")
            items = [self.item(reference, kind, str(v)) for v in value]
            if most is not None and len(items) > most:
                rest = len(items) - most
                items = [
                    *items[:most],
                    self.n_(
                        "{n} more (listed on the page)", "{n} more (listed on the page)", rest, n=self.number(rest)
                    ),
                ]
            return self.join(items)
        if value is None:
            return self._("none")
        if isinstance(value, bool):
            return self._("yes") if value else self._("no")
        if isinstance(value, str):
            return self.item(reference, kind, value) if kind else self.shown(value)
        if unit == "%":
            return f"{self.number(value)}%"
        if unit not in UNIT_MESSAGES:
            raise LanguageError(f"Figure {figure['id']}: its unit {unit!r} has no message in the catalogues.")
        whole = value if isinstance(value, int) else 2
        return self.n_(*UNIT_MESSAGES[unit], whole, n=self.number(value))


def _term(reference: Reference, vocabulary: str, text: str) -> Term | None:
    """The vocabulary's entry for a term as the data writes it (its name or an alias)."""
    return reference.terms.get(vocabulary, {}).get(reference.term(vocabulary, text) or "")


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
    if catalogue.locale.language != path.parent.parent.name:
        raise LanguageError(
            f"{path}: the catalogue says it is in {catalogue.locale.language!r} (its 'Language:' line), but it is "
            f"in the folder of {path.parent.parent.name!r}."
        )
    credits = header_credits(catalogue)
    problems = check(catalogue) + credit_problems(credits)
    if problems:
        raise LanguageError(f"{path}: the catalogue cannot be used yet:\n" + "\n".join(problems))
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    translations = Translations(compiled, domain=DOMAIN)
    translations.add_fallback(_Untranslated(path))
    return Language(
        catalogue.locale.language,
        Locale(catalogue.locale.language, catalogue.locale.territory or "KE"),
        translations,
        translator=credits["translated by"],
        reviewer=credits["reviewed by"] if credits["review status"] == "reviewed" else "",
        catalogue_strings=tuple(
            form
            for message in catalogue
            if message.id
            for form in (message.string if isinstance(message.string, (list, tuple)) else (message.string,))
        ),
    )


def header_credits(catalogue: Catalog) -> dict[str, str]:
    """The lines "Translated by:", "Review status:" and "Reviewed by:" of the catalogue's header comment.

    They are comments, not header fields: Babel keeps the comment through every update (it drops fields of
    its own), and editors such as Poedit rewrite Last-Translator with a person's name and e-mail address,
    which the sheets must never print.
    """
    found = dict.fromkeys(CREDITS, "")
    for key, value in CREDIT.findall(catalogue.header_comment or ""):
        found[key.lower()] = value.strip()
    found["review status"] = found["review status"].lower() or "unreviewed"
    return found


def credit_problems(credits: dict[str, str]) -> list[str]:
    """What is wrong with the credits a sheet prints: missing, or a personal detail."""
    problems = []
    if not credits["translated by"]:
        problems.append("the header comment has no 'Translated by:' line (who translated it: an organisation).")
    if credits["review status"] not in ("reviewed", "unreviewed"):
        problems.append("'Review status:' is 'reviewed' or 'unreviewed'.")
    if credits["review status"] == "reviewed" and not credits["reviewed by"]:
        problems.append("a reviewed catalogue says who reviewed it: a 'Reviewed by:' line (an organisation).")
    for key in ("translated by", "reviewed by"):
        for kind in patterns.personal_detail_kinds(credits[key]):
            problems.append(f"'{key.capitalize()}:' holds {kind}; the sheets print it: name an organisation.")
    return problems


def read_catalogue(path: Path, text: bytes | None = None) -> Catalog:
    """The catalogue of a .po file; a file gettext cannot read stops with its line and what is wrong."""
    try:
        return read_po(io.BytesIO(path.read_bytes() if text is None else text), abort_invalid=True)
    except PoFileError as error:
        raise LanguageError(f"{path}: the catalogue cannot be read: {error}") from None


def _unsafe(translation: str) -> list[str]:
    """What a translation holds that a page or a sheet would read as code, or that names someone."""
    found = [
        message
        for rule, (pattern, message) in patterns.PLAIN_TEXT.items()
        if rule != "no-markdown-syntax" and re.search(pattern, translation)  # {placeholders} are braces
    ]
    if re.search(patterns.FORMULA, translation):  # a header or a value of a translated download
        found.append(patterns.FORMULA_MESSAGE)
    return found + [f"the translation holds {kind}." for kind in patterns.personal_detail_kinds(translation)]


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
        else:
            problems += [f"{where}: {problem}" for form in forms for problem in _unsafe(form)]
    return problems
