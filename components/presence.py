"""What follows a person rather than a page: the language and presentation mode they chose
(kept in the store, so a reload, another device or another replica finds them), and who else
has the same strategy open right now."""

from __future__ import annotations

import contextlib
import secrets

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components import identity, session
from components.keys import Key
from domain.storage.presence import Present

REFRESH_SECONDS = 15  # the sidebar's presence refreshes every 20 s; page reruns in between reuse it


def restore_preferences() -> None:
    """Once per browser session, on its first run: the language and presentation mode this
    person chose last time (on any device) replace the browser's defaults."""
    if st.session_state.get(Key.PREFERENCES_RESTORED):
        return
    st.session_state[Key.PREFERENCES_RESTORED] = True
    try:
        chosen = session.store().people.preferences(session.who())
    except SQLAlchemyError:
        return  # the browser's language, and the page as usual
    if chosen is not None:
        if chosen.lang in ("fr", "en"):
            st.session_state[Key.LANG] = chosen.lang
        st.session_state[Key.PRESENTING] = chosen.presenting


def remember_preferences() -> None:
    """Called when the language or presentation mode changes: kept for the next visit."""
    with contextlib.suppress(SQLAlchemyError):  # else the choice holds for this session only
        session.store().people.remember(
            session.who(),
            lang=str(st.session_state.get(Key.LANG, "fr")),
            presenting=bool(st.session_state.get(Key.PRESENTING)),
        )


def others_here() -> list[Present]:
    """The other people who have the strategy in use open right now (this one says it is here)."""
    doc = session.current()
    user = identity.current_user()
    if doc is None or user is None:
        return []
    session_id = st.session_state.setdefault(Key.BROWSER_SESSION, secrets.token_hex(8))
    try:
        return [
            p for p in session.store().people.here(doc.id, session_id, user.email, user.name) if p.email != user.email
        ]
    except SQLAlchemyError:
        return []
