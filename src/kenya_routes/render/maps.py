"""Route maps with folium: lines from origin through each transit point to the destination.

Routes that follow the same path are drawn as one line, labelled with the routes
it carries, weighted by estimated cases and styled by corridor from the one
colour-blind-safe palette of render/palette.py, one layer per corridor (the
industries of a line are in its details and in the page's tables). Tooltips,
popups, layer names and the legend show allowlisted fields only and are passed
to Leaflet as JSON strings of escaped HTML, never pasted into JavaScript source;
the legend is HTML for the page beside the map.

Every map draws on the site's own basemap (land, coastlines and country borders
from Natural Earth, see book/_static/route-maps.js); map tiles, when the settings
name a provider, are a layer over it that a reader can switch off. The first view
fits the map's routes, or the places of one region (`focus_region`) with a button
to zoom out to every route, and the busiest places are labelled.
Every library the map loads (Leaflet, topojson-client, world-atlas) comes from the site itself.

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
from ..prepare import plurals
from ..prepare.analysis import city_text
from . import escape, palette
from .html import macro

# Lines a map draws at most (plus one per corridor and country pair for the rest): see bounded().
MAX_LINES = 250
# Places labelled on a map at most, the busiest first (labels that would overlap are hidden as the map zooms).
MAX_LABELS = 10
# The site's basemap (see stage.VENDOR_SCRIPTS): Natural Earth at 1:110 million, about 110 KB.
BASEMAP = "world-atlas/countries-110m.js"

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


class MapSetup(MacroElement):
    """What the site's map script (book/_static/route-maps.js) does for this map: draw the basemap
    under everything, set the first view, offer the way out to every route, label the busiest places.

    Added first, so the map is drawn once at its first view. Bounds are numbers; the names reach the
    script as JSON string literals and the script shows them as text, never as markup.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "KenyaRoutesMap.setup({{ this._parent.get_name() }}, {"
        '"view": {{ this.view }}, "all": {{ this.all }}, "focus": {{ this.focus }}, "labels": ['
        "{% for latitude, longitude, name in this.labels %}[{{ latitude }}, {{ longitude }}, {{ name }}]"
        "{% if not loop.last %},{% endif %}{% endfor %}]});"
        "{% endmacro %}"
    )

    def __init__(self, view: list, every: list, focus: str | None, labels: list[tuple[float, float, str]]):
        super().__init__()
        self._name = "MapSetup"
        self.view = escape.script_json(view)
        self.all = escape.script_json(every)
        self.focus = escape.script_text(focus) if focus else "null"
        self.labels = [
            (escape.script_json(latitude), escape.script_json(longitude), escape.script_text(name))
            for latitude, longitude, name in labels
        ]


@dataclass
class Path:
    """One drawn line: the routes of one corridor that share a sequence of points."""

    points: tuple[Location, ...]
    group: str  # the corridor's name
    style: palette.CorridorStyle | None = None
    corridor: str = ""  # the corridor's slug, which names its lines' class on the map
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


