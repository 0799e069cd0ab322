"""Benchmark: how long the validation gate takes. Prints numbers; asserts nothing.

    python benchmarks/validation.py [--runs 5] [--synthetic 100000]

Times the import of Great Expectations (paid once per build), the whole gate on
each shipped edition (reference data, edition.yml, route table), and the route
table of a synthetic edition. Reports the median of the runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kenya_routes import validation  # noqa: E402
from kenya_routes.inputs.project import Project  # noqa: E402
from kenya_routes.intake import synthetic  # noqa: E402


def timed(function, runs: int) -> tuple[float, object]:
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return statistics.median(seconds), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--synthetic", type=int, default=100_000)
    parser.add_argument("--synthetic-runs", type=int, default=3)
    args = parser.parse_args()

    started = time.perf_counter()
    project = Project.open(ROOT)
    gate = validation.gate_of(project)
    print(
        f"Great Expectations import: {gate.import_seconds:.2f} s (context ready after "
        f"{time.perf_counter() - started:.2f} s); paid once per build"
    )
    print(f"{'input':<32} {'rows':>8} {'median s':>9} {'rows/s':>9}  problems")
    for edition_id in project.edition_ids():
        seconds, outcome = timed(lambda e=edition_id: validation.validate_edition(project, e, gate), args.runs)
        print(
            f"{'edition ' + edition_id + ' (whole gate)':<32} {outcome.rows:>8} {seconds:>9.2f} "
            f"{outcome.rows / seconds:>9.0f}  {len(outcome.report.errors)} errors, "
            f"{len(outcome.report.warnings)} warnings"
        )
    if args.synthetic:
        folder = synthetic.default_folder(project, args.synthetic)
        began = time.perf_counter()
        synthetic.generate(project, args.synthetic, folder)
        print(f"(generated {args.synthetic:,} synthetic routes in {time.perf_counter() - began:.1f} s)")
        path = folder / "routes.csv"
        seconds, outcome = timed(
            lambda: validation.validate_file(project, path, "2020", gate=gate), args.synthetic_runs
        )
        print(
            f"{'synthetic (route table + reference)':<32} {outcome.rows:>8} {seconds:>9.2f} "
            f"{outcome.rows / seconds:>9.0f}  {len(outcome.report.errors)} errors, "
            f"{len(outcome.report.warnings)} warnings (duplicates from resampling)"
        )


if __name__ == "__main__":
    main()
