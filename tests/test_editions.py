"""Any edition the coalition brings builds: editions drawn by Hypothesis (tests/editions.py).

For each drawn edition, either the validation gate (or the publication scanner) stops it
with rule messages and publishes nothing, or the whole build succeeds and its pages pass
the site checks (tests/site_checks.py): nothing empty, every page loads in Chromium
without a console error, every map draws its routes. A notebook traceback, a page
Jupyter Book cannot build or an empty table, chart or map is a failure.

`make test` draws a few editions; `make test-editions` many (EDITIONS=N), with statistics.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings

from kenya_routes.inputs.project import Project
from kenya_routes.publish.build import BuildError, build_site

from .browser import chromium
from .editions import EDITION_ID, DrawnEdition, editions
from .site_checks import browser_problems, edition_pages, empty_elements

pytestmark = [pytest.mark.build, pytest.mark.browser]

EXAMPLES = int(os.environ.get("KENYA_ROUTES_TEST_EDITIONS", "2"))
# Route counts drawn at most: a few hundred in the long run, fewer in `make test` (each example is a build).
MAX_ROUTES = 300 if EXAMPLES > 2 else 60


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


def _linked_copy(source: Path, target: Path) -> None:
    """The shipped build's cache, hard-linked (entries are replaced, never written in place)."""
    if source.is_dir():
        shutil.copytree(source, target, copy_function=os.link)


def check_edition(drawn: DrawnEdition, folder: Path, browser, cache: Path | None = None) -> str:
    """Build a project holding `drawn`; returns "built" or "stopped", or fails the test."""
    root = drawn.project(folder)
    if drawn.beside_shipped and cache is not None:
        _linked_copy(cache, root / "_build" / "cache")
    try:
        result = build_site(Project.open(root), jobs=2, log=lambda *_: None)
    except BuildError as error:
        # Stopped before anything was built: every problem names its rule and says what is wrong.
        assert error.report is not None, f"the build failed without a rule message: {error}"
        assert error.report.errors and all(p.rule and p.message for p in error.report.errors), error.report.render()
        assert not (root / "_build" / "site").exists(), "a stopped build published something"
        event(f"stopped: {', '.join(sorted({p.rule for p in error.report.errors}))}")
        return "stopped"
    site = result.site
    expected = (["2019", "2020"] if drawn.beside_shipped else []) + [EDITION_ID]
    assert result.editions == expected
    assert empty_elements(site, EDITION_ID) == []
    assert browser_problems(browser, site, edition_pages(site, EDITION_ID)) == []
    event(f"built: {len(drawn.rows)} routes" if len(drawn.rows) < 10 else "built: 10 routes or more")
    return "built"


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(drawn=editions(max_routes=MAX_ROUTES))
def test_a_drawn_edition_is_stopped_with_rule_messages_or_builds_and_passes_the_site_checks(
    drawn, built_site, browser, tmp_path_factory
):
    folder = Path(tempfile.mkdtemp(dir=tmp_path_factory.getbasetemp()))
    try:
        check_edition(drawn, folder / "project", browser, built_site.site.parent / "cache")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
