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
