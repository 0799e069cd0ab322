"""Project settings: the `kenya_routes:` section of _config.yml, with documented defaults.

Read once, by the command line, into a `Settings` value that every step is
given. Two settings can be overridden for one build from the environment the
command runs in (the command line passes it in; nothing else reads it):
KENYA_ROUTES_TILES=none switches map tiles off (the maps then draw on the
site's own basemap and the site makes no request to any other origin), and
KENYA_ROUTES_SITE_URL sets where the site is published (permanent links are
made from it; the deploy workflow sets it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import Field, StrictInt, ValidationError, field_validator, model_validator

from .models import Model, problems_from, rule_error
from .problems import DataProblemError, Problem, ProblemReport

CONFIG_FILE = "_config.yml"
SECTION = "kenya_routes"

TILE_PROVIDERS = {
    "openstreetmap": {
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "OpenStreetMap",
        "attribution_url": "https://www.openstreetmap.org/copyright",
        "attribution_after": " contributors",
        "max_zoom": 19,
    }
}

# Estimated case counts below this are banded ("fewer than 5"). 5 follows UNODC's
# Global Report on Trafficking in Persons, which draws a flow only with at least
# 5 detected victims (CTDC uses k = 11, Polaris withholds details seen fewer than 3 times).
DEFAULT_DISCLOSURE_THRESHOLD = 5

# A region with fewer route submissions than this has no page of its own: it is a section of
# the edition's "Other regions" page (a page of one route is a page of one-bar charts).
DEFAULT_REGION_MINIMUM_ROUTES = 3


@dataclass(frozen=True)
class Tiles:
    """The tile server, and the credit its terms require: "© <attribution, linked to attribution_url><after>"."""

    url: str | None
    attribution: str
    max_zoom: int = 19
    attribution_url: str = ""
    attribution_after: str = ""

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


class TilesSection(Model):
    provider: str = "openstreetmap"
    url: str = ""
    attribution: str = ""  # plain text: shown as written, never as markup
    attribution_url: str = ""
    max_zoom: StrictInt = 19

    @model_validator(mode="after")
    def _known_provider(self) -> TilesSection:
        if self.provider == "custom":
            if not self.url.startswith("https://") or not all(p in self.url for p in ("{z}", "{x}", "{y}")):
                raise rule_error(
                    "tile-url",
                    "A custom tile server needs an https:// address with {z}, {x} and {y} in it.",
                    field="url",
                    value=self.url,
                )
            if not self.attribution.strip():
                raise rule_error(
                    "tile-attribution",
                    "A custom tile server needs the attribution its terms of use require.",
                    field="attribution",
                    value=self.attribution,
                )
            if self.attribution_url and not self.attribution_url.startswith("https://"):
                raise rule_error(
                    "tile-attribution",
                    "The attribution's link must be an https:// address.",
                    field="attribution_url",
                    value=self.attribution_url,
                )
        elif self.provider not in (*TILE_PROVIDERS, "none"):
            known = ", ".join([*TILE_PROVIDERS, "custom", "none"])
            raise rule_error(
                "tile-provider",
                f"Unknown map tile provider; use one of: {known}.",
                field="provider",
                value=self.provider,
            )
        return self


class DisclosureSection(Model):
    threshold: Any = Field(default=DEFAULT_DISCLOSURE_THRESHOLD)

    @field_validator("threshold")
    @classmethod
    def _whole_number(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise rule_error(
                "disclosure-threshold",
                "The disclosure threshold must be a whole number, 1 or more "
                f"(the default, {DEFAULT_DISCLOSURE_THRESHOLD}, follows UNODC).",
            )
        return value


class RegionsSection(Model):
    minimum_routes: Any = Field(default=DEFAULT_REGION_MINIMUM_ROUTES)

    @field_validator("minimum_routes")
    @classmethod
    def _whole_number(cls, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise rule_error(
                "region-minimum-routes",
                "The minimum number of routes for a region page of its own must be a whole number, 1 or more "
                f"(1 gives every region its own page; the default is {DEFAULT_REGION_MINIMUM_ROUTES}).",
            )
        return value


class SettingsSection(Model):
    """The `kenya_routes:` section as written in _config.yml."""

    map_tiles: TilesSection = TilesSection()
    disclosure: DisclosureSection = DisclosureSection()
    regions: RegionsSection = RegionsSection()
    site_url: str | None = ""


@dataclass(frozen=True)
class Settings:
    """The settings a build uses, after the environment's overrides."""

    tiles: Tiles
    site_url: str
    disclosure_threshold: int
    region_minimum_routes: int = DEFAULT_REGION_MINIMUM_ROUTES

    def as_record(self) -> dict[str, Any]:
        """What pages are made with: part of every page's cache key, and of the prepared data."""
        return {
            "tiles": {
                "url": self.tiles.url,
                "attribution": self.tiles.attribution,
                "attribution_url": self.tiles.attribution_url,
                "attribution_after": self.tiles.attribution_after,
                "max_zoom": self.tiles.max_zoom,
            },
            "site_url": self.site_url,
            "disclosure_threshold": self.disclosure_threshold,
            "region_minimum_routes": self.region_minimum_routes,
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Settings:
        return cls(
            tiles=Tiles(**record["tiles"]),
            site_url=record["site_url"],
            disclosure_threshold=record["disclosure_threshold"],
            region_minimum_routes=record.get("region_minimum_routes", DEFAULT_REGION_MINIMUM_ROUTES),
        )


def _tiles(section: TilesSection, provider: str) -> Tiles:
    if provider == "none":
        return Tiles(url=None, attribution="")
    if provider == "custom":
        return Tiles(
            url=section.url,
            attribution=section.attribution,
            max_zoom=section.max_zoom,
            attribution_url=section.attribution_url,
        )
    return Tiles(**TILE_PROVIDERS[provider])


def _problem(message: str, rule: str, column: str | None = None, value: str | None = None) -> DataProblemError:
    return DataProblemError(ProblemReport([Problem(CONFIG_FILE, rule, message, column=column, value=value)]))


def read_settings(root: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of the project at `root`, or a DataProblemError naming the setting that is wrong.

    `environ` holds the overrides the command line was run with (KENYA_ROUTES_TILES, KENYA_ROUTES_SITE_URL).
    """
    environ = environ or {}
    path = root / CONFIG_FILE
    raw: Any = {}
    if path.is_file():
        try:
            raw = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(SECTION) or {}
        except yaml.YAMLError as error:
            raise _problem(
                f"_config.yml is not valid YAML ({str(error).splitlines()[0]}).", "config-readable"
            ) from None
        except AttributeError:
            raise _problem("_config.yml must be a set of 'name: value' lines.", "config-readable") from None
    try:
        section = SettingsSection.model_validate(raw)
    except ValidationError as error:
        problems = problems_from(error, CONFIG_FILE, default_rule="setting-type", prefix=(SECTION,))
        raise DataProblemError(ProblemReport(problems)) from None
    provider = environ.get("KENYA_ROUTES_TILES") or section.map_tiles.provider
    if provider not in (*TILE_PROVIDERS, "none", "custom"):
        known = ", ".join([*TILE_PROVIDERS, "custom", "none"])
        raise _problem(
            f"Unknown map tile provider; use one of: {known}.", "tile-provider", "KENYA_ROUTES_TILES", provider
        )
    if provider == "custom" and section.map_tiles.provider != "custom":
        raise _problem(
            "KENYA_ROUTES_TILES=custom needs the custom tile server's url and attribution in _config.yml.",
            "tile-url",
            f"{SECTION}.map_tiles.url",
            section.map_tiles.url,
        )
    site_url = environ.get("KENYA_ROUTES_SITE_URL") or str(section.site_url or "")
    return Settings(
        tiles=_tiles(section.map_tiles, provider),
        site_url=site_url.rstrip("/"),
        disclosure_threshold=section.disclosure.threshold,
        region_minimum_routes=section.regions.minimum_routes,
    )
