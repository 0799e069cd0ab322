"""Stopping a build: Ctrl-C (SIGINT) or SIGTERM ends every process the build started.

The build runs pages in worker processes, each of which starts a Jupyter kernel, and
Jupyter Book in a process of its own. A signal's default would end the build's own
process and leave those running. While `interruptible()` is in force, either signal
ends every descendant of the build's process (terminated, then killed if they have
not stopped within a few seconds) and raises `BuildInterrupted`, which unwinds the
build: the site is swapped in by one rename at the very end, so what was published
before stays as it was.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import psutil

SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How long processes are given to stop after SIGTERM before they are killed.
GRACE_SECONDS = 5.0


class BuildInterrupted(BaseException):
    """The build was stopped by a signal (a BaseException, so that no step handles it as a failure)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        """The shell's convention for a process ended by a signal: 128 + its number."""
        return 128 + self.signum


def end_descendants(grace: float = GRACE_SECONDS) -> list[int]:
    """Terminate every process this one started, and theirs; kill those still running after `grace` seconds.

    All are listed before any is stopped: a kernel whose worker has gone would no longer be found.
    Returns their process ids.
    """
    try:
        found = psutil.Process().children(recursive=True)
    except psutil.Error:
        return []
    for process in found:
        with suppress(psutil.Error):
            process.terminate()
    _, alive = psutil.wait_procs(found, timeout=grace)
    for process in alive:
        with suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=grace)
    return [process.pid for process in found]


@contextmanager
def interruptible() -> Iterator[None]:
    """SIGINT and SIGTERM stop the build and everything it started (see the module's description).

    Only the main thread can receive signals; elsewhere this does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in SIGNALS}

    def stop(signum, _frame):
        for other in SIGNALS:  # a second Ctrl-C while stopping would leave processes behind
            signal.signal(other, signal.SIG_IGN)
        end_descendants()
        raise BuildInterrupted(signum)

    for signum in SIGNALS:
        signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def worker_signals() -> None:
    """In a worker process: leave Ctrl-C to the build's own process (which ends the workers), and let
    SIGTERM end the worker at once (a worker forked from the build would otherwise inherit its handler)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
