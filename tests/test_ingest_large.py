"""A partner's large file: ingest reports every bad row by its spreadsheet row number and writes nothing.

How long it takes is measured by benchmarks/ingest.py (a 5,000-row workbook in under a minute).
"""

from __future__ import annotations

from kenya_routes.inputs.project import Project
from kenya_routes.intake import synthetic
from kenya_routes.intake.ingest import PROVENANCE_FILE, ROUTES_FILE, ingest


def test_every_bad_row_of_a_5000_row_workbook_is_reported_and_nothing_is_written(project, tmp_path):
    opened = Project.open(project)
    partner = tmp_path / "partner-haart.xlsx"
    bad = synthetic.partner_file(opened, 5000, partner, bad_share=0.03, seed=16)
    assert len(bad) == 150
    folder = opened.edition_folder("2020")
    before = (folder / ROUTES_FILE).read_bytes()

    result = ingest(opened, [partner], "2020")

    assert not result.written and result.summary() == "Nothing was written to edition 2020."
    assert (folder / ROUTES_FILE).read_bytes() == before and not (folder / PROVENANCE_FILE).exists()
    assert not list(folder.glob(".ingest-*")), "a staged file was left behind"
    errors = result.report.errors
    assert {p.row for p in errors} == set(bad), "every bad row, and only bad rows, by spreadsheet row number"
    assert all(p.file.endswith("partner-haart.xlsx") and p.rule and p.column for p in errors)
    # Each fault is named in its column, with the value the partner wrote.
    faults = {number: synthetic.FAULTS[(number - 2) % len(synthetic.FAULTS)] for number in bad}
    for problem in errors:
        column, value, _ = faults[problem.row]
        if problem.column == column and value:
            assert problem.value == value
    assert all(any(p.row == n and p.column == faults[n][0] for p in errors) for n in bad)
    text = result.report.render(stopped="Nothing was written.", passed="")
    assert "Nothing was written." in text and f"row {bad[-1]}" in text


def test_a_synthetic_edition_for_the_benchmarks_passes_the_gate(project):
    """The benchmarks build and validate synthetic editions: one the gate refused would measure nothing."""
    from kenya_routes import validation

    opened = Project.open(project)
    synthetic.generate(opened, 300, opened.edition_folder("2098"), like="2020")
    checked = validation.checked_edition(Project.open(project), "2098")
    assert len(checked.data.routes) == 300
