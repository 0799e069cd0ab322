"""Compare two builds of the site, page for page and download for download. Prints; asserts nothing.

    python benchmarks/compare_builds.py BEFORE AFTER [--diff N] [--quiet]

BEFORE and AFTER are built sites (e.g. a copy of _build/site made before a
change, and _build/site after it). Every file is reported as identical, only in
one build, or different. Zip files (the offline editions) and workbooks (.xlsx)
are compared entry by entry, so a workbook whose cells are the same but whose
container was written differently says so. For each differing text file the
first N lines of a unified diff are printed (default 6).
"""

from __future__ import annotations

import argparse
import difflib
import io
import sys
import zipfile
from collections import Counter
from pathlib import Path

TEXT = (".html", ".css", ".js", ".json", ".svg", ".csv", ".txt", ".xml", ".md")


def files(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


def _zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info.filename) for info in archive.infolist()}


def compare_zip(before: bytes, after: bytes) -> str:
    """How two zip files differ: in their entries, or only in how they were written."""
    a, b = _zip_entries(before), _zip_entries(after)
    changed = sorted(name for name in a.keys() & b.keys() if a[name] != b[name])
    gone, new = sorted(a.keys() - b.keys()), sorted(b.keys() - a.keys())
    if not (changed or gone or new):
        return "same entries, same contents (written differently)"
    parts = []
    if changed:
        parts.append(f"{len(changed)} entries differ ({', '.join(changed[:5])}{', ...' if len(changed) > 5 else ''})")
    if gone:
        parts.append(f"{len(gone)} entries only before ({', '.join(gone[:5])})")
    if new:
        parts.append(f"{len(new)} entries only after ({', '.join(new[:5])})")
    return "; ".join(parts)


def text_diff(before: bytes, after: bytes, lines: int) -> list[str]:
    a = before.decode("utf-8", "replace").replace("><", ">\n<").splitlines()
    b = after.decode("utf-8", "replace").replace("><", ">\n<").splitlines()
    diff = [line for line in difflib.unified_diff(a, b, lineterm="", n=0) if not line.startswith(("---", "+++"))]
    return diff[:lines]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--diff", type=int, default=6, help="lines of diff to show per differing text file")
    parser.add_argument("--quiet", action="store_true", help="only the summary")
    args = parser.parse_args(argv)
    before, after = files(args.before.resolve()), files(args.after.resolve())
    tally: Counter[str] = Counter()
    for name in sorted(before.keys() | after.keys()):
        if name not in after:
            tally["only before"] += 1
            print(f"ONLY BEFORE  {name}")
            continue
        if name not in before:
            tally["only after"] += 1
            print(f"ONLY AFTER   {name}")
            continue
        a, b = before[name].read_bytes(), after[name].read_bytes()
        if a == b:
            tally["identical"] += 1
            continue
        if name.endswith((".zip", ".xlsx")):
            verdict = compare_zip(a, b)
            tally["containers rewritten, same contents" if verdict.startswith("same") else "different"] += 1
            print(f"DIFFERENT    {name}: {verdict}")
            continue
        tally["different"] += 1
        print(f"DIFFERENT    {name}")
        if not args.quiet and name.endswith(TEXT):
            for line in text_diff(a, b, args.diff):
                print(f"    {line[:200]}")
    print()
    print(", ".join(f"{count} {kind}" for kind, count in sorted(tally.items())), f"(of {len(before | after)} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
