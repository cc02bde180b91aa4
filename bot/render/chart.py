"""A PNG of disagreeing figures: one row per source, its figures on a shared axis, hedges named.

matplotlib's Agg backend draws without a display, so this runs in a server or a test. It is
imported when a chart is first drawn: importing it costs 0.37 s of CPU here, a quarter of a
one-shot `factdesk claim`, which never draws one.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from handlers import format as fmt
from handlers.answers import FigureGroup, FigureMatch

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MARKERS = {"at least": ">", "up to": "<", "exact": "o", "range": "|", "vague": "x"}
LABEL_CHARS = 42


def source_label(match: FigureMatch) -> str:
    return fmt.short_source(match.document, LABEL_CHARS)


def _by_source(group: FigureGroup) -> dict[str, list[FigureMatch]]:
    rows: dict[str, list[FigureMatch]] = {}
    for match in group.values:
        rows.setdefault(source_label(match), []).append(match)
    return rows


def _draw(axes, group: FigureGroup) -> None:
    rows = _by_source(group)
    for y, matches in enumerate(rows.values()):
        lows = [m.low if m.low is not None else m.value for m in matches]
        highs = [m.high if m.high is not None else m.value for m in matches]
        axes.hlines(y, min(lows), max(highs), color="#23395b", linewidth=6, alpha=0.35)
        for m in matches:
            at = m.value if m.value is not None else (m.low + m.high) / 2  # vague: its middle
            face = "none" if m.status == "withdrawn" else "#23395b"
            marker = MARKERS.get(m.hedge, "D")
            axes.plot(at, y, marker, color="#23395b", markerfacecolor=face, markersize=8)
        note = "; ".join(dict.fromkeys(fmt.valued(m) for m in matches))
        axes.annotate(
            note,
            (max(highs), y),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
        )
    axes.set_yticks(range(len(rows)), list(rows), fontsize=8)
    axes.invert_yaxis()
    axes.set_title(group.spread.line, fontsize=10, loc="left")
    axes.xaxis.set_major_formatter(lambda x, _pos: fmt.number(x))
    axes.margins(x=0.45, y=0.3)
    _from_zero(axes, group)
    axes.grid(axis="x", alpha=0.3)


def _from_zero(axes, group: FigureGroup) -> None:
    """Counts start at zero, so the bars' lengths compare honestly; the top leaves room."""
    values = [v for m in group.values for v in (m.value, m.low, m.high) if v is not None]
    if values and min(values) >= 0:
        axes.set_xlim(0, max(values) * 1.15 or 1)
    axes.spines[["top", "right"]].set_visible(False)  # the notes run on past the axis


def figures_chart(groups: Sequence[FigureGroup]) -> bytes:
    """PNG bytes: one panel per counted thing. Empty `groups` draws a "no figures" panel."""
    out = io.BytesIO()
    # "tight" grows the image to hold every label, the notes right of the bars included.
    chart_figure(groups).savefig(
        out, format="png", bbox_inches="tight", pad_inches=0.15, facecolor="white"
    )
    return out.getvalue()


def chart_figure(groups: Sequence[FigureGroup]) -> Figure:
    """The chart's matplotlib Figure (what `figures_chart` saves)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    heights = [max(1.2, 0.45 * len(_by_source(g)) + 0.9) for g in groups] or [1.2]
    figure = Figure(figsize=(9, sum(heights)), dpi=100)
    panels = figure.subplots(len(heights), 1, squeeze=False, height_ratios=heights)[:, 0]
    for axes, group in zip(panels, groups, strict=False):
        _draw(axes, group)
    if not groups:
        panels[0].text(0.5, 0.5, "No figures in dispute", ha="center", va="center")
        panels[0].set_axis_off()
    figure.tight_layout()
    return figure
