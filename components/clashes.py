"""Edits that clashed with someone else's: the same field of the same record changed by both.

Shown until settled, side by side (theirs, mine), with "keep mine" and "keep theirs" for each;
everything else of both edits is already saved. A clash is shown at the form or table that
edits its record (`beside_records`, `beside_fields`, called by them); those no form on the
page claims are shown at the top of the page (`render_rest`, after the page has run).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

import streamlit as st
from pydantic import BaseModel

from components import session
from components.i18n import field_label, tr
from components.keys import Key
from components.text import md_escape
from domain.merge import Conflict
from domain.model import Strategy

SHOWN_KEY = Key.CLASHES_SHOWN  # indexes of the clashes already shown in this run


def start_run() -> None:
    st.session_state[SHOWN_KEY] = set()


def beside_records(records: Sequence[BaseModel], fields: Collection[str] | None = None, id_field: str = "id") -> None:
    """The clashes about these records (about these fields of them, if given), here."""
    ids = {getattr(r, id_field, None) for r in records} - {None}
    _render(lambda c: bool(ids.intersection(c.path[:-1])) and (fields is None or str(c.path[-1]) in fields))


def beside_fields(*prefix: str) -> None:
    """The clashes about a part of the document (e.g. "territory"), here."""
    _render(lambda c: c.path[: len(prefix)] == prefix)


def render_rest() -> None:
    """The clashes no form on this page showed."""
    _render(lambda c: True)


def _render(match: Callable[[Conflict], bool]) -> None:
    clashes: list[Conflict] = st.session_state.get(Key.CLASHES, [])
    doc = session.current()
    shown_here: set[int] = st.session_state.setdefault(SHOWN_KEY, set())
    chosen = [(n, c) for n, c in enumerate(clashes) if n not in shown_here and match(c)]
    if not chosen or doc is None:
        return
    shown_here.update(n for n, _ in chosen)
    with st.container(border=True):
        st.warning(tr("clash.intro", count=len(chosen)), icon=":material/merge:")
        for n, clash in chosen:
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
