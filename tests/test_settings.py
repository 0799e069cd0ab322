"""Settings of _config.yml: map tiles, the disclosure threshold, and clear errors when they are wrong."""

from __future__ import annotations

import pytest
import yaml

from kenya_routes.inputs.problems import DataProblemError
from kenya_routes.inputs.settings import read_settings
from kenya_routes.publish import headers as security


def _config(root, **section):
    (root / "_config.yml").write_text(yaml.safe_dump({"title": "x", "kenya_routes": section}))
    return root


def test_defaults_are_openstreetmap_and_unodcs_threshold(tmp_path):
    loaded = read_settings(_config(tmp_path))
    assert loaded.tiles.origin == "https://tile.openstreetmap.org"
    assert "OpenStreetMap" in loaded.tiles.attribution
    assert loaded.disclosure_threshold == 5


def test_tiles_switch_off_in_the_config_or_for_one_build(tmp_path):
    assert read_settings(_config(tmp_path, map_tiles={"provider": "none"})).tiles.origin is None
    _config(tmp_path)
    assert not read_settings(tmp_path, {"KENYA_ROUTES_TILES": "none"}).tiles.enabled
    assert read_settings(tmp_path, {"KENYA_ROUTES_SITE_URL": "https://x.org/r/"}).site_url == "https://x.org/r"


def test_a_custom_tile_server_is_the_one_other_origin(tmp_path):
    loaded = read_settings(
        _config(
            tmp_path,
            map_tiles={
                "provider": "custom",
                "url": "https://tiles.example.org/{z}/{x}/{y}.png",
                "attribution": "Example",
            },
        )
    )
    assert loaded.tiles.origin == "https://tiles.example.org"
    policy = security.policy(loaded.tiles.origin)
    assert "img-src 'self' data: https://tiles.example.org;" in policy + ";"


TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"


@pytest.mark.parametrize(
    "section, key, value, words",
    [
        ({"map_tiles": {"provider": "googel"}}, "map_tiles.provider", "googel", "Unknown map tile provider"),
        (
            {"map_tiles": {"provider": "custom", "url": TILE_URL.replace("https", "http"), "attribution": "x"}},
            "map_tiles.url",
            TILE_URL.replace("https", "http"),
            "https://",
        ),
        ({"map_tiles": {"provider": "custom", "url": TILE_URL}}, "map_tiles.attribution", "", "attribution"),
        ({"disclosure": {"threshold": 0}}, "disclosure.threshold", "0", "1 or more"),
        ({"disclosure": {"threshold": "five"}}, "disclosure.threshold", "five", "whole number"),
        ({"disclosure": {"threshold": 2.5}}, "disclosure.threshold", "2.5", "whole number"),
    ],
)
def test_a_wrong_setting_is_named_with_its_value(tmp_path, section, key, value, words):
    with pytest.raises(DataProblemError) as raised:
        read_settings(_config(tmp_path, **section))
    message = raised.value.report.render()
    assert "_config.yml" in message and f"column 'kenya_routes.{key}'" in message and words in message
    assert f'value "{value}"' in message


def test_a_misspelt_setting_is_named(tmp_path):
    with pytest.raises(DataProblemError) as raised:
        read_settings(_config(tmp_path, disclosure={"treshold": 5}))
    problem = raised.value.report.problems[0]
    assert (problem.rule, problem.column) == ("known-fields", "kenya_routes.disclosure.treshold")


def test_an_unknown_tile_provider_from_the_environment_is_named(tmp_path):
    with pytest.raises(DataProblemError) as raised:
        read_settings(_config(tmp_path), {"KENYA_ROUTES_TILES": "googel"})
    assert raised.value.report.problems[0].column == "KENYA_ROUTES_TILES"


def test_regions_of_fewer_routes_than_the_minimum_share_one_page(tmp_path):
    assert read_settings(_config(tmp_path)).region_minimum_routes == 3
    assert read_settings(_config(tmp_path, regions={"minimum_routes": 1})).region_minimum_routes == 1
    for wrong in (0, "three", 2.5, True):
        with pytest.raises(DataProblemError) as raised:
            read_settings(_config(tmp_path, regions={"minimum_routes": wrong}))
        problem = raised.value.report.problems[0]
        assert problem.rule == "region-minimum-routes" and "whole number" in problem.message
    with pytest.raises(DataProblemError) as raised:
        read_settings(_config(tmp_path, regions={"minimum": 2}))
    assert "minimum" in raised.value.report.render()
