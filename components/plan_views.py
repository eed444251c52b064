"""The action plan's timeline and budget tabs (step 4)."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import streamlit as st

from components.chart_cache import show_chart
from components.charts import (
    BudgetLabels,
    TimelineMilestone,
    axis_colours,
    build_costs_by_year,
    build_funding_by_source,
    build_timeline,
    timeline_bars,
    timeline_labels,
)
from components.formatting import money, number
from components.i18n import lang, tr
from components.text import md_escape
from domain.actions import is_late, on_timeline
from domain.costs import horizon, plan_totals
from domain.model import Action, FundingStatus, Strategy


def _axes(doc: Strategy) -> tuple[dict[str, str], dict[str, str]]:
    """Each axis's title and colour, by id."""
    return {ax.id: ax.title for ax in doc.axes}, axis_colours([(ax.id, ax.colour) for ax in doc.axes])


def timeline(doc: Strategy, shown: list[Action]) -> None:
    """The dated actions among `shown` on a timeline by axis, with their milestones; the late ones named."""
    axes, colours = _axes(doc)
    current, today = lang(), dt.date.today()
    dated = on_timeline(doc, shown)
    undated = [a for a in shown if not (a.start and a.end)]
    if undated:
        st.caption(tr("actions.undated", names=md_escape(", ".join(a.label for a in undated[:15]))))
    if not dated:
        st.info(tr("actions.no_dates"))
        return
    label = {a.id: a.label[:70] for a in dated}
    bars = timeline_bars(dated, axes, tr, today, width=70)
    marks = [TimelineMilestone(label[a.id], m.name, m.date.isoformat(), m.done) for a in dated for m in a.milestones]
    labels = timeline_labels(tr)
    key = ("timeline", doc.id, doc.revision, current, tuple(a.id for a in dated), today.isoformat())
    show_chart(
        key,
        lambda: build_timeline(bars, marks, {axes[aid]: c for aid, c in colours.items()}, today.isoformat(), labels),
        alt_text=tr("actions.tab.timeline"),
    )
    late = [a for a in dated if is_late(a, today)]
    if late:
        st.warning(tr("actions.late_list", count=len(late), names=md_escape(", ".join(label[a.id] for a in late[:20]))))


def budget(doc: Strategy) -> None:
    """The plan's budget over the strategy's horizon (or every year): totals, own shares below
    the legal minimum, costs by year and axis, funding by source and status."""
    axes, colours = _axes(doc)
    current = lang()
    extended = False
    if doc.horizon_start and doc.horizon_end:
        extended = st.toggle(
            tr("actions.beyond_horizon", start=doc.horizon_start, end=doc.horizon_end), key="budget_beyond_horizon"
        )
    years = horizon(doc, extended)
    totals = plan_totals(doc, years)
    span = tr("actions.years_span", start=years.start, end=years.stop - 1) if years else tr("actions.all_years")
    st.caption(tr("actions.cost_base", span=span))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(tr("actions.total_cost"), money(totals.cost, current))
    m2.metric(tr("actions.total_funding"), money(totals.funding, current))
    m3.metric(tr("actions.own_share_total"), money(totals.own_share, current), help=tr("actions.own_share_total_help"))
    m4.metric(tr("actions.own_share_low_count"), number(len(totals.below_minimum), current))
    for a in totals.below_minimum:
        st.warning(tr("actions.own_share_low_action", name=md_escape(a.label)))
    labels = BudgetLabels(
        tr("field.year"), tr("field.amount"), tr("field.axis"), tr("field.source"), tr("field.status")
    )
    if totals.cost_by_year_axis:
        st.markdown(f"**{tr('actions.costs_by_year')}**")
        rows = [
            (year, axes.get(axis, "?"), amount) for (year, axis), amount in sorted(totals.cost_by_year_axis.items())
        ]
        show_chart(
            ("costs", doc.id, doc.revision, current),
            lambda: build_costs_by_year(rows, {axes[aid]: c for aid, c in colours.items()}, labels),
            alt_text=tr("actions.costs_by_year"),
        )
    if totals.funding_by_source:
        st.markdown(f"**{tr('actions.funding_by_source')}**")
        statuses = [tr(f"enum.funding_status.{s}") for s in get_args(FundingStatus)]
        rows_f = [
            (source, tr(f"enum.funding_status.{status}"), amount)
            for (source, status), amount in sorted(totals.funding_by_source.items())
        ]
        show_chart(
            ("funding", doc.id, doc.revision, current),
            lambda: build_funding_by_source(rows_f, statuses, labels),
            alt_text=tr("actions.funding_by_source"),
        )
