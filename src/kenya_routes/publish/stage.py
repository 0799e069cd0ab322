"""Staging: one Jupyter Book source folder per edition, from _config.yml, _toc.yml, book/ and notebooks/.

The top-level `_toc.yml` is the structure of every edition's book. Each entry
`book/X` becomes page `X` of the edition: executed from notebooks/X.ipynb if
that notebook exists, otherwise rendered from book/X.md. The glob
`book/regions/*` becomes one page per region the edition has, in the report's
order, each executed from notebooks/region.ipynb; regions with fewer routes than
the configured minimum (settings: regions.minimum_routes) are instead sections of
one page, regions/other, executed from notebooks/other-regions.ipynb with one
copy of its `each-region` cells per region (see execute.py).
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..inputs.project import Project
from ..prepare.prepared import OTHER_REGIONS_PAGE, PreparedEdition
from ..render import escape
from ..render.html import macro

REGION_GLOB = "book/regions/*"
OTHER_REGIONS_NOTEBOOK = "other-regions"
VENDOR_FILES = {
    "leaflet/leaflet.js": "leaflet/dist/leaflet.js",
    "leaflet/leaflet.css": "leaflet/dist/leaflet.css",
    "vega/vega.min.js": "vega/build/vega.min.js",
    # Evaluates Vega expressions without eval, as the Content-Security-Policy requires.
    "vega/vega-interpreter.min.js": "vega-interpreter/build/vega-interpreter.min.js",
    # Turns the basemap's TopoJSON into the GeoJSON Leaflet draws (book/_static/route-maps.js).
    "topojson-client/topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
    "world-atlas/LICENSE": "world-atlas/LICENSE",
}
# Data the maps draw, served as scripts that set a global (a map read from the offline zip, as a file,
# may not fetch it): world-atlas's land, coastlines and country borders from Natural Earth.
VENDOR_SCRIPTS = {"world-atlas/countries-110m.js": ("world-atlas/countries-110m.json", "KenyaRoutesWorld")}


class StageError(RuntimeError):
    pass


@dataclass(frozen=True)
class PageSpec:
    """One page of an edition's book and where it comes from."""

    name: str  # path in the book without suffix: "overview", "regions/asia"
    source: Path
    parameters: dict[str, Any] = field(default_factory=dict)

    @property
    def is_notebook(self) -> bool:
        return self.source.suffix == ".ipynb"

    @property
    def region(self) -> str | None:
        return self.parameters.get("region")

    def describe(self) -> str:
        where = f", region {self.region}" if self.region else ""
        return f"{self.source.name} (edition {self.parameters.get('edition')}{where})"


def _source_for(name: str, root: Path) -> Path:
    notebook = root / "notebooks" / f"{name}.ipynb"
    if notebook.is_file():
        return notebook
    page = root / "book" / f"{name}.md"
    if page.is_file():
        return page
    raise StageError(f"_toc.yml lists 'book/{name}', but neither notebooks/{name}.ipynb nor book/{name}.md exists.")


def plan(data: PreparedEdition, project: Project) -> tuple[dict, list[PageSpec]]:
    """The edition's table of contents and the pages to produce."""
    root = project.root
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    edition = data.edition["id"]
    pages: list[PageSpec] = []

    def page(entry_path: str) -> str:
        if not entry_path.startswith("book/"):
            raise StageError(f"_toc.yml entries must be under book/: '{entry_path}'.")
        name = entry_path[len("book/") :]
        pages.append(PageSpec(name, _source_for(name, root), {"edition": edition}))
        return name

    def walk(entries: list[dict]) -> list[dict]:
        out = []
        for entry in entries:
            entry = dict(entry)
            if entry.get("glob") == REGION_GLOB:
                region_notebook = root / "notebooks" / "region.ipynb"
                for _, slug in data.region_pages:
                    pages.append(PageSpec(f"regions/{slug}", region_notebook, {"edition": edition, "region": slug}))
                    out.append({"file": f"regions/{slug}"})
                if data.other_regions:
                    slugs = [slug for _, slug in data.other_regions]
                    source = root / "notebooks" / f"{OTHER_REGIONS_NOTEBOOK}.ipynb"
                    pages.append(PageSpec(OTHER_REGIONS_PAGE, source, {"edition": edition, "regions": slugs}))
                    out.append({"file": OTHER_REGIONS_PAGE})
                continue
            if "glob" in entry:
                raise StageError(f"_toc.yml: only '{REGION_GLOB}' may be a glob.")
            if "file" in entry:
                entry["file"] = page(entry["file"])
            for key in ("sections", "chapters"):
                if key in entry:
                    entry[key] = walk(entry[key])
            out.append(entry)
        return out

    staged = copy.deepcopy(toc)
    staged["root"] = page(toc["root"])
    if "parts" in staged:
        for part in staged["parts"]:
            part["chapters"] = walk(part["chapters"])
    elif "chapters" in staged:
        staged["chapters"] = walk(staged["chapters"])
    return staged, pages


