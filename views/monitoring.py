"""Step 6 — monitoring and evaluation: dashboard, indicators and measurements, evaluation of
the actions, open-data package and reporting calendar."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import streamlit as st

from components import clashes, session
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
from components.guidance import step_header
from components.i18n import lang, tr
from components.records import Column, edit_records
from components.text import md_escape
from components.text import slug as file_slug
from components.widgets import choose_one, date_field, number_field, show_table
from domain.actions import is_late
from domain.model import (
    ActionStatus,
    Direction,
    Effect,
    EffectDimension,
    Evaluation,
    Frequency,
    IndicatorLevel,
    Measurement,
    MonitoringIndicator,
    Strategy,
)
from domain.monitoring import TRAJECTORY_STATUSES, budget_follow_up, next_measurement, progress_of, status_by_axis
from reports.calendar import reporting_calendar
from reports.opendata import package_zip

doc = step_header(6)
current = lang()
today = dt.date.today()
axes = {ax.id: ax.title for ax in doc.axes}
actions = {a.id: a.label for a in doc.actions}
STATUSES = get_args(ActionStatus)

TABS = ("dashboard", "indicators", "measurements", "evaluation", "publish")
tabs = st.tabs([tr(f"monitoring.tab.{n}") for n in TABS], key="monitoring_tab", on_change="rerun")


def dashboard(doc: Strategy) -> None:
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
        for ind, p in measured
        if p.share_of_target is not None
    ]
    if bars:
        show_chart(
            ("progress", doc.id, doc.revision, current),
            lambda: build_progress_chart(
                bars,
                share_title=tr("monitoring.share_of_target"),
                name_title=tr("field.name"),
                status_title=tr("field.status"),
                status_labels={code: tr(f"progress.{code}") for code in TRAJECTORY_STATUSES},
            ),
            alt_text=tr("monitoring.progress"),
        )
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
    dated = [a for a in doc.actions if a.start and a.end and a.status not in ("done", "abandoned")]
    if dated:
        colours = axis_colours([(ax.id, ax.colour) for ax in doc.axes])
        order = {ax.id: n for n, ax in enumerate(doc.axes)}
        dated.sort(key=lambda a: (order.get(a.axis_id, 99), a.code))
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


def indicators_view(doc: Strategy) -> None:
    st.caption(tr("monitoring.indicators_help"))
    rows = edit_records(
        "monitoring",
        doc.indicators,
        MonitoringIndicator,
        [
            Column("name", "field.name"),
            Column("unit", "field.unit", width="small"),
            Column("level", "field.level", "select", list(get_args(IndicatorLevel)), enum="indicator_level"),
            Column("axis_id", "field.axis", "select", list(axes), labels=axes),
            Column("action_id", "field.action", "select", list(actions), labels=actions),
            Column("direction", "field.direction", "select", list(get_args(Direction)), enum="direction"),
            Column("baseline_value", "field.baseline_value", "float"),
            Column("baseline_date", "field.baseline_date", "date"),
            Column("target_value", "field.target_value", "float"),
            Column("target_date", "field.target_date", "date"),
            Column(
                "frequency",
                "field.frequency",
                "select",
                list(get_args(Frequency)),
                enum="frequency",
            ),
            Column("source", "field.source"),
            Column("owner", "field.owner"),
            Column("open_data", "field.open_data", "bool"),
        ],
        id_kind="monitoring",
        defaults={"level": "action", "direction": "up", "frequency": "yearly", "open_data": False},
        height=min(38 + 35 * (len(doc.indicators) + 1), 500),
    )
    if rows is not None:
        session.save_at("indicators", rows, "indicators")


def measurements_view(doc: Strategy) -> None:
    if not doc.indicators:
        st.info(tr("monitoring.no_indicator"))
        return
    by_id = {i.id: i for i in doc.indicators}
    chosen = choose_one(
        st, tr("monitoring.choose"), list(by_id), format_func=lambda k: by_id[k].name, key="measure_indicator"
    )
    ind = by_id[chosen]
    index = doc.indicators.index(ind)

    def save_measurements(items: list[Measurement], summary: str) -> None:
        indicators = list(doc.indicators)
        indicators[index] = ind.model_copy(update={"measurements": sorted(items, key=lambda m: m.date)})
        session.save_at("indicators", indicators, summary)

    clashes.beside_records([ind])
    with st.form(f"measure-{ind.id}-{doc.revision}"):
        st.markdown(f"**{tr('monitoring.add_measurement')}**")
        c1, c2, c3 = st.columns([1, 1, 2])
        when = date_field(c1, tr("field.date"), value=today)
        value = number_field(
            c2,
            f"{tr('field.value')} ({md_escape(ind.unit)})" if ind.unit else tr("field.value"),
            None,
            digits=6,
            required=False,
        )
        comment = c3.text_input(tr("field.comment"), max_chars=300)
        if st.form_submit_button(tr("monitoring.add_measurement_do"), type="primary"):
            if value.problem:
                pass  # said under the field
            elif value.value is None or when is None:
                st.error(tr("monitoring.measurement_incomplete"))
            else:
                kept = [m for m in ind.measurements if m.date != when]  # one value per date: the new one replaces
                save_measurements([*kept, Measurement(date=when, value=value.value, comment=comment)], "measurement")
    rows = edit_records(
        f"measurements-{ind.id}",
        ind.measurements,
        Measurement,
        [
            Column("date", "field.date", "date"),
            Column("value", "field.value", "float"),
            Column("comment", "field.comment"),
            Column("entered_by", "field.entered_by"),
        ],
        id_kind=None,
    )
    if rows is not None:
        save_measurements([r for r in rows if isinstance(r, Measurement)], "measurements")
    st.caption(tr("monitoring.next_due", date=date(next_measurement(ind, today), current)))


def evaluation_view(doc: Strategy) -> None:
    if not doc.actions:
        st.info(tr("monitoring.no_action"))
        return
    rows = edit_records(
        "evaluations",
        doc.evaluations,
        Evaluation,
        [
            Column("action_id", "field.action", "select", list(actions), labels=actions),
            Column("date", "field.date", "date"),
            Column("rating", "field.rating", "int", min_value=1, max_value=5, width="small"),
            Column("text", "field.assessment_text", "long"),
        ],
        id_kind="evaluation",
    )
    if rows is not None:
        session.save_at("evaluations", rows, "evaluations")
    if not doc.evaluations:
        return
    by_id = {e.id: e for e in doc.evaluations}
    chosen = choose_one(
        st,
        tr("monitoring.evaluation"),
        list(by_id),
        key="evaluation_detail",
        format_func={k: f"{actions.get(e.action_id, '?')} — {date(e.date, current)}" for k, e in by_id.items()}.get,
    )
    ev = by_id[chosen]
    st.caption(tr("monitoring.effects_help"))
    rows_e = edit_records(
        f"effects-{ev.id}",
        ev.effects,
        Effect,
        [
            Column(
                "dimension",
                "field.dimension",
                "select",
                list(get_args(EffectDimension)),
                enum="effect_dimension",
            ),
            Column("text", "field.effect", "long"),
            Column("rating", "field.rating", "int", min_value=1, max_value=5, width="small"),
        ],
        id_kind=None,
    )
    if rows_e is not None:
        evaluations = [e.model_copy(update={"effects": rows_e}) if e.id == ev.id else e for e in doc.evaluations]
        session.save_at("evaluations", evaluations, "evaluation:effects")


def publish_view(doc: Strategy) -> None:
    slug = file_slug(doc.title)
    published = [i for i in doc.indicators if i.open_data]
    st.markdown(f"**{tr('monitoring.opendata')}**")
    st.caption(tr("monitoring.opendata_help", count=len(published)))
    st.download_button(
        tr("monitoring.opendata_download"),
        data=lambda: package_zip(doc),
        file_name=f"{slug}-opendata-{today.isoformat()}.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/dataset:",
    )
    st.markdown(f"**{tr('monitoring.calendar')}**")
    owners = sorted({i.owner for i in doc.indicators if i.owner})
    owner = choose_one(
        st,
        tr("monitoring.calendar_owner"),
        [None, *owners],
        format_func=lambda o: tr("monitoring.all_owners") if o is None else o,
    )
    st.download_button(
        tr("monitoring.calendar_download"),
        data=lambda: reporting_calendar(doc, today, owner=owner, lang=current),
        file_name=f"{slug}-calendrier.ics",
        mime="text/calendar",
        on_click="ignore",
        icon=":material/event:",
    )


for tab, view in zip(tabs, (dashboard, indicators_view, measurements_view, evaluation_view, publish_view), strict=True):
    if tab.open:
        with tab:
            view(doc)
