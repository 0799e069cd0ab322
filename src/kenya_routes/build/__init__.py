"""The site build: validate, prepare, execute, publish (see DESIGN.md).

    validate   the Great Expectations gate, once for all editions (stops on any error)
    prepare    publishable tables and figures per edition (_build/prepared/)
    stage      one Jupyter Book source folder per edition (_build/stage/)
    execute    papermill runs the notebooks, Jinja renders the Markdown
    publish    jupyter-book builds each edition with warnings as errors;
               the site is assembled in a temporary folder and swapped in

A failure at any stage raises BuildError and leaves _build/site as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import accessibility, downloads, editions, escape, paths, prepared, scan, security, settings, validation
from ..problems import DataProblemError, ProblemReport
from . import execute, stage


class BuildError(RuntimeError):
    def __init__(self, message: str, report: ProblemReport | None = None):
        super().__init__(message)
        self.report = report


@dataclass
class BuildResult:
    site: Path
    editions: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    pages: dict[str, list[str]] = field(default_factory=dict)


def build_site(root: Path | None = None, edition_ids: list[str] | None = None, jobs: int | None = None,
               log=print) -> BuildResult:
    root = (root or paths.project_root()).resolve()
    os.environ["KENYA_ROUTES_ROOT"] = str(root)
    build = paths.build_dir(root)
    ids = edition_ids or editions.edition_ids(root)
    if not ids:
        raise BuildError("There is no edition under data/editions/.")
    jobs = jobs or max(1, min(4, os.cpu_count() or 1))
    timings: dict[str, float] = {}
    try:
        config = settings.load(root)
    except DataProblemError as error:
        raise BuildError("The settings in _config.yml are not valid; nothing was published.", error.report) from None

    started = time.perf_counter()
    outcomes = {}
    for edition_id in ids:
        outcome = validation.validate_edition(edition_id, root)
        if outcome.report.errors:
            raise BuildError(f"Edition {edition_id} did not pass validation; nothing was published.", outcome.report)
        if outcome.report.warnings:
            log(outcome.report.render())
        outcomes[edition_id] = outcome
    # Data Docs show the values checks flagged: for maintainers, never published.
    from ..validation.gate import Gate
    Gate.shared().build_data_docs(build / "validation" / "data-docs")
    timings["validate"] = time.perf_counter() - started
    log(f"validated {len(ids)} edition(s) in {timings['validate']:.1f} s")

    started = time.perf_counter()
    for position, edition_id in enumerate(ids):
        previous = outcomes[ids[position - 1]].data if position else None
        prepared.write(outcomes[edition_id].data, prepared.folder(edition_id, root), previous,
                       quality=outcomes[edition_id].quality_summary(), root=root)
        found = scan.scan(prepared.load(edition_id, root), outcomes[edition_id].data.reference)
        if found:
            raise BuildError(f"Edition {edition_id} would publish personal details; nothing was published.",
                             ProblemReport(found))
    timings["prepare"] = time.perf_counter() - started

    started = time.perf_counter()
    pages: dict[str, list[str]] = {}
    stages = {}
    for edition_id in ids:
        data = prepared.load(edition_id, root)
        folder = build / "stage" / edition_id
        stage.prepare_folder(folder, root)
        toc, specs = stage.plan(data, root)
        stage.write_toc(folder, toc)
        stage.write_config(folder, data, root)
        _write_edition_data(folder / "extra" / "data", data)
        try:
            execute.produce_all(specs, folder, root, jobs)
        except execute.PageError as error:
            raise BuildError(str(error)) from None
        pages[edition_id] = [spec.name for spec in specs]
        stages[edition_id] = folder
    timings["execute"] = time.perf_counter() - started
    log(f"executed {sum(len(p) for p in pages.values())} pages in {timings['execute']:.1f} s")

    started = time.perf_counter()
    for edition_id, folder in stages.items():
        _jupyter_book(folder, edition_id)
    timings["jupyter-book"] = time.perf_counter() - started
    log(f"built {len(stages)} book(s) in {timings['jupyter-book']:.1f} s")

    metas = {e: prepared.load(e, root).edition for e in ids}
    site = _publish(build, stages, ids, pages, metas, config.tiles.origin)
    return BuildResult(site=site, editions=ids, timings=timings, pages=pages)


def _write_edition_data(folder: Path, data: prepared.SiteData) -> None:
    """The edition's data downloads: publishable routes and the figures."""
    folder.mkdir(parents=True, exist_ok=True)
    meta = data.edition
    stem = downloads.file_stem(meta, "routes")
    (folder / f"{stem}.csv").write_bytes(downloads.csv_bytes(data.routes, meta))
    (folder / f"{stem}.xlsx").write_bytes(downloads.xlsx_bytes(data.routes, meta, sheet="Routes"))
    published = {
        "edition": meta["id"], "title": meta["title"], "status": meta["status"], "publisher": meta["publisher"],
        "licence": meta["licence"], "licence_url": meta["licence_url"], "citation": meta["citation"],
        "note": ("Reconstructed edition: only figures with citable = true are stated in the source document "
                 "and reproduced by the data; the others are illustrative.") if meta["status"] == "reconstructed" else "",
        "figures": list(data.figures.values()),
    }
    (folder / "figures.json").write_text(json.dumps(published, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "suppression.json").write_text(json.dumps(data.suppression, indent=1, ensure_ascii=False) + "\n",
                                             encoding="utf-8")


def _jupyter_book(folder: Path, edition_id: str) -> Path:
    output = folder / "_build"
    if output.exists():
        shutil.rmtree(output)
    command = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(folder),
               "--warningiserror", "--nitpick", "--keep-going", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True)
    html = output / "html"
    if result.returncode != 0 or not (html / "index.html").is_file():
        problems = [line for line in (result.stdout + result.stderr).splitlines()
                    if "WARNING" in line or "ERROR" in line or "Error" in line]
        detail = "\n".join(problems[-30:]) or (result.stdout + result.stderr)[-3000:]
        raise BuildError(f"jupyter-book could not build edition {edition_id} (warnings are errors):\n{detail}")
    return html


