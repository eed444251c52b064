"""One action sheet in full: framing, legal aspects, economics, funding, schedule, follow-up.

Each part is its own form or table, saved at once; incoherent input (a milestone outside the
action's dates, funding above its cost, an own share below the legal minimum) is flagged
beside what was typed, with the reason and, for rules, their source.
"""

from __future__ import annotations

import datetime as dt
from typing import get_args

import streamlit as st
from pydantic import ValidationError

from components import clashes, session
from components.formatting import date as fmt_date
from components.formatting import money, percent
from components.i18n import enum_label, known, lang, say_problem, tr
from components.records import Column, edit_records
from components.text import md_escape
from components.widgets import choose_code, choose_many, choose_one, date_field, number_field, show_table
from domain.actions import action_problems
from domain.costs import vat_label
from domain.finance import summarise
from domain.funding import own_share, schemes, schemes_as_of
from domain.ids import next_id
from domain.model import (
    Action,
    ActionPartner,
    ActionStatus,
    CompetenceDomain,
    EconomicYear,
    FunderKind,
    FundingKind,
    FundingLine,
    FundingStatus,
    LegalStructure,
    Milestone,
    Participation,
    PartnerRole,
    Priority,
    Strategy,
    SupportType,
)
from domain.rules import rule
from domain.sheet_fields import field_label, sheet_fields

STATUSES = list(get_args(ActionStatus))
PRIORITIES = list(get_args(Priority))
PARTICIPATION = list(get_args(Participation))
SUPPORT = list(get_args(SupportType))
STRUCTURES = list(get_args(LegalStructure))
FUNDERS = list(get_args(FunderKind))
FUNDING_STATUS = list(get_args(FundingStatus))
FUNDING_KINDS = list(get_args(FundingKind))
DOMAINS = [d for d in get_args(CompetenceDomain) if d != "unspecified"]  # "unspecified": from older files
TARGETS = [
    "grand public",
    "jeunes",
    "seniors",
    "entreprises",
    "commerçants",
    "écoles",
    "élus",
    "agents",
    "associations",
]


class Sheet:
    """Saves one action of the strategy in use."""

    def __init__(self, doc: Strategy, action: Action) -> None:
        self.doc, self.action = doc, action
        self.index = next(i for i, a in enumerate(doc.actions) if a.id == action.id)

    def save(self, summary: str, **changes: object) -> None:
        # Dates that end before they start are refused here (the model keeps them, to be said);
        # what the model refuses, save_record says.
        try:
            trial = Action.model_validate({**self.action.model_dump(), **changes})
        except ValidationError:
            trial = self.action
        problems = action_problems(trial, f"actions[{self.index}]") if trial is not self.action else []
        if any(p.code == "date.end_before_start" for p in problems):
            st.error(say_problem(next(p for p in problems if p.code == "date.end_before_start")))
            return  # refused: the rest of the sheet stays as it was
        session.save_record("actions", self.action.id, summary, **changes)


def render_action_sheet(doc: Strategy, action: Action) -> None:
    sheet = Sheet(doc, action)
    clashes.beside_records([action])
    for problem in action_problems(action, f"actions[{sheet.index}]"):
        st.warning(say_problem(problem))
    tabs = st.tabs(
        [
            tr("sheet.framing"),
            tr("sheet.legal"),
            tr("actions.economics"),
            tr("actions.funding"),
            tr("sheet.schedule"),
            tr("sheet.follow_up"),
        ]
    )
    with tabs[0]:
        _framing(sheet)
    with tabs[1]:
        _legal(sheet)
    with tabs[2]:
        _economics(sheet)
    with tabs[3]:
        _funding(sheet)
    with tabs[4]:
        _schedule(sheet)
    with tabs[5]:
        _follow_up(sheet)


