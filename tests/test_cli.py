"""The command line, run as a maintainer runs it."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT, read_rows, write_rows


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(
        [sys.executable, "-m", "kenya_routes", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_figures_command_writes_json(tmp_path):
    out = tmp_path / "figures.json"
    result = run("figures", "--edition", "2020", "--out", str(out))
    assert result.returncode == 0, result.stderr
    payload = json.loads(out.read_text())
    assert payload["edition"] == "2020"
    routes_total = next(f for f in payload["figures"] if f["id"] == "routes-total")
    assert routes_total["value"] == 84 and routes_total["stated_in_source"] and routes_total["citable"]
    # As the published figures.json: without what only the build reads (a label's message for other languages).
    assert not any("message" in figure for figure in payload["figures"])
    assert (
        "66 printed figures: 43 reproduced exactly, 18 consistent with the printed statement, 5 differ (0 without a "
        "documented reason)" in result.stdout.replace("\n", " ")
    )


def test_reconcile_command_prints_every_edition():
    result = run("reconcile")
    assert result.returncode == 0, result.stderr
    assert "== Edition 2019 ==" in result.stdout and "== Edition 2020 ==" in result.stdout
    assert "countries-total" in result.stdout and "why:" in result.stdout


def test_unknown_edition_is_a_plain_message():
    result = run("reconcile", "--edition", "1999")
    assert result.returncode != 0
    assert "no edition '1999'" in result.stderr and "Traceback" not in result.stderr


def test_bad_data_exits_non_zero_without_a_traceback(project):
    path = project / "data" / "editions" / "2020" / "routes.csv"
    headers, rows = read_rows(path)
    rows[3]["destination_country"] = "Saudia Arabia"
    write_rows(path, headers, rows)
    result = run("reconcile", "--edition", "2020", cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert (
        "data/editions/2020/routes.csv, row 5, column 'destination_country': value \"Saudia Arabia\"" in result.stderr
    )
    assert 'Did you mean "Saudi Arabia"?' in result.stderr
