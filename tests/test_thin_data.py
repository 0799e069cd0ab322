"""Thin data: regions of few routes share one page, and an element without data is a sentence.

Also the regression tests of editions Hypothesis drew (tests/test_editions.py) that
failed before, each shrunk to its smallest form and kept here as a literal.
"""

from __future__ import annotations

import dataclasses

import nbformat
import pytest

from kenya_routes import validation
from kenya_routes.inputs.project import Project
from kenya_routes.prepare import prepared
from kenya_routes.publish import execute, stage
from kenya_routes.render import charts, views
from kenya_routes.render.page import Page

from .conftest import SHIPPED
from .editions import EDITION_ID, DrawnEdition
from .site_checks import map_document


def _prepared(data, tmp_path, minimum=None, previous=None, name="2019"):
    settings = (
        SHIPPED.settings if minimum is None else dataclasses.replace(SHIPPED.settings, region_minimum_routes=minimum)
    )
    return prepared.load(prepared.write(prepared.prepare_edition(data, previous, {}, settings), tmp_path / name))


def test_regions_of_fewer_routes_than_the_minimum_are_sections_of_one_page(route_data, tmp_path):
    data = _prepared(route_data["2019"], tmp_path)
    counts = data.routes["page_region"].value_counts()
    assert {name for name, _ in data.other_regions} == {n for n, c in counts.items() if c < 3}
    assert {name for name, _ in data.region_pages} == {n for n, c in counts.items() if c >= 3}
    _, pages = stage.plan(data, SHIPPED)
    names = [p.name for p in pages]
    assert [n for n in names if n.startswith("regions/")] == [
        *(f"regions/{slug}" for _, slug in data.region_pages),
        "regions/other",
    ]
    other = next(p for p in pages if p.name == "regions/other")
    assert other.source.name == "other-regions.ipynb"
    assert other.parameters["regions"] == [slug for _, slug in data.other_regions]
    # Their figures are anchored on the page that shows them.
    for _, slug in data.other_regions:
        corridors = set(data.region_routes(slug)["corridor"])
        for corridor in corridors:
            assert data.figures[f"corridor-{corridor}-routes"]["page"] == "regions/other"
    for _, slug in data.region_pages:
        for corridor in set(data.region_routes(slug)["corridor"]):
            assert data.figures[f"corridor-{corridor}-routes"]["page"] == f"regions/{slug}"


def test_a_minimum_of_one_gives_every_region_its_own_page(route_data, tmp_path):
    data = _prepared(route_data["2019"], tmp_path, minimum=1)
    assert not data.other_regions and len(data.region_pages) == len(data.regions)
    _, pages = stage.plan(data, SHIPPED)
    assert "regions/other" not in [p.name for p in pages]


def test_the_other_regions_notebook_repeats_its_sections_once_per_region(route_data, tmp_path):
    data = _prepared(route_data["2019"], tmp_path)
    _, pages = stage.plan(data, SHIPPED)
    spec = next(p for p in pages if p.name == "regions/other")
    source = nbformat.read(spec.source, as_version=4)
    section = [c for c in source.cells if execute.EACH_REGION in c.metadata.get("tags", [])]
    expanded = execute.with_sections(spec)
    nbformat.validate(expanded)
    regions = spec.parameters["regions"]
    # Each region: a hidden cell setting `region`, then its copy of the section.
    assert len(expanded.cells) == len(source.cells) - len(section) + len(regions) * (len(section) + 1)
    tagged = [c.metadata.get(execute.SECTION_KEY, {}).get("region") for c in expanded.cells]
    assert [r for r in tagged if r] == [r for r in regions for _ in section]
    assert len({c["id"] for c in expanded.cells}) == len(expanded.cells)


def _page(route_data, tmp_path):
    folder = prepared.write(
        prepared.prepare_edition(route_data["2020"], None, {}, SHIPPED.settings), tmp_path / "prepared" / "2020"
    )
    return Page("2020", "kenya", tmp_path / "stage", folder, SHIPPED.reference_dir, SHIPPED.locales_dir)