def _framing(sheet: Sheet) -> None:
    doc, act = sheet.doc, sheet.action
    axes = {ax.id: ax.title for ax in doc.axes}
    objectives = {o.id: o.text for ax in doc.axes if ax.id == act.axis_id for o in ax.objectives}
    members = {m.code: m.name for m in doc.territory.members}
    with st.form(f"framing-{act.id}-{doc.revision}"):
        c1, c2, c3 = st.columns([1, 4, 3])
        code = c1.text_input(tr("field.code"), value=act.code, max_chars=20)
        title = c2.text_input(tr("field.title"), value=act.title, max_chars=300)
        axis = choose_one(c3, tr("field.axis"), list(axes), index=list(axes).index(act.axis_id), format_func=axes.get)
        objective = choose_one(
            st,
            tr("field.objective"),
            [None, *objectives],
            index=[None, *objectives].index(act.objective_id) if act.objective_id in objectives else 0,
            format_func=lambda o: "—" if o is None else objectives[o],
        )
        description = st.text_area(tr("field.description"), value=act.description, max_chars=20_000)
        need = st.text_area(tr("field.need"), value=act.need, max_chars=20_000, height=90)
        effects = st.text_area(tr("field.expected_effects"), value=act.expected_effects, max_chars=20_000, height=90)
        s1, s2 = st.columns([1, 3])
        whole = s1.checkbox(tr("field.whole_territory"), value=act.whole_territory)
        scope = choose_many(
            s2,
            tr("field.scope_communes"),
            list(members),
            default=[c for c in act.scope_communes if c in members],
            format_func=members.get,
        )
        p1, p2, p3 = st.columns(3)
        owner = p1.text_input(tr("field.owner_service"), value=act.owner_service, max_chars=300)
        referent = p2.text_input(tr("field.elected_referent"), value=act.elected_referent, max_chars=300)
        lead = p3.text_input(tr("field.project_lead"), value=act.project_lead, max_chars=300)
        g1, g2 = st.columns(2)
        governance = g1.text_input(tr("field.governance"), value=act.governance, max_chars=300)
        participation = choose_code(g2, tr("field.participation"), PARTICIPATION, act.participation, "participation")
        skills = choose_many(
            st, tr("field.skills"), sorted(set(act.skills)), default=act.skills, accept_new_options=True
        )
        targets = choose_many(
            st,
            tr("field.targets"),
            sorted(set(TARGETS) | set(act.targets)),
            default=act.targets,
            accept_new_options=True,
        )
        declared = _declared_fields(act)
        if st.form_submit_button(tr("form.save"), type="primary"):
            if not title.strip():
                st.error(tr("home.title_required"))
            elif declared is not None:  # a refused figure is said under its field: nothing saved
                sheet.save(
                    "action:framing",
                    **declared,
                    code=code.strip(),
                    title=title.strip(),
                    axis_id=axis,
                    objective_id=objective if axis == act.axis_id else None,
                    description=description,
                    need=need,
                    expected_effects=effects,
                    whole_territory=whole,
                    scope_communes=scope,
                    owner_service=owner,
                    elected_referent=referent,
                    project_lead=lead,
                    governance=governance,
                    participation=participation,
                    skills=skills,
                    targets=targets,
                )
    stakeholders = {s.id: s.name for s in doc.stakeholders}
    st.markdown(f"**{tr('partners.per_action')}**")
    if not stakeholders:
        st.caption(tr("sheet.no_stakeholders"))
        return
    rows = edit_partners(f"sheet-partners-{act.id}", act, stakeholders)
    if rows is not None:
        sheet.save("action:partners", partners=[r.model_dump() for r in rows])


def _declared_fields(act: Action) -> dict[str, object] | None:
    """The fields declared for the sheet on the model (`domain.sheet_fields`), two a row; None
    when a figure typed there is refused."""
    values: dict[str, object] = {}
    refused = False
    declared = sheet_fields()
    for start in range(0, len(declared), 2):
        for where, field in zip(st.columns(2), declared[start : start + 2], strict=False):
            label = field_label(field, tr)
            current = getattr(act, field.name)
            hint = tr(field.help_key) if known(field.help_key) else None
            if field.kind == "number":
                low, high = field.low, field.high
                typed = number_field(where, label, current, min_value=low, max_value=high, required=False, help=hint)
                refused = refused or typed.problem is not None
                values[field.name] = typed.value
            else:
                values[field.name] = where.text_input(label, value=current or "", max_chars=300, help=hint)
    return None if refused else values


