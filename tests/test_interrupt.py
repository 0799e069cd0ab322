"""A build stopped by Ctrl-C (SIGINT) or SIGTERM: nothing it started keeps running, nothing is published.

The real command line runs in a process of its own on a copy of the project, with
a site "published before" in place. Once the build has started its page workers
and their kernels, the signal is sent; the test then looks for every process the
build had started, and at the published site.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from .conftest import copy_project

pytestmark = pytest.mark.build


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _kernels_started(build: psutil.Process) -> list[psutil.Process]:
    try:
        found = build.children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [p for p in found if "ipykernel_launcher" in " ".join(_cmdline(p))]


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def _running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_an_interrupted_build_stops_everything_it_started_and_publishes_nothing(tmp_path, signum):
    root = copy_project(tmp_path / "project")
    # The site published before: a link to a folder of its own, as the build leaves it.
    before = root / "_build" / "site-builds" / "published-before"
    before.mkdir(parents=True)
    (before / "index.html").write_text("<!DOCTYPE html><title>the site as it was</title>\n", encoding="utf-8")
    (root / "_build" / "site").symlink_to(Path("site-builds") / "published-before", target_is_directory=True)
    published = _snapshot(root / "_build" / "site")

    command = [sys.executable, "-m", "kenya_routes", "--root", str(root), "build", "--no-cache", "--jobs", "2"]
    build = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(build.pid)
    started: set[int] = set()
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline and build.poll() is None:
            kernels = _kernels_started(watched)
            if kernels:
                time.sleep(2)  # let the workers get on with their pages
                started = {p.pid for p in watched.children(recursive=True)}
                break
            time.sleep(0.2)
        assert started, "the build never started a kernel"
        build.send_signal(signum)
        out, err = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 128 + signum, (build.returncode, err[-2000:])
    assert "The build was interrupted" in err and "the previously built site, if any, is unchanged" in err, err
    assert "Traceback" not in err, err
    time.sleep(1)
    assert not [pid for pid in started if _running(pid)], "processes of the build are still running"
    leftovers = []
    for process in psutil.process_iter(["pid", "cwd"]):
        cwd = process.info.get("cwd") or ""
        if cwd.startswith(str(root)) and process.pid != build.pid and _running(process.pid):
            leftovers.append((process.pid, _cmdline(process)))
    assert not leftovers, leftovers
    assert (root / "_build" / "site").resolve() == before.resolve()
    assert _snapshot(root / "_build" / "site") == published
    assert sorted(p.name for p in (root / "_build" / "site-builds").iterdir()) == ["published-before"]
