"""Home: the strategies in the store — open, create, import, duplicate, rename, delete."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from components import clashes, members, session
from components.formatting import timestamp
from components.i18n import enum_label, lang, tr
from components.keys import Key, Page
from components.new_strategy import render_create, render_import
from components.text import md_escape
from components.widgets import choose_one, date_field, show_table
from domain.model import Authors, StrategyStatus
from domain.storage import ForbiddenError, UnreadableError

st.title(tr("home.title"))
st.markdown(tr("home.intro"))

flash = st.session_state.pop(Key.FLASH, None)
if flash:
    st.success(flash)
missing = st.session_state.pop(Key.MISSING_STRATEGY, None)
if missing:
    st.warning(tr("home.missing", id=md_escape(missing[:40])))
unreadable = st.session_state.get(Key.UNREADABLE)
if unreadable:
    st.error(
        tr("home.unreadable", revision=unreadable["revision"])
        + "\n\n"
        + "\n".join(f"- {line}" for line in unreadable["problems"])
    )
    if unreadable["restorable"] and st.button(
        tr("home.restore_readable", revision=unreadable["restorable"]), type="primary", icon=":material/history:"
    ):
        if session.restore_last_readable(unreadable["id"], unreadable["restorable"]):
            st.rerun()
        st.error(tr("save.db_error"))

store = session.store()
summaries = store.summaries(for_user=session.who())
doc = session.current()

# --- The strategies ---------------------------------------------------------------------
st.subheader(tr("home.list"))
if not summaries:
    st.info(tr("home.empty"))
elif doc is None and {s.id for s in summaries} <= session.sample_ids():
    # A first visit: only the sample is here.
    first, go = st.columns([4, 1], vertical_alignment="center")
    first.info(tr("home.first_visit"), icon=":material/waving_hand:")
    if go.button(tr("home.open_sample"), type="primary", icon=":material/explore:", width="stretch"):
        if session.open_strategy(summaries[0].id):
            st.switch_page(Page.ASSESSMENT, query_params={"s": summaries[0].id})
        st.rerun()
if summaries:
    ids = [s.id for s in summaries]
    # The example speaks French; in the list its title is in the user's language.
    titles = {s.id: tr("home.sample_title") if s.id in session.sample_ids() else s.title for s in summaries}
    labels = {s.id: f"{titles[s.id]} — {s.territory}" if s.territory else titles[s.id] for s in summaries}
    show_table(
        st,
        [
            {
                tr("home.col.title"): titles[s.id],
                tr("home.col.territory"): s.territory,
                tr("home.col.revision"): s.revision,
                tr("home.col.updated"): timestamp(s.updated_at, lang(), session.time_zone()),
            }
            for s in summaries
        ],
        hide_index=True,
        width="stretch",
    )
    chosen = choose_one(
        st,
        tr("home.choose"),
        ids,
        index=ids.index(doc.id) if doc and doc.id in ids else 0,
        format_func=lambda sid: labels[sid],
        key=f"home_choice-{doc.id if doc else None}",  # follows the strategy in use
    )
    c1, c2, c3, c4 = st.columns(4)
    if c1.button(tr("home.open"), type="primary", icon=":material/folder_open:", width="stretch"):
        if session.open_strategy(chosen):
            st.switch_page(Page.ASSESSMENT, query_params={"s": chosen})
        st.rerun()  # it did not open: this page says why
    if c2.button(tr("home.duplicate"), icon=":material/content_copy:", width="stretch"):
        try:
            copy = store.duplicate(
                chosen, title=tr("home.copy_of", title=labels[chosen].split(" — ")[0]), by=session.who()
            )
        except UnreadableError:
            session.open_strategy(chosen)  # records why, for the message above
        else:
            session.open_strategy(copy.id)
        st.rerun()
    with c3.popover(tr("home.rename"), icon=":material/edit:", width="stretch"), st.form("rename"):
        new_title = st.text_input(tr("home.new_title"), value=labels[chosen].split(" — ")[0], max_chars=300)
        if st.form_submit_button(tr("home.rename_do")):
            if not new_title.strip():
                st.error(tr("home.title_required"))
            else:
                session.open_strategy(chosen)
                session.update("rename", title=new_title.strip())
                st.rerun()
    with c4.popover(tr("home.delete"), icon=":material/delete:", width="stretch"):
        st.warning(tr("home.delete_confirm", title=md_escape(labels[chosen])))
        confirm = st.checkbox(tr("home.delete_understood"), key=f"confirm-{chosen}")
        if st.button(tr("home.delete_do"), type="primary", disabled=not confirm):
            try:
                store.delete(chosen, by=session.who())
            except ForbiddenError:
                st.error(tr("home.delete_owner_only"))
            else:
                if doc and doc.id == chosen:
                    session.close_strategy()
                st.rerun()

# --- The strategy in use: its properties -------------------------------------------------
if doc is not None:
    st.subheader(tr("home.properties"))
    if doc.illustrative:
        st.caption(tr("page.illustrative"))
    clashes.beside_fields("title")
    clashes.beside_fields("authors")
    with st.form(f"properties-{doc.revision}"):
        title = st.text_input(tr("field.title"), value=doc.title, max_chars=300)
        a1, a2 = st.columns(2)
        consultant = a1.text_input(tr("field.consultant"), value=doc.authors.consultant, max_chars=300)
        lead = a2.text_input(tr("field.project_lead"), value=doc.authors.project_lead, max_chars=300)
        h1, h2, h3, h4 = st.columns(4)
        start = h1.number_input(tr("field.horizon_start"), 1900, 2200, value=doc.horizon_start, step=1)
        end = h2.number_input(tr("field.horizon_end"), 1900, 2200, value=doc.horizon_end, step=1)
        status = choose_one(
            h3,
            tr("field.status"),
            list(get_args(StrategyStatus)),
            index=list(get_args(StrategyStatus)).index(doc.status),
            format_func=enum_label("strategy_status"),
        )
        deliberation = date_field(h4, tr("field.deliberation_date"), value=doc.deliberation_date)
        if st.form_submit_button(tr("form.save"), type="primary"):
            if not title.strip():
                st.error(tr("home.title_required"))
            elif start and end and end < start:
                st.error(tr("problem.date.end_before_start"))
            else:
                session.update(
                    "properties",
                    title=title.strip(),
                    authors=Authors(consultant=consultant, project_lead=lead),
                    horizon_start=int(start) if start else None,
                    horizon_end=int(end) if end else None,
                    status=status,
                    deliberation_date=deliberation,
                )
                st.rerun()

    members.render()

render_create()
render_import()