def edit_partners(key: str, act: Action, stakeholders: dict[str, str]) -> list[ActionPartner] | None:
    """The table of an action's partners (stakeholder and role); the new list when changed."""
    rows = edit_records(
        key,
        act.partners,
        ActionPartner,
        [
            Column("stakeholder_id", "field.stakeholder", "select", list(stakeholders), labels=stakeholders),
            Column("role", "field.partner_role", "select", list(get_args(PartnerRole)), enum="partner_role"),
        ],
        id_kind=None,
        defaults={"role": "operator"},
    )
    return None if rows is None else [r for r in rows if isinstance(r, ActionPartner)]


def _legal(sheet: Sheet) -> None:
    doc, act, legal = sheet.doc, sheet.action, sheet.action.legal
    partnerships = {p.id: p.name for p in doc.partnerships}
    with st.form(f"legal-{act.id}-{doc.revision}"):
        c1, c2 = st.columns(2)
        support = choose_one(
            c1,
            tr("field.support_type"),
            [None, *SUPPORT],
            index=[None, *SUPPORT].index(legal.support_type),
            format_func=lambda v: "—" if v is None else enum_label("support_type")(v),
            help=tr("help.support_type"),
        )
        mode = choose_one(
            c2,
            tr("field.contracting_mode"),
            [None, *STRUCTURES],
            index=[None, *STRUCTURES].index(legal.contracting_mode),
            format_func=lambda v: "—" if v is None else enum_label("legal_structure")(v),
        )
        note = st.text_input(tr("field.contracting_note"), value=legal.contracting_note, max_chars=300)
        partnership = choose_one(
            st,
            tr("field.partnership"),
            [None, *partnerships],
            index=[None, *partnerships].index(legal.partnership_id) if legal.partnership_id in partnerships else 0,
            format_func=lambda v: "—" if v is None else partnerships[v],
            help=tr("help.partnership"),
        )
        support_needed = st.checkbox(tr("field.legal_support_needed"), value=legal.legal_support_needed)
        notes = st.text_area(tr("field.notes"), value=legal.notes, max_chars=20_000)
        if st.form_submit_button(tr("form.save"), type="primary"):
            sheet.save(
                "action:legal",
                legal={
                    "support_type": support,
                    "contracting_mode": mode,
                    "contracting_note": note,
                    "partnership_id": partnership,
                    "legal_support_needed": support_needed,
                    "notes": notes,
                },
            )


