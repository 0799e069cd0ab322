"""Route maps with folium: lines from origin through each transit point to the destination.

Routes that follow the same path are drawn as one line, labelled with the routes
it carries, weighted by estimated cases and coloured by group (corridor or
industry) from a colour-blind-safe palette, one layer per group. Tooltips,
popups, layer names and the legend show allowlisted fields only and are passed
to Leaflet as JSON strings of escaped HTML, never pasted into JavaScript source;
the legend is HTML for the page beside the map.
Leaflet is the only library the map loads, from the site itself.

Data is never template source: branca renders each element's script and then
compiles the result as a Jinja template once more, so a place named "{{7*7}}"
would become "49". Here every element's output is kept as it is (`_literal_rendering`),
and the JSON strings that carry names escape the braces as well. The map's page
is our own template; its script and styles are files beside it, so the site's
security policy needs no inline script or style.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field

import branca.element
import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template
from markupsafe import Markup

from ..inputs import contract
from ..inputs.reference import Location, Reference
from ..inputs.settings import Tiles
from ..prepare.analysis import city_text
from . import escape
from .html import macro

# Okabe-Ito, without its yellow (too faint on a light map); black last.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
DASHES = (None, "8 6", "2 6")
# Lines a map draws at most (plus one per group and country pair for the rest): see bounded().
MAX_LINES = 250

ROLE_STYLE = {
    "origin": {"radius": 6, "color": "#FFFFFF", "weight": 2, "fill_color": "#1B1B1B", "fill_opacity": 1.0},
    "transit": {"radius": 4, "color": "#1B1B1B", "weight": 2, "fill_color": "#FFFFFF", "fill_opacity": 1.0},
    "destination": {"radius": 7, "color": "#1B1B1B", "weight": 3, "fill_color": "#FFFFFF", "fill_opacity": 0.0},
}
ROLE_LABEL = {"origin": "Origin", "transit": "Transit point", "destination": "Destination"}


class Literal(Element):
    """Markup added to the map's page as it is (branca would read an Element's text as a template)."""

    def __init__(self, markup: str):
        super().__init__()
        self.markup = markup

    def render(self, **kwargs) -> str:
        return self.markup


@contextmanager
def _literal_rendering():
    """While a map renders, what each element's macro outputs is added to the page as it is.

    branca's MacroElement.render wraps a macro's output in `Element(text)`, which compiles
    the text as a template and renders it again: data inside it would be evaluated. For the
    length of the render the name it calls is `Literal`, which outputs its text unchanged.
    """
    original = branca.element.Element
    branca.element.Element = Literal
    try:
        yield
    finally:
        branca.element.Element = original


class SafeTooltip(MacroElement):
    """A tooltip whose content reaches Leaflet as a JSON string of escaped HTML."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindTooltip({{ this.content }}, {{ this.options }});"
        "{% endmacro %}"
    )

    def __init__(self, content_html: str, sticky: bool = True):
        super().__init__()
        self._name = "SafeTooltip"
        self.content = escape.script_text(content_html)
        self.options = escape.script_json({"sticky": sticky})


class SafePopup(MacroElement):
    """A popup whose content reaches Leaflet as a JSON string of escaped HTML (no jQuery)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.bindPopup({{ this.content }}, {maxWidth: 320});"
        "{% endmacro %}"
    )

    def __init__(self, content_html: str):
        super().__init__()
        self._name = "SafePopup"
        self.content = escape.script_text(content_html)


class KeyboardAccess(MacroElement):
    """Every line and place reachable from the keyboard, with a text label for screen readers.

    Leaflet draws lines and places as SVG paths that only a pointer can reach.
    Each gets a tab stop, the role of a button, an accessible name (the plain
    text of its tooltip) and opens its popup or tooltip on Enter or Space. The
    attributes are set again whenever a layer is shown (Leaflet redraws it).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function (map, labelled) {"
        "map.getContainer().setAttribute('aria-label', {{ this.title }});"
        "function mark(layer, label) {"
        "var el = layer.getElement && layer.getElement(); if (!el) { return; }"
        "el.setAttribute('tabindex', '0'); el.setAttribute('role', 'button'); el.setAttribute('aria-label', label);"
        "el.onkeydown = function (event) { if (event.key !== 'Enter' && event.key !== ' ') { return; }"
        "event.preventDefault(); if (layer.getPopup()) { layer.openPopup(); } else { layer.openTooltip(); } };"
        "}"
        "labelled.forEach(function (item) { mark(item[0], item[1]);"
        "item[0].on('add', function () { mark(item[0], item[1]); }); });"
        "})({{ this._parent.get_name() }}, ["
        "{% for name, label in this.labels %}[{{ name }}, {{ label }}]{% if not loop.last %},{% endif %}"
        "{% endfor %}]);"
        "{% endmacro %}"
    )

    def __init__(self, title: str, labels: list[tuple[str, str]]):
        super().__init__()
        self._name = "KeyboardAccess"
        # JSON string literals that cannot end the script nor open a template (see escape.script_text).
        self.title = escape.script_text(title)
        self.labels = [(name, escape.script_text(label)) for name, label in labels]


