"""Derived views of normalised routes: regions, corridors, labels and rankings.

Everything here is a pure function of the routes and the reference data, so
figures, notebooks and pages that use it agree with one another.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from ..inputs import contract
from ..inputs.reference import REGIONS, Reference
from .formatting import english, phrase

# The report looks at routes from Kenya's side.
HOME_COUNTRY = "KEN"
HOME_REGION = "East Africa"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def corridor_of(origin_country: str, destination_country: str, reference: Reference) -> tuple[str, str]:
    """The corridor a route belongs to, as (slug, label), after the report's sections."""
    origin_region = reference.region(origin_country)
    destination_region = reference.region(destination_country)
    label = english(corridor_phrase(origin_country, destination_country, reference))
    if origin_country == destination_country:
        return f"within-{slug(reference.country_name(origin_country))}", label
    if origin_region == destination_region:
        return f"within-{REGIONS[origin_region]}", label
    return f"{REGIONS[origin_region]}-to-{REGIONS[destination_region]}", label


def corridor_phrase(origin_country: str, destination_country: str, reference: Reference) -> dict[str, Any]:
    """A corridor's name as a phrase of names (formatting.phrase), which another language can say."""
    origin_region = reference.region(origin_country)
    destination_region = reference.region(destination_country)
    if origin_country == destination_country:
        return phrase("Within {place}", place=reference.country_name(origin_country))
    if origin_region == destination_region:
        return phrase("Within {place}", place=origin_region)
    return phrase("{origin} to {destination}", origin=origin_region, destination=destination_region)


def page_region_of(origin_region: str, destination_region: str) -> str:
    """The one region page that shows a route.

    Routes are seen from East Africa, as in the report: a route belongs to the
    region it leads to, or, when it leads into East Africa, to the region it
    comes from. Every route therefore appears on exactly one region page.
    """
    if destination_region != HOME_REGION:
        return destination_region
    return origin_region


def place_label(city: str | None, country_code: str, reference: Reference) -> str:
    country = reference.country_name(country_code)
    return f"{city}, {country}" if city else country


def transit_label(transit: list[str]) -> str:
    known = [t for t in transit if t != contract.UNKNOWN_TRANSIT]
    unknown = len(known) != len(transit)
    text = ""
    if known:
        text = "via " + (known[0] if len(known) == 1 else ", ".join(known[:-1]) + " and " + known[-1])
    if unknown:
        text = (text + " " if text else "") + "(unknown transit location)"
    return text


def route_label(row: pd.Series | dict, reference: Reference) -> str:
    """'Busia, Kenya to Beirut, Lebanon via Nairobi', as the report writes routes."""
    origin = place_label(row["origin_city"], row["origin_country"], reference)
    destination = place_label(row["destination_city"], row["destination_country"], reference)
    via = transit_label(row["transit"])
    return f"{origin} to {destination}" + (f" {via}" if via else "")


def pair_label(origin_country: str, destination_country: str, reference: Reference) -> str:
    return f"{reference.country_name(origin_country)} to {reference.country_name(destination_country)}"


def enrich(routes: pd.DataFrame, reference: Reference) -> pd.DataFrame:
    """Add region, corridor, page and label columns to normalised routes.

    Each distinct country pair and each distinct route is worked out once: a
    national data hub's hundred thousand submissions repeat a few thousand routes.
    """
    out = routes.copy()
    countries = list(zip(out["origin_country"], out["destination_country"]))
    by_pair = {}
    for pair in set(countries):
        origin, destination = pair
        corridor = corridor_of(origin, destination, reference)
        regions = (reference.region(origin), reference.region(destination))
        by_pair[pair] = (*regions, *corridor, page_region_of(*regions), pair_label(origin, destination, reference))
    columns = ("origin_region", "destination_region", "corridor", "corridor_label", "page_region", "pair")
    for position, column in enumerate(columns):
        out[column] = [by_pair[pair][position] for pair in countries]
    out["domestic"] = out["origin_country"] == out["destination_country"]
    labels: dict[tuple, str] = {}
    keys = [
        (city_text(oc), o, tuple(t), city_text(dc), d)
        for oc, o, t, dc, d in zip(
            out["origin_city"],
            out["origin_country"],
            out["transit"],
            out["destination_city"],
            out["destination_country"],
        )
    ]
    for key in set(keys):
        row = dict(zip(("origin_city", "origin_country", "transit", "destination_city", "destination_country"), key))
        labels[key] = route_label(row, reference)
    out["route_label"] = [labels[key] for key in keys]
    transit_countries = {
        transit: [_location_country(t, reference) for t in transit if t != contract.UNKNOWN_TRANSIT]
        for transit in {key[2] for key in keys}
    }
    out["transit_countries"] = [list(transit_countries[key[2]]) for key in keys]
    return out


def city_text(value) -> str | None:
    """A city cell as text, or None when blank (pandas may hold NaN)."""
    return value if isinstance(value, str) and value else None


def _location_country(name: str, reference: Reference) -> str:
    location = reference.location(name)
    assert location is not None, name  # normalised transit points always resolve
    return location.country


def rank(frame: pd.DataFrame, by: str | list[str], label: str | None = None) -> pd.DataFrame:
    """Submissions and estimated cases per group, most submissions first.

    Ties on submissions are broken by estimated cases, then by name, so a
    ranking is the same on every run.
    """
    keys = [by] if isinstance(by, str) else list(by)
    grouped = (
        frame.groupby(keys, dropna=False)
        .agg(submissions=("submission_id", "size"), estimated_cases=("estimated_cases", "sum"))
        .reset_index()
    )
    grouped["estimated_cases"] = grouped["estimated_cases"].astype("Int64")
    sort_key = label or keys[0]
    grouped = grouped.sort_values(
        ["submissions", "estimated_cases", sort_key], ascending=[False, False, True], kind="mergesort"
    )
    return grouped.reset_index(drop=True)


def rank_items(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Rank the items of a list column by the number of submissions naming them."""
    exploded = frame[["submission_id", "estimated_cases", column]].explode(column).dropna(subset=[column])
    return rank(exploded, column)


def kenyan_victims_abroad(routes: pd.DataFrame) -> pd.DataFrame:
    return routes[(routes["origin_country"] == HOME_COUNTRY) & (routes["destination_country"] != HOME_COUNTRY)]


def exploited_in_kenya(routes: pd.DataFrame) -> pd.DataFrame:
    return routes[routes["destination_country"] == HOME_COUNTRY]


def city_level_transit(routes: pd.DataFrame, reference: Reference) -> list[str]:
    names = {t for transit in routes["transit"] for t in transit if t != contract.UNKNOWN_TRANSIT}
    return sorted(n for n in names if reference.place(n) is not None)


def organisations_per(frame: pd.DataFrame, by: str) -> pd.Series:
    """Distinct contributing organisations per group (a count: names are never published)."""
    return frame.groupby(by)["organisation"].nunique()
