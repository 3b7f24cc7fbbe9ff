"""Charts drawn on the server as inline SVG: no script, no build step, nothing from another site, and
nothing the Content-Security-Policy has to allow (colours come from classes in ``analytics.css``).

Every text in a chart is escaped here; each chart is an ``img`` with a title, and the pages show its
figures in a table too, for screen readers and for copying.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

CHART_WIDTH = 640
"""viewBox units; the SVG scales to its column (CSS width: 100 %)."""
COLUMN_CHART_HEIGHT = 200
AXIS_LEFT = 44
"""Room for the y-axis numbers (up to five digits at 11 units)."""
AXIS_BOTTOM = 22
"""Room for the date labels under the columns."""
TOP_PAD = 10
COLUMN_GAP = 0.2
"""Share of each day's slot left empty between columns, so neighbouring days read apart."""
BAR_ROW = 26
"""Height of one horizontal bar's row: a line of 12-unit text with air above and below."""
BAR_LABEL_WIDTH = 220
"""Room for a bar's label (a headline cut to ``BAR_LABEL_CHARS``)."""
BAR_LABEL_CHARS = 34
BAR_VALUE_WIDTH = 70
"""Room right of the longest bar for its value ("1,234" or "100 %")."""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str
    """The value as the chart prints it ("12", "75 %")."""


def nice_ceiling(value: float) -> float:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least ``value`` (and at least 1)."""
    if value <= 1:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)  # pragma: no cover (10 × power always fits)


def _svg(ident: str, title: str, description: str, height: float, body: list[str]) -> Markup:
    ident = escape(ident)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {height:g}" role="img" '
        f'aria-labelledby="{ident}-t {ident}-d" focusable="false" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def column_chart(points: Sequence[tuple[str, float]], *, ident: str, title: str, description: str) -> Markup:
    """One column per point (a day and its plays), with a y axis from 0 and the first, middle and last
    labels under the columns."""
    height = COLUMN_CHART_HEIGHT
    plot_w, plot_h = CHART_WIDTH - AXIS_LEFT, height - AXIS_BOTTOM - TOP_PAD
    top = nice_ceiling(max((value for _, value in points), default=0))
    body: list[str] = []
    for share in (0.0, 0.5, 1.0):
        y = TOP_PAD + plot_h * (1 - share)
        body.append(f'<line class="chart__grid" x1="{AXIS_LEFT}" x2="{CHART_WIDTH}" y1="{y:g}" y2="{y:g}"/>')
        body.append(
            f'<text class="chart__tick" x="{AXIS_LEFT - 6}" y="{y + 4:g}" text-anchor="end">'
            f"{top * share:g}</text>"
        )
    slot = plot_w / max(1, len(points))
    labelled = {0, len(points) // 2, len(points) - 1}
    for index, (label, value) in enumerate(points):
        bar_h = plot_h * value / top
        x = AXIS_LEFT + index * slot + slot * COLUMN_GAP / 2
        body.append(
            f'<rect class="chart__bar" x="{x:.1f}" y="{TOP_PAD + plot_h - bar_h:.1f}" '
            f'width="{slot * (1 - COLUMN_GAP):.1f}" height="{bar_h:.1f}">'
            f"<title>{escape(label)}: {value:g}</title></rect>"
        )
        if index in labelled:  # the first and last aligned to their column's edge, so they stay inside
            anchor, at = (
                ("start", index * slot) if index == 0
                else ("end", (index + 1) * slot) if index == len(points) - 1
                else ("middle", (index + 0.5) * slot)
            )  # fmt: skip
            body.append(
                f'<text class="chart__tick" x="{AXIS_LEFT + at:.1f}" y="{height - 6}" '
                f'text-anchor="{anchor}">{escape(label)}</text>'
            )
    return _svg(ident, title, description, height, body)


def bar_chart(
    bars: Sequence[Bar], *, ident: str, title: str, description: str, maximum: float | None = None
) -> Markup:
    """A horizontal bar per item, its label on the left and its value at the bar's end; bars scale to
    ``maximum`` (default: the largest value)."""
    height = max(1, len(bars)) * BAR_ROW + 4
    top = maximum if maximum is not None else max((bar.value for bar in bars), default=0) or 1
    room = CHART_WIDTH - BAR_LABEL_WIDTH - BAR_VALUE_WIDTH
    body: list[str] = []
    for index, bar in enumerate(bars):
        y = 2 + index * BAR_ROW
        label = bar.label if len(bar.label) <= BAR_LABEL_CHARS else bar.label[: BAR_LABEL_CHARS - 1] + "…"
        width = room * max(0.0, min(bar.value, top)) / top
        body.append(
            f"<g><title>{escape(bar.label)}: {escape(bar.shown)}</title>"
            f'<text class="chart__label" x="{BAR_LABEL_WIDTH - 8}" y="{y + BAR_ROW / 2 + 4:g}" '
            f'text-anchor="end">{escape(label)}</text>'
            f'<rect class="chart__bar" x="{BAR_LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" '
            f'height="{BAR_ROW - 8}"/>'
            f'<text class="chart__value" x="{BAR_LABEL_WIDTH + width + 6:.1f}" y="{y + BAR_ROW / 2 + 4:g}">'
            f"{escape(bar.shown)}</text></g>"
        )
    return _svg(ident, title, description, height, body)
