"""Helpers for browser tests: a local server for the built site and headless Chromium."""

from __future__ import annotations

import functools
import json
import shutil
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A 1x1 transparent PNG, served in place of map tiles (this machine has no internet).
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000100"
    "0505fe0ea00000000049454e44ae426082"
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that navigates on cancels what it no longer needs; that is not a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError("Debian's chromium is not installed: `apt-get install chromium` (make test does it).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def site_pages(site: Path) -> list[str]:
    """Every HTML page of every edition, as site-relative paths (Sphinx's index pages excepted).

    Editions are those the switcher lists; `latest/` holds only redirects to the newest edition's
    pages, which are visited under their own folder (a redirect would navigate away mid-test), and
    so are a region's own address where the region is a section of the "Other regions" page.
    """
    editions = [entry["version"] for entry in json.loads((site / "switcher.json").read_text(encoding="utf-8"))]
    pages = []
    for edition in sorted(editions):
        for path in sorted((site / edition).rglob("*.html")):
            relative = path.relative_to(site).as_posix()
            if "/assets/" in relative or relative.endswith(("genindex.html", "search.html")):
                continue
            if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:1000]:
                continue  # an old address leading to its new place: visited where it leads
            pages.append(relative)
    return pages
