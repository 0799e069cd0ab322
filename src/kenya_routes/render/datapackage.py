"""The edition's Frictionless Data Package: datapackage.json, describing every CSV it publishes.

Each CSV resource (the route table, every table's and chart's data) gets its
schema (read from the file: a column whose every value is a whole number is an
integer, any other is a string), its licence, the edition's sources and status,
and the provenance classes its rows carry (see prepare/provenance.py). The
package is written when the edition's site is assembled, after every page has
written its files, and published at <edition>/datapackage.json.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from . import downloads

INTEGER = re.compile(r"^-?\d+$")


def _name(relative: str) -> str:
    """A resource name as the specification allows: lowercase letters, digits, '-', '.' and '_'."""
    return re.sub(r"[^a-z0-9._-]+", "-", Path(relative).stem.lower()).strip("-") or "resource"


def _schema(rows: list[list[str]], headers: list[str]) -> dict[str, Any]:
    fields = []
    for position, header in enumerate(headers):
        values = [row[position] for row in rows if position < len(row) and row[position] != ""]
        integer = bool(values) and all(INTEGER.match(v) for v in values)
        field: dict[str, Any] = {"name": header, "type": "integer" if integer else "string"}
        if header == "provenance":
            field["description"] = (
                "Which of the row's values the source document reports, and which are reconstructed or computed."
            )
        fields.append(field)
    return {"fields": fields}


def resource(path: Path, root: Path) -> dict[str, Any]:
    """A tabular data resource for one CSV file of the edition's folder `root`."""
    text = path.read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline="")))
    headers, rows = records[0], records[1:]
    relative = path.relative_to(root).as_posix()
    kinds = sorted({row[headers.index("provenance")] for row in rows if "provenance" in headers and row})
    return {
        "name": _name(relative),
        "path": relative,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(text.encode("utf-8")),
        "schema": _schema(rows, headers),
        "provenance": kinds,
    }


def package(folder: Path, meta: dict[str, Any]) -> dict[str, Any]:
    """The descriptor of every CSV under an edition's built folder."""
    resources = []
    seen: set[str] = set()
    for path in sorted(folder.rglob("*.csv")):
        item = resource(path, folder)
        name, number = item["name"], 2
        while item["name"] in seen:  # two files with one stem in different folders
            item["name"] = f"{name}-{number}"
            number += 1
        seen.add(item["name"])
        resources.append(item)
    sources = [{"title": meta["document"]}] if meta.get("document") else []
    sources += [
        {"title": d["title"]} for d in meta.get("source_documents", []) if d.get("title") != meta.get("document")
    ]
    licence = {"name": meta["licence"], "title": meta["licence"]}
    if meta.get("licence_url"):
        licence["path"] = meta["licence_url"]
    return {
        "profile": "tabular-data-package",
        "name": f"kenya-routes-{meta['id']}".lower(),
        "title": meta["title"],
        "version": meta["id"],
        "description": (
            f"Route submissions and every table and chart of edition {meta['id']} of the coalition's routes site. "
            + (downloads.PROVENANCE_WORDS.get(meta["status"], ""))
        ),
        "licenses": [licence],
        "sources": sources,
        "contributors": [{"title": author, "role": "author"} for author in meta.get("authors", [])],
        "edition": meta["id"],
        "status": meta["status"],
        "provenance_classes": {
            "reported": "stated in the source document",
            "reconstructed": downloads.RECONSTRUCTED_NOTICE,
            "computed": "computed from the route submissions",
        },
        "citation": meta["citation"],
        "resources": resources,
    }
