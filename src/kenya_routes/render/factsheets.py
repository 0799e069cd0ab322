"""Fact sheets: one A4 page per region chapter and for Kenya, as accessible PDF, for members' proposals.

A sheet is made from the same prepared (publishable) data as the page it summarises: its figures
with their provenance, a vector map of its routes (static_map.py), one chart (charts.py), the main
country pairs, the recommendations of the source document that concern it (`fact_sheets` in
report_sections.yml), and the page's citation with its permanent link and a QR code of that link.
In a reconstructed edition only the figures the source document states are listed; the map, chart
and table carry the reconstruction notice and their counts the † mark.

Typst lays the page out (factsheet.typ). The layout is a fixed file; every value reaches it as JSON
data and is shown as text, never read as markup. The PDF is tagged (PDF/UA-1), with title, language,
subject and keywords in its metadata, fonts embedded (Libertinus Serif, SIL Open Font License, which
Typst carries) and alternative text for the map, the chart and the QR code.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import segno
import typst
from pypdf import PdfReader

from ..inputs.messages import N_
from ..inputs.reference import REGION_NAMES, Reference
from ..prepare import provenance
from ..prepare.formatting import format_value
from ..prepare.prepared import OTHER_REGIONS_PAGE, PreparedEdition
from . import charts, citations, downloads, static_map, views
from .language import ENGLISH, Language, LanguageError

LAYOUT = Path(__file__).with_name("factsheet.typ")
KENYA = "kenya"
OTHER = "other"
SITE_TITLE = N_("Kenya's human-trafficking routes")
# A list longer than this is cut on the sheet, which says how many more the page lists.
LIST_ITEMS = 20
# The width of a column of the sheet (A4 less its margins and the gutter, in factsheet.typ), cm.
COLUMN_CM = 8.7
# Bars of the sheet's chart (the page's chart has them all).
CHART_BARS = 6


class Fit(NamedTuple):
    """How much a sheet holds: make() tries each of FITS in turn until the sheet fits one page."""

    size: float  # text size, pt
    rows: int  # rows of the table of country pairs
    full: bool  # each recommendation in full (else its first sentence)
    chart: float  # the chart's height, cm (0: no chart)
    most_figures: int | None  # at most this many figures (the sheet says the page gives them all)


FITS = (
    Fit(9.0, 8, True, 8.5, None),
    Fit(9.0, 8, True, 6.2, None),
    Fit(8.5, 6, True, 5.4, None),
    Fit(8.5, 6, False, 5.4, None),
    Fit(8.0, 5, False, 5.4, None),
    Fit(7.5, 4, False, 0, None),
    Fit(7.5, 4, False, 0, 12),
    Fit(7.0, 3, False, 0, 6),
)
MARKS = {provenance.REPORTED: "R", provenance.RECONSTRUCTED: "†", provenance.COMPUTED: ""}


class FactSheetError(RuntimeError):
    """A fact sheet could not be made; the message names the sheet and why."""


@dataclass(frozen=True)
class Sheet:
    """One fact sheet of an edition: what it covers and the page it summarises."""

    key: str  # "kenya", a region's slug, or "other"
    name: str  # "Kenya", "East Africa", "Other regions"
    page: str  # the site page it summarises
    regions: tuple[str, ...] = ()  # the region slugs whose routes it shows (none: Kenya's)
    also: tuple[str, ...] = ()  # other pages whose figures it gives (Kenya's: the transit page, mostly Kenya)

    @property
    def figure_pages(self) -> tuple[str, ...]:
        return (self.page, *self.also)

    def file_name(self, meta: dict[str, Any], language: str = "en") -> str:
        """kenya-routes-2020-fact-sheet-europe.pdf; in another language, with its code (…-europe-sw.pdf)."""
        return f"{downloads.file_stem(meta, 'fact-sheet', self.key, '' if language == 'en' else language)}.pdf"

    def name_in(self, language: Language, reference: Reference) -> str:
        """The sheet's name in a language: "Kenya", "Ulaya", "Other regions: …"."""
        if self.key == KENYA:
            return language.country(reference, "KEN")
        names = [language._(REGION_NAMES[slug]) for slug in self.regions]
        if self.key == OTHER:
            return language._("Other regions: {names}", names=language.join(names))
        return names[0]


