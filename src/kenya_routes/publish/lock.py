"""One build at a time in a project: a lock file under _build/ that names the build holding it.

Two builds of one project (a maintainer's and CI's on one machine, or two
terminals) share _build/: the prepared data, the stages, the cache and the site.
The second waits for the first (up to `wait` seconds, saying so) or refuses with a
message naming the build that holds the lock; it never runs beside it, so neither
publishes a mixture of the two.

The lock is the operating system's lock on `_build/build.lock` (flock, or its
Windows equivalent), which ends with the process that holds it: a lock left by a
build that was killed or crashed is free, and the next build takes it over and
says so. The file itself records the holder (process id, start time, command) for
the message; it is emptied, never deleted, when the build ends (deleting it would
let a waiting build and a new one lock two different files).
"""

from __future__ import annotations

import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = "build.lock"


class BuildLocked(RuntimeError):
    """Another build holds the project's lock."""


def _try_lock(handle) -> bool:
    if sys.platform == "win32":  # pragma: no cover - the project's machines run Linux
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _unlock(handle) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def holder(path: Path) -> dict | None:
    """What the lock file says about the build that holds (or last held) it."""
    try:
        record = json.loads(path.read_text(encoding="utf-8") or "null")
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and isinstance(record.get("pid"), int) else None


def describe(record: dict | None) -> str:
    if not record:
        return "a build whose details are unknown"
    where = "" if record.get("host") == socket.gethostname() else f" on {record.get('host')}"
    return f"process {record['pid']}{where}, started {record.get('started', '?')}: {record.get('command', 'a build')}"


@contextmanager
def hold(build: Path, wait: float = 0, log=print, poll: float = 1.0) -> Iterator[Path]:
    """Hold the build lock of `build` (the _build folder) while the block runs.

    Waits up to `wait` seconds for another build to finish, then raises BuildLocked.
    """
    build.mkdir(parents=True, exist_ok=True)
    path = build / LOCK_FILE
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held open until the block ends
    try:
        deadline = time.monotonic() + wait
        announced = False
        while not _try_lock(handle):
            other = describe(holder(path))
            if time.monotonic() >= deadline:
                raise BuildLocked(
                    f"Another build of this project is running ({other}). Nothing was built. Wait for it to "
                    "finish and run the build again (or give --wait MINUTES to wait for it)."
                )
            if not announced:
                log(f"Another build of this project is running ({other}); waiting for it to finish...")
                announced = True
            time.sleep(poll)
        left = holder(path)
        if left:  # a build that ends empties the file: this one was killed or crashed
            log(f"Took over the build lock left by {describe(left)}, which ended without finishing.")
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "started": time.strftime("%Y-%m-%d %H:%M:%S"),
            "command": " ".join(["kenya_routes", *sys.argv[1:]]) if sys.argv[1:] else "a build",
        }
        handle.seek(0)
        handle.truncate()
        handle.write(json.dumps(record))
        handle.flush()
        os.fsync(handle.fileno())
        try:
            yield path
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            _unlock(handle)
    finally:
        handle.close()
