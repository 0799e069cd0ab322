"""Editions drawn by Hypothesis from the reference data and the data contract.

`editions()` draws whole editions a coalition might bring: 1 to a few hundred
route submissions; with or without transit points, airlines, modes of transport
and recruitment methods (the columns an instrument may not collect); every
estimate blank, or every count below the disclosure threshold; every route
within one country, or every route into one region, or a region with exactly
one route; only `known` submissions; organisations and titles with apostrophes
and diacritics; next to the shipped editions or alone. A drawn edition is a
plain value (`DrawnEdition`): its repr is the literal a regression test keeps.
"""

from __future__ import annotations

import csv
import io
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import strategies as st

from kenya_routes.inputs import contract
from kenya_routes.inputs.project import Project
from kenya_routes.intake.new_edition import NewEdition, create

from .conftest import ROOT, copy_project

REFERENCE = Project.open(ROOT).reference()
EDITION_ID = "2031"
HOME = "KEN"
OPTIONAL = ("transport_modes", "airlines", "recruitment_methods", "recruitment_details", "notes")
# Organisations as partners name them: apostrophes, diacritics, dashes.
CONTRIBUTORS = (
    ("Awareness Against Human Trafficking", "HAART Kenya"),
    ("Trace Kenya", "Trace Kenya"),
    ("L'Association des Femmes de Côte d'Ivoire", "L'AFCI"),
    ("Sauti ya Wanawake – Pwani", "Sauti ya Wanawake"),
    ("Fondation Élan d'Espoir", "Élan d'Espoir"),
    ("Mkono wa Msaada (Children's Rights)", "Mkono wa Msaada"),
)
TITLES = (
    "Kenya's Human-Trafficking Routes 2031",
    "Routes of 2031: Côte d'Ivoire, Réunion and Kenya's Coast",
    "Njia za Usafirishaji Haramu wa Binadamu 2031 – Ripoti ya Muungano",
)


def _places_by_country() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for place in REFERENCE.places.values():
        out.setdefault(place.country, []).append(place.name)
    return {code: sorted(names) for code, names in out.items()}


PLACES = _places_by_country()
COUNTRIES = sorted(REFERENCE.countries)
REGIONS = sorted({REFERENCE.region(code) for code in COUNTRIES})
BY_REGION = {region: [c for c in COUNTRIES if REFERENCE.region(c) == region] for region in REGIONS}
# Countries the shipped editions name, so most drawn routes look like real ones.
USUAL = sorted(set(PLACES) | {"SAU", "QAT", "ARE", "LBN", "OMN", "UGA", "TZA", "ETH", "SOM", "CIV", "REU"})
TERMS = {v: REFERENCE.vocabulary_terms(v) for v in ("industries", "transport_modes", "airlines", "recruitment_methods")}


@dataclass(frozen=True)
class DrawnEdition:
    """An edition as a maintainer would have it after `new-edition` and `ingest`."""

    rows: tuple[dict, ...]
    columns: tuple[str, ...] = ("transport_modes", "airlines", "recruitment_methods", "recruitment_details", "notes")
    contributors: tuple[tuple[str, str], ...] = CONTRIBUTORS[:2]
    title: str = TITLES[0]
    beside_shipped: bool = False
    note: str = field(default="", compare=False)  # what the draw was aiming at, for a reader of a failure

    def headers(self) -> list[str]:
        return list(contract.columns_for(self.columns))

    def routes_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, self.headers(), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        for number, row in enumerate(self.rows, start=1):
            writer.writerow({"submission_id": f"{EDITION_ID}-{number:03d}", **row})
        return out.getvalue()

    def project(self, folder: Path) -> Path:
        """A project holding this edition (and the shipped ones, if beside them); returns its root."""
        root = copy_project(folder)
        if not self.beside_shipped:
            for edition in (root / "data" / "editions").iterdir():
                shutil.rmtree(edition)
        self.write(Project.open(root))
        return root

    def write(self, project: Project) -> Path:
        """The edition's edition.yml (through `new-edition`) and routes.csv."""
        spec = NewEdition(
            edition_id=EDITION_ID,
            title=self.title,
            period_from="2031-01",
            period_to="2031-12",
            publisher="Stop the Traffik Kenya (STTK) and its partners",
            licence="CC-BY-4.0",
            instrument_name="Coalition route form",
            instrument_version="2031",
            columns=list(self.columns),
            contributors=list(self.contributors),
        )
        path = create(project, spec)
        (path.parent / "routes.csv").write_text(self.routes_csv(), encoding="utf-8")
        return path.parent


def _name(code: str) -> str:
    return REFERENCE.country_name(code)


