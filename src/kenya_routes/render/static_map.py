"""A map of routes as a vector image (SVG), for print: the fact sheets.

It is drawn from the same lines as the site's maps (maps.paths, in the corridors'
colours and patterns of palette.py) over the same self-served basemap, world-atlas's
countries from Natural Earth, with Vega-Lite through vl-convert: no tile, no request.
The view fits every route, and the busiest places are labelled.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import altair as alt
import pandas as pd
import vl_convert

from ..inputs.reference import Reference
from ..prepare import analysis
from . import maps
from .language import ENGLISH, Language

WIDTH, HEIGHT = 360, 250
LABELS = 8
# Degrees added around the routes, so that the points at the edge are not cut.
MARGIN = 3.0
LAND, BORDER, SEA = "#e9e6df", "#a9a69f", "#f4f8fb"
PRINT_FONT = "Libertinus Serif"
BASEMAP_DATA = "world-atlas-countries"


@lru_cache(maxsize=2)
def _basemap(path: str) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _extent(points: list[maps.Location]) -> dict:
    """A GeoJSON feature the projection is fitted to: the points' box and a margin (wider than tall, as the
    image is)."""
    west = min(p.longitude for p in points) - MARGIN
    east = max(p.longitude for p in points) + MARGIN
    south = min(p.latitude for p in points) - MARGIN
    north = max(p.latitude for p in points) + MARGIN
    # A box of one country's places would zoom in too far for the 110m basemap to be readable.
    if east - west < 16:
        middle = (east + west) / 2
        west, east = middle - 8, middle + 8
    if north - south < 11:
        middle = (north + south) / 2
        south, north = middle - 5.5, middle + 5.5
    corners = [[west, south], [east, south], [east, north], [west, north], [west, south]]
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [corners[::-1]]}}


def _dash(pattern: str | None) -> list[float]:
    """An SVG dash pattern of the site's maps, at the scale of the printed lines ([1, 0]: solid)."""
    return [float(n) / 2 for n in pattern.split()] if pattern else [1, 0]


class StaticMap(NamedTuple):
    svg: str  # empty when no route can be drawn
    description: str  # the map in words, for its alternative text


def _corridor_names(routes: pd.DataFrame, reference: Reference, language: Language) -> dict[str, str]:
    """Each corridor's name (as the data writes it) in the language of the map."""
    firsts = routes.drop_duplicates("corridor_label")
    return {
        label: language.phrase(reference, analysis.corridor_phrase(origin, destination, reference))
        for label, origin, destination in zip(
            firsts["corridor_label"], firsts["origin_country"], firsts["destination_country"]
        )
    }


def route_map(routes: pd.DataFrame, reference: Reference, basemap: Path, language: Language = ENGLISH) -> StaticMap:
    """The routes as an SVG map, with its description: its corridors and the places it labels."""
    drawn = maps.bounded(maps.paths(routes, reference), reference, maps.MAX_LINES)
    if not drawn:
        return StaticMap("", "")
    named = _corridor_names(routes, reference, language)
    place = lambda location: language.name_of(reference, location.name)  # noqa: E731
    points = [p for path in drawn for p in path.points]
    corridors = list(dict.fromkeys(named[path.group] for path in drawn))
    style = {named[path.group]: path.style for path in drawn}
    segments = []
    for path in drawn:
        for start, end in zip(path.points, path.points[1:]):
            segments.append(
                {
                    "corridor": named[path.group],
                    "lon": start.longitude,
                    "lat": start.latitude,
                    "lon2": end.longitude,
                    "lat2": end.latitude,
                }
            )
    places = [
        {"role": role, "name": place(location), "lon": location.longitude, "lat": location.latitude}
        for role, location, _ in maps.places(drawn)
    ]
    busiest = maps.busiest_places(drawn, LABELS)
    labelled = [
        {"name": place(location), "lon": location.longitude, "lat": location.latitude} for _, location, _ in busiest
    ]

    projection = alt.Projection(type="mercator", fit=_extent(points))
    # Colour and pattern by corridor, in one legend that shows both, as the site's map legends do.
    legend = alt.Legend(
        title=None,
        orient="bottom",
        direction="vertical",
        columns=2,
        symbolType="stroke",
        labelFontSize=9,
        labelLimit=0,
        symbolStrokeWidth=2.5,
    )
    colour = alt.Color(
        "corridor:N", scale=alt.Scale(domain=corridors, range=[style[c].colour for c in corridors]), legend=legend
    )
    land = alt.Chart(
        alt.NamedData(name=BASEMAP_DATA, format=alt.DataFormat(type="topojson", feature="countries"))
    ).mark_geoshape(fill=LAND, stroke=BORDER, strokeWidth=0.4, clip=True)
    dash = alt.StrokeDash(
        "corridor:N", scale=alt.Scale(domain=corridors, range=[_dash(style[c].dash) for c in corridors]), legend=legend
    )
    lines = (
        alt.Chart(pd.DataFrame(segments))
        .mark_rule(strokeWidth=1.8, opacity=0.95, clip=True)
        .encode(
            longitude="lon:Q", latitude="lat:Q", longitude2="lon2:Q", latitude2="lat2:Q", color=colour, strokeDash=dash
        )
    )
    marks = [
        alt.Chart(pd.DataFrame([p for p in places if p["role"] == role]))
        .mark_point(
            filled=role == "origin",
            shape="circle",
            clip=True,
            size=(30 if role == "origin" else 18 if role == "transit" else 40),
            fill="#1b1b1b" if role == "origin" else "#ffffff",
            stroke="#ffffff" if role == "origin" else "#1b1b1b",
            strokeWidth=1 if role == "origin" else 1.4,
            opacity=1,
        )
        .encode(longitude="lon:Q", latitude="lat:Q")
        for role in ("destination", "transit", "origin")
        if any(p["role"] == role for p in places)
    ]
    names = (
        alt.Chart(pd.DataFrame(labelled))
        .mark_text(align="left", dx=5, dy=-4, fontSize=9, font=PRINT_FONT, color="#1b1b1b", clip=True)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    )
    chart = (
        alt.layer(land, lines, *marks, names)
        .properties(width=WIDTH, height=HEIGHT, background="#ffffff", projection=projection)
        .configure_view(fill=SEA, stroke="#8c8c8c")
        .configure(font=PRINT_FONT)
    )
    spec = chart.to_dict()
    # The basemap joins the spec after altair has checked it: checking its 100 KB of TopoJSON against the
    # Vega-Lite schema took ten times as long as drawing the map.
    spec.setdefault("datasets", {})[BASEMAP_DATA] = _basemap(str(basemap))
    description = language._(
        "Map of {lines} route lines in {count} corridors ({corridors}). Labelled places: {places}.",
        lines=language.number(len(drawn)),
        count=language.number(len(corridors)),
        corridors=", ".join(corridors),
        places=", ".join(place(location) for _, location, _ in busiest),
    )
    return StaticMap(vl_convert.vegalite_to_svg(spec), description)
