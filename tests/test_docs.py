"""The maintainers' guide: every command it shows is one the command line accepts."""

from __future__ import annotations

import re
import shlex

import pytest

from kenya_routes import cli

from .conftest import ROOT

GUIDE = ROOT / "docs" / "maintainers.md"
COMMANDS = [
    line.strip()
    for line in GUIDE.read_text(encoding="utf-8").splitlines()
    if line.strip().startswith(".venv/bin/python -m kenya_routes ")
]


def test_the_guide_shows_each_step():
    names = {shlex.split(c)[3] for c in COMMANDS}
    assert {"template", "ingest", "validate", "new-edition"} <= names
    headings = re.findall(r"^## (.+)$", GUIDE.read_text(encoding="utf-8"), re.M)
    assert headings == [
        "Add a partner's spreadsheet",
        "Read and fix a validation error",
        "Publish a new edition",
        "Correct a published edition with an erratum",
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_in_the_guide_parses(command):
    arguments = shlex.split(command)[3:]
    parsed = cli.build_parser().parse_args(arguments)  # exits, failing the test, on anything it does not accept
    assert parsed.func.__name__ == "cmd_" + arguments[0].replace("-", "_")


def test_every_rule_the_guide_names_exists():
    rules = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", GUIDE.read_text(encoding="utf-8")))
    suites = "".join(p.read_text() for p in (ROOT / "expectations").glob("*.json"))
    known = set(re.findall(r'"rule": "([a-z-]+)"', suites))
    known |= {"required-columns", "known-columns", "no-personal-details-published", "possible-duplicate"}
    named = {r for r in rules if r in known or r.startswith(("known-", "no-", "whole-", "place-", "required-"))}
    assert named and named <= known, named - known
