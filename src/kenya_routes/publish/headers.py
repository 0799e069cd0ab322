"""Headers for every published page: a Content-Security-Policy and a no-referrer policy.

The site is static, so the policy travels in <meta> tags, inserted first in each
page's <head> once the page is built. Scripts run only from the site's own files
(`script-src 'self'`): no page has an inline script, so a script that data managed
to put into a page would not run. A page with an inline script is refused
(`InlineScriptError`) rather than published with a policy that allows it.
Styles, frames and data come from the site itself, images also from the map tile
server (the only other origin, and none when tiles are off). Map documents have
no inline style either; the theme's pages keep `'unsafe-inline'` for styles only,
because Furo writes style attributes into its icons and a style block of colour
variables. `no-referrer` keeps a reader's page address from reaching the tile server.

`SERVER_HEADERS` are what `serve` (and any host that can set headers) sends with
every file besides the policy in the page.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from ..render import escape
from ..render.html import macro

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S | re.I)
HEAD = re.compile(r"<head[^>]*>", re.I)
CHARSET = re.compile(r"\s*<meta charset=[^>]*>", re.I)
# Map documents: our own pages in each page's assets folder (see render/maps.document).
MAP_DOCUMENTS = "assets"

SERVER_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # What a <meta> policy cannot say: only the site may frame its pages, and plugins are off.
    "Content-Security-Policy": "frame-ancestors 'self'; object-src 'none'; base-uri 'self'",
    "X-Frame-Options": "SAMEORIGIN",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}


class InlineScriptError(ValueError):
    """A built page has an inline script, which the policy would block (and must not allow)."""


def policy(tile_origin: str | None, inline_styles: bool = True) -> str:
    images = "'self' data:" + (f" {tile_origin}" if tile_origin else "")
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'" if inline_styles else "style-src 'self'",
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


def harden(html: str, tile_origin: str | None, inline_styles: bool = True, name: str = "a page") -> str:
    """The page with its policy tags first in <head>; raises InlineScriptError if it has an inline script."""
    match = HEAD.search(html)
    if match is None:
        raise ValueError(f"{name} has no head element")
    inline = INLINE_SCRIPT.findall(html)
    if inline:
        raise InlineScriptError(
            f"{name} has an inline script, which the site's security policy does not allow: "
            f"{' '.join(inline[0].split())[:120]!r}. Move it to a file under book/_static/."
        )
    # Escaped for its double-quoted attribute only: the policy's own single quotes stay as written.
    content = Markup(escape.attribute(policy(tile_origin, inline_styles)))
    tags = str(macro("site_pages.html", "headers")(content))
    # The character set must stay within the first 1024 bytes: declare it first.
    charset = CHARSET.match(html, match.end())
    if charset:
        return html[: charset.end()] + tags + html[charset.end() :]
    return html[: match.end()] + str(macro("site_pages.html", "charset")()) + tags + html[match.end() :]


def harden_site(folder: Path, tile_origin: str | None) -> int:
    """Add the policy to every HTML file under `folder`; returns how many."""
    count = 0
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder)
        strict_styles = relative.parts[0] == MAP_DOCUMENTS
        hardened = harden(
            path.read_text(encoding="utf-8"), tile_origin, inline_styles=not strict_styles, name=relative.as_posix()
        )
        path.write_text(hardened, encoding="utf-8")
        count += 1
    return count
