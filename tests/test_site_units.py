"""Unit tests of the modules pages are built with: escaping, templating, maps, charts, tables, views, staging."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from kenya_routes.inputs.settings import Tiles
from kenya_routes.prepare import allowlist as publication
from kenya_routes.prepare import prepared
from kenya_routes.prepare.formatting import format_value
from kenya_routes.publish import stage
from kenya_routes.render import charts, escape, maps, palette, tables, views
from kenya_routes.render import markdown as templating

from .conftest import SHIPPED

HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> `${alert(3)}` \"' \\ \u202eevil\u200b"


@pytest.fixture(scope="module")
def site_data(route_data, tmp_path_factory):
    """Prepared data of both editions, written to a throwaway build folder and read back."""
    root = tmp_path_factory.mktemp("prepared")
    out = {}
    previous = None
    for edition_id, data in route_data.items():
        folder = root / edition_id
        prepared.write(prepared.prepare_edition(data, previous, {}, SHIPPED.settings), folder)
        out[edition_id] = prepared.load(folder)
        previous = data
    return out


def test_prepared_data_reads_back_as_written(route_data, site_data, tmp_path):
    written = prepared.prepare_edition(route_data["2020"], route_data["2019"], {}, SHIPPED.settings)
    folder = prepared.write(written, tmp_path / "2020")
    read = prepared.load(folder)
    pd.testing.assert_frame_equal(read.routes, written.routes.astype(object).astype({"domestic": bool}))
    assert read.figures == json.loads(json.dumps(written.figures))
    # The route table is JSON with its Table Schema: any tool reads it, no code is unpickled.
    table = json.loads((folder / prepared.ROUTES_FILE).read_text(encoding="utf-8"))
    fields = {f["name"]: f["type"] for f in table["schema"]["fields"]}
    assert fields["transit"] == "array" and fields["domestic"] == "boolean" and fields["row"] == "integer"
    assert len(table["data"]) == 84 and not list(folder.glob("*.pkl"))


# --- escaping ------------------------------------------------------------------------
def test_html_escape_is_inert_in_html_and_template_literals():
    out = escape.html(HOSTILE)
    assert "<" not in out and ">" not in out and "`" not in out and "$" not in out and '"' not in out
    assert "\u202e" not in out and "\u200b" not in out


def test_markdown_escape_neutralises_markup():
    out = escape.markdown("[click](javascript:x) *bold* {role}`x` $math$ <b>")
    assert re.search(r"(?<!\\)[\[\]*{}`$<>]", out) is None


def test_script_json_cannot_close_a_script():
    out = escape.script_json({"a": "</script><script>alert(1)</script>"})
    assert "</script>" not in out and json.loads(out)["a"].startswith("</script>")


# --- allowlist -------------------------------------------------------------------------
def test_prepared_routes_hold_only_allowlisted_columns(site_data):
    for data in site_data.values():
        assert set(data.routes.columns) <= set(publication.ALLOWLIST)
        for private in ("organisation", "recruitment_details", "notes"):
            assert private not in data.routes.columns


def test_a_private_column_is_refused():
    with pytest.raises(publication.NotPublishable):
        publication.check(pd.DataFrame({"organisation": ["x"]}), "a table")


# --- templating ---------------------------------------------------------------------------
def test_templates_escape_values_and_anchor_figures_once(site_data):
    data = site_data["2020"]
    values = templating.context(data, "overview")
    text = templating.render(
        "{{ fig('routes-total') }} and {{ fig('routes-total') }}; {{ hostile }}", dict(values, hostile=HOSTILE)
    )
    assert text.count('id="fig-routes-total"') == 1
    # Its second mention links to the first; both say the report states it.
    assert text.count(">84<sup") == 2 and "fig-reported" in text and 'href="overview.html#fig-routes-total"' in text
    assert "<script>" not in text and "\\<script\\>" in text


def test_figures_not_shown_in_text_get_their_anchor_in_a_table(site_data):
    data = site_data["2020"]
    values = templating.context(data, "overview")
    templating.render("{{ fig('routes-total') }}", values)
    section = values["_figures"].section()
    assert 'id="fig-estimated-cases-total"' in section and 'id="fig-routes-total"' not in section
    assert not values["_figures"].remaining()


def test_format_value():
    assert format_value(1234) == "1,234"
    assert format_value(56.0, "%") == "56%"
    assert format_value(27.9, "%") == "27.9%"
    assert format_value(["A", "B", "C"]) == "A, B and C"
    assert format_value([]) == "none"


def test_plain_filter_refuses_markup():
    with pytest.raises(ValueError):
        templating.plain("x <y>")
    assert templating.plain("Middle East and Gulf") == "Middle East and Gulf"


def test_region_context(site_data):
    values = templating.context(site_data["2020"], "regions/europe", "europe")
    assert values["region"]["name"] == "Europe"
    assert values["region"]["routes"] == 11  # 10 from East Africa and 1 from Finland to Ethiopia
    assert {c["slug"] for c in values["region"]["corridors"]} == {"east-africa-to-europe", "europe-to-east-africa"}


# --- maps ---------------------------------------------------------------------------------
def _document(drawn, title):
    return maps.document(drawn, title, "routes", vendor_url="../../vendor", static_url="../../_static")


def test_map_draws_every_route_and_loads_only_local_leaflet(site_data):
    data = site_data["2020"]
    drawn = maps.route_map(
        data.routes, SHIPPED.reference(), Tiles("https://tile.example/{z}/{x}/{y}.png", "x"), "All routes"
    )
    made = _document(drawn, "All routes")
    assert re.findall(r'<script src="([^"]+)"', made.html) == [
        "../../vendor/leaflet/leaflet.js",
        "../../vendor/topojson-client/topojson-client.min.js",
        "../../vendor/world-atlas/countries-110m.js",
        "../../_static/route-maps.js",
        "routes.js",
    ]
    assert "cdn" not in (made.html + made.script).lower() and "jquery" not in (made.html + made.script).lower()
    labels = {label for path in drawn.paths for label in path.labels}
    assert labels == set(data.routes["route_label"])
    assert made.script.count("L.polyline(") == len(drawn.paths)
    assert sum(p.submissions for p in drawn.paths) == len(data.routes)


def test_map_text_is_escaped_json(site_data, reference):
    data = site_data["2020"]
    routes = data.routes.head(1).copy()
    routes["route_label"] = [HOSTILE]
    routes["corridor_label"] = [HOSTILE]
    made = _document(maps.route_map(routes, reference, Tiles(None, ""), HOSTILE), HOSTILE)
    html = made.html + made.script
    # What Leaflet receives: JSON strings, which it inserts as HTML.
    passed = [json.loads(m) for m in re.findall(r'\.bind(?:Tooltip|Popup)\(("(?:[^"\\]|\\.)*")', made.script)]
    assert len(passed) >= 2
    for content in passed:
        assert "<script" not in content and "<img" not in content and "`" not in content and "${" not in content
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in c for c in passed)
    assert "<script>alert" not in html and "${alert" not in html
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_tiles_the_map_requests_nothing_else(site_data, reference):
    made = _document(maps.route_map(site_data["2020"].routes, reference, Tiles(None, ""), "x"), "x")
    assert "tile" not in (made.html + made.script + made.style).lower().replace("title", "")


def test_paths_group_routes_that_share_a_line(site_data):
    data = site_data["2020"]
    routes = data.routes[data.routes["pair"] == "Kenya to India"]  # three country-level routes, one path
    drawn = maps.paths(routes, SHIPPED.reference())
    assert len(drawn) == 1 and drawn[0].submissions == 3
    # One line of one colour, whatever its industries (the page's tables list them).
    assert drawn[0].industries == {"commercial sex", "marriage", "domestic work"}
    assert drawn[0].style == palette.corridor_style("East Africa", "Asia")


def test_a_corridor_has_one_style_whatever_else_a_map_draws(site_data):
    routes = site_data["2020"].routes
    styles = {path.corridor: path.style for path in maps.paths(routes, SHIPPED.reference())}
    for corridor, part in routes.groupby("corridor"):
        assert {path.style for path in maps.paths(part, SHIPPED.reference())} == {styles[corridor]}
    assert len(set(styles.values())) == len(styles)  # the shipped corridors: no two drawn alike
    assert set(palette.REGION_COLOURS.values()) <= set(palette.OKABE_ITO)
    outward, inward = palette.corridor_style("East Africa", "Europe"), palette.corridor_style("Europe", "East Africa")
    assert outward.colour == inward.colour and outward.dash != inward.dash
    assert palette.corridor_style("Europe", "Europe") not in (outward, inward)  # neither end in East Africa


def test_a_map_opens_on_its_focus_region_and_labels_its_busiest_places(site_data):
    routes = site_data["2020"].routes
    drawn = maps.route_map(routes, SHIPPED.reference(), Tiles(None, ""), "x", focus_region="East Africa")
    made = _document(drawn, "x")
    setup = re.search(r"KenyaRoutesMap\.setup\(map_\w+, (\{.*?\})\);", made.script).group(1)
    options = json.loads(setup)
    (south, west), (north, east) = options["view"]
    assert south > -25 and north < 16 and west > 20 and east < 60  # East Africa (DR Congo included)
    assert options["all"][1][0] > 55 and options["focus"] == "East Africa"  # zooming out reaches Europe
    names = [name for _, _, name in options["labels"]]
    assert len(names) == maps.MAX_LABELS and "Nairobi" in names
    assert made.script.index("KenyaRoutesMap.setup(") < made.script.index("L.polyline(")
    unfocused = json.loads(
        re.search(
            r"KenyaRoutesMap\.setup\(map_\w+, (\{.*?\})\);",
            _document(maps.route_map(routes, SHIPPED.reference(), Tiles(None, ""), "x"), "x").script,
        ).group(1)
    )
    assert unfocused["view"] == unfocused["all"] and unfocused["focus"] is None


# --- charts and tables -----------------------------------------------------------------------
def test_charts_compile_to_vega_and_svg(site_data):
    ranked = views.items(site_data["2020"].routes, "industries")
    ranked.loc[0, "industries"] = HOSTILE
    chart = charts.ranking(ranked, "industries", "submissions", "Industries", "Industry")
    rendered = charts.render(chart)
    assert rendered["svg"].lstrip().startswith("<svg") and "<script" not in rendered["svg"]
    assert rendered["vega"]["$schema"].startswith("https://vega.github.io/schema/vega/")
    spec = chart.to_dict()
    assert spec["title"]["text"] if isinstance(spec["title"], dict) else spec["title"]
    bars = spec["layer"][0]
    assert bars["encoding"]["tooltip"] and bars["encoding"]["x"]["title"] == "Submissions"


def test_charts_fit_a_phone_with_text_of_twelve_pixels_and_wrapped_titles(site_data):
    """A chart is at most 340 px wide (a 390 px phone shows it unscaled), its text at least 12 px, its long
    title and source lines wrapped, never cut; each bar's label is above it (no axis of labels to overlap)."""
    ranked = views.items(site_data["2020"].routes, "industries")
    long_title = "Industries of Kenyan victims abroad, most named first, in the whole of this edition"
    chart = charts.with_source(
        charts.ranking(ranked, "industries", "submissions", long_title, "Industry"),
        "Edition 2020 (Upscale) · Stop the Traffik Kenya (STTK) and Freedom Collaborative · CC-BY-4.0",
        "Reconstructed data, illustrative: not figures reported by STTK",
    )
    svg = charts.render(chart)["svg"]
    width = float(re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg).group(1))
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)(?:px)?"', svg)]
    assert width <= 340 and sizes and min(sizes) >= 12
    texts = " ".join(re.sub(r"<[^>]+>", " ", t) for t in re.findall(r"<text[^>]*>.*?</text>", svg, re.S))
    assert " ".join(texts.split()).count("Industries of Kenyan victims abroad") == 1
    assert "hospitality and food services" in texts and "…" not in texts
    assert all(len(line) <= charts.TITLE_CHARACTERS for line in chart.title.text)
    assert "#9b9b9b" in svg  # still drawn as reconstructed


