"""Pure chart builders (altair): no Streamlit here, so pages and reports share them.

Labels arrive already translated; builders only shape data and encodings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt

from domain.actions import is_late

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
    base = alt.Chart(_inline(data))
    bars = base.mark_bar(color=TERRITORY, height={"band": 0.7}).encode(
        y=alt.Y("indicator:N", title=None, sort=None, axis=EVERY_LABEL),
        x=alt.X("index:Q", title=labels.index, scale=alt.Scale(zero=True)),
        tooltip=[
            alt.Tooltip("indicator:N", title=labels.indicator),
            alt.Tooltip("value:Q", title=labels.value, format=",.4~f"),
            alt.Tooltip("unit:N", title=labels.unit),
            alt.Tooltip("reference:Q", title=labels.reference, format=",.4~f"),
            alt.Tooltip("reference_label:N", title=labels.reference_label),
        ],
    )
    rule = alt.Chart(_inline([{"x": 100}])).mark_rule(color=REFERENCE, strokeWidth=3).encode(x=alt.X("x:Q"))
    return (bars + rule).properties(height=alt.Step(34))


def build_maturity_chart(scores: Sequence[tuple[str, int]], *, theme_title: str, score_title: str) -> alt.Chart:
    """Maturity by theme on the 0–5 scale, the scale always whole so themes compare at a glance."""
    data = [{"theme": theme, "score": score} for theme, score in scores]
    return (
        alt.Chart(_inline(data))
        .mark_bar(color=TERRITORY)
        .encode(
            y=alt.Y("theme:N", title=None, sort=None, axis=EVERY_LABEL),
            x=alt.X("score:Q", title=score_title, scale=alt.Scale(domain=[0, 5]), axis=alt.Axis(tickCount=6)),
            tooltip=[alt.Tooltip("theme:N", title=theme_title), alt.Tooltip("score:Q", title=score_title)],
        )
        .properties(height=alt.Step(34))
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


def _inline(rows: Any) -> alt.Data:
    """A chart's rows, inline. As a tuple: altair copies every list and dict of a chart deeply
    each time a layer or an encoding is added (a second per report of 200 actions), and leaves
    a tuple as it is; the spec is the same."""
    return alt.Data(values=tuple(rows))


# Text on a projector is read from the back of a room: no smaller than 18 px.
ROOM_FONT = 18


def build_priority_matrix(
    points: Sequence[MatrixPoint], labels: MatrixLabels, *, large: bool = False
) -> alt.LayerChart:
    """Feasibility (x) against impact (y), quadrants named, bubbles sized, spread as whiskers.

    Each bubble carries its rank, so labels stay readable when bubbles overlap; the titles are
    in the tooltip and in the ranking table beside the chart.
    """
    font = ROOM_FONT if large else 13
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
    quadrants = alt.Chart(_inline(boxes))
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
            .encode(x=alt.X("label_x:Q"), y=alt.Y("label_y:Q"), text=alt.Text("quadrant:N"))
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
    base = alt.Chart(_inline(data))
    tooltip = [
        alt.Tooltip("title:N", title=labels.issue),
        alt.Tooltip("rank:Q", title=labels.rank),
        alt.Tooltip("impact:Q", title=labels.impact, format=".2f"),
        alt.Tooltip("feasibility:Q", title=labels.feasibility, format=".2f"),
        alt.Tooltip("size:Q", title=labels.size, format=",.0f"),
        alt.Tooltip("scorers:Q", title=labels.scorers),
    ]
    whisker_x = base.mark_rule(color="#6b7280", strokeWidth=1.5).encode(
        x=alt.X("feasibility_low:Q"), x2=alt.X2("feasibility_high:Q"), y=alt.Y("impact:Q")
    )
    whisker_y = base.mark_rule(color="#6b7280", strokeWidth=1.5).encode(
        y=alt.Y("impact_low:Q"), y2=alt.Y2("impact_high:Q"), x=alt.X("feasibility:Q")
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
        x=alt.X("feasibility:Q"), y=alt.Y("impact:Q"), text=alt.Text("badge:N"), tooltip=tooltip
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


# A Vega label expression that wraps a label at about 26 characters on word boundaries (the
# label becomes a list of lines), so long titles neither overlap nor end in "…".
def wrap_label(width: int) -> str:
    pattern = "split(replace(datum.label, regexp('(.{1,WIDTH})(\\\\s+|$)', 'g'), '$1\\n'), '\\n')"
    return pattern.replace("WIDTH", str(width))


WRAP_LABEL = wrap_label(26)

# Large amounts and counts on an axis or legend, short and in the page's number format: "400 k",
# "1,5 M" on a French page (d3's "~s" wrote "400k", "1.5G" for a billion, SI's giga).
SHORT_NUMBER = (
    "abs(datum.value) >= 1e6 ? format(datum.value / 1e6, ',.3~r') + ' M'"
    " : abs(datum.value) >= 1e3 ? format(datum.value / 1e3, ',.3~r') + ' k'"
    " : format(datum.value, ',.3~r')"
)


# The axis of a bar chart's categories: every label shown (never one in two dropped for
# overlapping), wrapped rather than cut.
EVERY_LABEL = alt.Axis(labelOverlap=False, labelExpr=WRAP_LABEL, labelLimit=1000)


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
        alt.Chart(_inline(cells))
        .mark_rect(stroke="#ffffff", strokeWidth=2)
        .encode(
            # Axis titles are long: wrapped on several lines, never cut nor overlapping.
            x=alt.X(
                "axis:N",
                title=labels.axis,
                sort=None,
                axis=alt.Axis(labelAngle=0, labelExpr=WRAP_LABEL, labelLimit=1000),
            ),
            y=alt.Y("issue:N", title=labels.issue, sort=None, axis=alt.Axis(labelExpr=WRAP_LABEL, labelLimit=1000)),
            color=alt.Color(
                "state:N",
                title=None,
                scale=alt.Scale(
                    domain=[labels.covered, labels.not_covered, labels.missing], range=["#0072B2", "#eef0f3", "#D55E00"]
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("issue:N", title=labels.issue),
                alt.Tooltip("axis:N", title=labels.axis),
                alt.Tooltip("state:N", title=""),  # its value names it: covered, not covered, missing
            ],
        )
        .properties(height=alt.Step(44))
    )


# --- Step 4: timeline and budget ------------------------------------------------------------

# Okabe–Ito, safe for colour-blind readers; an axis without its own colour takes the next one.
AXIS_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
LATE = "#D55E00"


def axis_colours(axes: Sequence[tuple[str, str | None]]) -> dict[str, str]:
    """Axis id -> colour: its own when set, else the palette's in the axes' order."""
    return {aid: colour or AXIS_PALETTE[n % len(AXIS_PALETTE)] for n, (aid, colour) in enumerate(axes)}


@dataclass(frozen=True)
class TimelineBar:
    label: str  # "1.2 Title"
    axis: str  # axis title
    start: str  # ISO date
    end: str
    status: str  # translated
    late: bool


@dataclass(frozen=True)
class TimelineMilestone:
    label: str  # the bar's label
    name: str
    date: str
    done: bool


@dataclass(frozen=True)
class TimelineLabels:
    action: str
    axis: str
    start: str
    end: str
    status: str
    late: str
    milestone: str
    today: str
    date: str


def _time_ticks(dates: Sequence[str]) -> tuple[Any, str]:
    """Monthly ticks over a few years; yearly, then every few years, over longer spans (a tick a
    month over decades makes the renderer work for seconds, or minutes)."""
    years = [int(d[:4]) for d in dates if d[:4].isdigit()]
    span = max(years) - min(years) if years else 0
    if span <= 3:
        return "month", "%m/%Y"
    return {"interval": "year", "step": max(1, round(span / 12))}, "%Y"


def build_timeline(
    bars: Sequence[TimelineBar],
    milestones: Sequence[TimelineMilestone],
    colours: dict[str, str],
    today: str,
    labels: TimelineLabels,
    *,
    large: bool = False,
) -> alt.LayerChart:
    """Gantt chart: one row per action in the given order, coloured by axis; late actions
    outlined in red, milestones as diamonds (filled when done), a rule for today."""
    font = ROOM_FONT if large else 12
    order = [b.label for b in bars]
    # A band scale for every layer: the milestones' points would otherwise turn it into a point
    # scale and the bars into hairlines.
    y = alt.Y(
        "label:N",
        sort=order,
        title=None,
        scale=alt.Scale(type="band", paddingInner=0.25),
        axis=alt.Axis(labelExpr=wrap_label(44), labelLimit=1000, labelFontSize=font, labelOverlap=False),
    )
    ticks, tick_format = _time_ticks([b.start for b in bars] + [b.end for b in bars] + [m.date for m in milestones])
    x_scale = alt.Scale(nice="month")
    colour = alt.Color(
        "axis:N",
        title=labels.axis,
        scale=alt.Scale(domain=list(colours), range=list(colours.values())),
        legend=alt.Legend(orient="top", labelFontSize=font, titleFontSize=font, labelLimit=1000, columns=2),
    )
    # Lateness said with the status ("En cours — En retard"): a row of its own was empty for
    # every action on time.
    rows = [{**b.__dict__, "status_shown": f"{b.status} — {labels.late}" if b.late else b.status} for b in bars]
    bar_layer = (
        alt.Chart(_inline(rows))
        .mark_bar(cornerRadius=3)
        .encode(
            x=alt.X(
                "start:T",
                title=None,
                scale=x_scale,
                axis=alt.Axis(format=tick_format, tickCount=ticks, labelFontSize=font),
            ),
            x2=alt.X2("end:T"),
            y=y,
            color=colour,
            stroke=alt.condition(alt.datum.late, alt.value(LATE), alt.value(None)),
            strokeWidth=alt.condition(alt.datum.late, alt.value(3), alt.value(0)),
            tooltip=[
                alt.Tooltip("label:N", title=labels.action),
                alt.Tooltip("axis:N", title=labels.axis),
                alt.Tooltip("start:T", title=labels.start, format="%d/%m/%Y"),
                alt.Tooltip("end:T", title=labels.end, format="%d/%m/%Y"),
                alt.Tooltip("status_shown:N", title=labels.status),
            ],
        )
    )
    marks = [{**m.__dict__, "state": "done" if m.done else "open"} for m in milestones if m.label in order]
    milestone_layer = (
        alt.Chart(_inline(marks))
        .mark_point(shape="diamond", size=110 if large else 70, strokeWidth=2, color="#1d2733")
        .encode(
            x=alt.X("date:T"),
            y=y,
            fill=alt.condition(alt.datum.done, alt.value("#1d2733"), alt.value("#ffffff")),
            tooltip=[
                alt.Tooltip("name:N", title=labels.milestone),
                alt.Tooltip("date:T", title=labels.date, format="%d/%m/%Y"),
            ],
        )
    )
    today_layer = alt.Chart(_inline([{"date": today, "text": labels.today}]))
    rule = today_layer.mark_rule(color=LATE, strokeDash=[6, 4], strokeWidth=2).encode(x=alt.X("date:T"))
    text = today_layer.mark_text(align="left", dx=4, dy=-6, color=LATE, fontSize=font).encode(
        x=alt.X("date:T"), y=alt.value(0), text=alt.Text("text:N")
    )
    # One step per action: the chart grows with the plan and stays readable with 200 actions.
    # Two lines of a wrapped label fit in a step.
    return (bar_layer + milestone_layer + rule + text).properties(height=alt.Step(52 if large else 32))


@dataclass(frozen=True)
class BudgetLabels:
    year: str
    amount: str
    axis: str
    source: str
    status: str


def build_costs_by_year(
    rows: Sequence[tuple[int, str, float]], colours: dict[str, str], labels: BudgetLabels
) -> alt.Chart:
    """Costs (investment + operating) by year, stacked by axis: rows of (year, axis title, amount)."""
    data = [{"year": str(year), "axis": axis, "amount": amount} for year, axis, amount in rows]
    return (
        alt.Chart(_inline(data))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=labels.year, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("sum(amount):Q", title=labels.amount, axis=alt.Axis(labelExpr=SHORT_NUMBER)),
            color=alt.Color(
                "axis:N",
                title=labels.axis,
                scale=alt.Scale(domain=list(colours), range=list(colours.values())),
                legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=1000),  # whole axis titles
            ),
            tooltip=[
                alt.Tooltip("year:O", title=labels.year),
                alt.Tooltip("axis:N", title=labels.axis),
                alt.Tooltip("sum(amount):Q", title=labels.amount, format=",.0f"),
            ],
        )
        .properties(height=320)
    )


def build_funding_by_source(
    rows: Sequence[tuple[str, str, float]], statuses: Sequence[str], labels: BudgetLabels
) -> alt.Chart:
    """Funding by source (rows of source, translated status, amount), stacked by status."""
    data = [{"source": source, "status": status, "amount": amount} for source, status, amount in rows]
    palette = ("#56B4E9", "#E69F00", "#009E73", "#D55E00", "#0072B2")
    return (
        alt.Chart(_inline(data))
        .mark_bar()
        .encode(
            y=alt.Y("source:N", title=labels.source, sort="-x", axis=EVERY_LABEL),
            x=alt.X("sum(amount):Q", title=labels.amount, axis=alt.Axis(labelExpr=SHORT_NUMBER)),
            color=alt.Color(
                "status:N", title=labels.status, scale=alt.Scale(domain=list(statuses), range=list(palette))
            ),
            tooltip=[
                alt.Tooltip("source:N", title=labels.source),
                alt.Tooltip("status:N", title=labels.status),
                alt.Tooltip("sum(amount):Q", title=labels.amount, format=",.0f"),
            ],
        )
        .properties(height=alt.Step(30))
    )


# --- Step 5: stakeholders and business plan -------------------------------------------------

STAKEHOLDER_ZONES = {  # (interest from, to, influence from, to): interest x, influence y
    "manage_closely": (3, 5, 3, 5),
    "keep_satisfied": (1, 3, 3, 5),
    "keep_informed": (3, 5, 1, 3),
    "monitor": (1, 3, 1, 3),
}


@dataclass(frozen=True)
class StakeholderPoint:
    name: str
    kind: str  # translated
    interest: int
    influence: int


def build_stakeholder_matrix(
    points: Sequence[StakeholderPoint], zones: dict[str, str], *, interest: str, influence: str, kind: str, name: str
) -> alt.LayerChart:
    """Interest (x) by influence (y), with the four usual zones; points that share a cell are
    spread a little so that each stays visible and has its own tooltip."""
    scale = alt.Scale(domain=[0.5, 5.5], nice=False)
    boxes = [
        {
            "zone": zones[z],
            "x": x1 - 0.5 if x1 == 1 else x1,
            "x2": x2 + 0.5 if x2 == 5 else x2,
            "y": y1 - 0.5 if y1 == 1 else y1,
            "y2": y2 + 0.5 if y2 == 5 else y2,
            "tint": list(QUADRANT_TINTS.values())[n],
            "lx": x1 - 0.4 if x1 == 1 else x1 + 0.1,
            "ly": y2 + 0.4 if y2 == 5 else y2 - 0.1,
        }
        for n, (z, (x1, x2, y1, y2)) in enumerate(STAKEHOLDER_ZONES.items())
    ]
    seen: dict[tuple[int, int], int] = {}
    data = []
    for p in points:
        k = seen.get((p.interest, p.influence), 0)
        seen[(p.interest, p.influence)] = k + 1
        dx, dy = (0.0, 0.0) if k == 0 else (0.18 * ((k % 3) - 1), 0.18 * ((k // 3) % 3 - 1) or 0.12)
        data.append({**p.__dict__, "x": p.interest + dx, "y": p.influence + dy})
    zone_chart = alt.Chart(_inline(boxes))
    background = zone_chart.mark_rect().encode(
        x=alt.X("x:Q", scale=scale, title=interest),
        x2="x2:Q",
        y=alt.Y("y:Q", scale=scale, title=influence),
        y2="y2:Q",
        color=alt.Color("tint:N", scale=None),
    )
    labels = zone_chart.mark_text(align="left", baseline="top", fontWeight="bold", color="#4b5563").encode(
        x=alt.X("lx:Q"), y=alt.Y("ly:Q"), text=alt.Text("zone:N")
    )
    dots = (
        alt.Chart(_inline(data))
        .mark_circle(size=140, opacity=0.9, stroke="#ffffff")
        .encode(
            x=alt.X("x:Q", scale=scale),
            y=alt.Y("y:Q", scale=scale),
            color=alt.Color("kind:N", title=kind, scale=alt.Scale(range=list(AXIS_PALETTE))),
            tooltip=[
                alt.Tooltip("name:N", title=name),
                alt.Tooltip("kind:N", title=kind),
                alt.Tooltip("interest:Q", title=interest),
                alt.Tooltip("influence:Q", title=influence),
            ],
        )
    )
    return (background + labels + dots).properties(height=440)


@dataclass(frozen=True)
class PlanLabels:
    year: str
    amount: str
    measure: str
    cumulative: str
    series: dict[str, str]  # revenues, operating_costs, investment -> translated


def build_business_plan(rows: Sequence[tuple[int, float, float, float, float]], labels: PlanLabels) -> alt.LayerChart:
    """Bars of revenues, operating costs and investment by year; a line of cumulative cash flow.
    rows: (year, revenues, operating costs, investment, cumulative cash flow)."""
    bars = [
        {"year": str(year), "measure": labels.series[key], "amount": value}
        for year, revenues, operating, investment, _ in rows
        for key, value in (("revenues", revenues), ("operating_costs", -operating), ("investment", -investment))
    ]
    line = [{"year": str(year), "cumulative": cumulative} for year, *_, cumulative in rows]
    colours = {
        labels.series["revenues"]: "#009E73",
        labels.series["operating_costs"]: "#E69F00",
        labels.series["investment"]: "#D55E00",
    }
    bar_layer = (
        alt.Chart(_inline(bars))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=labels.year, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("measure:N"),
            y=alt.Y("amount:Q", title=labels.amount, axis=alt.Axis(labelExpr=SHORT_NUMBER)),
            color=alt.Color(
                "measure:N", title=labels.measure, scale=alt.Scale(domain=list(colours), range=list(colours.values()))
            ),
            tooltip=[
                alt.Tooltip("year:O", title=labels.year),
                alt.Tooltip("measure:N", title=labels.measure),
                alt.Tooltip("amount:Q", title=labels.amount, format=",.0f"),
            ],
        )
    )
    line_layer = (
        alt.Chart(_inline(line))
        .mark_line(point=True, color="#0072B2", strokeWidth=3)
        .encode(
            x=alt.X("year:O"),
            y=alt.Y("cumulative:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=labels.year),
                alt.Tooltip("cumulative:Q", title=labels.cumulative, format=",.0f"),
            ],
        )
    )
    zero = alt.Chart(_inline([{"y": 0}])).mark_rule(color="#6b7280").encode(y=alt.Y("y:Q"))
    return (bar_layer + zero + line_layer).properties(height=340)


# --- Step 6: dashboard ----------------------------------------------------------------------

PROGRESS_COLOURS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "behind": "#E69F00",
    "wrong_way": "#D55E00",
    "not_started": "#9CA3AF",
    "pace_unknown": "#CBD5E1",
}


@dataclass(frozen=True)
class ProgressBar:
    name: str
    share: float  # 0 at baseline, 1 at target (clipped to -0.5 .. 1.5 for drawing)
    status: str  # code, a key of PROGRESS_COLOURS
    status_label: str
    latest: str  # formatted
    target: str  # formatted


def build_progress_chart(
    bars: Sequence[ProgressBar],
    *,
    share_title: str,
    name_title: str,
    status_title: str,
    latest_title: str,
    target_title: str,
    status_labels: dict[str, str] | None = None,
    large: bool = False,
) -> alt.LayerChart:
    """Each indicator's way from its baseline (0 %) to its target (100 %), coloured by status."""
    font = ROOM_FONT if large else 12
    data = [{**b.__dict__, "shown": max(-0.5, min(1.5, b.share))} for b in bars]
    labels = {**{b.status: b.status_label for b in bars}, **(status_labels or {})}
    domain = [labels.get(code, code) for code in PROGRESS_COLOURS]
    base = alt.Chart(_inline(data))
    bar_layer = base.mark_bar().encode(
        y=alt.Y(
            "name:N",
            sort=None,
            title=None,
            axis=alt.Axis(labelExpr=wrap_label(44), labelLimit=1000, labelFontSize=font, labelOverlap=False),
        ),
        x=alt.X(
            "shown:Q",
            title=share_title,
            axis=alt.Axis(format="%", labelFontSize=font, titleFontSize=font),
            # From 0 % (or the lowest, when a value went the wrong way) to the target (or the
            # highest): the bars fill the chart and 0 % is on the axis.
            scale=alt.Scale(domain=[min(0.0, *(d["shown"] for d in data)), max(1.0, *(d["shown"] for d in data))]),
        ),
        color=alt.Color(
            "status_label:N",
            title=status_title,
            scale=alt.Scale(domain=domain, range=list(PROGRESS_COLOURS.values())),
            # Below the bars, from where they start: three columns of a room's text ran off a
            # slide; in two, the longest label is written on two lines.
            legend=alt.Legend(
                orient="bottom",
                columns=2 if large else 3,
                labelFontSize=font,
                titleFontSize=font,
                labelLimit=1000,
                **({"labelExpr": WRAP_LABEL} if large else {}),
            ),
        ),
        tooltip=[
            alt.Tooltip("name:N", title=name_title),
            alt.Tooltip("share:Q", title=share_title, format=".0%"),
            alt.Tooltip("latest:N", title=latest_title),
            alt.Tooltip("target:N", title=target_title),
            alt.Tooltip("status_label:N", title=status_title),
        ],
    )
    target = (
        alt.Chart(_inline([{"x": 1.0}]))
        .mark_rule(color="#1d2733", strokeDash=[4, 3], strokeWidth=2)
        .encode(x=alt.X("x:Q"))
    )
    return (bar_layer + target).properties(height=alt.Step(52 if large else 32))


