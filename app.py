"""The frame of the app: page set-up, language, strategy in use, navigation.

The screens live in views/, not pages/: Streamlit treats a folder named pages/ as the legacy
multipage layout, and the first run after a start would then open a URL such as /assessment
without this frame (no sidebar, no strategy from the URL).
"""

from __future__ import annotations

import logging

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from components import warmup

# The first page's modules, if the server is importing them in the background, imported first:
# not by two threads at once (see components/warmup.py). Instant once done.
warmup.wait_first_page()

from components import (  # noqa: E402
    clashes,
    drafts,
    identity,
    leaflet_map,
    presence,
    primer,
    session,
    sidebar,
    vega_chart,
    widgets,
)
from components.i18n import tr  # noqa: E402
from components.keys import Page  # noqa: E402


def run_safely(page: StreamlitPage) -> None:
    """Run a page; an unexpected failure is logged on the server and said in the user's
    language, never shown as a traceback. Streamlit's own rerun and stop signals are not
    exceptions of this kind and pass through."""
    try:
        page.run()
    except Exception:
        logging.getLogger("strategy.app").exception("page %s failed", st.query_params.to_dict())
        st.error(tr("app.unexpected_error"), icon=":material/error:")


widgets.catch_page_not_found()
participant_mode = "join" in st.query_params
st.set_page_config(
    page_title="Stratégie d'innovation territoriale",
    page_icon=":material/hub:",
    layout="centered" if participant_mode else "wide",
    # On a phone an open sidebar covers the page: participants never get one.
    initial_sidebar_state="collapsed" if participant_mode else "auto",
)

if participant_mode:
    # A workshop participant: only the voting page, no menu, no strategy, no sidebar tools.
    sidebar.hide_sidebar()
    participant = st.navigation(
        [st.Page(Page.PARTICIPATE, title=tr("nav.participate"), url_path="join")], position="hidden"
    )
    run_safely(participant)
    st.stop()

# The language and presentation mode this person chose last time, before anything is labelled
# (the menu's titles included).
presence.restore_preferences()
PAGES = [
    st.Page(Page.HOME, title=tr("nav.home"), icon=":material/home:", url_path="home", default=True),
    st.Page(Page.ASSESSMENT, title=tr("nav.step1"), icon=":material/travel_explore:", url_path="assessment"),
    st.Page(Page.ISSUES, title=tr("nav.step2"), icon=":material/priority_high:", url_path="issues"),
    st.Page(Page.AXES, title=tr("nav.step3"), icon=":material/alt_route:", url_path="axes"),
    st.Page(Page.ACTIONS, title=tr("nav.step4"), icon=":material/checklist:", url_path="actions"),
    st.Page(Page.PARTNERSHIPS, title=tr("nav.step5"), icon=":material/handshake:", url_path="partnerships"),
    st.Page(Page.MONITORING, title=tr("nav.step6"), icon=":material/monitoring:", url_path="monitoring"),
    st.Page(Page.GOVERNANCE, title=tr("nav.governance"), icon=":material/groups:", url_path="governance"),
    st.Page(Page.EXPORT, title=tr("nav.export"), icon=":material/download:", url_path="export"),
    st.Page(Page.WORKSHOP, title=tr("nav.workshop"), icon=":material/how_to_vote:", url_path="workshop"),
    st.Page(Page.PRESENT, title=tr("nav.present"), icon=":material/slideshow:", url_path="present"),
]

if identity.current_user() is None:
    # A stranger (another device, no identity provider signed in): nothing of any strategy, and
    # every page's address leads to the sign-in page (not to a "page not found").
    sidebar.hide_sidebar()
    gate = [
        st.Page(identity.sign_in_page, title=tr("signin.title"), url_path=p.url_path or "home", default=n == 0)
        for n, p in enumerate(PAGES)
    ]
    run_safely(st.navigation(gate, position="hidden"))
    st.stop()

if identity.LINKED_KEY in st.session_state:  # a read-only link: its strategy, and kept in the URL
    st.query_params.setdefault("s", st.session_state[identity.LINKED_KEY])
    st.query_params.setdefault("view", st.session_state[identity.VIEW_KEY])
session.sync_with_url()
presenting = sidebar.presentation_mode()


if presenting:
    # Projecting: the key views only, no editing page in the menu.
    page = st.navigation([PAGES[-1]], position="hidden")
else:
    page = st.navigation(PAGES)
    sidebar.render_account()
    sidebar.render_strategy_panel()
    session.show_notices()
    drafts.keep()
    vega_chart.preload()
    leaflet_map.preload()
widgets.style()
widgets.say_page_not_found()
clashes.start_run()
top = st.container()  # filled after the page: the clashes no form of the page showed
run_safely(page)
if not presenting:
    with top:
        clashes.render_rest()
primer.draw_once()
warmup.page_sent()
