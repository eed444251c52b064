"""The library of typical actions (step 4): an action made from a template."""

from __future__ import annotations

import streamlit as st

from components import session
from components.formatting import money
from components.i18n import lang, tr
from components.keys import Key
from components.text import md_escape
from components.widgets import choose_one
from domain.actions import action_from_template, library, library_note
from domain.model import Strategy


def action_library(doc: Strategy) -> None:
    """The library of typical actions: one chosen, its indicative costs, skills, partners and
    targets, and a new action made from it on the axis chosen (its sheet opened next)."""
    current = lang()
    axes = {ax.id: ax.title for ax in doc.axes}
    note = library_note()
    st.caption(note[current])
    templates = library()
    c1, c2 = st.columns([3, 2])
    picked = choose_one(
        c1, tr("actions.template"), templates, format_func=lambda tpl: tpl.title[current], key="template"
    )
    axis_for = choose_one(c2, tr("field.axis"), list(axes), format_func=axes.get, key="template_axis")
    st.markdown(f"**{md_escape(picked.title[current])}** — {md_escape(picked.description[current])}")
    ranges = tr(
        "actions.indicative",
        inv_low=money(picked.investment[0], current),
        inv_high=money(picked.investment[1], current),
        op_low=money(picked.operating[0], current),
        op_high=money(picked.operating[1], current),
    )
    st.caption(ranges)
    st.markdown(
        "\n".join(
            "- " + tr("format.label_value", label=label, value=value)
            for label, value in (
                (tr("field.skills"), md_escape(", ".join(picked.skills))),
                (
                    tr("actions.partner_kinds"),
                    ", ".join(tr(f"enum.stakeholder_kind.{k}") for k in picked.partner_kinds),
                ),
                (tr("field.targets"), md_escape(", ".join(picked.targets))),
            )
        )
    )
    if st.button(tr("actions.create_from_template"), type="primary", icon=":material/library_add:"):
        new = action_from_template(doc, picked, axis_for, current, ranges)
        st.session_state[Key.OPEN_ACTION] = new.id
        session.save_at("actions", [*doc.actions, new], f"action:library:{picked.code}")
