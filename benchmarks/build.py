"""Benchmark: how long the site build takes. Prints numbers; asserts nothing.

    python benchmarks/build.py [--runs 1]

Times a cold build of every edition (stage, prepared data and site removed
first) and a rebuild with nothing changed, with the time of each stage.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kenya_routes import paths  # noqa: E402
from kenya_routes.build import build_site  # noqa: E402


def run(label: str, clean: bool, runs: int) -> float:
    seconds, stages = [], []
    for _ in range(runs):
        if clean:
            for name in ("stage", "prepared", "site"):
                shutil.rmtree(paths.build_dir(ROOT) / name, ignore_errors=True)
        started = time.perf_counter()
        result = build_site(root=ROOT, log=lambda *_: None)
        seconds.append(time.perf_counter() - started)
        stages.append(result.timings)
    median = statistics.median(seconds)
    detail = ", ".join(f"{k} {statistics.median(s[k] for s in stages):.1f} s" for k in stages[0])
    print(f"{label:<22} median {median:6.1f} s over {runs} run(s)  ({detail})")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    cold = run("cold build", True, args.runs)
    warm = run("nothing changed", False, args.runs)
    print(f"nothing-changed / cold: {warm / cold:.2f}")


if __name__ == "__main__":
    main()
