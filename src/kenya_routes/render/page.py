"""What a notebook needs to put maps, charts and tables on its page.

A Page knows its edition's prepared data, its place in the site and where its
files go, all given by the notebook's parameters. Each method writes the files
an element needs (a map's HTML, a chart's Vega spec and SVG, a table's CSV)
into the edition's assets and returns the HTML that shows it, made by the
templates of render/templates/. Notebooks stay a few calls long.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from IPython.display import HTML
from markupsafe import Markup

from ..inputs.project import Project
from ..inputs.reference import Reference, load_reference
from ..inputs.settings import Settings
from ..prepare import prepared, provenance
from ..prepare.formatting import format_value
from . import charts, downloads, escape, html, language, maps, tables
from .html import macro

# Rows a table shows on its page at most; its downloads hold every row.
ROW_LIMIT = 200

# How the data's value relates to the printed one (see prepare/reconcile.py), in a reader's words.
RECONCILIATION_CHECKS = {
    "equal": "reproduced: the same",
    "as read": "the same, read in the data's spelling",
    "same items": "the same items, in another order",
    "includes": "the data names these and more",
    "at least": "the data agrees with the claim",
    "leads": "these lead the data's ranking",
    "differs": "differs",
}


_LOADED: dict[tuple, tuple[prepared.PreparedEdition, Reference]] = {}


def _inputs(prepared_dir: Path, reference_dir: Path) -> tuple[prepared.PreparedEdition, Reference]:
    """An edition's prepared data and the reference tables, read once per process (a worker renders
    many pages of an edition)."""
    key = (str(prepared_dir), (prepared_dir / prepared.ROUTES_FILE).stat().st_mtime_ns, str(reference_dir))
    if key not in _LOADED:
        _LOADED.clear()
        _LOADED[key] = (prepared.load(prepared_dir), load_reference(reference_dir))
    return _LOADED[key]


def _size(svg: str) -> tuple[int | None, int | None]:
    """The chart's width and height, so the page keeps its place while the image loads."""
    found = charts.SVG_SIZE.search(svg)
    return (round(float(found.group(1))), round(float(found.group(2)))) if found else (None, None)


def empty_sentence(title: str, kind: str) -> str:
    """What a chapter says where an element has no data: its title and that nothing is shown."""
    nothing = {"map": "there is no route to draw", "chart": "there is nothing to chart"}.get(
        kind, "there is nothing to list"
    )
    return f"{title}: no submission of this edition gives this, so {nothing}."


def _title_of(chart) -> str:
    """A chart's title as text (altair keeps it as a string, lines or title parameters)."""
    return charts.title_text(chart) or "This chart"


