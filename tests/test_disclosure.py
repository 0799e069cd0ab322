"""Disclosure control: bands, secondary suppression, roll-up, the log."""

from __future__ import annotations

import json
import re

import pandas as pd
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kenya_routes import validation
from kenya_routes.inputs.project import Project
from kenya_routes.prepare import analysis, disclosure, prepared


def _routes(rows):
    """rows: (corridor, pair, route, submission, cases)"""
    return pd.DataFrame(rows, columns=["corridor", "pair", "route_label", "submission_id", "estimated_cases"]).astype(
        {"estimated_cases": "Int64"}
    )


def test_a_small_route_is_banded_and_its_sibling_withheld():
    cells = disclosure.protect(
        _routes([("c", "A to B", "r1", "s1", 2), ("c", "A to B", "r2", "s2", 7), ("c", "A to C", "r3", "s3", 40)]),
        threshold=5,
    )
    assert cells[("route", "r1")].hidden and cells[("route", "r1")].reason == "small"
    assert cells[("route", "r2")].hidden and cells[("route", "r2")].reason == "protects"
    assert not cells[("pair", "A to B")].hidden  # 9: shown, and neither part can be worked out
    assert disclosure.audit(cells) == []


def test_a_small_pair_under_a_shown_corridor_hides_another_pair():
    cells = disclosure.protect(
        _routes(
            [
                ("c", "A to B", "r1", "s1", 2),
                ("c", "A to C", "r2", "s2", 7),
                ("c", "A to D", "r3", "s3", 40),
                ("d", "E to F", "r4", "s4", 100),
            ]
        ),
        threshold=5,
    )
    hidden_pairs = {key for (level, key), cell in cells.items() if level == "pair" and cell.hidden}
    assert hidden_pairs == {"A to B", "A to C"}
    assert disclosure.audit(cells) == []


def test_printed_counts_are_shown_as_printed():
    cells = disclosure.protect(
        _routes([("c", "A to B", "r1", "s1", 3), ("c", "A to C", "r2", "s2", 9)]),
        threshold=5,
        printed={("pair", "A to B"): 3},
    )
    assert not cells[("pair", "A to B")].hidden


def test_a_small_part_of_a_printed_total_with_printed_siblings_follows_from_public_figures():
    rows = [("c", "A to B", "r1", "s1", 3), ("c", "A to C", "r2", "s2", 9), ("d", "E to F", "r3", "s3", 50)]
    # The document prints the corridor (12) and A to C (9): A to B (3) follows from them, so it is no secret.
    cells = disclosure.protect(_routes(rows), threshold=5, printed={("corridor", "c"): 12, ("pair", "A to C"): 9})
    assert cells[("pair", "A to B")].hidden and not cells[("corridor", "c")].hidden
    assert disclosure.audit(cells) == []
    # Printed sibling but unprinted total: the total is withheld instead.
    cells = disclosure.protect(_routes(rows), threshold=5, printed={("pair", "A to C"): 9})
    assert cells[("corridor", "c")].hidden and not cells[("pair", "A to C")].hidden
    assert disclosure.audit(cells) == []


def test_blank_estimates_are_not_estimated_not_hidden():
    cells = disclosure.protect(
        _routes([("c", "A to B", "r1", "s1", None), ("c", "A to B", "r2", "s2", 30)]), threshold=5
    )
    decisions = disclosure.Disclosure(5, cells, [], [])
    assert decisions.shown("submission", "s1") == disclosure.NOT_ESTIMATED
    assert decisions.shown("pair", "A to B") == "30"