def _economics(sheet: Sheet) -> None:
    doc, act, eco = sheet.doc, sheet.action, sheet.action.economics
    st.caption(tr("actions.economics_help"))
    rows = edit_records(
        f"economics-{act.id}",
        eco.years,
        EconomicYear,
        [
            Column("year", "field.year", "int", min_value=1900, max_value=2200),
            Column("investment", "field.investment", "float", min_value=0),
            Column("operating", "field.operating", "float", min_value=0),
            Column("savings", "field.savings", "float", min_value=0),
            Column("revenues", "field.revenues", "float", min_value=0),
        ],
        id_kind=None,
    )
    if rows is not None:
        years = sorted((r.model_dump() for r in rows), key=lambda y: y["year"])
        sheet.save("action:economics", economics={**eco.model_dump(), "years": years})
    with st.form(f"add-year-{act.id}-{doc.revision}"):
        st.markdown(f"**{tr('sheet.add_year')}**")
        c = st.columns(5)
        taken = {y.year for y in eco.years}
        first = max(taken) + 1 if taken else (doc.horizon_start or dt.date.today().year)
        year = c[0].number_input(tr("field.year"), 1900, 2200, value=min(max(first, 1900), 2200), step=1)
        amounts = {
            field: number_field(c[n], tr(f"field.{field}"), 0.0, min_value=0.0, max_value=1e12)
            for n, field in enumerate(("investment", "operating", "savings", "revenues"), start=1)
        }
        if st.form_submit_button(tr("sheet.add_year_do")) and not any(a.problem for a in amounts.values()):
            if int(year) in taken:
                st.error(tr("sheet.year_taken", year=int(year)))
            else:
                years = sorted(
                    [
                        *(y.model_dump() for y in eco.years),
                        {"year": int(year), **{f: a.value for f, a in amounts.items()}},
                    ],
                    key=lambda y: y["year"],
                )
                sheet.save("action:economics", economics={**eco.model_dump(), "years": years})
    with st.form(f"economics-params-{act.id}-{doc.revision}"):
        c1, c2, c3 = st.columns(3)
        lifetime = c1.number_input(tr("field.lifetime"), min_value=1, max_value=100, value=eco.lifetime_years, step=1)
        rate = number_field(
            c2,
            tr("field.discount_rate"),
            round(eco.discount_rate * 100, 3),
            min_value=0.0,
            max_value=100.0,
            digits=3,
            help=tr("help.discount_rate", source=rule("discount_rate").source),
        )
        vat = c3.checkbox(tr("field.vat_recoverable"), value=eco.vat_recoverable, help=tr("help.vat_recoverable"))
        if st.form_submit_button(tr("form.save")) and not rate.problem:
            sheet.save(
                "action:economics",
                economics={
                    **eco.model_dump(),
                    "lifetime_years": int(lifetime) if lifetime else None,
                    "discount_rate": (rate.value or 0.0) / 100,
                    "vat_recoverable": vat,
                },
            )
    summary = summarise(eco)
    if not summary.flows:
        st.info(tr("sheet.no_economics"))
        return
    current = lang()
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(f"{tr('sheet.total_costs')} ({tr(f'amounts.{vat_label(act)}')})", money(summary.total_costs, current))
    m2.metric(
        tr("sheet.npv"), money(summary.npv, current), help=tr("help.npv", rate=percent(summary.discount_rate, current))
    )
    m3.metric(
        tr("sheet.payback"),
        tr("sheet.payback_value", years=summary.payback_years, year=summary.payback_year)
        if summary.payback_year
        else tr("sheet.never"),
        help=tr("help.payback"),
    )
    m4.metric(tr("sheet.roi"), percent(summary.roi, current) if summary.roi is not None else "—", help=tr("help.roi"))
    show_table(
        st,
        [
            {
                tr("field.year"): str(f.year),
                tr("sheet.costs"): money(f.costs, current),
                tr("sheet.benefits"): money(f.benefits, current),
                tr("sheet.net"): money(f.net, current),
                tr("sheet.discounted"): money(f.discounted, current),
                tr("sheet.cumulative"): money(f.cumulative, current),
            }
            for f in summary.flows
        ],
        hide_index=True,
        width="stretch",
    )
    st.caption(tr("sheet.economics_explained", rate=percent(summary.discount_rate, current)))
    if not summary.vat_recoverable:
        fctva = rule("fctva_rate")
        st.caption(
            tr(
                "sheet.vat_not_recoverable",
                investment=money(summary.investment, current),
                fctva=money(summary.fctva, current),
                rate=percent(fctva.value, current),
                source=fctva.source,
            )
        )