def build_status_by_axis(
    rows: Sequence[tuple[str, str, int]],
    statuses: Sequence[str],
    *,
    axis_title: str,
    count_title: str,
    status_title: str,
) -> alt.Chart:
    """Actions by axis (rows of axis title, translated status, count), stacked by status."""
    data = [{"axis": axis, "status": status, "count": count} for axis, status, count in rows]
    palette = ("#9ca3af", "#56B4E9", "#009E73", "#F0E442", "#000000", "#D55E00")
    return (
        alt.Chart(_inline(data))
        .mark_bar()
        .encode(
            y=alt.Y("axis:N", title=axis_title, axis=EVERY_LABEL),
            x=alt.X("sum(count):Q", title=count_title, axis=alt.Axis(tickMinStep=1)),
            # The legend below: in half a page's width, beside the bars it left them a third.
            color=alt.Color(
                "status:N",
                title=status_title,
                scale=alt.Scale(domain=list(statuses), range=list(palette)),
                legend=alt.Legend(orient="bottom", columns=3, labelLimit=1000),
            ),
            tooltip=[
                alt.Tooltip("axis:N", title=axis_title),
                alt.Tooltip("status:N", title=status_title),
                alt.Tooltip("sum(count):Q", title=count_title),
            ],
        )
        .properties(height=alt.Step(50))
    )


