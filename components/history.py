"""The history of a strategy in words: who saved, when, and what changed in each revision,
filterable by person and by record; any earlier revision can be restored."""

from __future__ import annotations

import streamlit as st

from components import session
from components.formatting import timestamp
from components.i18n import field_label, known, lang, tr
from components.widgets import choose_one, show_table
from domain.changes import Change
from domain.model import Strategy
from domain.storage import MACHINE, ForbiddenError, StaleRevisionError

SHOWN = 200


def render(doc: Strategy) -> None:
    store = session.store()
    revisions = store.revisions(doc.id)[:SHOWN]
    words = store.changes_by_revision(doc.id)
    people = sorted({r.saved_by for r in revisions if r.saved_by})
    c1, c2 = st.columns(2)
    person = choose_one(
        c1, tr("history.person"), ["", *people], format_func=lambda p: person_name(p) if p else tr("history.everyone")
    )
    record = c2.text_input(tr("history.record"), max_chars=100, placeholder=tr("history.record_hint"))
    rows = []
    for r in revisions:
        changed = words.get(r.revision, [])
        if person and r.saved_by != person:
            continue
        if record and not any(record.lower() in c.record.lower() for c in changed):
            continue
        rows.append(
            {
                tr("export.col.revision"): r.revision,
                tr("export.col.saved_at"): timestamp(r.saved_at, lang(), session.time_zone()),
                tr("history.who"): person_name(r.saved_by),
                tr("history.what"): "\n".join(said(c) for c in changed) or summary_text(r.summary),
            }
        )
    show_table(st, rows, hide_index=True, width="stretch")
    older = [r.revision for r in revisions if r.revision != doc.revision]
    if not older or not session.can_edit():
        return
    c1, c2 = st.columns([2, 1])
    target = choose_one(c1, tr("export.restore_choose"), older, key="restore_revision")
    if c2.button(tr("export.restore_do"), icon=":material/history:"):
        try:
            restored = store.restore(doc.id, target, base_revision=doc.revision, by=session.who())
        except StaleRevisionError as exc:
            st.error(tr("save.conflict", latest=exc.latest))
        except ForbiddenError:
            st.error(tr("save.read_only"))
        else:
            session.open_strategy(restored.id)
            session.notice("success", tr("export.restored", revision=target, new=restored.revision))
            session.rerun_showing_notes()  # the whole page shows the restored revision at once


def said(change: Change) -> str:
    if not change.field:
        return tr("history.added" if change.after else "history.deleted", record=change.record)
    return tr(
        "history.changed",
        record=change.record,
        field=field_label(change.field),
        before=change.before,
        after=change.after,
    )


def person_name(saved_by: str) -> str:
    return tr("user.local") if saved_by == MACHINE else saved_by or "—"


def summary_text(summary: str) -> str:
    """A save's summary in words: "action:framing" -> "Fiche action — Cadrage"."""
    kind, _, detail = summary.partition(":")
    key = f"history.summary.{kind}"
    if known(key):
        return tr(key, detail=_part(detail))
    return field_label(kind) + (f" — {_part(detail)}" if detail else "")


def _part(detail: str) -> str:
    """The part of a record a save changed, in words (a tab of the action sheet, a field…)."""
    for key in (f"sheet.{detail}", f"actions.{detail}", f"history.part.{detail}"):
        if known(key):
            return tr(key)
    return field_label(detail) if detail else ""
