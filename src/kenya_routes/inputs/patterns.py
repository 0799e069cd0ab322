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
