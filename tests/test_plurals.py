"""Words that follow a count come from Babel's ngettext, never from adding an "s"."""

from __future__ import annotations

import pytest

from kenya_routes.prepare import plurals


@pytest.mark.parametrize(
    ("number", "expected"),
    [(0, "0 submissions"), (1, "1 submission"), (2, "2 submissions"), (1204, "1,204 submissions")],
)
def test_a_count_reads_with_its_word(number, expected):
    assert plurals.count(number, "submission", "submissions") == expected


def test_irregular_plurals_are_given_not_made():
    assert plurals.count(1, "country", "countries") == "1 country"
    assert plurals.count(3, "country", "countries") == "3 countries"
    assert plurals.ngettext("is", "are", 1) == "is" and plurals.ngettext("is", "are", 18) == "are"


@pytest.mark.parametrize("value", ["fewer than 5", None, 2.5, [1, 2]])
def test_a_value_that_is_not_a_whole_number_reads_as_plural(value):
    assert plurals.word(value, "case", "cases") == "cases"


def test_a_whole_figure_value_picks_its_form():
    assert plurals.word(1, "route", "routes") == "route"
    assert plurals.word(True, "route", "routes") == "routes"  # a yes/no value is not a count


def test_ngettext_is_babels():
    from babel.support import NullTranslations

    assert isinstance(plurals._CATALOGUE, NullTranslations)


def test_a_figures_unit_agrees_with_its_value():
    from kenya_routes.render.citations import value_text

    assert value_text({"value": 1, "unit": "countries"}) == "1 country"
    assert value_text({"value": 34, "unit": "countries"}) == "34 countries"
    assert value_text({"value": 1, "unit": "place"}) == "1 place"
    assert value_text({"value": 50.0, "unit": "%"}) == "50%"
    assert plurals.unit(1, "country pairs") == "country pair" and plurals.unit(1, "things") == "things"
