"""The publication scanner: published text must hold no personal details.

Run on every edition's prepared data before anything is published. Every text
that can reach the site (route fields, figure labels and values, the edition's
description, errata, the suppression log) is checked for phone numbers, e-mail
addresses, web addresses and what looks like a personal name. Any finding stops
the build.

"Looks like a personal name": an honorific followed by a capitalised word
("Mrs Akinyi"), or a run of two or more capitalised words, not all of them
known to the project, that starts with a common given name ("Jane Doe") or has a
word that is neither English nor known ("Wanjiru Kamau"). Known words are those
of the reference data (places, countries, vocabulary terms) and the edition's
organisations. Given names come from the US Census lists shipped in the `names`
package, English words from the `english-words` package.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ..inputs import patterns
from ..inputs.problems import Problem
from ..inputs.reference import Reference

HONORIFICS = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Rev|Fr|Sr|Sister|Brother|Pastor|Imam|Sheikh|Mama|Mzee|Bi|Bw)"
HONORIFIC_NAME = re.compile(rf"\b{HONORIFICS}\.?\s+[A-Z][a-z'’]+")
CAPITALISED = re.compile(r"\b[A-Z][a-z'’]+(?:[ -][A-Z][a-z'’]+)+\b")


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["web2", "gcide"], lower=True))


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    import names

    folder = os.path.dirname(names.__file__)
    out = set()
    for name in ("dist.female.first", "dist.male.first"):
        with open(os.path.join(folder, name), encoding="utf-8") as handle:
            out.update(line.split()[0].lower() for line in handle if line.strip())
    return frozenset(out)


def known_words(reference: Reference, extra: list[str]) -> frozenset[str]:
    words: set[str] = set()

    def add(text: str) -> None:
        words.update(w.lower() for w in re.findall(r"[A-Za-z'’]+", text))

    for place in reference.places.values():
        for name in (place.name, *place.aliases):
            add(name)
    for country in reference.countries.values():
        for name in (country.name, *country.aliases):
            add(name)
    for terms in reference.terms.values():
        for term in terms.values():
            for name in (term.term, *term.aliases):
                add(name)
    for text in extra:
        add(text)
    return frozenset(words)


def _english_word(word: str) -> bool:
    english = _english()
    return word in english or (word.endswith("s") and word[:-1] in english)


class ScanError(RuntimeError):
    """The scanner cannot check a text (a dictionary it needs is missing)."""


# Debian's hunspell-sw (make setup installs it): Kiswahili words, with the affixes of its noun classes and verbs.
SWAHILI_DICTIONARY = Path("/usr/share/hunspell/sw_KE")


@lru_cache(maxsize=1)
def _swahili():
    from spylls.hunspell import Dictionary

    if not SWAHILI_DICTIONARY.with_suffix(".dic").is_file():
        raise ScanError(
            f"The Kiswahili dictionary {SWAHILI_DICTIONARY}.dic is missing: the scanner needs it to tell Kiswahili "
            "words from personal names on the Kiswahili fact sheets. Install it with make setup (Debian's "
            "hunspell-sw)."
        )
    return Dictionary.from_files(str(SWAHILI_DICTIONARY))


def _word_of(language: str, word: str) -> bool:
    """A word of the text's language (a Kiswahili text quotes English names and titles too)."""
    return _english_word(word) or (language == "sw" and _swahili().lookup(word))


def looks_like_name(text: str, known: frozenset[str], language: str = "en") -> str | None:
    """The part of the text that looks like a personal name, if any: capitalised words that are neither known
    names nor words of the text's language."""
    found = HONORIFIC_NAME.search(text)
    if found:
        return found.group(0)
    given = _given_names()
    for match in CAPITALISED.finditer(text):
        # "Kenya's" is Kenya: possessives do not make a word unknown.
        words = [re.sub(r"['’]s$", "", w.lower()) for w in re.split(r"[ -]", match.group(0))]
        unknown = [w for w in words if w not in known]
        if not unknown:
            continue
        if words[0] in given and words[0] not in known:
            return match.group(0)
        if any(not _word_of(language, w) for w in unknown):
            return match.group(0)
    return None