@dataclass
class Path:
    """One drawn line: the routes that share a sequence of points."""

    points: tuple[Location, ...]
    group: str
    labels: list[str] = field(default_factory=list)
    submissions: int = 0
    weight: int = 0  # published estimated cases on the line (hidden counts add nothing)
    industries: set[str] = field(default_factory=set)
    modes: set[str] = field(default_factory=set)
    airlines: set[str] = field(default_factory=set)
    merged: int | None = None  # for a line standing for several paths: how many routes it merges


def route_points(route, reference: Reference) -> tuple[Location, ...]:
    """Origin, the transit points that can be placed, and destination."""
    points = [reference.location_of(route["origin_city"], route["origin_country"])]
    for name in route["transit"]:
        if name == contract.UNKNOWN_TRANSIT:
            continue
        location = reference.location(name)
        if location is not None and location != points[-1]:
            points.append(location)
    destination = reference.location_of(route["destination_city"], route["destination_country"])
    if destination != points[-1]:
        points.append(destination)
    return tuple(points)


def paths(
    routes: pd.DataFrame, reference: Reference, group_by: str = "corridor", weights: dict[str, int] | None = None
) -> list[Path]:
    """Routes grouped into drawable paths; a route with several industries is in each industry's group.

    `weights` gives each route's published estimated cases (0 where hidden), to size lines by.
    A route's points follow from its label, so each distinct route is placed once.
    """
    weights = weights or {}
    found: dict[tuple, Path] = {}
    points_of: dict[str, tuple[Location, ...]] = {}
    empty = [()] * len(routes)
    columns = zip(
        routes["route_label"],
        routes["corridor_label"],
        routes["origin_city"],
        routes["origin_country"],
        routes["transit"],
        routes["destination_city"],
        routes["destination_country"],
        routes["industries"],
        routes.get("transport_modes", empty),
        routes.get("airlines", empty),
    )
    for (
        label,
        corridor,
        origin_city,
        origin,
        transit,
        destination_city,
        destination,
        industries,
        modes,
        airlines,
    ) in columns:
        points = points_of.get(label)
        if points is None:
            points = points_of[label] = route_points(
                {
                    "origin_city": city_text(origin_city),
                    "origin_country": origin,
                    "transit": transit,
                    "destination_city": city_text(destination_city),
                    "destination_country": destination,
                },
                reference,
            )
        groups = [corridor] if group_by == "corridor" else (list(industries) or ["not recorded"])
        for group in groups:
            key = (group, tuple(p.name for p in points))
            path = found.setdefault(key, Path(points=points, group=group))
            if label not in path.labels:
                path.labels.append(label)
                path.weight += weights.get(label, 0)
            path.submissions += 1
            path.industries.update(industries)
            path.modes.update(modes or ())
            path.airlines.update(airlines or ())
    return sorted(found.values(), key=lambda p: (p.group, -p.submissions, p.labels[0]))


def bounded(drawn: list[Path], reference: Reference, limit: int) -> list[Path]:
    """At most about `limit` lines: the busiest paths as drawn, the others merged per group and country pair.

    A map of a national data hub's routes must stay light enough for a phone: the
    merged lines run from country to country, and their details name how many
    routes they stand for (the page's table and its download list every route).
    """
    if len(drawn) <= limit:
        return drawn
    ranked = sorted(drawn, key=lambda p: (-p.submissions, p.group, p.labels[0]))
    kept, rest = ranked[:limit], ranked[limit:]
    merged: dict[tuple, Path] = {}
    for path in rest:
        start, end = path.points[0].country, path.points[-1].country
        key = (path.group, start, end)
        if key not in merged:
            points = (reference.location_of(None, start), reference.location_of(None, end))
            merged[key] = Path(points=points, group=path.group, labels=[], merged=0)
        into = merged[key]
        into.merged += len(path.labels)
        into.submissions += path.submissions
        into.weight += path.weight
        into.industries |= path.industries
        into.modes |= path.modes
        into.airlines |= path.airlines
    for path in merged.values():
        names = (path.points[0].name, path.points[-1].name)
        path.labels = [f"{path.merged} other route{'s' if path.merged != 1 else ''} from {names[0]} to {names[1]}"]
    return sorted(kept + list(merged.values()), key=lambda p: (p.group, -p.submissions, p.labels[0]))


