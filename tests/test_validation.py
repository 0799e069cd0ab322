"""The validation gate on the shipped data, the reference tables and edition.yml."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from kenya_routes import cli, validation
from kenya_routes.inputs.project import Project
from kenya_routes.render.quality import quality_markdown
from kenya_routes.validation.gate import SUITES

from .conftest import EDITIONS, ROOT, SHIPPED


@pytest.fixture(scope="module")
def gate():
    return validation.gate_of(SHIPPED)


@pytest.mark.parametrize("suite", SUITES)
def test_suites_are_json_with_severity_rule_and_message(suite, gate):
    definition = json.loads((SHIPPED.expectations_dir / f"{suite}.json").read_text())
    assert definition["name"] == suite and definition["expectations"]
    for expectation in definition["expectations"]:
        assert expectation["severity"] in ("critical", "warning")
        assert re.fullmatch(r"[a-z][a-z-]+", expectation["meta"]["rule"])
        assert expectation["meta"]["message"].endswith((".", "?"))
    assert any(e["severity"] == "critical" for e in definition["expectations"])
    # Great Expectations accepts every expectation in the file.
    gate.gx.ExpectationSuite(name=f"check-{suite}", expectations=definition["expectations"])


def test_there_are_warning_checks_that_only_report():
    definition = json.loads((SHIPPED.expectations_dir / "routes.json").read_text())
    assert {e["meta"]["rule"] for e in definition["expectations"] if e["severity"] == "warning"} == {
        "cases-large",
        "possible-duplicate",
    }


@pytest.mark.parametrize("edition_id", EDITIONS)
def test_shipped_editions_pass(edition_id, gate):
    outcome = validation.validate_edition(SHIPPED, edition_id, gate)
    assert outcome.passed, outcome.report.render()
    assert not outcome.report.warnings, outcome.report.render()
    assert outcome.data is not None and len(outcome.data.routes) == outcome.rows
    assert set(outcome.checks) == set(SUITES)


def test_quality_summary_holds_counts_and_shares_only(gate):
    outcome = validation.validate_edition(SHIPPED, "2020", gate)
    summary = outcome.quality_summary()
    assert summary["rows"] == 84 and summary["passed"]
    assert "organisation" not in summary["completeness"]  # never published
    assert "notes" not in summary["completeness"] and "recruitment_details" not in summary["completeness"]
    assert summary["completeness"]["origin_country"] == 100.0
    text = json.dumps(summary) + quality_markdown(summary, "2020")
    for value in ("Busia", "HAART", "Riyadh", "2020-001"):
        assert value not in text


def test_validate_command_writes_reports_under_build(tmp_path, capsys, gate):
    status = cli.main(
        [
            "--root",
            str(ROOT),
            "validate",
            "--edition",
            "2020",
            "--quality",
            str(tmp_path / "quality"),
            "--data-docs",
            str(tmp_path / "docs"),
        ]
    )
    out = capsys.readouterr().out
    assert status == 0, out
    assert "84 rows passed every check" in out
    assert (tmp_path / "quality" / "2020" / "quality.md").is_file()
    assert (tmp_path / "docs" / "index.html").is_file()


def _edit_csv(path, change):
    lines = path.read_text(encoding="utf-8").splitlines()
    change(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _edit_places(project, name, changes):
    from .conftest import read_rows, write_rows

    path = project / "data" / "reference" / "places.csv"
    headers, rows = read_rows(path)
    position = next(i for i, r in enumerate(rows) if r["name"] == name)
    rows[position].update(changes)
    write_rows(path, headers, rows)
    return position + 2  # the spreadsheet row under the header


@pytest.mark.parametrize(
    "place, changes, rule, column",
    [
        ("Mombasa", {"latitude": ""}, "place-coordinates", "latitude"),
        ("Kisumu", {"longitude": "200"}, "place-coordinates", "longitude"),
        ("Liboi", {"latitude": "north"}, "place-coordinates", "latitude"),
        ("Malindi", {"coordinate_source": ""}, "coordinate-source", "coordinate_source"),
        ("Eldoret", {"name": "Nairobi"}, "unique-name", "name"),
        ("Kitui", {"country": "KENYA"}, "known-country", "country"),
    ],
)
def test_bad_places_stop_the_build(project, gate, place, changes, rule, column):
    row = _edit_places(project, place, changes)
    outcome = validation.validate_edition(Project.open(project), "2020", gate)
    assert not outcome.passed
    problems = [p for p in outcome.report.errors if p.rule == rule]
    assert problems, outcome.report.render()
    assert (problems[0].row, problems[0].column) == (row, column)
    assert problems[0].file.endswith("places.csv")


def test_bad_country_code_and_region(project, gate):
    def change(lines):
        lines[1] = lines[1].replace("AFG,", "af,", 1).replace(",Asia,", ",Middle Earth,", 1)

    _edit_csv(project / "data" / "reference" / "countries.csv", change)
    report = validation.validate_edition(Project.open(project), "2020", gate).report
    assert {(p.rule, p.row, p.column) for p in report.errors} >= {
        ("country-code", 2, "code"),
        ("known-region", 2, "region"),
    }


def test_unknown_vocabulary_and_duplicate_term(project, gate):
    def change(lines):
        lines.append("industries,begging,,Again.")
        lines.append("colours,blue,,")

    _edit_csv(project / "data" / "reference" / "vocabularies.csv", change)
    report = validation.validate_edition(Project.open(project), "2020", gate).report
    assert {p.rule for p in report.errors} >= {"unique-term", "known-vocabulary"}


@pytest.mark.parametrize(
    "field, value, rule",
    [
        ("licence", None, "edition-complete"),
        ("title", "", "edition-complete"),
        ("status", "draft", "edition-status"),
        ("collection_period", {"from": "August 2019", "to": "2019-08"}, "edition-period"),
        ("contributors", [], "edition-complete"),
    ],
)
def test_incomplete_edition_file(project, gate, field, value, rule):
    path = project / "data" / "editions" / "2019" / "edition.yml"
    raw = yaml.safe_load(path.read_text())
    if value is None:
        raw.pop(field)
    else:
        raw[field] = value
    path.write_text(yaml.safe_dump(raw))
    report = validation.validate_edition(Project.open(project), "2019", gate).report
    problems = [p for p in report.errors if p.rule == rule]
    assert problems, report.render()
    assert problems[0].file.endswith("edition.yml")
    assert problems[0].column in (field, "collection_period.from", "contributors")


def test_broken_edition_yaml(project, gate):
    (project / "data" / "editions" / "2019" / "edition.yml").write_text("title: [unclosed\n")
    report = validation.validate_edition(Project.open(project), "2019", gate).report
    assert [p.rule for p in report.errors] == ["edition-file-readable"]


def test_many_failures_are_counted_not_all_listed(tmp_path, gate):
    from .conftest import read_rows, write_rows

    headers, rows = read_rows(ROOT / "data" / "editions" / "2020" / "routes.csv")
    rows = [dict(rows[0], submission_id=f"x{i}", origin_country="Keyna") for i in range(250)]
    outcome = validation.validate_file(SHIPPED, write_rows(tmp_path / "r.csv", headers, rows), "2020", gate=gate)
    named = [p for p in outcome.report.errors if p.rule == "known-country" and p.row is not None]
    counted = [p for p in outcome.report.errors if p.rule == "known-country" and p.row is None]
    assert len(named) == 200 and len(counted) == 1 and "50 more rows" in counted[0].message
