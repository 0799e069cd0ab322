"""Every page and map document of the built site is valid HTML: the W3C Nu HTML Checker finds no error.

The checker is `vnu-jar` from npm (tests/package.json, installed by `make test`), run with Java.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.build

VNU = Path(__file__).parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_and_map_document_is_valid_html(built_site):
    java = shutil.which("java")
    if java is None or not VNU.is_file():
        pytest.fail("The HTML checker needs Java and tests/node_modules (make test installs both).")
    pages = sorted(str(p) for p in built_site.site.rglob("*.html"))
    # Every map document a page frames is among the files checked (both editions draw maps on many pages).
    framed = {
        str((Path(page).parent / frame["src"]).resolve())
        for page in pages
        for frame in BeautifulSoup(Path(page).read_text(encoding="utf-8"), "html.parser").select("iframe[src]")
    }
    assert len(pages) > 80 and len(framed) >= 15 and framed <= {str(Path(p).resolve()) for p in pages}
    checked = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "gnu", *pages], capture_output=True, text=True
    )
    errors = [line for line in (checked.stdout + checked.stderr).splitlines() if "error" in line]
    assert checked.returncode == 0 and not errors, "\n".join(errors[:30])
