"""Server-side SVG charts: scaled to a round maximum, every text escaped, labelled for screen readers."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from newscaster.web.charts import Bar, bar_chart, column_chart, nice_ceiling

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (7, 10), (11, 20), (250, 500), (1000, 1000)]
)
def test_axis_maximum_is_round(value: float, ceiling: float) -> None:
    assert nice_ceiling(value) == ceiling


def test_a_column_chart_is_well_formed_and_scaled() -> None:
    svg = column_chart(
        [("03-10", 0), ("03-11", 3), ("03-12", 5)], ident="days", title="Plays", description="d"
    )
    root = ET.fromstring(str(svg))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "days-t days-d"
    bars = root.findall(f"{SVG}rect")
    heights = [float(bar.get("height", "0")) for bar in bars]
    assert heights[0] == 0 and heights[2] == pytest.approx(168) and heights[1] == pytest.approx(168 * 3 / 5)
    ticks = [t.text for t in root.findall(f"{SVG}text")]
    assert ticks[:3] == ["0", "2.5", "5"] and ticks[3:] == ["03-10", "03-11", "03-12"]


def test_text_in_a_chart_is_escaped() -> None:
    hostile = '<script>alert(1)</script> & "quotes"'
    svg = str(bar_chart([Bar(hostile, 2, "2")], ident='x"y', title=hostile, description=hostile))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # still well-formed
    assert root.find(f"{SVG}title").text == hostile
    assert re.search(r'id="x&quot;y-t"', svg)


def test_long_labels_are_cut_and_bars_scale_to_the_maximum() -> None:
    svg = str(
        bar_chart(
            [Bar("A" * 60, 0.5, "50 %"), Bar("B", 1.0, "100 %")],
            ident="c",
            title="t",
            description="d",
            maximum=1.0,
        )
    )
    root = ET.fromstring(svg)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "chart__label"]
    assert labels[0] == "A" * 33 + "…" and labels[1] == "B"
    widths = [float(r.get("width", "0")) for r in root.iter(f"{SVG}rect")]
    assert widths[1] == pytest.approx(2 * widths[0])
