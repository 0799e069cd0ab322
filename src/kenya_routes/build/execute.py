"""Executing and rendering pages: papermill for notebooks, Jinja for Markdown.

A notebook is executed with its parameters into the stage (never over its
source), then its Markdown cells are rendered with the edition's data. A
Markdown page is rendered the same way. Both get the page's remaining figures
appended, so every figure has an anchor on its page.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import nbformat

from .. import downloads, prepared, templating
from .stage import PageSpec


class PageError(RuntimeError):
    """A page could not be produced; the message names the notebook and the cell."""


# Where an edition's data downloads are staged (and published as <edition>/data/).
DOWNLOADS = "extra/data"

_LOADED: dict[tuple, prepared.SiteData] = {}


def _prepared(edition_id: str, root: Path | None) -> prepared.SiteData:
    """An edition's prepared data, read once per process (a worker renders many of its pages)."""
    routes = prepared.folder(edition_id, root) / prepared.ROUTES_FILE
    key = (edition_id, str(root), routes.stat().st_mtime_ns)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = prepared.load(edition_id, root)
    return _LOADED[key]


def produce(spec: PageSpec, stage: Path, root: Path | None) -> Path:
    """Execute or render one page into the stage; returns the file written."""
    data = _prepared(spec.parameters["edition"], root)
    values = templating.context(data, spec.name, spec.region)
    if spec.is_notebook:
        output = stage / f"{spec.name}.ipynb"
        output.parent.mkdir(parents=True, exist_ok=True)
        _execute(spec, output, stage)
        notebook = nbformat.read(output, as_version=4)
        for cell in notebook.cells:
            tags = cell.metadata.setdefault("tags", [])
            if "injected-parameters" in tags and "remove-cell" not in tags:
                tags.append("remove-cell")  # the build's own paths are not for readers
        for number, cell in enumerate(notebook.cells, start=1):
            if cell.cell_type == "markdown":
                cell.source = _render(cell.source, values, spec, number)
        notebook.cells.append(nbformat.v4.new_markdown_cell(values["_figures"].section() or ""))
        notebook.cells = [c for c in notebook.cells if c.cell_type != "markdown" or c.source.strip()]
        nbformat.write(notebook, output)
        return output
    output = stage / f"{spec.name}.md"
    output.parent.mkdir(parents=True, exist_ok=True)
    text = _render(spec.source.read_text(encoding="utf-8"), values, spec, None)
    output.write_text(text + values["_figures"].section(), encoding="utf-8")
    return output


def _render(source: str, values: dict, spec: PageSpec, cell: int | None) -> str:
    try:
        return templating.render(source, values)
    except Exception as error:  # a template naming a figure this edition lacks, a syntax slip
        where = f"Markdown cell {cell}" if cell else "the page"
        raise PageError(f"{spec.describe()}: {where} could not be rendered: {type(error).__name__}: {error}") from None


def _execute(spec: PageSpec, output: Path, stage: Path) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.WARNING)
    parameters = dict(spec.parameters, stage_dir=str(stage))
    try:
        papermill.execute_notebook(str(spec.source), str(output), parameters=parameters, kernel_name="python3",
                                   progress_bar=False, log_output=False, cwd=str(stage),
                                   request_save_on_cell_execute=False,
                                   # The kernel's own log (transport notices, shutdown) is not the reader's
                                   # concern; errors in cells are raised above with the cell that failed.
                                   extra_arguments=["--IPKernelApp.log_level=CRITICAL"])
    except PapermillExecutionError as error:
        raise PageError(f"{spec.describe()} failed in cell {error.exec_count}: {error.ename}: {error.evalue}") from None


def produce_all(specs: list[PageSpec], stage: Path, root: Path | None, jobs: int,
                downloads_of: str | None = None) -> list[Path]:
    """Produce every page, notebooks in parallel; with `downloads_of`, that edition's data downloads too.

    The downloads (the whole route table as CSV and XLSX) take longest in a large
    edition, so they start first and run beside the pages rather than before them.
    """
    if jobs <= 1 or len(specs) + bool(downloads_of) <= 1:
        if downloads_of:
            write_downloads(downloads_of, stage, root)
        return [produce(spec, stage, root) for spec in specs]
    from concurrent.futures import ProcessPoolExecutor

    env_root = str(root) if root else os.environ.get("KENYA_ROUTES_ROOT")
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(env_root,)) as pool:
        written = pool.submit(write_downloads, downloads_of, stage, root) if downloads_of else None
        futures = [pool.submit(produce, spec, stage, root) for spec in specs]
        if written:
            written.result()
        return [future.result() for future in futures]


def write_downloads(edition_id: str, stage: Path, root: Path | None) -> Path:
    """The edition's data downloads: publishable routes (CSV, XLSX), figures and suppression log."""
    data = _prepared(edition_id, root)
    folder = stage / DOWNLOADS
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
    return folder


def _init_worker(root: str | None) -> None:
    if root:
        os.environ["KENYA_ROUTES_ROOT"] = root
