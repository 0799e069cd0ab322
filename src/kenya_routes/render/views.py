"""The tables each page shows, computed from prepared (publishable) routes.

Every function takes prepared data and returns a DataFrame ready for a table or
a chart, so notebooks only choose what to show. Estimated cases appear only as
the disclosure-controlled sums of corridors, country pairs and routes (see
disclosure.py); every other table counts submissions.
"""

from __future__ import annotations

import pandas as pd

from ..inputs import contract
from ..inputs.reference import Reference
from ..prepare.analysis import HOME_COUNTRY, exploited_in_kenya, kenyan_victims_abroad, slug
from ..prepare.disclosure import NOT_ESTIMATED
from ..prepare.prepared import PreparedEdition


def count(frame: pd.DataFrame, by: str | list[str], label: str | None = None) -> pd.DataFrame:
    """Submissions per group, most first, ties by name."""
    keys = [by] if isinstance(by, str) else list(by)
    counted = frame.groupby(keys, dropna=False).size().reset_index(name="submissions")
    return counted.sort_values(
        ["submissions", label or keys[0]], ascending=[False, True], kind="mergesort"
    ).reset_index(drop=True)


def _cases(data: PreparedEdition, level: str, keys) -> list[str]:
    table = data.cases.get(level, {})
    return [table.get(k, NOT_ESTIMATED) for k in keys]


def _with_organisations(frame: pd.DataFrame, counts: dict[str, int], key: str) -> pd.DataFrame:
    out = frame.copy()
    out["organisations"] = [counts.get(k, 0) for k in out[key]]
    return out


