"""Benchmark: ingest of a partner's large file with bad rows. Prints numbers; asserts nothing.

    python benchmarks/ingest.py [--rows 5000] [--bad 0.03] [--runs 3] [--csv]

Writes a filled template of ROWS routes (drawn from edition 2020) of which a share
BAD have one fault each, ingests it into a throwaway copy of the project's data, and
reports how long ingest took (median of the runs, the first run included, since a
maintainer runs it once), how many bad rows it reported by their spreadsheet row
numbers, and whether it wrote anything (it must not).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kenya_routes.inputs.project import Project
from kenya_routes.intake import synthetic
from kenya_routes.intake.ingest import ingest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--bad", type=float, default=0.03)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--csv", action="store_true", help="a CSV file instead of a workbook")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        for name in ("data", "expectations"):
            shutil.copytree(ROOT / name, root / name)
        shutil.copy(ROOT / "_config.yml", root / "_config.yml")
        project = Project.open(root)
        partner = Path(folder) / f"partner.{'csv' if args.csv else 'xlsx'}"
        started = time.perf_counter()
        bad = synthetic.partner_file(project, args.rows, partner, args.bad)
        print(f"Wrote {partner.name}: {args.rows:,} rows, {len(bad)} bad, in {time.perf_counter() - started:.1f} s")
        routes = project.edition_folder("2020") / "routes.csv"
        before = routes.read_bytes()
        seconds = []
        for run in range(args.runs):
            started = time.perf_counter()
            result = ingest(project, [partner], "2020")
            seconds.append(time.perf_counter() - started)
            rows = {p.row for p in result.report.errors if p.row}
            print(
                f"run {run + 1}: {seconds[-1]:.1f} s, {len(result.report.errors)} errors on {len(rows)} rows, "
                f"bad rows reported {len(rows & set(bad))} of {len(bad)}, other rows reported {len(rows - set(bad))}, "
                f"written: {result.written or routes.read_bytes() != before}"
            )
        print(f"ingest of {args.rows:,} rows: median {statistics.median(seconds):.1f} s, first {seconds[0]:.1f} s")


if __name__ == "__main__":
    main()
