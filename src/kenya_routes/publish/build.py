"""The site build: validate, prepare, execute, publish (see docs/architecture.md).

    validate   the Great Expectations gate, for every edition (stops on any error)
    prepare    publishable tables and figures per edition (_build/prepared/), scanned for personal details
    stage      one Jupyter Book source folder per edition (_build/stage/)
    sheets     the fact sheets (PDF) of each edition, which its pages link with their size
    execute    papermill runs the notebooks (in parallel), Jinja renders the Markdown;
               the edition's data downloads (the route table also in each language of
               the catalogues) are written in the same pool
    book       jupyter-book builds each edition with warnings as errors
    publish    the site is assembled in a folder of its own and swapped in

Validation, pages, downloads and books whose inputs have not changed are reused from
_build/cache/ (see cache.py). A failure at any stage raises BuildError and
leaves _build/site as it was. One build of a project runs at a time (lock.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from .. import validation
from ..inputs import messages
from ..inputs.problems import DataProblemError, ProblemReport
from ..inputs.project import Project
from ..inputs.reference import load_reference
from ..prepare import prepared, scan
from ..render import charts, factsheets, language, markdown
from ..validation.gate import Gate
from . import cache, coverage, execute, headers, lock, sheets, site, stage
from .progress import Lines, Step

# The page that lists every fact sheet of its edition (the others link only their own).
DOWNLOADS_PAGE = "downloads"


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


def build_site(
    project: Project,
    edition_ids: list[str] | None = None,
    jobs: int | None = None,
    log=print,
    use_cache: bool = True,
    progress: Lines | None = None,
    wait: float = 0,
    fact_sheets: bool = True,
) -> BuildResult:
    """Validate, prepare, execute and publish; steps whose inputs have not changed are reused (see cache.py).

    The build reports what it does through `progress` (default: a line per step through `log`). One build
    of a project runs at a time (lock.py): another build's lock is waited for up to `wait` seconds, then
    the build stops with a BuildError naming the build that holds it. Without `fact_sheets` (for
    benchmarks), no fact sheet is made and no page links one.
    """
    progress = progress or Lines(log)
    try:
        with lock.hold(project.build_dir, wait=wait, log=progress.note):
            return _build_site(project, edition_ids, jobs, progress, use_cache, fact_sheets)
    except lock.BuildLocked as error:
        raise BuildError(str(error)) from None


def _build_site(
    project: Project,
    edition_ids: list[str] | None,
    jobs: int | None,
    progress: Lines,
    use_cache: bool,
    fact_sheets: bool,
) -> BuildResult:
    log = progress.note
    build = project.build_dir
    ids = edition_ids or project.edition_ids()
    if not ids:
        raise BuildError("There is no edition under data/editions/.")
    jobs = jobs or max(1, min(4, os.cpu_count() or 1))
    timings: dict[str, float] = {}
    store = cache.Cache(build / "cache", use_cache)
    code = cache.code_digest()
    try:  # a catalogue that cannot be used stops the build before anything is made
        spoken = [language.load(tongue, project.locales_dir) for tongue in language.LANGUAGES]
    except language.LanguageError as error:
        raise BuildError(f"{error}\nNothing was published.") from None
    # The languages besides English each edition's route table is published in, as the downloads page lists them.
    translations = tuple(
        {"code": tongue.code, "name": tongue.name, "reviewed": tongue.reviewed} for tongue in spoken[1:]
    )

    started = time.perf_counter()
    checked = {}
    with progress.step("Validating", "validated", len(ids), ("edition", "editions")) as step:
        for edition_id in ids:
            step.start(edition_id)
            checked[edition_id] = _checked(project, edition_id, store, code, log)
            step.done(edition_id)
        if store.misses["validation"]:
            # Data Docs show the values checks flagged: for maintainers, never published.
            Gate.shared(project.expectations_dir).build_data_docs(build / "validation" / "data-docs")
    timings["validate"] = time.perf_counter() - started

    started = time.perf_counter()
    folders = {edition_id: build / "prepared" / edition_id for edition_id in ids}
    for position, edition_id in enumerate(ids):
        previous = checked[ids[position - 1]].data if position else None
        edition = prepared.prepare_edition(
            checked[edition_id].data, previous, checked[edition_id].quality, project.settings
        )
        found = scan.scan(edition, checked[edition_id].data.reference)
        if found:
            raise BuildError(
                f"Edition {edition_id} would publish personal details; nothing was published.", ProblemReport(found)
            )
        if folders[edition_id].exists():
            shutil.rmtree(folders[edition_id])
        prepared.write(edition, folders[edition_id])
    timings["prepare"] = time.perf_counter() - started

    started = time.perf_counter()
    pages: dict[str, list[str]] = {}
    stages = {}
    metas = {}
    sections = {}
    plans = {}
    moved = {}
    loaded = {}
    for edition_id in ids:
        data = loaded[edition_id] = prepared.load(folders[edition_id])
        metas[edition_id] = data.edition
        sections[edition_id] = data.report
        # A region without a page of its own keeps its address, which leads to its section.
        moved[edition_id] = {f"regions/{slug}": f"other.html#region-{slug}" for _, slug in data.other_regions}
        folder = build / "stage" / edition_id
        stage.prepare_folder(folder, project)
        toc, specs = stage.plan(data, project)
        stage.write_toc(folder, toc)
        stage.write_config(folder, data, project)
        plans[edition_id] = specs
        pages[edition_id] = [spec.name for spec in specs]
        stages[edition_id] = folder
    timings["stage"] = time.perf_counter() - started

    started = time.perf_counter()
    if fact_sheets:
        _fact_sheets(project, ids, loaded, folders, stages, jobs, store, code, progress, spoken)
    timings["fact sheets"] = time.perf_counter() - started

    started = time.perf_counter()
    reference = load_reference(project.reference_dir)
    total = sum(len(specs) + 1 for specs in plans.values())  # each edition's pages and its data downloads
    with progress.step("Producing pages", "produced", total, ("page or download", "pages and downloads")) as step:
        for position, edition_id in enumerate(ids):
            # A page reads its own edition's prepared data, the previous edition's (what changed), the reference.
            read = [folders[e] for e in ids[max(0, position - 1) : position + 1]]
            # Pages link the edition's fact sheets with their titles and sizes.
            listing = sheets.staged(loaded[edition_id], reference, stages[edition_id], project.locales_dir)
            listed = tuple(
                dict(entry, stem=execute.translated_download_stem(metas[edition_id], entry["code"]))
                for entry in translations
            )
            inputs = execute.Inputs(
                stages[edition_id],
                folders[edition_id],
                project.reference_dir,
                tuple(listing),
                listed,
                project.locales_dir,
            )
            digest = page_inputs(code, project, read)
            _produce(plans[edition_id], inputs, jobs, store, digest, _Labelled(step, edition_id), listing, spoken)
    timings["execute"] = time.perf_counter() - started

    started = time.perf_counter()
    books = {}
    with progress.step("Building books", "built", len(stages), ("book", "books")) as step:
        for edition_id, folder in stages.items():
            step.start(edition_id)
            books[edition_id] = _book(folder, edition_id, store, code)
            step.done(edition_id)
    timings["jupyter-book"] = time.perf_counter() - started
    for edition_id, html in books.items():
        gaps = coverage.missing(html, sections[edition_id])
        if gaps:
            raise BuildError(coverage.message(edition_id, gaps))

    started = time.perf_counter()
    try:
        published = site.publish(build, books, ids, pages, metas, project.settings.tiles.origin, moved)
    except headers.InlineScriptError as error:
        raise BuildError(f"{error} Nothing was published.") from None
    timings["publish"] = time.perf_counter() - started
    if store.on:
        if edition_ids is None:  # a build of some editions keeps what the others need
            store.prune()
        for fault in store.damaged:
            log(f"A damaged build cache entry was rebuilt instead of reused ({fault}).")
        log(f"reused from the build cache: {store.summary()}")
    return BuildResult(site=published, editions=ids, timings=timings, pages=pages, cache=store.summary())


def page_inputs(code: str, project: Project, prepared_folders: list[Path]) -> str:
    """What every page of an edition is made from, besides its own source and parameters: the code, the
    settings (which the prepared data records), the reference tables (maps place points by them) and the
    prepared data it reads."""
    return cache.Digest(code, project.config_file, project.reference_dir, *prepared_folders).hexdigest()


def _fact_sheets(
    project: Project,
    ids: list[str],
    loaded: dict[str, prepared.PreparedEdition],
    folders: dict[str, Path],
    stages: dict[str, Path],
    jobs: int,
    store: cache.Cache,
    code: str,
    progress: Lines,
    spoken: list[language.Language],
) -> None:
    """Every edition's fact sheets, in each language of `spoken`, into its stage: made, or reused from the cache."""
    made: date = datetime.now(UTC).date()
    basemap = project.root / sheets.BASEMAP
    work, digests = [], {}
    for edition_id in ids:
        digests[edition_id] = cache.Digest(page_inputs(code, project, [folders[edition_id]]), basemap).hexdigest()
        for tongue in spoken:
            for sheet in factsheets.plan(loaded[edition_id]):
                target = stages[edition_id] / sheets.FOLDER / sheet.file_name(loaded[edition_id].edition, tongue.code)
                work.append(
                    sheets.Job(
                        edition_id,
                        sheet,
                        folders[edition_id],
                        project.reference_dir,
                        basemap,
                        target,
                        made,
                        tongue.code,
                        project.locales_dir,
                    )
                )
    with progress.step("Making fact sheets", "made", len(work), ("fact sheet", "fact sheets")) as step:
        try:
            sheets.make_all(work, jobs, store, digests, step)
        except sheets.SheetError as error:
            raise BuildError(str(error), ProblemReport(error.problems) if error.problems else None) from None