class Page:
    """One page of an edition. The build passes every folder; run by hand, a notebook's empty
    parameters mean the project of the working folder and its last build."""

    def __init__(
        self,
        edition: str,
        name: str,
        stage_dir: str | Path = "",
        prepared_dir: str | Path = "",
        reference_dir: str | Path = "",
        locales_dir: str | Path = "",
    ):
        if not (stage_dir and prepared_dir and reference_dir and locales_dir):
            project = Project.open()
            stage_dir = stage_dir or project.build_dir / "stage" / edition
            prepared_dir = prepared_dir or project.build_dir / "prepared" / edition
            reference_dir = reference_dir or project.reference_dir
            locales_dir = locales_dir or project.locales_dir
        self.edition = edition
        self.name = name
        self.prepared_dir = Path(prepared_dir)
        self.data, self.reference = _inputs(self.prepared_dir, Path(reference_dir))
        self.stage = Path(stage_dir)
        self.slug = name.replace("/", "-")
        self.assets = self.stage / "extra" / "assets" / self.slug
        self.to_root = "../" * name.count("/")
        self.settings = Settings.from_record(self.data.settings)
        # The languages besides English the page's chart images are also made in (render/language.py).
        self.languages = [language.load(code, Path(locales_dir)) for code in language.LANGUAGES if code != "en"]
        self._chart_scripts = False

    def previous(self) -> prepared.PreparedEdition:
        """The prepared data of the edition published before this one (the build prepares it beside this one)."""
        return prepared.load(self.prepared_dir.parent / self.data.edition["previous"])

    def url(self, filename: str) -> str:
        return f"{self.to_root}assets/{self.slug}/{filename}"

    def stem(self, key: str) -> str:
        """File names say the edition: kenya-routes-2020-kenya-destinations."""
        return downloads.file_stem(self.data.edition, self.slug, key)

    def _links(self, stem: str, kinds: list[tuple[str, str]]) -> list[dict[str, str]]:
        return [{"url": self.url(stem + suffix), "label": label} for suffix, label in kinds]

    def _write(self, filename: str, content: str | bytes) -> Path:
        self.assets.mkdir(parents=True, exist_ok=True)
        path = self.assets / filename
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    # --- maps --------------------------------------------------------------------
    def map(
        self, routes: pd.DataFrame, key: str, title: str, description: str, focus_region: str | None = None
    ) -> HTML:
        """A route map in its own document, shown in a frame, with a text description; without
        routes to draw, a sentence that says so (a map of nothing is no use to a reader).
        `focus_region`: the map opens on that region's places, with a button to zoom out to every route."""
        if routes.empty:
            return self.note(empty_sentence(title, "map"))
        reconstructed = provenance.of_values_of(self.data.edition["status"]) == provenance.RECONSTRUCTED
        drawn = maps.route_map(
            routes,
            self.reference,
            self.settings.tiles,
            title=title,
            cases=self.data.cases["route"],
            weights=self.data.cases["weights"],
            notice="Reconstructed routes: illustrative, not reported by STTK" if reconstructed else None,
            focus_region=focus_region,
        )
        # The map's page is assets/<page>/<key>.html: the site's libraries and own files are two folders up.
        made = maps.document(drawn, title, key, vendor_url="../../vendor", static_url="../../_static")
        self._write(f"{key}.html", made.html)
        self._write(f"{key}.js", made.script)
        self._write(f"{key}.css", made.style)
        return HTML(
            macro("page_elements.html", "map")(key, self.url(key + ".html"), title, drawn.legend_html, description)
        )

    # --- charts ------------------------------------------------------------------
    def ranking(
        self, frame: pd.DataFrame, label: str, title: str, label_title: str, key: str, description: str
    ) -> HTML:
        """A bar chart of a ranking by submissions (charts.ranking), with its images in each other language
        too. `title`, `label_title` and `description` are messages of the catalogues (N_ in the notebook);
        `label` is a column of names of countries (`country`) or of terms of the vocabulary of that name."""
        chart = charts.ranking(frame, label, "submissions", title, label_title)
        if frame.empty:
            return self.chart(chart, key, description)
        others = [
            self._ranking_in(spoken, frame, label, title, label_title, key, description) for spoken in self.languages
        ]
        return self.chart(chart, key, description, [link for links in others for link in links])

    def _ranking_in(
        self,
        spoken: language.Language,
        frame: pd.DataFrame,
        label: str,
        title: str,
        label_title: str,
        key: str,
        description: str,
    ) -> list[dict[str, str]]:
        """The ranking's images (PNG, SVG) in the language `spoken`, as the page links them."""
        shown = frame.copy()
        if label == "country":
            shown[label] = [spoken.name_of(self.reference, name) for name in shown[label]]
        else:
            shown[label] = [spoken.item(self.reference, label, term) for term in shown[label]]
        chart = charts.ranking(
            shown,
            label,
            "submissions",
            spoken._(title),
            spoken._(label_title),
            spoken._(charts.SUBMISSIONS),
            language=spoken,
        )
        chart, source, notice = self._with_source(chart, spoken)
        stem = f"{self.stem(key + '-chart')}-{spoken.code}"
        self._write(f"{stem}.svg", charts.svg(chart))
        self._write(f"{stem}.png", charts.png(chart, self._image_text(chart, source, notice, spoken._(description))))
        return [
            {"url": self.url(stem + suffix), "label": f"{kind} in {spoken.name}", "language": spoken.code}
            for suffix, kind in ((".png", "PNG"), (".svg", "SVG"))
        ]

    def _with_source(self, chart, spoken: language.Language = language.ENGLISH) -> tuple[Any, str, str | None]:
        """The chart with the lines that name its edition and, for reconstructed data, say it is illustrative; in
        another language than English, with who translated it. Also those lines, for the image's text chunks."""
        edition = self.data.edition
        said = spoken._(charts.EDITION_NAMED, edition=edition["id"], name=edition["short_title"])
        source = f"{said} · {edition['publisher']} · {edition['licence']}"
        kind = provenance.of_values_of(edition["status"])
        notice = spoken._(downloads.RECONSTRUCTED_NOTICE) if kind == provenance.RECONSTRUCTED else None
        credit = None
        if spoken.code != "en":  # who translated the chart, and whether the coalition has reviewed it
            message = charts.REVIEWED_BY if spoken.reviewed else charts.TRANSLATED_BY
            credit = spoken._(message, translator=spoken.translator, reviewer=spoken.reviewer)
        chart = charts.with_source(chart, source, notice, credit)
        return chart, source, " ".join(filter(None, (notice, credit))) or None

    def _image_text(self, chart, source: str, notice: str | None, description: str) -> dict[str, str]:
        """What a chart's PNG says of itself (its text chunks): title, author, source, licence, description."""
        edition = self.data.edition
        return {
            "Title": charts.title_text(chart),
            "Author": " and ".join(edition.get("authors") or [edition["publisher"]]),
            "Source": source,
            "Copyright": edition["licence"],
            "Description": f"{description} {notice or ''}".strip(),
        }

    def chart(self, chart, key: str, description: str, translated: list[dict[str, str]] | None = None) -> HTML:
        """A chart: its SVG at once, made interactive by Vega when the page has JavaScript; without
        data, a sentence that says so instead of an empty frame. `translated`: links to its images in
        other languages (see ranking).

        Its counts are values no document states: in a reconstructed edition the chart is drawn as
        reconstructed, and every copy of it (SVG, PNG, CSV) says so.
        """
        if isinstance(chart.data, pd.DataFrame) and chart.data.empty:
            return self.note(empty_sentence(_title_of(chart), "chart"))
        edition = self.data.edition
        chart, source, notice = self._with_source(chart)
        rendered = charts.render(chart)
        stem = self.stem(key + "-chart")
        self._write(f"{stem}.svg", rendered["svg"])
        self._write(f"{stem}.vg.json", escape.script_json(rendered["vega"]))
        self._write(f"{stem}.png", charts.png(chart, self._image_text(chart, source, notice, description)))
        self._write(f"{stem}.csv", downloads.csv_bytes(rendered["data"], edition))
        script = None
        if not self._chart_scripts:
            # Vega itself is loaded by charts.js only when a reader points at a chart.
            script = f"{self.to_root}_static/charts.js"
            self._chart_scripts = True
        width, height = _size(rendered["svg"])
        return HTML(
            macro("page_elements.html", "chart")(
                key,
                self.url(stem + ".vg.json"),
                f"{self.to_root}vendor/vega/vega.min.js",
                f"{self.to_root}vendor/vega/vega-interpreter.min.js",
                self.url(stem + ".svg"),
                width,
                height,
                description,
                self._links(stem, [(".png", "PNG"), (".svg", "SVG"), (".csv", "data (CSV)")]) + (translated or []),
                script,
            )
        )

    # --- tables ------------------------------------------------------------------
    def table(
        self,
        frame: pd.DataFrame,
        key: str,
        columns: dict[str, str],
        caption: str,
        numeric: tuple[str, ...] = (),
        limit: int = ROW_LIMIT,
        marked: tuple[str, ...] | None = None,
        reported: Callable[[Any, str], bool] | None = None,
    ) -> HTML:
        """A table, with every row in CSV and XLSX downloads (headed as on the page).

        The page shows the first `limit` rows (tables are ranked, most submissions
        first) and says so: a page stays light on a phone however large the data. A table
        without rows is a sentence that says so, and has no downloads.
        The `marked` columns (default: the numeric ones) hold values no document
        states, so they carry the edition's provenance (reconstructed, or computed);
        `reported(row, column)` picks the cells the source document states. The
        downloads say the same in a provenance column.
        """
        if frame.empty:
            return self.note(empty_sentence(caption, "table"))
        marked = tuple(c for c in (numeric if marked is None else marked) if c in columns)
        kind = provenance.of_values_of(self.data.edition["status"])
        kinds = dict.fromkeys(marked, kind)
        shown = frame[list(columns)].rename(columns=columns)
        rows = tables.row_provenance(frame, columns, kinds, reported, kind)
        stem = self.stem(key + "-table")
        self._write(f"{stem}.csv", downloads.csv_bytes(shown, self.data.edition, provenance=rows))
        self._write(f"{stem}.xlsx", downloads.xlsx_bytes(shown, self.data.edition, sheet=caption, provenance=rows))
        if len(frame) > limit:
            frame = frame.head(limit)
            caption = f"{caption} (the first {limit:,} of {len(shown):,}; the downloads list them all)"
        table = tables.html_table(
            frame,
            columns,
            caption,
            numeric,
            table_id=f"table-{key}",
            kinds=kinds if kind == provenance.RECONSTRUCTED else {},
            reported=reported,
        )
        return HTML(
            macro("page_elements.html", "table")(table, self._links(stem, [(".csv", "CSV"), (".xlsx", "XLSX")]))
        )

    def stated(self, figure_of: Callable[[Any, str], str | None]) -> Callable[[Any, str], bool]:
        """Which cells of a table the source document states, for `table(reported=...)`: `figure_of(row,
        column)` names the figure a cell shows (or None), and the cell is reported if the document prints
        that figure and the data gives exactly what it prints."""

        def reported(row: Any, column: str) -> bool:
            figure = self.data.figures.get(figure_of(row, column) or "")
            return (
                bool(figure) and figure["provenance"] == provenance.REPORTED and figure["check"] in ("equal", "as read")
            )

        return reported

    def reconciliation(self) -> HTML:
        """What the source document prints beside what the data gives, with how they compare and why they
        differ; every row has an anchor the pages link to, and the table its downloads."""
        rec = self.data.reconciliation
        rows = [
            {
                "id": row["id"],
                "label": row["label"],
                "printed": format_value(row["printed"]),
                "printed_as": row["printed_as"] or "",
                "source": row["source"],
                "data": format_value(row["data"]) if row["data"] is not None else "–",
                "check": RECONCILIATION_CHECKS.get(row["check"], row["check"]),
                "why": row["reason"] or row["note"] or "",
            }
            for row in rec["rows"]
        ]
        caption = "Figures printed in the source document and what the data gives"
        frame = pd.DataFrame(rows, columns=["id", "label", "printed", "printed_as", "source", "data", "check", "why"])
        stem = self.stem("reconciliation-table")
        self._write(f"{stem}.csv", downloads.csv_bytes(frame, self.data.edition, provenance="reported"))
        self._write(
            f"{stem}.xlsx",
            downloads.xlsx_bytes(frame, self.data.edition, sheet="Reconciliation", provenance="reported"),
        )
        table = html.render("reconciliation.html", caption=caption, rows=rows)
        return HTML(
            macro("page_elements.html", "table")(table, self._links(stem, [(".csv", "CSV"), (".xlsx", "XLSX")]))
        )

    # --- words -------------------------------------------------------------------
    def note(self, text: str) -> HTML:
        """A sentence in words where a chapter has nothing to draw (e.g. a column not collected)."""
        return HTML(macro("page_elements.html", "note")(text))

    def paragraph(self, text: str) -> HTML:
        return HTML(macro("page_elements.html", "paragraph")(text))

    def definitions(self, items: list[tuple[str, str]], css: str) -> HTML:
        """A list of terms and what each is (a description list)."""
        return HTML(macro("page_elements.html", "definitions")(items, css))

    def terms(self, items: list[tuple[str, str]], css: str) -> HTML:
        """A list of names (set as code) with what each means."""
        return HTML(macro("page_elements.html", "terms")(items, css))

    def details(self, items: list[tuple[str, HTML]], css: str) -> HTML:
        """Sections a reader opens one at a time: (summary, content made by another method); nothing
        at all without sections."""
        return HTML(macro("page_elements.html", "details")([(s, Markup(body.data)) for s, body in items], css))