def test_tables_escape_every_cell():
    frame = pd.DataFrame({"a": [HOSTILE, None], "n": [1234, 5]})
    html = tables.html_table(frame, {"a": "A <b>", "n": "N"}, "Caption <i>", numeric=("n",))
    assert "<script>" not in html and "A &lt;b&gt;" in html and "Caption &lt;i&gt;" in html
    assert "1,234" in html and '<th scope="col" class="num">' in html


def test_table_cells_name_their_column_for_phones():
    """On a phone each row is a card whose cells say their column (data-label, with the reconstructed mark)."""
    from bs4 import BeautifulSoup

    frame = pd.DataFrame({"a": ["x", "y"], "n": [1, 2], "t": ["p", HOSTILE]})
    html = tables.html_table(frame, {"a": "A", "n": 'N "q', "t": "T"}, "C", ("n",), kinds={"n": "reconstructed"})
    first = BeautifulSoup(html, "html.parser").tbody.tr
    assert first.th["scope"] == "row" and "data-label" not in first.th.attrs
    assert [td["data-label"] for td in first.find_all("td")] == ['N "q †', "T"]


# --- views -----------------------------------------------------------------------------------
def test_airline_table_lists_the_eight_airlines(site_data):
    table = views.airlines(site_data["2020"])
    assert len(table) == 8
    ethiopian = table[table["airline"] == "Ethiopian Airlines"].iloc[0]
    assert "Addis Ababa" in ethiopian["hubs"] and len(ethiopian["routes"]) == 6
    assert views.airlines(site_data["2019"]).empty


