"""Accessibility fixes to the theme's HTML that its templates and options cannot reach.

Applied to every built page before it is published; each fix is checked by the
axe-core browser test, which fails if the theme's markup changes under it.

- Sphinx marks the captions of the navigation ("Overview", "Routes", ...) as
  headings without a level: they are given the level of a section heading.
- Furo's page has three unlabelled <aside> landmarks (the announcement saying
  the data is reconstructed, the navigation drawer, the page contents): each is
  given a name, so that a screen reader can tell them apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..render import escape

NAV_CAPTION = re.compile(r'(<p class="caption" role="heading")>')
ASIDES = {
    "announcement-content": "About this edition's data",
    "sidebar-drawer": "Site navigation",
    "toc-drawer": "Contents of this page",
}
ASIDE = re.compile(r'(<aside class="({})")>'.format("|".join(map(re.escape, ASIDES))))


def _attribute(name: str, value: str) -> str:
    return f' {name}="{escape.attribute(value)}"'


def fix(html: str) -> str:
    """The page with the attributes the theme leaves out added to its elements."""
    html = NAV_CAPTION.sub(lambda m: m.group(1) + _attribute("aria-level", "2") + ">", html)
    return ASIDE.sub(lambda m: m.group(1) + _attribute("aria-label", ASIDES[m.group(2)]) + ">", html)


def fix_site(folder: Path) -> None:
    """Apply `fix` to every page of a built book."""
    for path in sorted(folder.rglob("*.html")):
        path.write_text(fix(path.read_text(encoding="utf-8")), encoding="utf-8")
