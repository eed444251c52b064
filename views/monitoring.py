"""Step 6 — monitoring and evaluation: dashboard, indicators and measurements, evaluation of
the actions, open-data package and reporting calendar."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import streamlit as st

from components import clashes, session
from components.evaluation_publish import evaluation_view, publish_view
from components.formatting import date
from components.guidance import step_header
from components.i18n import lang, tr
from components.monitoring_dashboard import actions_dashboard, dashboard
from components.records import Column, edit_records
from components.text import md_escape
from components.widgets import choose_one, date_field, lazy_tabs, number_field
from domain.model import (
    Direction,
    Frequency,
    IndicatorLevel,
    Measurement,
    MonitoringIndicator,
    Strategy,
)
from domain.monitoring import next_measurement

doc = step_header(6)
current = lang()
today = dt.date.today()
axes = {ax.id: ax.title for ax in doc.axes}
actions = {a.id: a.label for a in doc.actions}

TABS = ("dashboard", "actions", "indicators", "measurements", "evaluation", "publish")
tabs = lazy_tabs([f"monitoring.tab.{n}" for n in TABS], "monitoring_tab")


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


VIEWS = (dashboard, actions_dashboard, indicators_view, measurements_view, evaluation_view, publish_view)
for tab, view in zip(tabs, VIEWS, strict=True):
    if tab.open:
        with tab:
            view(doc)
