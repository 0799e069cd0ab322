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
    reproduced = reconcile.matches(figure.value, entry.printed, entry.compare)
    if (edition_id, entry.id) in DOCUMENTED_EXCEPTIONS:
        assert not reproduced, "a documented exception now matches: remove it from the list and the YAML"
        assert entry.differs, "the exception's reason must be written in published_figures.yml"
    else:
        assert reproduced, f"printed {entry.printed!r}, computed {figure.value!r}"
        assert not entry.differs, "a figure that matches must not carry a 'differs' reason"


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


def test_stated_figures_are_marked_for_citation(edition_figures):
    figures_2020 = {f.id: f for f in edition_figures["2020"]}
    assert figures_2020["routes-total"].stated_in_source and figures_2020["routes-total"].citable
    assert figures_2020["countries-total"].stated_in_source and not figures_2020["countries-total"].citable
    # Computed from the sample, never printed: illustrative only.
    assert not figures_2020["estimated-cases-total"].stated_in_source
    assert not figures_2020["estimated-cases-total"].citable


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
