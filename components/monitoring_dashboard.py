"""The dashboard of step 6: the strategy's monitoring at a glance."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import altair as alt
import streamlit as st

from components.chart_cache import show_chart
from components.charts import (
    ProgressBar,
    axis_colours,
    build_budget_follow_up,
    build_progress_chart,
    build_status_by_axis,
    build_timeline,
    timeline_bars,
    timeline_labels,
)
from components.formatting import date, money, number
from components.i18n import lang, tr
from components.text import md_escape
from components.widgets import show_table
from domain.actions import is_late, on_timeline
from domain.model import ActionStatus, MonitoringIndicator, Strategy
from domain.monitoring import (
    TRAJECTORY_STATUSES,
    Progress,
    budget_follow_up,
    furthest_behind,
    progress_of,
    status_by_axis,
)

STATUSES = get_args(ActionStatus)


def progress_chart(bars: list[ProgressBar], *, large: bool = False) -> alt.LayerChart:
    """The indicators' progress chart in the page's language (the dashboard and its slide)."""
    return build_progress_chart(
        bars,
        share_title=tr("monitoring.share_of_target"),
        name_title=tr("field.name"),
        status_title=tr("field.status"),
        latest_title=tr("monitoring.latest"),
        target_title=tr("field.target_value"),
        status_labels={code: tr(f"progress.{code}") for code in TRAJECTORY_STATUSES},
        large=large,
    )


def chart_leaves_out(measured: list[tuple[MonitoringIndicator, Progress]], shown: int) -> str | None:
    """What a progress chart of `shown` bars says it left out, if it left any indicator out."""
    placed = sum(1 for _, p in measured if p.share_of_target is not None)
    return tr("monitoring.chart_furthest", shown=shown, total=placed) if placed > shown else None


def dashboard(doc: Strategy) -> None:
    """Where the strategy stands: key figures, then each indicator against its trajectory."""
    current, today = lang(), dt.date.today()

    def fmt(v: float | None) -> str:
        return number(v, current, 2)

    measured = progress_of(doc)
    counts = {s: sum(1 for _, p in measured if p.status == s) for s in (*TRAJECTORY_STATUSES, "no_data")}
    late = [a for a in doc.actions if is_late(a, today)]
    m = st.columns(5)
    m[0].metric(tr("progress.achieved"), counts["achieved"])
    m[1].metric(tr("progress.on_track"), counts["on_track"])
    m[2].metric(tr("progress.behind"), counts["behind"] + counts["wrong_way"])
    m[3].metric(tr("progress.no_data"), counts["no_data"])
    m[4].metric(tr("monitoring.late_actions"), len(late))

    st.markdown(f"**{tr('monitoring.progress')}**")
    bars = [
        ProgressBar(
            ind.name,
            p.share_of_target or 0.0,
            p.status,
            tr(f"progress.{p.status}"),
            f"{fmt(p.latest)} {ind.unit}".strip(),
            f"{fmt(ind.target_value)} {ind.unit}".strip(),
        )
        for ind, p in furthest_behind(measured)
    ]
    if bars:
        show_chart(
            ("progress", doc.id, doc.revision, current),
            lambda: progress_chart(bars),
            alt_text=tr("monitoring.progress"),
        )
        left_out = chart_leaves_out(measured, len(bars))
        if left_out:
            st.caption(f"{left_out} {tr('monitoring.table_lists_all')}")
    rows = []
    for ind, p in measured:
        # The column says "per year": the unit alone ("personnes/an" would read "personnes/an/an").
        needed = f"{fmt(p.needed_per_year)} {ind.unit}".strip() if p.needed_per_year is not None else "—"
        seen = f"{fmt(p.seen_per_year)} {ind.unit}".strip() if p.seen_per_year is not None else "—"
        rows.append(
            {
                tr("field.name"): ind.name,
                tr("monitoring.latest"): f"{fmt(p.latest)} ({date(p.latest_date, current)})" if p.latest_date else "—",
                tr("field.target_value"): f"{fmt(ind.target_value)} ({date(ind.target_date, current)})"
                if ind.target_date
                else fmt(ind.target_value),
                tr("monitoring.needed"): needed,
                tr("monitoring.seen"): seen,
                tr("field.status"): tr(f"progress.{p.status}"),
            }
        )
    if rows:
        show_table(st, rows, hide_index=True, width="stretch")
        st.caption(tr("monitoring.trend_help"))


def actions_dashboard(doc: Strategy) -> None:
    """Where the actions stand: by status and axis, the budget followed up, the timeline of the
    actions under way, the late ones. A tab of its own: four charts at once are slow to draw."""
    current, today = lang(), dt.date.today()
    axes = {ax.id: ax.title for ax in doc.axes}
    actions = {a.id: a.label for a in doc.actions}
    late = [a for a in doc.actions if is_late(a, today)]
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{tr('monitoring.status_by_axis')}**")
        counts_by_axis = status_by_axis(doc)
        data = [
            (axes.get(aid, aid), tr(f"enum.action_status.{s}"), n)
            for aid, c in counts_by_axis.items()
            for s, n in c.items()
        ]
        if data:
            show_chart(
                ("status_axis", doc.id, doc.revision, current),
                lambda: build_status_by_axis(
                    data,
                    [tr(f"enum.action_status.{s}") for s in STATUSES],
                    axis_title=tr("field.axis"),
                    count_title=tr("monitoring.actions_count"),
                    status_title=tr("field.status"),
                ),
                alt_text=tr("monitoring.status_by_axis"),
            )
    with right:
        st.markdown(f"**{tr('monitoring.budget')}**")
        follow = budget_follow_up(doc)
        if follow:
            measures = [tr("monitoring.planned"), tr("monitoring.committed"), tr("monitoring.spent")]
            data_b = [
                (b.year, label, value)
                for b in follow
                for label, value in zip(measures, (b.planned, b.committed, b.spent), strict=True)
            ]
            show_chart(
                ("budget_follow", doc.id, doc.revision, current),
                lambda: build_budget_follow_up(
                    data_b, measures, year_title=tr("field.year"), amount_title=tr("field.amount")
                ),
                alt_text=tr("monitoring.budget"),
            )
            totals = [sum(getattr(b, k) for b in follow) for k in ("planned", "committed", "spent")]
            st.caption(
                " · ".join(
                    tr("format.label_value", label=label, value=money(v, current))
                    for label, v in zip(measures, totals, strict=True)
                )
            )
        else:
            st.caption(tr("monitoring.no_budget"))

    st.markdown(f"**{tr('monitoring.timeline')}**")
    dated = on_timeline(doc, (a for a in doc.actions if a.status not in ("done", "abandoned")))
    if dated:
        colours = axis_colours([(ax.id, ax.colour) for ax in doc.axes])
        bars_t = timeline_bars(dated, axes, tr, today, width=70)
        labels = timeline_labels(tr)
        show_chart(
            ("dash_timeline", doc.id, doc.revision, current, today.isoformat()),
            lambda: build_timeline(bars_t, [], {axes[k]: c for k, c in colours.items()}, today.isoformat(), labels),
            alt_text=tr("monitoring.timeline"),
        )
    if late:
        st.warning(
            tr("actions.late_list", count=len(late), names=md_escape(", ".join(actions[a.id] for a in late[:20])))
        )