@st.composite
def _route(draw, origins: list[str], destinations: list[str], columns: tuple[str, ...], organisations, cases, known):
    origin = draw(st.sampled_from(origins))
    destination = draw(st.sampled_from(destinations))
    # A route within one country names two places (the gate's rule); elsewhere a city may be blank.
    blank = [] if origin == destination and len(PLACES.get(origin, [])) > 1 else [""]
    origin_city = draw(st.sampled_from([*blank, *PLACES.get(origin, [])]))
    destination_city = draw(st.sampled_from([*blank, *(p for p in PLACES.get(destination, []) if p != origin_city)]))
    stops = [p for p in sorted(REFERENCE.places) if p not in (origin_city, destination_city)]
    transit = draw(st.lists(st.sampled_from([*stops, "unknown", "Ethiopia"]), max_size=2, unique=True))
    row = {
        "organisation": draw(st.sampled_from(organisations)),
        "source_type": "known" if known else draw(st.sampled_from(["case", "known"])),
        "origin_city": origin_city,
        "origin_country": _name(origin),
        "transit": "; ".join(transit),
        "destination_city": destination_city,
        "destination_country": _name(destination),
        "industries": "; ".join(
            draw(st.lists(st.sampled_from(TERMS["industries"]), min_size=1, max_size=2, unique=True))
        ),
        "estimated_cases": draw(cases),
    }
    if "transport_modes" in columns:
        modes = draw(st.lists(st.sampled_from(TERMS["transport_modes"]), max_size=2, unique=True))
        row["transport_modes"] = "; ".join(modes)
        if "airlines" in columns and "plane" in modes:
            row["airlines"] = "; ".join(draw(st.lists(st.sampled_from(TERMS["airlines"]), max_size=2, unique=True)))
    elif "airlines" in columns:
        row["airlines"] = "; ".join(draw(st.lists(st.sampled_from(TERMS["airlines"]), max_size=1)))
    if "recruitment_methods" in columns:
        methods = draw(st.lists(st.sampled_from(TERMS["recruitment_methods"]), max_size=2, unique=True))
        row["recruitment_methods"] = "; ".join(methods)
    return row


SHAPES = ("mixed", "one country", "one region", "a region with one route")
CASES = ("mixed", "every estimate blank", "every count below the threshold")


@st.composite
def editions(draw, max_routes: int = 300) -> DrawnEdition:
    """A whole edition; see the module's docstring for what it varies."""
    shape = draw(st.sampled_from(SHAPES))
    estimates = draw(st.sampled_from(CASES))
    known = draw(st.booleans())
    columns = tuple(c for c in OPTIONAL if draw(st.booleans()))
    contributors = tuple(draw(st.lists(st.sampled_from(CONTRIBUTORS), min_size=1, max_size=3, unique=True)))
    organisations = [short for _, short in contributors]
    size = draw(st.one_of(st.integers(1, 6), st.integers(1, max_routes)))
    cases = {
        "mixed": st.one_of(st.just(""), st.integers(0, 400).map(str)),
        "every estimate blank": st.just(""),
        "every count below the threshold": st.integers(0, 4).map(str),
    }[estimates]

    def routes(origins, destinations, count):
        return draw(
            st.lists(
                _route(origins, destinations, columns, organisations, cases, known), min_size=count, max_size=count
            )
        )

    if shape == "one country":
        country = draw(st.sampled_from([c for c, places in PLACES.items() if len(places) > 1]))
        rows = routes([country], [country], size)
    elif shape == "one region":
        region = draw(st.sampled_from(REGIONS))
        origin = draw(st.sampled_from([HOME, "UGA", "ETH"]))
        rows = routes([origin], [c for c in BY_REGION[region] if c != origin], size)
    elif shape == "a region with one route":
        region = draw(st.sampled_from([r for r in REGIONS if r not in ("East Africa", "Middle East and Gulf")]))
        near = BY_REGION["East Africa"] + BY_REGION["Middle East and Gulf"]
        rows = routes([HOME], [c for c in near if c != HOME], max(0, size - 1)) + routes([HOME], BY_REGION[region], 1)
    else:
        rows = routes(USUAL, USUAL, size)
    return DrawnEdition(
        rows=tuple(rows),
        columns=columns,
        contributors=contributors,
        # The Kiswahili title is stopped by the publication scanner (it reads as a personal name): seldom drawn.
        title=TITLES[draw(st.sampled_from([0, 1, 0, 1, 0, 1, 0, 1, 0, 2]))],
        beside_shipped=draw(st.booleans()),
        note=f"{shape}; {estimates}; {'only known' if known else 'case and known'}",
    )
