"""Step 3 — strategic axes: two or three axes, their objectives, and the issues they answer."""

from __future__ import annotations

import streamlit as st

from components import session
from components.guidance import step_header
from components.i18n import tr
from components.records import Column, edit_records
from domain.edit import ObjectiveRow, flatten_objectives, group_objectives
from domain.model import Axis

doc = step_header(3)

st.header(tr("axes.axes"))
st.caption(tr("axes.axes_help"))
issues = {i.id: ("★ " if i.selected else "") + i.title for i in doc.issues}
rows = edit_records(
    "axes",
    doc.axes,
    Axis,
    [
        Column("order", "field.order", "int", min_value=0, width="small"),
        Column("title", "field.title", required=True),
        Column("ambition", "field.ambition", "long"),
        Column("issue_ids", "field.issues_answered", "multi", list(issues), labels=issues),
        Column("colour", "field.colour", width="small"),
    ],
    id_kind="axis",
)
if rows is not None:
    session.save_at("axes", sorted(rows, key=lambda ax: ax.order), "axes")


st.header(tr("axes.objectives"))
if not doc.axes:
    st.info(tr("axes.no_axis"))
else:
    axes = {ax.id: ax.title for ax in doc.axes}
    flat = flatten_objectives(doc.axes)
    rows = edit_records(
        "objectives",
        flat,
        ObjectiveRow,
        [
            Column("axis_id", "field.axis", "select", list(axes), labels=axes, required=True),
            Column("text", "field.objective", required=True),
            Column("target_year", "field.target_year", "int", min_value=1900, max_value=2200, width="small"),
        ],
        id_kind="objective",
    )
    if rows is not None:
        grouped = group_objectives(doc.axes, [r for r in rows if isinstance(r, ObjectiveRow)])
        session.save_at("axes", grouped, "objectives")

st.header(tr("axes.coverage"))
if doc.issues and doc.axes:
    st.dataframe(
        [
            {
                tr("field.issue"): ("★ " if i.selected else "") + i.title,
                **{ax.title: ("✓" if i.id in ax.issue_ids else "") for ax in doc.axes},
            }
            for i in doc.issues
        ],
        hide_index=True,
        width="stretch",
    )
    st.caption(tr("axes.coverage_help"))
else:
    st.info(tr("axes.coverage_empty"))
