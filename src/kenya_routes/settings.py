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


@dataclass(frozen=True)
class Settings:
    tiles: Tiles
    site_url: str
    raw: dict


@lru_cache(maxsize=4)
def _read(config: Path) -> dict:
    if not config.is_file():
        return {}
    data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    return data.get("kenya_routes") or {}


def load(root: Path | None = None) -> Settings:
    raw = _read((root or paths.project_root()) / "_config.yml")
    tiles_raw = raw.get("map_tiles") or {}
    provider = os.environ.get("KENYA_ROUTES_TILES") or tiles_raw.get("provider", "openstreetmap")
    if provider == "none":
        tiles = Tiles(url=None, attribution="")
    elif provider == "custom":
        tiles = Tiles(url=tiles_raw["url"], attribution=tiles_raw.get("attribution", ""),
                      max_zoom=int(tiles_raw.get("max_zoom", 19)))
    else:
        known = TILE_PROVIDERS[provider]
        tiles = Tiles(url=known["url"], attribution=known["attribution"], max_zoom=known["max_zoom"])
    site_url = os.environ.get("KENYA_ROUTES_SITE_URL") or str(raw.get("site_url") or "")
    return Settings(tiles=tiles, site_url=site_url.rstrip("/"), raw=raw)
