"""The site build: validate, prepare, execute, publish (see DESIGN.md).

    validate   the Great Expectations gate, once for all editions (stops on any error)
    prepare    publishable tables and figures per edition (_build/prepared/)
    stage      one Jupyter Book source folder per edition (_build/stage/)
    execute    papermill runs the notebooks (in parallel), Jinja renders the Markdown;
               the edition's data downloads are written in the same pool
    book       jupyter-book builds each edition with warnings as errors
    publish    the site is assembled in a folder of its own and swapped in

Validation, pages, downloads and books whose inputs have not changed are reused from
_build/cache/ (see cache.py). A failure at any stage raises BuildError and
leaves _build/site as it was.
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

from .. import accessibility, dataset, downloads, editions, escape, paths, prepared, scan, security, settings, validation
from ..problems import DataProblemError, ProblemReport
from . import cache, execute, stage


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
    cache: str = ""  # what was reused from the build cache


def build_site(root: Path | None = None, edition_ids: list[str] | None = None, jobs: int | None = None,
               log=print, use_cache: bool | None = None) -> BuildResult:
    """Validate, prepare, execute and publish; steps whose inputs have not changed are reused (see cache.py)."""
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
    store = cache.Cache(root, use_cache)
    code = cache.code_digest()

    started = time.perf_counter()
    checked = {edition_id: _validate(edition_id, root, store, code, log) for edition_id in ids}
    if store.misses["validation"]:
        # Data Docs show the values checks flagged: for maintainers, never published.
        from ..validation.gate import Gate
        Gate.shared().build_data_docs(build / "validation" / "data-docs")
    timings["validate"] = time.perf_counter() - started
    log(f"validated {len(ids)} edition(s) in {timings['validate']:.1f} s")

    started = time.perf_counter()
    for position, edition_id in enumerate(ids):
        previous = checked[ids[position - 1]].data if position else None
        prepared.write(checked[edition_id].data, prepared.folder(edition_id, root), previous,
                       quality=checked[edition_id].quality, root=root)
        found = scan.scan(prepared.load(edition_id, root), checked[edition_id].data.reference)
        if found:
            raise BuildError(f"Edition {edition_id} would publish personal details; nothing was published.",
                             ProblemReport(found))
    timings["prepare"] = time.perf_counter() - started

    started = time.perf_counter()
    pages: dict[str, list[str]] = {}
    stages = {}
    for position, edition_id in enumerate(ids):
        data = prepared.load(edition_id, root)
        folder = build / "stage" / edition_id
        stage.prepare_folder(folder, root)
        toc, specs = stage.plan(data, root)
        stage.write_toc(folder, toc)
        stage.write_config(folder, data, root)
        inputs = [prepared.folder(e, root) for e in ids[max(0, position - 1):position + 1]]
        _produce(edition_id, specs, folder, root, jobs, store, page_inputs(code, root, config, inputs))
        pages[edition_id] = [spec.name for spec in specs]
        stages[edition_id] = folder
    timings["execute"] = time.perf_counter() - started
    log(f"produced {sum(len(p) for p in pages.values())} pages in {timings['execute']:.1f} s")

    started = time.perf_counter()
    books = {edition_id: _book(folder, edition_id, store, code) for edition_id, folder in stages.items()}
    timings["jupyter-book"] = time.perf_counter() - started
    log(f"built {len(stages)} book(s) in {timings['jupyter-book']:.1f} s")

    started = time.perf_counter()
    metas = {e: prepared.load(e, root).edition for e in ids}
    site = _publish(build, books, ids, pages, metas, config.tiles.origin)
    timings["publish"] = time.perf_counter() - started
    if store.on:
        if edition_ids is None:  # a build of some editions keeps what the others need
            store.prune()
        log(f"reused from the build cache: {store.summary()}")
    return BuildResult(site=site, editions=ids, timings=timings, pages=pages, cache=store.summary())


def page_inputs(code: str, root: Path, config: settings.Settings, prepared_folders: list[Path]) -> str:
    """What every page of an edition is made from, besides its own source and parameters."""
    # Settings may come from the environment (KENYA_ROUTES_TILES, ..._SITE_URL) as well as _config.yml.
    used = {"tiles": [config.tiles.url, config.tiles.attribution, config.tiles.max_zoom],
            "site_url": config.site_url, "threshold": config.disclosure_threshold}
    return cache.Digest(code, root / "_config.yml", used, *prepared_folders).hexdigest()


@dataclass
class _Checked:
    data: object  # RouteData
    quality: dict


def _validate(edition_id: str, root: Path, store: cache.Cache, code: str, log) -> _Checked:
    """The validation gate, or its stored outcome if nothing it reads has changed."""
    key = cache.Digest(code, paths.expectations_dir(root), paths.reference_dir(root),
                       paths.editions_dir(root) / edition_id).hexdigest()
    hit = store.lookup("validation", key)
    if hit is not None:
        stored = json.loads((hit / "outcome.json").read_text(encoding="utf-8"))
        if stored["warnings"]:
            log(stored["warnings"])
        return _Checked(dataset.load_routes(edition_id, root), stored["quality"])
    outcome = validation.validate_edition(edition_id, root)
    if outcome.report.errors:
        raise BuildError(f"Edition {edition_id} did not pass validation; nothing was published.", outcome.report)
    warnings = outcome.report.render() if outcome.report.warnings else ""
    if warnings:
        log(warnings)
    record = {"quality": outcome.quality_summary(), "warnings": warnings}
    store.store("validation", key, lambda folder: (folder / "outcome.json").write_text(
        json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8"))
    return _Checked(outcome.data, record["quality"])


def _page_outputs(spec: stage.PageSpec) -> list[str]:
    """What producing a page writes into the stage: the page and its files."""
    suffix = ".ipynb" if spec.is_notebook else ".md"
    return [f"{spec.name}{suffix}", f"extra/assets/{spec.name.replace('/', '-')}"]


def _produce(edition_id: str, specs: list[stage.PageSpec], folder: Path, root: Path, jobs: int,
             store: cache.Cache, inputs: str) -> None:
    """Write the edition's downloads; execute or render every page whose inputs changed, copy the others
    from the cache."""
    keys = {spec.name: cache.Digest(inputs, spec.name, spec.parameters, spec.source).hexdigest() for spec in specs}
    downloads_key = cache.Digest(inputs, "edition downloads").hexdigest()
    downloads_hit = store.lookup("downloads", downloads_key)
    if downloads_hit is not None:
        _copy_outputs(downloads_hit, folder, [execute.DOWNLOADS])
    missing = []
    for spec in specs:
        hit = store.lookup("pages", keys[spec.name])
        if hit is None:
            missing.append(spec)
        else:
            _copy_outputs(hit, folder, _page_outputs(spec))
    try:
        execute.produce_all(missing, folder, root, jobs, downloads_of=None if downloads_hit else edition_id)
    except execute.PageError as error:
        raise BuildError(str(error)) from None
    if downloads_hit is None:
        store.store("downloads", downloads_key, lambda entry: _copy_outputs(folder, entry, [execute.DOWNLOADS]))
    for spec in missing:
        store.store("pages", keys[spec.name],
                    lambda entry, spec=spec: _copy_outputs(folder, entry, _page_outputs(spec)))


def _copy_outputs(source: Path, target: Path, relatives: list[str]) -> None:
    """Copy files and folders, named relative to both, from a stage to a cache entry or back."""
    for relative in relatives:
        if (source / relative).is_dir():
            cache.copy_into(source / relative, target / relative)
        elif (source / relative).is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / relative, target / relative)


def _book(folder: Path, edition_id: str, store: cache.Cache, code: str) -> Path:
    """The edition's HTML: built by Jupyter Book, or reused if every staged file is as before."""
    key = cache.Digest(code, folder).hexdigest()
    hit = store.lookup("books", key)
    if hit is not None:
        return hit / "html"
    html = _jupyter_book(folder, edition_id)
    stored = store.store("books", key, lambda entry: shutil.copytree(html, entry / "html"))
    return stored / "html" if stored else html


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


