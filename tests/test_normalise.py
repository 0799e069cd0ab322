"""Names: the gate names every unknown one with the closest known name; a table that passed resolves fully."""

from __future__ import annotations

import pytest

from kenya_routes import validation
from kenya_routes.inputs import loading, names
from kenya_routes.inputs.problems import DataProblemError

from .conftest import ROOT, SHIPPED, read_rows, write_rows

HEADERS, ROWS = read_rows(ROOT / "data" / "editions" / "2020" / "routes.csv")


def _check(tmp_path, change):
    rows = [dict(r) for r in ROWS[:4]]
    change(rows)
    path = write_rows(tmp_path / "routes.csv", HEADERS, rows)
    return validation.validate_routes(path, SHIPPED.reference(), SHIPPED.edition("2020"), validation.gate_of(SHIPPED))


def _single(report):
    assert len(report.errors) == 1, [p.render() for p in report.errors]
    return report.errors[0]


def test_shipped_rows_resolve(tmp_path):
    outcome = _check(tmp_path, lambda rows: None)
    assert not outcome.report.problems
    out = outcome.data.routes
    assert list(out["origin_country"]) == ["KEN"] * 4
    assert out.iloc[0]["organisation"] == "HAART Kenya"


@pytest.mark.parametrize(
    "column, value, rule, hint",
    [
        ("origin_country", "Keyna", "known-country", '"Kenya"'),
        ("destination_country", "Saudia Arabia", "known-country", '"Saudi Arabia"'),
        ("origin_city", "Mombassa", "known-place", '"Mombasa"'),
        ("transit", "Nairobi, Mombasa", "known-place", "';'"),
        ("industries", "domestic wrk", "known-term", '"domestic work"'),
        ("source_type", "rumour", "known-term", "source type"),
        ("airlines", "Air Atlantis", "known-term", "airline"),
        ("organisation", "Unknown Org", "known-organisation", "contributors"),
    ],
)
def test_unknown_names(tmp_path, column, value, rule, hint):
    def change(rows):
        rows[1][column] = value

    problem = _single(_check(tmp_path, change).report)
    assert (problem.rule, problem.row, problem.column, problem.value) == (rule, 3, column, value)
    assert hint in problem.message


def test_place_in_another_country(tmp_path):
    def change(rows):
        rows[0]["origin_city"] = "Kampala"

    problem = _single(_check(tmp_path, change).report)
    assert problem.rule == "place-in-country" and "Uganda" in problem.message and problem.row == 2


def test_aliases_and_case_resolve(tmp_path):
    def change(rows):
        rows[0]["origin_country"] = "  kenya "
        rows[0]["destination_country"] = "KSA"
        rows[0]["industries"] = "Domestic Servitude; commercial sexual exploitation"
        rows[0]["transit"] = "nairobi; Unknown"

    outcome = _check(tmp_path, change)
    assert not outcome.report.problems
    first = outcome.data.routes.iloc[0]
    assert (first["origin_country"], first["destination_country"]) == ("KEN", "SAU")
    assert first["industries"] == ["domestic work", "commercial sex"]
    assert first["transit"] == ["Nairobi", "unknown"]


def test_resolution_never_passes_an_unknown_name(tmp_path):
    """Resolution is not a check: a table that skipped the gate stops at the first unknown name."""
    rows = [dict(r) for r in ROWS[:2]]
    rows[0]["origin_country"] = "Keyna"
    path = write_rows(tmp_path / "routes.csv", HEADERS, rows)
    edition = SHIPPED.edition("2020")
    typed, _ = loading.type_table(loading.read_table(path), edition.collected_columns)
    with pytest.raises(names.Unresolved, match="Keyna"):
        names.resolve_routes(typed, SHIPPED.reference(), edition)


def test_an_edition_that_fails_the_gate_raises_with_every_problem(project):
    from kenya_routes.inputs.project import Project

    path = project / "data" / "editions" / "2020" / "routes.csv"
    rows = [dict(r) for r in ROWS]
    rows[0]["origin_country"] = "Keyna"
    rows[5]["estimated_cases"] = "many"
    write_rows(path, HEADERS, rows)
    with pytest.raises(DataProblemError) as raised:
        validation.checked_edition(Project.open(project), "2020")
    rendered = raised.value.report.render()
    assert "row 7, column 'estimated_cases'" in rendered and "row 2, column 'origin_country'" in rendered
    assert "Nothing was published" in rendered