SITE_BUILDS = "site-builds"


def _publish(build: Path, stages: dict[str, Path], ids: list[str], pages: dict[str, list[str]],
             metas: dict[str, dict], tile_origin: str | None) -> Path:
    """Assemble the site in a folder of its own, then swap it in with one rename.

    `_build/site` is a symbolic link to the folder under `_build/site-builds/`
    that holds the published site. The new site is assembled beside it and the
    link is replaced in one atomic rename, so an interrupted or failed build
    leaves the previous site exactly as it was, and a reader (or a server) never
    sees half of each. Each edition keeps its own folder; the root, `latest/`,
    `editions.html` and `switcher.json` are the only files that change when an
    edition is added.
    """
    site = build / "site"
    builds = build / SITE_BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-"), dir=builds))
    try:
        _assemble(fresh, stages, ids, pages, metas, tile_origin)
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


def _assemble(fresh: Path, stages: dict[str, Path], ids: list[str], pages: dict[str, list[str]],
              metas: dict[str, dict], tile_origin: str | None) -> None:
    for edition_id, folder in stages.items():
        shutil.copytree(folder / "_build" / "html", fresh / edition_id)
        for leftover in (".buildinfo", ".doctrees"):
            path = fresh / edition_id / leftover
            if path.is_file():
                path.unlink()
            elif path.is_dir():
                shutil.rmtree(path)
    for edition_id in ids:
        folder = fresh / edition_id
        security.harden_site(folder, tile_origin, fix=accessibility.fix)
        zip_path = folder / "downloads" / f"{downloads.file_stem(metas[edition_id], 'site')}.zip"
        downloads.zip_folder(folder, zip_path, downloads.readme(metas[edition_id]),
                             prefix=downloads.file_stem(metas[edition_id], "site"))
    newest = ids[-1]
    (fresh / "index.html").write_text(stage.redirect_page(f"{newest}/index.html", f"Edition {newest}"),
                                      encoding="utf-8")
    for name in ["index", *pages[newest]]:
        target = fresh / "latest" / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * (name.count("/") + 1)
        target.write_text(stage.redirect_page(f"{up}{newest}/{name}.html", f"Edition {newest}: {name}"),
                          encoding="utf-8")
    switcher = [{"version": e, "name": metas[e]["short_title"] + (" (latest)" if e == newest else ""),
                 "url": f"{e}/", "preferred": e == newest, "pages": sorted(pages[e])} for e in reversed(ids)]
    (fresh / "switcher.json").write_text(json.dumps(switcher, indent=1) + "\n", encoding="utf-8")
    (fresh / "editions.html").write_text(_editions_page(ids, metas), encoding="utf-8")
    for path in [fresh / "index.html", fresh / "editions.html", *sorted((fresh / "latest").rglob("*.html"))]:
        path.write_text(security.harden(path.read_text(encoding="utf-8"), tile_origin), encoding="utf-8")
    (fresh / ".nojekyll").write_text("", encoding="utf-8")
    # mkdtemp makes the folder private to its owner; a published site is for everyone to read.
    fresh.chmod(0o755)


def _editions_page(ids: list[str], metas: dict[str, dict]) -> str:
    items = "".join(
        f'<li><a href="{escape.html(e)}/index.html">{escape.html(metas[e]["short_title"])}</a>: '
        f'{escape.html(metas[e]["title"])}{" (latest)" if e == ids[-1] else ""}</li>' for e in reversed(ids))
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            "<title>Kenya's Human-Trafficking Routes: all editions</title>"
            "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
            "color:#1b1b1b}a{color:#0050a0}</style></head><body><main><h1>All editions</h1>"
            "<p>Each edition keeps its own pages and permanent links.</p>"
            f"<ul>{items}</ul></main></body></html>\n")
