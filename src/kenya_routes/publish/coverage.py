"""Every section of the source document has a home on the site: checked on each edition's built book.

An edition's report_sections.yml (inputs/report.py) names, for each section of
its source document, the page that covers it; the page marks the place with
`report("id")`, which gives the anchor `report-<id>`. A section whose anchor is
not on its page (the mark was left out, the page was renamed or dropped from
the table of contents) stops the build, so no section is dropped silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..inputs.report import REPORT_FILE
from ..prepare.plurals import count, ngettext


def missing(html: Path, sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sections whose anchor is not on the built page the coverage file names for them."""
    pages: dict[str, str] = {}
    out = []
    for section in sections:
        path = html / f"{section['page']}.html"
        if section["page"] not in pages:
            pages[section["page"]] = path.read_text(encoding="utf-8") if path.is_file() else ""
        if f'id="{section["anchor"]}"' not in pages[section["page"]]:
            out.append(section)
    return out


def message(edition_id: str, gaps: list[dict[str, Any]]) -> str:
    """What a maintainer reads when sections have no anchor: each section, its page and the mark to add."""
    lines = [
        f"Edition {edition_id}: {count(len(gaps), 'section', 'sections')} of the source document "
        f"{ngettext('has', 'have', len(gaps))} no anchor on the site "
        f"(data/editions/{edition_id}/{REPORT_FILE}); nothing was published."
    ]
    for section in gaps:
        lines.append(
            f"- '{section['location']}' (id {section['id']}) is not marked on page '{section['page']}': "
            f'put {{{{ report("{section["id"]}") }}}} in that page\'s text, or name the page that covers it.'
        )
    return "\n".join(lines)
