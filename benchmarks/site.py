"""Benchmark: how fast the site builds and how light its pages are. Prints numbers; asserts nothing.

    python benchmarks/site.py                     # everything below
    python benchmarks/site.py --skip-lighthouse   # no Lighthouse (page weights are still measured)
    python benchmarks/site.py --scale 84,1000     # a shorter scale curve
    python benchmarks/site.py --only lighthouse --pages overview,kenya

1. Build times of the shipped editions, in a throwaway copy of the project:
   cold (no cache), nothing changed, and one edition's data changed (one
   estimate in 2020's routes.csv), each the median of --runs, as a ratio of cold;
   and the cold build without fact sheets (--no-fact-sheets), with the ratio of the two.
1b. Each fact sheet of the newest edition made alone, in English and in Kiswahili: time (median) and size.
1c. The route table's data downloads (CSV and XLSX) of 2020 and of synthetic editions of --download-scale
   routes: in English, and in Kiswahili besides (time, median of --runs, with the ratio, and sizes).
2. Every page of every edition, served locally with gzip: its transferred
   weight (HTML and everything it loads from the site, gzipped; map tiles
   excluded), and with Lighthouse (npm, benchmarks/package.json, mobile preset,
   Debian's chromium) its performance, accessibility and best-practices scores,
   LCP, TBT and CLS, checked against the budgets of issue 7.
3. The scale curve: synthetic editions of --scale routes each built cold in a
   throwaway project, with the build time (and its ratio to the smallest) and
   the heaviest page's weight.

The site benchmarked is built with map tiles switched off (this machine has no
internet, and tiles are outside the budgets); pages are otherwise as published.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kenya_routes.inputs.project import Project  # noqa: E402
from kenya_routes.intake import synthetic  # noqa: E402
from kenya_routes.publish.build import build_site  # noqa: E402

# The site benchmarked is built without map tiles (see the docstring).
BUILD_ENVIRONMENT = {"KENYA_ROUTES_TILES": "none"}

LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
BUDGETS = {"performance": 90, "accessibility": 100, "best-practices": 100}
TEXT_PAGE_KB, MEDIA_PAGE_KB = 250, 600
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".csv", ".txt", ".xml")


# --- a throwaway project ---------------------------------------------------------------
def project_copy(target: Path, editions: bool = True) -> Path:
    target.mkdir(parents=True)
    for folder in ("book", "notebooks", "expectations", "locales"):
        shutil.copytree(ROOT / folder, target / folder)
    (target / "data").mkdir()
    shutil.copytree(ROOT / "data" / "reference", target / "data" / "reference")
    if editions:
        shutil.copytree(ROOT / "data" / "editions", target / "data" / "editions")
    else:
        (target / "data" / "editions").mkdir()
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    return target


def timed_build(root: Path, use_cache: bool = True, fact_sheets: bool = True) -> tuple[float, dict]:
    started = time.perf_counter()
    result = build_site(
        Project.open(root, BUILD_ENVIRONMENT), log=lambda *_: None, use_cache=use_cache, fact_sheets=fact_sheets
    )
    return time.perf_counter() - started, result.timings


# --- 1. build times -------------------------------------------------------------------
def build_times(runs: int) -> Path:
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    root = project_copy(work / "project")
    cold, warm, changed, bare, sheet_step = [], [], [], [], []
    for _ in range(runs):
        # Without fact sheets first, so that both cold builds start from nothing.
        shutil.rmtree(root / "_build", ignore_errors=True)
        bare.append(timed_build(root, fact_sheets=False)[0])
        shutil.rmtree(root / "_build", ignore_errors=True)
        seconds, timings = timed_build(root)
        cold.append(seconds)
        sheet_step.append(timings["fact sheets"])
        warm.append(timed_build(root)[0])
        routes = root / "data" / "editions" / "2020" / "routes.csv"
        text = routes.read_text(encoding="utf-8")
        lines = text.splitlines()
        cells = lines[1].split(",")
        position = lines[0].split(",").index("estimated_cases")
        cells[position] = str(int(cells[position]) + 1)
        lines[1] = ",".join(cells)
        routes.write_text("\n".join(lines) + "\n", encoding="utf-8")
        changed.append(timed_build(root)[0])
        routes.write_text(text, encoding="utf-8")
    base = statistics.median(cold)
    print("== Build times: shipped editions (2019, 2020), median of", runs, "run(s)")
    for label, values in (
        ("cold (no cache)", cold),
        ("cold, no fact sheets", bare),
        ("nothing changed", warm),
        ("2020's data changed", changed),
    ):
        median = statistics.median(values)
        print(f"  {label:<22} {median:7.1f} s   {median / base:6.1%} of cold")
    print(
        f"  fact sheets' step of the cold build: {statistics.median(sheet_step):.1f} s (in parallel); "
        f"with sheets / without: {base / statistics.median(bare):.2f}"
    )
    return work


# --- 1c. data downloads in Kiswahili -----------------------------------------------------
def _english_routes(routes, meta) -> bytes:
    from kenya_routes.render import downloads

    return downloads.csv_bytes(routes, meta) + downloads.xlsx_bytes(routes, meta, "Routes")


def _kiswahili_routes(routes, meta, reference, swahili) -> bytes:
    from kenya_routes.render import downloads, route_table

    table = route_table.translated(routes, reference, swahili)
    columns = route_table.headers(list(routes.columns), swahili)
    return downloads.csv_bytes(table, meta, language=swahili) + downloads.xlsx_bytes(
        table, meta, "Njia", language=swahili, columns=columns
    )


def download_times(sizes: list[int], runs: int) -> None:
    from kenya_routes import validation
    from kenya_routes.prepare import prepared
    from kenya_routes.render import language

    print(f"== Data downloads: the route table as CSV and XLSX, median of {runs} run(s)")
    print(
        f"  {'edition':<20} {'routes':>8} {'English s':>10} {'Kiswahili s':>12} {'both/English':>13}  "
        f"{'KB en':>7} {'KB sw':>7}"
    )
    work = Path(tempfile.mkdtemp(prefix="bench-downloads-"))
    try:
        root = project_copy(work / "project")
        project = Project.open(root, BUILD_ENVIRONMENT)
        editions = [("2020", "2020 (shipped)")]
        for number, size in enumerate(sizes):
            edition_id = str(2090 + number)
            synthetic.generate(project, size, root / "data" / "editions" / edition_id, like="2020")
            editions.append((edition_id, f"synthetic {edition_id}"))
        project = Project.open(root, BUILD_ENVIRONMENT)
        reference = project.reference()
        swahili = language.load("sw", project.locales_dir)
        for edition_id, label in editions:
            checked = validation.checked_edition(project, edition_id)
            data = prepared.prepare_edition(checked.data, None, checked.quality, project.settings)
            routes, meta = data.routes, data.edition

            en_times, sw_times = [], []
            for _ in range(runs):
                started = time.perf_counter()
                en_bytes = _english_routes(routes, meta)
                en_times.append(time.perf_counter() - started)
                started = time.perf_counter()
                sw_bytes = _kiswahili_routes(routes, meta, reference, swahili)
                sw_times.append(time.perf_counter() - started)
            en, sw = statistics.median(en_times), statistics.median(sw_times)
            print(
                f"  {label:<20} {len(routes):>8,d} {en:>10.2f} {sw:>12.2f} {(en + sw) / en:>13.2f}  "
                f"{len(en_bytes) / 1024:>7.0f} {len(sw_bytes) / 1024:>7.0f}",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- 1b. fact sheets ------------------------------------------------------------------
def sheet_times(site: Path, runs: int) -> None:
    """Each fact sheet of the newest edition made alone, in this process (its map, chart, Typst and the
    check that it fits one page), in each language: the median time of --runs, and its size."""
    from datetime import date

    from kenya_routes.inputs.reference import load_reference
    from kenya_routes.prepare import prepared
    from kenya_routes.render import factsheets, language

    project = Project.open(site.parent.parent, BUILD_ENVIRONMENT)
    edition = project.edition_ids()[-1]
    data = prepared.load(site.parent / "prepared" / edition)
    reference = load_reference(project.reference_dir)
    basemap = project.root / "node_modules" / "world-atlas" / "countries-110m.json"
    factsheets.make(data, reference, factsheets.plan(data)[0], basemap, date.today())  # imports, caches
    medians = {}
    for code in language.LANGUAGES:
        spoken = language.load(code, project.locales_dir)
        print(f"== Fact sheets of edition {edition} in {spoken.name}, each made alone, median of {runs} run(s)")
        every = []
        for sheet in factsheets.plan(data):
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                pdf = factsheets.make(data, reference, sheet, basemap, date.today(), spoken)
                times.append(time.perf_counter() - started)
            every.append(statistics.median(times))
            print(f"  {sheet.file_name(data.edition, code):<48} {every[-1]:5.2f} s  {len(pdf) / 1024:6.0f} KB")
        medians[code] = statistics.median(every)
        print(f"  median per sheet: {medians[code]:.2f} s")
    if "sw" in medians:
        print(f"  Kiswahili / English, median per sheet: {medians['sw'] / medians['en']:.2f}")


# --- 2. page weight and Lighthouse ------------------------------------------------------
class GzipHandler(SimpleHTTPRequestHandler):
    """Serves files gzipped when the browser accepts it, as any production web server does."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(folder: Path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