def plan(data: PreparedEdition) -> list[Sheet]:
    """The edition's sheets: Kenya, each region with a page of its own, and the other regions' page."""
    # Kenya as origin and destination (its page) and as a country of transit (the transit page's places).
    sheets = [Sheet(KENYA, "Kenya", "kenya", also=("transit",))]
    sheets += [Sheet(slug, name, f"regions/{slug}", (slug,)) for name, slug in data.region_pages]
    if data.other_regions:
        names = format_value([name for name, _ in data.other_regions])
        sheets.append(
            Sheet(OTHER, f"Other regions: {names}", OTHER_REGIONS_PAGE, tuple(s for _, s in data.other_regions))
        )
    return sheets


def routes_of(data: PreparedEdition, sheet: Sheet) -> pd.DataFrame:
    if sheet.key == KENYA:
        return pd.concat([views.from_kenya(data), views.into_kenya(data)]).drop_duplicates("submission_id")
    return data.routes[data.routes["page_region"].isin([REGION_NAMES[slug] for slug in sheet.regions])]


def _value(figure: dict[str, Any], language: Language, reference: Reference) -> str:
    """A figure's value as its citation gives it ("43 submissions"); a long list cut to its first items."""
    if language.code != "en":
        try:
            return language.value(reference, figure, most=LIST_ITEMS)
        except LanguageError as error:
            raise LanguageError(f"Figure {figure['id']} ({figure['label']}): {error}") from None
    items = figure["value"]
    if isinstance(items, list) and len(items) > LIST_ITEMS:
        return format_value([*items[:LIST_ITEMS], f"{len(items) - LIST_ITEMS} more (listed on the page)"])
    return citations.value_text(figure)


def _figures(data: PreparedEdition, sheet: Sheet, language: Language, reference: Reference) -> list[dict[str, str]]:
    """The page's figures as the page shows them; in a reconstructed edition only those the report states."""
    shown = []
    for figure in data.figures.values():
        if figure["page"] not in sheet.figure_pages or figure["provenance"] == provenance.RECONSTRUCTED:
            continue
        shown.append(
            {
                "label": language.label(reference, figure),
                "value": _value(figure, language, reference),
                "mark": MARKS[figure["provenance"]],
            }
        )
    return shown


def _chart(
    data: PreparedEdition,
    reference: Reference,
    sheet: Sheet,
    routes: pd.DataFrame,
    notice: str | None,
    language: Language = ENGLISH,
) -> tuple[str, str] | None:
    """The sheet's chart as SVG, and its alternative text: the page's main ranking."""
    _ = language._
    if sheet.key == KENYA:
        frame = views.countries_named(data, reference, views.from_kenya(data), "destination_country")
        label, kind, title, axis, description = (
            "country",
            "country",
            _("Destinations of routes from Kenya"),
            _("Country"),
            _("Bar chart of the destination countries of routes from Kenya, by submissions: {ranked}."),
        )
    else:
        frame = views.items(routes, "industries")
        label, kind, title, axis, description = (
            "industries",
            "industries",
            _("Industries on these routes"),
            _("Industries"),
            _("Bar chart of the industries named on these routes, by submissions: {ranked}."),
        )
    if frame.empty:
        return None
    frame = frame.head(CHART_BARS).copy()
    frame[label] = [language.item(reference, kind, str(name)) for name in frame[label]]
    chart = charts.with_source(
        charts.ranking(frame, label, "submissions", title, axis, _("Submissions")),
        _source(data.edition, language),
        notice,
    )
    svg = charts.svg(chart, font=static_map.PRINT_FONT)
    ranked = "; ".join(f"{row[label]}: {language.number(int(row['submissions']))}" for _, row in frame.iterrows())
    return svg, description.format(ranked=ranked)