def _checked(project: Project, edition_id: str, store: cache.Cache, code: str, log) -> validation.Checked:
    """The validation gate, or its stored outcome if nothing it reads has changed."""
    key = cache.Digest(
        code, project.expectations_dir, project.reference_dir, project.edition_folder(edition_id)
    ).hexdigest()
    try:
        checked = validation.checked_edition(project, edition_id, store, key)
    except DataProblemError as error:
        raise BuildError(
            f"Edition {edition_id} did not pass validation; nothing was published.", error.report
        ) from None
    if checked.warnings:
        log(checked.warnings)
    return checked


def _page_outputs(spec: stage.PageSpec) -> list[str]:
    """What producing a page writes into the stage: the page and its files."""
    suffix = ".ipynb" if spec.is_notebook else ".md"
    return [f"{spec.name}{suffix}", f"extra/assets/{spec.name.replace('/', '-')}"]


class _Labelled(Step):
    """A step whose pieces are named with their edition ("2020/overview")."""

    def __init__(self, step: Step, edition_id: str):
        super().__init__()
        self.step, self.edition_id = step, edition_id

    def start(self, name: str) -> None:
        self.step.start(f"{self.edition_id}/{name}")

    def done(self, name: str) -> None:
        self.step.done(f"{self.edition_id}/{name}")

    def tick(self) -> None:
        self.step.tick()