def write_config(stage: Path, data: PreparedEdition, project: Project) -> None:
    config = yaml.safe_load(project.config_file.read_text(encoding="utf-8"))
    edition = data.edition
    # Sphinx and Furo insert the title into every page as HTML, unescaped (the sidebar brand, the
    # search page's title): it is given to them as escaped text.
    config["title"] = escape.html(f"{config.get('title', 'Routes')} · {edition['short_title']}")
    # The footer: who owns the content and under which licence (the theme escapes it).
    owners = " and ".join(edition["authors"])
    config["copyright"] = f"{edition['year']} {owners}. Text and data: {edition['licence']}"
    sphinx = config.setdefault("sphinx", {}).setdefault("config", {})
    sphinx["html_title"] = config["title"]
    options = dict(sphinx.get("html_theme_options") or {})
    announcement = str(macro("theme_parts.html", "announcement")(edition["status"]))
    if announcement:
        options["announcement"] = announcement
    sphinx["html_theme_options"] = options
    context = dict(sphinx.get("html_context") or {})
    # Only this edition's own facts: a page must not change when another edition is added.
    context.update(
        {
            "edition": {
                k: edition[k] for k in ("id", "title", "short_title", "status", "licence", "licence_url", "citation")
            }
        }
    )
    sphinx["html_context"] = context
    config.pop("kenya_routes", None)
    (stage / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


# A Markdown link to a file of the repository ("[guide](../docs/maintainers.md)"): on the site, its words.
REPOSITORY_LINK = re.compile(r"\[([^\]]+)\]\((?!https?:|#)[^)]+\)")


def prepare_folder(stage: Path, project: Project) -> None:
    """A clean stage with the site's static files, templates, vendored libraries and the codebook."""
    root = project.root
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "extra").mkdir(parents=True)
    # book/_static is staged as site_static: Jupyter Book would add every script and style
    # sheet of a folder named _static to every page (and without `defer`).
    for source_name, target_name in (("_static", "site_static"), ("_templates", "_templates")):
        source = root / "book" / source_name
        if source.is_dir():
            shutil.copytree(source, stage / target_name)
        else:
            (stage / target_name).mkdir()
    modules = root / "node_modules"
    for target, source in VENDOR_FILES.items():
        path = modules / source
        if not path.is_file():
            raise StageError(f"{path} is missing: run `npm ci` (make setup does) to install the site's libraries.")
        destination = stage / "extra" / "vendor" / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
    for target, (source, name) in VENDOR_SCRIPTS.items():
        path = modules / source
        if not path.is_file():
            raise StageError(f"{path} is missing: run `npm ci` (make setup does) to install the site's libraries.")
        destination = stage / "extra" / "vendor" / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(vendor_script(path, name), encoding="utf-8")
    # The codebook page includes data/README.md, whose links point into the repository, not the site.
    codebook = project.data_dir / "README.md"
    text = codebook.read_text(encoding="utf-8") if codebook.is_file() else "# Codebook\n"
    (stage / "codebook-source.md").write_text(REPOSITORY_LINK.sub(r"\1", text), encoding="utf-8")
    images = modules / "leaflet" / "dist" / "images"
    if images.is_dir():
        shutil.copytree(images, stage / "extra" / "vendor" / "leaflet" / "images")


def vendor_script(path: Path, name: str) -> str:
    """A JSON file of an npm package as a script that sets `window.<name>` (checked to be JSON first)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    head = f"/* {path.parent.name}/{path.name}, from npm; see LICENSE beside it. */"
    return f"{head}\nwindow.{name} = {escape.script_json(data, compact=True)};\n"


def write_toc(stage: Path, toc: dict) -> None:
    (stage / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False), encoding="utf-8")
