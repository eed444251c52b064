"""Step 5 — partnerships: the stakeholder register, partners per action, partnership set-ups."""

from __future__ import annotations

import streamlit as st

from components import session
from components.guidance import step_header
from components.i18n import tr
from components.records import Column, edit_records
from domain.model import ActionPartner, Partnership, Stakeholder

doc = step_header(5)

KINDS = [
    "association",
    "civil_society",
    "sme",
    "industry",
    "startup",
    "public_body",
    "academia",
    "citizen_group",
    "other",
]
STRUCTURES = [
    "public_procurement",
    "performance_contract",
    "innovation_partnership",
    "innovative_purchase",
    "service_concession",
    "partnership_contract",
    "sem",
    "spl",
    "semop",
    "subsidy_agreement",
    "group_of_authorities",
]
ROLES = ["funder", "operator", "expert", "user", "co_lead"]

st.header(tr("partners.stakeholders"))
rows = edit_records(
    "stakeholders",
    doc.stakeholders,
    Stakeholder,
    [
        Column("name", "field.name", required=True),
        Column("kind", "field.kind", "select", KINDS, enum="stakeholder_kind", required=True),
        Column("sector", "field.sector"),
        Column("role", "field.role"),
        Column("contact_role", "field.contact_role"),
        Column("interest", "field.interest", "int", min_value=1, max_value=5, required=True, width="small"),
        Column("influence", "field.influence", "int", min_value=1, max_value=5, required=True, width="small"),
        Column("notes", "field.notes", "long"),
    ],
    id_kind="stakeholder",
    defaults={"kind": "other", "interest": 3, "influence": 3},
)
if rows is not None:
    session.save_at("stakeholders", rows, "stakeholders")

stakeholders = {s.id: s.name for s in doc.stakeholders}
actions = {a.id: f"{a.code} {a.title}".strip() for a in doc.actions}

st.header(tr("partners.per_action"))
if not doc.actions or not doc.stakeholders:
    st.info(tr("partners.per_action_empty"))
else:
    by_id = {a.id: a for a in doc.actions}
    chosen = st.selectbox(tr("actions.choose"), list(by_id), format_func=lambda aid: actions[aid], key="partner_action")
    act = by_id[chosen]
    rows = edit_records(
        f"partners-{act.id}",
        act.partners,
        ActionPartner,
        [
            Column(
                "stakeholder_id",
                "field.stakeholder",
                "select",
                list(stakeholders),
                labels=stakeholders,
                required=True,
            ),
            Column("role", "field.partner_role", "select", ROLES, enum="partner_role", required=True),
        ],
        id_kind=None,
        defaults={"role": "operator"},
    )
    if rows is not None:
        updated = [a.model_copy(update={"partners": rows}) if a.id == act.id else a for a in doc.actions]
        session.save_at("actions", updated, "action:partners")

st.header(tr("partners.partnerships"))
st.caption(tr("partners.partnerships_help"))
rows = edit_records(
    "partnerships",
    doc.partnerships,
    Partnership,
    [
        Column("name", "field.name", required=True),
        Column("action_ids", "field.actions", "multi", list(actions), labels=actions),
        Column("structure", "field.structure", "select", STRUCTURES, enum="legal_structure"),
        Column("reasons", "field.reasons", "long"),
    ],
    id_kind="partnership",
)
if rows is not None:
    session.save_at("partnerships", rows, "partnerships")
