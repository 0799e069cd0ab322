"""The corridor palette: one colour and line pattern per corridor, the same on every map of every edition.

A corridor's style is a function of the corridor alone (its two regions, and whether it stays
within one country), never of which other corridors a map happens to draw, so a corridor looks
the same on the overview, the Kenya page and every region page, and a reader learns it once.

- Colour: the region at the far end of the corridor from East Africa, where the report looks
  from (the region whose page shows the corridor, `analysis.page_region_of`). The colours are
  Okabe and Ito's colour-blind-safe set without its yellow, which is too faint on the light
  basemap; regions past the first seven share a grey.
- Pattern: solid for routes out of East Africa and within it, dashed for routes into East Africa,
  dotted within one country, dash-dotted for routes with neither end in East Africa.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..inputs.reference import REGIONS
from ..prepare.analysis import HOME_REGION, page_region_of

# Okabe, M. and Ito, K. (2008), "Color Universal Design": blue, vermillion, bluish green,
# reddish purple, orange, sky blue, black.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# Regions past the first seven (none in the shipped editions).
OTHER_COLOUR = "#6E6E6E"
# The first seven regions in the report's order, each with its colour.
REGION_COLOURS: dict[str, str] = dict(zip(REGIONS, OKABE_ITO))

# SVG stroke-dasharray of each kind of corridor (None: solid).
PATTERNS: dict[str, str | None] = {
    "outward": None,
    "within East Africa": None,
    "inward": "8 6",
    "within country": "2 6",
    "elsewhere": "10 5 2 5",
}
PATTERN_WORDS = {
    "inward": "dashed: into East Africa",
    "within country": "dotted: within one country",
    "elsewhere": "dash-dotted: neither end in East Africa",
}


@dataclass(frozen=True)
class CorridorStyle:
    colour: str
    dash: str | None
    kind: str


def kind_of(origin_region: str, destination_region: str, within_country: bool) -> str:
    if within_country:
        return "within country"
    if origin_region == destination_region == HOME_REGION:
        return "within East Africa"
    if origin_region == HOME_REGION:
        return "outward"
    if destination_region == HOME_REGION:
        return "inward"
    return "elsewhere"


def corridor_style(origin_region: str, destination_region: str, within_country: bool = False) -> CorridorStyle:
    """The style of the corridor between two regions (`within_country`: a route that stays in one country)."""
    far = page_region_of(origin_region, destination_region)
    kind = kind_of(origin_region, destination_region, within_country)
    return CorridorStyle(REGION_COLOURS.get(far, OTHER_COLOUR), PATTERNS[kind], kind)


def key_words(styles: list[CorridorStyle]) -> str:
    """What the colours and patterns of these corridors mean, in one sentence for the legend."""
    words = ["Colour: the region at the far end from East Africa"]
    words += [PATTERN_WORDS[kind] for kind in PATTERN_WORDS if any(s.kind == kind for s in styles)]
    return "; ".join(words) + "."
