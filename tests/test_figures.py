"""Figures and the analysis they rest on, on small hand-made route tables."""

from __future__ import annotations

import pandas as pd
import pytest

from kenya_routes.prepare import analysis, figures
from kenya_routes.validation import RouteData

from .conftest import SHIPPED


def _routes(rows):
    columns = [
        "submission_id",
        "organisation",
        "source_type",
        "origin_city",
        "origin_country",
        "transit",
        "destination_city",
        "destination_country",
        "transport_modes",
        "airlines",
        "industries",
        "recruitment_methods",
        "estimated_cases",
    ]
    frame = pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)
    frame["estimated_cases"] = frame["estimated_cases"].astype("Int64")
    frame.index = pd.Index(range(2, 2 + len(frame)), name="row")
    return frame.astype({c: object for c in columns if c != "estimated_cases"})


@pytest.fixture
def small(reference):
    rows = [
        (
            "a",
            "HAART Kenya",
            "case",
            "Busia",
            "KEN",
            ["Nairobi"],
            "Riyadh",
            "SAU",
            ["bus", "plane"],
            ["Emirates"],
            ["domestic work"],
            ["informal agent"],
            10,
        ),
        ("b", "Trace Kenya", "case", None, "KEN", [], None, "SAU", ["plane"], [], ["domestic work", "begging"], [], 5),
        (
            "c",
            "Trace Kenya",
            "known",
            None,
            "UGA",
            ["Malaba"],
            "Nairobi",
            "KEN",
            ["bus"],
            [],
            ["commercial sex"],
            ["relative or friend"],
            None,
        ),
        (
            "d",
            "COVAW",
            "case",
            "Dadaab Camp",
            "KEN",
            ["Garissa", "unknown"],
            "Nairobi",
            "KEN",
            ["bus"],
            [],
            ["domestic work"],
            [],
            2,
        ),
    ]
    return RouteData(SHIPPED.edition("2020"), reference, _routes(rows))


def _compute(data):
    return figures.compute(data.edition, data.reference, analysis.enrich(data.routes, data.reference))


def test_corridors_follow_the_report(reference):
    assert analysis.corridor_of("KEN", "SAU", reference) == (
        "east-africa-to-middle-east-gulf",
        "East Africa to Middle East and Gulf",
    )
    assert analysis.corridor_of("UGA", "KEN", reference) == ("within-east-africa", "Within East Africa")
    assert analysis.corridor_of("KEN", "KEN", reference) == ("within-kenya", "Within Kenya")
    assert analysis.corridor_of("IND", "KEN", reference)[0] == "asia-to-east-africa"


def test_each_route_has_one_region_page():
    assert analysis.page_region_of("East Africa", "Europe") == "Europe"
    assert analysis.page_region_of("Asia", "East Africa") == "Asia"
    assert analysis.page_region_of("East Africa", "East Africa") == "East Africa"
    assert analysis.page_region_of("Central Africa", "Southern Africa") == "Southern Africa"


def test_route_labels_as_the_report_writes_them(reference):
    row = {
        "origin_city": "Taita-Taveta",
        "origin_country": "KEN",
        "destination_city": "Frankfurt",
        "destination_country": "DEU",
        "transit": ["Mombasa", "Addis Ababa"],
    }
    assert analysis.route_label(row, reference) == (
        "Taita-Taveta, Kenya to Frankfurt, Germany via Mombasa and Addis Ababa"
    )
    row.update(transit=["Mombasa", "unknown"], origin_city="Kitale")
    assert analysis.route_label(row, reference) == (
        "Kitale, Kenya to Frankfurt, Germany via Mombasa (unknown transit location)"
    )
    row.update(transit=["unknown"], origin_city="Nairobi", destination_city=None, destination_country="SAU")
    assert analysis.route_label(row, reference) == "Nairobi, Kenya to Saudi Arabia (unknown transit location)"
    assert analysis.transit_label(["Kismayo", "Liboi", "Garissa"]) == "via Kismayo, Liboi and Garissa"


def test_rank_breaks_ties_by_cases_then_name():
    frame = pd.DataFrame(
        {
            "submission_id": list("abcdef"),
            "estimated_cases": pd.array([1, 9, 5, 6, 2, 2], "Int64"),
            "country": ["X", "X", "Y", "Y", "Z", "W"],
        }
    )
    ranked = analysis.rank(frame, "country")
    assert list(ranked["country"]) == ["Y", "X", "W", "Z"]  # X and Y: 2 each, Y has more cases; W and Z tie
    assert list(ranked["submissions"]) == [2, 2, 1, 1]


def test_figures_of_a_small_table(small):
    values = {f.id: f.value for f in _compute(small)}
    assert values["routes-total"] == 4
    assert values["organisations-total"] == 3
    assert values["countries-total"] == 3
    assert values["transit-locations"] == ["Garissa", "Malaba", "Nairobi"]
    assert values["submissions-known-of"] == 1
    assert values["kenya-origin-submissions"] == 3  # includes the route within Kenya
    assert values["kenya-destination-submissions"] == 1  # from other countries only
    assert values["domestic-routes"] == 1
    assert values["estimated-cases-total"] == 17  # a blank estimate counts as none
    assert values["pair-ken-sau-submissions"] == 2 and values["pair-ken-sau-cases"] == 15
    assert values["airline-emirates-routes"] == ["Busia, Kenya to Riyadh, Saudi Arabia via Nairobi"]
    assert values["transport-multiple-modes-share"] == 25.0
    assert values["industries-kenyan-victims-abroad-top5"] == ["domestic work", "begging"]


def test_figure_records_carry_what_a_citation_needs(small):
    from kenya_routes.prepare import provenance

    figure = _compute(small)[0]
    record = provenance.record(figure, figure.value, small.edition, "the report", "https://example.org/routes")
    for key in (
        "id",
        "label",
        "value",
        "data_value",
        "unit",
        "edition",
        "page",
        "anchor",
        "definition",
        "provenance",
        "source",
        "check",
        "citable",
        "not_for_citation",
        "permalink",
    ):
        assert key in record
    assert record["edition"] == "2020" and record["anchor"] == "fig-routes-total"
    assert record["permalink"] == "https://example.org/routes/2020/overview.html#fig-routes-total"


def test_figure_ids_are_stable_and_readable(edition_figures):
    for computed in edition_figures.values():
        ids = [f.id for f in computed]
        assert len(ids) == len(set(ids))
        for figure_id in ids:
            assert figure_id == figure_id.lower() and " " not in figure_id, figure_id


def test_changes_between_editions(edition_figures):
    values = {f.id: f.value for f in edition_figures["2020"]}
    assert values["new-origin-countries"] == ["Finland", "Somaliland"]
    assert "new-origin-countries" not in {f.id for f in edition_figures["2019"]}  # no earlier edition


def test_editions_without_transport_have_no_transport_figures(edition_figures):
    ids = {f.id for f in edition_figures["2019"]}
    assert not any(i.startswith(("transport-", "airline")) for i in ids)
    assert not any(i.startswith("recruitment-") for i in ids)