def pairs(data: PreparedEdition, routes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Country pairs with submissions, estimated cases and how many organisations reported each."""
    routes = data.routes if routes is None else routes
    table = count(routes, "pair")
    table["estimated_cases"] = _cases(data, "pair", table["pair"])
    return _with_organisations(table, data.organisations["by_pair"], "pair")


def pair_figure(data: PreparedEdition, pair: str, column: str) -> str | None:
    """The figure a cell of a table of country pairs shows, if any (see prepare/figures.py, the overview)."""
    kind = {"submissions": "submissions", "estimated_cases": "cases"}.get(column)
    if kind is None:
        return None
    rows = data.routes[data.routes["pair"] == pair]
    if rows.empty:
        return None
    code = f"{rows['origin_country'].iloc[0]}-{rows['destination_country'].iloc[0]}".lower()
    return f"pair-{code}-{kind}"


def airline_figure(airline: str) -> str:
    """The figure of the routes travelled with an airline (see prepare/figures.py, transport)."""
    return f"airline-{slug(airline)}-routes"


def corridors(data: PreparedEdition) -> pd.DataFrame:
    table = count(data.routes, ["corridor", "corridor_label", "page_region"], label="corridor_label")
    table["estimated_cases"] = _cases(data, "corridor", table["corridor"])
    return _with_organisations(table, data.organisations["by_corridor"], "corridor")


def countries_named(
    data: PreparedEdition, reference: Reference, routes: pd.DataFrame, column: str, pair=None
) -> pd.DataFrame:
    """Submissions per country; with `pair` (country name -> pair label) also that pair's estimated cases."""
    frame = routes.assign(country=[reference.country_name(c) for c in routes[column]])
    table = count(frame, "country")
    if pair is not None:
        table["estimated_cases"] = _cases(data, "pair", [pair(c) for c in table["country"]])
    return table


def places_named(routes: pd.DataFrame, column: str) -> pd.DataFrame:
    return count(routes.dropna(subset=[column]), column).rename(columns={column: "place"})


def from_kenya(data: PreparedEdition) -> pd.DataFrame:
    return data.routes[data.routes["origin_country"] == HOME_COUNTRY]


def into_kenya(data: PreparedEdition) -> pd.DataFrame:
    routes = data.routes
    return routes[(routes["destination_country"] == HOME_COUNTRY) & (routes["origin_country"] != HOME_COUNTRY)]


def transit_locations(data: PreparedEdition, reference: Reference) -> pd.DataFrame:
    """Each city-level transit point with the routes through it."""
    stops = data.routes.explode("transit").dropna(subset=["transit"])
    stops = stops[
        stops["transit"].map(lambda t: t != contract.UNKNOWN_TRANSIT and reference.place(t) is not None).astype(bool)
    ]
    stops = stops.drop_duplicates(subset=["submission_id", "transit"])
    ranked = count(stops, "transit")
    ranked["country"] = [reference.country_name(reference.place(t).country) for t in ranked["transit"]]
    return ranked


def route_list(data: PreparedEdition, routes: pd.DataFrame) -> pd.DataFrame:
    """Each distinct route (origin, transit points, destination) with its submissions and cases."""
    table = count(routes, "route_label")
    table["estimated_cases"] = _cases(data, "route", table["route_label"])
    return table


def routes_through(data: PreparedEdition, place: str) -> pd.DataFrame:
    return route_list(data, data.routes[data.routes["transit"].map(lambda items: place in items)])


def items(routes: pd.DataFrame, column: str) -> pd.DataFrame:
    """Items of a list column ranked by the submissions naming them."""
    if column not in routes.columns:
        return pd.DataFrame(columns=[column, "submissions"])
    exploded = routes[["submission_id", column]].explode(column).dropna(subset=[column])
    return count(exploded.drop_duplicates(), column)


def industries_compared(data: PreparedEdition) -> pd.DataFrame:
    """Industries of Kenyan victims abroad beside those of victims exploited in Kenya."""
    abroad = items(kenyan_victims_abroad(data.routes), "industries").set_index("industries")["submissions"]
    in_kenya = items(exploited_in_kenya(data.routes), "industries").set_index("industries")["submissions"]
    table = pd.DataFrame({"abroad": abroad, "in_kenya": in_kenya}).fillna(0).astype(int)
    table["total"] = table["abroad"] + table["in_kenya"]
    table = table.sort_values(["total", "abroad"], ascending=False).reset_index(names="industry")
    return table.drop(columns="total")


def airlines(data: PreparedEdition) -> pd.DataFrame:
    """Each airline with the routes travelled on it and the hubs those routes pass through."""
    routes = data.routes
    columns = ["airline", "routes", "hubs", "submissions"]
    if "airlines" not in routes.columns:
        return pd.DataFrame(columns=columns)
    records = []
    for airline in sorted({a for items_ in routes["airlines"] for a in items_}):
        used = routes[routes["airlines"].map(lambda a, airline=airline: airline in a)]
        hubs = sorted({t for transit in used["transit"] for t in transit if t != contract.UNKNOWN_TRANSIT})
        records.append(
            {"airline": airline, "routes": sorted(set(used["route_label"])), "hubs": hubs, "submissions": len(used)}
        )
    if not records:  # collected, but no submission names an airline
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(records).sort_values(["submissions", "airline"], ascending=[False, True]).reset_index(drop=True)


def airline_routes(data: PreparedEdition) -> pd.DataFrame:
    """One row per airline and route travelled on it, with the submissions naming both: airlines with the
    most submissions first, each airline's routes most named first (a list per cell would not read on a
    phone, and each route's label already names the places it passes through)."""
    routes = data.routes
    columns = ["airline", "route", "submissions"]
    if "airlines" not in routes.columns:
        return pd.DataFrame(columns=columns)
    flown = routes[["submission_id", "airlines", "route_label"]].explode("airlines").dropna(subset=["airlines"])
    if flown.empty:  # collected, but no submission names an airline
        return pd.DataFrame(columns=columns)
    flown = flown.drop_duplicates(subset=["submission_id", "airlines"])
    table = flown.groupby(["airlines", "route_label"]).size().reset_index(name="submissions")
    table = table.rename(columns={"airlines": "airline", "route_label": "route"})
    table["airline_total"] = table.groupby("airline")["submissions"].transform("sum")
    table = table.sort_values(
        ["airline_total", "airline", "submissions", "route"], ascending=[False, True, False, True], kind="mergesort"
    )
    return table[columns].reset_index(drop=True)


def airport_hubs(data: PreparedEdition, reference: Reference) -> pd.DataFrame:
    """Transit places on journeys that include a flight: where travellers board or change planes."""
    routes = data.routes
    if "transport_modes" not in routes.columns:
        return pd.DataFrame(columns=["transit", "submissions"])
    flying = routes[routes["transport_modes"].map(lambda modes: "plane" in modes).astype(bool)]
    stops = flying.explode("transit").dropna(subset=["transit"])
    stops = stops[stops["transit"].map(lambda t: reference.place(t) is not None).astype(bool)]
    return count(stops.drop_duplicates(subset=["submission_id", "transit"]), "transit")


def recruitment_by_industry(data: PreparedEdition, industry: str) -> pd.DataFrame:
    routes = data.routes
    if "recruitment_methods" not in routes.columns:
        return pd.DataFrame(columns=["recruitment_methods", "submissions"])
    return items(routes[routes["industries"].map(lambda i: industry in i).astype(bool)], "recruitment_methods")


def partner_countries(data: PreparedEdition, reference: Reference) -> pd.DataFrame:
    """Countries where partners could take referrals and support repatriation: destinations of
    Kenyan victims abroad and countries of origin of victims in Kenya."""
    abroad = countries_named(data, reference, kenyan_victims_abroad(data.routes), "destination_country")
    abroad["why"] = "destination of Kenyan victims"
    into = countries_named(data, reference, into_kenya(data), "origin_country")
    into["why"] = "origin of victims in Kenya"
    both = pd.concat([abroad, into], ignore_index=True)
    return (
        both.groupby("country", as_index=False)
        .agg(submissions=("submissions", "sum"), why=("why", lambda w: " and ".join(sorted(set(w)))))
        .sort_values(["submissions", "country"], ascending=[False, True])
        .reset_index(drop=True)
    )


def changes(data: PreparedEdition, previous: PreparedEdition, reference: Reference) -> dict[str, pd.DataFrame | list]:
    """What is new, what is gone, and how counts moved, against the previous edition."""
    now, then = data.routes, previous.routes
    out: dict[str, pd.DataFrame | list] = {}
    for role, column in (("origin", "origin_country"), ("destination", "destination_country")):
        names_now = {reference.country_name(c) for c in now[column]}
        names_then = {reference.country_name(c) for c in then[column]}
        out[f"new_{role}_countries"] = sorted(names_now - names_then)
        out[f"dropped_{role}_countries"] = sorted(names_then - names_now)
        city = column.replace("_country", "_city")
        places_now, places_then = set(now[city].dropna()), set(then[city].dropna())
        out[f"new_{role}_places"] = sorted(places_now - places_then)
        out[f"dropped_{role}_places"] = sorted(places_then - places_now)
    out["new_corridors"] = sorted(set(now["corridor_label"]) - set(then["corridor_label"]))
    pairs_now, pairs_then = count(now, "pair"), count(then, "pair")
    merged = (
        pairs_now[["pair", "submissions"]]
        .merge(pairs_then[["pair", "submissions"]], on="pair", how="outer", suffixes=("_now", "_then"))
        .fillna(0)
    )
    merged[["submissions_now", "submissions_then"]] = merged[["submissions_now", "submissions_then"]].astype(int)
    merged["change"] = merged["submissions_now"] - merged["submissions_then"]
    out["pair_counts"] = merged.sort_values(["submissions_now", "pair"], ascending=[False, True]).reset_index(drop=True)
    return out
