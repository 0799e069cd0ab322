"""Faults in the build cache: a truncated, corrupted or hand-edited entry is detected and rebuilt, never published."""

from __future__ import annotations

import hashlib
import json
import re
import shutil

import pytest

from kenya_routes.inputs.project import Project
from kenya_routes.publish.build import build_site
from kenya_routes.publish.cache import KINDS, MANIFEST, Cache

from .conftest import BUILD_ENVIRON, copy_project


def _stored(tmp_path, kind="pages", key="k"):
    store = Cache(tmp_path)

    def fill(folder):
        (folder / "page.md").write_text("# A page\n\nA sentence.\n", encoding="utf-8")
        (folder / "extra").mkdir()
        (folder / "extra" / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")

    store.store(kind, key, fill)
    return store, store.entry(kind, key)


def test_an_intact_entry_is_reused(tmp_path):
    store, entry = _stored(tmp_path)
    assert Cache(tmp_path).lookup("pages", "k") == entry
    assert (entry / MANIFEST).is_file()


@pytest.mark.parametrize(
    "fault, words",
    [
        (lambda e: (e / "page.md").write_bytes((e / "page.md").read_bytes()[:5]), "page.md has changed"),
        (lambda e: (e / "extra" / "table.csv").write_text("a,b\n1,3\n"), "extra/table.csv has changed"),
        (lambda e: (e / "extra" / "table.csv").unlink(), "extra/table.csv is missing"),
        (lambda e: (e / "extra" / "notes.txt").write_text("mine", encoding="utf-8"), "extra/notes.txt was added"),
        (lambda e: (e / MANIFEST).unlink(), "no readable manifest"),
        (lambda e: (e / MANIFEST).write_text("{not json", encoding="utf-8"), "no readable manifest"),
        (lambda e: shutil.copytree(e, e.with_name("other")) and None, None),  # an intact copy under another key
    ],
    ids=["truncated", "edited", "file-removed", "file-added", "manifest-removed", "manifest-corrupted", "moved"],
)
def test_a_damaged_entry_is_a_miss_and_is_removed(tmp_path, fault, words):
    _, entry = _stored(tmp_path)
    fault(entry)
    store = Cache(tmp_path)
    if words is None:  # the copy's manifest names another key: not reused as that key's result
        assert store.lookup("pages", "other") is None
        assert "another entry" in store.damaged[0]
        return
    assert store.lookup("pages", "k") is None
    assert store.misses["pages"] == 1 and store.hits["pages"] == 0
    assert len(store.damaged) == 1 and words in store.damaged[0]
    assert not entry.exists(), "a damaged entry must not stay to be reused later"


def _digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _some_entry(cache, kind, containing, text=""):
    """A file of an entry of `kind` whose name ends with `containing` (and that holds `text`)."""
    for entry in sorted((cache / kind).iterdir()):
        for path in sorted(entry.rglob("*")):
            wanted = path.is_file() and path.name != MANIFEST and path.name.endswith(containing)
            if wanted and text in path.read_text(encoding="utf-8", errors="ignore"):
                return path
    raise AssertionError(f"no {kind} entry holds a {containing} file")


@pytest.mark.build
def test_a_damaged_entry_of_each_kind_is_rebuilt_and_the_site_is_as_built_afresh(built_site, tmp_path):
    root = copy_project(tmp_path / "project")
    cache = root / "_build" / "cache"
    shutil.copytree(built_site.site.parent / "cache", cache)
    provenance = root / "data" / "editions" / "2020" / "provenance.csv"
    shutil.copy(built_site.site.parent.parent / "data" / "editions" / "2020" / "provenance.csv", provenance)

    # validation: the remembered outcome, edited by hand to hide a warning and change the quality summary
    outcome = _some_entry(cache, "validation", "outcome.json")
    record = json.loads(outcome.read_text(encoding="utf-8"))
    record["quality"]["rows"] = 1
    outcome.write_text(json.dumps(record), encoding="utf-8")
    # pages: an executed notebook of edition 2019 cut short (a full disk); re-executed, it changes 2019's
    # staged book (papermill's timings), so the damaged book below is one of 2020, whose stage is as before.
    page = _some_entry(cache, "pages", ".ipynb", 'edition = \\"2019\\"')
    page.write_bytes(page.read_bytes()[: page.stat().st_size // 2])
    # downloads: the route table with one byte changed
    table = _some_entry(cache, "downloads", ".csv")
    data = bytearray(table.read_bytes())
    data[len(data) // 2] ^= 0x20
    table.write_bytes(bytes(data))
    # sheets: a fact sheet cut short
    sheet = _some_entry(cache, "sheets", ".pdf")
    sheet.write_bytes(sheet.read_bytes()[:1000])
    # books: a page's HTML edited by hand
    html = _some_entry(cache, "books", "overview.html", "2020 upscale")
    html.write_text(html.read_text(encoding="utf-8").replace("</body>", "<p>edited</p></body>"), encoding="utf-8")

    messages = []
    again = build_site(Project.open(root, BUILD_ENVIRON), jobs=2, log=messages.append)
    damaged = [m for m in messages if "damaged build cache entry" in m]
    assert sorted(m.split("(")[1].split("/")[0] for m in damaged) == sorted(KINDS), messages
    pages = sum(len(p) for p in again.pages.values())
    reused = dict(re.findall(r"(\w+) (\d+) reused", again.cache))
    assert reused["validation"] == "1" and reused["downloads"] == "1" and reused["pages"] == str(pages - 1)
    assert int(reused["sheets"]) == len(list((cache / "sheets").iterdir())) - 1
    # The damaged book of 2020 is rebuilt, and so is 2019's, whose stage has the re-executed page.
    assert reused["books"] == "0"
    assert _digest(again.site) == _digest(built_site.site), "a damaged cache entry reached the site"
    # Each was stored afresh, intact: the next build could reuse every entry.
    assert all(Cache(cache).lookup(kind, p.name) for kind in KINDS for p in (cache / kind).iterdir())