def _publish(build: Path, books: dict[str, Path], ids: list[str], pages: dict[str, list[str]],
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
        _assemble(fresh, books, ids, pages, metas, tile_origin)
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


def _assemble(fresh: Path, books: dict[str, Path], ids: list[str], pages: dict[str, list[str]],
              metas: dict[str, dict], tile_origin: str | None) -> None:
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
        security.harden_site(folder, tile_origin, fix=accessibility.fix)
        zip_path = folder / "downloads" / f"{downloads.file_stem(metas[edition_id], 'site')}.zip"
        downloads.zip_folder(folder, zip_path, downloads.readme(metas[edition_id]),
                             prefix=downloads.file_stem(metas[edition_id], "site"))
    newest = ids[-1]
    icon = f"{newest}/_static/favicon.svg"
    (fresh / "index.html").write_text(stage.redirect_page(f"{newest}/index.html", f"Edition {newest}", icon),
                                      encoding="utf-8")
    for name in ["index", *pages[newest]]:
        target = fresh / "latest" / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * (name.count("/") + 1)
        target.write_text(stage.redirect_page(f"{up}{newest}/{name}.html", f"Edition {newest}: {name}",
                                              f"{up}{icon}"), encoding="utf-8")
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
            f'<link rel="icon" href="{escape.html(ids[-1])}/_static/favicon.svg" type="image/svg+xml">'
            "<title>Kenya's Human-Trafficking Routes: all editions</title>"
            "<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
            "color:#1b1b1b}a{color:#0050a0}</style></head><body><main><h1>All editions</h1>"
            "<p>Each edition keeps its own pages and permanent links.</p>"
            f"<ul>{items}</ul></main></body></html>\n")
