"""Step 5 — partnerships: stakeholder register and matrix, partners per action, partnership
set-ups with the legal-structure helper, financing plan and business plan."""

from __future__ import annotations

import datetime as dt
from typing import get_args

import streamlit as st

from components import clashes, session
from components.action_sheet import edit_partners
from components.chart_cache import show_chart
from components.charts import PlanLabels, StakeholderPoint, build_business_plan, build_stakeholder_matrix
from components.formatting import date, money
from components.guidance import step_header
from components.i18n import lang, tr
from components.records import Column, edit_records
from components.text import md_escape
from components.widgets import choose_one, number_field, show_table
from domain.business_plan import business_plan, financing_table
from domain.legal_helper import Answers, decision_day, recommend, thresholds, thresholds_as_of
from domain.model import (
    BusinessPlanYear,
    ChecklistItem,
    FinancingCell,
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
tab_register, tab_per_action, tab_setups = st.tabs(
    [tr(f"partners.tab.{n}") for n in TABS], key="partners_tab", on_change="rerun"
)


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
        legal_helper(p, save)
    with plans:
        financing_and_business_plan(p, save)


def legal_helper(p: Partnership, save) -> None:  # type: ignore[no-untyped-def]
    st.caption(tr("helper.disclaimer", date=date(thresholds_as_of(), current)))
    day = decision_day([a for a in doc.actions if a.id in p.action_ids], dt.date.today())
    try:
        answers = Answers.model_validate(p.helper_answers)
    except ValueError:
        answers = Answers()
    yes_no = {True: tr("helper.yes"), False: tr("helper.no")}
    clashes.beside_records([p])
    with st.form(f"helper-{p.id}-{doc.revision}"):
        c1, c2, c3 = st.columns(3)
        purchase = choose_one(
            c1,
            tr("helper.q.purchase"),
            ["supplies_services", "works"],
            index=["supplies_services", "works"].index(answers.purchase),
            format_func=lambda v: tr(f"helper.purchase.{v}"),
        )
        who_pays = choose_one(
            c2,
            tr("helper.q.who_pays"),
            ["authority", "users", "mixed"],
            index=["authority", "users", "mixed"].index(answers.who_pays),
            format_func=lambda v: tr(f"helper.who_pays.{v}"),
        )
        risk = choose_one(
            c3,
            tr("helper.q.operating_risk"),
            ["authority", "operator"],
            index=["authority", "operator"].index(answers.operating_risk),
            format_func=lambda v: tr(f"helper.risk.{v}"),
        )
        c4, c5, c6 = st.columns(3)
        objects = list(get_args(Answers.model_fields["partnership_object"].annotation))
        partnership_object = choose_one(
            c6,
            tr("helper.q.partnership_object"),
            objects,
            index=objects.index(answers.partnership_object),
            format_func={o: tr(f"helper.partnership_object.{o}") for o in objects}.get,
            help=tr("help.partnership_object"),
        )
        value = number_field(c4, tr("helper.q.value"), float(answers.value_eur), min_value=0.0, max_value=1e11)
        years = c5.number_input(
            tr("helper.q.duration"), min_value=1, max_value=99, value=answers.duration_years, step=1
        )
        flags = {}
        cols = st.columns(2)
        for n, name in enumerate(
            (
                "innovative",
                "research_needed",
                "performance_targets",
                "keep_control",
                "private_investment",
                "several_authorities",
                "third_party_initiative",
                "development_operation",
                "cultural_or_environmental",
                "lacks_project_skills",
                "cooperative_members",
            )
        ):
            flags[name] = cols[n % 2].radio(
                tr(f"helper.q.{name}"),
                [True, False],
                index=0 if getattr(answers, name) else 1,
                format_func=yes_no.get,
                horizontal=True,
            )
        if st.form_submit_button(tr("helper.run"), type="primary") and not value.problem:
            new = Answers(
                purchase=purchase,
                who_pays=who_pays,
                operating_risk=risk,
                value_eur=value.value or 0.0,
                partnership_object=partnership_object,
                duration_years=int(years),
                **flags,
            )
            ranking = [r.structure for r in recommend(new, day)]
            save("partnership:helper", helper_answers=new.model_dump(), ranking=ranking)
    if not p.helper_answers:
        return
    recs = recommend(answers, day)
    st.markdown(f"**{tr('helper.ranking')}**")
    for n, rec in enumerate(recs[:5], start=1):
        chosen_mark = " :material/check_circle:" if p.structure == rec.structure else ""
        with st.expander(
            f"{n}. {tr(f'enum.legal_structure.{rec.structure}')} — {tr('helper.score', score=rec.score)}{chosen_mark}",
            expanded=n == 1,
        ):
            for code, params in rec.fits:
                st.markdown(f"- ✔ {reason(f'why.{code}', params)}")
            for code, params in rec.against:
                st.markdown(f"- ✖ {reason(f'whynot.{code}', params)}")
            st.markdown(f"**{tr('helper.obligations')}** {tr(f'obligations.{rec.structure}')}")
            if st.button(tr("helper.choose"), key=f"choose-{p.id}-{rec.structure}"):
                why = "; ".join(reason(f"why.{code}", params, markdown=False) for code, params in rec.fits)
                checklist = [
                    ChecklistItem(text=item).model_dump() for item in tr(f"checklist.{rec.structure}").split("\n")
                ]
                save("partnership:structure", structure=rec.structure, reasons=why, checklist=checklist)
    with st.expander(tr("helper.thresholds_on", date=date(day, current))):
        for th in thresholds(day).values():
            since = tr("helper.since", date=date(th.since, current))
            st.markdown(f"- **{money(th.value, current)}** ({since}) — {th.note[current]} ({md_escape(th.source)})")
    if p.checklist:
        st.markdown(f"**{tr('helper.checklist')}**")
        rows = edit_records(
            f"checklist-{p.id}",
            p.checklist,
            ChecklistItem,
            [Column("done", "field.done", "bool", width="small"), Column("text", "field.text")],
            id_kind=None,
        )
        if rows is not None:
            save("partnership:checklist", checklist=[r.model_dump() for r in rows])


def reason(key: str, params: dict[str, object], *, markdown: bool = True) -> str:
    shown = {k: money(v, current) if k == "limit" and isinstance(v, int | float) else v for k, v in params.items()}
    text = tr(key, **shown)
    return text if markdown else text.replace("**", "")


def financing_and_business_plan(p: Partnership, save) -> None:  # type: ignore[no-untyped-def]
    st.markdown(f"**{tr('partners.financing_plan')}**")
    rows = edit_records(
        f"financing-{p.id}",
        p.financing,
        FinancingCell,
        [
            Column("year", "field.year", "int", min_value=1900, max_value=2200),
            Column("source", "field.source"),
            Column("amount", "field.amount", "float", min_value=0),
        ],
        id_kind=None,
    )
    if rows is not None:
        save("partnership:financing", financing=[r.model_dump() for r in rows])
    years, table = financing_table(p)
    if table:
        show_table(
            st,
            [
                {
                    tr("field.source"): source,
                    **{str(y): money(by_year.get(y), current) for y in years},
                    tr("partners.total"): money(sum(by_year.values()), current),
                }
                for source, by_year in table.items()
            ],
            hide_index=True,
            width="stretch",
        )
    st.markdown(f"**{tr('partners.business_plan')}**")
    rows = edit_records(
        f"business-{p.id}",
        p.business_plan,
        BusinessPlanYear,
        [
            Column("year", "field.year", "int", min_value=1900, max_value=2200),
            Column("revenues", "field.revenues", "float", min_value=0),
            Column("operating_costs", "field.operating", "float", min_value=0),
            Column("investment", "field.investment", "float", min_value=0),
        ],
        id_kind=None,
    )
    if rows is not None:
        save("partnership:business_plan", business_plan=sorted((r.model_dump() for r in rows), key=lambda y: y["year"]))
    plan = business_plan(p)
    if plan:
        labels = PlanLabels(
            tr("field.year"),
            tr("field.amount"),
            tr("partners.measure"),
            tr("partners.cumulative"),
            {
                "revenues": tr("field.revenues"),
                "operating_costs": tr("field.operating"),
                "investment": tr("field.investment"),
            },
        )
        data = [(y.year, y.revenues, y.operating_costs, y.investment, y.cumulative) for y in plan]
        show_chart(
            ("business", doc.id, doc.revision, p.id, current),
            lambda: build_business_plan(data, labels),
            alt_text=tr("partners.business_plan"),
        )
        last = plan[-1]
        st.caption(tr("partners.cumulative_end", year=last.year, amount=money(last.cumulative, current)))


for tab, view in ((tab_register, register_view), (tab_per_action, per_action_view), (tab_setups, setups_view)):
    if tab.open:
        with tab:
            view(doc)
