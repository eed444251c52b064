"""The head of every step page: the method's guidance, what is complete and what to fix."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.formatting import date as fmt_date
from components.formatting import percent
from components.i18n import lang, problem_words, say_problem, tr
from components.keys import Key, Page
from components.session import current, derived
from components.text import md_escape
from components.widgets import lazy_expander
from domain.checks import Finding, consistency_findings
from domain.completeness import checks_by_step
from domain.model import Strategy


def require_strategy() -> Strategy:
    """The strategy in use, or a message and a link home (and the page stops)."""
    doc = current()
    if doc is None:
        st.info(tr("page.no_strategy"))
        st.page_link(Page.HOME, label=tr("page.go_home"), icon=":material/home:")
        st.stop()
    return doc


def step_header(step: int) -> Strategy:
    doc = require_strategy()
    st.title(f"{step}. {tr(f'step.{step}.title')}")
    if doc.illustrative:
        st.caption(tr("page.illustrative"))
    # Built only while open, as the findings below: folded, their text was still written out
    # (and read by the browser) on every visit of every step.
    guidance = lazy_expander(tr("page.guidance"), f"{Key.GUIDANCE_BOX}.{step}")
    if guidance.open:
        with guidance:
            st.markdown(tr(f"guidance.step{step}"))
    checks = derived(checks_by_step, doc)[step]
    missing = [c for c in checks if not c.complete]
    with st.expander(
        tr("page.completeness", done=len(checks) - len(missing), total=len(checks)),
        expanded=bool(missing),
    ):
        # One element per list, not one per line: each element costs the browser a render.
        st.markdown(
            "  \n".join(
                f"{':material/check_box:' if c.complete else ':material/check_box_outline_blank:'} "
                f"{tr(f'check.{c.code}')} — {c.done}/{c.total}"
                for c in checks
            )
        )
    findings = [f for f in derived(consistency_findings, doc) if f.step == step]
    if findings:
        box = lazy_expander(tr("page.findings", count=len(findings)), f"{Key.FINDINGS_BOX}.{step}")
        if box.open:
            with box:
                st.markdown("\n".join(f"- {finding_text(f)}" for f in findings[:50]))
    return doc


def finding_text(f: Finding) -> str:
    if f.code == "reference":
        return say_problem(f.params["problem"])
    if f.code == "action_problem":
        sentence = md_escape(problem_words(f.params["problem"]))
        return tr(
            "finding.action_problem",
            code=md_escape(f.params["code"]),
            title=md_escape(f.params["title"]),
            problem=sentence,
        )
    return tr(f"finding.{f.code}", **{k: _shown(k, v) for k, v in f.params.items()})


def _shown(name: str, value: object) -> object:
    """A finding's value as the message prints it: text escaped, dates and shares formatted."""
    if isinstance(value, str):
        return md_escape(value)
    if isinstance(value, dt.date):
        return fmt_date(value, lang())
    if isinstance(value, float) and name in ("share", "minimum"):
        return percent(value, lang())
    return value
