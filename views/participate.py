"""A workshop participant's page, on a phone: join with the code, vote, nothing else.

Participants see only the titles of the items they vote on; they have no menu, no sidebar and no
access to the strategy. Their identity is a random token kept in the address, so reloading the
page keeps their ballots (voting again replaces them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components.ballot_forms import vote_view
from components.i18n import lang, tr
from components.session import store
from components.text import md_escape
from components.workshop_live import workshop_store
from domain.storage import NotFoundError, UnreadableError
from domain.storage.workshops import client_key
from domain.workshop import MAX_NAME, Ballot, Refusal, Session, normalise_code

ws = workshop_store()
lang()
st.title(tr("participate.title"))


def ask_code(message: str | None = None) -> None:
    if message:
        st.warning(message)
    with st.form("code"):
        code = st.text_input(tr("participate.code"), max_chars=12, placeholder="ABC234")
        if st.form_submit_button(tr("participate.join"), type="primary"):
            st.query_params["join"] = normalise_code(code)
            st.rerun()
    st.stop()


# Where this comes from, for the limits on joins and code guesses (a room behind one Wi-Fi
# shares an address, hence limits sized for a room).
client = client_key(st.context.ip_address)
code = normalise_code(st.query_params.get("join", ""))
if not code or code == "1":
    ask_code()
known = st.session_state.get(f"session-{code}")  # checked once in this tab: not a new attempt
found = (ws.get(known) if known else None) or ws.open_by_code(code, client)
if isinstance(found, Refusal):
    ask_code(tr(f"workshop.refused.{found.code}", **{k: md_escape(str(v)) for k, v in found.params.items()}))
session: Session = found  # type: ignore[assignment]
st.session_state[f"session-{code}"] = session.id
now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
if not session.is_open(now):
    st.info(tr("participate.closed"))
    st.stop()

st.subheader(md_escape(session.title))
pid = st.query_params.get("p", "") or st.session_state.get(f"participant-{session.id}", "")
if not pid or ws.participant_name(session.id, pid) is None:
    with st.form("join"):
        name = "" if session.anonymous else st.text_input(tr("participate.name"), max_chars=MAX_NAME)
        if session.anonymous:
            st.caption(tr("participate.anonymous"))
        if st.form_submit_button(tr("participate.join"), type="primary"):
            if not session.anonymous and not name.strip():
                st.error(tr("participate.name_required"))
            else:
                joined = ws.join(session, name.strip() or tr("participate.someone"), client)
                if isinstance(joined, Refusal):
                    st.error(tr(f"workshop.refused.{joined.code}", **joined.params))
                else:
                    st.session_state[f"participant-{session.id}"] = joined
                    st.query_params["p"] = joined
                    st.rerun()
    st.stop()
st.query_params["p"] = pid

cached: dict[str, Any] | None = st.session_state.get(f"labels-{session.id}")
if cached is None:
    # The titles of the items only: a participant never receives the rest of the strategy.
    try:
        doc = store().load(session.strategy_id)
    except (NotFoundError, UnreadableError):
        st.info(tr("participate.closed"))
        st.stop()
    cached = dict[str, Any](
        {i.id: i.title for i in doc.issues}
        | {a.id: a.label for a in doc.actions}
        | {ax.id: ax.title for ax in doc.axes}
    )
    cached["__criteria__"] = {c.key: c.label for c in doc.criteria}
    st.session_state[f"labels-{session.id}"] = cached
labels: dict[str, Any] = cached
criteria: dict[str, str] = labels.get("__criteria__", {})


def send(ballots: list[Ballot]) -> None:
    try:
        refusal = ws.vote(session, pid, ballots)
    except SQLAlchemyError:  # the database is unreachable or full: say so, the phone keeps the form
        st.error(tr("participate.not_saved"))
        return
    if refusal:
        st.error(tr(f"workshop.refused.{refusal.code}", **refusal.params))
    else:
        st.success(tr("participate.saved"))


def earlier_votes(session: Session) -> dict[tuple[str, str], float]:
    """This participant's votes so far (a phone opened again starts from them, not defaults)."""
    try:
        return {(b.item, b.criterion): b.value for b in ws.ballots_of(session.id, pid)}
    except SQLAlchemyError:
        return {}


vote_view(session, pid, labels, criteria, earlier_votes(session), send)
