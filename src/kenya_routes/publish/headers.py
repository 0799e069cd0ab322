"""Headers for every published page: a Content-Security-Policy and a no-referrer policy.

The site is static, so the policy travels in <meta> tags, inserted first in each
page's <head> once the page is built. It allows scripts, styles, frames and
data from the site itself, images also from the map tile server (the only other
origin, and none when tiles are off), and each page's own inline scripts by
their SHA-256 hash. `no-referrer` keeps a reader's page address from reaching
the tile server.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from markupsafe import Markup

from ..render import escape
from ..render.html import macro

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
HEAD = re.compile(r"<head[^>]*>", re.I)
CHARSET = re.compile(r"\s*<meta charset=[^>]*>", re.I)


def policy(html: str, tile_origin: str | None) -> str:
    hashes = sorted(
        {
            "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
            for body in INLINE_SCRIPT.findall(html)
        }
    )
    images = "'self' data:" + (f" {tile_origin}" if tile_origin else "")
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self' " + " ".join(hashes) if hashes else "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            f"img-src {images}",
            "font-src 'self'",
            "connect-src 'self'",
            "frame-src 'self'",
            "manifest-src 'self'",
            "base-uri 'self'",
            "form-action 'self'",
            "object-src 'none'",
        ]
    )


def harden(html: str, tile_origin: str | None) -> str:
    """The page with its policy tags first in <head>."""
    match = HEAD.search(html)
    if match is None:
        raise ValueError("a published page has no head element")
    # Escaped for its double-quoted attribute only: the policy's own single quotes stay as written.
    content = Markup(escape.attribute(policy(html, tile_origin)))
    tags = str(macro("site_pages.html", "headers")(content))
    # The character set must stay within the first 1024 bytes: declare it first.
    charset = CHARSET.match(html, match.end())
    if charset:
        return html[: charset.end()] + tags + html[charset.end() :]
    return html[: match.end()] + str(macro("site_pages.html", "charset")()) + tags + html[match.end() :]


def harden_site(folder: Path, tile_origin: str | None) -> int:
    """Add the policy to every HTML file under `folder`; returns how many.

    Run last on a page: the policy allows its inline scripts by their hash.
    """
    count = 0
    for path in sorted(folder.rglob("*.html")):
        path.write_text(harden(path.read_text(encoding="utf-8"), tile_origin), encoding="utf-8")
        count += 1
    return count
