"""Executing and rendering pages: papermill for notebooks, Jinja for Markdown.

A notebook is executed with its parameters into the stage (never over its
source), then its Markdown cells are rendered with the edition's data. A
Markdown page is rendered the same way. Both get the page's remaining figures
appended, so every figure has an anchor on its page.

Every worker is given what it reads: the stage, the edition's prepared data
and the reference tables (`Inputs`); nothing travels through the environment.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from ..inputs.reference import Reference, load_reference
from ..prepare import figures, prepared, provenance, scan
from ..render import citations, downloads, language, markdown, route_table
from .progress import Step
from .stage import PageSpec


class PageError(RuntimeError):
    """A page could not be produced; the message names the notebook and the cell."""


# Where an edition's data downloads are staged (and published as <edition>/data/).
DOWNLOADS = "extra/data"
DOWNLOADS_LABEL = "data downloads"
# Cells of a notebook repeated once per region of its `regions` parameter (the "Other regions" page).
EACH_REGION = "each-region"
SECTION_KEY = "kenya_routes"


@dataclass(frozen=True)
class Inputs:
    """The folders an edition's pages are made from and into, and the fact sheets made for its pages."""

    stage: Path
    prepared: Path
    reference: Path
    fact_sheets: tuple[dict[str, Any], ...] = ()  # publish/sheets.staged: what the pages link
    # The languages besides English the edition's route table is published in (render/language.py), with the
    # project's catalogues: code, name, reviewed and the files' stem, as the downloads page lists them.
    languages: tuple[dict[str, Any], ...] = ()
    locales: Path | None = None

    def parameters(self) -> dict[str, str]:
        return {
            "stage_dir": str(self.stage),
            "prepared_dir": str(self.prepared),
            "reference_dir": str(self.reference),
            "locales_dir": str(self.locales or ""),
        }


_LOADED: dict[tuple, prepared.PreparedEdition] = {}


def _prepared(folder: Path) -> prepared.PreparedEdition:
    """An edition's prepared data, read once per process (a worker renders many of its pages)."""
    key = (str(folder), (folder / prepared.ROUTES_FILE).stat().st_mtime_ns)
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = prepared.load(folder)
    return _LOADED[key]


def produce(spec: PageSpec, inputs: Inputs) -> Path:
    """Execute or render one page into the stage; returns the file written."""
    data = _prepared(inputs.prepared)
    values = markdown.context(data, spec.name, spec.region, list(inputs.fact_sheets), list(inputs.languages))
    stage = inputs.stage
    if spec.is_notebook:
        output = stage / f"{spec.name}.ipynb"
        output.parent.mkdir(parents=True, exist_ok=True)
        _execute(spec, output, inputs)
        sections = {
            slug: dict(values, region=markdown.context(data, spec.name, slug)["region"])
            for slug in spec.parameters.get("regions", [])
        }
        notebook = nbformat.read(output, as_version=4)
        for cell in notebook.cells:
            tags = cell.metadata.setdefault("tags", [])
            if "injected-parameters" in tags and "remove-cell" not in tags:
                tags.append("remove-cell")  # the build's own paths are not for readers
        for number, cell in enumerate(notebook.cells, start=1):
            if cell.cell_type == "markdown":
                region = cell.metadata.get(SECTION_KEY, {}).get("region")
                cell.source = _render(cell.source, sections[region] if region else values, spec, number)
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
        return markdown.render(source, values)
    except Exception as error:  # a template naming a figure this edition lacks, a syntax slip
        where = f"Markdown cell {cell}" if cell else "the page"
        raise PageError(f"{spec.describe()}: {where} could not be rendered: {type(error).__name__}: {error}") from None


