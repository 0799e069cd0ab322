"""Settings of _config.yml: map tiles, the disclosure threshold, and clear errors when they are wrong."""

from __future__ import annotations

import pytest
import yaml

from kenya_routes import security, settings
from kenya_routes.problems import DataProblemError


def _config(root, **section):
    (root / "_config.yml").write_text(yaml.safe_dump({"title": "x", "kenya_routes": section}))
    settings._read.cache_clear()
    return root


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch):
    monkeypatch.delenv("KENYA_ROUTES_TILES", raising=False)
    monkeypatch.delenv("KENYA_ROUTES_SITE_URL", raising=False)
    yield
    settings._read.cache_clear()


def test_defaults_are_openstreetmap_and_unodcs_threshold(tmp_path):
    loaded = settings.load(_config(tmp_path))
    assert loaded.tiles.origin == "https://tile.openstreetmap.org"
    assert "OpenStreetMap" in loaded.tiles.attribution
    assert loaded.disclosure_threshold == 5


def test_tiles_switch_off_in_the_config_or_for_one_build(tmp_path, monkeypatch):
    assert settings.load(_config(tmp_path, map_tiles={"provider": "none"})).tiles.origin is None
    _config(tmp_path)
    monkeypatch.setenv("KENYA_ROUTES_TILES", "none")
    assert not settings.load(tmp_path).tiles.enabled


def test_a_custom_tile_server_is_the_one_other_origin(tmp_path):
    loaded = settings.load(_config(tmp_path, map_tiles={
        "provider": "custom", "url": "https://tiles.example.org/{z}/{x}/{y}.png", "attribution": "Example"}))
    assert loaded.tiles.origin == "https://tiles.example.org"
    policy = security.policy("<html><head></head></html>", loaded.tiles.origin)
    assert "img-src 'self' data: https://tiles.example.org;" in policy + ";"


TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.mark.parametrize("section, key, value, words", [
    ({"map_tiles": {"provider": "googel"}}, "map_tiles.provider", "googel", "Unknown map tile provider"),
    ({"map_tiles": {"provider": "custom", "url": TILE_URL.replace("https", "http"), "attribution": "x"}},
     "map_tiles.url", TILE_URL.replace("https", "http"), "https://"),
    ({"map_tiles": {"provider": "custom", "url": TILE_URL}}, "map_tiles.attribution", "", "attribution"),
    ({"disclosure": {"threshold": 0}}, "disclosure.threshold", "0", "1 or more"),
    ({"disclosure": {"threshold": "five"}}, "disclosure.threshold", "five", "whole number"),
    ({"disclosure": {"threshold": 2.5}}, "disclosure.threshold", "2.5", "whole number"),
])
def test_a_wrong_setting_is_named_with_its_value(tmp_path, section, key, value, words):
    with pytest.raises(DataProblemError) as raised:
        settings.load(_config(tmp_path, **section))
    message = raised.value.report.render()
    assert "_config.yml" in message and f"column 'kenya_routes.{key}'" in message and words in message
    assert f'value "{value}"' in message