def published_texts(data) -> Iterator[tuple[str, str]]:
    """(where, text) for every text of a prepared edition that can reach the site."""
    edition = data.edition
    for field in (
        "title",
        "short_title",
        "publisher",
        "citation",
        "collection_note",
        "instrument_name",
        "instrument_version",
        "reconstruction",
    ):
        if edition.get(field):
            yield f"edition.yml {field}", str(edition[field])
    for number, document in enumerate(edition.get("source_documents") or [], start=1):
        for key, value in document.items():
            yield f"edition.yml source_documents[{number}].{key}", str(value)
    for number, erratum in enumerate(edition.get("errata") or [], start=1):
        for key, value in erratum.items() if isinstance(erratum, dict) else [("text", erratum)]:
            yield f"edition.yml errata[{number}].{key}", str(value)
    routes = data.routes
    for column in routes.columns:
        # Each distinct text once, named by the first submission that holds it.
        first: dict[str, str] = {}
        for submission, value in zip(routes["submission_id"], routes[column]):
            for item in value if isinstance(value, (list, tuple)) else [value]:
                if isinstance(item, str) and item not in first:
                    first[item] = submission
        for item, submission in first.items():
            yield f"submission {submission}, column '{column}'", item
    for figure in data.figures.values():
        yield f"figure {figure['id']} label", figure["label"]
        for item in figure["value"] if isinstance(figure["value"], list) else [figure["value"]]:
            if isinstance(item, str):
                yield f"figure {figure['id']} value", item
    for entry in data.suppression.get("log", []):
        yield "suppression log", entry["what"]


def _known(data, reference: Reference, language_words: tuple[str, ...] = ()) -> frozenset[str]:
    edition = data.edition
    organisations = (
        [c["name"] for c in edition.get("contributors", [])]
        + [c["short_name"] for c in edition.get("contributors", [])]
        + [edition.get("publisher", "")]
    )
    return known_words(reference, [*organisations, *language_words])


def _problems(data, texts, known: frozenset[str], language: str = "en") -> list[Problem]:
    where_file = f"data/editions/{data.edition['id']}"
    problems, seen = [], set()
    for where, text in texts:
        if (where, text) in seen:
            continue
        seen.add((where, text))
        kinds = patterns.personal_detail_kinds(text)
        name = looks_like_name(text, known, language)
        if name:
            kinds.append(f"what looks like a personal name (“{name}”)")
        for kind in kinds:
            problems.append(
                Problem(
                    where_file,
                    "no-personal-details-published",
                    f"{where} would publish {kind}. Published text must not identify anyone.",
                    value=text,
                )
            )
    return problems


def scan(data, reference: Reference) -> list[Problem]:
    """Every published text holding a personal detail, as problems that stop the build."""
    return _problems(data, published_texts(data), _known(data, reference))


def scan_text(
    data,
    reference: Reference,
    where: str,
    text: str,
    addresses: tuple[str, ...] = (),
    language_words: tuple[str, ...] = (),
    language: str = "en",
) -> list[Problem]:
    """A published document's text (a fact sheet's, read back from its PDF), line by line, as `scan` does.

    `addresses` are the web addresses the document is meant to carry (its own permanent link, the
    licence's): they are taken out before the check, which would otherwise report them. A document in
    another language than English ("sw") is checked with that language's dictionary as well as English's,
    and `language_words` are its names that no dictionary holds (that language's names of countries,
    places and terms, and the words of the site's own catalogue).
    """
    lines = []
    for line in text.splitlines():
        for address in addresses:
            line = line.replace(address, " ")
        if line.strip():
            lines.append((where, line))
    return _problems(data, lines, _known(data, reference, language_words), language)
