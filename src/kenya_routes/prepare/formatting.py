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


def english(label: dict[str, Any]) -> str:
    return label["id"].format(**{k: w if isinstance(w, str) else english(w) for k, w in label["words"].items()})