def _funding(sheet: Sheet) -> None:
    doc, act = sheet.doc, sheet.action
    catalogue = {s.name: s for s in schemes()}
    st.caption(tr("sheet.funding_help", date=fmt_date(schemes_as_of(), lang())))
    rows = edit_records(
        f"funding-{act.id}",
        act.funding,
        FundingLine,
        [
            Column(
                "source",
                "field.source",
                "select",
                sorted({*catalogue, *(f.source for f in act.funding)}),
            ),
            Column("funder_kind", "field.funder_kind", "select", FUNDERS, enum="funder_kind"),
            Column("kind", "field.funding_kind", "select", FUNDING_KINDS, enum="funding_kind"),
            Column("amount", "field.amount", "float", min_value=0),
            Column("status", "field.status", "select", FUNDING_STATUS, enum="funding_status"),
            Column("date", "field.date", "date"),
            Column("reference", "field.reference"),
        ],
        id_kind="funding",
        defaults={"status": "planned", "funder_kind": "state", "kind": "grant"},
    )
    if rows is not None:
        lines = []
        for r in rows:
            line = r.model_dump()
            scheme = catalogue.get(line["source"])
            line["scheme"] = scheme.code if scheme else ""
            lines.append(line)
        sheet.save("action:funding", funding=lines)
    with st.form(f"add-line-{act.id}-{doc.revision}"):
        st.markdown(f"**{tr('sheet.add_line')}**")
        c1, c2, c3 = st.columns([3, 2, 2])
        source = choose_one(c1, tr("field.source"), list(catalogue), accept_new_options=True)
        amount = number_field(c2, tr("field.amount"), 0.0, min_value=0.0, max_value=1e12)
        status = choose_one(c3, tr("field.status"), FUNDING_STATUS, format_func=enum_label("funding_status"))
        c4, c5, _ = st.columns([3, 2, 2])
        kind = choose_one(
            c4,
            tr("field.funding_kind"),
            FUNDING_KINDS,
            format_func=enum_label("funding_kind"),
            help=tr("help.funding_kind"),
        )
        funder = choose_one(
            c5,
            tr("field.funder_kind"),
            [None, *FUNDERS],
            format_func={
                None: tr("sheet.funder_from_scheme"),
                **{k: enum_label("funder_kind")(k) for k in FUNDERS},
            }.get,
        )
        if st.form_submit_button(tr("sheet.add_line_do")) and not amount.problem:
            if not source or not amount.value:
                st.error(tr("sheet.line_incomplete"))
            else:
                scheme = catalogue.get(source)
                line = {
                    "id": next_id("funding", [f.id for f in act.funding]),
                    "source": source,
                    "scheme": scheme.code if scheme else "",
                    "funder_kind": funder or (scheme.funder_kind if scheme else "state"),
                    "kind": kind,
                    "amount": amount.value,
                    "status": status,
                }
                sheet.save("action:funding", funding=[*(f.model_dump() for f in act.funding), line])
    with st.form(f"own-share-rule-{act.id}-{doc.revision}"):
        st.markdown(f"**{tr('sheet.own_share_rule')}**")
        c1, c2 = st.columns([3, 2])
        domains = [None, *DOMAINS, *(["unspecified"] if act.competence_domain == "unspecified" else [])]
        domain_labels = {None: tr("sheet.no_domain"), **{d: enum_label("competence_domain")(d) for d in domains if d}}
        domain = choose_one(
            c1,
            tr("field.competence_domain"),
            domains,
            index=domains.index(act.competence_domain),
            format_func=domain_labels.get,
            help=tr("help.competence_domain"),
        )
        waiver = c2.checkbox(tr("field.ctec_waiver"), value=act.ctec_waiver, help=tr("help.ctec_waiver"))
        derogation = st.text_input(
            tr("field.own_share_derogation"),
            value=act.own_share_derogation,
            max_chars=300,
            help=tr("help.own_share_derogation"),
        )
        if st.form_submit_button(tr("form.save")):
            sheet.save(
                "action:own_share_rule",
                competence_domain=domain,
                ctec_waiver=waiver,
                own_share_derogation=derogation,
            )
    with st.expander(tr("sheet.schemes")):
        current = lang()
        show_table(
            st,
            [
                {tr("field.source"): s.name, tr("sheet.runner"): s.runner, tr("sheet.use"): s.use[current]}
                for s in schemes()
            ],
            hide_index=True,
            width="stretch",
        )
    _own_share(act, doc)


