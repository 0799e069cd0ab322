"""The public data-quality summary of an edition, as Markdown for its Data quality page.

The summary holds only counts of checks and shares of filled cells, never a
value. (Data Docs, for maintainers, show failing values and are never published:
see validation.gate.)
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..inputs import contract

SUITE_NAMES = {
    "routes": "Route table: each submission",
    "route_items": "Route table: items of list columns (transit points, industries, ...)",
    "places": "Reference data: places",
    "countries": "Reference data: countries",
    "vocabularies": "Reference data: controlled vocabularies",
}


def write_quality(summary: dict[str, Any], edition_id: str, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path = directory / "quality.json"
    json_path.write_text(json.dumps({"edition": edition_id, **summary}, indent=2) + "\n", encoding="utf-8")
    md_path = directory / "quality.md"
    md_path.write_text(quality_markdown(summary, edition_id), encoding="utf-8")
    return json_path, md_path


def quality_markdown(summary: dict[str, Any], edition_id: str) -> str:
    checks = summary["checks"]
    total = sum(c["checks"] for c in checks.values())
    passed = sum(c["passed"] for c in checks.values())
    lines = [
        f"Edition {edition_id}: {summary['rows']} route submissions were checked by {total} automated checks "
        f"before publication; {passed} passed"
        + (f" and {total - passed} raised a warning that did not stop publication." if total != passed else "."),
        "",
        "| what was checked | checks | passed | stopped publication | warnings |",
        "|---|---:|---:|---:|---:|",
    ]
    for suite, stats in checks.items():
        lines.append(
            f"| {SUITE_NAMES.get(suite, suite)} | {stats['checks']} | {stats['passed']} | "
            f"{stats['failed']} | {stats['warnings']} |"
        )
    lines += [
        "",
        "Completeness of each published column (share of submissions with a value):",
        "",
        "| column | meaning | completeness |",
        "|---|---|---:|",
    ]
    for column, share in summary["completeness"].items():
        description = contract.BY_NAME[column].description.split(";")[0].rstrip(".")
        lines.append(f"| `{column}` | {description} | {share:.1f}% |")
    lines.append("")
    return "\n".join(lines)