def _aspect(svg: str) -> float:
    """An SVG's height over its width (vl-convert writes both on the root element)."""
    found = charts.SVG_SIZE.search(svg)
    return float(found.group(2)) / float(found.group(1)) if found else 1.0


def _source(meta: dict[str, Any], language: Language = ENGLISH) -> str:
    """The chart's own line of source: short, as the sheet around it names the publisher and licence."""
    return language._("Edition {edition}, {licence}", edition=meta["id"], licence=meta["licence"])


def _table(
    data: PreparedEdition,
    reference: Reference,
    routes: pd.DataFrame,
    rows: int,
    reconstructed: bool,
    language: Language = ENGLISH,
) -> dict[str, Any]:
    _ = language._
    pairs = views.pairs(data, routes)
    dagger = " †" if reconstructed else ""
    threshold = data.cases.get("threshold", 0)
    return {
        "title": _("Main routes by country pair"),
        "columns": [_("Origin to destination"), _("Submissions") + dagger, _("Estimated cases") + dagger],
        "rows": [
            [
                language.item(reference, "pair", str(r["pair"])),
                language.number(int(r["submissions"])),
                language.shown(str(r["estimated_cases"])),
            ]
            for _row, r in pairs.head(rows).iterrows()
        ],
        "empty": _("No route of this edition falls here."),
        "note": " ".join(
            part
            for part in (
                _("The {rows} pairs with the most submissions of {pairs}.", rows=rows, pairs=len(pairs))
                if len(pairs) > rows
                else "",
                _("† Counts of the rebuilt rows: illustrative, not for citation.") if reconstructed else "",
                _("Estimated cases below {threshold} are not shown.", threshold=threshold) if data.cases else "",
            )
            if part
        ),
    }


def _recommendations(
    data: PreparedEdition, sheet: Sheet, full: bool, language: Language = ENGLISH
) -> list[dict[str, str]]:
    found = []
    for section in data.report:
        if sheet.key in section.get("fact_sheets", []) and section["findings"]:
            # A section on a sheet has its words in each language of the sheets (report.py checks it).
            said = section if language.code == "en" else section[language.code]
            text = said["findings"][0]
            if not full:
                text = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
            found.append({"heading": said["section"], "text": text})
    return found


@dataclass(frozen=True)
class Drawings:
    """A sheet's pictures: the same at every size the sheet is tried at, so make() draws them once."""

    map: static_map.StaticMap
    chart: tuple[str, str] | None  # SVG and its alternative text; None when there is nothing to rank
    qr: str  # SVG; empty without the site's address


def draw(
    data: PreparedEdition, reference: Reference, sheet: Sheet, basemap: Path, language: Language = ENGLISH
) -> Drawings:
    routes = routes_of(data, sheet)
    notice = language._(downloads.RECONSTRUCTED_NOTICE) if data.edition["status"] == "reconstructed" else None
    qr = _qr(link_of(data, sheet)) if data.settings.get("site_url") else ""
    return Drawings(
        static_map.route_map(routes, reference, basemap, language),
        _chart(data, reference, sheet, routes, notice, language),
        qr,
    )


