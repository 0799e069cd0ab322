"""Charts with altair, rendered at build time.

Each chart is compiled once to a Vega spec (shown interactively by Vega, served
by the site) and to a static SVG (shown first, and to readers without
JavaScript). Data values in specs are escaped text; titles, axis labels and
tooltips are set on every chart.

A chart says what it rests on wherever it goes: under its title, the edition,
publisher and licence and, for reconstructed data, "Reconstructed data,
illustrative: not figures reported by STTK", in the live chart, the SVG and the
PNG (whose text chunks carry the same, for anyone who pastes it into a
document). Reconstructed charts are drawn in grey with a dashed outline,
reported or computed ones in blue, the same on every page.
"""

from __future__ import annotations

import json
import re
import struct
import textwrap
import zlib

import altair as alt
import pandas as pd
import vl_convert

from ..inputs.messages import N_
from . import downloads, escape
from .language import ENGLISH, Language

# The width and height vl-convert writes on a chart's SVG root element.
SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="(\d+(?:\.\d+)?)"[^>]*?\sheight="(\d+(?:\.\d+)?)"')
BAR_COLOUR = "#0072B2"
# Reconstructed values: grey with a dashed outline, so that no one mistakes them for reported figures.
RECONSTRUCTED_BAR = {"color": "#9b9b9b", "stroke": "#3d3d3d", "strokeWidth": 1, "strokeDash": [4, 2]}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"

# Charts fit a phone: the whole chart (title, labels, bars) is WIDTH px wide, what a page's text column
# gives on a 390 px screen, so that no text is shrunk below TEXT_SIZE px; wider screens show it as it is.
WIDTH = 340
TEXT_SIZE = 12
TITLE_SIZE = 14
# Lines wrap at a word before they would outgrow the chart (characters of these sizes, generously wide).
TITLE_CHARACTERS = 32
TEXT_CHARACTERS = 44
# Each bar has its label above it, in a band of its own: labels never overlap a bar, an axis or each other.
BAND = 38
BAR = {"size": 14, "yOffset": 9}


def wrap(text: str, characters: int) -> list[str]:
    """A title or a line under it, as lines of at most `characters` (a longer word keeps its own line)."""
    return textwrap.wrap(text, characters, break_long_words=False, break_on_hyphens=False) or [""]


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure_axis(
            labelFont=FONT,
            titleFont=FONT,
            labelFontSize=TEXT_SIZE,
            titleFontSize=TEXT_SIZE,
            labelColor="#1b1b1b",
            titleColor="#1b1b1b",
        )
        .configure_text(font=FONT, fontSize=TEXT_SIZE, color="#1b1b1b")
        .configure_title(font=FONT, fontSize=TITLE_SIZE, color="#1b1b1b", anchor="start")
        .configure_view(stroke=None)
    )


# What a chart in another language than English says besides its own title, axis and description (see
# render/page.Page.ranking): the build keys a page with charts on their translations.
SUBMISSIONS = N_("Submissions")
EDITION_NAMED = N_("Edition {edition} ({name})")
TRANSLATED_BY = N_("Translation: {translator}, not yet reviewed by the coalition.")
REVIEWED_BY = N_("Translation: {translator}, reviewed by {reviewer}.")
LIMITED_TITLE = N_("{title} (the {limit} with the most submissions; the table lists all {total})")

CHART_MESSAGES = (SUBMISSIONS, EDITION_NAMED, TRANSLATED_BY, REVIEWED_BY, LIMITED_TITLE, downloads.RECONSTRUCTED_NOTICE)


