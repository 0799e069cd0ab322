"""The hostile-data corpus at the gate: every payload in every reference file and every edition.yml field is
refused with its rule named, through the real command line; legitimate characters pass.

The payloads are what someone with write access to the data could try: a script, an event handler, a
`javascript:` address, template expressions, Markdown fences and directives, spreadsheet formulas, control
and right-to-left characters, very long names. Names with an apostrophe, `&`, quotes, diacritics or the
characters a spreadsheet's sheet name may not hold are legitimate: they are built and shown literally
(tests/test_hostile.py).
"""

from __future__ import annotations

import copy
import csv
import re

import pytest
import yaml

from kenya_routes import cli
from kenya_routes.inputs.editions import edition_from
from kenya_routes.inputs.problems import DataProblemError

from .conftest import ROOT

# payload -> the rule that refuses it in a name
REFUSED = {
    "<script>alert(1)</script>": "no-markup",
    '<img src=x onerror="alert(1)">': "no-markup",
    "</script><script>alert(1)</script>": "no-markup",
    "{{7*7}}x": "no-template-syntax",
    "{% raw %}": "no-template-syntax",
    "{{ cycler.__init__.__globals__.os.mkdir('pwned') }}": "no-template-syntax",
    "a {# comment #}": "no-template-syntax",
    "Nairobi ``` x": "no-markdown-syntax",
    "{doc}`x`": "no-markdown-syntax",
    "{literalinclude} routes.csv": "no-markdown-syntax",
    ":::{note}": "no-markdown-syntax",
    "[click](javascript:alert(1))": "no-markdown-syntax",
    "# Heading": "no-markdown-syntax",
    "$$x$$": "no-markdown-syntax",
    '=HYPERLINK("http://example.org","x")': "no-formulas",
    "@SUM(A1)": "no-formulas",
    "+cmd|' /C calc'!A0": "no-formulas",
    "Kitale\u202eesrever": "no-control-characters",
    "zero\u200bwidth": "no-control-characters",
    "bell\x07": "no-control-characters",
    "two\nlines": "no-control-characters",
}
LONG = "Very long name " * 10
# Fields that may run over several lines (in a name or a title, a line break is refused).
LONGER_TEXT = {"citation", "reconstruction", "collection_period.note", "source_documents.note", "errata.description"}
# A name that is legitimate, however tricky for HTML, JavaScript, Markdown, BibTeX or a spreadsheet.
ACCEPTED = [
    "Murang'a",
    "Mombasa & Co",
    'Kisumu "Lakeside"',
    "Naïvasha Ñ é ü",
    "Busia [border]: a/b*?\\",
    "50% $5 #1 _x_ ~y^",
    "javascript:alert(1)",
    'x" onmouseover="alert(1)',
    "Lamu { 7 }",
]


@pytest.mark.parametrize("payload, rule", REFUSED.items(), ids=list(REFUSED))
@pytest.mark.parametrize(
    "field",
    [
        "title",
        "short_title",
        "publisher",
        "citation",
        "reconstruction",
        "instrument.name",
        "instrument.version",
        "collection_period.note",
        "contributors.name",
        "contributors.short_name",
        "source_documents.title",
        "source_documents.publisher",
        "source_documents.note",
        "errata.description",
        "errata.date",
    ],
)
def test_every_edition_field_refuses_every_payload(field, payload, rule):
    raw = yaml.safe_load((ROOT / "data" / "editions" / "2020" / "edition.yml").read_text(encoding="utf-8"))
    raw = copy.deepcopy(raw)
    raw.setdefault("errata", []).append({"date": "2026-12-01", "description": "A correction."})
    head, _, tail = field.partition(".")
    if tail:
        target = raw[head][0] if isinstance(raw[head], list) else raw[head]
        target[tail] = payload
    else:
        raw[head] = payload
    if field in LONGER_TEXT and payload == "two\nlines":
        edition_from(raw, ROOT, "2020", "edition.yml")  # a line break is allowed in longer text
        return
    with pytest.raises(DataProblemError) as raised:
        edition_from(raw, ROOT, "2020", "edition.yml")
    problems = raised.value.report.problems
    assert [p.rule for p in problems] == [rule], raised.value.report.render()
    shown = field.replace("contributors.", "contributors[1].").replace("source_documents.", "source_documents[1].")
    shown = shown.replace("errata.", "errata[1].")
    assert problems[0].column == shown


