"""Governance and consultation: who steers the strategy and decides what, and the moments
when the territory is consulted (committees, presentations, workshops, public meetings)."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import streamlit as st

from components import clashes, session
from components.guidance import require_strategy
from components.i18n import tr
from components.records import Column, edit_records
from domain.model import Audience, ConsultationMoment, Governance, MomentKind

doc = require_strategy()
st.title(tr("governance.title"))
st.caption(tr("governance.help"))

st.header(tr("governance.steering"))
gov = doc.governance
clashes.beside_fields("governance")
with st.form(f"governance-{doc.revision}"):
    c1, c2 = st.columns(2)
    elected = c1.text_input(tr("field.elected_lead"), gov.elected_lead, max_chars=300)
    frequency = c2.text_input(tr("field.steering_frequency"), gov.steering_frequency, max_chars=300)
    steering = st.text_area(tr("field.steering_committee"), gov.steering_committee, max_chars=20_000)
    technical = st.text_area(tr("field.technical_committee"), gov.technical_committee, max_chars=20_000)
    decisions = st.text_area(tr("field.decisions"), gov.decisions, max_chars=20_000, help=tr("help.decisions"))
    if st.form_submit_button(tr("form.save"), type="primary"):
        session.update(
            "governance",
            governance=Governance(
                elected_lead=elected,
                steering_frequency=frequency,
                steering_committee=steering,
                technical_committee=technical,
                decisions=decisions,
            ),
        )
        st.rerun()

st.header(tr("governance.moments"))
st.caption(tr("governance.moments_help"))
steps = {n: f"{n}. {tr(f'step.{n}.short')}" for n in range(1, 7)}
rows = edit_records(
    "moments",
    doc.consultation_moments,
    ConsultationMoment,
    [
        Column("date", "field.date", "date", width="small"),
        Column("kind", "field.moment_kind", "select", list(get_args(MomentKind)), enum="moment_kind"),
        Column("title", "field.title"),
        Column("steps", "field.steps", "multi", list(steps), labels=steps),
        Column("audiences", "field.audiences", "multi", list(get_args(Audience)), enum="audience"),
        Column("participants", "field.participants", "int", min_value=0, width="small"),
        Column("outcomes", "field.outcomes", "long"),
    ],
    id_kind="moment",
    defaults={"kind": "steering_committee"},
)
if rows is not None:
    dated = sorted(rows, key=lambda m: (getattr(m, "date", None) is None, getattr(m, "date", None) or dt.date.min))
    session.save_at("consultation_moments", dated, "consultation_moments")
