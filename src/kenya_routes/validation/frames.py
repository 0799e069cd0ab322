"""The tables the validation suites check, prepared from files as read.

Every frame keeps the spreadsheet row number in a `row` column so that a failed
expectation can name it. Derived columns (lookup keys, resolved codes, parsed
numbers) let the suites check against the reference data with Great
Expectations' own expectations.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd

from ..inputs import contract, loading, patterns
from ..inputs.editions import Edition
from ..inputs.reference import REGIONS, VOCABULARIES, Reference, fold


def _series(values: list, index: pd.Index) -> pd.Series:
    return pd.Series(values, index=index, dtype=object)


def _key(text: str | None) -> str | None:
    return fold(text) if text else None


def route_frame(raw: loading.RawTable, reference: Reference) -> pd.DataFrame:
    """One row per route: cell text (None when blank) plus derived lookup columns."""
    # A plain index: Great Expectations then finds the `row` column by name.
    index = pd.RangeIndex(len(raw.row_numbers))
    data: dict[str, Any] = {"row": pd.Series(raw.row_numbers, index=index, dtype="int64")}
    for column in contract.COLUMNS:
        if column.name in raw.headers:
            cells = raw.column(column.name)
            if column.kind == contract.FREE_TEXT:
                values = [c.strip() or None for c in cells]
            else:
                values = [loading.clean(c) or None for c in cells]
        else:
            values = [None] * len(raw.rows)  # an optional column the edition did not collect
        data[column.name] = _series(values, index)
    frame = pd.DataFrame(data, index=index)

    for column in ("organisation", "source_type"):
        frame[f"{column}__key"] = frame[column].map(_key)
    for country_column in contract.COUNTRY_COLUMNS:
        city_column = contract.CITY_OF_COUNTRY[country_column]
        frame[f"{country_column}__key"] = frame[country_column].map(_key)
        frame[f"{city_column}__key"] = frame[city_column].map(_key)
        frame[f"{country_column}__code"] = frame[country_column].map(
            lambda t: (c.code if (c := reference.country(t)) else None) if t else None
        )
        frame[f"{city_column}__country"] = frame[city_column].map(
            lambda t: (p.country if (p := reference.place(t)) else None) if t else None
        )
    frame["origin__location"] = _series(
        [_location(c, k, reference) for c, k in zip(frame["origin_city"], frame["origin_country"])], index
    )
    frame["destination__location"] = _series(
        [_location(c, k, reference) for c, k in zip(frame["destination_city"], frame["destination_country"])], index
    )
    frame["estimated_cases__number"] = pd.Series(
        [float(n) if (t and (n := loading.parse_count(t)) is not None) else None for t in frame["estimated_cases"]],
        index=index,
        dtype="float64",
    )
    frame["route__signature"] = _series(
        [
            _signature(*cells)
            for cells in zip(
                frame["origin_city"],
                frame["origin_country"],
                frame["transit"],
                frame["destination_city"],
                frame["destination_country"],
                frame["industries"],
            )
        ],
        index,
    )
    return frame


def _location(city: str | None, country: str | None, reference: Reference) -> str | None:
    """Where a route starts or ends, as a comparable key; None if it does not resolve."""
    if city:
        place = reference.place(city)
        return f"place:{place.name}" if place else None
    found = reference.country(country) if country else None
    return f"country:{found.code}" if found else None


def _signature(origin_city, origin_country, transit, destination_city, destination_country, industries) -> str:
    """Origin, transit points, destination and industries as one comparable text."""
    parts = [
        _key(origin_city) or _key(origin_country) or "",
        "|".join(fold(i) for i in loading.split_list(transit or "")),
        _key(destination_city) or _key(destination_country) or "",
        "|".join(sorted(fold(i) for i in loading.split_list(industries or ""))),
    ]
    return " > ".join(parts)


def item_frame(raw: loading.RawTable) -> pd.DataFrame:
    """One row per item of a list column, with its spreadsheet row and lookup key."""
    records = []
    for name in contract.LIST_COLUMNS:
        if name not in raw.headers:
            continue
        for row, cell in zip(raw.row_numbers, raw.column(name)):
            for position, item in enumerate(loading.split_list(cell), start=1):
                records.append((row, name, position, item, fold(item)))
    frame = pd.DataFrame(records, columns=["row", "column", "position", "value", "key"])
    return frame.astype({"column": object, "value": object, "key": object})


def route_parameters(reference: Reference, organisations: list[str]) -> dict[str, Any]:
    """Suite parameters: the value sets and patterns the routes suites check against."""
    places, countries = reference.place_keys(), reference.country_keys()
    parameters: dict[str, Any] = {
        "country_keys": countries,
        "place_keys": places,
        "location_keys": sorted(set(places) | set(countries) | {contract.UNKNOWN_TRANSIT}),
        "organisation_keys": sorted({fold(o) for o in organisations}),
        "whole_number_pattern": f"(?:{loading.WHOLE_NUMBER.pattern})|(?:{loading.GROUPED_NUMBER.pattern})",
        "formula_pattern": patterns.FORMULA,
        "personal_detail_patterns": list(patterns.PERSONAL_DETAILS.values()),
        "empty_list_item_pattern": patterns.EMPTY_LIST_ITEM,
    }
    for vocabulary in VOCABULARIES:
        parameters[f"{vocabulary}_keys"] = reference.term_keys(vocabulary)
    return parameters


# --- reference tables and edition.yml -----------------------------------------------
def csv_frame(path: Path, numeric: tuple[str, ...] = ()) -> pd.DataFrame:
    """A reference CSV as text, with its spreadsheet row numbers and parsed numbers."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        headers = [contract.normalise_header(h) for h in next(reader, [])]
        records = [(number, cells) for number, cells in enumerate(reader, start=2) if any(c.strip() for c in cells)]
    data: dict[str, Any] = {"row": [n for n, _ in records]}
    for position, header in enumerate(headers):
        data[header] = [(cells[position].strip() if position < len(cells) else "") or None for _, cells in records]
    frame = pd.DataFrame(data).astype(dict.fromkeys(headers, object))
    for column in numeric:
        frame[f"{column}__number"] = pd.to_numeric(frame.get(column), errors="coerce").astype("float64")
    return frame


def reference_parameters(country_codes: list[str]) -> dict[str, Any]:
    """Suite parameters of the reference tables: the known codes and regions, and what plain text excludes."""
    return {
        "country_codes": country_codes,
        "regions": list(REGIONS),
        "markup_pattern": patterns.MARKUP,
        "template_pattern": patterns.TEMPLATE,
        "markdown_pattern": patterns.MARKDOWN,
        "control_pattern": patterns.CONTROL,
        "formula_pattern": patterns.FORMULA,
        "formula_in_list_pattern": patterns.FORMULA_IN_LIST,
        "long_name_pattern": patterns.LONG_NAME,
    }


def organisations_of(editions: list[Edition]) -> list[str]:
    return sorted({name for e in editions for name in e.contributor_names()})
