"""Pure chart builders (altair): no Streamlit here, so pages and reports share them.

Labels arrive already translated; builders only shape data and encodings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import altair as alt

# Colour-blind-safe pair (Okabe–Ito): the territory against its reference.
TERRITORY, REFERENCE = "#0072B2", "#E69F00"


@dataclass(frozen=True)
class ComparisonLabels:
    index: str  # axis title: "index, reference = 100"
    indicator: str
    value: str
    unit: str
    reference: str
    reference_label: str


@dataclass(frozen=True)
class Comparison:
    name: str
    value: float
    reference: float
    unit: str
    reference_label: str


def build_indicator_comparison(rows: Sequence[Comparison], labels: ComparisonLabels) -> alt.Chart:
    """Each indicator as an index where its reference is 100, so that units can differ."""
    data = [
        {
            "indicator": r.name,
            "index": round(100 * r.value / r.reference, 1),
            "value": r.value,
            "reference": r.reference,
            "unit": r.unit,
            "reference_label": r.reference_label,
        }
        for r in rows
        if r.reference
    ]
    base = alt.Chart(alt.Data(values=data))
    bars = base.mark_bar(color=TERRITORY, height={"band": 0.7}).encode(
        y=alt.Y("indicator:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
        x=alt.X("index:Q", title=labels.index, scale=alt.Scale(zero=True)),
        tooltip=[
            alt.Tooltip("indicator:N", title=labels.indicator),
            alt.Tooltip("value:Q", title=labels.value, format=",.4~f"),
            alt.Tooltip("unit:N", title=labels.unit),
            alt.Tooltip("reference:Q", title=labels.reference, format=",.4~f"),
            alt.Tooltip("reference_label:N", title=labels.reference_label),
        ],
    )
    rule = alt.Chart(alt.Data(values=[{"x": 100}])).mark_rule(color=REFERENCE, strokeWidth=3).encode(x="x:Q")
    return (bars + rule).properties(height=max(120, 34 * len(data)))


def build_maturity_chart(scores: Sequence[tuple[str, int]], *, theme_title: str, score_title: str) -> alt.Chart:
    """Maturity by theme on the 0–5 scale, the scale always whole so themes compare at a glance."""
    data = [{"theme": theme, "score": score} for theme, score in scores]
    return (
        alt.Chart(alt.Data(values=data))
        .mark_bar(color=TERRITORY)
        .encode(
            y=alt.Y("theme:N", title=None, sort=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X("score:Q", title=score_title, scale=alt.Scale(domain=[0, 5]), axis=alt.Axis(tickCount=6)),
            tooltip=[alt.Tooltip("theme:N", title=theme_title), alt.Tooltip("score:Q", title=score_title)],
        )
        .properties(height=max(120, 34 * len(data)))
    )


# --- Step 2: priority matrix ---------------------------------------------------------------

QUADRANT_BOXES = {  # (x from, x to, y from, y to) on the 1–5 scales: feasibility x, impact y
    "quick_wins": (3, 5, 3, 5),
    "major_projects": (1, 3, 3, 5),
    "fill_ins": (3, 5, 1, 3),
    "thankless": (1, 3, 1, 3),
}
QUADRANT_TINTS = {"quick_wins": "#e6f2ea", "major_projects": "#e8eef7", "fill_ins": "#f5f1e6", "thankless": "#f1f1f1"}
SELECTED, NOT_SELECTED = "#0072B2", "#9ca3af"


@dataclass(frozen=True)
class MatrixPoint:
    id: str
    title: str
    rank: int | None
    impact: float
    impact_low: float
    impact_high: float
    feasibility: float
    feasibility_low: float
    feasibility_high: float
    size: float
    selected: bool
    scorers: int


@dataclass(frozen=True)
class MatrixLabels:
    feasibility: str
    impact: str
    size: str
    issue: str
    rank: str
    scorers: str
    selected: str
    not_selected: str
    quadrants: dict[str, str]


def build_priority_matrix(
    points: Sequence[MatrixPoint], labels: MatrixLabels, *, large: bool = False
) -> alt.LayerChart:
    """Feasibility (x) against impact (y), quadrants named, bubbles sized, spread as whiskers.

    Each bubble carries its rank, so labels stay readable when bubbles overlap; the titles are
    in the tooltip and in the ranking table beside the chart.
    """
    font = 18 if large else 13
    scale = alt.Scale(domain=[1, 5], nice=False)
    boxes = [
        {
            "quadrant": labels.quadrants[q],
            "x": x1,
            "x2": x2,
            "y": y1,
            "y2": y2,
            "tint": QUADRANT_TINTS[q],
            "label_x": x1 + 0.08 if x1 == 1 else x2 - 0.08,
            "label_y": y2 - 0.12,
            "align": "left" if x1 == 1 else "right",
        }
        for q, (x1, x2, y1, y2) in QUADRANT_BOXES.items()
    ]
    quadrants = alt.Chart(alt.Data(values=boxes))
    background = quadrants.mark_rect(opacity=1).encode(
        x=alt.X("x:Q", scale=scale, title=labels.feasibility),
        x2="x2:Q",
        y=alt.Y("y:Q", scale=scale, title=labels.impact),
        y2="y2:Q",
        color=alt.Color("tint:N", scale=None),
    )
    names = alt.layer(
        *(
            quadrants.transform_filter(alt.datum.align == side)
            .mark_text(baseline="top", align=side, fontSize=font, fontWeight="bold", color="#4b5563")
            .encode(x="label_x:Q", y="label_y:Q", text="quadrant:N")
            for side in ("left", "right")
        )
    )
    data = [
        {
            **p.__dict__,
            "state": labels.selected if p.selected else labels.not_selected,
            "badge": "" if p.rank is None else str(p.rank),
        }
        for p in points
    ]
    base = alt.Chart(alt.Data(values=data))
    tooltip = [
        alt.Tooltip("title:N", title=labels.issue),
        alt.Tooltip("rank:Q", title=labels.rank),
        alt.Tooltip("impact:Q", title=labels.impact, format=".2f"),
        alt.Tooltip("feasibility:Q", title=labels.feasibility, format=".2f"),
        alt.Tooltip("size:Q", title=labels.size, format=",.0f"),
        alt.Tooltip("scorers:Q", title=labels.scorers),
    ]
    whisker_x = base.mark_rule(color="#6b7280", strokeWidth=1.5).encode(
        x="feasibility_low:Q", x2="feasibility_high:Q", y="impact:Q"
    )
    whisker_y = base.mark_rule(color="#6b7280", strokeWidth=1.5).encode(
        y="impact_low:Q", y2="impact_high:Q", x="feasibility:Q"
    )
    bubbles = base.mark_circle(opacity=0.85, stroke="#ffffff", strokeWidth=1.5).encode(
        x=alt.X("feasibility:Q", scale=scale),
        y=alt.Y("impact:Q", scale=scale),
        size=alt.Size(
            "size:Q", title=labels.size, scale=alt.Scale(range=[250, 2600] if large else [150, 1600]), legend=None
        ),
        color=alt.Color(
            "state:N",
            title=None,
            scale=alt.Scale(domain=[labels.selected, labels.not_selected], range=[SELECTED, NOT_SELECTED]),
            legend=alt.Legend(orient="bottom", labelFontSize=font),
        ),
        tooltip=tooltip,
    )
    badges = base.mark_text(color="#ffffff", fontWeight="bold", fontSize=font).encode(
        x="feasibility:Q", y="impact:Q", text="badge:N", tooltip=tooltip
    )
    return (
        (background + names + whisker_x + whisker_y + bubbles + badges)
        .properties(height=620 if large else 460)
        .configure_axis(labelFontSize=font, titleFontSize=font)
    )


# --- Step 3: coverage of the issues by the axes ---------------------------------------------


@dataclass(frozen=True)
class CoverageLabels:
    issue: str
    axis: str
    covered: str
    not_covered: str
    missing: str  # a priority issue that no axis answers


def build_coverage_matrix(
    issues: Sequence[tuple[str, bool]], axes: Sequence[tuple[str, Sequence[int]]], labels: CoverageLabels
) -> alt.Chart:
    """Issues (title, is a priority) by axes (title, indexes of the issues it answers).

    A priority issue that no axis answers is coloured as missing across its row.
    """
    answered = {i for _, links in axes for i in links}
    cells = []
    for n, (issue, priority) in enumerate(issues):
        row = f"★ {issue}" if priority else issue
        for axis, links in axes:
            if n in links:
                state = labels.covered
            elif priority and n not in answered:
                state = labels.missing
            else:
                state = labels.not_covered
            cells.append({"issue": row, "axis": axis, "state": state})
    return (
        alt.Chart(alt.Data(values=cells))
        .mark_rect(stroke="#ffffff", strokeWidth=2)
        .encode(
            x=alt.X("axis:N", title=labels.axis, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=220)),
            y=alt.Y("issue:N", title=labels.issue, sort=None, axis=alt.Axis(labelLimit=360)),
            color=alt.Color(
                "state:N",
                title=None,
                scale=alt.Scale(
                    domain=[labels.covered, labels.not_covered, labels.missing], range=["#0072B2", "#eef0f3", "#D55E00"]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[alt.Tooltip("issue:N", title=labels.issue), alt.Tooltip("axis:N", title=labels.axis), "state:N"],
        )
        .properties(height=max(120, 28 * len(issues)))
    )