def _cases_text(path: Path, cases: dict[str, str], label: str) -> str:
    return "see the table of routes" if path.merged is not None else cases.get(label, "not estimated")


def _popup_html(path: Path, cases: dict[str, str], notice: str | None = None) -> str:
    rows = [
        ("Routes", path.labels),
        ("Submissions", [path.submissions]),
        ("Estimated cases", [_cases_text(path, cases, label) for label in path.labels]),
    ]
    if path.industries:
        rows.append(("Industries", [", ".join(sorted(path.industries))]))
    if path.modes:
        rows.append(("Transport", [", ".join(sorted(path.modes))]))
    if path.airlines:
        rows.append(("Airlines", [", ".join(sorted(path.airlines))]))
    if notice:
        rows.append(("Data", [notice]))
    return str(macro("map_parts.html", "popup")(rows))


def _label(path: Path, cases: dict[str, str]) -> str:
    """The line's tooltip as plain text: its accessible name."""
    head = path.labels[0] + (f" (and {len(path.labels) - 1} more routes)" if len(path.labels) > 1 else "")
    plural = "s" if path.submissions != 1 else ""
    counted = _cases_text(path, cases, path.labels[0]) if len(path.labels) == 1 else "see the routes"
    return f"Route: {head}; {path.submissions} submission{plural}; estimated cases: {counted}. Enter shows details."


def _tooltip_html(path: Path, cases: dict[str, str]) -> str:
    counted = _cases_text(path, cases, path.labels[0]) if len(path.labels) == 1 else "see the routes"
    return str(macro("map_parts.html", "line_tooltip")(path.labels[0], len(path.labels) - 1, path.submissions, counted))


@dataclass
class RouteMap:
    """A drawn map, its legend (shown beside the map on the page) and the paths it draws."""

    fmap: folium.Map
    legend_html: Markup
    paths: list[Path]


@contextmanager
def _numbered_ids():
    """Number the map's elements instead of giving them random ids, so that the same
    data always gives the same file (a published page must not change between builds)."""
    counter = itertools.count(1)
    original = Element.__dict__["_generate_id"]
    Element._generate_id = classmethod(lambda cls: f"{next(counter):08x}")
    try:
        yield
    finally:
        Element._generate_id = original


def route_map(
    routes: pd.DataFrame,
    reference: Reference,
    tiles: Tiles,
    title: str,
    group_by: str = "corridor",
    cases: dict[str, str] | None = None,
    weights: dict[str, int] | None = None,
    notice: str | None = None,
) -> RouteMap:
    """A map of the given routes.

    `cases` and `weights` are each route's published estimated cases (text) and line weight; `notice`, for
    reconstructed data, is said in every line's details and in the legend.
    """
    with _numbered_ids():
        return _route_map(routes, reference, tiles, title, group_by, cases or {}, weights or {}, notice)


