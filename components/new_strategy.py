"""A new strategy on the home page: created for an official territory (or one typed), or
imported from a strategy file."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from components import session, widgets
from components.i18n import enum_label, lang, say_problem, tr
from components.keys import Key, Page
from components.territory_section import official_territory
from components.text import md_escape
from components.widgets import choose_one
from domain.document import read_document, too_large
from domain.factory import new_strategy
from domain.model import TerritoryKind
from domain.territories import territory_from


def render_create() -> None:
    """Create a strategy: the official territory searched by name or code, or a territory typed."""
    st.subheader(tr("home.create"))
    place = official_territory()
    with st.form("create", clear_on_submit=False):
        new_title = st.text_input(
            tr("field.title"), value=tr("home.default_title", name=place.name) if place else "", max_chars=300
        )
        manual_name = st.text_input(tr("home.territory_manual"), max_chars=300, disabled=place is not None)
        kind = choose_one(
            st,
            tr("field.territory_kind"),
            list(get_args(TerritoryKind)),
            index=7,
            format_func=enum_label("territory_kind"),
            disabled=place is not None,
        )
        if st.form_submit_button(tr("home.create_do"), type="primary"):
            if not new_title.strip():
                st.error(tr("home.title_required"))
            elif place is None and not manual_name.strip():
                st.error(tr("home.territory_required"))
            else:
                current_lang = lang()
                created = session.create(
                    new_strategy(
                        new_title.strip(),
                        territory_from(place) if place else None,
                        territory_name=manual_name.strip(),
                        kind=kind,
                        language=current_lang,
                        criteria_label=lambda key: tr(f"criterion.{key}", in_lang=current_lang),
                    ),
                    "create",
                )
                if created is not None:
                    st.switch_page(Page.ASSESSMENT, query_params={"s": created.id})


def render_import() -> None:
    """Import a strategy file (JSON), checked in full before anything is stored; bounded in size before it is parsed."""
    st.subheader(tr("home.import"))
    st.caption(tr("home.import_help", limit=int(session.UPLOAD_LIMIT_MB)))
    upload = widgets.upload(st, tr("home.import_file"), ["json"], session.UPLOAD_LIMIT_MB, key="import_json")
    if upload is not None and st.button(tr("home.import_do"), type="primary"):
        limit = int(session.UPLOAD_LIMIT_MB * 1_048_576)
        refusal = too_large(upload.size, limit)  # refused before a byte of it is parsed
        result = read_document(upload.getvalue(), max_bytes=limit) if refusal is None else None
        problems = [refusal] if refusal else (result.problems if result else [])
        if problems or result is None or result.strategy is None:
            st.error(tr("home.import_refused", count=len(problems)))
            st.code("\n".join(say_problem(p, markdown=False) for p in problems[:200]), language=None)
        else:
            created = session.create(result.strategy, "import")
            if created is not None:
                notes = [tr("home.imported", title=md_escape(created.title))]
                if result.migrated_from:
                    notes.append(tr("home.import_migrated", version=result.migrated_from))
                st.session_state[Key.FLASH] = " ".join(notes)
                st.rerun()  # so that the sidebar shows the strategy just opened
