"""A local preview of the built site, served as readers get it: compressed, with the site's headers.

`python -m kenya_routes serve` (or `make serve`) serves `_build/site` on this computer
only (127.0.0.1). Text files (pages, scripts, styles, JSON, SVG) are sent gzip-compressed
to a browser that accepts it, as GitHub Pages sends them, and every response carries
the security headers of `headers.SERVER_HEADERS`; each page's Content-Security-Policy
is in the page itself. Files are read afresh on each request, so a rebuild shows at once.
"""

from __future__ import annotations

import functools
import gzip
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .headers import SERVER_HEADERS

COMPRESSED = {
    "text/html",
    "text/css",
    "text/javascript",
    "application/javascript",
    "application/json",
    "image/svg+xml",
    "text/csv",
    "text/plain",
}


class SiteHandler(SimpleHTTPRequestHandler):
    """Files of the site, gzip-compressed where that helps, with the site's headers."""

    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".csv": "text/csv",
    }

    def end_headers(self):
        for name, value in SERVER_HEADERS.items():
            self.send_header(name, value)
        # A preview: the browser asks again after every rebuild.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self):
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # redirects to the folder's address with a slash
            target = target / "index.html"
        kind = self.guess_type(str(target)).split(";")[0]
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and kind in COMPRESSED and target.is_file()):
            return super().send_head()
        body = gzip.compress(target.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._body = body
        return None

    def do_GET(self):
        self._body = None
        super().do_GET()
        if self._body is not None:
            self.wfile.write(self._body)

    def do_HEAD(self):
        self._body = None
        super().do_HEAD()

    def log_message(self, format, *args):  # noqa: A002 (the name http.server gives it)
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def server(site: Path, host: str = "127.0.0.1", port: int = 8000) -> ThreadingHTTPServer:
    """A server of `site` (not yet serving: call serve_forever); port 0 picks a free port."""
    handler = functools.partial(SiteHandler, directory=str(site))
    return ThreadingHTTPServer((host, port), handler)
