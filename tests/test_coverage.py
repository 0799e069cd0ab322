"""Every section of the 2020 report has a home on the site: an anchor on the page its coverage file names.

The coverage file (data/editions/2020/report_sections.yml) maps each section of the report to a page; the
page marks it with report("id"). These tests fail when a section has no anchor on the built site, and check
that the build itself stops in that case, with a message that names the section, its page and the fix.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from kenya_routes.inputs.report import read_sections
from kenya_routes.publish import coverage

from .conftest import ROOT

SECTIONS = read_sections(ROOT / "data" / "editions" / "2020").sections


def test_the_coverage_file_lists_the_reports_sections():
    ids = [section.id for section in SECTIONS]
    assert len(ids) == len(set(ids)) >= 30
    for needed in ("transit", "europe-to-kenya", "recruitment", "domestic-work", "financial-sector", "case-study"):
        assert needed in ids


@pytest.mark.build
@pytest.mark.parametrize("section", SECTIONS, ids=lambda section: section.id)
def test_every_section_of_the_report_has_an_anchor_on_the_site(built_site, section):
    page = built_site.site / "2020" / f"{section.page}.html"
    assert page.is_file(), f"{section.id}: page {section.page} is not on the site"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    anchor = soup.find(id=section.anchor)
    assert anchor is not None, f"{section.location} ({section.id}) has no anchor on {section.page}.html"
    note = anchor.select_one(".report-ref")
    assert note is not None and section.section in note.get_text()
    assert note.get_text().startswith("In the report:")
    for finding in section.findings:
        assert " ".join(finding.split()) in " ".join(anchor.get_text().split())


def test_a_section_without_an_anchor_is_found_and_named(tmp_path):
    sections = [dict(s.model_dump(), anchor=s.anchor, location=s.location) for s in SECTIONS[:3]]
    pages = {s["page"] for s in sections}
    for name in pages:
        marked = "".join(f'<div id="{s["anchor"]}"></div>' for s in sections[1:] if s["page"] == name)
        (tmp_path / f"{name}.html").write_text(f"<html><body>{marked}</body></html>", encoding="utf-8")
    gaps = coverage.missing(tmp_path, sections)
    assert [s["id"] for s in gaps] == [sections[0]["id"]]
    message = coverage.message("2020", gaps)
    assert "data/editions/2020/report_sections.yml" in message and "nothing was published" in message
    assert f'{{{{ report("{sections[0]["id"]}") }}}}' in message and f"'{sections[0]['page']}'" in message
    # A page missing from the site misses every section it should hold.
    assert coverage.missing(tmp_path / "nowhere", sections) == sections


@pytest.mark.build
def test_the_build_stops_when_a_section_has_no_anchor(tmp_path):
    from kenya_routes.inputs.project import Project
    from kenya_routes.publish.build import BuildError, build_site

    from .conftest import copy_project

    root = copy_project(tmp_path / "project")
    index = root / "book" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace('{{ report("about-sttk") }}', ""), encoding="utf-8")
    with pytest.raises(BuildError, match=r"about-sttk.*not marked on page 'index'"):
        build_site(Project.open(root), edition_ids=["2020"], jobs=2, log=lambda *_: None)
    assert not (root / "_build" / "site").exists()
