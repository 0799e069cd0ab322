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

import struct
import zlib

import altair as alt
import pandas as pd
import vl_convert

from . import escape

BAR_COLOUR = "#0072B2"
# Reconstructed values: grey with a dashed outline, so that no one mistakes them for reported figures.
RECONSTRUCTED_BAR = {"color": "#9b9b9b", "stroke": "#3d3d3d", "strokeWidth": 1, "strokeDash": [4, 2]}
FONT = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif"


def _config(chart: alt.Chart) -> alt.Chart:
    return (
        chart.configure_axis(
            labelFont=FONT,
            titleFont=FONT,
            labelFontSize=12,
            titleFontSize=12,
            labelColor="#1b1b1b",
            titleColor="#1b1b1b",
            labelLimit=260,
        )
        .configure_title(font=FONT, fontSize=14, color="#1b1b1b", anchor="start")
        .configure_view(stroke=None)
    )


def ranking(
    frame: pd.DataFrame,
    label: str,
    value: str,
    title: str,
    label_title: str,
    value_title: str = "Submissions",
    extra: dict[str, str] | None = None,
    limit: int = 15,
) -> alt.Chart:
    """A horizontal bar chart of a ranking, largest first.

    `frame` has one row per category; `extra` maps further columns to tooltip titles.
    """
    # Only what the chart shows goes into its data (and its CSV download).
    shown = frame[[label, value, *(extra or {})]].head(limit).copy()
    if len(frame) > limit:
        title = f"{title} (the {limit} with the most submissions; the table lists all {len(frame)})"
    shown[label] = shown[label].map(escape.text)
    tooltips = [alt.Tooltip(f"{label}:N", title=label_title), alt.Tooltip(f"{value}:Q", title=value_title)]
    for column, column_title in (extra or {}).items():
        tooltips.append(alt.Tooltip(f"{column}:Q", title=column_title))
    height = max(60, 24 * len(shown))
    chart = (
        alt.Chart(shown, title=title, width=460, height=height)
        .mark_bar(color=BAR_COLOUR)
        .encode(
            x=alt.X(f"{value}:Q", title=value_title, axis=alt.Axis(tickMinStep=1, format="d")),
            y=alt.Y(f"{label}:N", title=label_title, sort=list(shown[label])),
            tooltip=tooltips,
            description=alt.Description(f"{label}:N"),
        )
    )
    return _config(chart)


def with_source(chart: alt.Chart, source: str, notice: str | None = None) -> alt.Chart:
    """The chart with lines under its title naming the edition, publisher and licence and, for reconstructed
    data, the notice that it is illustrative (they travel with every download); reconstructed bars are grey."""
    title = chart.title
    text = title if isinstance(title, str) else getattr(title, "text", "")
    lines = [source, notice] if notice else [source]
    if notice:
        chart = chart.mark_bar(**RECONSTRUCTED_BAR)
    return chart.properties(
        title=alt.TitleParams(
            text=text, subtitle=lines, subtitleColor="#3d3d3d", subtitleFont=FONT, subtitleFontSize=11, anchor="start"
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