def paths(routes: pd.DataFrame, reference: Reference, weights: dict[str, int] | None = None) -> list[Path]:
    """Routes grouped into drawable paths, one group per corridor.

    `weights` gives each route's published estimated cases (0 where hidden), to size lines by.
    A route's points follow from its label, so each distinct route is placed once.
    """
    weights = weights or {}
    found: dict[tuple, Path] = {}
    points_of: dict[str, tuple[Location, ...]] = {}
    empty = [()] * len(routes)
    columns = zip(
        routes["route_label"],
        routes["corridor"],
        routes["corridor_label"],
        routes["origin_region"],
        routes["destination_region"],
        routes["domestic"],
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
        corridor_name,
        origin_region,
        destination_region,
        domestic,
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
        key = (corridor, tuple(p.name for p in points))
        path = found.get(key)
        if path is None:
            style = palette.corridor_style(origin_region, destination_region, bool(domestic))
            path = found[key] = Path(points=points, group=corridor_name, style=style, corridor=corridor)
        if label not in path.labels:
            path.labels.append(label)
            path.weight += weights.get(label, 0)
        path.submissions += 1
        path.industries.update(industries)
        path.modes.update(modes or ())
        path.airlines.update(airlines or ())
    return sorted(found.values(), key=lambda p: (p.group, -p.submissions, p.labels[0]))


def bounded(drawn: list[Path], reference: Reference, limit: int) -> list[Path]:
    """At most about `limit` lines: the busiest paths as drawn, the others merged per corridor and country pair.

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
            merged[key] = Path(points, path.group, path.style, path.corridor, labels=[], merged=0)
        into = merged[key]
        into.merged += len(path.labels)
        into.submissions += path.submissions
        into.weight += path.weight
        into.industries |= path.industries
        into.modes |= path.modes
        into.airlines |= path.airlines
    for path in merged.values():
        names = (path.points[0].name, path.points[-1].name)
        path.labels = [f"{plurals.count(path.merged, 'other route', 'other routes')} from {names[0]} to {names[1]}"]
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
    more = len(path.labels) - 1
    head = path.labels[0] + (f" (and {plurals.count(more, 'more route', 'more routes')})" if more else "")
    submissions = plurals.count(path.submissions, "submission", "submissions")
    counted = _cases_text(path, cases, path.labels[0]) if len(path.labels) == 1 else "see the routes"
    return f"Route: {head}; {submissions}; estimated cases: {counted}. Enter shows details."


def _tooltip_html(path: Path, cases: dict[str, str]) -> str:
    counted = _cases_text(path, cases, path.labels[0]) if len(path.labels) == 1 else "see the routes"
    more = len(path.labels) - 1
    return str(
        macro("map_parts.html", "line_tooltip")(
            path.labels[0],
            plurals.count(more, "more route", "more routes") if more else "",
            plurals.count(path.submissions, "submission", "submissions"),
            counted,
        )
    )


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
    cases: dict[str, str] | None = None,
    weights: dict[str, int] | None = None,
    notice: str | None = None,
    focus_region: str | None = None,
) -> RouteMap:
    """A map of the given routes.

    `cases` and `weights` are each route's published estimated cases (text) and line weight; `notice`, for
    reconstructed data, is said in every line's details and in the legend. `focus_region`: the map opens on
    the places of that region (the overview opens on East Africa), with a button to zoom out to every route.
    """
    with _numbered_ids():
        return _route_map(routes, reference, tiles, title, cases or {}, weights or {}, notice, focus_region)


def _bounds(points: list[Location]) -> list[list[float]]:
    return [
        [min(p.latitude for p in points), min(p.longitude for p in points)],
        [max(p.latitude for p in points), max(p.longitude for p in points)],
    ]


def _setup(drawn: list[Path], reference: Reference, focus_region: str | None) -> MapSetup:
    """The first view (the routes, or the places of `focus_region` if it has two or more) and the labels."""
    points = [p for path in drawn for p in path.points]
    every = _bounds(points)
    focused = [p for p in points if reference.region(p.country) == focus_region] if focus_region else []
    if len({(p.latitude, p.longitude) for p in focused}) < 2 or _bounds(focused) == every:
        focus_region, focused = None, points
    busiest = busiest_places(drawn, MAX_LABELS)
    labels = [(location.latitude, location.longitude, location.name) for _, location, _ in busiest]
    return MapSetup(_bounds(focused), every, focus_region, labels)


def _route_map(routes, reference, tiles, title, cases, weights, notice, focus_region) -> RouteMap:
    drawn = bounded(paths(routes, reference, weights), reference, MAX_LINES)
    # Fractional zoom, so that the first view fits its routes closely.
    fmap = folium.Map(
        tiles=None, control_scale=True, prefer_canvas=False, zoom_control=True, world_copy_jump=False, zoom_snap=0.5
    )
    # The map's page (see document()) loads Leaflet itself.
    fmap.default_js = []
    fmap.default_css = []
    fmap.add_child(_setup(drawn, reference, focus_region))
    if tiles.enabled:
        credit = macro("map_parts.html", "attribution")(
            tiles.attribution, tiles.attribution_url, tiles.attribution_after
        )
        # A layer over the basemap, which a reader can switch off in the map's layers.
        folium.TileLayer(
            tiles=tiles.url,
            attr=str(credit),
            max_zoom=tiles.max_zoom,
            name=escape.html(f"Map tiles ({tiles.attribution})"),
            overlay=True,
            control=True,
            show=True,
        ).add_to(fmap)

    groups = list(dict.fromkeys(p.group for p in drawn))
    style = {path.group: path.style for path in drawn}
    layers = {g: folium.FeatureGroup(name=escape.html(g), show=True) for g in groups}
    biggest = max((p.weight for p in drawn), default=0) or 1
    labels: list[tuple[str, str]] = []
    for path in drawn:
        weight = 2.5 + 6.5 * math.sqrt(path.weight / biggest)
        line = folium.PolyLine(
            [(p.latitude, p.longitude) for p in path.points],
            color=path.style.colour,
            weight=weight,
            opacity=0.9,
            dash_array=path.style.dash,
            class_name=f"route-line corridor-{path.corridor}",
        )
        line.add_child(SafeTooltip(_tooltip_html(path, cases)))
        line.add_child(SafePopup(_popup_html(path, cases, notice)))
        line.add_to(layers[path.group])
        labels.append((line.get_name(), _label(path, cases)))
    for layer in layers.values():
        layer.add_to(fmap)

    markers = folium.FeatureGroup(name="Places", show=True)
    for role, location, count in places(drawn):
        routes_text = plurals.count(count, "route", "routes")
        marker = folium.CircleMarker(
            location=(location.latitude, location.longitude), **ROLE_STYLE[role], class_name=f"route-place route-{role}"
        )
        level = " (country level)" if location.level == "country" else ""
        marker.add_child(
            SafeTooltip(
                str(macro("map_parts.html", "place_tooltip")(ROLE_LABEL[role], location.name, level, routes_text)),
                sticky=False,
            )
        )
        marker.add_to(markers)
        labels.append((marker.get_name(), f"{ROLE_LABEL[role]}: {location.name}{level}, {routes_text}"))
    markers.add_to(fmap)
    if len(groups) > 1 or tiles.enabled:
        folium.LayerControl(collapsed=True).add_to(fmap)
    fmap.add_child(KeyboardAccess(title, labels))
    return RouteMap(fmap, _legend_html(groups, style, notice), drawn)


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


def document(drawn: RouteMap, title: str, key: str, vendor_url: str, static_url: str) -> MapDocument:
    """The map as a page of its own: in English, zoomable on a phone, titled, with a heading for screen
    readers in a main landmark, and no inline script or style (they are `<key>.js` and `<key>.css`).

    folium's own page has neither language nor heading, forbids zooming, declares its character set
    twice and puts its script after the body; its parts are taken from it and laid out by
    templates/map_document.html. `vendor_url` is where the site serves Leaflet, topojson-client and the
    basemap, `static_url` its own files (the icon, the map script).
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
        icon=f"{static_url}/favicon.svg",
        leaflet_js=f"{vendor_url}/leaflet/leaflet.js",
        leaflet_css=f"{vendor_url}/leaflet/leaflet.css",
        scripts=[
            f"{vendor_url}/topojson-client/topojson-client.min.js",
            f"{vendor_url}/{BASEMAP}",
            f"{static_url}/route-maps.js",
        ],
        script=f"{key}.js",
        style=f"{key}.css",
    )
    style = str(macro("map_document.html", "style")()) + "\n" + "\n".join(s.strip() for s in styles)
    return MapDocument(
        html=str(html) + "\n",
        script="\n".join([*(s.strip() for s in scripts), script.strip()]) + "\n",
        style=style + "\n",
    )


def busiest_places(drawn: list[Path], limit: int) -> list[tuple[str, Location, int]]:
    """The `limit` places with the most submissions (ties by name): those a map labels."""
    return sorted(places(drawn), key=lambda place: (-place[2], place[1].name))[:limit]


def places(drawn: list[Path]) -> list[tuple[str, Location, int]]:
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


def _legend_html(groups: list[str], style: dict[str, palette.CorridorStyle], notice: str | None = None) -> Markup:
    entries = [{"name": group, "colour": style[group].colour, "dash": style[group].dash} for group in groups]
    roles = [
        {
            "label": ROLE_LABEL[role],
            "fill": ROLE_STYLE[role]["fill_color"] if ROLE_STYLE[role]["fill_opacity"] else "transparent",
        }
        for role in ("origin", "transit", "destination")
    ]
    key = palette.key_words([style[group] for group in groups])
    return macro("map_parts.html", "legend")(entries, key, roles, notice)