def contents(
    data: PreparedEdition,
    reference: Reference,
    sheet: Sheet,
    basemap: Path,
    made: date,
    fit: Fit = FITS[0],
    drawings: Drawings | None = None,
    language: Language = ENGLISH,
) -> tuple[dict[str, Any], dict[str, str]]:
    """What the sheet shows, as the layout's data, and its images (SVG text) by name."""
    _ = language._
    size, rows, full, chart_height, most_figures = fit
    meta = data.edition
    reconstructed = meta["status"] == "reconstructed"
    routes = routes_of(data, sheet)
    site_url = data.settings.get("site_url", "")
    link = link_of(data, sheet)
    drawings = drawings or draw(data, reference, sheet, basemap, language)
    images = {"map": drawings.map.svg}
    chart = drawings.chart if chart_height else None
    if chart:
        images["chart"] = chart[0]
    if drawings.qr:
        images["qr"] = drawings.qr
    name = sheet.name_in(language, reference)
    site_title = _(SITE_TITLE)
    heading = _("Fact sheet: {name}", name=name)
    every_figure = _figures(data, sheet, language, reference)
    period = (
        meta["collection_from"]
        if meta["collection_from"] == meta["collection_to"]
        else _("{start} to {end}", start=meta["collection_from"], end=meta["collection_to"])
    )
    edition = meta["id"]
    layout = {
        "lang": language.locale.language,
        "region": language.locale.territory,
        "size": size,
        "title": _("{heading}. {site}, edition {edition}", heading=heading, site=site_title, edition=edition),
        "subject": _(
            "Routes of human trafficking and risky migration reported by civil-society organisations in Kenya: "
            "{name}, edition {edition}.",
            name=name,
            edition=edition,
        ),
        "keywords": [
            _("human trafficking"),
            language.country(reference, "KEN"),
            name,
            _("edition {edition}", edition=edition),
        ],
        "publisher": meta["publisher"],
        "site_title": site_title,
        "heading": heading,
        "edition_line": _(
            "Edition {edition} ({short_title}), published {year}, of routes submitted in {period}.",
            edition=edition,
            short_title=meta["short_title"],
            year=meta["year"],
            period=period,
        )
        + " "
        + language.n_(
            "This sheet shows {n} route submission.",
            "This sheet shows {n} route submissions.",
            len(routes),
            n=language.number(len(routes)),
        ),
        "translation": _translation_notice(language, link),
        "notice_title": _("Reconstructed data.") if reconstructed else "",
        "notice": (
            _(
                "This edition's routes were rebuilt from the published report. Figures marked R are stated in the "
                "report and may be cited; the map, chart and counts marked † rest on the reconstruction and are "
                "illustrative, not figures reported by STTK."
            )
            if reconstructed
            else ""
        ),
        "figures_heading": _("Figures the report states") if reconstructed else _("Figures"),
        "figures": every_figure[:most_figures],
        "no_figures": _("The source document states no figure for this part of the edition.")
        if reconstructed
        else _("This edition gives no figure for this page."),
        "figures_note": (
            _(
                "R: stated in the source document. Figures that rest on the reconstruction are left out of this "
                "sheet; the page shows them, marked †."
            )
            if reconstructed
            else _("Computed from this edition's route submissions.")
        )
        + (
            " "
            + _(
                "The first {shown} of {total} figures; the page gives them all.",
                shown=most_figures,
                total=len(every_figure),
            )
            if most_figures is not None and len(every_figure) > most_figures
            else ""
        ),
        "table": _table(data, reference, routes, rows, reconstructed, language),
        "map": {
            "title": _("Map of the routes"),
            "alt": drawings.map.description,
            "caption": " ".join(
                part
                for part in (
                    _("Lines are coloured by corridor; black dots are origins, open circles destinations."),
                    _("Reconstructed routes: illustrative, not reported by STTK.") if reconstructed else "",
                    _("Basemap: Natural Earth."),
                )
                if part
            ),
        },
        "chart": {
            "alt": chart[1],
            "caption": _("Submissions; the page has the whole ranking and its table."),
            # No taller than the chart is at the column's width: a short ranking leaves no gap below it.
            "height": min(chart_height, COLUMN_CM * _aspect(chart[0])),
        }
        if chart
        else None,
        "recommendations_heading": _("What the report recommends"),
        "recommendations": _recommendations(data, sheet, full, language),
        "no_recommendations": _(
            "The source document of this edition makes no recommendation that concerns this part of the routes; "
            "the site's recommendations page gives those that concern all of them."
        ),
        "cite_heading": _("Cite as:"),
        "citation": meta["citation"] + " " + _("Fact sheet: {name}.", name=name),
        "link_url": link if site_url else "",
        "link_text": link
        if site_url
        else _(
            "{link} on the site that publishes this sheet (its address was not set when the sheet was made)", link=link
        ),
        # The site's pages are in English only: a reader of a sheet in another language is told before following
        # its link or QR code.
        "link_note": "" if language.code == "en" else _("(The page is in English.)"),
        "qr_alt": _("QR code of the permanent link {link}", link=link),
        "licence": _("Licence: {licence} ({url}).", licence=meta["licence"], url=meta["licence_url"]),
        "made": _("Made on {date} by the site's build, from the edition's published data.", date=language.date(made)),
        "footer": _(
            "{site} · fact sheet, edition {edition} · {licence}",
            site=site_title,
            edition=edition,
            licence=meta["licence"],
        ),
    }
    if not images["map"]:
        layout["map"]["alt"] = _("No route of this sheet can be drawn.")
    return layout, images