def _execute(spec: PageSpec, output: Path, inputs: Inputs) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    logging.getLogger("papermill").setLevel(logging.WARNING)
    parameters = dict(spec.parameters, **inputs.parameters())
    with tempfile.TemporaryDirectory(prefix="kenya-routes-kernel-") as sockets:
        try:
            papermill.execute_notebook(
                with_sections(spec) if spec.parameters.get("regions") else str(spec.source),
                str(output),
                parameters=parameters,
                kernel_name="python3",
                kernel_manager_class=_kernel_manager(sockets),
                progress_bar=False,
                log_output=False,
                cwd=str(inputs.stage),
                request_save_on_cell_execute=False,
                # The kernel's own log (transport notices, shutdown) is not the reader's
                # concern; errors in cells are raised above with the cell that failed.
                extra_arguments=["--IPKernelApp.log_level=CRITICAL"],
            )
        except PapermillExecutionError as error:
            failure = f"failed in cell {error.exec_count}: {error.ename}: {error.evalue}"
            raise PageError(f"{spec.describe()} {failure}") from None


def _kernel_manager(sockets: str) -> type:
    """A kernel manager that talks to its kernel over Unix sockets in `sockets`.

    Over TCP, jupyter_client picks free ports and the kernel binds them a moment later; a kernel
    started by another worker in that moment can take one, and the page fails with "Kernel died
    before replying to kernel_info". Sockets in a folder of the page's own cannot be taken.
    """
    from jupyter_client.manager import AsyncKernelManager

    class UnixSocketKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(transport="ipc", ip=os.path.join(sockets, "kernel"), **kwargs)

    return UnixSocketKernelManager


def with_sections(spec: PageSpec) -> nbformat.NotebookNode:
    """The page's notebook with its `each-region` cells once per region of the `regions` parameter.

    Each copy is preceded by a hidden cell setting `region`, and carries its region in its
    metadata, so its Markdown is rendered with that region's values (headings stay real Markdown).
    """
    notebook = nbformat.read(spec.source, as_version=4)
    section = [cell for cell in notebook.cells if EACH_REGION in cell.metadata.get("tags", [])]
    cells = []
    for cell in notebook.cells:
        if section and cell is section[0]:
            for region in spec.parameters["regions"]:
                start = nbformat.v4.new_code_cell(f"region = {json.dumps(region)}")
                start["id"] = f"set-region-{region}"[:64]
                start.metadata["tags"] = ["remove-cell"]
                cells.append(start)
                for template in section:
                    copy = nbformat.from_dict(json.loads(json.dumps(template)))
                    copy["id"] = f"{template.get('id', 'cell')}-{region}"[-64:]
                    copy.metadata[SECTION_KEY] = {"region": region}
                    cells.append(copy)
        elif not any(cell is repeated for repeated in section):
            cells.append(cell)
    notebook.cells = cells
    return notebook


