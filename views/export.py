"""Review and export: the consistency check with links to fix each gap, the traceability of an
axis or action, the documents (PDF, DOCX, XLSX, JSON), the action-plan import, the history."""

from __future__ import annotations

import streamlit as st

from components import history, session
from components.documents import documents, plan_import
from components.guidance import finding_text, require_strategy
from components.i18n import tr
from components.keys import Page
from components.text import md_escape
from components.widgets import choose_one, lazy_tabs
from domain.checks import consistency_findings
from domain.model import Strategy
from domain.traceability import trace_action, trace_axis

doc = require_strategy()
st.title(tr("export.title"))

TABS = ("review", "trace", "documents", "import", "history")
tabs = lazy_tabs([f"export.tab.{n}" for n in TABS], "export_tab")


def review(doc: Strategy) -> None:
    findings = session.derived(consistency_findings, doc)
    if not findings:
        st.success(tr("export.check_ok"))
        return
    st.caption(tr("export.check_help", count=len(findings)))
    for step in range(1, 7):
        here = [f for f in findings if f.step == step]
        if not here:
            continue
        with st.container(border=True):
            c1, c2 = st.columns([4, 1])
            c1.markdown(f"**{step}. {tr(f'step.{step}.title')}** — {len(here)}")
            c2.page_link(
                Page.OF_STEP[step], label=tr("export.fix"), icon=":material/build:", query_params={"s": doc.id}
            )
            st.markdown("\n".join(f"- {finding_text(f)}" for f in here[:40]))


def traceability(doc: Strategy) -> None:
    st.caption(tr("trace.help"))
    options = [("axis", ax.id) for ax in doc.axes] + [("action", a.id) for a in doc.actions]
    if not options:
        st.info(tr("trace.empty"))
        return
    names = {
        **{("axis", ax.id): f"{tr('field.axis')} — {ax.title}" for ax in doc.axes},
        **{("action", a.id): f"{tr('field.action')} — {a.label}" for a in doc.actions},
    }
    chosen = choose_one(st, tr("trace.choose"), options, format_func=names.get, key="trace_item")
    chain = trace_axis(doc, chosen[1]) if chosen[0] == "axis" else trace_action(doc, chosen[1])
    for level in chain:
        st.markdown(f"**{tr(f'trace.{level.kind}')}** ({len(level.items)})")
        if level.items:
            st.markdown("\n".join(f"- {md_escape(item)}" for item in level.items))
        else:
            st.caption(tr(f"trace.none.{level.kind}"))


for tab, view in zip(tabs, (review, traceability, documents, plan_import, history.render), strict=True):
    if tab.open:
        with tab:
            view(doc)
