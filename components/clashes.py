"""Edits that clashed with someone else's: the same field of the same record changed by both.

Shown at the top of every page until settled, side by side (theirs, mine), with "keep mine"
and "keep theirs" for each; everything else of both edits is already saved.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components import session
from components.i18n import field_label, tr
from components.text import md_escape
from domain.merge import Conflict
from domain.model import Strategy


def render() -> None:
    clashes: list[Conflict] = st.session_state.get("clashes", [])
    doc = session.current()
    if not clashes or doc is None:
        return
    with st.container(border=True):
        st.warning(tr("clash.intro", count=len(clashes)), icon=":material/merge:")
        for n, clash in enumerate(clashes):
            st.markdown(f"**{md_escape(where(doc, clash))}**")
            theirs, mine = st.columns(2)
            theirs.caption(tr("clash.theirs"))
            theirs.code(shown(clash.theirs), language=None, wrap_lines=True)
            mine.caption(tr("clash.mine"))
            mine.code(shown(clash.mine), language=None, wrap_lines=True)
            keep_theirs, keep_mine, _ = st.columns([1, 1, 2])
            keep_mine.button(tr("clash.keep_mine"), key=f"clash-mine-{n}", on_click=session.keep_clash, args=(n, True))
            keep_theirs.button(
                tr("clash.keep_theirs"), key=f"clash-theirs-{n}", on_click=session.keep_clash, args=(n, False)
            )


def where(doc: Strategy, clash: Conflict) -> str:
    """'Action 1.2 Ouvrir un portail — title' from ('actions', 'ac-2', 'title')."""
    parts: list[str] = []
    container: Any = doc.model_dump(mode="json")
    for step in clash.path:
        if isinstance(container, list):
            record = next((r for r in container if isinstance(r, dict) and step in (r.get("id"), r.get("key"))), None)
            label = (record or {}).get("title") or (record or {}).get("name") or (record or {}).get("label") or step
            code = (record or {}).get("code")
            parts.append(f"{code} {label}" if code else str(label))
            container = record or {}
        else:
            name = str(step)
            parts.append(field_label(name))
            container = container.get(name) if isinstance(container, dict) else None
    return " — ".join(parts)


def shown(value: Any) -> str:
    if value is None:
        return tr("clash.deleted")
    if isinstance(value, dict | list):
        text = (
            ", ".join(f"{k}: {v}" for k, v in value.items()) if isinstance(value, dict) else ", ".join(map(str, value))
        )
    else:
        text = str(value)
    return text if len(text) <= 400 else text[:397] + "..."
