"""Project settings: the `kenya_routes:` section of _config.yml, with documented defaults.

KENYA_ROUTES_TILES=none switches map tiles off (the maps then draw on a blank
background and the site makes no request to any other origin).
KENYA_ROUTES_SITE_URL sets where the site is published (permanent links are
made from it); the deploy workflow sets it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import paths
from .problems import DataProblemError, Problem, ProblemReport

TILE_PROVIDERS = {
    "openstreetmap": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        "max_zoom": 19,
    },
}


@dataclass(frozen=True)
class Tiles:
    url: str | None
    attribution: str
    max_zoom: int = 19

    @property
    def enabled(self) -> bool:
        return bool(self.url)

    @property
    def origin(self) -> str | None:
        """scheme://host of the tile server: the only other origin the site may contact."""
        if not self.url:
            return None
        parts = urlsplit(self.url.replace("{s}", "a"))
        return f"{parts.scheme}://{parts.netloc}"


# Estimated case counts below this are banded ("fewer than 5"). 5 follows UNODC's
# Global Report on Trafficking in Persons, which draws a flow only with at least
# 5 detected victims (CTDC uses k = 11, Polaris withholds details seen fewer than 3 times).
DEFAULT_DISCLOSURE_THRESHOLD = 5
CONFIG_FILE = "_config.yml"


@dataclass(frozen=True)
class Settings:
    tiles: Tiles
    site_url: str
    disclosure_threshold: int
    raw: dict


@lru_cache(maxsize=4)
def _read(config: Path) -> dict:
    if not config.is_file():
        return {}
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    return data.get("kenya_routes") or {}


def _problem(key: str, value, rule: str, message: str) -> DataProblemError:
    problem = Problem(CONFIG_FILE, rule, message, column=f"kenya_routes.{key}", value=str(value))
    return DataProblemError(ProblemReport([problem]))


def _tiles(raw: dict) -> Tiles:
    tiles_raw = raw.get("map_tiles") or {}
    provider = os.environ.get("KENYA_ROUTES_TILES") or tiles_raw.get("provider", "openstreetmap")
    if provider == "none":
        return Tiles(url=None, attribution="")
    if provider == "custom":
        url = str(tiles_raw.get("url") or "")
        if not url.startswith("https://") or not all(p in url for p in ("{z}", "{x}", "{y}")):
            raise _problem("map_tiles.url", url, "tile-url",
                           "A custom tile server needs an https:// address with {z}, {x} and {y} in it.")
        attribution = str(tiles_raw.get("attribution") or "")
        if not attribution.strip():
            raise _problem("map_tiles.attribution", attribution, "tile-attribution",
                           "A custom tile server needs the attribution its terms of use require.")
        return Tiles(url=url, attribution=attribution, max_zoom=int(tiles_raw.get("max_zoom", 19)))
    if provider not in TILE_PROVIDERS:
        known = ", ".join([*TILE_PROVIDERS, "custom", "none"])
        raise _problem("map_tiles.provider", provider, "tile-provider",
                       f"Unknown map tile provider; use one of: {known}.")
    known = TILE_PROVIDERS[provider]
    return Tiles(url=known["url"], attribution=known["attribution"], max_zoom=known["max_zoom"])


def _threshold(raw: dict) -> int:
    value = (raw.get("disclosure") or {}).get("threshold", DEFAULT_DISCLOSURE_THRESHOLD)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _problem("disclosure.threshold", value, "disclosure-threshold",
                       "The disclosure threshold must be a whole number, 1 or more "
                       f"(the default, {DEFAULT_DISCLOSURE_THRESHOLD}, follows UNODC).")
    return value


def load(root: Path | None = None) -> Settings:
    """The settings, or a DataProblemError naming the setting of _config.yml that is wrong."""
    raw = _read((root or paths.project_root()) / CONFIG_FILE)
    site_url = os.environ.get("KENYA_ROUTES_SITE_URL") or str(raw.get("site_url") or "")
    return Settings(tiles=_tiles(raw), site_url=site_url.rstrip("/"), disclosure_threshold=_threshold(raw), raw=raw)
