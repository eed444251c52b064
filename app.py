"""The frame of the app: page set-up, language, strategy in use, navigation."""

from __future__ import annotations

import streamlit as st

from components import session, sidebar
from components.i18n import tr

st.set_page_config(page_title="Stratégie d'innovation territoriale", page_icon=":material/hub:", layout="wide")

sidebar.render_language_switch()
session.sync_with_url()

PAGES = [
    st.Page("pages/home.py", title=tr("nav.home"), icon=":material/home:", url_path="home", default=True),
    st.Page("pages/assessment.py", title=tr("nav.step1"), icon=":material/travel_explore:", url_path="assessment"),
    st.Page("pages/issues.py", title=tr("nav.step2"), icon=":material/priority_high:", url_path="issues"),
    st.Page("pages/axes.py", title=tr("nav.step3"), icon=":material/alt_route:", url_path="axes"),
    st.Page("pages/actions.py", title=tr("nav.step4"), icon=":material/checklist:", url_path="actions"),
    st.Page("pages/partnerships.py", title=tr("nav.step5"), icon=":material/handshake:", url_path="partnerships"),
    st.Page("pages/monitoring.py", title=tr("nav.step6"), icon=":material/monitoring:", url_path="monitoring"),
    st.Page("pages/export.py", title=tr("nav.export"), icon=":material/download:", url_path="export"),
]

page = st.navigation(PAGES)
sidebar.render_strategy_panel()
page.run()
