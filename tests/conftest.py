"""Shared fixtures: the shipped data, loaded once, and throwaway projects for bad input."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from kenya_routes import validation
from kenya_routes.inputs.project import Project
from kenya_routes.prepare import analysis, figures, reconcile

ROOT = Path(__file__).resolve().parents[1]
PROVENANCE_MARKER = "partner-file-never-published"
# The shipped site is built as the deploy workflow builds it: with the address it is published at.
SITE_URL = "https://routes.example.org"
BUILD_ENVIRON = {"KENYA_ROUTES_SITE_URL": SITE_URL}
SHIPPED = Project.open(ROOT)
EDITIONS = SHIPPED.edition_ids()


@pytest.fixture(scope="session")
def shipped():
    """The project as shipped, with the settings of its _config.yml (no environment overrides)."""
    return SHIPPED


@pytest.fixture(scope="session")
def reference(shipped):
    return shipped.reference()


@pytest.fixture(scope="session")
def route_data(shipped):
    """Every shipped edition through the validation gate."""
    return {e: validation.checked_edition(shipped, e).data for e in EDITIONS}


@pytest.fixture(scope="module")
def edition_2020(route_data, shipped):
    """Edition 2020 prepared as the build prepares it, with the site's address (for permanent links)."""
    from dataclasses import replace

    from kenya_routes.prepare import prepared

    return prepared.prepare_edition(
        route_data["2020"], route_data["2019"], {}, replace(shipped.settings, site_url=SITE_URL)
    )


@pytest.fixture(scope="module")
def swahili(shipped):
    from kenya_routes.render import language

    return language.load("sw", shipped.locales_dir)


def compute_figures(data, previous=None):
    """An edition's figures from its validated routes, annotated with what its source document prints."""
    before = (
        figures.Previous(previous.edition.id, previous.routes, previous.edition.reconstructed)
        if previous is not None
        else None
    )
    computed = figures.compute(data.edition, data.reference, analysis.enrich(data.routes, data.reference), before)
    return reconcile.annotate(computed, data.printed.figures)


@pytest.fixture(scope="session")
def edition_figures(route_data, shipped):
    """Every edition's figures, annotated with its printed figures."""
    out = {}
    for edition_id, data in route_data.items():
        previous = shipped.previous_edition(edition_id)
        out[edition_id] = compute_figures(data, route_data[previous] if previous else None)
    return out


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway copy of the project's data, for tests that write bad input (the working folder)."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    shutil.copytree(ROOT / "data" / "editions", root / "data" / "editions")
    shutil.copytree(ROOT / "expectations", root / "expectations")
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    monkeypatch.chdir(root)
    return root


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(
    path: Path, headers: list[str], rows: list[dict[str, str]], delimiter: str = ",", encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def copy_project(target: Path) -> Path:
    """A copy of everything the build reads, to build without touching the working tree's _build/."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("data", "book", "notebooks", "expectations", "locales"):
        shutil.copytree(ROOT / folder, target / folder)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Both shipped editions built once, as the README's first command builds them."""
    from kenya_routes.publish.build import build_site

    root = copy_project(tmp_path_factory.mktemp("site") / "project")
    # As `ingest` leaves it: private provenance beside the routes, which must never reach the site.
    (root / "data" / "editions" / "2020" / "provenance.csv").write_text(
        "submission_id,source_file,source_sheet,source_row,source_sha256,partner_reference,ingested_at,"
        f"possible_duplicate_of\n2020-001,{PROVENANCE_MARKER}.xlsx,Routes,2,{'0' * 64},,2026-12-01T09:30:00+00:00,\n",
        encoding="utf-8",
    )
    return build_site(Project.open(root, BUILD_ENVIRON), jobs=2, log=lambda *_: None)