rows = st.lists(
    st.tuples(
        st.sampled_from(["c1", "c2", "c3"]),
        st.sampled_from(["p1", "p2", "p3", "p4"]),
        st.sampled_from(["r1", "r2", "r3", "r4", "r5"]),
        st.none() | st.integers(0, 40),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(rows, st.integers(1, 12), st.sets(st.sampled_from(["c1", "c2", "c1:p1", "c2:p2", "c3:p3"])))
def test_no_hidden_count_can_be_worked_out(data, threshold, printed_keys):
    frame = _routes([(c, f"{c}:{p}", f"{c}:{p}:{r}", f"s{i}", v) for i, (c, p, r, v) in enumerate(data)])
    totals = {
        ("corridor" if ":" not in k else "pair", k): int(
            frame[frame["corridor" if ":" not in k else "pair"] == k]["estimated_cases"].sum()
        )
        for k in printed_keys
    }
    cells = disclosure.protect(frame, threshold, printed=totals)
    assert disclosure.audit(cells) == []
    assert not any(cells[k].hidden for k in totals if k in cells and cells[k].printed)
    for cell in cells.values():
        if cell.value is not None and 1 <= cell.value < threshold and not cell.printed:
            assert cell.hidden  # every small count is banded, unless the document prints it


def test_roll_up_shows_small_submissions_at_country_level(route_data, reference):
    routes = analysis.enrich(route_data["2020"].routes, reference)
    rolled, ids = disclosure.roll_up(
        routes, reference, 5, printed_labels={"Helsinki, Finland to Addis Ababa, Ethiopia"}
    )
    rolled = rolled.set_index("submission_id")
    assert "2020-035" in ids  # Kwale to Dar es Salaam, 3 cases
    assert rolled.loc["2020-035", "route_label"] == "Kenya to Tanzania"
    assert rolled.loc["2020-035", "origin_city"] is None
    assert "2020-083" not in ids  # Helsinki to Addis Ababa: the report prints it
    assert rolled.loc["2020-001", "route_label"] == routes.set_index("submission_id").loc["2020-001", "route_label"]
    # Still counted: nothing is dropped.
    assert len(rolled) == len(routes)


def test_a_higher_threshold_hides_more(route_data, reference):
    routes = analysis.enrich(route_data["2020"].routes, reference)
    _, at5 = disclosure.apply(routes, reference, 5, set(), {})
    _, at11 = disclosure.apply(routes, reference, 11, set(), {})
    hidden5 = {k for k, c in at5.cells.items() if c.hidden}
    hidden11 = {k for k, c in at11.cells.items() if c.hidden}
    assert len(hidden11) > len(hidden5) and len(at11.rolled_up) > len(at5.rolled_up)
    assert at11.shown("submission", "2020-042") == "fewer than 11"  # 2 cases
    assert at11.shown("submission", "2020-040") == "fewer than 11"  # 9 cases: shown at 5, banded at 11
    assert at5.shown("submission", "2020-040") == "9"


def test_the_log_names_no_hidden_value(route_data, reference):
    routes = analysis.enrich(route_data["2020"].routes, reference)
    _, decisions = disclosure.apply(routes, reference, 5, set(), {})
    assert decisions.log
    for entry in decisions.log:
        text = f"{entry['action']} {entry['why']}"
        assert not re.search(r"\b\d+\b", text.replace("fewer than 5", "")), entry
        if entry["action"] == "places shown at country level":
            rolled = routes.set_index("submission_id").loc[entry["what"].split(" ")[0]]
            for city in (rolled["origin_city"], rolled["destination_city"]):
                assert not city or city not in entry["what"]


def test_prepared_figures_reveal_no_rolled_up_place_at_a_high_threshold(project, reference):
    """At a threshold of 50 most 2019 submissions lose their places; no figure the document does not print
    may name them."""
    config = yaml.safe_load((project / "_config.yml").read_text())
    config["kenya_routes"]["disclosure"] = {"threshold": 50}
    (project / "_config.yml").write_text(yaml.safe_dump(config))
    opened = Project.open(project)
    checked = validation.checked_edition(opened, "2019")
    out = prepared.write(
        prepared.prepare_edition(checked.data, None, checked.quality, opened.settings), project / "prepared"
    )
    data = checked.data
    published = json.loads((out / "figures.json").read_text(encoding="utf-8"))["figures"]
    suppression = json.loads((out / "suppression.json").read_text(encoding="utf-8"))
    assert suppression["threshold"] == 50
    rolled = {
        entry["what"].split(" ")[0]
        for entry in suppression["log"]
        if entry["action"] == "places shown at country level"
    }
    raw = analysis.enrich(data.routes, reference)
    kept, lost = raw[~raw["submission_id"].isin(rolled)], raw[raw["submission_id"].isin(rolled)]
    cities = lambda frame: set(frame["origin_city"].dropna()) | set(frame["destination_city"].dropna())
    hidden_places = cities(lost) - cities(kept) - {stop for stops in kept["transit"] for stop in stops}
    assert hidden_places  # places that only rolled-up submissions name
    values = json.dumps([f["data_value"] for f in published if f["check"] not in ("equal", "as read", "same items")])
    assert not [p for p in hidden_places if f'"{p}"' in values]
    # The 2019 summaries print the main destination: shown as printed, even though roll-up hides its city.
    main = next(f for f in published if f["id"] == "main-destination-place")
    assert main["value"] == "Nairobi" and main["stated_in_source"]
