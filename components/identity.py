"""Who is using the app: a person signed in with the organisation's identity provider, or,
when none is configured, the person at the machine the app runs on.

With OpenID Connect set up in `.streamlit/secrets.toml` (section `[auth]`: ProConnect for
public agents, Microsoft Entra or Google for a consultancy; see the README), people sign in with
`st.login` and are known by their e-mail address. Without it, the app serves one machine with
no set-up: a browser on the machine itself (a loopback address, not relayed by a proxy) is its
owner, and any other device reaches nothing but a workshop's voting page.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import streamlit as st

from components.i18n import tr
from components.keys import Key
from domain.storage import MACHINE
from domain.storage.members import LINK_PREFIX

LOCAL_EMAIL = MACHINE  # the person at the machine, when no identity provider is configured
USER_KEY = Key.USER  # set by the sign-in below only: no widget has this key
VIEW_KEY = Key.READ_ONLY_VIEW  # the read-only link this session was opened with
LINKED_KEY = Key.READ_ONLY_STRATEGY  # the strategy that link opens
RELAY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")


@dataclass(frozen=True)
class User:
    email: str
    name: str

    @property
    def local(self) -> bool:
        return self.email == LOCAL_EMAIL


def provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError):  # no secrets file at all
        return False
    except Exception:  # an unreadable secrets file: no provider, the machine-only mode
        return False


def current_user() -> User | None:
    """The person using this browser session, or None for a stranger."""
    if provider_configured():
        info = st.user.to_dict()
        if info.get("is_logged_in") and isinstance(info.get("email"), str):
            email = info["email"].strip().lower()
            return User(email, str(info.get("name") or email))
        return link_holder()
    known = st.session_state.get(USER_KEY)
    if isinstance(known, User):
        return known
    if on_this_machine():
        user = User(LOCAL_EMAIL, tr("user.local"))
        st.session_state[USER_KEY] = user
        return user
    return link_holder()


def link_holder() -> User | None:
    """Someone who opened a read-only link (`?view=…`): a viewer of its strategy, checked at
    every run so that a revoked link stops working at once."""
    from components import session  # here: session itself asks who is using the app

    token = st.query_params.get("view") or st.session_state.get(VIEW_KEY)
    if not isinstance(token, str) or not token:
        return None
    strategy_id = session.store().members.linked_strategy(token)
    if strategy_id is None:
        st.session_state.pop(VIEW_KEY, None)
        return None
    st.session_state[VIEW_KEY] = token
    st.session_state[LINKED_KEY] = strategy_id
    return User(LINK_PREFIX + token, tr("user.link"))


def on_this_machine() -> bool:
    """A browser on the machine itself: a loopback connection that no proxy relayed.

    Streamlit gives the TCP peer's address (None for 127.0.0.1 and ::1 themselves); a proxy
    on the machine adds a forwarding header, which makes the connection a remote one again."""
    if not is_loopback(st.context.ip_address):
        return False
    headers = {k.lower() for k in st.context.headers}
    return not any(h in headers for h in RELAY_HEADERS)


def is_loopback(address: object) -> bool:
    """None (what Streamlit says for 127.0.0.1 and ::1), or a loopback address, also written
    as IPv4 within IPv6 (`::ffff:127.0.0.1`, what a server listening on every interface sees)."""
    if address is None:
        return True
    if not isinstance(address, str):
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    mapped = ip.ipv4_mapped if isinstance(ip, ipaddress.IPv6Address) else None
    return (mapped or ip).is_loopback


def sign_in_page() -> None:
    """What a stranger sees: how to get in, and the way to a workshop."""
    st.title(tr("signin.title"))
    if provider_configured():
        st.write(tr("signin.provider"))
        if st.button(tr("signin.do"), type="primary", icon=":material/login:"):
            st.login()
    else:
        st.info(tr("signin.machine_only"), icon=":material/lock:")
    st.caption(tr("signin.workshop"))
    with st.form("join-from-signin"):
        code = st.text_input(tr("participate.code"), max_chars=12, placeholder="ABC234")
        if st.form_submit_button(tr("participate.join")):
            st.query_params.clear()
            st.query_params["join"] = code
            st.rerun()
