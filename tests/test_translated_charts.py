"""Charts in Kiswahili: every ranking chart's images (PNG, SVG) are also drawn in Kiswahili, for presentations
and proposals in Kiswahili, and its page links them beside the English ones."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from kenya_routes.prepare import prepared
from kenya_routes.render import language, views
from kenya_routes.render.page import Page

from .conftest import SHIPPED

MODES = "Modes of transport"
MODES_DESCRIPTION = "Bar chart of the modes of transport named in the submissions."


@pytest.fixture
def page(route_data, tmp_path):
    folder = prepared.write(
        prepared.prepare_edition(route_data["2020"], route_data["2019"], {}, SHIPPED.settings),
        tmp_path / "prepared" / "2020",
    )
    return Page("2020", "transport", tmp_path / "stage", folder, SHIPPED.reference_dir, SHIPPED.locales_dir)


def test_a_ranking_is_drawn_in_kiswahili_too_and_its_page_links_the_images(page):
    modes = views.items(page.data.routes, "transport_modes")
    shown = page.ranking(modes, "transport_modes", MODES, "Mode", "modes", MODES_DESCRIPTION).data
    assets = page.assets
    english = (assets / "kenya-routes-2020-transport-modes-chart.svg").read_text(encoding="utf-8")
    swahili = (assets / "kenya-routes-2020-transport-modes-chart-sw.svg").read_text(encoding="utf-8")
    assert "Modes of transport" in english and "plane" in english
    assert "Njia za usafiri" in swahili and "ndege" in swahili and "basi" in swahili
    assert "plane" not in swahili and "Modes of transport" not in swahili and "Submissions" not in swahili
    assert "Toleo la 2020" in swahili and "Data iliyoundwa upya" in swahili  # the source and the notice
    assert "Tafsiri: watengenezaji wa tovuti hii; muungano bado haujaipitia." in swahili
    png = (assets / "kenya-routes-2020-transport-modes-chart-sw.png").read_bytes()
    assert b"Njia za usafiri" in png and b"Chati ya mihimili ya njia za usafiri" in png
    for kind in ("PNG", "SVG"):
        assert f'hreflang="sw" download>{kind} in Kiswahili</a>' in shown
    assert "download>data (CSV)</a>" in shown  # the chart's data stays a download of the English page


def test_countries_on_a_kiswahili_chart_have_their_cldr_names(page):
    frame = pd.DataFrame({"country": ["Saudi Arabia", "Germany", "Kenya"], "submissions": [9, 4, 2]})
    page.ranking(frame, "country", "Destinations of routes from Kenya", "Destination", "countries", MODES_DESCRIPTION)
    swahili = (page.assets / "kenya-routes-2020-transport-countries-chart-sw.svg").read_text(encoding="utf-8")
    assert "Saudia" in swahili and "Ujerumani" in swahili and "Germany" not in swahili


def test_a_long_ranking_says_in_kiswahili_how_many_it_shows(page):
    names = [term.term for term in page.reference.terms["industries"].values()][:18]
    frame = pd.DataFrame({"industries": names, "submissions": range(len(names), 0, -1)})
    page.ranking(frame, "industries", "Industries on these routes", "Industry", "long", MODES_DESCRIPTION)
    swahili = (page.assets / "kenya-routes-2020-transport-long-chart-sw.svg").read_text(encoding="utf-8")
    assert "15 zenye mawasilisho mengi zaidi" in swahili and f"zote {len(names)}" in swahili


def test_a_chart_title_missing_from_the_catalogue_stops_the_page_instead_of_drawing_english(page):
    modes = views.items(page.data.routes, "transport_modes")
    with pytest.raises(language.LanguageError, match="'Modes of flight' has no translation"):
        page.ranking(modes, "transport_modes", "Modes of flight", "Mode", "modes", MODES_DESCRIPTION)


def test_a_chart_without_data_is_a_sentence_in_english_and_draws_nothing_in_kiswahili(page):
    empty = pd.DataFrame({"transport_modes": [], "submissions": []})
    shown = page.ranking(empty, "transport_modes", MODES, "Mode", "none", MODES_DESCRIPTION).data
    assert "no-data" in shown
    assert not list(page.assets.glob("*-none-chart*"))


@pytest.mark.build
def test_every_chart_of_the_site_links_its_images_in_kiswahili(built_site):
    charts = 0
    for edition in built_site.editions:
        for page in sorted((built_site.site / edition).rglob("*.html")):
            text = page.read_text(encoding="utf-8")
            for figure in re.findall(r'<figure class="chart" id="chart-.*?</figure>', text, re.S):
                links = re.findall(r'<a href="([^"]+)" hreflang="sw" download>(PNG|SVG) in Kiswahili</a>', figure)
                assert [kind for _, kind in links] == ["PNG", "SVG"], page
                for href, _ in links:
                    assert (page.parent / href).is_file(), href
                svg = (page.parent / links[1][0]).read_text(encoding="utf-8")
                assert "Toleo la " + edition in svg and "Tafsiri:" in svg
                charts += 1
    assert charts >= 10


def test_a_reviewed_translation_says_who_reviewed_it_on_the_chart_and_in_the_workbook(route_data, tmp_path):
    from kenya_routes.render import downloads

    text = language.catalogue_path("sw", SHIPPED.locales_dir).read_text(encoding="utf-8")
    text = text.replace("Review status: unreviewed", "Review status: reviewed")
    text = text.replace("# Reviewed by:\n", "# Reviewed by: Chama cha Wafasiri\n")
    catalogue = language.catalogue_path("sw", tmp_path / "locales")
    catalogue.parent.mkdir(parents=True)
    catalogue.write_text(text, encoding="utf-8")
    folder = prepared.write(
        prepared.prepare_edition(route_data["2020"], None, {}, SHIPPED.settings), tmp_path / "prepared" / "2020"
    )
    page = Page("2020", "transport", tmp_path / "stage", folder, SHIPPED.reference_dir, tmp_path / "locales")
    modes = views.items(page.data.routes, "transport_modes")
    page.ranking(modes, "transport_modes", MODES, "Mode", "modes", MODES_DESCRIPTION)
    swahili = (page.assets / "kenya-routes-2020-transport-modes-chart-sw.svg").read_text(encoding="utf-8")
    assert "imepitiwa na Chama cha Wafasiri" in swahili and "haujaipitia" not in swahili
    about = dict(downloads.about_rows(page.data.edition, page.languages[0]))
    assert about["Tafsiri"].endswith("kwa niaba ya muungano na Chama cha Wafasiri.")