@pytest.mark.parametrize("name", ACCEPTED)
def test_legitimate_characters_pass_in_edition_fields(name):
    raw = yaml.safe_load((ROOT / "data" / "editions" / "2020" / "edition.yml").read_text(encoding="utf-8"))
    for field in ("title", "short_title", "publisher", "citation"):
        raw[field] = f"{name} 2020"
    raw["contributors"][0]["short_name"] = name
    edition = edition_from(raw, ROOT, "2020", "edition.yml")
    assert edition.short_title == f"{name} 2020"


@pytest.mark.parametrize(
    "field, value, rule",
    [
        ("licence", {"id": "CC-BY-4.0", "url": "javascript:alert(1)"}, "edition-url"),
        ("licence", {"id": "CC-BY-4.0", "url": 'https://x.org/" onmouseover="alert(1)'}, "edition-url"),
        ("licence", "CC-BY-4.0<script>", "no-markup"),
        ("licence", "CC BY 4.0", "edition-licence"),
        ("title", LONG * 2, "text-length"),
        ("short_title", LONG, "text-length"),
    ],
)
def test_addresses_licences_and_lengths(field, value, rule):
    raw = yaml.safe_load((ROOT / "data" / "editions" / "2020" / "edition.yml").read_text(encoding="utf-8"))
    raw[field] = value
    with pytest.raises(DataProblemError) as raised:
        edition_from(raw, ROOT, "2020", "edition.yml")
    assert rule in {p.rule for p in raised.value.report.problems}


def test_an_edition_folder_name_is_a_web_address(project):
    (project / "data" / "editions" / "2020").rename(project / "data" / "editions" / "2020<x>")
    with pytest.raises(DataProblemError) as raised:
        edition_from({}, project, "2020<x>", "edition.yml")
    assert [p.rule for p in raised.value.report.problems] == ["edition-name"]


def _code(number: int) -> str:
    """An unused three-letter code (ISO leaves the range QMA-QZZ to its users)."""
    return "Q" + "MNOPQRSTUVWXYZ"[number // 26 % 14] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[number % 26]


def _rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write(path, headers, rows):
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers)
        writer.writeheader()
        writer.writerows(rows)


def test_every_reference_file_refuses_every_payload_through_the_command_line(project, capsys):
    """One payload per row, in each name, alias and description column of each reference file: one run of
    `validate --edition 2020` names the file, row, column and rule of each."""
    reference = project / "data" / "reference"
    expected: list[tuple[str, int, str, str]] = []
    payloads = [*REFUSED.items(), (LONG, "name-length")]
    for file_name, columns in {
        "places.csv": ("name", "aliases", "coordinate_source"),
        "countries.csv": ("name", "aliases", "coordinate_source"),
        "vocabularies.csv": ("term", "aliases", "description"),
    }.items():
        headers, rows = _rows(reference / file_name)
        number = 0
        for column in columns:
            for payload, rule in payloads:
                if rule == "name-length" and column in ("coordinate_source", "description"):
                    continue
                if number == len(rows):  # a small file: another entry like its first, to hold one more payload
                    extra = {"name": f"Extra {number}", "term": f"extra {number}", "code": _code(number)}
                    rows.append(dict(rows[0], **{k: v for k, v in extra.items() if k in headers}))
                row = rows[number]
                if column == "aliases":
                    # An alias among others: the formula hides behind a harmless first alias.
                    row[column] = f"harmless alias; {payload}" if rule == "no-formulas" else payload
                else:
                    row[column] = payload
                expected.append((file_name, number + 2, column, rule))
                number += 1
        _write(reference / file_name, headers, rows)
    status = cli.main(["validate", "--edition", "2020"])
    out = capsys.readouterr()
    text = out.out + out.err
    assert status == 2 and "Traceback" not in text
    missing = []
    for file_name, row, column, rule in expected:
        pattern = rf"^ERROR [^\n]*{re.escape(file_name)}, row {row}, column '{column}':[^\n]*\[rule: {rule}\]$"
        if not re.search(pattern, text, re.M):
            missing.append((file_name, row, column, rule))
    assert not missing, missing[:10]


def test_legitimate_names_pass_the_reference_suites(project, capsys):
    reference = project / "data" / "reference"
    headers, rows = _rows(reference / "places.csv")
    for row, name in zip(rows, ACCEPTED):
        row["aliases"] = "; ".join(a for a in [row["aliases"], row["name"]] if a)
        row["name"] = name
    _write(reference / "places.csv", headers, rows)
    status = cli.main(["validate", "--edition", "2020"])
    out = capsys.readouterr()
    assert status == 0, out.out + out.err


def test_the_guide_lists_every_plain_text_rule():
    guide = (ROOT / "docs" / "maintainers.md").read_text(encoding="utf-8")
    for rule in {*REFUSED.values(), "name-length", "text-length", "edition-url", "edition-name"}:
        assert f"`{rule}`" in guide, rule
