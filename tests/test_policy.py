"""Policy checks over the repository itself: what must never be committed."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ROOT

# Hosts that serve scripts, styles or fonts to every reader's browser.
CDN = re.compile(r"(?i)\b(?:cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|code\.jquery\.com|"
                 r"fonts\.googleapis\.com|fonts\.gstatic\.com|ajax\.googleapis\.com|maxcdn\.bootstrapcdn\.com|"
                 r"netdna\.bootstrapcdn\.com|stackpath\.bootstrapcdn\.com|cdn\.plot\.ly|use\.fontawesome\.com)\b")
SOURCES = [*ROOT.glob("src/**/*.py"), *ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("book/**/*"),
           ROOT / "_config.yml", ROOT / "_toc.yml"]


@pytest.mark.parametrize("path", [p for p in SOURCES if p.is_file()], ids=lambda p: str(p.relative_to(ROOT)))
def test_no_cdn_address_in_what_builds_the_site(path):
    found = CDN.findall(path.read_text(encoding="utf-8", errors="ignore"))
    assert not found, f"{path.relative_to(ROOT)} names {found}: serve it from the site (npm or PyPI) instead"


@pytest.mark.parametrize("path", sorted(ROOT.glob("notebooks/*.ipynb")), ids=lambda p: p.name)
def test_source_notebooks_are_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"{path.name}: cell {cell.get('id')}"


def test_no_front_end_library_is_committed():
    """Leaflet, Vega and the like come from npm at build time, never from the repository."""
    bundled = [p.relative_to(ROOT) for p in ROOT.glob("book/**/*") if re.search(r"(?i)leaflet|vega|jquery", p.name)]
    assert not bundled
