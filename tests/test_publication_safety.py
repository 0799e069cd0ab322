"""Publication safety on the built site: disclosure control, no free text, headers, the scanner."""

from __future__ import annotations

import csv
import json
import re
import zipfile

import pandas as pd
import pytest
import yaml
from bs4 import BeautifulSoup

from kenya_routes.inputs.project import Project
from kenya_routes.prepare import disclosure
from kenya_routes.publish import headers as security
from kenya_routes.publish.build import BuildError, build_site

from .conftest import PROVENANCE_MARKER, ROOT, copy_project, read_rows

pytestmark = pytest.mark.build

SMALL_ROUTE = "Kenya to Libya via Egypt"  # submission 2020-042: 2 estimated cases
SMALL_PAIR = "Kenya to Libya"


def _tables(path):
    """Every HTML table of a page as a list of {header: cell text} rows."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for table in soup.find_all("table"):
        head = table.find("thead")
        if head is None:
            continue
        # A header's provenance mark and its words for screen readers are not part of its name.
        for mark in head.select("sup.prov-mark, .sr-only"):
            mark.decompose()
        headers = [th.get_text(strip=True) for th in head.find_all("th")]
        for tr in table.find("tbody").find_all("tr"):
            cells = [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
            yield dict(zip(headers, cells))


def test_a_route_of_two_cases_never_shows_two(built_site):
    site = built_site.site / "2020"
    seen = 0
    for path in site.rglob("*.html"):
        if "/assets/" in path.as_posix():
            continue
        for row in _tables(path):
            if any(SMALL_PAIR in value for value in row.values()):
                for header, value in row.items():
                    if "estimated cases" in header:
                        assert value != "2", f"{path.name}: {row}"
                        seen += 1
    for path in site.rglob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                if any(SMALL_PAIR in (value or "") for value in row.values()) or row.get("submission_id") == "2020-042":
                    for header, value in row.items():
                        if "estimated" in (header or "").lower() and "cases" in header.lower():
                            assert value != "2", f"{path.name}: {row}"
                            seen += 1
    # Map popups live in each map's script, a file beside its document.
    for path in (site / "assets").rglob("*.js"):
        for popup in re.findall(r'\.bindPopup\(("(?:[^"\\]|\\.)*")', path.read_text(encoding="utf-8")):
            text = BeautifulSoup(json.loads(popup), "html.parser").get_text(" ")
            if SMALL_ROUTE in text:
                assert "fewer than 5" in text and not re.search(r"Estimated cases\s+2\b", text)
                seen += 1
    assert seen >= 5
    routes = pd.read_csv(site / "data" / "kenya-routes-2020-routes.csv", dtype=str)
    assert routes.set_index("submission_id").loc["2020-042", "estimated_cases"] == "fewer than 5"


def test_published_totals_do_not_give_a_hidden_count_away(built_site):
    """Rebuild every published sum from what the site publishes and check no equation has one hidden term."""
    root = built_site.site.parent.parent
    cases = json.loads((root / "_build" / "prepared" / "2020" / "cases.json").read_text())
    routes = pd.read_csv(built_site.site / "2020" / "data" / "kenya-routes-2020-routes.csv", dtype=str)
    tree: dict[tuple, dict] = {}
    for _, row in routes.iterrows():
        chain = [
            ("edition", "all"),
            ("corridor", row["corridor"]),
            ("pair", row["pair"]),
            ("route", row["route_label"]),
            ("submission", row["submission_id"]),
        ]
        for parent, child in zip(chain, chain[1:]):
            tree.setdefault(parent, set()).add(child)
    shown = {("submission", r["submission_id"]): r["estimated_cases"] for _, r in routes.iterrows()}
    for level in ("edition", "corridor", "pair", "route"):
        shown.update({(level, k): v for k, v in cases[level].items()})
    hidden = lambda key: not re.fullmatch(r"[\d,]+", shown[key]) and shown[key] != disclosure.NOT_ESTIMATED
    for parent, children in tree.items():
        parts = [c for c in children if shown[c] != disclosure.NOT_ESTIMATED]
        count = sum(hidden(c) for c in parts)
        if not hidden(parent):
            assert count != 1, f"{parent}: one hidden part could be worked out"
        elif parts:
            assert count >= 1, f"{parent}: hidden, yet its parts add up to it"
    # The pages show exactly these values.
    for row in _tables(built_site.site / "2020" / "overview.html"):
        if "corridor" in row:
            label_to_slug = {r["corridor_label"]: r["corridor"] for _, r in routes.iterrows()}
            assert row["estimated cases"] == cases["corridor"][label_to_slug[row["corridor"]]]


def test_the_suppression_log_is_published_without_values(built_site):
    page = BeautifulSoup((built_site.site / "2020" / "disclosure.html").read_text(), "html.parser")
    log = page.find("table", id="suppression-log")
    text = log.get_text(" ")
    assert SMALL_PAIR in text and "fewer than 5" in text and "withheld" in text
    assert "Dar es Salaam" not in text and "Kwale" not in text  # rolled up: named at country level only
    published = json.loads((built_site.site / "2020" / "data" / "suppression.json").read_text())
    assert published["threshold"] == 5 and len(published["log"]) == len(log.find("tbody").find_all("tr"))
    assert "UNODC" in page.get_text()


def test_rolled_up_submissions_show_countries_only(built_site):
    routes = pd.read_csv(built_site.site / "2020" / "data" / "kenya-routes-2020-routes.csv", dtype=str)
    row = routes.set_index("submission_id").loc["2020-035"]  # Kwale to Dar es Salaam, 3 cases
    assert pd.isna(row["origin_city"]) and pd.isna(row["destination_city"])
    assert row["route_label"] == "Kenya to Tanzania"
    for path in (built_site.site / "2020").rglob("*.html"):
        assert "Kwale, Kenya to Dar es Salaam" not in path.read_text(encoding="utf-8"), path


def test_no_free_text_or_organisation_per_route_is_published(built_site):
    _, rows = read_rows(ROOT / "data" / "editions" / "2020" / "routes.csv")
    free = {r[c] for r in rows for c in ("recruitment_details", "notes") if r[c]}
    assert len(free) >= 5
    for path in built_site.site.rglob("*"):
        if path.suffix in (".html", ".csv", ".json", ".js", ".svg"):
            text = path.read_text(encoding="utf-8", errors="ignore")
            for value in free:
                assert value not in text, f"{path} publishes free text"
    routes = pd.read_csv(built_site.site / "2020" / "data" / "kenya-routes-2020-routes.csv", dtype=str)
    assert not {"organisation", "recruitment_details", "notes"} & set(routes.columns)


def test_ingest_provenance_is_never_published(built_site):
    found = [
        path
        for path in built_site.site.rglob("*")
        if path.is_file() and (PROVENANCE_MARKER.encode() in path.read_bytes() or path.name == "provenance.csv")
    ]
    assert not found
    zips = list(built_site.site.rglob("*.zip"))
    assert zips
    for path in zips:
        with zipfile.ZipFile(path) as archive:
            assert not [n for n in archive.namelist() if "provenance" in n]
            assert not any(PROVENANCE_MARKER.encode() in archive.read(n) for n in archive.namelist())


def test_every_page_carries_the_security_policy(built_site):
    pages = list(built_site.site.rglob("*.html"))
    assert len(pages) > 80
    for path in pages:
        html = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, path
        policy = meta["content"]
        assert "default-src 'none'" in policy and "object-src 'none'" in policy
        assert "img-src 'self' data: https://tile.openstreetmap.org" in policy
        # Scripts only from the site's own files: no hash, no 'unsafe-inline', and no inline script to allow.
        assert "script-src 'self';" in policy and "sha256" not in policy and "unsafe-eval" not in policy
        assert not security.INLINE_SCRIPT.findall(html), f"{path} has an inline script"
        assert not re.search(r"<[^>]*\son[a-z]+\s*=", html, re.I), f"{path} has an inline event handler"
        if "/assets/" in path.as_posix():
            # A map's page: no inline style either, and its icon declared.
            assert "style-src 'self';" in policy and "<style" not in html and ' style="' not in html
            assert soup.find("link", rel="icon") is not None
        assert soup.find("meta", attrs={"name": "referrer"})["content"] == "no-referrer"
        assert html.find("<meta charset") < 200, path


def _build_expecting_failure(root, edition):
    with pytest.raises(BuildError) as raised:
        build_site(Project.open(root), edition_ids=[edition], jobs=1, log=lambda *_: None)
    return raised.value


@pytest.mark.parametrize(
    "erratum, kind",
    [
        ("Corrected after Jane Doe wrote in.", "personal name"),
        ("Corrected on advice from Mrs Akinyi.", "personal name"),
        ("Call +254 712 345 678 for the old version.", "phone number"),
        ("See corrections.example.org for details.", "web address"),
    ],
)
def test_the_scanner_stops_a_build_that_would_publish_personal_details(tmp_path, erratum, kind):
    root = copy_project(tmp_path / "project")
    path = root / "data" / "editions" / "2020" / "edition.yml"
    raw = yaml.safe_load(path.read_text())
    raw["errata"] = [{"date": "2026-12-01", "description": erratum}]
    path.write_text(yaml.safe_dump(raw, allow_unicode=True))
    error = _build_expecting_failure(root, "2020")
    rendered = error.report.render()
    assert "errata[1].description" in rendered and kind in rendered and "no-personal-details-published" in rendered
    assert not (root / "_build" / "site").exists()
