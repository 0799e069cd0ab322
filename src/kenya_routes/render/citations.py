"""Citations of an edition and of each figure: plain text, BibTeX, RIS and CSL-JSON.

Every citation names the coalition, the year, the title, the edition and a
permanent link; a figure's citation adds its label, value and unit, and for a
reported figure the source document and where it prints the figure. The access
date is the day a reader copies the citation: pages add it when a reader opens
a figure's citation, and reference managers when they import an export.
Reconstructed values have no citation (see prepare/provenance.py).
"""

from __future__ import annotations

import json
from typing import Any

from ..prepare import plurals
from ..prepare.formatting import format_value
from . import escape


def edition_link(meta: dict[str, Any], site_url: str) -> str:
    return f"{site_url}/{meta['id']}/" if site_url else f"{meta['id']}/"


def _edition_words(meta: dict[str, Any]) -> str:
    suffix = " (reconstructed route data)" if meta["status"] == "reconstructed" else ""
    return f"Edition {meta['id']}{suffix}"


def value_text(figure: dict[str, Any]) -> str:
    """'84 submissions', '56%', 'Egypt, Jordan and Zambia' (lists carry no unit)."""
    value = format_value(figure["value"], figure["unit"])
    if isinstance(figure["value"], list) or figure["unit"] == "%" or not isinstance(figure["value"], (int, float)):
        return value
    return f"{value} {plurals.unit(figure['value'], figure['unit'])}"


def figure_text(figure: dict[str, Any], meta: dict[str, Any]) -> str:
    """The plain-text citation of a figure, without the access date."""
    stated = ""
    if figure["provenance"] == "reported" and figure["source"]:
        stated = f" As stated in {figure['source']['document']}, {figure['source']['location']}."
    return f"{meta['citation']} {figure['label']}: {value_text(figure)}.{stated} {figure['permalink']}"


def _title(figure: dict[str, Any] | None, meta: dict[str, Any]) -> str:
    return f"{figure['label']}: {value_text(figure)}" if figure else meta["title"]


def _note(figure: dict[str, Any] | None, meta: dict[str, Any]) -> str:
    parts = [_edition_words(meta), f"Licence {meta['licence']}"]
    if figure and figure["provenance"] == "reported" and figure["source"]:
        parts.append(f"As stated in {figure['source']['document']}, {figure['source']['location']}")
    if figure:
        parts.append(f"In: {meta['title']}")
    return ". ".join(parts) + "."


def bibtex(meta: dict[str, Any], link: str, figure: dict[str, Any] | None = None) -> str:
    """A BibTeX @misc entry for the edition, or for one of its figures."""
    key = f"kenya_routes_{meta['id']}" + (f"_{figure['id']}" if figure else "")
    fields = {
        "author": " and ".join("{" + escape.bibtex(a) + "}" for a in meta["authors"]),
        "title": "{" + escape.bibtex(_title(figure, meta)) + "}",
        "year": escape.bibtex(meta["year"]),
        "publisher": escape.bibtex(meta["publisher"]),
        "version": escape.bibtex(_edition_words(meta)),
        "url": escape.bibtex_url(link),
        "note": escape.bibtex(_note(figure, meta)),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@misc{{{escape.bibtex_key(key)},\n{body}\n}}\n"


def ris(meta: dict[str, Any], link: str, figure: dict[str, Any] | None = None) -> str:
    """An RIS record (Zotero, Mendeley, EndNote) for the edition or one of its figures."""
    lines = [("TY", "DATA")]
    lines += [("AU", author) for author in meta["authors"]]
    lines += [
        ("TI", _title(figure, meta)),
        ("PY", meta["year"]),
        ("PB", meta["publisher"]),
        ("ET", _edition_words(meta)),
        ("UR", link),
        ("N1", _note(figure, meta)),
    ]
    if figure:
        lines.append(("T2", meta["title"]))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {escape.ris(value)}\n" for tag, value in lines)


def csl(meta: dict[str, Any], link: str, figure: dict[str, Any] | None = None) -> dict[str, Any]:
    """A CSL-JSON item (the citation format of Zotero, Mendeley and citeproc)."""
    item = {
        "id": f"kenya-routes-{meta['id']}" + (f"-{figure['id']}" if figure else ""),
        "type": "dataset",
        "title": _title(figure, meta),
        "author": [{"literal": author} for author in meta["authors"]],
        "issued": {"date-parts": [[int(meta["year"])]]},
        "publisher": meta["publisher"],
        "version": _edition_words(meta),
        "URL": link,
        "note": _note(figure, meta),
    }
    if figure:
        item["container-title"] = meta["title"]
    return item


def exports(meta: dict[str, Any], figure: dict[str, Any]) -> dict[str, Any]:
    """A citable figure's citation in every format, for figures.json; None for a reconstructed value."""
    if not figure["citable"]:
        return {"text": None, "bibtex": None, "ris": None, "csl": None}
    link = figure["permalink"]
    return {
        "text": figure_text(figure, meta),
        "bibtex": bibtex(meta, link, figure),
        "ris": ris(meta, link, figure),
        "csl": csl(meta, link, figure),
    }


def csl_json(items: list[dict[str, Any]]) -> str:
    return json.dumps(items, indent=1, ensure_ascii=False) + "\n"