def _route_map(routes, reference, tiles, title, group_by, cases, weights, notice) -> RouteMap:
    drawn = bounded(paths(routes, reference, group_by, weights), reference, MAX_LINES)
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_control=True, world_copy_jump=False)
    # The map's page (see document()) loads Leaflet itself.
    fmap.default_js = []
    fmap.default_css = []
    if tiles.enabled:
        credit = macro("map_parts.html", "attribution")(
            tiles.attribution, tiles.attribution_url, tiles.attribution_after
        )
        folium.TileLayer(
            tiles=tiles.url, attr=str(credit), max_zoom=tiles.max_zoom, name="Base map", control=False
        ).add_to(fmap)

    groups = list(dict.fromkeys(p.group for p in drawn))
    style = {g: (PALETTE[i % len(PALETTE)], DASHES[(i // len(PALETTE)) % len(DASHES)]) for i, g in enumerate(groups)}
    layers = {g: folium.FeatureGroup(name=escape.html(g), show=True) for g in groups}
    biggest = max((p.weight for p in drawn), default=0) or 1
    labels: list[tuple[str, str]] = []
    for path in drawn:
        colour, dash = style[path.group]
        weight = 2 + 7 * math.sqrt(path.weight / biggest)
        line = folium.PolyLine(
            [(p.latitude, p.longitude) for p in path.points],
            color=colour,
            weight=weight,
            opacity=0.85,
            dash_array=dash,
            class_name="route-line",
        )
        line.add_child(SafeTooltip(_tooltip_html(path, cases)))
        line.add_child(SafePopup(_popup_html(path, cases, notice)))
        line.add_to(layers[path.group])
        labels.append((line.get_name(), _label(path, cases)))
    for layer in layers.values():
        layer.add_to(fmap)

    markers = folium.FeatureGroup(name="Places", show=True)
    for role, location, count in _places(drawn):
        marker = folium.CircleMarker(
            location=(location.latitude, location.longitude), **ROLE_STYLE[role], class_name=f"route-place route-{role}"
        )
        level = " (country level)" if location.level == "country" else ""
        marker.add_child(
            SafeTooltip(
                str(macro("map_parts.html", "place_tooltip")(ROLE_LABEL[role], location.name, level, count)),
                sticky=False,
            )
        )
        marker.add_to(markers)
        routes_text = f"{count} route{'s' if count != 1 else ''}"
        labels.append((marker.get_name(), f"{ROLE_LABEL[role]}: {location.name}{level}, {routes_text}"))
    markers.add_to(fmap)
    if len(groups) > 1:
        folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.add_child(KeyboardAccess(title, labels))
    points = [(p.latitude, p.longitude) for path in drawn for p in path.points]
    if points:
        fmap.fit_bounds(
            [
                [min(p[0] for p in points), min(p[1] for p in points)],
                [max(p[0] for p in points), max(p[1] for p in points)],
            ],
            padding=(20, 20),
        )
    return RouteMap(fmap, _legend_html(groups, style, group_by, notice), drawn)


STYLE = re.compile(r"<style>(.*?)</style>", re.S)
INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
# What folium puts in the page's head besides styles and scripts: its character set (ours is declared once).
FOLIUM_META = re.compile(
    r'<meta http-equiv="content-type" content="text/html; charset=UTF-8" />|<meta name="viewport"[^>]*>'
)


@dataclass
class MapDocument:
    """A map's own page (shown in a frame) and the script and style sheet beside it."""

    html: str
    script: str
    style: str


def document(drawn: RouteMap, title: str, key: str, vendor_url: str, icon_url: str) -> MapDocument:
    """The map as a page of its own: in English, zoomable on a phone, titled, with a heading for screen
    readers in a main landmark, and no inline script or style (they are `<key>.js` and `<key>.css`).

    folium's own page has neither language nor heading, forbids zooming, declares its character set
    twice and puts its script after the body; its parts are taken from it and laid out by
    templates/map_document.html. `vendor_url` is where the site serves Leaflet, `icon_url` its icon.
    """
    root = drawn.fmap.get_root()
    with _literal_rendering():
        root.render()
        head = root.header.render()
        body = root.html.render()
        script = root.script.render()
    styles = STYLE.findall(head)
    scripts = INLINE_SCRIPT.findall(head)
    rest = FOLIUM_META.sub("", INLINE_SCRIPT.sub("", STYLE.sub("", head)))
    if rest.strip() or not re.fullmatch(rf'\s*<div class="folium-map" id="{drawn.fmap.get_name()}" ></div>\s*', body):
        raise ValueError("folium's page layout has changed: maps.document() needs updating")
    html = macro("map_document.html", "document")(
        title=title,
        map_id=drawn.fmap.get_name(),
        icon=icon_url,
        leaflet_js=f"{vendor_url}/leaflet/leaflet.js",
        leaflet_css=f"{vendor_url}/leaflet/leaflet.css",
        script=f"{key}.js",
        style=f"{key}.css",
    )
    style = str(macro("map_document.html", "style")()) + "\n" + "\n".join(s.strip() for s in styles)
    return MapDocument(
        html=str(html) + "\n",
        script="\n".join([*(s.strip() for s in scripts), script.strip()]) + "\n",
        style=style + "\n",
    )


def _places(drawn: list[Path]) -> list[tuple[str, Location, int]]:
    """Each point once, in its most important role (destination, then origin, then transit)."""
    roles: dict[Location, str] = {}
    counts: dict[Location, int] = defaultdict(int)
    rank = {"destination": 0, "origin": 1, "transit": 2}
    for path in drawn:
        for position, point in enumerate(path.points):
            role = "origin" if position == 0 else "destination" if position == len(path.points) - 1 else "transit"
            if point not in roles or rank[role] < rank[roles[point]]:
                roles[point] = role
            counts[point] += path.submissions
    order = sorted(roles, key=lambda p: (rank[roles[p]], p.name))
    return [(roles[p], p, counts[p]) for p in order]


def _legend_html(groups: list[str], style: dict, group_by: str, notice: str | None = None) -> Markup:
    title = "Corridor" if group_by == "corridor" else "Industry"
    entries = [
        {"name": group, "colour": style[group][0], "border": "dashed" if style[group][1] else "solid"}
        for group in groups
    ]
    roles = [
        {
            "label": ROLE_LABEL[role],
            "fill": ROLE_STYLE[role]["fill_color"] if ROLE_STYLE[role]["fill_opacity"] else "transparent",
        }
        for role in ("origin", "transit", "destination")
    ]
    return macro("map_parts.html", "legend")(title, entries, roles, notice)
