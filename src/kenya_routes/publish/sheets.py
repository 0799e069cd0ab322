"""Making every edition's fact sheets (render/factsheets.py) into its stage, before its pages.

Pages link their sheet with its size ("Fact sheet, PDF, 140 KB"), so the sheets are made first, in
parallel, each reused from the build cache while what it is made from has not changed (the edition's
prepared data, the reference tables, the settings, the code and the basemap). A reused sheet keeps the
date it was made on: its content is that of that day. Each sheet's text is read back from the PDF and
put through the publication scanner, like every other published text.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..inputs.problems import Problem
from ..inputs.reference import Reference, load_reference
from ..prepare import prepared, scan
from ..render import factsheets, language
from . import cache
from .progress import Step

# Where an edition's fact sheets are staged (and published as <edition>/factsheets/).
FOLDER = "extra/factsheets"
# The self-served basemap the sheets' maps are drawn on (the same world-atlas file as the site's maps).
BASEMAP = "node_modules/world-atlas/countries-110m.json"


class SheetError(RuntimeError):
    """A sheet could not be made, or would publish a personal detail; nothing is published."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class Job:
    """One sheet to make: where its edition's data is, where it goes, and the day it is made."""

    edition: str
    sheet: factsheets.Sheet
    prepared: Path
    reference: Path
    basemap: Path
    target: Path
    made: date
    language: str = "en"  # the code of the sheet's language (render/language.py)
    locales: Path | None = None  # the project's catalogues (for a language other than English)


def make(job: Job) -> list[Problem]:
    """Make one sheet into its target; the personal details its text would publish, if any (then no file)."""
    data = prepared.load(job.prepared)
    reference = load_reference(job.reference)
    try:
        spoken = language.load(job.language, job.locales)
        pdf = factsheets.make(data, reference, job.sheet, job.basemap, job.made, spoken)
    except (factsheets.FactSheetError, language.LanguageError) as error:
        raise SheetError(str(error)) from None
    try:
        found = scan.scan_text(
            data,
            reference,
            f"fact sheet {job.target.name}",
            factsheets.text_of(pdf),
            factsheets.addresses(data, job.sheet),
            spoken.known_texts(reference),
            spoken.code,
        )
    except scan.ScanError as error:
        raise SheetError(str(error)) from None
    if found:
        return found
    job.target.parent.mkdir(parents=True, exist_ok=True)
    job.target.write_bytes(pdf)
    return []


def staged(data: prepared.PreparedEdition, reference: Reference, stage: Path, locales: Path) -> list[dict[str, Any]]:
    """The edition's fact sheets made into its stage, for its pages' links, English first: the page, the
    sheet's name in English, its language (code, name in itself, whether the coalition reviewed the
    translation), its title in its language, its file and size."""
    found = []
    for code in language.LANGUAGES:
        made = [(sheet, stage / FOLDER / sheet.file_name(data.edition, code)) for sheet in factsheets.plan(data)]
        made = [(sheet, path) for sheet, path in made if path.is_file()]
        if not made:  # a build without sheets reads no catalogue
            continue
        spoken = language.load(code, locales)
        for sheet, path in made:
            found.append(
                {
                    "page": sheet.page,
                    "name": sheet.name,
                    "language": code,
                    "language_name": spoken.name,
                    "reviewed": spoken.reviewed,
                    "title": spoken._("Fact sheet: {name}", name=sheet.name_in(spoken, reference)),
                    "file": path.name,
                    "bytes": path.stat().st_size,
                }
            )
    return found


def make_all(jobs: list[Job], workers: int, store: cache.Cache, digests: dict[str, str], step: Step) -> None:
    """Make every sheet whose inputs changed, in parallel; copy the others from the cache.

    `digests` gives, per edition, the digest of what its sheets are made from.
    """
    missing = []
    for job in jobs:
        hit = store.lookup("sheets", key(digests[job.edition], job))
        if hit is None:
            missing.append(job)
            continue
        job.target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(hit / job.target.name, job.target)
        step.done(label(job))
    problems = _run(missing, workers, step)
    if problems:
        raise SheetError("A fact sheet would publish personal details; nothing was published.", problems)
    for job in missing:
        store.store(
            "sheets",
            key(digests[job.edition], job),
            lambda entry, job=job: shutil.copy2(job.target, entry / job.target.name),
        )


def key(digest: str, job: Job) -> str:
    # A sheet in another language than English is made from that language's catalogue too: a corrected
    # translation remakes only the sheets in that language (and the pages that link them).
    catalogue = () if job.language == "en" else (language.catalogue_path(job.language, job.locales),)
    return cache.Digest(
        digest, "fact sheet", job.sheet.key, job.sheet.name, job.sheet.page, job.sheet.regions, job.language, *catalogue
    ).hexdigest()


def label(job: Job) -> str:
    return f"{job.edition}/fact sheet {job.sheet.key}" + ("" if job.language == "en" else f" ({job.language})")


def _run(missing: list[Job], workers: int, step: Step) -> list[Problem]:
    if workers <= 1 or len(missing) <= 1:
        found = []
        for job in missing:
            step.start(label(job))
            found += make(job)
            step.done(label(job))
        return found
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .interrupt import worker_signals

    # Workers start as new interpreters, not forks: vl-convert's threads (its JavaScript engine) do not
    # survive a fork, and a process that has drawn a chart before (a test run, a notebook) would leave a
    # forked worker waiting forever on a lock held by a thread that no longer exists.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, initializer=worker_signals, mp_context=context) as pool:
        try:
            futures = {pool.submit(make, job): job for job in missing}
            # The pool takes the sheets in order, `workers` at a time: those shown as being made are the
            # first ones not yet finished.
            waiting = list(missing)
            for job in waiting[:workers]:
                step.start(label(job))
            found = []
            for future in as_completed(futures):
                found += future.result()
                finished = futures[future]
                step.done(label(finished))
                position = waiting.index(finished)
                waiting.remove(finished)
                if position < workers and len(waiting) >= workers:
                    step.start(label(waiting[workers - 1]))
            return found
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
