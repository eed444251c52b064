"""Step 6 — monitoring and evaluation: indicators with baseline and target, measurements, evaluations."""

from __future__ import annotations

import streamlit as st

from components import session
from components.guidance import step_header
from components.i18n import tr
from components.records import Column, edit_records
from domain.model import Evaluation, Measurement, MonitoringIndicator

doc = step_header(6)

axes = {ax.id: ax.title for ax in doc.axes}
actions = {a.id: f"{a.code} {a.title}".strip() for a in doc.actions}

st.header(tr("monitoring.indicators"))
st.caption(tr("monitoring.indicators_help"))
rows = edit_records(
    "monitoring",
    doc.indicators,
    MonitoringIndicator,
    [
        Column("name", "field.name", required=True),
        Column("unit", "field.unit", width="small"),
        Column("level", "field.level", "select", ["axis", "action"], enum="indicator_level", required=True),
        Column("axis_id", "field.axis", "select", list(axes), labels=axes),
        Column("action_id", "field.action", "select", list(actions), labels=actions),
        Column("direction", "field.direction", "select", ["up", "down"], enum="direction", required=True),
        Column("baseline_value", "field.baseline_value", "float"),
        Column("baseline_date", "field.baseline_date", "date"),
        Column("target_value", "field.target_value", "float"),
        Column("target_date", "field.target_date", "date"),
        Column(
            "frequency",
            "field.frequency",
            "select",
            ["monthly", "quarterly", "yearly"],
            enum="frequency",
            required=True,
        ),
        Column("source", "field.source"),
        Column("owner", "field.owner"),
        Column("open_data", "field.open_data", "bool"),
    ],
    id_kind="monitoring",
    defaults={"level": "action", "direction": "up", "frequency": "yearly"},
)
if rows is not None:
    session.save_at("indicators", rows, "indicators")

st.header(tr("monitoring.measurements"))
if not doc.indicators:
    st.info(tr("monitoring.no_indicator"))
else:
    by_id = {i.id: i for i in doc.indicators}
    chosen = st.selectbox(
        tr("monitoring.choose"), list(by_id), format_func=lambda iid: by_id[iid].name, key="measure_indicator"
    )
    ind = by_id[chosen]
    rows = edit_records(
        f"measurements-{ind.id}",
        ind.measurements,
        Measurement,
        [
            Column("date", "field.date", "date", required=True),
            Column("value", "field.value", "float", required=True),
            Column("comment", "field.comment"),
            Column("entered_by", "field.entered_by"),
        ],
        id_kind=None,
    )
    if rows is not None:
        ordered = sorted(rows, key=lambda m: m.date)  # type: ignore[attr-defined]
        updated = [i.model_copy(update={"measurements": ordered}) if i.id == ind.id else i for i in doc.indicators]
        session.save_at("indicators", updated, "measurements")

st.header(tr("monitoring.evaluations"))
if not doc.actions:
    st.info(tr("monitoring.no_action"))
else:
    rows = edit_records(
        "evaluations",
        doc.evaluations,
        Evaluation,
        [
            Column("action_id", "field.action", "select", list(actions), labels=actions, required=True),
            Column("date", "field.date", "date", required=True),
            Column("rating", "field.rating", "int", min_value=1, max_value=5, width="small"),
            Column("text", "field.assessment_text", "long"),
        ],
        id_kind="evaluation",
    )
    if rows is not None:
        session.save_at("evaluations", rows, "evaluations")
