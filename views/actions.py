"""Step 4 — operational action plan: action sheets, their costs, funding and schedule."""

from __future__ import annotations

import streamlit as st

from components import session
from components.formatting import money
from components.guidance import step_header
from components.i18n import enum_label, lang, tr
from components.records import Column, edit_records
from domain.model import Action, EconomicYear, FundingLine, Milestone

doc = step_header(4)

STATUSES = ["to_start", "in_progress", "done", "paused", "abandoned", "late"]
PRIORITIES = ["high", "medium", "low"]
PARTICIPATION = ["none", "information", "consultation", "concertation", "coconstruction"]
FUNDERS = [
    "state",
    "europe",
    "region",
    "department",
    "intercommunality",
    "commune",
    "banque_territoires",
    "ademe",
    "private",
]
FUNDING_STATUS = ["planned", "requested", "granted", "refused", "paid"]

if not doc.axes:
    st.info(tr("actions.no_axis"))
    st.stop()

axes = {ax.id: ax.title for ax in doc.axes}
objectives = {o.id: f"{ax.title} › {o.text}" for ax in doc.axes for o in ax.objectives}

st.header(tr("actions.sheets"))
st.caption(tr("actions.sheets_help"))
rows = edit_records(
    "actions",
    doc.actions,
    Action,
    [
        Column("code", "field.code", width="small"),
        Column("title", "field.title", required=True),
        Column("axis_id", "field.axis", "select", list(axes), labels=axes, required=True),
        Column("objective_id", "field.objective", "select", list(objectives), labels=objectives),
        Column("owner_service", "field.owner_service"),
        Column("elected_referent", "field.elected_referent"),
        Column("status", "field.status", "select", STATUSES, enum="action_status", required=True),
        Column("priority", "field.priority", "select", PRIORITIES, enum="priority", required=True),
        Column("start", "field.start", "date"),
        Column("end", "field.end", "date"),
        Column("progress", "field.progress", "int", min_value=0, max_value=100, width="small"),
    ],
    id_kind="action",
    defaults={"status": "to_start", "priority": "medium", "axis_id": next(iter(axes))},
)
if rows is not None:
    session.save_at("actions", rows, "actions")

if not doc.actions:
    st.stop()

# --- One action sheet in detail --------------------------------------------------------
st.header(tr("actions.detail"))
by_id = {act.id: act for act in doc.actions}
chosen = st.selectbox(
    tr("actions.choose"),
    list(by_id),
    format_func=lambda aid: f"{by_id[aid].code} {by_id[aid].title}".strip(),
    key="action_detail",
)
act = by_id[chosen]
index = doc.actions.index(act)


def save_action(summary: str, **changes: object) -> None:
    actions = list(doc.actions)
    actions[index] = act.model_validate({**act.model_dump(), **changes})
    session.save_at("actions", actions, summary)


with st.form(f"framing-{act.id}-{doc.revision}"):
    description = st.text_area(tr("field.description"), value=act.description, max_chars=20_000)
    need = st.text_area(tr("field.need"), value=act.need, max_chars=20_000)
    effects = st.text_area(tr("field.expected_effects"), value=act.expected_effects, max_chars=20_000)
    f1, f2, f3 = st.columns(3)
    lead = f1.text_input(tr("field.project_lead"), value=act.project_lead, max_chars=300)
    participation = f2.selectbox(
        tr("field.participation"),
        PARTICIPATION,
        index=PARTICIPATION.index(act.participation),
        format_func=enum_label("participation"),
    )
    chef = f3.checkbox(tr("field.chef_de_file"), value=act.chef_de_file, help=tr("help.chef_de_file"))
    if st.form_submit_button(tr("form.save"), type="primary"):
        save_action(
            "action:framing",
            description=description,
            need=need,
            expected_effects=effects,
            project_lead=lead,
            participation=participation,
            chef_de_file=chef,
        )

t1, t2, t3 = st.tabs([tr("actions.economics"), tr("actions.funding"), tr("actions.milestones")])
with t1:
    st.caption(tr("actions.economics_help"))
    rows = edit_records(
        f"economics-{act.id}",
        act.economics.years,
        EconomicYear,
        [
            Column("year", "field.year", "int", min_value=1900, max_value=2200, required=True),
            Column("investment", "field.investment", "float", min_value=0),
            Column("operating", "field.operating", "float", min_value=0),
            Column("savings", "field.savings", "float", min_value=0),
            Column("revenues", "field.revenues", "float", min_value=0),
        ],
        id_kind=None,
    )
    if rows is not None:
        save_action(
            "action:economics",
            economics={**act.economics.model_dump(), "years": [r.model_dump() for r in rows]},
        )
    total = sum(y.investment + y.operating for y in act.economics.years)
    st.metric(tr("actions.total_cost"), money(total, lang()))
with t2:
    rows = edit_records(
        f"funding-{act.id}",
        act.funding,
        FundingLine,
        [
            Column("source", "field.source", required=True),
            Column("funder_kind", "field.funder_kind", "select", FUNDERS, enum="funder_kind", required=True),
            Column("amount", "field.amount", "float", min_value=0, required=True),
            Column("status", "field.status", "select", FUNDING_STATUS, enum="funding_status", required=True),
            Column("date", "field.date", "date"),
            Column("reference", "field.reference"),
        ],
        id_kind="funding",
        defaults={"status": "planned", "funder_kind": "state"},
    )
    if rows is not None:
        save_action("action:funding", funding=[r.model_dump() for r in rows])
    st.metric(tr("actions.total_funding"), money(sum(f.amount for f in act.funding), lang()))
with t3:
    rows = edit_records(
        f"milestones-{act.id}",
        act.milestones,
        Milestone,
        [
            Column("name", "field.name", required=True),
            Column("date", "field.date", "date", required=True),
            Column("done", "field.done", "bool"),
        ],
        id_kind=None,
    )
    if rows is not None:
        save_action("action:milestones", milestones=[r.model_dump() for r in rows])