def build_budget_follow_up(
    rows: Sequence[tuple[int, str, float]], measures: Sequence[str], *, year_title: str, amount_title: str
) -> alt.Chart:
    """Planned, committed and spent by year, side by side (rows of year, measure, amount)."""
    data = [{"year": str(year), "measure": measure, "amount": amount} for year, measure, amount in rows]
    return (
        alt.Chart(_inline(data))
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=year_title, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("measure:N", sort=list(measures)),
            y=alt.Y("amount:Q", title=amount_title, axis=alt.Axis(labelExpr=SHORT_NUMBER)),
            color=alt.Color(
                "measure:N", title=None, scale=alt.Scale(domain=list(measures), range=["#9ca3af", "#56B4E9", "#0072B2"])
            ),
            tooltip=[
                alt.Tooltip("year:O", title=year_title),
                alt.Tooltip("measure:N", title=""),  # its value names it: planned, committed, spent
                alt.Tooltip("amount:Q", title=amount_title, format=",.0f"),
            ],
        )
        .properties(height=300)
    )


# --- Reports: a map without tiles ---------------------------------------------------------------


def build_static_map(boundary: dict[str, Any] | None, values: dict[str, float], *, value_title: str) -> dict[str, Any]:
    """The territory drawn from its stored boundaries (no tiles, no network): communes coloured
    by `values` (code -> number), the outline on top.

    A Vega-Lite spec written directly rather than through altair: altair would validate and
    copy every coordinate of hundreds of communes, which costs more than drawing them."""
    features = [f for f in (boundary or {}).get("features", []) if isinstance(f, dict)]
    communes = [
        {
            "type": "Feature",
            "geometry": f["geometry"],
            "properties": {"code": f["properties"].get("code"), "value": values.get(f["properties"].get("code"))},
        }
        for f in features
        if f.get("properties", {}).get("level") != "territory"
    ]
    outline = [f for f in features if f.get("properties", {}).get("level") == "territory"]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": 460,
        "height": 420,
        "projection": {"type": "mercator"},
        "layer": [
            {
                "data": {"values": communes},
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.5},
                "encoding": {
                    "color": {
                        "field": "properties.value",
                        "type": "quantitative",
                        "title": value_title,
                        "scale": {"range": list(PALETTE_SEQUENTIAL)},
                        "legend": {"orient": "bottom-right", "labelExpr": SHORT_NUMBER},
                    }
                },
            },
            {
                "data": {"values": outline},
                "mark": {"type": "geoshape", "filled": False, "stroke": "#1d2733", "strokeWidth": 2},
            },
        ],
    }