def _own_share(act: Action, doc: Strategy) -> None:
    check = own_share(act, doc.territory)
    current = lang()
    if check is None:
        st.caption(tr("sheet.own_share_na"))
        return
    c1, c2, c3 = st.columns(3)
    basis = tr(f"amounts.{vat_label(act)}")
    c1.metric(f"{tr('sheet.investment')} ({basis})", money(check.investment, current))
    c2.metric(tr("sheet.own_share"), money(check.own_share, current))
    c3.metric(
        tr("sheet.own_share_of_public"),
        percent(check.share_of_public, current) if check.share_of_public is not None else "—",
    )
    rule_text = tr(
        "sheet.rule",
        minimum=percent(check.minimum.value, current),
        source=check.minimum.source,
        date=fmt_date(check.minimum.as_of, current),
    )
    if check.repaid:
        st.caption(tr("sheet.repaid_in_own_share", amount=money(check.repaid, current)))
    if check.over_funded:
        st.error(tr("sheet.over_funded"))
    elif check.status == "exempt":
        st.info(tr("sheet.own_share_exempt") + " " + rule_text)
    elif check.status == "derogation":
        st.info(
            tr(
                "sheet.own_share_derogation",
                share=percent(check.share_of_public or 0, current),
                minimum=percent(check.minimum.value, current),
                derogation=md_escape(check.derogation),
            )
        )
    elif check.below_minimum:
        st.warning(
            tr(
                "sheet.own_share_low",
                share=percent(check.share_of_public or 0, current),
                minimum=percent(check.minimum.value, current),
            )
            + "\n\n"
            + rule_text
            + "\n\n"
            + check.minimum.note[current]
        )
    else:
        st.success(tr("sheet.own_share_ok", minimum=percent(check.minimum.value, current)) + " " + rule_text)


def _schedule(sheet: Sheet) -> None:
    doc, act = sheet.doc, sheet.action
    with st.form(f"schedule-{act.id}-{doc.revision}"):
        c1, c2, c3 = st.columns(3)
        start = date_field(c1, tr("field.start"), value=act.start)
        end = date_field(c2, tr("field.end"), value=act.end)
        recurring = c3.checkbox(tr("field.recurring"), value=act.recurring_yearly)
        d1, d2, d3 = st.columns(3)
        status = choose_code(d1, tr("field.status"), STATUSES, act.status, "action_status")
        priority = choose_code(d2, tr("field.priority"), PRIORITIES, act.priority, "priority")
        progress = d3.slider(tr("field.progress"), 0, 100, value=act.progress, step=5)
        if st.form_submit_button(tr("form.save"), type="primary"):
            sheet.save(
                "action:schedule",
                start=start,
                end=end,
                recurring_yearly=recurring,
                status=status,
                priority=priority,
                progress=progress,
            )
    st.markdown(f"**{tr('actions.milestones')}**")
    rows = edit_records(
        f"milestones-{act.id}",
        act.milestones,
        Milestone,
        [
            Column("name", "field.name"),
            Column("date", "field.date", "date"),
            Column("done", "field.done", "bool"),
        ],
        id_kind=None,
    )
    if rows is not None:
        sheet.save("action:milestones", milestones=sorted((r.model_dump() for r in rows), key=lambda m: m["date"]))


def _follow_up(sheet: Sheet) -> None:
    doc, act = sheet.doc, sheet.action
    indicators = {i.id: i.name for i in doc.indicators}
    with st.form(f"follow-{act.id}-{doc.revision}"):
        linked = choose_many(
            st,
            tr("field.indicators"),
            list(indicators),
            default=[i for i in act.indicator_ids if i in indicators],
            format_func=indicators.get,
        )
        documents = st.text_area(tr("field.documents"), value="\n".join(act.documents), help=tr("help.documents"))
        if st.form_submit_button(tr("form.save"), type="primary"):
            sheet.save(
                "action:follow_up",
                indicator_ids=linked,
                documents=[line.strip() for line in documents.splitlines() if line.strip()][:50],
            )
