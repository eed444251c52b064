"""Step 6's evaluations of the actions and what it publishes (open data, reporting calendar)."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import streamlit as st

from components import session
from components.formatting import date
from components.i18n import lang, tr
from components.records import Column, edit_records
from components.text import slug as file_slug
from components.widgets import choose_one
from domain.model import (
    Effect,
    EffectDimension,
    Evaluation,
    Strategy,
)
from reports.calendar import reporting_calendar
from reports.opendata import package_zip


def evaluation_view(doc: Strategy) -> None:
    """The evaluations of the actions: effects by dimension, rated, and the overall judgement."""
    actions = {a.id: a.label for a in doc.actions}
    current = lang()
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
    """What step 6 publishes: the open-data package and the reporting calendar."""
    current, today = lang(), dt.date.today()
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
