"""Unsaved text of a form kept in the browser until saved or discarded (`drafts.js`).

Mounted once per page for a person who can edit the strategy in use; the script keeps what
they type into any form's text fields, gives it back after a reload (saying so at the form,
with a way to discard it) and forgets it when the form is submitted.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import session
from components.i18n import tr

_keeper = st.components.v2.component("strategy.draft_keeper", js=(Path(__file__).with_name("drafts.js")).read_text())


def keep() -> None:
    doc = session.current()
    if doc is None or not session.can_edit():
        return
    with st.sidebar:
        _keeper(
            key="draft-keeper",
            data={
                "scope": f"{session.who()}|{doc.id}",
                "revision": doc.revision,
                "restored": tr("draft.restored"),
                "discard": tr("draft.discard"),
            },
        )
