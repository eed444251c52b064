"""Step 4 — operational action plan: the actions table with filters, full action sheets, the
library of typical actions, the timeline and the budget."""

from __future__ import annotations

import datetime as dt
import zlib

import streamlit as st

from components import session
from components.action_library import action_library
from components.action_sheet import PRIORITIES, STATUSES, render_action_sheet
from components.guidance import step_header
from components.i18n import enum_label, tr
from components.keys import Key, Page
from components.plan_views import budget, timeline
from components.records import Column, edit_records
from components.widgets import choose_many, choose_one, language_key, lazy_tabs
from domain.actions import coded, is_late
from domain.edit import merge_shown
from domain.model import Action

doc = step_header(4)
if not doc.axes:
    st.info(tr("actions.no_axis"))
    st.page_link(Page.AXES, label=tr("nav.step3"), icon=":material/alt_route:")
    st.stop()

axes = {ax.id: ax.title for ax in doc.axes}
objectives = {o.id: f"{ax.title} › {o.text}" for ax in doc.axes for o in ax.objectives}
today = dt.date.today()

# Only the open tab runs: a 200-action plan would otherwise build every view on each rerun.
TABS = ("list", "sheet", "library", "timeline", "budget")
tab_list, tab_sheet, tab_library, tab_timeline, tab_budget = lazy_tabs(
    [f"actions.tab.{name}" for name in TABS], "actions_tab"
)


def filters(prefix: str) -> list[Action]:
    """The actions that pass the filters chosen above a view."""
    c1, c2, c3, c4 = st.columns(4)
    f_axes = choose_many(c1, tr("field.axis"), list(axes), format_func=axes.get, key=f"{prefix}-axis")
    f_status = choose_many(
        c2, tr("field.status"), STATUSES, format_func=enum_label("action_status"), key=f"{prefix}-status"
    )
    owners = sorted({a.owner_service for a in doc.actions if a.owner_service})
    f_owner = choose_many(c3, tr("field.owner_service"), owners, key=f"{prefix}-owner")
    f_priority = choose_many(
        c4, tr("field.priority"), PRIORITIES, format_func=enum_label("priority"), key=f"{prefix}-priority"
    )
    late_only = st.toggle(tr("actions.late_only"), key=f"{prefix}-late")
    return [
        a
        for a in doc.actions
        if (not f_axes or a.axis_id in f_axes)
        and (not f_status or a.status in f_status)
        and (not f_owner or a.owner_service in f_owner)
        and (not f_priority or a.priority in f_priority)
        and (not late_only or is_late(a, today))
    ]


# --- All the actions, filtered, with quick edits -----------------------------------------
def list_view() -> None:
    st.caption(tr("actions.sheets_help"))
    shown = filters("list")
    st.caption(tr("actions.shown", shown=len(shown), total=len(doc.actions)))
    rows = edit_records(
        f"actions-{zlib.crc32(' '.join(a.id for a in shown).encode())}",  # one table per filter
        shown,
        Action,
        [
            Column("code", "field.code", width="small"),
            Column("title", "field.title"),
            Column("axis_id", "field.axis", "select", list(axes), labels=axes),
            Column("objective_id", "field.objective", "select", list(objectives), labels=objectives),
            Column("owner_service", "field.owner_service"),
            Column("status", "field.status", "select", STATUSES, enum="action_status"),
            Column("priority", "field.priority", "select", PRIORITIES, enum="priority"),
            Column("start", "field.start", "date"),
            Column("end", "field.end", "date"),
            Column("progress", "field.progress", "int", min_value=0, max_value=100, width="small"),
        ],
        id_kind="action",
        defaults={"status": "to_start", "priority": "medium", "progress": 0, "axis_id": next(iter(axes))},
        taken_ids=[a.id for a in doc.actions],
        height=min(38 + 35 * (len(shown) + 1), 600),
    )
    if rows is not None:
        edited = [a for a in rows if isinstance(a, Action)]
        merged = merge_shown(doc.actions, {a.id for a in shown}, edited)
        session.save_at("actions", coded(doc, merged), "actions")


# --- One sheet in full -------------------------------------------------------------------
def sheet_view() -> None:
    if not doc.actions:
        st.info(tr("actions.none_yet"))
    else:
        by_id = {a.id: a for a in doc.actions}
        if st.session_state.get(Key.OPEN_ACTION) in by_id:  # a sheet just created from the library
            st.session_state[language_key(Key.ACTION_DETAIL)] = st.session_state.pop(Key.OPEN_ACTION)
        chosen = choose_one(
            st,
            tr("actions.choose"),
            list(by_id),
            format_func=lambda aid: f"{by_id[aid].code} {by_id[aid].title}".strip(),
            key=Key.ACTION_DETAIL,
        )
        render_action_sheet(doc, by_id[chosen])


# --- The library ---------------------------------------------------------------------------
def library_view() -> None:
    action_library(doc)


def timeline_view() -> None:
    timeline(doc, filters("timeline"))


for tab, view in (
    (tab_list, list_view),
    (tab_sheet, sheet_view),
    (tab_library, library_view),
    (tab_timeline, timeline_view),
    (tab_budget, lambda: budget(doc)),
):
    if tab.open:
        with tab:
            view()
