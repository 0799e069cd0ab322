"""The build cache: what has not changed is reused, what has changed is rebuilt, and the site is the same."""

from __future__ import annotations

import hashlib
import shutil

import nbformat
import pytest

from kenya_routes.inputs.project import Project
from kenya_routes.publish.build import build_site
from kenya_routes.publish.cache import Cache, Digest

from .conftest import BUILD_ENVIRON, ROOT, copy_project, read_rows, write_rows


def test_a_digest_sees_names_and_contents(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.csv").write_text("1")
    first = Digest(tmp_path / "a", {"edition": "2020"}).hexdigest()
    assert Digest(tmp_path / "a", {"edition": "2020"}).hexdigest() == first
    assert Digest(tmp_path / "a", {"edition": "2019"}).hexdigest() != first
    (tmp_path / "a" / "x.csv").write_text("2")
    assert Digest(tmp_path / "a", {"edition": "2020"}).hexdigest() != first
    (tmp_path / "a" / "x.csv").rename(tmp_path / "a" / "y.csv")
    assert Digest(tmp_path / "a", {"edition": "2020"}).hexdigest() not in (first, Digest(tmp_path / "a").hexdigest())


def test_the_cache_can_be_switched_off(tmp_path):
    store = Cache(tmp_path, on=False)
    assert store.store("pages", "k", lambda folder: (folder / "x").write_text("x")) is None
    assert store.lookup("pages", "k") is None and store.misses["pages"] == 1


def _digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _copy_with_cache(built_site, tmp_path):
    """A copy of the project with the shipped build's cache and the private file it was built with."""
    root = copy_project(tmp_path / "project")
    # The cache is keyed by contents, not by where the project lives: the shipped build's cache serves this copy.
    shutil.copytree(built_site.site.parent / "cache", root / "_build" / "cache")
    provenance = root / "data" / "editions" / "2020" / "provenance.csv"
    shutil.copy(built_site.site.parent.parent / "data" / "editions" / "2020" / "provenance.csv", provenance)
    return root


def _correct_translation(root, wrong: str, right: str) -> None:
    catalogue = root / "locales" / "sw" / "LC_MESSAGES" / "kenya_routes.po"
    before = catalogue.read_text(encoding="utf-8")
    assert wrong in before
    catalogue.write_text(before.replace(wrong, right), encoding="utf-8")


def _build(root):
    return build_site(Project.open(root, BUILD_ENVIRON), jobs=2, log=lambda *_: None)


@pytest.mark.build
def test_only_what_changed_is_rebuilt(built_site, tmp_path):
    root = _copy_with_cache(built_site, tmp_path)

    again = _build(root)
    pages = sum(len(names) for names in built_site.pages.values())
    sheets = {e: len(list((built_site.site / e / "factsheets").glob("*.pdf"))) for e in built_site.editions}
    both = sum(sheets.values())
    assert again.cache == (
        f"validation 2 reused / 2, sheets {both} reused / {both}, pages {pages} reused / {pages}, "
        "downloads 2 reused / 2, books 2 reused / 2"
    )
    assert _digest(again.site) == _digest(built_site.site)  # byte for byte the site built afresh

    # One edition's data changes: only its validation, pages and book are redone.
    path = root / "data" / "editions" / "2020" / "routes.csv"
    headers, rows = read_rows(path)
    rows[0]["estimated_cases"] = str(int(rows[0]["estimated_cases"]) + 1)
    write_rows(path, headers, rows)
    changed = _build(root)
    pages_2019 = len(changed.pages["2019"])
    assert changed.cache == (
        f"validation 1 reused / 2, sheets {sheets['2019']} reused / {both}, pages {pages_2019} reused / {pages}, "
        "downloads 1 reused / 2, books 1 reused / 2"
    )
    assert _digest(changed.site / "2019") == _digest(built_site.site / "2019")
    assert _digest(changed.site / "2020") != _digest(built_site.site / "2020")

    # One notebook changes: only its pages are executed again.
    notebook_path = root / "notebooks" / "industries.ipynb"
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.cells.append(nbformat.v4.new_markdown_cell("One more sentence."))
    nbformat.write(notebook, notebook_path)
    edited = _build(root)
    assert edited.cache == (
        f"validation 2 reused / 2, sheets {both} reused / {both}, pages {pages - 2} reused / {pages}, "
        "downloads 2 reused / 2, books 0 reused / 2"
    )
    assert "One more sentence." in (edited.site / "2019" / "industries.html").read_text(encoding="utf-8")


def test_settings_from_the_environment_are_part_of_a_pages_inputs(route_data, tmp_path):
    """A page drawn with map tiles must not be reused for a build without them, nor for another address."""
    from kenya_routes.prepare import prepared
    from kenya_routes.publish.build import page_inputs

    keys = []
    for number, environment in enumerate(
        ({}, {"KENYA_ROUTES_TILES": "none"}, {"KENYA_ROUTES_SITE_URL": "https://example.org/routes"}, {})
    ):
        project = Project.open(ROOT, environment)
        folder = prepared.write(
            prepared.prepare_edition(route_data["2019"], None, {}, project.settings), tmp_path / str(number) / "2019"
        )
        keys.append(page_inputs("code", project, [folder]))
    assert len(set(keys[:3])) == 3 and keys[3] == keys[0]


@pytest.mark.build
def test_a_corrected_translation_remakes_only_what_is_in_its_language_and_the_pages_that_show_it(built_site, tmp_path):
    """The Kiswahili sheets, the edition's data downloads (which hold the route table in Kiswahili) and the pages
    that link a Kiswahili sheet; the English sheets and every other page are reused as they were."""
    root = _copy_with_cache(built_site, tmp_path)
    _correct_translation(root, 'msgstr "Mapendekezo ya ripoti"', 'msgstr "Ripoti inapendekeza"')

    corrected = _build(root)
    english = {e: sorted((built_site.site / e / "factsheets").glob("*[!w].pdf")) for e in built_site.editions}
    swahili = {e: sorted((built_site.site / e / "factsheets").glob("*-sw.pdf")) for e in built_site.editions}
    both = sum(len(v) for v in english.values()) + sum(len(v) for v in swahili.values())
    kept = sum(len(v) for v in english.values())
    assert corrected.cache.startswith("validation 2 reused / 2, ") and "downloads 0 reused / 2" in corrected.cache
    assert f"sheets {kept} reused / {both}" in corrected.cache, corrected.cache
    # Only the pages that show a Kiswahili sheet (its own page; the downloads page lists them all) may be redone.
    pages = sum(len(names) for names in built_site.pages.values())
    redone = pages - int(corrected.cache.split("pages ")[1].split(" ")[0])
    assert redone <= sum(len(v) for v in swahili.values()) + len(built_site.editions)
    for edition in built_site.editions:
        for path in english[edition]:
            assert (corrected.site / edition / "factsheets" / path.name).read_bytes() == path.read_bytes()
        for path in swahili[edition]:
            text = (corrected.site / edition / "factsheets" / path.name).read_bytes()
            assert text != path.read_bytes(), path.name
        data = corrected.site / edition / "data"
        assert (data / f"kenya-routes-{edition}-routes.xlsx").read_bytes() == (
            built_site.site / edition / "data" / f"kenya-routes-{edition}-routes.xlsx"
        ).read_bytes()
        # The other pages are byte for byte as before.
        assert (corrected.site / edition / "transport.html").read_bytes() == (
            built_site.site / edition / "transport.html"
        ).read_bytes()


@pytest.mark.build
def test_a_corrected_chart_translation_redraws_only_the_charts_of_the_pages_that_say_it(built_site, tmp_path):
    root = _copy_with_cache(built_site, tmp_path)
    _correct_translation(
        root, 'msgstr "Sekta za waathiriwa Wakenya walio ng\'ambo"', 'msgstr "Sekta za Wakenya walionyonywa ng\'ambo"'
    )

    corrected = _build(root)
    pages = sum(len(names) for names in built_site.pages.values())
    # The industries page of each edition says the title (notebooks/industries.ipynb); no other page does.
    assert f"pages {pages - len(built_site.editions)} reused / {pages}" in corrected.cache, corrected.cache
    assets = corrected.site / "2020" / "assets" / "industries"
    image = "kenya-routes-2020-industries-abroad-chart"
    assert (assets / f"{image}.svg").read_bytes() == (
        built_site.site / "2020" / "assets" / "industries" / f"{image}.svg"
    ).read_bytes()
    redrawn = (assets / f"{image}-sw.svg").read_text(encoding="utf-8")
    assert "Sekta za Wakenya walionyonywa" in redrawn and "waathiriwa Wakenya walio" not in redrawn
