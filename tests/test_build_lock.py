"""Two builds at once: the second waits for the first, or refuses with a clear message; neither publishes a mixture."""

from __future__ import annotations

import hashlib
import json
import os
import select
import shutil
import subprocess
import sys
import textwrap

import pytest

from kenya_routes.inputs.project import Project
from kenya_routes.publish import lock
from kenya_routes.publish.build import BuildError, build_site

from .conftest import BUILD_ENVIRON, ROOT, copy_project

HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from kenya_routes.publish import lock
    with lock.hold(Path(sys.argv[1]), log=lambda *_: None):
        print("holding", flush=True)
        time.sleep(float(sys.argv[2]))
        print("releasing", flush=True)
    """
)


def _holder(build, seconds):
    """Another process holding the build lock of `build` for `seconds`; returns once it holds it."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(build), str(seconds)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert process.stdout.readline().strip() == "holding"
    return process


def test_a_second_build_refuses_at_once_naming_the_build_that_holds_the_lock(tmp_path):
    holder = _holder(tmp_path, 30)
    try:
        with pytest.raises(lock.BuildLocked) as refused, lock.hold(tmp_path, wait=0, log=lambda *_: None):
            pass
        message = str(refused.value)
        assert f"process {holder.pid}" in message and "Another build of this project is running" in message
        assert "Nothing was built" in message and "--wait" in message
    finally:
        holder.kill()
        holder.wait()


def test_a_second_build_waits_for_the_first_and_says_so(tmp_path):
    holder = _holder(tmp_path, 2)
    said = []
    with lock.hold(tmp_path, wait=60, log=said.append, poll=0.1):
        # The holder says so just before it lets go; its process may still be ending after that.
        released, _, _ = select.select([holder.stdout], [], [], 0)
        said_released = released and holder.stdout.readline().strip() == "releasing"
        assert said_released, "the lock was taken while the first build held it"
        assert json.loads((tmp_path / lock.LOCK_FILE).read_text())["pid"] == os.getpid()
    assert len(said) == 1 and "waiting for it to finish" in said[0] and f"process {holder.pid}" in said[0]
    assert (tmp_path / lock.LOCK_FILE).read_text() == "", "a finished build leaves the lock file empty"
    assert holder.wait(timeout=30) == 0


def test_a_lock_left_by_a_build_that_died_is_taken_over(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    record = {"pid": dead.pid, "host": "here", "started": "2031-01-01 09:00:00", "command": "kenya_routes build"}
    (tmp_path / lock.LOCK_FILE).write_text(json.dumps(record), encoding="utf-8")
    said = []
    with lock.hold(tmp_path, wait=0, log=said.append):
        pass
    assert len(said) == 1 and "Took over the build lock" in said[0] and f"process {dead.pid}" in said[0]


def test_a_holder_killed_mid_build_leaves_a_lock_the_next_build_takes(tmp_path):
    holder = _holder(tmp_path, 60)
    holder.kill()
    holder.wait()
    said = []
    with lock.hold(tmp_path, wait=0, log=said.append):
        pass
    assert "Took over" in said[0]


def test_the_build_stops_without_touching_the_site_while_another_build_runs(tmp_path):
    root = copy_project(tmp_path / "project")
    site = root / "_build" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("the site as published", encoding="utf-8")
    holder = _holder(root / "_build", 30)
    try:
        with pytest.raises(BuildError) as refused:
            build_site(Project.open(root), log=lambda *_: None, wait=0)
        assert "Another build of this project is running" in str(refused.value)
        assert (site / "index.html").read_text(encoding="utf-8") == "the site as published"
        assert not (root / "_build" / "prepared").exists(), "the refused build started working"
    finally:
        holder.kill()
        holder.wait()


def _digest(folder):
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@pytest.mark.build
def test_two_builds_started_together_run_one_after_the_other(built_site, tmp_path):
    """Two `build` commands at once, as a maintainer's and CI's: both succeed, one after the other,
    and the site is exactly the one a single build makes."""
    root = copy_project(tmp_path / "project")
    shutil.copytree(built_site.site.parent / "cache", root / "_build" / "cache")
    shutil.copy(
        built_site.site.parent.parent / "data" / "editions" / "2020" / "provenance.csv",
        root / "data" / "editions" / "2020" / "provenance.csv",
    )
    command = [sys.executable, "-m", "kenya_routes", "--root", str(root), "build", "--jobs", "1", "--wait", "20"]
    # Built with the published address, as the site it is compared with was.
    environ = {**os.environ, **BUILD_ENVIRON}
    builds = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environ)
        for _ in "ab"
    ]
    outputs = [process.communicate(timeout=1200)[0] for process in builds]
    assert [process.returncode for process in builds] == [0, 0], outputs
    waited = [output for output in outputs if "waiting for it to finish" in output]
    assert len(waited) == 1, outputs
    assert _digest(root / "_build" / "site") == _digest(built_site.site)
    assert (root / "_build" / lock.LOCK_FILE).read_text() == ""
