"""A maintainer's first hour: set-up on a bare machine, the build's progress, the preview server."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import stat
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from kenya_routes.publish import serve
from kenya_routes.publish.headers import SERVER_HEADERS
from kenya_routes.publish.progress import Bars, Lines

from .conftest import ROOT

HIDDEN = {"node", "nodejs", "npm", "npx"}


def _machine_without_node(tmp_path: Path, uid: str = "0") -> tuple[Path, Path]:
    """A PATH with every program of this machine but Node.js and npm, a fake apt-get that records what it is
    asked and "installs" Node.js by linking the real one in, and `id -u` answering `uid`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for folder in ("/usr/local/bin", "/usr/bin", "/bin", "/usr/sbin", "/sbin"):
        for program in Path(folder).glob("*"):
            if program.name not in HIDDEN and not (bin_dir / program.name).exists() and os.access(program, os.X_OK):
                (bin_dir / program.name).symlink_to(program)
    record = tmp_path / "apt-get.log"
    real = {name: shutil.which(name) for name in ("node", "npm", "npx")}
    links = "".join(f'ln -sf {path} "{bin_dir}/{name}"; ' for name, path in real.items() if path)
    for name, script in {
        "apt-get": f'#!/bin/sh\necho "$@" >> "{record}"\ncase "$*" in *install*) {links};; esac\n',
        "id": f'#!/bin/sh\n[ "$1" = "-u" ] && echo {uid} || /usr/bin/id "$@"\n',
        "sudo": None,
    }.items():
        target = bin_dir / name
        target.unlink(missing_ok=True)
        if script is not None:
            target.write_text(script)
            target.chmod(target.stat().st_mode | stat.S_IEXEC)
    return bin_dir, record


def test_the_first_command_installs_node_when_it_is_missing(tmp_path):
    bin_dir, record = _machine_without_node(tmp_path)
    environment = dict(os.environ, PATH=str(bin_dir))
    assert subprocess.run(["sh", "-c", "command -v npm"], env=environment, capture_output=True).returncode != 0
    done = subprocess.run(["make", "-C", str(ROOT), "node"], env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Installing nodejs npm with apt-get" in done.stdout
    assert record.read_text().splitlines() == ["update -qq", "install -y -qq nodejs npm"]
    assert (bin_dir / "npm").exists()  # what `make site` runs next (npm ci) is now there


def test_without_root_or_sudo_it_says_what_to_ask_for(tmp_path):
    bin_dir, record = _machine_without_node(tmp_path, uid="1000")
    done = subprocess.run(
        ["make", "-C", str(ROOT), "node"], env=dict(os.environ, PATH=str(bin_dir)), capture_output=True, text=True
    )
    assert done.returncode != 0 and not record.exists()
    assert "Ask your administrator to run: apt-get install nodejs npm" in done.stderr


def test_installing_the_package_prints_no_warning_the_project_could_fix():
    metadata = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'license = "MIT"' in metadata and "setuptools>=77" in metadata


# --- progress ------------------------------------------------------------------------------------
def test_a_build_in_a_log_says_one_line_per_step():
    said = []
    progress = Lines(said.append)
    with progress.step("Producing pages", "produced", 2, ("page", "pages")) as step:
        for name in ("overview", "kenya"):
            step.start(name)
            step.done(name)
    with progress.step("Validating", "validated", 1, ("edition", "editions")) as step:
        step.done("2020")
    assert [line.split(" in ")[0] for line in said] == ["produced 2 pages", "validated 1 edition"]


def test_a_build_on_a_terminal_shows_what_it_is_doing(monkeypatch):
    screen, said = io.StringIO(), []
    monkeypatch.setattr("sys.stderr", screen)
    progress = Bars(said.append)
    with progress.step("Producing pages", "produced", 3, ("page", "pages")) as step:
        step.start("2020/overview")
        step.start("2020/kenya")
        step.done("2020/overview")
    shown = screen.getvalue()
    assert "Producing pages: 1/3 pages" in shown and "now: 2020/kenya" in shown
    assert said and said[0].startswith("produced 3 pages in ")


# --- the preview server -------------------------------------------------------------------------
@pytest.fixture
def preview(tmp_path):
    (tmp_path / "2020").mkdir()
    (tmp_path / "2020" / "index.html").write_text("<!DOCTYPE html><title>x</title>" + "routes " * 200)
    (tmp_path / "2020" / "map.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    server = serve.server(tmp_path, port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_the_preview_serves_pages_compressed_with_the_sites_headers(preview):
    request = urllib.request.Request(f"{preview}/2020/index.html", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request) as response:
        body = response.read()
        assert response.headers["Content-Encoding"] == "gzip"
        for name, value in SERVER_HEADERS.items():
            assert response.headers[name] == value
    assert gzip.decompress(body).decode().count("routes") == 200
    with urllib.request.urlopen(f"{preview}/2020/map.png") as response:  # images are sent as they are
        assert response.headers["Content-Encoding"] is None and response.read().startswith(b"\x89PNG")


def test_the_serve_command_prints_its_address(tmp_path):
    site = tmp_path / "_build" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_text("<!DOCTYPE html><title>x</title>")
    shutil.copy(ROOT / "_config.yml", tmp_path / "_config.yml")
    (tmp_path / "data").mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "kenya_routes", "--root", str(tmp_path), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, line
        address = line[line.index("http://") :].split()[0]
        with urllib.request.urlopen(address) as response:
            assert response.status == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
