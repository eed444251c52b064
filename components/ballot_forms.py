"""A workshop participant's voting forms, one per kind of session."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

import streamlit as st

from components.i18n import tr
from components.text import md_escape
from domain.workshop import MAX_TEXT, Ballot, Session


def vote_view(
    session: Session,
    pid: str,
    labels: dict[str, Any],
    criteria: dict[str, str],
    earlier: dict[tuple[str, str], float],
    send: Callable[[list[Ballot]], None],
) -> None:
    """The voting form of the session's kind, on a phone: a score per issue and criterion, a
    rating per axis, points to spread, or an idea. Each starts from the participant's earlier
    votes; `send` stores the ballots and says whether they were taken."""
    if session.kind == "score_issues":
        with st.form("scores"):
            ballots = []
            for item in session.items:
                st.markdown(f"**{md_escape(labels.get(item, item))}**")
                for key in session.criteria:
                    value = st.select_slider(
                        md_escape(criteria.get(key, key)),
                        options=[1, 2, 3, 4, 5],
                        value=int(earlier.get((item, key), 3)),
                        key=f"{item}-{key}",
                    )
                    ballots.append(Ballot(pid, item, key, value))
            if st.form_submit_button(tr("participate.send"), type="primary"):
                send(ballots)
    elif session.kind == "rate_axes":
        with st.form("rates"):
            ballots = [
                Ballot(
                    pid,
                    item,
                    "",
                    st.select_slider(
                        md_escape(labels.get(item, item)),
                        options=[1, 2, 3, 4, 5],
                        value=int(earlier.get((item, ""), 3)),
                        key=item,
                    ),
                )
                for item in session.items
            ]
            if st.form_submit_button(tr("participate.send"), type="primary"):
                send(ballots)
    elif session.kind in ("dot_vote_issues", "dot_vote_actions"):
        st.caption(tr("participate.points", points=session.points))
        with st.form("dots"):
            ballots = [
                Ballot(
                    pid,
                    item,
                    "",
                    st.number_input(
                        md_escape(labels.get(item, item)),
                        min_value=0,
                        max_value=session.points,
                        value=int(earlier.get((item, ""), 0)),
                        step=1,
                        key=item,
                    ),
                )
                for item in session.items
            ]
            if st.form_submit_button(tr("participate.send"), type="primary"):
                send(ballots)
    else:
        theme = session.items[0] if session.items else ""
        if theme:
            st.caption(tr("participate.theme", theme=md_escape(theme)))
        with st.form("idea", clear_on_submit=True):
            text = st.text_area(tr("participate.idea"), max_chars=MAX_TEXT)
            if st.form_submit_button(tr("participate.send"), type="primary"):
                send([Ballot(pid, f"idea-{secrets.token_hex(4)}", "", 0, text)])
