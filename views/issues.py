"""Step 2 — priority issues: criteria, issues with their evidence, scores, selection."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import session
from components.guidance import step_header
from components.i18n import tr
from components.records import Column, edit_records
from domain.model import Criterion, Issue, IssueScore

doc = step_header(2)
a = doc.assessment

st.header(tr("issues.criteria"))
st.caption(tr("issues.criteria_help"))
rows = edit_records(
    "criteria",
    doc.criteria,
    Criterion,
    [
        Column("label", "field.label", required=True),
        Column(
            "family",
            "field.family",
            "select",
            ["impact", "feasibility"],
            enum="criterion_family",
            required=True,
        ),
        Column("weight", "field.weight", "float", min_value=0, max_value=100, required=True, width="small"),
    ],
    id_kind="criterion",
    id_field="key",
    defaults={"family": "impact", "weight": 1.0},
)
if rows is not None:
    session.save_at("criteria", rows, "criteria")

st.header(tr("issues.issues"))
st.caption(tr("issues.issues_help"))
swot = {x.id: f"{tr(f'enum.swot.{x.quadrant}')} · {x.text}" for x in a.swot}
needs = {x.id: x.text for x in a.needs}
indicators = {x.id: x.name for x in a.indicators}
initiatives = {x.id: x.name for x in a.initiatives}
rows = edit_records(
    "issues",
    doc.issues,
    Issue,
    [
        Column("title", "field.title", required=True),
        Column("theme", "field.theme"),
        Column("description", "field.description", "long"),
        Column("evidence.swot_ids", "field.evidence_swot", "multi", list(swot), labels=swot),
        Column("evidence.need_ids", "field.evidence_needs", "multi", list(needs), labels=needs),
        Column(
            "evidence.indicator_ids",
            "field.evidence_indicators",
            "multi",
            list(indicators),
            labels=indicators,
        ),
        Column(
            "evidence.initiative_ids",
            "field.evidence_initiatives",
            "multi",
            list(initiatives),
            labels=initiatives,
        ),
        Column("people_concerned", "field.people_concerned", "int", min_value=0),
        Column("selected", "field.selected", "bool"),
        Column("rank", "field.rank", "int", min_value=1, width="small"),
        Column("rank_reason", "field.rank_reason"),
    ],
    id_kind="issue",
)
if rows is not None:
    session.save_at("issues", rows, "issues")

# --- Scores: one grid per scorer (a person or a group) -----------------------------------
st.header(tr("issues.scores"))
st.caption(tr("issues.scores_help"))
if not doc.issues or not doc.criteria:
    st.info(tr("issues.scores_empty"))
else:
    scorers = sorted({sc.by for i in doc.issues for sc in i.scores if sc.by}) or []
    by = st.selectbox(
        tr("issues.scorer"), [*scorers, "+"], format_func=lambda s: tr("issues.new_scorer") if s == "+" else s
    )
    if by == "+":
        by = st.text_input(tr("issues.scorer_name"), max_chars=300).strip()
    if by:
        keys = [c.key for c in doc.criteria]
        grid = pd.DataFrame(
            [
                {c: next((sc.value for sc in i.scores if sc.by == by and sc.criterion == c), None) for c in keys}
                for i in doc.issues
            ],
            index=[i.title for i in doc.issues],
            columns=keys,
            dtype="Int64",
        )
        edited = st.data_editor(
            grid,
            key=session.editor_key(f"scores-{by}"),
            column_config={
                c.key: st.column_config.NumberColumn(c.label, min_value=1, max_value=5, step=1, format="%d")
                for c in doc.criteria
            },
            width="stretch",
        )
        if not edited.equals(grid):
            today = dt.date.today()
            issues = []
            for issue, (_, row) in zip(doc.issues, edited.iterrows(), strict=True):
                kept = [sc for sc in issue.scores if sc.by != by]
                old = {sc.criterion: sc for sc in issue.scores if sc.by == by}
                for key in keys:
                    value = row[key]
                    if pd.isna(value):
                        continue
                    previous = old.get(key)
                    if previous and previous.value == int(value):
                        kept.append(previous)
                    else:
                        kept.append(IssueScore(criterion=key, value=int(value), by=by, date=today))
                issues.append(issue.model_copy(update={"scores": kept}))
            session.save_at("issues", issues, f"scores:{by}")
