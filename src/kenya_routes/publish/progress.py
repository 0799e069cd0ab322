"""What a build tells its maintainer while it runs.

A build's long steps (validating each edition, producing its pages and
downloads, building its books) report through a `Progress`. On a terminal,
`Bars` shows a live bar per step with the count done, the pages being worked
on and the time so far (tqdm); elsewhere (CI logs, a file) `Lines` prints one
plain line per step when it ends, and tests pass `Lines(log=lambda *_: None)`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from gettext import ngettext


class Step:
    """One step in progress: `start(name)` when a piece begins, `done(name)` when it ends."""

    def __init__(self, on_change: Callable[[Step], None] | None = None):
        self.done_count = 0
        self.running: list[str] = []
        self._on_change = on_change

    def start(self, name: str) -> None:
        self.running.append(name)
        self._changed()

    def done(self, name: str) -> None:
        if name in self.running:
            self.running.remove(name)
        self.done_count += 1
        self._changed()

    def tick(self) -> None:
        """Nothing finished, but time passed: a live display refreshes its clock."""
        self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change(self)


class Lines:
    """One line per step, once it ends: 'produced 48 pages in 41.3 s'."""

    def __init__(self, log: Callable[[str], None] = print):
        self.log = log

    @contextmanager
    def step(self, doing: str, done: str, total: int, unit: tuple[str, str]) -> Iterator[Step]:
        """A step of `total` pieces (`unit`: ('page', 'pages')); `done` is its summary's verb ('produced')."""
        started = time.perf_counter()
        step = Step()
        yield step
        self.log(summary(done, total, unit, time.perf_counter() - started))

    def note(self, text: str) -> None:
        self.log(text)


class Bars(Lines):
    """A live bar per step, on a terminal."""

    @contextmanager
    def step(self, doing: str, done: str, total: int, unit: str) -> Iterator[Step]:
        from tqdm import tqdm

        started = time.perf_counter()
        bar = tqdm(
            total=total,
            desc=doing,
            unit=f" {unit[1]}",
            leave=False,
            dynamic_ncols=True,
            bar_format="{desc}: {n_fmt}/{total_fmt}{unit} |{bar}| {elapsed} {postfix}",
        )

        def show(step: Step) -> None:
            bar.n = step.done_count
            running = ", ".join(step.running[:3]) + (" ..." if len(step.running) > 3 else "")
            bar.set_postfix_str(f"now: {running}" if running else "", refresh=False)
            bar.refresh()

        try:
            yield Step(show)
        finally:
            bar.close()
        self.log(summary(done, total, unit, time.perf_counter() - started))

    def note(self, text: str) -> None:
        from tqdm import tqdm

        tqdm.write(text)


def summary(done: str, count: int, unit: tuple[str, str], seconds: float) -> str:
    """'produced 48 pages in 41.3 s', 'validated 1 edition in 2.0 s'."""
    return f"{done} {count} {ngettext(unit[0], unit[1], count)} in {seconds:.1f} s"
