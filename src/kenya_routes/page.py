"""What a notebook needs to put maps, charts and tables on its page.

A Page knows its edition, its place in the site and where its files go. Each
method writes the files an element needs (a map's HTML, a chart's Vega spec and
SVG, a table's CSV) into the edition's assets and returns the HTML that shows
it. Notebooks stay a few calls long.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from . import charts, downloads, escape, maps, paths, prepared, settings, tables


# Rows a table shows on its page at most; its downloads hold every row.
ROW_LIMIT = 200


def stage_folder(edition: str, root: Path | None = None) -> Path:
    return paths.build_dir(root) / "stage" / edition


SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="(\d+(?:\.\d+)?)"[^>]*?\sheight="(\d+(?:\.\d+)?)"')


def _size(svg: str) -> str:
    """The chart's width and height as <img> attributes, so the page keeps its place while it loads."""
    found = SVG_SIZE.search(svg)
    return f' width="{round(float(found.group(1)))}" height="{round(float(found.group(2)))}"' if found else ""


class Page:
    def __init__(self, edition: str, name: str, stage_dir: str | Path = "", root: Path | None = None):
        self.edition = edition
        self.name = name
        self.data = prepared.load(edition, root)
        self.stage = Path(stage_dir) if stage_dir else stage_folder(edition, root)
        self.slug = name.replace("/", "-")
        self.assets = self.stage / "extra" / "assets" / self.slug
        self.to_root = "../" * name.count("/")
        self.settings = settings.load(root)
        self._chart_scripts = False

    @property
    def reference(self):
        return self.data.reference

    def url(self, filename: str) -> str:
        return f"{self.to_root}assets/{self.slug}/{filename}"

    def stem(self, key: str) -> str:
        """File names say the edition: kenya-routes-2020-kenya-destinations."""
        return downloads.file_stem(self.data.edition, self.slug, key)

    def _links(self, stem: str, kinds: list[tuple[str, str]]) -> str:
        links = " · ".join(f'<a href="{escape.html(self.url(stem + suffix))}" download>{label}</a>'
                           for suffix, label in kinds)
        return f'<p class="downloads">Download: {links}</p>'

    def _write(self, filename: str, content: str | bytes) -> Path:
        self.assets.mkdir(parents=True, exist_ok=True)
        path = self.assets / filename
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    # --- maps --------------------------------------------------------------------
    def map(self, routes: pd.DataFrame, key: str, title: str, description: str, group_by: str = "corridor") -> HTML:
        """A route map in its own document, shown in a frame, with a text description."""
        drawn = maps.route_map(routes, self.reference, self.settings.tiles, vendor_url="../../vendor", title=title,
                               group_by=group_by, cases=self.data.cases["route"], weights=self.data.cases["weights"])
        self._write(f"{key}.html", maps.document(drawn, title))
        return HTML(
            f'<figure class="route-map" id="map-{escape.html(key)}">'
            f'<iframe src="{escape.html(self.url(key + ".html"))}" title="{escape.html(title)}" loading="lazy">'
            f"</iframe>{drawn.legend_html}<figcaption>{escape.html(description)}</figcaption></figure>")

    # --- charts ------------------------------------------------------------------
    def chart(self, chart, key: str, description: str) -> HTML:
        """A chart: its SVG at once, made interactive by Vega when the page has JavaScript."""
        edition = self.data.edition
        chart = charts.with_source(chart, f"Edition {edition['id']} ({edition['short_title']}) · "
                                          f"{edition['publisher']} · {edition['licence']}")
        rendered = charts.render(chart)
        stem = self.stem(key + "-chart")
        self._write(f"{stem}.svg", rendered["svg"])
        self._write(f"{stem}.vg.json", escape.script_json(rendered["vega"]))
        self._write(f"{stem}.png", charts.png(chart))
        self._write(f"{stem}.csv", downloads.csv_bytes(rendered["data"], edition))
        scripts = ""
        if not self._chart_scripts:
            # Vega itself is loaded by charts.js only when a reader points at a chart.
            scripts = f'<script src="{self.to_root}_static/charts.js" defer></script>'
            self._chart_scripts = True
        return HTML(
            f'<figure class="chart" id="chart-{escape.html(key)}">'
            f'<div class="vega-chart" data-spec="{escape.html(self.url(stem + ".vg.json"))}" '
            f'data-vega="{self.to_root}vendor/vega/vega.min.js" '
            f'data-interpreter="{self.to_root}vendor/vega/vega-interpreter.min.js">'
            f'<img src="{escape.html(self.url(stem + ".svg"))}" alt="{escape.html(description)}"{_size(rendered["svg"])}>'
            "</div>"
            f"<figcaption>{escape.html(description)}</figcaption>"
            + self._links(stem, [(".png", "PNG"), (".svg", "SVG"), (".csv", "data (CSV)")])
            + f"</figure>{scripts}")

    # --- tables ------------------------------------------------------------------
    def table(self, frame: pd.DataFrame, key: str, columns: dict[str, str], caption: str,
              numeric: tuple[str, ...] = (), limit: int = ROW_LIMIT) -> HTML:
        """A table, with every row in CSV and XLSX downloads (headed as on the page).

        The page shows the first `limit` rows (tables are ranked, most submissions
        first) and says so: a page stays light on a phone however large the data.
        """
        shown = frame[list(columns)].rename(columns=columns)
        stem = self.stem(key + "-table")
        self._write(f"{stem}.csv", downloads.csv_bytes(shown, self.data.edition))
        self._write(f"{stem}.xlsx", downloads.xlsx_bytes(shown, self.data.edition, sheet=caption))
        if len(frame) > limit:
            frame = frame.head(limit)
            caption = f"{caption} (the first {limit:,} of {len(shown):,}; the downloads list them all)"
        return HTML(tables.html_table(frame, columns, caption, numeric, table_id=f"table-{key}")
                    + self._links(stem, [(".csv", "CSV"), (".xlsx", "XLSX")]))

    def note(self, text: str) -> HTML:
        """A sentence in words where a chapter has nothing to draw (e.g. a column not collected)."""
        return HTML(f'<p class="no-data">{escape.html(text)}</p>')