def _translation_notice(language: Language, link: str) -> str:
    """Who translated a sheet that is not in English, whether the coalition has reviewed it, and where the
    original is; empty in English."""
    if language.code == "en":
        return ""
    return (
        language._(
            "Translated from English by {translator}. The coalition has not reviewed this translation yet; where "
            "it differs from the English sheet, the English one holds. Corrections are welcome: write to the "
            "coalition through the site."
        )
        if not language.reviewed
        else language._("Translated from English by {translator}; reviewed for the coalition by {reviewer}.")
    ).format(translator=language.translator, reviewer=language.reviewer)


def link_of(data: PreparedEdition, sheet: Sheet) -> str:
    """The permanent link of the page the sheet summarises (relative to the site if its address is unknown)."""
    return provenance.permalink(data.settings.get("site_url", ""), data.edition["id"], sheet.page, "").rstrip("#")


def addresses(data: PreparedEdition, sheet: Sheet) -> tuple[str, ...]:
    """The web addresses a sheet carries by design: its page's permanent link and the licence's."""
    return tuple(a for a in (link_of(data, sheet), data.edition.get("licence_url", "")) if a)


def _qr(link: str) -> str:
    out = io.BytesIO()
    segno.make(link, error="m").save(out, kind="svg", scale=4, border=2, dark="#1b1b1b", xmldecl=False)
    return out.getvalue().decode("utf-8")


def compile_pdf(layout: dict[str, Any], images: dict[str, str], made: date) -> bytes:
    """The sheet as a tagged PDF/UA-1 document."""
    inputs = {"data": json.dumps(layout, ensure_ascii=False), **{k: v for k, v in images.items() if v}}
    try:
        return typst.compile(
            str(LAYOUT),
            format="pdf",
            sys_inputs=inputs,
            pdf_standards=["ua-1"],
            ignore_system_fonts=True,
            timestamp=int(datetime.combine(made, time(), tzinfo=UTC).timestamp()),
        )
    except RuntimeError as error:  # typst reports layout and accessibility errors this way
        raise FactSheetError(f"{layout['heading']}: Typst could not typeset it: {error}") from None


def pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def text_of(pdf: bytes) -> str:
    """The PDF's text, laid out as on the page: the words of a line in order, with the gap between columns,
    chart ticks or table cells kept wide, so that neighbouring numbers do not run together."""
    return "\n".join(page.extract_text(extraction_mode="layout") or "" for page in PdfReader(io.BytesIO(pdf)).pages)


def make(
    data: PreparedEdition, reference: Reference, sheet: Sheet, basemap: Path, made: date, language: Language = ENGLISH
) -> bytes:
    """The sheet as one A4 page: text a little smaller, fewer rows and shorter recommendations until it fits."""
    drawings = draw(data, reference, sheet, basemap, language)
    for fit in FITS:
        layout, images = contents(data, reference, sheet, basemap, made, fit, drawings, language)
        pdf = compile_pdf(layout, images, made)
        if pages(pdf) == 1:
            return pdf
    raise FactSheetError(
        f"Fact sheet {sheet.name} ({language.name}) of edition {data.edition['id']} does not fit one A4 page even at "
        f"{FITS[-1].size} pt with {FITS[-1].rows} table rows, no chart and {FITS[-1].most_figures} figures."
    )
