"""Every figure the source documents print, compared with the figure computed from the data.

One test per printed figure (from each edition's published_figures.yml). The
documented exceptions, where the documents contradict themselves, are listed
here explicitly with their reasons; any other difference fails.
"""

from __future__ import annotations

import pytest

from kenya_routes.inputs.printed import read_printed
from kenya_routes.prepare import reconcile

from .conftest import EDITIONS, SHIPPED

# Where the 2020 report contradicts itself, and which of its statements the data follows.
DOCUMENTED_EXCEPTIONS = {
    ("2020", "countries-total"): "Jordan is counted twice in the printed 34; the data counts each country once (33).",
    ("2020", "transit-only-countries"): "Jordan is also a destination; Somalia and Sudan are transit-only on the "
    "Somaliland to Libya route the report describes.",
    ("2020", "transit-locations"): "The printed list omits Addis Ababa, a transit point in the report's airline "
    "section.",
    ("2020", "transit-locations-count"): "18 printed; 19 with Addis Ababa.",
    ("2020", "airline-ethiopian-airlines-routes"): "The report's 'Taveta' origin is Taita-Taveta in its own list "
    "of origins.",
}


def _printed_entries():
    for edition_id in EDITIONS:
        entries = read_printed(SHIPPED.edition_folder(edition_id)).figures
        for entry in entries:
            yield pytest.param(edition_id, entry, id=f"{edition_id}:{entry.id}")


@pytest.mark.parametrize("edition_id, entry", list(_printed_entries()))
def test_printed_figure_is_reproduced(edition_figures, edition_id, entry):
    computed = {f.id: f for f in edition_figures[edition_id]}
    assert entry.id in computed, f"no figure '{entry.id}' is computed for edition {edition_id}"
    figure = computed[entry.id]
    check = reconcile.check(figure.value, entry)
    if (edition_id, entry.id) in DOCUMENTED_EXCEPTIONS:
        assert check == "differs", "a documented exception now matches: remove it from the list and the YAML"
        assert entry.differs and entry.why, "the exception's reason must be written in published_figures.yml"
    else:
        assert check in reconcile.CONSISTENT, f"printed {entry.printed!r}, computed {figure.value!r}"
        assert not entry.differs, "a figure that matches must not carry a 'differs' reason"


@pytest.mark.parametrize(
    "value, printed, compare, expected",
    [
        (84, 84, "equal", "equal"),
        (33, 34, "equal", "differs"),
        (["a", "b"], ["a", "b"], "set", "equal"),
        (["plane", "bus"], ["bus", "plane"], "set", "same items"),  # reordered: consistent, never "reproduced"
        (["plane", "bus"], ["bus", "plane"], "ordered", "differs"),
        (["a", "b", "c"], ["b", "a"], "includes", "includes"),
        (56.0, "a majority", "greater_than", "at least"),
        (40.0, "a majority", "greater_than", "differs"),
        (["a", "b", "c"], ["b", "a"], "leading", "leads"),
    ],
)
def test_how_the_data_compares_with_the_printed_value(value, printed, compare, expected):
    from kenya_routes.inputs.printed import Printed

    entry = Printed(
        id="x", printed=printed, source="p. 1", compare=compare, threshold=50 if compare == "greater_than" else None
    )
    assert reconcile.check(value, entry) == expected


def test_the_reports_spellings_are_read_as_the_datas():
    from kenya_routes.inputs.printed import Printed

    entry = Printed(
        id="x", printed=["Malamba, Kenya to Frankfurt"], source="p. 1", compare="set", read_as={"Malamba": "Malaba"}
    )
    assert reconcile.check(["Malaba, Kenya to Frankfurt"], entry) == "as read"
    assert entry.printed == ["Malamba, Kenya to Frankfurt"]  # what the report prints is kept as printed


def test_the_printed_column_is_in_the_reports_own_terms():
    entries = {e.id: e for e in read_printed(SHIPPED.edition_folder("2020")).figures}
    assert entries["transport-multiple-modes-share"].printed == "a majority"
    assert entries["recruitment-domestic-work-top"].printed == "word-of-mouth by agents"
    ethiopian = entries["airline-ethiopian-airlines-routes"].printed
    assert any(route.startswith("Malamba,") for route in ethiopian)
    assert any(route.startswith("Lunga-Lunga,") for route in ethiopian)
    assert any("Instanbul" in route for route in entries["airline-turkish-airlines-routes"].printed)


def test_exceptions_are_exactly_the_documented_ones():
    documented = set()
    for edition_id in EDITIONS:
        entries = read_printed(SHIPPED.edition_folder(edition_id)).figures
        documented |= {(edition_id, e.id) for e in entries if e.differs}
    assert documented == set(DOCUMENTED_EXCEPTIONS)


def test_every_edition_has_an_oracle():
    for edition_id in EDITIONS:
        entries = read_printed(SHIPPED.edition_folder(edition_id)).figures
        assert len(entries) >= 10, edition_id


def test_stated_figures_are_reported_and_others_reconstructed(edition_figures, shipped):
    from kenya_routes.prepare import provenance

    edition = shipped.edition("2020")
    figures_2020 = {f.id: f for f in edition_figures["2020"]}
    routes = provenance.record(figures_2020["routes-total"], 84, edition, "the report", "")
    assert routes["provenance"] == "reported" and routes["citable"] and routes["value"] == 84
    # The report's 34 is shown as printed, with the data's 33 beside it; it is cited as the report's.
    countries = provenance.record(figures_2020["countries-total"], 33, edition, "the report", "")
    assert (countries["provenance"], countries["value"], countries["data_value"]) == ("reported", 34, 33)
    assert countries["check"] == "differs" and countries["why"]
    # Computed from the reconstructed rows, never printed: illustrative only.
    cases = provenance.record(figures_2020["estimated-cases-total"], 2885, edition, "the report", "")
    assert cases["provenance"] == "reconstructed" and not cases["citable"] and cases["not_for_citation"]


def test_regional_sections_and_other_routes_add_up(edition_figures):
    figures_2020 = {f.id: f.value for f in edition_figures["2020"]}
    printed_sections = [
        "corridor-within-east-africa-routes",
        "corridor-east-africa-to-middle-east-gulf-routes",
        "corridor-east-africa-to-europe-routes",
        "corridor-east-africa-to-asia-routes",
        "corridor-asia-to-east-africa-routes",
        "corridor-east-africa-to-north-africa-routes",
        "corridor-europe-to-east-africa-routes",
    ]
    assert sum(figures_2020[f] for f in printed_sections) == 82
    others = [
        k
        for k in figures_2020
        if k.startswith("corridor-") and k.endswith("-routes") and k not in printed_sections and "city-level" not in k
    ]
    assert sorted(others) == ["corridor-central-africa-to-southern-africa-routes", "corridor-within-kenya-routes"]
    assert sum(figures_2020[f] for f in printed_sections + others) == figures_2020["routes-total"] == 84
