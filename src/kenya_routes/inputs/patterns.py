"""Patterns for text that must not be published or imported: personal details and formulas.

Defined once here; the validation suites receive them as parameters and the
publication scanner uses them directly.
"""

from __future__ import annotations

import re

# Nine or more digits, optionally grouped, optionally international:
# "+254 712 345 678", "0712345678", "(020) 234 5678". Years and counts are shorter.
PHONE = r"(?<![\w.])(?:\+|00)?\d(?:[\s().\-/]{0,2}\d){8,}(?![\w])"
EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"
URL = (
    r"(?i)(?:\b(?:https?|ftp)://|\bwww\.)\S+"
    r"|\b[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|org|net|info|biz|ke|io|me|ly|gov|edu)\b(?:/\S*)?"
)

PERSONAL_DETAILS = {"a phone number": PHONE, "an e-mail address": EMAIL, "a web address": URL}

# A spreadsheet reads a cell starting with = + - or @ as a formula. Numbers such
# as -3 or +12 are not formulas (a negative count is caught by its own rule), and
# neither is a lone "-" put in a cell for "not known".
FORMULA = r"^\s*(?:[=@]|[+\-](?!\s*[\d.,]*\s*$))"

# Characters that make a downloaded cell a formula when opened in a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# A list cell with an empty item: "Nairobi;;Mombasa", "; Nairobi", "Nairobi;".
EMPTY_LIST_ITEM = r"(^\s*;|;\s*;|;\s*$)"


def personal_detail_kinds(text: str) -> list[str]:
    """Which kinds of personal detail a text seems to contain ("a phone number", ...)."""
    return [kind for kind, pattern in PERSONAL_DETAILS.items() if re.search(pattern, text)]


# --- plain text ---------------------------------------------------------------------------
# Names and descriptions in the reference tables and edition.yml reach web pages, maps, charts,
# spreadsheets and citations. They are plain text: each pattern below finds something that some
# program on the way would read as an instruction rather than as text. The reference suites
# (expectations/) receive them as parameters; edition.yml's model (editions.py) uses them directly.

# HTML: a tag, a comment or an autolink starts with "<".
MARKUP = r"[<>]"
# Jinja's delimiters (ours, Sphinx's and branca's templates), opening or closing.
TEMPLATE = r"\{[{%#]|[}%#]\}"
# Markdown and MyST: code (backticks), code and directive fences, roles and directives ({name}),
# links and images ([text](address)), math blocks, targets, and a line that starts a heading,
# a list, a quote or a table.
MARKDOWN = (
    r"`|~~~|:::|\$\$|\{[A-Za-z][\w.:+\-]*\}|\]\(|\]\["
    r"|(?m:^[ \t]*(?:#{1,6}(?:[ \t]|$)|[*+][ \t]|\d+[.)][ \t]|\||\([\w\-]+\)=))"
)
# Characters a reader cannot see: C0 and C1 controls (a line break or tab included) and the
# characters that hide or reorder text (zero-width spaces, right-to-left overrides).
CONTROL = "[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]"
# The same for longer text (a description, a citation), where a line break is allowed.
CONTROL_IN_TEXT = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c]"
# A list of aliases ("a; b; c") where one of them starts like a formula.
FORMULA_IN_LIST = r"(?:^|;)\s*(?:[=@]|[+\-](?!\s*[\d.,]*\s*(?:;|$)))"
# A name (or an alias in a list) longer than NAME_LENGTH characters.
NAME_LENGTH = 80
LONG_NAME = rf"[^;]{{{NAME_LENGTH + 1},}}"

# What each rule refuses, as the maintainers' guide and the problem reports say it.
PLAIN_TEXT = {
    "no-markup": (
        MARKUP,
        "This text contains < or >, which web pages read as HTML code. Write it as plain text, without < and >.",
    ),
    "no-template-syntax": (
        TEMPLATE,
        "This text contains {{, {% or {# (or }}, %}, #}), which the site's page templates read as instructions. "
        "Remove those pairs of signs.",
    ),
    "no-markdown-syntax": (
        MARKDOWN,
        "This text contains formatting marks that the site's pages would read as instructions: a backtick (`), "
        "~~~, :::, $$, a {word} in braces, a link written [text](address), or a line that starts with #, *, +, "
        "a number and a full stop, or |. Write it as plain text.",
    ),
    "no-control-characters": (
        CONTROL,
        "This text contains a character you cannot see: a line break or tab inside a name, a control character, "
        "a zero-width space or a right-to-left mark. Type the text again without it.",
    ),
}
FORMULA_MESSAGE = (
    "This text starts like a spreadsheet formula (=, +, -, @), which would run when a download is opened. "
    "Type the text without the leading sign."
)


def plain_text_problem(text: str, multiline: bool = False) -> tuple[str, str] | None:
    """The first plain-text rule `text` breaks, as (rule, message), or None.

    `multiline` allows line breaks (a description, a citation), never in a name.
    """
    for rule, (pattern, message) in PLAIN_TEXT.items():
        if rule == "no-control-characters" and multiline:
            pattern = CONTROL_IN_TEXT
        if re.search(pattern, text):
            return rule, message
    if re.search(FORMULA, text):
        return "no-formulas", FORMULA_MESSAGE
    return None