def produce_all(
    specs: list[PageSpec], inputs: Inputs, jobs: int, with_downloads: bool = False, step: Step | None = None
) -> list[Path]:
    """Produce every page, notebooks in parallel; `with_downloads`, the edition's data downloads too.

    The downloads (the whole route table as CSV and XLSX) take longest in a large
    edition, so they start first and run beside the pages rather than before them.
    `step` hears which page starts and ends (see progress.py).
    """
    step = step or Step()
    work = [(DOWNLOADS_LABEL, write_downloads, inputs)] if with_downloads else []
    work += [(spec.name, produce, spec, inputs) for spec in specs]
    if jobs <= 1 or len(work) <= 1:
        results = []
        for name, function, *arguments in work:
            step.start(name)
            results.append(function(*arguments))
            step.done(name)
        return results[1:] if with_downloads else results
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from .interrupt import worker_signals

    with ProcessPoolExecutor(max_workers=jobs, initializer=worker_signals) as pool:
        try:
            futures = {pool.submit(function, *arguments): name for name, function, *arguments in work}
            order = list(futures)
            # The pool takes the work in the order it was given, `jobs` at a time: what is shown as running
            # is the next unfinished pieces in that order.
            shown: set = set()

            def show_running() -> None:
                for future in [f for f in order if not f.done()][:jobs]:
                    if future not in shown:
                        shown.add(future)
                        step.start(futures[future])

            show_running()
            pending = set(order)
            while pending:
                finished, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
                for future in finished:
                    future.result()  # a page that failed stops the build here
                    if future not in shown:
                        shown.add(future)
                    step.done(futures[future])
                show_running()
                if not finished:
                    step.tick()
            results = [future.result() for future in order]
            return results[1:] if with_downloads else results
        except BaseException:
            # A page failed or the build was interrupted: start nothing more, wait for nothing.
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def write_downloads(inputs: Inputs) -> Path:
    """The edition's data downloads: publishable routes (CSV, XLSX), figures with their citations, the
    suppression log, and the edition's citation as BibTeX, RIS and CSL-JSON."""
    data = _prepared(inputs.prepared)
    folder = inputs.stage / DOWNLOADS
    folder.mkdir(parents=True, exist_ok=True)
    meta = data.edition
    stem = downloads.file_stem(meta, "routes")
    (folder / f"{stem}.csv").write_bytes(downloads.csv_bytes(data.routes, meta))
    (folder / f"{stem}.xlsx").write_bytes(downloads.xlsx_bytes(data.routes, meta, sheet="Routes"))
    if inputs.languages:
        reference = load_reference(inputs.reference)
        for translation in inputs.languages:
            _write_translated_routes(data, reference, inputs.locales, translation["code"], folder)
    reconstructed = meta["status"] == "reconstructed"
    published = {
        "edition": meta["id"],
        "title": meta["title"],
        "status": meta["status"],
        "publisher": meta["publisher"],
        "licence": meta["licence"],
        "licence_url": meta["licence_url"],
        "citation": meta["citation"],
        "source_document": meta.get("document") or None,
        "provenance": {
            "reported": "stated in the source document; shown as it prints it (value), with the data's own "
            "value (data_value) and how they relate (check)",
            "reconstructed": provenance.NOT_FOR_CITATION,
            "computed": "computed from the route submissions; citable",
        },
        "note": downloads.RECONSTRUCTED_NOTICE + " Only figures with citable = true may be cited."
        if reconstructed
        else "",
        "figures": [
            {**figures.published(figure), "citation": citations.exports(meta, figure)}
            for figure in data.figures.values()
        ],
    }
    (folder / "figures.json").write_text(json.dumps(published, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "suppression.json").write_text(
        json.dumps(data.suppression, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    link = citations.edition_link(meta, data.settings["site_url"])
    (folder / "citation.bib").write_text(citations.bibtex(meta, link), encoding="utf-8")
    (folder / "citation.ris").write_text(citations.ris(meta, link), encoding="utf-8")
    (folder / "citation.json").write_text(citations.csl_json([citations.csl(meta, link)]), encoding="utf-8")
    return folder


def translated_download_stem(meta: dict[str, Any], code: str) -> str:
    """kenya-routes-2020-routes-sw: the route table in a language besides English."""
    return downloads.file_stem(meta, "routes", code)


def _write_translated_routes(
    data: prepared.PreparedEdition, reference: Reference, locales: Path | None, code: str, folder: Path
) -> None:
    """The route table in the language `code`, as CSV and XLSX, after its text has passed the publication
    scanner (the words come from the catalogue and the reference data's columns for the language)."""
    meta = data.edition
    try:
        spoken = language.load(code, locales)
        table = route_table.translated(data.routes, reference, spoken)
    except language.LanguageError as error:
        raise PageError(f"The route table in {code!r} could not be written: {error}") from None
    about = downloads.about_rows(meta, spoken)
    # Each distinct text once: the scanner reads line by line.
    texts = {str(value) for column in table.columns for value in table[column].explode().dropna().unique()}
    texts |= {*map(str, table.columns), *(text for row in about for text in row)}
    found = scan.scan_text(
        data,
        reference,
        f"route table in {spoken.name}",
        "\n".join(sorted(texts)),
        (meta.get("licence_url", ""),),
        spoken.known_texts(reference),
        spoken.code,
    )
    if found:
        details = "\n".join(problem.render() for problem in found)
        raise PageError(
            f"The route table in {spoken.name} would publish personal details; nothing was published:\n{details}"
        )
    stem = translated_download_stem(meta, code)
    (folder / f"{stem}.csv").write_bytes(downloads.csv_bytes(table, meta, language=spoken))
    columns = route_table.headers(list(data.routes.columns), spoken)
    (folder / f"{stem}.xlsx").write_bytes(
        downloads.xlsx_bytes(table, meta, sheet=spoken._("Routes"), language=spoken, columns=columns)
    )
