"""Assembling the published site and swapping it in.

`_build/site` is a symbolic link to the folder under `_build/site-builds/`
that holds the published site. A new site is assembled beside it and the link
is replaced in one atomic rename, so an interrupted or failed build leaves the
previous site exactly as it was, and a reader (or a server) never sees half of
each. Each edition keeps its own folder; the root, `latest/`, `editions.html`
and `switcher.json` are the only files that change when an edition is added.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from ..render import datapackage, downloads
from ..render.html import macro
from . import headers, theme

SITE_BUILDS = "site-builds"
# Where a book page's text begins (Furo): the notice of a newer edition goes first in it.
ARTICLE = re.compile(r'<article role="main"[^>]*>')


def publish(
    build: Path,
    books: dict[str, Path],
    ids: list[str],
    pages: dict[str, list[str]],
    metas: dict[str, dict],
    tile_origin: str | None,
    moved: dict[str, dict[str, str]] | None = None,
) -> Path:
    """Assemble the site in a folder of its own, then swap it in with one rename; returns `build/site`.

    `moved` gives, per edition, pages that lead elsewhere in it (a region's own address, when the region
    is a section of the "Other regions" page): page name -> target relative to that page."""
    site = build / "site"
    builds = build / SITE_BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), dir=builds))
    try:
        _assemble(fresh, books, ids, pages, metas, tile_origin, moved or {})
        _swap(site, fresh)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    for old in builds.iterdir():
        if old != fresh:
            shutil.rmtree(old, ignore_errors=True)
    return site


def _swap(site: Path, fresh: Path) -> None:
    """Point `site` at `fresh` with one rename of a symbolic link."""
    if site.exists() and not site.is_symlink():
        # A site built before sites were swapped by link: move it aside once, as an earlier build.
        site.rename(fresh.parent / f"{fresh.name}.before")
    link = site.with_name(f".site-link-{os.getpid()}")
    link.unlink(missing_ok=True)
    link.symlink_to(fresh.relative_to(site.parent), target_is_directory=True)
    os.replace(link, site)


def _assemble(
    fresh: Path,
    books: dict[str, Path],
    ids: list[str],
    pages: dict[str, list[str]],
    metas: dict[str, dict],
    tile_origin: str | None,
    moved: dict[str, dict[str, str]],
) -> None:
    """The whole site in `fresh`: each edition's book HTML (`books`), made safe, plus the shared pages."""
    for edition_id, html in books.items():
        shutil.copytree(html, fresh / edition_id)
        for leftover in (".buildinfo", ".doctrees"):
            path = fresh / edition_id / leftover
            if path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
    for edition_id in ids:
        folder = fresh / edition_id
        theme.fix_site(folder)
        for name, target in moved.get(edition_id, {}).items():
            up = "../" * name.count("/")
            (folder / f"{name}.html").write_text(
                redirect_page(target, f"Edition {edition_id}: {name}", f"{up}_static/favicon.svg"), encoding="utf-8"
            )
        headers.harden_site(folder, tile_origin)
        descriptor = datapackage.package(folder, metas[edition_id])
        (folder / "datapackage.json").write_text(
            json.dumps(descriptor, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        stem = downloads.file_stem(metas[edition_id], "site")
        downloads.zip_folder(
            folder, folder / "downloads" / f"{stem}.zip", downloads.readme(metas[edition_id]), prefix=stem
        )
    newest = ids[-1]
    newer = set(pages[newest]) | set(moved.get(newest, {})) | {"index"}
    for edition_id in ids[:-1]:
        # After the offline zip: the copy a reader keeps is the edition as it was published.
        mark_superseded(fresh / edition_id, newest, metas[newest]["short_title"], newer)
    icon = f"{newest}/_static/favicon.svg"
    (fresh / "index.html").write_text(
        redirect_page(f"{newest}/index.html", f"Edition {newest}", icon), encoding="utf-8"
    )
    for name in ["index", *pages[newest], *moved.get(newest, {})]:
        target = fresh / "latest" / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * (name.count("/") + 1)
        target.write_text(
            redirect_page(f"{up}{newest}/{name}.html", f"Edition {newest}: {name}", f"{up}{icon}"), encoding="utf-8"
        )
    switcher = [
        {
            "version": e,
            "name": metas[e]["short_title"] + (" (latest)" if e == newest else ""),
            "url": f"{e}/",
            "preferred": e == newest,
            "pages": sorted([*pages[e], *moved.get(e, {})]),
        }
        for e in reversed(ids)
    ]
    (fresh / "switcher.json").write_text(json.dumps(switcher, indent=1) + "\n", encoding="utf-8")
    (fresh / "editions.html").write_text(editions_page(ids, metas), encoding="utf-8")
    for path in [fresh / "index.html", fresh / "editions.html", *sorted((fresh / "latest").rglob("*.html"))]:
        path.write_text(headers.harden(path.read_text(encoding="utf-8"), tile_origin), encoding="utf-8")
    (fresh / ".nojekyll").write_text("", encoding="utf-8")
    # mkdtemp makes the folder private to its owner; a published site is for everyone to read.
    fresh.chmod(0o755)


def mark_superseded(folder: Path, newest: str, short_title: str, newest_pages: set[str]) -> None:
    """Say on every page of an edition that a newer one exists, linking to the same page in it (or its home
    page). The pages' other bytes stay as they were published (tests/test_versions.py compares them)."""
    for path in sorted(folder.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        found = ARTICLE.search(html)
        if found is None:
            continue  # a map document, a redirect: not a page a reader lands on
        name = path.relative_to(folder).with_suffix("").as_posix()
        up = "../" * (name.count("/") + 1)
        href = f"{up}{newest}/{name if name in newest_pages else 'index'}.html"
        notice = str(macro("site_pages.html", "newer_edition")(href, short_title))
        path.write_text(html[: found.end()] + notice + html[found.end() :], encoding="utf-8")


def redirect_page(target: str, title: str, icon: str | None = None) -> str:
    """A page that sends the reader on to `target` (relative), with a plain link for anyone not redirected."""
    return str(macro("site_pages.html", "redirect")(target, title, icon)) + "\n"


def editions_page(ids: list[str], metas: dict[str, dict]) -> str:
    items = [
        {"id": e, "short_title": metas[e]["short_title"], "title": metas[e]["title"], "latest": e == ids[-1]}
        for e in reversed(ids)
    ]
    return str(macro("site_pages.html", "editions")(items, f"{ids[-1]}/_static/favicon.svg")) + "\n"
