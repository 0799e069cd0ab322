"""The maintainers' workflow: the submission template, ingest of partners' files, new editions."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys

import pytest
import yaml
from openpyxl import load_workbook

from kenya_routes import validation
from kenya_routes.inputs.problems import DataProblemError
from kenya_routes.inputs.project import Project
from kenya_routes.intake import submission_template as template
from kenya_routes.intake.ingest import PROVENANCE_COLUMNS, ingest
from kenya_routes.intake.new_edition import NewEdition, create

NOW = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)

# A route both partners report: the same organisation, origin, transit, destination and industry.
SHARED = {
    "organisation": "Awareness Against Human Trafficking",
    "source_type": "case",
    "origin_city": "Busia",
    "origin_country": "Kenya",
    "transit": "Nairobi",
    "destination_city": "Riyadh",
    "destination_country": "KSA",
    "transport_modes": "bus; plane",
    "airlines": "Kenya Airways",
    "industries": "domestic servitude",
    "recruitment_methods": "informal agent",
    "estimated_cases": 12,
}


def _fill(blank, target, rows):
    book = load_workbook(blank)
    sheet = book[template.ROUTES_SHEET]
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for column, value in row.items():
            sheet.cell(row=number, column=headers.index(column) + 1, value=value)
    book.save(target)
    return target


@pytest.fixture
def edition_2021(project):
    create(Project.open(project), NewEdition("2021", "Kenya's Human-Trafficking Routes 2021", "2021-01", "2021-12"))
    return project


@pytest.fixture
def blank_template(edition_2021, tmp_path):
    opened = Project.open(edition_2021)
    return template.write(tmp_path / "template.xlsx", opened.reference(), opened.edition("2021"))


def test_the_template_has_the_editions_columns_dropdowns_help_and_instructions(blank_template, project):
    book = load_workbook(blank_template)
    assert book.sheetnames == ["Routes", "Instructions", "Known places", "Lists"]
    assert book.active.title == "Instructions" and book["Lists"].sheet_state == "hidden"
    routes = book["Routes"]
    headers = [cell.value for cell in routes[1]]
    edition = Project.open(project).edition("2021")
    assert headers == [c for c in edition.columns if c != "submission_id"]
    checks = {str(cell).split(":")[0]: dv for dv in routes.data_validations.dataValidation for cell in dv.sqref.ranges}
    letter = {name: routes.cell(row=1, column=i + 1).column_letter for i, name in enumerate(headers)}
    assert checks[f"{letter['destination_country']}2"].type == "list"
    assert checks[f"{letter['destination_country']}2"].formula1.startswith("=Lists!$A$2")
    assert checks[f"{letter['source_type']}2"].type == "list"
    assert checks[f"{letter['estimated_cases']}2"].type == "whole"
    assert all(checks[f"{letter[name]}2"].prompt for name in headers), "every column has input help"
    assert "Never published" in checks[f"{letter['notes']}2"].prompt
    lists = book["Lists"]
    countries = [row[0] for row in lists.iter_rows(min_row=2, values_only=True) if row[0]]
    assert "Saudi Arabia" in countries and "Somaliland" in countries
    instructions = " ".join(str(c) for row in book["Instructions"].iter_rows(values_only=True) for c in row if c)
    assert "Never write a person's name" in instructions and "semicolons" in instructions
    places = [row[0] for row in book["Known places"].iter_rows(min_row=2, values_only=True)]
    assert "Nairobi" in places and "Busia" in places


def test_the_csv_template_is_the_header_row(tmp_path, edition_2021):
    opened = Project.open(edition_2021)
    out = template.write(tmp_path / "template.csv", opened.reference(), opened.edition("2021"))
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens it as UTF-8
    header = next(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert header[:3] == ["organisation", "source_type", "origin_city"] and "submission_id" not in header


def test_two_partners_files_are_ingested_only_once_both_are_right(edition_2021, blank_template, tmp_path):
    """The acceptance test: a misspelt country stops the batch; fixed, both files go in, the duplicate flagged."""
    folder = edition_2021 / "data" / "editions" / "2021"
    first = _fill(
        blank_template,
        tmp_path / "haart.xlsx",
        [SHARED, dict(SHARED, destination_city="Jeddah", destination_country="Saudia Arabia", estimated_cases=4)],
    )
    second = _fill(
        blank_template,
        tmp_path / "trace.xlsx",
        [
            dict(
                SHARED,
                organisation="HAART Kenya",
                destination_country="Saudi Arabia",
                industries="domestic work",
                estimated_cases=30,
            ),
            dict(
                SHARED,
                organisation="Trace Kenya",
                origin_city="Mombasa",
                destination_city=None,
                destination_country="Qatar",
                estimated_cases=None,
                notes="Met at the border post.",
            ),
        ],
    )

    result = ingest(Project.open(edition_2021), [first, second], "2021", now=NOW)
    assert not result.written
    messages = [p.render() for p in result.report.problems]
    assert messages == [
        f"ERROR {first}, row 3, column 'destination_country': value \"Saudia Arabia\": This country is not in the "
        'reference list (data/reference/countries.csv). Did you mean "Saudi Arabia"? [rule: known-country]'
    ]
    assert sorted(p.name for p in folder.iterdir()) == ["edition.yml"]  # nothing written

    book = load_workbook(first)
    sheet = book[template.ROUTES_SHEET]
    column = [c.value for c in sheet[1]].index("destination_country") + 1
    sheet.cell(row=3, column=column, value="Saudi Arabia")
    book.save(first)

    result = ingest(Project.open(edition_2021), [first, second], "2021", now=NOW)
    assert result.written and not result.report.errors
    assert [p.render() for p in result.report.problems] == [
        f"WARNING {second}, row 2, column 'submission_id': This route looks like 2021-001 ({first}, row 2): same "
        "organisation, origin, transit points, destination and industries. Both were kept, as 2021-003 and "
        "2021-001; if they are the same case, delete one of them from the edition's routes.csv. "
        "[rule: possible-duplicate]"
    ]
    assert result.normalised == [
        f'{first}, column \'organisation\': "Awareness Against Human Trafficking" read as "HAART Kenya" (rows 2, 3)',
        f'{first}, column \'destination_country\': "KSA" read as "Saudi Arabia" (row 2)',
        f'{first}, column \'industries\': "domestic servitude" read as "domestic work" (rows 2, 3)',
        f'{second}, column \'industries\': "domestic servitude" read as "domestic work" (row 3)',
    ]
    assert result.summary().splitlines() == [
        f"{first}: 2 routes, ids 2021-001 to 2021-002",
        f"{second}: 2 routes, ids 2021-003 to 2021-004",
        "Added 4 routes to data/editions/2021/routes.csv; 1 flagged as a likely duplicate (see the warnings above).",
    ]

    with (folder / "routes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["submission_id"] for r in rows] == ["2021-001", "2021-002", "2021-003", "2021-004"]
    assert {r["destination_country"] for r in rows} == {"Saudi Arabia", "Qatar"}
    assert rows[0]["organisation"] == "HAART Kenya" and rows[3]["organisation"] == "Trace Kenya"
    assert rows[3]["estimated_cases"] == "" and rows[3]["notes"] == "Met at the border post."
    with (folder / "provenance.csv").open(encoding="utf-8") as handle:
        provenance = list(csv.DictReader(handle))
    assert list(provenance[0]) == list(PROVENANCE_COLUMNS)
    assert [
        (p["submission_id"], p["source_file"], p["source_sheet"], p["source_row"], p["possible_duplicate_of"])
        for p in provenance
    ] == [
        ("2021-001", "haart.xlsx", "Routes", "2", ""),
        ("2021-002", "haart.xlsx", "Routes", "3", ""),
        ("2021-003", "trace.xlsx", "Routes", "2", "2021-001"),
        ("2021-004", "trace.xlsx", "Routes", "3", ""),
    ]
    assert {p["ingested_at"] for p in provenance} == {"2026-12-01T09:30:00+00:00"}
    # The edition now passes the same gate the build runs.
    assert not validation.validate_edition(Project.open(edition_2021), "2021").report.errors

    again = ingest(Project.open(edition_2021), [first], "2021")
    assert not again.written
    assert [p.rule for p in again.report.problems] == ["not-ingested-before"]
    assert "already ingested on 2026-12-01" in again.report.problems[0].message


def test_ingest_appends_to_an_edition_and_keeps_its_rows_byte_for_byte(project, tmp_path):
    routes = project / "data" / "editions" / "2020" / "routes.csv"
    before = routes.read_bytes()
    partner = tmp_path / "partner.csv"
    with partner.open("w", encoding="cp1252", newline="") as handle:  # as Excel on Windows saves it
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(
            [
                "Submission ID",
                "Organisation",
                "Source type",
                "Origin city",
                "Origin country",
                "Transit",
                "Destination city",
                "Destination country",
                "Transport modes",
                "Airlines",
                "Industries",
                "Recruitment methods",
                "Estimated cases",
            ]
        )
        writer.writerow(
            [
                "TK-17",
                "Trace Kenya",
                "known",
                "Malaba",
                "Kenya",
                "Kampala",
                "",
                "Oman",
                "bus; plane",
                "",
                "domestic work",
                "online",
                "7",
            ]
        )
    result = ingest(Project.open(project), [partner], "2020", now=NOW)
    assert result.written, result.report.render()
    after = routes.read_bytes()
    assert after.startswith(before)
    added = list(
        csv.DictReader(
            after[len(before) :].decode("utf-8").splitlines(),
            fieldnames=next(csv.reader([before.decode("utf-8").splitlines()[0]])),
        )
    )
    assert added[0]["submission_id"] == "2020-085" and added[0]["destination_country"] == "Oman"
    provenance = list(csv.DictReader((routes.parent / "provenance.csv").open(encoding="utf-8")))
    assert provenance[0]["partner_reference"] == "TK-17" and provenance[0]["source_sheet"] == ""


def test_a_batch_with_any_bad_file_writes_nothing_and_reports_every_problem(edition_2021, blank_template, tmp_path):
    good = _fill(blank_template, tmp_path / "good.xlsx", [dict(SHARED, destination_country="Saudi Arabia")])
    bad = _fill(
        blank_template,
        tmp_path / "bad.xlsx",
        [
            dict(SHARED, organisation="Unknown Helpers", estimated_cases="about ten"),
            dict(SHARED, origin_city="Nairobbi", destination_country="Saudi Arabia"),
        ],
    )
    result = ingest(Project.open(edition_2021), [good, bad, tmp_path / "missing.xlsx"], "2021")
    assert not result.written and not result.submissions
    found = {(p.file, p.row, p.column, p.rule) for p in result.report.errors}
    assert (str(bad), 2, "organisation", "known-organisation") in found
    assert (str(bad), 2, "estimated_cases", "whole-number") in found
    assert (str(bad), 3, "origin_city", "known-place") in found
    assert (str(tmp_path / "missing.xlsx"), None, None, "file-present") in found
    assert 'Did you mean "Nairobi"?' in result.report.render()
    assert not (edition_2021 / "data" / "editions" / "2021" / "routes.csv").exists()


def test_ingest_into_an_edition_that_does_not_exist(project, tmp_path):
    result = ingest(Project.open(project), [tmp_path / "x.csv"], "2031")
    assert not result.written
    assert "new-edition 2031" in result.report.problems[0].message


def test_new_edition_takes_the_gaps_from_the_newest_edition(edition_2021):
    raw = yaml.safe_load((edition_2021 / "data" / "editions" / "2021" / "edition.yml").read_text())
    newest = Project.open(edition_2021).edition("2020")
    assert raw["status"] == "submitted" and raw["collection_period"] == {"from": "2021-01", "to": "2021-12"}
    assert raw["instrument"]["columns"] == list(newest.collected_columns)
    assert len(raw["contributors"]) == len(newest.contributors)
    assert raw["licence"] == {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert raw["citation"].endswith("(2021). Kenya's Human-Trafficking Routes 2021. Edition 2021.")
    assert not validation.validate_edition_files(Project.open(edition_2021), "2021")[0].errors


@pytest.mark.parametrize(
    "spec, rule, column",
    [
        (NewEdition("twenty21", "T", "2021", "2021"), "edition-name", "edition"),
        (NewEdition("2021", "T", "2021-13", "2021"), "month", "--from"),
        (NewEdition("2021", "T", "2021-06", "2021-01"), "month", "--to"),
        (NewEdition("2021", "T", "2021", "2021", columns=["airlines", "organisation"]), "edition-columns", "--columns"),
        (NewEdition("2021", "T", "2021", "2021", like="1999"), "new-edition", "--like"),
        (NewEdition("2020", "T", "2021", "2021"), "edition-new", None),
    ],
)
def test_new_edition_refuses_what_is_wrong_and_writes_nothing(project, spec, rule, column):
    before = sorted(p.name for p in (project / "data" / "editions").iterdir())
    with pytest.raises(DataProblemError) as raised:
        create(Project.open(project), spec)
    problem = raised.value.report.problems[0]
    assert (problem.rule, problem.column) == (rule, column), problem.render()
    assert sorted(p.name for p in (project / "data" / "editions").iterdir()) == before


def test_the_commands_as_a_maintainer_runs_them(project, tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "kenya_routes", *args], cwd=project, capture_output=True, text=True, timeout=300
        )

    made = run(
        "new-edition",
        "2021",
        "--title",
        "Routes 2021",
        "--from",
        "2021",
        "--to",
        "2021",
        "--contributor",
        "Trace Kenya=Trace Kenya",
        "--columns",
        "transport_modes,notes",
    )
    assert made.returncode == 0, made.stderr
    assert run("new-edition", "2021", "--title", "x", "--from", "2021", "--to", "2021").returncode == 2
    blank = tmp_path / "t.xlsx"
    assert run("template", "--edition", "2021", "--out", str(blank)).returncode == 0
    assert [c.value for c in load_workbook(blank)["Routes"][1]] == [
        "organisation",
        "source_type",
        "origin_city",
        "origin_country",
        "transit",
        "destination_city",
        "destination_country",
        "transport_modes",
        "industries",
        "estimated_cases",
        "notes",
    ]
    filled = _fill(
        blank,
        tmp_path / "filled.xlsx",
        [
            {
                "organisation": "Trace Kenya",
                "source_type": "case",
                "origin_country": "Kenya",
                "destination_country": "Oman",
                "transport_modes": "plane",
                "industries": "domestic work",
            }
        ],
    )
    added = run("ingest", str(filled), "--edition", "2021")
    assert added.returncode == 0, added.stderr
    assert "Added 1 route to data/editions/2021/routes.csv." in added.stdout
    refused = run("ingest", str(filled), "--edition", "2021")
    assert refused.returncode == 2 and "Nothing was written." in refused.stderr
