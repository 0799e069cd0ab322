"""Headline figures, computed from an edition's routes alone.

A figure has a stable, readable id (`routes-total`, `pair-ken-sau-cases`), a
label, a value, a unit, the page that shows it and how it is defined. Whether
the source document states it, and whether the data reproduces the printed
value, comes from the edition's published_figures.yml (see reconcile.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..inputs.editions import Edition
from ..inputs.reference import REGIONS, Reference
from . import analysis, formatting
from .analysis import HOME_COUNTRY, exploited_in_kenya, kenyan_victims_abroad, rank, rank_items, slug

Value = int | float | str | list


@dataclass
class Figure:
    id: str
    label: str
    value: Value  # what the data gives
    unit: str
    edition: str
    page: str
    definition: str
    # For counts of estimated cases: which published sum this is ("edition", "pair:<pair>").
    subject: str | None = None
    # A label made of names ("Routes: East Africa to Europe") as a message of the catalogues and the names
    # in it (see phrase()), so that another language can say it with its own words; None: the label is the
    # message.
    message: dict[str, Any] | None = None
    # What the source document says of the figure (see reconcile.annotate): the printed value in the
    # document's terms, its words where they are paraphrased, where it is printed, how the data's value
    # relates to it and, where it differs, why in a few words.
    printed: Value | None = None
    printed_read: Value | None = None  # the printed value in the data's spelling
    printed_as: str | None = None
    source_ref: str | None = None
    check: str | None = None
    why: str | None = None

    @property
    def anchor(self) -> str:
        return f"fig-{self.id}"

    # Kept in the prepared data for the sheets and downloads in other languages; not part of a published figure.
    INTERNAL = ("message",)

    @property
    def stated_in_source(self) -> bool:
        return self.source_ref is not None

    @property
    def consistent(self) -> bool:
        """The source document states the figure and the data agrees with the statement."""
        return self.check is not None and self.check != "differs"


@dataclass(frozen=True)
class Previous:
    """The edition published before, for the figures of what changed."""

    edition_id: str
    routes: pd.DataFrame
    reconstructed: bool = False


class _Builder:
    def __init__(self, edition: Edition, reference: Reference):
        self.edition = edition
        self.reference = reference
        self.figures: list[Figure] = []

    def add_figure(
        self,
        id: str,
        label: str | dict[str, Any],
        value: Value,
        unit: str,
        page: str,
        definition: str,
        subject: str | None = None,
    ) -> None:
        if isinstance(value, float):
            value = round(value, 1)
        elif hasattr(value, "item"):  # numpy scalar
            value = value.item()
        message = label if isinstance(label, dict) else None
        text = formatting.english(label) if isinstance(label, dict) else label
        self.figures.append(
            Figure(id, text, value, unit, self.edition.id, page, definition, subject=subject, message=message)
        )


def compute(
    edition: Edition, reference: Reference, routes: pd.DataFrame, previous: Previous | None = None
) -> list[Figure]:
    """Every figure of the edition, from its enriched routes (analysis.enrich), in the order the site's
    chapters show them."""
    builder = _Builder(edition, reference)
    for section in (_overview, _methodology, _kenya, _transit, _regions, _transport, _industries, _recruitment):
        section(builder, routes)
    if previous is not None:
        _changes(builder, routes, previous)
    ids = [f.id for f in builder.figures]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"figure ids must be unique: {sorted(duplicates)}"
    return builder.figures


def by_id(figures: list[Figure]) -> dict[str, Figure]:
    return {f.id: f for f in figures}


# --- helpers ----------------------------------------------------------------------------
def _names(reference: Reference, codes) -> list[str]:
    return sorted({reference.country_name(c) for c in codes})


def _cases(frame: pd.DataFrame) -> int:
    return int(frame["estimated_cases"].sum())


def _countries_in_transit(routes: pd.DataFrame) -> set[str]:
    return {c for countries in routes["transit_countries"] for c in countries}


def _percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


# --- sections ---------------------------------------------------------------------------
def _overview(b: _Builder, routes: pd.DataFrame) -> None:
    reference = b.reference
    page = "overview"
    origins, destinations = set(routes["origin_country"]), set(routes["destination_country"])
    transit = _countries_in_transit(routes)
    b.add_figure(
        "routes-total",
        "Route submissions",
        len(routes),
        "submissions",
        page,
        "Number of rows in the edition's route table: one per route submitted.",
    )
    b.add_figure(
        "organisations-total",
        "Contributing organisations",
        int(routes["organisation"].nunique()),
        "organisations",
        page,
        "Distinct organisations that submitted at least one route.",
    )
    b.add_figure(
        "countries-total",
        "Countries named as origin, transit or destination",
        len(origins | destinations | transit),
        "countries",
        page,
        "Distinct countries of origin, of destination, or of a transit point; each counted once.",
    )
    b.add_figure(
        "origin-countries",
        "Countries of origin",
        _names(reference, origins),
        "countries",
        page,
        "Distinct countries in the origin column.",
    )
    b.add_figure(
        "origin-countries-count",
        "Number of countries of origin",
        len(origins),
        "countries",
        page,
        "Distinct countries in the origin column.",
    )
    b.add_figure(
        "destination-countries",
        "Countries of destination (exploitation)",
        _names(reference, destinations),
        "countries",
        page,
        "Distinct countries in the destination column.",
    )
    b.add_figure(
        "destination-countries-count",
        "Number of countries of destination",
        len(destinations),
        "countries",
        page,
        "Distinct countries in the destination column.",
    )
    b.add_figure(
        "transit-only-countries",
        "Countries named only as transit points",
        _names(reference, transit - origins - destinations),
        "countries",
        page,
        "Countries of transit points that are never an origin or a destination.",
    )
    b.add_figure(
        "estimated-cases-total",
        "Estimated cases on all routes",
        _cases(routes),
        "estimated cases",
        page,
        "Sum of the estimated number of cases over all submissions (blank estimates count as none).",
        subject="edition",
    )
    b.add_figure(
        "domestic-routes",
        "Routes within one country",
        int(routes["domestic"].sum()),
        "submissions",
        page,
        "Submissions whose origin and destination are in the same country.",
    )
    for region, region_slug in REGIONS.items():
        codes = {c for c in origins | destinations | transit if reference.region(c) == region}
        if codes:
            b.add_figure(
                f"countries-{region_slug}-count",
                formatting.phrase("Countries in {region} named in the data", region=region),
                len(codes),
                "countries",
                page,
                f"Distinct countries in {region} in any role (origin, transit, destination).",
            )
    pairs = rank(
        routes.assign(pair_code=routes["origin_country"] + "-" + routes["destination_country"]),
        ["pair_code", "pair"],
        label="pair",
    )
    top = pairs.head(5)
    b.add_figure(
        "top-pairs",
        "Most commonly reported origin and destination combinations",
        list(top["pair"]),
        "country pairs",
        page,
        "Country pairs ranked by submissions, then estimated cases; the first five.",
    )
    for _, pair in top.iterrows():
        key = pair["pair_code"].lower()
        origin, destination = (reference.country_name(code) for code in pair["pair_code"].split("-"))
        named = formatting.phrase("{origin} to {destination}", origin=origin, destination=destination)
        b.add_figure(
            f"pair-{key}-submissions",
            formatting.phrase("Submissions from {pair}", pair=named),
            int(pair["submissions"]),
            "submissions",
            page,
            f"Submissions with origin and destination {pair['pair']}.",
        )
        b.add_figure(
            f"pair-{key}-cases",
            formatting.phrase("Estimated cases from {pair}", pair=named),
            int(pair["estimated_cases"]),
            "estimated cases",
            page,
            f"Sum of estimated cases over submissions from {pair['pair']}.",
            subject=f"pair:{pair['pair']}",
        )


def _methodology(b: _Builder, routes: pd.DataFrame) -> None:
    page = "methodology"
    b.add_figure(
        "organisations",
        "Contributing organisations",
        sorted(routes["organisation"].dropna().unique()),
        "organisations",
        page,
        "Organisations that submitted at least one route. Which organisation submitted which route is never published.",
    )
    b.add_figure(
        "submissions-worked-cases",
        "Submissions from cases the organisation worked on",
        int((routes["source_type"] == "case").sum()),
        "submissions",
        page,
        "Submissions with source type 'case'.",
    )
    b.add_figure(
        "submissions-known-of",
        "Submissions of routes known or heard of",
        int((routes["source_type"] == "known").sum()),
        "submissions",
        page,
        "Submissions with source type 'known'.",
    )


def _kenya(b: _Builder, routes: pd.DataFrame) -> None:
    reference = b.reference
    page = "kenya"
    from_kenya = routes[routes["origin_country"] == HOME_COUNTRY]
    b.add_figure(
        "kenya-origin-submissions",
        "Submissions with Kenya as country of origin",
        len(from_kenya),
        "submissions",
        page,
        "Submissions whose origin country is Kenya, including routes within Kenya.",
    )
    top = rank(
        from_kenya.assign(destination=[reference.country_name(c) for c in from_kenya["destination_country"]]),
        "destination",
    )
    b.add_figure(
        "kenya-origin-top-destinations",
        "Most reported destinations of routes from Kenya",
        list(top["destination"].head(6)),
        "countries",
        page,
        "Destination countries of routes from Kenya ranked by submissions, then estimated cases; the first six.",
    )
    cities = sorted(c for c in from_kenya["origin_city"].dropna().unique())
    b.add_figure(
        "kenya-origin-cities",
        "Places in Kenya named as origins",
        cities,
        "places",
        page,
        "Distinct origin cities, towns, camps and counties of routes from Kenya.",
    )
    b.add_figure(
        "kenya-origin-cities-count",
        "Number of places in Kenya named as origins",
        len(cities),
        "places",
        page,
        "Distinct origin places of routes from Kenya.",
    )
    if len(from_kenya):
        b.add_figure(
            "kenya-origin-country-level-share",
            "Routes from Kenya recorded at country level only",
            _percent(int(from_kenya["origin_city"].isna().sum()), len(from_kenya)),
            "%",
            page,
            "Share of routes from Kenya with no origin city.",
        )
    into_kenya = routes[(routes["destination_country"] == HOME_COUNTRY) & (routes["origin_country"] != HOME_COUNTRY)]
    b.add_figure(
        "kenya-destination-submissions",
        "Submissions of migration into Kenya from other countries",
        len(into_kenya),
        "submissions",
        page,
        "Submissions whose destination country is Kenya and whose origin is another country.",
    )
    b.add_figure(
        "kenya-destination-origin-countries",
        "Countries of origin of routes into Kenya",
        _names(reference, set(into_kenya["origin_country"])),
        "countries",
        page,
        "Distinct origin countries of routes into Kenya from other countries.",
    )
    b.add_figure(
        "kenya-destination-cities",
        "Places in Kenya named as destinations",
        sorted(exploited_in_kenya(routes)["destination_city"].dropna().unique()),
        "places",
        page,
        "Distinct destination places in Kenya, from any origin.",
    )
    city_destinations = routes.dropna(subset=["destination_city"])
    if len(city_destinations):
        main = rank(city_destinations, "destination_city").iloc[0]
        b.add_figure(
            "main-destination-place",
            "Place most often named as destination",
            str(main["destination_city"]),
            "place",
            page,
            "The destination city or town with the most submissions.",
        )


def _transit(b: _Builder, routes: pd.DataFrame) -> None:
    reference = b.reference
    page = "transit"
    places = analysis.city_level_transit(routes, reference)
    b.add_figure(
        "transit-locations",
        "Places named as transit points",
        places,
        "places",
        page,
        "Distinct cities and towns named as a transit point in at least one route (countries named as "
        "transit points without a place are not included).",
    )
    b.add_figure(
        "transit-locations-count",
        "Number of places named as transit points",
        len(places),
        "places",
        page,
        "Distinct cities and towns named as a transit point.",
    )
    if places:
        stops = routes[["submission_id", "estimated_cases", "transit"]].explode("transit")
        stops = stops[stops["transit"].isin(places)].drop_duplicates(["submission_id", "transit"])
        b.add_figure(
            "main-transit-location",
            "Place most often named as a transit point",
            str(rank(stops, "transit").iloc[0]["transit"]),
            "place",
            page,
            "The transit city or town named in the most submissions.",
        )


def _regions(b: _Builder, routes: pd.DataFrame) -> None:
    collected = b.edition.collects("transport_modes")
    for corridor, frame in routes.groupby("corridor", sort=False):
        label = frame["corridor_label"].iloc[0]
        named = analysis.corridor_phrase(
            frame["origin_country"].iloc[0], frame["destination_country"].iloc[0], b.reference
        )
        page = f"regions/{REGIONS[frame['page_region'].iloc[0]]}"
        b.add_figure(
            f"corridor-{corridor}-routes",
            formatting.phrase("Routes: {corridor}", corridor=named),
            len(frame),
            "submissions",
            page,
            f"Submissions in the corridor '{label}' (origin region to destination region).",
        )
        pairs = rank(frame, "pair")
        b.add_figure(
            f"corridor-{corridor}-pairs",
            formatting.phrase("Country pairs: {corridor}", corridor=named),
            list(pairs["pair"]),
            "country pairs",
            page,
            f"Origin and destination country pairs in the corridor '{label}', most submissions first.",
        )
        b.add_figure(
            f"corridor-{corridor}-city-level-routes",
            formatting.phrase("Routes with a named city: {corridor}", corridor=named),
            int((frame["origin_city"].notna() | frame["destination_city"].notna()).sum()),
            "submissions",
            page,
            f"Submissions in '{label}' that name an origin or destination city.",
        )
        if collected:
            with_modes = frame[frame["transport_modes"].map(len) > 0]
            by_plane = with_modes["transport_modes"].map(lambda modes: "plane" in modes).sum()
            b.add_figure(
                f"corridor-{corridor}-plane-share",
                formatting.phrase("Journeys including a flight: {corridor}", corridor=named),
                _percent(int(by_plane), len(with_modes)),
                "%",
                page,
                f"Share of submissions in '{label}' with transport data whose modes include a plane.",
            )


def _transport(b: _Builder, routes: pd.DataFrame) -> None:
    page = "transport"
    if b.edition.collects("transport_modes"):
        with_modes = routes[routes["transport_modes"].map(len) > 0]
        b.add_figure(
            "transport-routes-with-data",
            "Submissions with transport data",
            len(with_modes),
            "submissions",
            page,
            "Submissions that name at least one mode of transport.",
        )
        modes = rank_items(with_modes, "transport_modes")
        b.add_figure(
            "transport-modes-top3",
            "Most used modes of transport",
            list(modes["transport_modes"].head(3)),
            "transport modes",
            page,
            "Modes of transport ranked by the submissions naming them; the first three.",
        )
        b.add_figure(
            "transport-multiple-modes-share",
            "Journeys using more than one mode of transport",
            _percent(int((with_modes["transport_modes"].map(len) > 1).sum()), len(with_modes)),
            "%",
            page,
            "Share of submissions with transport data that name two or more modes.",
        )
    if b.edition.collects("airlines"):
        with_airlines = routes[routes["airlines"].map(len) > 0]
        airlines = sorted({a for items in with_airlines["airlines"] for a in items})
        b.add_figure(
            "airlines",
            "Airlines named in the data",
            airlines,
            "airlines",
            page,
            "Distinct airlines named in at least one submission.",
        )
        b.add_figure(
            "airlines-count",
            "Number of airlines named",
            len(airlines),
            "airlines",
            page,
            "Distinct airlines named in at least one submission.",
        )
        for airline in airlines:
            used = with_airlines[with_airlines["airlines"].map(lambda items, airline=airline: airline in items)]
            b.add_figure(
                f"airline-{slug(airline)}-routes",
                formatting.phrase("Routes travelled with {airline}", airline=airline),
                sorted(set(used["route_label"])),
                "routes",
                page,
                f"Distinct routes (origin, transit points, destination) of submissions naming {airline}.",
            )


def _industries(b: _Builder, routes: pd.DataFrame) -> None:
    page = "industries"
    industries = rank_items(routes, "industries")
    b.add_figure(
        "industries-total",
        "Industries and forms of exploitation named",
        len(industries),
        "industries",
        page,
        "Distinct industries named in at least one submission.",
    )
    b.add_figure(
        "industries-top",
        "Most reported industries",
        list(industries["industries"].head(5)),
        "industries",
        page,
        "Industries ranked by the submissions naming them; the first five.",
    )
    abroad = kenyan_victims_abroad(routes)
    top_abroad = rank_items(abroad, "industries")
    b.add_figure(
        "industries-kenyan-victims-abroad-top5",
        "Most reported industries of Kenyan victims abroad",
        list(top_abroad["industries"].head(5)),
        "industries",
        page,
        "Industries of routes from Kenya to other countries, ranked by submissions; the first five.",
    )
    dance = abroad[abroad["industries"].map(lambda items: "traditional dance" in items).astype(bool)]
    b.add_figure(
        "traditional-dance-destinations",
        "Destinations where Kenyan victims were exploited in traditional dance",
        _names(b.reference, set(dance["destination_country"])),
        "countries",
        page,
        "Destination countries of routes from Kenya that name traditional dance.",
    )
    in_kenya = exploited_in_kenya(routes)
    b.add_figure(
        "industries-in-kenya-top5",
        "Most reported industries of exploitation in Kenya",
        list(rank_items(in_kenya, "industries")["industries"].head(5)),
        "industries",
        page,
        "Industries of routes ending in Kenya (Kenyan and foreign victims), ranked by submissions; the first five.",
    )
    kenyan = {i for items in in_kenya[in_kenya["origin_country"] == HOME_COUNTRY]["industries"] for i in items}
    foreign = {i for items in in_kenya[in_kenya["origin_country"] != HOME_COUNTRY]["industries"] for i in items}
    b.add_figure(
        "industries-in-kenya-foreign-victims-only",
        "Further industries in Kenya named for foreign victims",
        sorted(foreign - kenyan),
        "industries",
        page,
        "Industries named on routes into Kenya from other countries, in addition to those named on routes within "
        "Kenya (the report: foreign and Kenyan victims are both exploited in Kenya, foreign victims also in these).",
    )
    ethiopian = in_kenya[in_kenya["origin_country"] == "ETH"]
    if len(ethiopian):
        b.add_figure(
            "industries-in-kenya-ethiopian-victims",
            "Industries of Ethiopian victims exploited in Kenya",
            sorted({i for items in ethiopian["industries"] for i in items}),
            "industries",
            page,
            "Industries named on routes from Ethiopia to Kenya.",
        )


def _recruitment(b: _Builder, routes: pd.DataFrame) -> None:
    if not b.edition.collects("recruitment_methods"):
        return
    page = "recruitment"
    with_methods = routes[routes["recruitment_methods"].map(len) > 0]
    methods = rank_items(with_methods, "recruitment_methods")
    b.add_figure(
        "recruitment-methods-top",
        "Most reported recruitment methods",
        list(methods["recruitment_methods"].head(3)),
        "recruitment methods",
        page,
        "Recruitment methods ranked by the submissions naming them; the first three.",
    )
    domestic = with_methods[with_methods["industries"].map(lambda items: "domestic work" in items).astype(bool)]
    if len(domestic):
        b.add_figure(
            "recruitment-domestic-work-top",
            "Most reported recruitment method into domestic work",
            str(rank_items(domestic, "recruitment_methods").iloc[0]["recruitment_methods"]),
            "recruitment method",
            page,
            "The recruitment method named most often on routes that name domestic work.",
        )


def _changes(b: _Builder, routes: pd.DataFrame, previous: Previous) -> None:
    """What is new since the edition before. Between reconstructed editions only the new locations are
    figures (a source document may state them); what a reconstruction no longer names is an artefact of
    two separate reconstructions, not a finding."""
    page = "changes"
    reference = b.reference
    before = previous.routes
    compare_all = not (b.edition.reconstructed or previous.reconstructed)
    edition = formatting.literal(previous.edition_id)
    labels = {
        "origin": (
            formatting.phrase("Countries of origin new since {edition}", edition=edition),
            formatting.phrase("Countries of origin in {edition} but not in this edition", edition=edition),
        ),
        "destination": (
            formatting.phrase("Countries of destination new since {edition}", edition=edition),
            formatting.phrase("Countries of destination in {edition} but not in this edition", edition=edition),
        ),
    }
    for role, column in (("origin", "origin_country"), ("destination", "destination_country")):
        now, then = set(routes[column]), set(before[column])
        b.add_figure(
            f"new-{role}-countries",
            labels[role][0],
            _names(reference, now - then),
            "countries",
            page,
            f"Countries of {role} in this edition that were not countries of {role} in {previous.edition_id}.",
        )
        if not compare_all:
            continue
        b.add_figure(
            f"dropped-{role}-countries",
            labels[role][1],
            _names(reference, then - now),
            "countries",
            page,
            f"Countries of {role} in {previous.edition_id} that are not countries of {role} in this edition.",
        )


def published(figure: dict[str, Any]) -> dict[str, Any]:
    """A prepared figure as the figures.json download and the `figures` command give it: without the fields
    only the build reads (Figure.INTERNAL)."""
    return {key: value for key, value in figure.items() if key not in Figure.INTERNAL}