def ranking(
    frame: pd.DataFrame,
    label: str,
    value: str,
    title: str,
    label_title: str,
    value_title: str = "Submissions",
    extra: dict[str, str] | None = None,
    limit: int = 15,
    language: Language = ENGLISH,
) -> alt.LayerChart:
    """A horizontal bar chart of a ranking, largest first: each bar with its label above it and its value
    at its end, the whole chart WIDTH px wide.

    `frame` has one row per category; `extra` maps further columns to tooltip titles.
    """
    # Only what the chart shows goes into its data (and its CSV download).
    shown = frame[[label, value, *(extra or {})]].head(limit).copy()
    if len(frame) > limit:
        title = language._(LIMITED_TITLE, title=title, limit=language.number(limit), total=language.number(len(frame)))
    shown[label] = shown[label].map(escape.text)
    tooltips = [alt.Tooltip(f"{label}:N", title=label_title), alt.Tooltip(f"{value}:Q", title=value_title)]
    for column, column_title in (extra or {}).items():
        tooltips.append(alt.Tooltip(f"{column}:Q", title=column_title))
    # Room at the end of the longest bar for its value.
    most = float(shown[value].max()) if len(shown) else 0.0
    x = alt.X(
        f"{value}:Q",
        title=value_title,
        axis=alt.Axis(tickMinStep=1, format="d", grid=False),
        scale=alt.Scale(domain=[0, max(1.0, most * 1.18)], nice=False),
    )
    y = alt.Y(f"{label}:N", title=None, sort=list(shown[label]), axis=None, scale=alt.Scale(paddingInner=0))
    bars = (
        alt.Chart()
        .mark_bar(color=BAR_COLOUR, **BAR)
        .encode(x=x, y=y, tooltip=tooltips, description=alt.Description(f"{label}:N"))
    )
    labels = (
        alt.Chart()
        .mark_text(align="left", baseline="bottom", dy=-1)
        .encode(x=alt.datum(0), y=y, text=alt.Text(f"{label}:N"))
    )
    values = (
        alt.Chart()
        .mark_text(align="left", baseline="middle", dx=4, dy=BAR["yOffset"])
        .encode(x=x, y=y, text=alt.Text(f"{value}:Q", format="d"))
    )
    chart = alt.layer(
        bars, labels, values, data=shown, title=alt.TitleParams(wrap(title, TITLE_CHARACTERS))
    ).properties(
        width=WIDTH, height=BAND * max(1, len(shown)), autosize=alt.AutoSizeParams(type="fit-x", contains="padding")
    )
    return _config(chart)


def title_text(chart: alt.TopLevelMixin) -> str:
    """A chart's title as one line of text (altair keeps it as a string, a list of lines or title parameters)."""
    title = chart.title
    text = title if isinstance(title, (str, list)) else getattr(title, "text", "")
    if isinstance(text, list):
        return " ".join(str(line) for line in text)
    return text if isinstance(text, str) else ""


def with_source(
    chart: alt.TopLevelMixin, source: str, notice: str | None = None, credit: str | None = None
) -> alt.TopLevelMixin:
    """The chart with lines under its title naming the edition, publisher and licence and, for reconstructed
    data, the notice that it is illustrative (they travel with every download); reconstructed bars are grey.
    A chart in another language than English ends them with who translated it (`credit`). Every line wraps
    to the chart's width."""
    lines = [line for part in source.split(" · ") for line in wrap(part, TEXT_CHARACTERS)]
    if notice:
        lines += wrap(notice, TEXT_CHARACTERS)
        chart = chart.copy(deep=True)
        if isinstance(chart, alt.LayerChart):
            chart.layer[0] = chart.layer[0].mark_bar(**BAR, **RECONSTRUCTED_BAR)
        else:
            chart = chart.mark_bar(**RECONSTRUCTED_BAR)
    if credit:
        lines += wrap(credit, TEXT_CHARACTERS)
    return chart.properties(
        title=alt.TitleParams(
            text=wrap(title_text(chart), TITLE_CHARACTERS),
            subtitle=lines,
            subtitleColor="#3d3d3d",
            subtitleFont=FONT,
            subtitleFontSize=TEXT_SIZE,
            anchor="start",
        )
    )


def render(chart: alt.Chart) -> dict[str, object]:
    """The chart as a Vega spec (dict), an SVG (text) and its data (DataFrame)."""
    spec = chart.to_dict()
    return {
        "vega": vl_convert.vegalite_to_vega(spec),
        "svg": vl_convert.vegalite_to_svg(spec),
        "data": chart.data if isinstance(chart.data, pd.DataFrame) else pd.DataFrame(),
    }


def svg(chart: alt.TopLevelMixin, font: str | None = None) -> str:
    """The chart as an SVG image; with `font`, its text set in that font instead of the site's (for print)."""
    spec = chart.to_dict()
    if font:
        spec = json.loads(json.dumps(spec).replace(json.dumps(FONT), json.dumps(font)))
    return vl_convert.vegalite_to_svg(spec)


def png(chart: alt.Chart, text: dict[str, str] | None = None, scale: float = 2.0) -> bytes:
    """The chart as a PNG image, with `text` (title, source, licence, ...) in its text chunks."""
    return with_text(vl_convert.vegalite_to_png(chart.to_dict(), scale=scale), text or {})


def with_text(image: bytes, text: dict[str, str]) -> bytes:
    """A PNG with international text chunks (iTXt, UTF-8) before its end: what image viewers and document
    editors show as the picture's title, author, copyright and description."""
    chunks = b""
    for key, value in text.items():
        body = key.encode("latin-1") + b"\0\0\0\0\0" + escape.text(value).encode("utf-8")
        chunks += struct.pack(">I", len(body)) + b"iTXt" + body + struct.pack(">I", zlib.crc32(b"iTXt" + body))
    end = image.rindex(b"IEND") - 4
    return image[:end] + chunks + image[end:]
