"""The people of the strategy in use: who has which role; owners invite by e-mail and revoke."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import streamlit as st

from components import identity, session
from components.formatting import timestamp
from components.i18n import lang, tr
from components.widgets import choose_one, show_table
from domain.storage import ROLES, ForbiddenError, LastOwnerError

EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{2,}")


def render() -> None:
    doc = session.current()
    if doc is None:
        return
    store = session.store()
    role = session.role()
    st.subheader(tr("members.title"))
    people = store.members.of(doc.id)
    if not people:
        st.caption(tr("members.unclaimed"))
    else:
        show_table(
            st,
            [
                {
                    tr("members.email"): m.email if m.email != identity.LOCAL_EMAIL else tr("user.local"),
                    tr("members.role"): tr(f"role.{m.role}"),
                    tr("members.added"): timestamp(m.added_at, lang(), session.time_zone()),
                }
                for m in people
            ],
            hide_index=True,
            width="stretch",
        )
    st.caption(tr("members.your_role", role=tr(f"role.{role}") if role else "—"))
    if role != "owner":
        return
    if not identity.provider_configured():
        st.caption(tr("members.provider_needed"))
    with st.form(f"invite-{doc.id}", clear_on_submit=True):
        c1, c2 = st.columns([3, 1])
        email = c1.text_input(tr("members.email"), max_chars=320, placeholder="prenom.nom@collectivite.fr")
        labels = {r: tr(f"role.{r}") for r in ROLES}  # in the language of this run
        chosen = choose_one(c2, tr("members.role"), list(ROLES), index=1, format_func=labels.__getitem__)
        if st.form_submit_button(tr("members.invite"), icon=":material/person_add:"):
            if not EMAIL.fullmatch(email.strip()):
                st.error(tr("members.bad_email"))
            else:
                _change(lambda: store.members.set(doc.id, email, chosen, by=session.who()))
    _links(doc.id)
    others = [m.email for m in people if m.email != session.who()]
    if others:
        c1, c2 = st.columns([3, 1])
        gone = choose_one(c1, tr("members.revoke_who"), others, key=f"revoke-{doc.id}")
        if c2.button(tr("members.revoke"), icon=":material/person_remove:"):
            _change(lambda: store.members.remove(doc.id, gone, by=session.who()))


def _change(action) -> None:  # type: ignore[no-untyped-def]
    try:
        action()
    except LastOwnerError:
        st.error(tr("members.last_owner"))
    except ForbiddenError:
        st.error(tr("save.read_only"))
    else:
        st.rerun()


def _links(strategy_id: str) -> None:
    """Read-only links for elected officials: anyone holding one sees this strategy, changes
    nothing, until it is revoked."""
    store = session.store()
    active = store.members.links_of(strategy_id)
    with st.expander(tr("links.title", count=len(active)), icon=":material/link:"):
        st.caption(tr("links.help"))
        for link in active:
            c1, c2 = st.columns([4, 1])
            c1.code(link_url(link.token), language=None)
            if c2.button(tr("links.revoke"), key=f"revoke-link-{link.token[:8]}"):
                _change(lambda token=link.token: store.members.revoke_link(strategy_id, token, by=session.who()))
        if st.button(tr("links.create"), icon=":material/add_link:"):
            _change(lambda: store.members.create_link(strategy_id, by=session.who()))


def link_url(token: str) -> str:
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{parts.scheme}://{parts.netloc}/?view={token}"