# Same sequential, colour-blind-safe scale as the interactive map (ColorBrewer YlGnBu).
PALETTE_SEQUENTIAL = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")


def matrix_points(
    issues: Sequence[Any], scores: dict[str, Any], ranks: dict[str, int], size: Callable[[Any], float] | None = None
) -> list[MatrixPoint]:
    """The bubbles of the scored issues (domain.scoring results), sized by people concerned
    unless `size` says otherwise; issues not scored on both families are left out."""
    points = []
    for issue in issues:
        sc = scores[issue.id]
        if sc.impact is None or sc.feasibility is None:
            continue
        points.append(
            MatrixPoint(
                issue.id,
                issue.title,
                ranks.get(issue.id),
                sc.impact.median,
                sc.impact.low,
                sc.impact.high,
                sc.feasibility.median,
                sc.feasibility.low,
                sc.feasibility.high,
                size(issue) if size else float(issue.people_concerned or 0),
                issue.selected,
                sc.scorers,
            )
        )
    return points


def matrix_labels(tr: Callable[..., str], size_title: str | None = None) -> MatrixLabels:
    """The matrix's labels from a translation function (`tr(key)`)."""
    return MatrixLabels(
        tr("enum.criterion_family.feasibility"),
        tr("enum.criterion_family.impact"),
        size_title or tr("issues.size.people"),
        tr("field.issue"),
        tr("issues.rank_computed"),
        tr("issues.size.scorers"),
        tr("issues.selected"),
        tr("issues.not_selected"),
        {q: tr(f"quadrant.{q}") for q in ("quick_wins", "major_projects", "fill_ins", "thankless")},
    )


def timeline_bars(
    actions: Sequence[Any], axis_titles: dict[str, str], tr: Callable[..., str], today: dt.date, width: int = 60
) -> list[TimelineBar]:
    """The Gantt bars of the dated actions, in the order given; labels cut to `width`."""
    return [
        TimelineBar(
            a.label[:width],
            axis_titles.get(a.axis_id, "?"),
            a.start.isoformat(),
            a.end.isoformat(),
            tr(f"enum.action_status.{a.status}"),
            is_late(a, today),
        )
        for a in actions
        if a.start and a.end
    ]


def timeline_labels(tr: Callable[..., str]) -> TimelineLabels:
    return TimelineLabels(
        tr("field.action"),
        tr("field.axis"),
        tr("field.start"),
        tr("field.end"),
        tr("field.status"),
        tr("actions.late"),
        tr("actions.milestone"),
        tr("actions.today"),
        tr("field.date"),
    )
