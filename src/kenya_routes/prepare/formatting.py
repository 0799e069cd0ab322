"""How values read on the site and in citations: 1,234; 56%; 'A, B and C'."""

from __future__ import annotations

from typing import Any


def format_value(value: Any, unit: str = "") -> str:
    """A figure's value as a reader sees it: 1,234; 56%; 'A, B and C'."""
    if isinstance(value, list):
        items = [str(v) for v in value]
        if not items:
            return "none"
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
        return f"{text}%" if unit == "%" else text
    return str(value)


def phrase(message: str, **words: str | dict[str, Any]) -> dict[str, Any]:
    """A label with names in it: the message (English, with {placeholders}) and each placeholder's name,
    itself a name (a region, a country) or a phrase."""
    return {"id": message, "words": words}


def literal(text: str) -> dict[str, str]:
    """A word of a phrase that every language writes as it is (an edition's id)."""
    return {"literal": text}


def english(label: dict[str, Any]) -> str:
    return label["id"].format(**{key: _said(word) for key, word in label["words"].items()})


def _said(word: str | dict[str, Any]) -> str:
    if isinstance(word, str):
        return word
    return word["literal"] if "literal" in word else english(word)