def test_a_table_chart_or_map_without_data_is_a_sentence_that_says_so(route_data, tmp_path):
    page = _page(route_data, tmp_path)
    none = page.data.routes.iloc[0:0]
    table = page.table(views.places_named(none, "origin_city"), "empty", {"place": "place"}, "Places of origin").data
    chart = page.chart(
        charts.ranking(views.items(none, "industries"), "industries", "submissions", "Industries", "Industry"),
        "empty",
        "Bar chart.",
    ).data
    drawn = page.map(none, "empty", "Map of no routes", "Nothing.").data
    for html, title in ((table, "Places of origin"), (chart, "Industries"), (drawn, "Map of no routes")):
        assert 'class="no-data"' in html and title in html and "no submission of this edition" in html
        assert "<table" not in html and "<iframe" not in html and "<img" not in html
    assert not (tmp_path / "stage" / "extra" / "assets" / "kenya").exists(), "no download of nothing"


def test_a_chart_of_one_bar_a_table_of_one_row_and_a_map_of_one_route(route_data, tmp_path):
    page = _page(route_data, tmp_path)
    one = page.data.routes.iloc[0:1]
    industries = views.items(one.assign(industries=[["domestic work"]]), "industries")
    chart = page.chart(
        charts.ranking(industries, "industries", "submissions", "Industries", "Industry"), "one", "Bar chart."
    ).data
    assert "<img" in chart and "no-data" not in chart
    table = page.table(views.route_list(page.data, one), "one", {"route_label": "route"}, "Routes").data
    assert table.count("<tr>") == 2
    drawn = page.map(one, "one", "Map of one route", "One route.").data
    assert "<iframe" in drawn
    assert "L.polyline(" in map_document(tmp_path / "stage" / "extra" / "assets" / "kenya" / "one.html")


def test_an_edition_that_names_no_airline_has_an_empty_airline_view(route_data, tmp_path):
    page = _page(route_data, tmp_path)
    data = dataclasses.replace(page.data, routes=page.data.routes.assign(airlines=[[]] * len(page.data.routes)))
    table = views.airlines(data)
    assert table.empty and list(table.columns) == ["airline", "routes", "hubs", "submissions"]
    assert views.airline_routes(data).empty and list(views.airline_routes(data).columns) == [
        "airline",
        "route",
        "submissions",
    ]
    assert views.airport_hubs(dataclasses.replace(data, routes=data.routes.iloc[0:0]), page.reference).empty


# --- regressions: editions Hypothesis drew that failed, shrunk ------------------------------
NO_ROUTE_FROM_KENYA = DrawnEdition(
    rows=(
        {
            "organisation": "HAART Kenya",
            "source_type": "case",
            "origin_city": "",
            "origin_country": "Uganda",
            "transit": "",
            "destination_city": "",
            "destination_country": "Qatar",
            "industries": "domestic work",
            "estimated_cases": "",
        },
    ),
    columns=(),
)
# Figures of an empty subset (no Kenyan victims abroad; no route naming a recruitment method) crashed.
NO_ROUTE_ABROAD = DrawnEdition(
    rows=(
        {
            "organisation": "HAART Kenya",
            "source_type": "known",
            "origin_city": "Kitui",
            "origin_country": "Kenya",
            "transit": "",
            "destination_city": "Mombasa",
            "destination_country": "Kenya",
            "industries": "commercial sex",
            "estimated_cases": "0",
        },
    ),
    columns=("recruitment_methods",),
)


@pytest.mark.parametrize(
    "drawn", [NO_ROUTE_FROM_KENYA, NO_ROUTE_ABROAD], ids=["no-route-from-kenya", "no-route-abroad"]
)
def test_regression_pages_of_a_drawn_edition_are_produced(drawn, tmp_path):
    """The pages that failed (kenya: a figure missing from the text; industries and recruitment: figures of an
    empty subset) are executed by papermill as the build does, and every Markdown cell renders."""
    root = drawn.project(tmp_path / "project")
    project = Project.open(root)
    checked = validation.checked_edition(project, EDITION_ID)
    data = prepared.load(
        prepared.write(
            prepared.prepare_edition(checked.data, None, checked.quality, project.settings),
            root / "_build" / "prepared" / EDITION_ID,
        )
    )
    folder = root / "_build" / "stage" / EDITION_ID
    stage.prepare_folder(folder, project)
    _, specs = stage.plan(data, project)
    wanted = [s for s in specs if s.name in ("kenya", "industries", "recruitment", "transport")]
    inputs = execute.Inputs(folder, root / "_build" / "prepared" / EDITION_ID, project.reference_dir)
    for path in execute.produce_all(wanted, inputs, jobs=2):
        notebook = nbformat.read(path, as_version=4)
        assert not any(o.get("output_type") == "error" for c in notebook.cells for o in c.get("outputs", []))