def test_airline_routes_have_a_row_per_airline_and_route(site_data):
    table = views.airline_routes(site_data["2020"])
    assert list(table.columns) == ["airline", "route", "submissions"] and table["airline"].nunique() == 8
    assert not table.duplicated(["airline", "route"]).any()
    ethiopian = table[table["airline"] == "Ethiopian Airlines"]
    assert len(ethiopian) == 6 and ethiopian["route"].str.contains("Addis Ababa").any()
    # Airlines with the most submissions first, each with its routes together.
    totals = table.groupby("airline", sort=False)["submissions"].sum()
    assert list(totals) == sorted(totals, reverse=True) and list(table["airline"].drop_duplicates()) == list(
        totals.index
    )
    assert views.airline_routes(site_data["2019"]).empty


def test_industries_compared(site_data):
    table = views.industries_compared(site_data["2020"]).set_index("industry")
    assert table.loc["traditional dance", "abroad"] == 2 and table.loc["traditional dance", "in_kenya"] == 0


def test_changes_list_the_new_countries(site_data):
    diff = views.changes(site_data["2020"], site_data["2019"], SHIPPED.reference())
    assert diff["new_origin_countries"] == ["Finland", "Somaliland"]
    assert "Namibia" in diff["new_destination_countries"]


# --- staging ---------------------------------------------------------------------------------
def test_plan_expands_regions_in_the_reports_order(site_data):
    toc, pages = stage.plan(site_data["2020"], SHIPPED)
    names = [p.name for p in pages]
    regions = [n for n in names if n.startswith("regions/")]
    assert regions == [
        "regions/east-africa",
        "regions/middle-east-gulf",
        "regions/europe",
        "regions/asia",
        "regions/other",  # North Africa (2 routes) and Southern Africa (1), in the report's order
    ]
    assert next(p for p in pages if p.name == "regions/other").parameters["regions"] == [
        "north-africa",
        "southern-africa",
    ]
    assert {
        "overview",
        "methodology",
        "quality",
        "kenya",
        "transit",
        "transport",
        "industries",
        "recruitment",
        "recommendations",
        "changes",
        "regions",
        "index",
    } <= set(names)
    assert toc["root"] == "index" and "book/" not in json.dumps(toc)
    sources = {p.name: p.source.name for p in pages}
    assert sources["overview"] == "overview.ipynb" and sources["quality"] == "quality.md"


