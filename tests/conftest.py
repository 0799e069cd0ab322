"""Shared fixtures: the shipped data, loaded once, and throwaway projects for bad input."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from kenya_routes import dataset, editions, figures, reconcile
from kenya_routes.reference import load_reference

ROOT = Path(__file__).resolve().parents[1]
PROVENANCE_MARKER = "partner-file-never-published"
EDITIONS = editions.edition_ids(ROOT)


@pytest.fixture(scope="session")
def reference():
    return load_reference(ROOT)


@pytest.fixture(scope="session")
def route_data(reference):
    return {e: dataset.load_routes(e, ROOT, reference) for e in EDITIONS}


@pytest.fixture(scope="session")
def edition_figures(route_data):
    """Every edition's figures, annotated with its printed figures."""
    out = {}
    for edition_id, data in route_data.items():
        previous = dataset.previous_edition(edition_id, ROOT)
        computed = figures.compute(data, route_data[previous] if previous else None)
        _, printed, _ = reconcile.load_printed(data.edition)
        out[edition_id] = reconcile.annotate(computed, printed)
    return out


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway copy of the project's data, for tests that write bad input."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "reference", root / "data" / "reference")
    shutil.copytree(ROOT / "data" / "editions", root / "data" / "editions")
    shutil.copytree(ROOT / "expectations", root / "expectations")
    shutil.copy(ROOT / "_config.yml", root / "_config.yml")
    monkeypatch.setenv("KENYA_ROUTES_ROOT", str(root))
    monkeypatch.chdir(root)
    return root


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, headers: list[str], rows: list[dict[str, str]], delimiter: str = ",",
               encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=headers, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def copy_project(target: Path) -> Path:
    """A copy of everything the build reads, to build without touching the working tree's _build/."""
    target.mkdir(parents=True, exist_ok=True)
    for folder in ("data", "book", "notebooks", "expectations"):
        shutil.copytree(ROOT / folder, target / folder)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """Both shipped editions built once, as the README's first command builds them."""
    import os

    from kenya_routes.build import build_site

    root = copy_project(tmp_path_factory.mktemp("site") / "project")
    # As `ingest` leaves it: private provenance beside the routes, which must never reach the site.
    (root / "data" / "editions" / "2020" / "provenance.csv").write_text(
        "submission_id,source_file,source_sheet,source_row,source_sha256,partner_reference,ingested_at,"
        f"possible_duplicate_of\n2020-001,{PROVENANCE_MARKER}.xlsx,Routes,2,{'0' * 64},,2026-12-01T09:30:00+00:00,\n",
        encoding="utf-8")
    before = os.environ.get("KENYA_ROUTES_ROOT")
    try:
        result = build_site(root=root, jobs=2, log=lambda *_: None)
    finally:
        if before is None:
            os.environ.pop("KENYA_ROUTES_ROOT", None)
        else:
            os.environ["KENYA_ROUTES_ROOT"] = before
    return result
