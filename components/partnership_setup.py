"""One partnership set-up of step 5: the legal-structure helper (questions, structures ranked
with their reasons and sources, the choice and its checklist), the financing plan and the
business plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import get_args

import streamlit as st

from components import clashes
from components.chart_cache import show_chart
from components.charts import PlanLabels, build_business_plan
from components.formatting import date, money
from components.i18n import lang, tr
from components.records import Column, edit_records
from components.text import md_escape
from components.widgets import choose_one, number_field, show_table
from domain.business_plan import business_plan, financing_table
from domain.legal_helper import Answers, decision_day, recommend, thresholds, thresholds_as_of
from domain.model import BusinessPlanYear, ChecklistItem, FinancingCell, LegalStructure, Partnership, Strategy

Save = Callable[..., None]  # save(summary, **changes) of the partnership shown
STRUCTURES = list(get_args(LegalStructure))


def legal_helper(doc: Strategy, p: Partnership, save: Save) -> None:
    """The legal-structure helper of one partnership: the questions, the structures ranked with
    their reasons and sources, the choice and its set-up checklist."""
    current = lang()
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
    current = lang()
    shown = {k: money(v, current) if k == "limit" and isinstance(v, int | float) else v for k, v in params.items()}
    text = tr(key, **shown)
    return text if markdown else text.replace("**", "")


def financing_and_business_plan(doc: Strategy, p: Partnership, save: Save) -> None:
    """A partnership's financing plan (by year and source) and business plan, with its chart."""
    current = lang()
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
