"""The validation gate on a corpus of bad input files, one problem each.

Each file runs through the real command line (`validate PATH --edition E`) in
this process: any exception other than a reported data problem would escape as
a traceback and fail the test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kenya_routes import cli

from .conftest import ROOT, SHIPPED

CORPUS = Path(__file__).parent / "bad_inputs"
CASES = yaml.safe_load((CORPUS / "manifest.yml").read_text(encoding="utf-8"))


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert len({c["file"] for c in CASES}) == len(CASES)
    for case in CASES:
        assert (CORPUS / case["file"]).is_file(), case["file"]


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_input_is_reported_plainly(case, capsys, monkeypatch):
    if "max_bytes" in case:
        monkeypatch.setenv("KENYA_ROUTES_MAX_BYTES", str(case["max_bytes"]))
    args = ["--root", str(ROOT), "validate", str(CORPUS / case["file"]), "--edition", case["edition"]]
    if "sheet" in case:
        args += ["--sheet", case["sheet"]]
    status = cli.main(args)
    out = capsys.readouterr()
    text = out.out + out.err
    expect = case["expect"]
    assert "Traceback" not in text

    lines = [line for line in text.splitlines() if f"[rule: {expect['rule']}]" in line]
    assert lines, f"rule {expect['rule']} not reported:\n{text}"
    line = lines[0]
    assert line.startswith(expect["severity"].upper()), line
    assert case["file"] in line
    if expect["row"] is not None:
        assert re.search(rf"\brow {expect['row']}\b", line), line
    if expect["column"] is not None:
        assert f"column '{expect['column']}'" in line, line
    if "suggestion" in case:
        assert f'Did you mean "{case["suggestion"]}"?' in line, line
    if "hint" in case:
        assert case["hint"] in line, line
    if "hidden" in case:
        # Free text may hold personal details: the cell is named, never echoed.
        assert case["hidden"] not in text
        assert "value not shown" in line

    if expect["severity"] == "error":
        assert status == 2
        assert "Nothing was published." in text
    else:
        assert status == 0
        assert "The data can be published." in text


def test_every_rule_of_the_routes_suites_is_exercised():
    """Each critical rule of the route suites has at least one bad file in the corpus."""
    import json

    rules = set()
    for suite in ("routes", "route_items"):
        definition = json.loads((SHIPPED.expectations_dir / f"{suite}.json").read_text())
        rules |= {e["meta"]["rule"] for e in definition["expectations"]}
    covered = {c["expect"]["rule"] for c in CASES}
    assert rules <= covered, sorted(rules - covered)