# --- scale: pages stay light however many routes there are ----------------------------------
def test_a_map_of_many_routes_merges_the_quietest_into_country_lines(site_data):
    data = site_data["2020"]
    reference = SHIPPED.reference()
    drawn = maps.paths(data.routes, reference)
    assert maps.bounded(drawn, reference, limit=len(drawn)) == drawn  # the shipped editions: every line
    bounded = maps.bounded(drawn, reference, limit=10)
    merged = [p for p in bounded if p.merged is not None]
    assert len(bounded) - len(merged) == 10 and merged
    # Nothing is left out: every submission and every route is on some line.
    assert sum(p.submissions for p in bounded) == sum(p.submissions for p in drawn) == len(data.routes)
    busiest = sorted(drawn, key=lambda p: (-p.submissions, p.group, p.labels[0]))[:10]
    assert sum(p.merged for p in merged) == sum(len(p.labels) for p in drawn) - sum(len(p.labels) for p in busiest)
    for path in merged:
        assert re.fullmatch(r"\d+ other routes? from .+ to .+", path.labels[0])
        assert [point.level for point in path.points] == ["country", "country"]
        assert "see the table of routes" in maps._popup_html(path, {})


def test_a_long_table_shows_its_first_rows_and_downloads_them_all(route_data, tmp_path):
    from kenya_routes.render.page import Page

    folder = prepared.write(
        prepared.prepare_edition(route_data["2020"], None, {}, SHIPPED.settings), tmp_path / "prepared" / "2020"
    )
    page = Page(
        "2020",
        "overview",
        stage_dir=tmp_path / "stage",
        prepared_dir=folder,
        reference_dir=SHIPPED.reference_dir,
        locales_dir=SHIPPED.locales_dir,
    )
    frame = pd.DataFrame({"place": [f"place {n}" for n in range(250)], "submissions": range(250, 0, -1)})
    html = page.table(frame, "long", {"place": "place", "submissions": "submissions"}, "Places", limit=200).data
    assert html.count("<tr>") == 201 and "the first 200 of 250; the downloads list them all" in html
    download = next((tmp_path / "stage" / "extra" / "assets" / "overview").glob("*-long-table.csv"))
    assert len(download.read_text(encoding="utf-8").splitlines()) == 251
