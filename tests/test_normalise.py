"""Resolving names to the reference data, with the closest known name suggested."""

from __future__ import annotations

import pytest

from kenya_routes import dataset, loading, normalise
from kenya_routes.editions import load_edition
from kenya_routes.problems import DataProblemError

from .conftest import ROOT, read_rows, write_rows

HEADERS, ROWS = read_rows(ROOT / "data" / "editions" / "2020" / "routes.csv")


def _resolve(tmp_path, reference, change):
    rows = [dict(r) for r in ROWS[:4]]
    change(rows)
    path = write_rows(tmp_path / "routes.csv", HEADERS, rows)
    edition = load_edition("2020", ROOT)
    frame = loading.load_table(path, edition.collected_columns)
    return normalise.normalise(frame, reference, edition, "routes.csv")


def _single(report):
    assert len(report.errors) == 1, [p.render() for p in report.errors]
    return report.errors[0]


def test_shipped_rows_resolve(tmp_path, reference):
    out, report = _resolve(tmp_path, reference, lambda rows: None)
    assert not report.problems
    assert list(out["origin_country"]) == ["KEN"] * 4
    assert out.iloc[0]["organisation"] == "HAART Kenya"


@pytest.mark.parametrize("column, value, rule, hint", [
    ("origin_country", "Keyna", "known-country", '"Kenya"'),
    ("destination_country", "Saudia Arabia", "known-country", '"Saudi Arabia"'),
    ("origin_city", "Mombassa", "known-place", '"Mombasa"'),
    ("transit", "Nairobi, Mombasa", "known-place", "';'"),
    ("industries", "domestic wrk", "known-term", '"domestic work"'),
    ("source_type", "rumour", "known-term", "source types"),
    ("airlines", "Air Atlantis", "known-term", "airlines"),
    ("organisation", "Unknown Org", "known-organisation", "contributors"),
])
def test_unknown_names(tmp_path, reference, column, value, rule, hint):
    def change(rows):
        rows[1][column] = value
    _, report = _resolve(tmp_path, reference, change)
    problem = _single(report)
    assert (problem.rule, problem.row, problem.column, problem.value) == (rule, 3, column, value)
    assert hint in problem.message


def test_place_in_another_country(tmp_path, reference):
    def change(rows):
        rows[0]["origin_city"] = "Kampala"
    problem = _single(_resolve(tmp_path, reference, change)[1])
    assert problem.rule == "place-in-country" and "Uganda" in problem.message and problem.row == 2


def test_aliases_and_case_resolve(tmp_path, reference):
    def change(rows):
        rows[0]["origin_country"] = "  kenya "
        rows[0]["destination_country"] = "KSA"
        rows[0]["industries"] = "Domestic Servitude; commercial sexual exploitation"
        rows[0]["transit"] = "nairobi; Unknown"
    out, report = _resolve(tmp_path, reference, change)
    assert not report.problems
    first = out.iloc[0]
    assert (first["origin_country"], first["destination_country"]) == ("KEN", "SAU")
    assert first["industries"] == ["domestic work", "commercial sex"]
    assert first["transit"] == ["Nairobi", "unknown"]


def test_load_routes_raises_with_every_problem(project):
    path = project / "data" / "editions" / "2020" / "routes.csv"
    rows = [dict(r) for r in ROWS]
    rows[0]["origin_country"] = "Keyna"
    rows[5]["estimated_cases"] = "many"
    write_rows(path, HEADERS, rows)
    with pytest.raises(DataProblemError) as raised:
        dataset.load_routes("2020", project)
    rendered = raised.value.report.render()
    assert "row 7, column 'estimated_cases'" in rendered
    assert "Nothing was published" in rendered
