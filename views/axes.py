"""Step 3 — strategic axes: two or three axes, their objectives, and the issues they answer."""

from __future__ import annotations

import streamlit as st

from components import session
from components.chart_cache import show_chart
from components.charts import AXIS_PALETTE, CoverageLabels, build_coverage_matrix
from components.guidance import step_header
from components.i18n import lang, tr
from components.records import Column, edit_records
from components.text import md_escape
from domain.checks import MAX_AXES, MIN_AXES
from domain.edit import ObjectiveRow, flatten_objectives, group_objectives
from domain.model import Axis

doc = step_header(3)

st.header(tr("axes.axes"))
st.caption(tr("axes.axes_help"))
if doc.axes and not MIN_AXES <= len(doc.axes) <= MAX_AXES:
    st.warning(tr("finding.axes_count", count=len(doc.axes), min=MIN_AXES, max=MAX_AXES))
issues = {i.id: ("★ " if i.selected else "") + i.title for i in doc.issues}
rows = edit_records(
    "axes",
    doc.axes,
    Axis,
    [
        Column("order", "field.order", "int", min_value=0, width="small"),
        Column("title", "field.title"),
        Column("ambition", "field.ambition", "long"),
        Column("issue_ids", "field.issues_answered", "multi", list(issues), labels=issues),
        Column("colour", "field.colour", width="small"),
    ],
    id_kind="axis",
    # A new axis: the next order and the first palette colour not yet taken.
    defaults={
        "order": max((ax.order for ax in doc.axes), default=0) + 1,
        "colour": next((c for c in AXIS_PALETTE if c not in {ax.colour for ax in doc.axes}), AXIS_PALETTE[0]),
    },
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
            Column("axis_id", "field.axis", "select", list(axes), labels=axes),
            Column("text", "field.objective"),
            Column("target_year", "field.target_year", "int", min_value=1900, max_value=2200, width="small"),
        ],
        id_kind="objective",
    )
    if rows is not None:
        grouped = group_objectives(doc.axes, [r for r in rows if isinstance(r, ObjectiveRow)])
        session.save_at("axes", grouped, "objectives")

st.header(tr("axes.coverage"))
if not (doc.issues and doc.axes):
    st.info(tr("axes.coverage_empty"))
else:
    labels = CoverageLabels(
        issue=tr("field.issue"),
        axis=tr("field.axis"),
        covered=tr("axes.covered"),
        not_covered=tr("axes.not_covered"),
        missing=tr("axes.missing"),
    )
    index = {issue.id: n for n, issue in enumerate(doc.issues)}
    show_chart(
        ("coverage", doc.id, doc.revision, lang()),
        lambda: build_coverage_matrix(
            [(i.title, i.selected) for i in doc.issues],
            [(ax.title, [index[iid] for iid in ax.issue_ids if iid in index]) for ax in doc.axes],
            labels,
        ),
        alt_text=tr("axes.coverage"),
    )
    st.caption(tr("axes.coverage_help"))
    covered = {iid for ax in doc.axes for iid in ax.issue_ids}
    for issue in doc.issues:
        if issue.selected and issue.id not in covered:
            st.warning(tr("finding.issue_not_covered", title=md_escape(issue.title)))
    for ax in doc.axes:
        if not ax.issue_ids:
            st.warning(tr("finding.axis_without_issue", title=md_escape(ax.title)))