def _produce(
    specs: list[stage.PageSpec],
    inputs: execute.Inputs,
    jobs: int,
    store: cache.Cache,
    digest: str,
    step: Step,
    fact_sheets: list[dict] | None = None,
    spoken: list[language.Language] | None = None,
) -> None:
    """Write the edition's downloads; execute or render every page whose inputs changed, copy the others
    from the cache. A page is keyed on the fact sheets it links (`fact_sheets`, sheets.staged): a page links
    its own, the downloads page all of them; and on what it says through the catalogues of `spoken`."""
    folder = inputs.stage
    # What a page shows of a sheet: its title, language, review status and size as the link gives it.
    shown = [dict(sheet, bytes=markdown.size_text(sheet["bytes"])) for sheet in fact_sheets or []]
    linked = {spec.name: [s for s in shown if spec.name == DOWNLOADS_PAGE or s["page"] == spec.name] for spec in specs}
    # The downloads page lists the route table in each language, with the translation's review status.
    listed = {spec.name: list(inputs.languages) if spec.name == DOWNLOADS_PAGE else [] for spec in specs}
    keys = {
        spec.name: cache.Digest(
            digest,
            spec.name,
            spec.parameters,
            spec.source,
            linked[spec.name],
            listed[spec.name],
            _said_on(spec, spoken or []),
        ).hexdigest()
        for spec in specs
    }
    catalogues = [language.catalogue_path(entry["code"], inputs.locales) for entry in inputs.languages]
    downloads_key = cache.Digest(digest, "edition downloads", *catalogues).hexdigest()
    downloads_hit = store.lookup("downloads", downloads_key)
    if downloads_hit is not None:
        _copy_outputs(downloads_hit, folder, [execute.DOWNLOADS])
        step.done(execute.DOWNLOADS_LABEL)
    missing = []
    for spec in specs:
        hit = store.lookup("pages", keys[spec.name])
        if hit is None:
            missing.append(spec)
        else:
            _copy_outputs(hit, folder, _page_outputs(spec))
            step.done(spec.name)
    try:
        execute.produce_all(missing, inputs, jobs, with_downloads=downloads_hit is None, step=step)
    except execute.PageError as error:
        raise BuildError(str(error)) from None
    if downloads_hit is None:
        store.store("downloads", downloads_key, lambda entry: _copy_outputs(folder, entry, [execute.DOWNLOADS]))
    for spec in missing:
        store.store(
            "pages", keys[spec.name], lambda entry, spec=spec: _copy_outputs(folder, entry, _page_outputs(spec))
        )


def _said_on(spec: stage.PageSpec, spoken: list[language.Language]) -> list[tuple[str, ...]]:
    """What a notebook page says through the catalogues, in each language besides English: the messages its
    code marks (a chart's title) and those every translated chart says, each with its translation, and who
    translated it. A corrected translation remakes only the pages that say it."""
    if not spec.is_notebook:
        return []
    said = [*messages.messages_in(spec.source), *charts.CHART_MESSAGES]
    try:
        return [
            (tongue.code, tongue.translator, tongue.reviewer, message, tongue._(message))
            for tongue in spoken
            if tongue.code != "en"
            for message in said
        ]
    except language.LanguageError as error:
        raise BuildError(f"{spec.describe()}: {error}") from None


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
    command = [
        str(Path(sys.executable).with_name("jupyter-book")),
        "build",
        str(folder),
        "--warningiserror",
        "--nitpick",
        "--keep-going",
        "--quiet",
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    html = output / "html"
    if result.returncode != 0 or not (html / "index.html").is_file():
        problems = [
            line
            for line in (result.stdout + result.stderr).splitlines()
            if "WARNING" in line or "ERROR" in line or "Error" in line
        ]
        detail = "\n".join(problems[-30:]) or (result.stdout + result.stderr)[-3000:]
        raise BuildError(f"jupyter-book could not build edition {edition_id} (warnings are errors):\n{detail}")
    return html
