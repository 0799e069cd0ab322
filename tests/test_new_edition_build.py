"""The maintainers' workflow for a new edition, exactly as docs/maintainers.md tells it, builds the first time.

`new-edition 2031`, `template`, two partners' filled templates, `ingest`, `validate`, `build`:
five routes, with modes of transport but no airline, no route in most regions. This
edition's first build once failed in transport.ipynb with KeyError: 'submissions'.
"""

from __future__ import annotations

import os
import shutil

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from kenya_routes.cli import main

from .browser import chromium
from .conftest import copy_project
from .site_checks import browser_problems, edition_pages, empty_elements

pytestmark = [pytest.mark.build, pytest.mark.browser]

PARTNERS = {
    "haart.xlsx": [
        {
            "organisation": "HAART Kenya",
            "source_type": "case",
            "origin_city": "Busia",
            "origin_country": "Kenya",
            "transit": "Nairobi",
            "destination_city": "Riyadh",
            "destination_country": "KSA",
            "transport_modes": "bus; plane",
            "industries": "domestic servitude",
            "recruitment_methods": "informal agent",
            "estimated_cases": 12,
        },
        {
            "organisation": "HAART Kenya",
            "source_type": "known",
            "origin_city": "Kitui",
            "origin_country": "Kenya",
            "destination_city": "Mombasa",
            "destination_country": "Kenya",
            "transport_modes": "bus",
            "industries": "commercial sex",
            "recruitment_methods": "relative or friend",
        },
        {
            "organisation": "HAART Kenya",
            "source_type": "case",
            "origin_country": "Uganda",
            "transit": "Busia",
            "destination_city": "Nairobi",
            "destination_country": "Kenya",
            "transport_modes": "car",
            "industries": "domestic work",
            "estimated_cases": 3,
        },
    ],
    "trace.xlsx": [
        {
            "organisation": "Trace Kenya",
            "source_type": "case",
            "origin_city": "Mombasa",
            "origin_country": "Kenya",
            "transit": "Nairobi",
            "destination_country": "Qatar",
            "transport_modes": "plane",
            "industries": "hospitality and food services",
            "recruitment_methods": "recruitment agency or bureau",
            "estimated_cases": 7,
        },
        {
            "organisation": "Trace Kenya",
            "source_type": "known",
            "origin_city": "Nairobi",
            "origin_country": "Kenya",
            "destination_country": "Tanzania",
            "transport_modes": "bus",
            "industries": "domestic work",
        },
    ],
}


def _fill(template, out, rows):
    """A partner fills the template's Routes sheet, row after row."""
    book = load_workbook(template)
    sheet = book["Routes"]
    headers = [cell.value for cell in sheet[1]]
    for number, row in enumerate(rows, start=2):
        for position, header in enumerate(headers, start=1):
            if header in row:
                sheet.cell(row=number, column=position, value=row[header])
    book.save(out)
    return out


def test_a_new_five_route_edition_from_two_partners_templates_builds(built_site, tmp_path, capsys, monkeypatch):
    root = copy_project(tmp_path / "project")
    # The shipped editions' steps come from the cache (as on a maintainer's machine that built them before).
    shutil.copytree(built_site.site.parent / "cache", root / "_build" / "cache", copy_function=os.link)
    monkeypatch.chdir(root)
    run = lambda *args: main(["--root", str(root), *args])

    assert run("new-edition", "2031", "--title", "Kenya's Human-Trafficking Routes 2031", "--from", "2031-01",
               "--to", "2031-12") == 0  # fmt: skip
    template = tmp_path / "routes-template-2031.xlsx"
    assert run("template", "--edition", "2031", "--out", str(template)) == 0
    files = [str(_fill(template, tmp_path / name, rows)) for name, rows in PARTNERS.items()]
    assert run("ingest", *files, "--edition", "2031") == 0
    assert "Added 5 routes" in capsys.readouterr().out
    assert run("validate", "--edition", "2031") == 0
    assert "5 rows passed every check" in capsys.readouterr().out

    assert run("build", "--jobs", "2") == 0, capsys.readouterr().err
    site = root / "_build" / "site"
    assert empty_elements(site, "2031") == []
    with chromium() as browser:
        assert browser_problems(browser, site, edition_pages(site, "2031")) == []

    transport = BeautifulSoup((site / "2031" / "transport.html").read_text(encoding="utf-8"), "html.parser")
    text = transport.get_text(" ", strip=True)
    assert transport.select("figure.chart") and transport.find("table", id="table-modes")
    # Airlines were collected, and no partner named one: the chapter says so instead of an empty table.
    assert not transport.find("table", id="table-airlines")
    title = "Airlines and the routes travelled on them, one row per airline and route"
    assert f"{title}: no submission of this edition gives this" in text
    # Two routes lead to the Gulf: fewer than the minimum, so a section of the Other regions page.
    other = BeautifulSoup((site / "2031" / "regions" / "other.html").read_text(encoding="utf-8"), "html.parser")
    assert other.find(id="region-middle-east-gulf") is not None
    assert "url=other.html#region-middle-east-gulf" in (site / "2031" / "regions" / "middle-east-gulf.html").read_text()
    assert (site / "index.html").read_text().count("2031/index.html") >= 1