class _Loads(HTMLParser):
    """What a page loads by itself: scripts, style sheets, icons, images, frames and chart specs (not links)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.media = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").split()
        if tag in ("script", "img", "iframe") and attrs.get("src"):
            self.urls.append(attrs["src"])
        elif tag == "link" and attrs.get("href") and ({"stylesheet", "icon"} & set(rel)):
            self.urls.append(attrs["href"])
        if attrs.get("data-spec"):
            self.urls.append(attrs["data-spec"])
        classes = (attrs.get("class") or "").split()
        self.media |= tag == "figure" and bool({"route-map", "chart"} & set(classes))


def page_weight(site: Path, page: str) -> tuple[int, bool]:
    """Bytes a first visit transfers (gzipped, from the site only), and whether the page has a map or chart."""
    seen: set[Path] = set()
    todo = [site / page]
    total, media = 0, None
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        data = path.read_bytes()
        total += len(gzip.compress(data, compresslevel=6)) if path.suffix in COMPRESSIBLE else len(data)
        if path.suffix != ".html":
            continue
        loads = _Loads()
        loads.feed(data.decode("utf-8", errors="ignore"))
        media = loads.media if media is None else media  # the page itself, not its frames
        for link in loads.urls:
            if urlsplit(link).scheme or link.startswith("//"):
                continue  # another origin (map tiles): outside the budget
            todo.append((path.parent / unquote(link.split("?")[0].split("#")[0])).resolve())
    return total, bool(media)


def edition_pages(site: Path, only: list[str]) -> list[str]:
    pages = []
    for edition in sorted(p.name for p in site.iterdir() if p.is_dir() and re.fullmatch(r"\d{4}.*", p.name)):
        for path in sorted((site / edition).rglob("*.html")):
            relative = path.relative_to(site).as_posix()
            if "/assets/" in relative or relative.endswith(("genindex.html", "search.html")):
                continue
            if only and not any(o in relative for o in only):
                continue
            pages.append(relative)
    return pages


def lighthouse(url: str) -> dict | None:
    with tempfile.TemporaryDirectory(prefix="lh-") as profile:
        out = Path(profile) / "report.json"
        result = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                "--only-categories=performance,accessibility,best-practices",
                f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}/chrome",
            ],
            env=dict(os.environ, CHROME_PATH=CHROMIUM),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not out.is_file():
            print(f"    lighthouse failed on {url}: {result.stderr.strip().splitlines()[-1:]}")
            return None
        report = json.loads(out.read_text())
    audits = report["audits"]
    return {
        "scores": {k: round(100 * (v["score"] or 0)) for k, v in report["categories"].items()},
        "bytes": audits["total-byte-weight"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failing": [k for k, v in audits.items() if v.get("scoreDisplayMode") == "binary" and v.get("score") == 0],
    }


def pages_report(site: Path, only: list[str], use_lighthouse: bool) -> None:
    pages = edition_pages(site, only)
    run_lighthouse = use_lighthouse and LIGHTHOUSE.is_file()
    if use_lighthouse and not run_lighthouse:
        print("  (Lighthouse is not installed: `npm ci --prefix benchmarks`, or `make bench`.)")
    print(f"== Pages: {len(pages)}, served with gzip" + (", Lighthouse mobile preset" if run_lighthouse else ""))
    header = f"  {'page':<38} {'KB gz':>6} {'budget':>6}"
    if run_lighthouse:
        header += f" {'perf':>4} {'a11y':>4} {'best':>4} {'LH KB':>6} {'LCP s':>5} {'TBT ms':>6} {'CLS':>5}"
    print(header)
    over, weights, scores = [], [], {k: [] for k in BUDGETS}
    with serve(site) as base:
        for page in pages:
            weight, media = page_weight(site, page)
            budget = MEDIA_PAGE_KB if media else TEXT_PAGE_KB
            line = f"  {page:<38} {weight / 1024:6.0f} {budget:6d}"
            weights.append(weight)
            if weight / 1024 > budget:
                over.append(f"{page}: {weight / 1024:.0f} KB > {budget} KB")
            if run_lighthouse:
                found = lighthouse(f"{base}/{page}")
                if found:
                    s = found["scores"]
                    line += (
                        f" {s['performance']:4d} {s['accessibility']:4d} {s['best-practices']:4d}"
                        f" {found['bytes'] / 1024:6.0f} {found['lcp']:5.1f} {found['tbt']:6.0f}"
                        f" {found['cls']:5.2f}"
                    )
                    for key, minimum in BUDGETS.items():
                        scores[key].append(s[key])
                        if s[key] < minimum:
                            over.append(f"{page}: {key} {s[key]} < {minimum} ({', '.join(found['failing'][:4])})")
            print(line, flush=True)
    print(f"  median weight {statistics.median(weights) / 1024:.0f} KB, heaviest {max(weights) / 1024:.0f} KB")
    if run_lighthouse and scores["performance"]:
        print(
            "  median scores: "
            + ", ".join(f"{k} {statistics.median(v):.0f} (lowest {min(v)})" for k, v in scores.items())
        )
    print("  budgets: " + ("every page within budget" if not over else f"{len(over)} over:"))
    for item in over:
        print(f"    {item}")


# --- 3. scale -----------------------------------------------------------------------------
BUILD_IN_A_PROCESS = """
import json, sys, time
sys.path.insert(0, sys.argv[2])
started = time.perf_counter()
from kenya_routes.inputs.project import Project
from kenya_routes.publish.build import build_site
project = Project.open(__import__("pathlib").Path(sys.argv[1]), {"KENYA_ROUTES_TILES": "none"})
result = build_site(project, log=lambda *_: None, use_cache=False)
print(json.dumps({"seconds": time.perf_counter() - started, **result.timings}))
"""


def scale_curve(sizes: list[int]) -> None:
    """Each build in a process of its own, as a maintainer runs it (imports included)."""
    print("== Scale: synthetic editions built cold in a fresh process (one edition, no cache)")
    print(
        f"  {'routes':>8} {'build s':>8} {'ratio':>6}  {'validate':>8} {'prepare':>7} {'pages':>6} {'book':>5} "
        f"{'publish':>7}  {'heaviest page':<34} {'KB gz':>6}"
    )
    first = None
    for size in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-scale-{size}-"))
        try:
            root = project_copy(work / "project", editions=False)
            synthetic.generate(Project.open(ROOT), size, root / "data" / "editions" / "2099", like="2020")
            run = subprocess.run(
                [sys.executable, "-c", BUILD_IN_A_PROCESS, str(root), str(ROOT / "src")], capture_output=True, text=True
            )
            if run.returncode != 0:
                print(f"  {size:8,d} build failed: {run.stderr.strip().splitlines()[-1:]}")
                continue
            t = json.loads(run.stdout.strip().splitlines()[-1])
            site = root / "_build" / "site"
            heaviest = max(((page_weight(site, p)[0], p) for p in edition_pages(site, [])), default=(0, "-"))
            first = first or t["seconds"]
            print(
                f"  {size:8,d} {t['seconds']:8.1f} {t['seconds'] / first:6.2f}  {t['validate']:8.1f} "
                f"{t['prepare']:7.1f} {t['execute']:6.1f} {t['jupyter-book']:5.1f} {t['publish']:7.1f}  "
                f"{heaviest[1]:<34} {heaviest[0] / 1024:6.0f}",
                flush=True,
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="runs of each build time (median)")
    parser.add_argument(
        "--only",
        choices=["build", "sheets", "downloads", "pages", "lighthouse", "scale"],
        action="append",
        help="run only these parts (repeatable; lighthouse = pages with Lighthouse)",
    )
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--pages", default="", help="comma-separated parts of page paths to measure")
    parser.add_argument("--scale", default="84,1000,10000,100000", help="route counts of the scale curve")
    parser.add_argument("--download-scale", default="10000,100000", help="route counts of the downloads' editions")
    args = parser.parse_args()
    parts = set(args.only or ["build", "sheets", "downloads", "lighthouse", "scale"])
    work = None
    try:
        if "build" in parts:
            work = build_times(args.runs)
        if "sheets" in parts:
            if work is None:
                work = Path(tempfile.mkdtemp(prefix="bench-sheets-"))
                timed_build(project_copy(work / "project"))
            sheet_times(work / "project" / "_build" / "site", max(3, args.runs))
        if "downloads" in parts:
            download_times([int(n) for n in args.download_scale.split(",") if n], max(3, args.runs))
        if parts & {"pages", "lighthouse"}:
            if work is None:
                work = Path(tempfile.mkdtemp(prefix="bench-pages-"))
                timed_build(project_copy(work / "project"))
            pages_report(
                work / "project" / "_build" / "site",
                [p for p in args.pages.split(",") if p],
                "lighthouse" in parts and not args.skip_lighthouse,
            )
        if "scale" in parts:
            scale_curve([int(n) for n in args.scale.split(",") if n])
    finally:
        if work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
