"""Step 5 — partnerships: stakeholder register and matrix, partners per action, partnership
set-ups with the legal-structure helper, financing plan and business plan."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from components import session
from components.action_sheet import edit_partners
from components.chart_cache import show_chart
from components.charts import StakeholderPoint, build_stakeholder_matrix
from components.guidance import step_header
from components.i18n import lang, tr
from components.partnership_setup import financing_and_business_plan, legal_helper
from components.records import Column, edit_records
from components.widgets import choose_one, lazy_tabs
from domain.model import (
    LegalStructure,
    Partnership,
    Stakeholder,
    StakeholderKind,
    Strategy,
)

doc = step_header(5)
current = lang()
KINDS = list(get_args(StakeholderKind))
STRUCTURES = list(get_args(LegalStructure))
ZONES = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")

TABS = ("register", "per_action", "setups")
tab_register, tab_per_action, tab_setups = lazy_tabs([f"partners.tab.{n}" for n in TABS], "partners_tab")


def register_view(doc: Strategy) -> None:
    rows = edit_records(
        "stakeholders",
        doc.stakeholders,
        Stakeholder,
        [
            Column("name", "field.name"),
            Column("kind", "field.kind", "select", KINDS, enum="stakeholder_kind"),
            Column("sector", "field.sector"),
            Column("role", "field.role"),
            Column("contact_role", "field.contact_role"),
            Column("interest", "field.interest", "int", min_value=1, max_value=5, width="small"),
            Column("influence", "field.influence", "int", min_value=1, max_value=5, width="small"),
            Column("relationship", "field.relationship"),
            Column("notes", "field.notes", "long"),
        ],
        id_kind="stakeholder",
        defaults={"kind": "other", "interest": 3, "influence": 3},
        height=min(38 + 35 * (len(doc.stakeholders) + 1), 500),
    )
    if rows is not None:
        session.save_at("stakeholders", rows, "stakeholders")
    if doc.stakeholders:
        st.markdown(f"**{tr('partners.matrix')}**")
        points = [
            StakeholderPoint(s.name, tr(f"enum.stakeholder_kind.{s.kind}"), s.interest, s.influence)
            for s in doc.stakeholders
        ]
        zones = {z: tr(f"zone.{z}") for z in ZONES}
        show_chart(
            ("stakeholders", doc.id, doc.revision, current),
            lambda: build_stakeholder_matrix(
                points,
                zones,
                interest=tr("field.interest"),
                influence=tr("field.influence"),
                kind=tr("field.kind"),
                name=tr("field.name"),
            ),
            alt_text=tr("partners.matrix"),
        )
        st.caption(tr("partners.matrix_help"))


def per_action_view(doc: Strategy) -> None:
    stakeholders = {s.id: s.name for s in doc.stakeholders}
    actions = {a.id: a.label for a in doc.actions}
    if not actions or not stakeholders:
        st.info(tr("partners.per_action_empty"))
        return
    by_id = {a.id: a for a in doc.actions}
    chosen = choose_one(st, tr("actions.choose"), list(by_id), format_func=actions.get, key="partner_action")
    act = by_id[chosen]
    rows = edit_partners(f"partners-{act.id}", act, stakeholders)
    if rows is not None:
        updated = [a.model_copy(update={"partners": rows}) if a.id == act.id else a for a in doc.actions]
        session.save_at("actions", updated, "action:partners")


def setups_view(doc: Strategy) -> None:
    st.caption(tr("partners.partnerships_help"))
    actions = {a.id: a.label for a in doc.actions}
    rows = edit_records(
        "partnerships",
        doc.partnerships,
        Partnership,
        [
            Column("name", "field.name"),
            Column("action_ids", "field.actions", "multi", list(actions), labels=actions),
            Column("structure", "field.structure", "select", STRUCTURES, enum="legal_structure"),
            Column("reasons", "field.reasons", "long"),
        ],
        id_kind="partnership",
    )
    if rows is not None:
        session.save_at("partnerships", rows, "partnerships")
    if not doc.partnerships:
        return
    by_id = {p.id: p for p in doc.partnerships}
    chosen = choose_one(
        st, tr("partners.choose"), list(by_id), format_func=lambda k: by_id[k].name, key="partnership_detail"
    )
    p = by_id[chosen]

    def save(summary: str, **changes: object) -> None:
        session.save_record("partnerships", p.id, summary, **changes)

    helper, plans = st.tabs([tr("partners.helper"), tr("partners.plans")])
    with helper:
        legal_helper(doc, p, save)
    with plans:
        financing_and_business_plan(doc, p, save)


for tab, view in ((tab_register, register_view), (tab_per_action, per_action_view), (tab_setups, setups_view)):
    if tab.open:
        with tab:
            view(doc)
