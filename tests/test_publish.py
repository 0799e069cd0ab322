"""Atomic publishing: the new site replaces the old in one rename, or not at all."""

from __future__ import annotations

import hashlib
import os

import pytest

from kenya_routes.publish import site as site_module
from kenya_routes.publish.site import SITE_BUILDS
from kenya_routes.publish.site import publish as _publish


def _stages(tmp_path, text):
    stages = {}
    for edition in ("2019", "2020"):
        html = tmp_path / "stage" / edition / "_build" / "html"
        html.mkdir(parents=True)
        (html / "index.html").write_text(f"<html><head></head><body>{text} {edition}</body></html>")
        (html / "overview.html").write_text(f"<html><head></head><body>{text} overview</body></html>")
        stages[edition] = html
    return stages


def _meta(edition):
    return {
        "id": edition,
        "short_title": edition,
        "title": f"Edition {edition}",
        "publisher": "STTK",
        "licence": "CC-BY-4.0",
        "status": "submitted",
        "citation": "STTK.",
    }


def _publish_all(build, stages):
    ids = list(stages)
    return _publish(build, stages, ids, {e: ["overview"] for e in ids}, {e: _meta(e) for e in ids}, None)


def _digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_the_site_is_a_link_swapped_in_one_rename(tmp_path, monkeypatch):
    build = tmp_path / "_build"
    site = _publish_all(build, _stages(tmp_path / "one", "first"))
    assert site.is_symlink() and "first 2020" in (site / "2020" / "index.html").read_text()
    first_target = os.readlink(site)
    renames = []
    real_replace = os.replace
    monkeypatch.setattr(site_module.os, "replace", lambda a, b: (renames.append((a, b)), real_replace(a, b)))
    _publish_all(build, _stages(tmp_path / "two", "second"))
    assert [b for _, b in renames] == [site]  # one rename puts the new site in place
    assert os.readlink(site) != first_target and "second 2020" in (site / "2020" / "index.html").read_text()
    # Only the published build is kept.
    assert [p.name for p in (build / SITE_BUILDS).iterdir()] == [os.path.basename(os.readlink(site))]
    assert oct((site / ".").stat().st_mode & 0o777) == "0o755"


def test_a_failure_while_assembling_leaves_the_previous_site_exactly_as_it_was(tmp_path, monkeypatch):
    build = tmp_path / "_build"
    site = _publish_all(build, _stages(tmp_path / "one", "first"))
    before, target = _digest(site), os.readlink(site)

    def broken(folder, origin):
        (folder / "half-written.html").write_text("<html>")
        raise OSError("disk full")

    monkeypatch.setattr(site_module.headers, "harden_site", broken)
    with pytest.raises(OSError, match="disk full"):
        _publish_all(build, _stages(tmp_path / "two", "second"))
    assert os.readlink(site) == target and _digest(site) == before
    assert [p.name for p in (build / SITE_BUILDS).iterdir()] == [os.path.basename(target)]  # nothing left over


def test_a_site_built_before_links_is_replaced_too(tmp_path):
    build = tmp_path / "_build"
    (build / "site" / "2020").mkdir(parents=True)
    (build / "site" / "2020" / "index.html").write_text("old")
    site = _publish_all(build, _stages(tmp_path / "one", "new"))
    assert site.is_symlink() and "new 2020" in (site / "2020" / "index.html").read_text()
