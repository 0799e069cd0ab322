"""Marking English text that the catalogues translate (the project's locales/, see render/language.py).

`pybabel extract` finds the messages by the name of the call around them: `N_("…")` where a message
is defined but not yet translated (a name in a table, a label given to a figure), `language._("…")` and
`language.n_("…", "…", n)` where it is said in the reader's language.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name, which the extractor looks for)
    """The message itself: marked for the catalogues, translated where it is shown."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802
    """A message with plural forms, marked for the catalogues: (singular, plural) in English."""
    return singular, plural
