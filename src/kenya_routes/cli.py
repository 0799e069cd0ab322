"""Command-line interface: `python -m kenya_routes <command>` (or `kenya-routes <command>`)."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import validation
from .inputs.problems import DataProblemError
from .inputs.project import Project
from .prepare import figures, prepared, reconcile

# Exit codes: 0 success, 1 the reconciliation found unexplained differences,
# 2 the input data has problems.
EXIT_DATA = 2


def _edition_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--edition", help="edition folder under data/editions/ (default: every edition)")


def _selected(project: Project, args: argparse.Namespace) -> list[str]:
    ids = project.edition_ids()
    if args.edition is None:
        return ids
    if args.edition not in ids:
        known = ", ".join(ids) or "none"
        raise SystemExit(f"There is no edition '{args.edition}' under data/editions/ (editions: {known}).")
    return [args.edition]


def prepared_edition(project: Project, edition_id: str) -> prepared.PreparedEdition:
    """An edition through the gate (or its remembered outcome) and the prepare step, as the build makes it."""
    from .publish import cache

    store = cache.Cache(project.build_dir / "cache")
    code = cache.code_digest()

    def checked(edition: str) -> validation.Checked:
        key = cache.Digest(
            code, project.expectations_dir, project.reference_dir, project.edition_folder(edition)
        ).hexdigest()
        return validation.checked_edition(project, edition, store, key)

    this = checked(edition_id)
    previous_id = project.previous_edition(edition_id)
    previous = checked(previous_id).data if previous_id else None
    return prepared.prepare_edition(this.data, previous, this.quality, project.settings)


def _rows(data: prepared.PreparedEdition) -> list[reconcile.Row]:
    return [reconcile.Row(**row) for row in data.reconciliation["rows"]]


def cmd_figures(project: Project, args: argparse.Namespace) -> int:
    status = 0
    selected = _selected(project, args)
    for edition_id in selected:
        data = prepared_edition(project, edition_id)
        records = [figures.published(figure) for figure in data.figures.values()]
        text = json.dumps({"edition": edition_id, "figures": records}, indent=2, ensure_ascii=False)
        if args.out:
            out = Path(args.out)
            if len(selected) > 1:
                out = out.parent / f"{out.stem}-{edition_id}{out.suffix or '.json'}"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text + "\n", encoding="utf-8")
            print(f"Wrote {len(records)} figures of edition {edition_id} to {out}")
        else:
            print(text)
        rows = _rows(data)
        if not args.quiet:
            print(
                reconcile.render_text(rows, data.reconciliation["notes"], data.reconciliation["document"]),
                file=sys.stderr if not args.out else sys.stdout,
            )
        if reconcile.unexplained(rows):
            status = 1
    return status


def cmd_reconcile(project: Project, args: argparse.Namespace) -> int:
    status = 0
    for edition_id in _selected(project, args):
        data = prepared_edition(project, edition_id)
        rows = _rows(data)
        print(f"== Edition {edition_id} ==")
        print(reconcile.render_text(rows, data.reconciliation["notes"], data.reconciliation["document"]))
        print()
        if reconcile.unexplained(rows):
            status = 1
    return status


def cmd_validate(project: Project, args: argparse.Namespace) -> int:
    from .render.quality import write_quality

    if args.path:
        outcomes = [(args.edition, validation.validate_file(project, Path(args.path), args.edition, sheet=args.sheet))]
    else:
        outcomes = [(e, validation.validate_edition(project, e)) for e in _selected(project, args)]
    status = 0
    for edition_id, outcome in outcomes:
        if outcome.report.problems:
            print(outcome.report.render(), file=sys.stderr if outcome.report.errors else sys.stdout)
        else:
            print(f"{outcome.file}: {outcome.rows} rows passed every check.")
        if outcome.report.errors:
            status = EXIT_DATA
        elif args.quality and edition_id and not args.path:
            _, written = write_quality(outcome.quality_summary(), edition_id, Path(args.quality) / edition_id)
            print(f"Wrote the public data-quality summary to {written}")
    if args.data_docs:
        index = validation.gate_of(project).build_data_docs(Path(args.data_docs))
        print(f"Wrote Data Docs for maintainers (not for publication) to {index}")
    return status


def cmd_synthetic(project: Project, args: argparse.Namespace) -> int:
    from .intake import synthetic

    out = Path(args.out) if args.out else synthetic.default_folder(project, args.routes)
    synthetic.generate(project, args.routes, out, like=args.like, seed=args.seed)
    print(f"Wrote a synthetic edition of {args.routes:,} routes to {out}")
    return 0


def cmd_build(project: Project, args: argparse.Namespace) -> int:
    from .publish.build import BuildError, build_site
    from .publish.interrupt import BuildInterrupted, interruptible
    from .publish.progress import Bars, Lines

    # Live bars on a terminal; one plain line per step in a log (CI) or a file.
    progress = Bars() if sys.stderr.isatty() and sys.stdout.isatty() else Lines()
    started = time.perf_counter()
    use_cache = not args.no_cache and os.environ.get("KENYA_ROUTES_CACHE", "on").lower() not in (
        "off",
        "0",
        "no",
        "false",
    )
    try:
        with interruptible():
            result = build_site(
                project,
                edition_ids=[args.edition] if args.edition else None,
                jobs=args.jobs,
                use_cache=use_cache,
                progress=progress,
                wait=args.wait * 60,
                fact_sheets=not args.no_fact_sheets,
            )
    except BuildInterrupted as stopped:
        print(
            f"\nThe build was interrupted ({stopped}) and stopped every process it had started.\n"
            "Nothing was published: the previously built site, if any, is unchanged.",
            file=sys.stderr,
        )
        sys.stdout.flush()
        sys.stderr.flush()
        # Every process the build started has ended; the worker pool's threads may still wait on pipes
        # to them, which would hold the interpreter's exit. Nothing is left to finish: leave now.
        os._exit(stopped.exit_status)
    except BuildError as error:
        if error.report is not None:
            print(error.report.render(), file=sys.stderr)
        print(f"The build failed: {error}\nThe previously built site, if any, is unchanged.", file=sys.stderr)
        return EXIT_DATA if error.report is not None else 1
    seconds = time.perf_counter() - started
    print(f"Built {', '.join(result.editions)} into {result.site} in {seconds:.0f} s")
    return 0


def cmd_serve(project: Project, args: argparse.Namespace) -> int:
    from .publish.serve import server

    site = project.build_dir / "site"
    if not (site / "index.html").is_file():
        print(f"There is no built site in {site}: build it first with `make site`.", file=sys.stderr)
        return 1
    httpd = server(site, args.host, args.port)
    host, port = httpd.server_address[:2]
    print(f"Serving {site} at http://{host}:{port}/ (gzip and the site's headers). Press Ctrl-C to stop.", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        print("Stopped.")
    finally:
        httpd.server_close()
    return 0


def cmd_template(project: Project, args: argparse.Namespace) -> int:
    from .intake import submission_template

    report, _ = validation.validate_reference(project)
    if report.errors:
        raise DataProblemError(report)
    edition_id = args.edition or (project.edition_ids() or [None])[-1]
    edition = project.edition(edition_id) if edition_id else None
    out = Path(args.out or f"routes-template-{edition_id or 'all'}.{'csv' if args.csv else 'xlsx'}")
    if args.csv and out.suffix.lower() != ".csv":
        out = out.with_suffix(".csv")
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise SystemExit(f"The template is written as .xlsx or .csv: '{out}' has neither ending.")
    submission_template.write(out, project.reference(), edition)
    print(f"Wrote the submission template{f' of edition {edition_id}' if edition else ''} to {out}")
    return 0


def cmd_ingest(project: Project, args: argparse.Namespace) -> int:
    from .intake.ingest import ingest

    result = ingest(project, [Path(p) for p in args.files], args.edition, sheet=args.sheet)
    for change in result.normalised:
        print(f"NOTE {change}")
    if result.report.problems:
        text = result.report.render(stopped="Nothing was written.", passed="The routes were added.")
        print(text, file=sys.stderr if result.report.errors else sys.stdout)
    print(result.summary())
    return 0 if result.written else EXIT_DATA


def cmd_new_edition(project: Project, args: argparse.Namespace) -> int:
    from .intake.new_edition import NewEdition, create

    contributors = []
    for text in args.contributor or []:
        name, _, short = text.partition("=")
        contributors.append((name.strip(), (short or name).strip()))
    spec = NewEdition(
        edition_id=args.edition_id,
        title=args.title,
        period_from=args.period_from,
        period_to=args.period_to,
        short_title=args.short_title,
        status=args.status,
        publisher=args.publisher,
        licence=args.licence,
        licence_url=args.licence_url,
        instrument_name=args.instrument_name,
        instrument_version=args.instrument_version,
        columns=[c.strip() for c in args.columns.split(",") if c.strip()] if args.columns is not None else None,
        contributors=contributors,
        citation=args.citation,
        collection_note=args.note or "",
        like=args.like,
    )
    path = create(project, spec)
    print(
        f"Created {path}. Next: send partners the template (python -m kenya_routes template --edition "
        f"{args.edition_id}), then ingest their files (python -m kenya_routes ingest FILES --edition "
        f"{args.edition_id})."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kenya-routes", description=__doc__)
    parser.add_argument(
        "--root",
        type=Path,
        help="the project's folder (default: the one holding _config.yml, from the working folder up)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("figures", help="compute an edition's figures and write them as JSON")
    _edition_arg(p)
    p.add_argument("--out", help="write the JSON here instead of printing it")
    p.add_argument("--quiet", action="store_true", help="do not print the reconciliation")
    p.set_defaults(func=cmd_figures)

    p = commands.add_parser(
        "validate",
        help="check an edition's data (or any route table) against the data contract",
        description="Check the reference data, the edition's edition.yml and its route table. Each problem is "
        "one line naming the file, row, column, value and rule. Exits 2 if anything must be fixed.",
    )
    p.add_argument("path", nargs="?", help="a route table (.csv or .xlsx) to check instead of an edition's")
    _edition_arg(p)
    p.add_argument("--sheet", help="the sheet to read from an .xlsx workbook (default: the first)")
    p.add_argument("--data-docs", metavar="DIR", help="also write Great Expectations Data Docs here (maintainers only)")
    p.add_argument(
        "--quality", metavar="DIR", help="write each edition's public data-quality summary under DIR/<edition>/"
    )
    p.set_defaults(func=cmd_validate)

    p = commands.add_parser(
        "build", help="validate, prepare, execute the notebooks and build the site into _build/site"
    )
    _edition_arg(p)
    p.add_argument("--jobs", type=int, help="notebooks executed in parallel (default: up to 4, one per core)")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="run every step afresh instead of reusing what has not changed (_build/cache/)",
    )
    p.add_argument(
        "--no-fact-sheets",
        action="store_true",
        help="make no fact sheet (PDF) and link none: only to measure what the sheets cost (benchmarks/site.py)",
    )
    p.add_argument(
        "--wait",
        type=float,
        default=30,
        metavar="MINUTES",
        help="if another build of this project is running, wait up to this long for it (default: 30; 0 refuses "
        "at once)",
    )
    p.set_defaults(func=cmd_build)

    p = commands.add_parser(
        "serve", help="preview the built site (_build/site) on this computer, compressed and with the site's headers"
    )
    p.add_argument("--port", type=int, default=8000, help="port to serve on (default: 8000; 0 picks a free one)")
    p.add_argument("--host", default="127.0.0.1", help="address to serve on (default: 127.0.0.1, this computer only)")
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser("synthetic", help="generate a synthetic edition for benchmarks (never published)")
    p.add_argument("--routes", type=int, required=True, help="number of route submissions")
    p.add_argument("--out", help="folder to write routes.csv and edition.yml (default: _build/synthetic/routes-N)")
    p.add_argument("--like", default="2020", help="edition whose routes are resampled (default: 2020)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    p.set_defaults(func=cmd_synthetic)

    p = commands.add_parser("template", help="write the submission template partners fill in (.xlsx or .csv)")
    p.add_argument("--edition", help="edition whose columns and organisations the template has (default: newest)")
    p.add_argument("--out", help="file to write (default: routes-template-<edition>.xlsx)")
    p.add_argument("--csv", action="store_true", help="write a CSV of the columns instead of a workbook")
    p.set_defaults(func=cmd_template)

    p = commands.add_parser(
        "ingest",
        help="add partners' filled templates (or CSVs) to an edition: the whole batch, or nothing",
        description="Normalise names, assign submission ids, check every file and flag likely duplicates; append "
        "to data/editions/<edition>/routes.csv only if every file passes. Exits 2 otherwise.",
    )
    p.add_argument("files", nargs="+", help="filled templates (.xlsx) or route tables (.csv)")
    p.add_argument("--edition", required=True, help="the edition to add the routes to")
    p.add_argument("--sheet", help="sheet to read from each workbook (default: 'Routes', else the first)")
    p.set_defaults(func=cmd_ingest)

    p = commands.add_parser(
        "new-edition",
        help="create data/editions/<edition>/edition.yml from flags",
        description="Fields not given are taken from the newest edition (or --like).",
    )
    p.add_argument("edition_id", metavar="EDITION", help="the edition's name: a year, e.g. 2021 (its web address)")
    p.add_argument("--title", required=True, help="the edition's title as published")
    p.add_argument("--from", dest="period_from", required=True, help="first year or month of collection (2021-01)")
    p.add_argument("--to", dest="period_to", required=True, help="last year or month of collection (2021-12)")
    p.add_argument("--short-title", help="short name in the edition switcher (default: the edition's name)")
    p.add_argument(
        "--status",
        default="submitted",
        choices=["submitted", "reconstructed"],
        help="submitted (real submissions, the default) or reconstructed",
    )
    p.add_argument("--publisher")
    p.add_argument("--licence", help="SPDX identifier, e.g. CC-BY-4.0")
    p.add_argument("--licence-url")
    p.add_argument("--instrument-name")
    p.add_argument("--instrument-version")
    p.add_argument("--columns", help="optional columns collected, comma-separated (e.g. transport_modes,airlines)")
    p.add_argument(
        "--contributor",
        action="append",
        metavar="NAME=SHORT",
        help="a contributing organisation, repeatable (default: the model edition's)",
    )
    p.add_argument("--citation", help="citation text (default: publisher (year). title. Edition N.)")
    p.add_argument("--note", help="a note on the collection period")
    p.add_argument("--like", help="edition to take the defaults from (default: the newest)")
    p.set_defaults(func=cmd_new_edition)

    p = commands.add_parser("reconcile", help="print the printed-versus-computed table of an edition")
    _edition_arg(p)
    p.set_defaults(func=cmd_reconcile)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        # The one place the project, its settings and the command's environment are read.
        project = Project.open(args.root, environ=os.environ)
        return args.func(project, args)
    except DataProblemError as error:
        print(error.report.render(), file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
