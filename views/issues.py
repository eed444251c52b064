"""Step 2 — priority issues: from the evidence of the assessment, scored on weighted criteria,
placed on the priority matrix, ranked and selected."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from components import session
from components.guidance import step_header
from components.i18n import tr
from components.issue_priorities import matrix_section, scores_section
from components.records import Column, edit_records
from components.widgets import choose_one, lazy_expander, lazy_tabs
from domain.ids import next_id
from domain.model import Criterion, CriterionFamily, Evidence, Issue

doc = step_header(2)
a = doc.assessment

# Everything an issue can cite, by kind: (evidence field, id -> label)
swot = {x.id: f"{tr(f'enum.swot.{x.quadrant}')} · {x.text}" for x in a.swot}
needs = {x.id: f"{tr(f'enum.need_kind.{x.kind}')} · {x.text}" for x in a.needs}
indicators = {x.id: x.name for x in a.indicators}
initiatives = {x.id: x.name for x in a.initiatives}
EVIDENCE = {"swot_ids": swot, "need_ids": needs, "indicator_ids": indicators, "initiative_ids": initiatives}


def criteria() -> None:
    """The scoring criteria, folded once some exist."""
    criteria_box = lazy_expander(tr("issues.criteria"), "criteria_box", expanded=not doc.criteria)
    if criteria_box.open:
        criteria_box.caption(tr("issues.criteria_help"))
        with criteria_box:
            rows = edit_records(
                "criteria",
                doc.criteria,
                Criterion,
                [
                    Column("label", "field.label"),
                    Column(
                        "family", "field.family", "select", list(get_args(CriterionFamily)), enum="criterion_family"
                    ),
                    Column("weight", "field.weight", "float", min_value=0, max_value=100, width="small"),
                ],
                id_kind="criterion",
                id_field="key",
                defaults={"family": "impact", "weight": 1.0},
            )
        if rows is not None:
            session.save_at("criteria", rows, "criteria")


def issues_list() -> None:
    """The issues, each with the evidence it cites: created from a piece of evidence or typed."""
    # Built only while open: its list names every piece of evidence of the assessment.
    evidence_box = lazy_expander(tr("issues.from_evidence"), "from_evidence_box", icon=":material/add_link:")
    if evidence_box.open:
        with evidence_box:
            options = [(field, rid) for field, labels in EVIDENCE.items() for rid in labels]
            if not options:
                st.caption(tr("issues.no_evidence_yet"))
            else:
                kinds = {field: tr(f"issues.kind.{field}") for field in EVIDENCE}
                source = choose_one(
                    st,
                    tr("issues.evidence_item"),
                    options,
                    format_func=lambda o: f"{kinds[o[0]]} — {EVIDENCE[o[0]][o[1]]}"[:160],
                    key="issue_source",
                )
                suggested = EVIDENCE[source[0]][source[1]].split(" · ")[-1].strip('«» "')[:300]
                with st.form(f"from-evidence-{source[1]}-{doc.revision}"):
                    title = st.text_input(tr("field.title"), value=suggested, max_chars=300)
                    theme = st.text_input(tr("field.theme"), max_chars=300)
                    if st.form_submit_button(tr("issues.create_from"), type="primary"):
                        if not title.strip():
                            st.error(tr("home.title_required"))
                        else:
                            issue = Issue(
                                id=next_id("issue", [i.id for i in doc.issues]),
                                title=title.strip(),
                                theme=theme.strip(),
                                evidence=Evidence(**{source[0]: [source[1]]}),
                            )
                            session.save_at("issues", [*doc.issues, issue], "issue:from_evidence")

    st.caption(tr("issues.issues_help"))
    rows = edit_records(
        "issues",
        doc.issues,
        Issue,
        [
            Column("title", "field.title"),
            Column("theme", "field.theme"),
            Column("description", "field.description", "long"),
            Column("evidence.swot_ids", "field.evidence_swot", "multi", list(swot), labels=swot),
            Column("evidence.need_ids", "field.evidence_needs", "multi", list(needs), labels=needs),
            Column("evidence.indicator_ids", "field.evidence_indicators", "multi", list(indicators), labels=indicators),
            Column(
                "evidence.initiative_ids", "field.evidence_initiatives", "multi", list(initiatives), labels=initiatives
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


# The method's order, a tab each, and only the open one runs: the list, the scoring, then the
# matrix and ranking (a grid of every issue, a chart of every issue).
TABS = ("issues", "scores", "matrix")
list_tab, scores_tab, matrix_tab = lazy_tabs([f"issues.{n}" for n in TABS], "issues_tab")
if list_tab.open:
    with list_tab:
        issues_list()
if scores_tab.open:
    with scores_tab:
        criteria()
        scores_section(doc, EVIDENCE)
if matrix_tab.open:
    with matrix_tab:
        matrix_section(doc)
