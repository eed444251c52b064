"""Export and history: the strategy as JSON, its consistency, and its earlier revisions."""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st

from components import session
from components.formatting import timestamp
from components.guidance import finding_text, require_strategy
from components.i18n import lang, tr
from domain.checks import consistency_findings
from domain.document import write_document
from domain.storage import StaleRevisionError

doc = require_strategy()
st.title(tr("export.title"))

st.header(tr("export.json"))
st.caption(tr("export.json_help"))
slug = re.sub(r"[^A-Za-z0-9]+", "-", doc.title).strip("-").lower()[:60] or "strategie"
st.download_button(
    tr("export.download_json"),
    data=lambda: write_document(doc),
    file_name=f"{slug}-{dt.date.today().isoformat()}.json",
    mime="application/json",
    icon=":material/download:",
    on_click="ignore",
    type="primary",
)

st.header(tr("export.check"))
findings = consistency_findings(doc)
if not findings:
    st.success(tr("export.check_ok"))
else:
    for step in range(1, 7):
        here = [f for f in findings if f.step == step]
        if here:
            st.markdown(f"**{step}. {tr(f'step.{step}.title')}** — {len(here)}")
            st.markdown("\n".join(f"- {finding_text(f)}" for f in here[:30]))

st.header(tr("export.history"))
history = session.store().revisions(doc.id)
st.dataframe(
    [
        {
            tr("export.col.revision"): r.revision,
            tr("export.col.saved_at"): timestamp(r.saved_at, lang()),
            tr("export.col.summary"): r.summary,
        }
        for r in history[:200]
    ],
    hide_index=True,
    width="stretch",
)
older = [r.revision for r in history if r.revision != doc.revision]
if older:
    c1, c2 = st.columns([2, 1])
    target = c1.selectbox(tr("export.restore_choose"), older, key="restore_revision")
    if c2.button(tr("export.restore_do"), icon=":material/history:"):
        try:
            restored = session.store().restore(doc.id, target, base_revision=doc.revision)
        except StaleRevisionError as exc:
            st.error(tr("save.conflict", latest=exc.latest))
        else:
            session.open_strategy(restored.id)
            st.success(tr("export.restored", revision=target, new=restored.revision))
