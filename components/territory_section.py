"""Step 1's territory: figures, the official territory, the territory's form, member communes."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from components import clashes, session
from components.formatting import number
from components.i18n import enum_label, lang, tr
from components.keys import Key
from components.records import Column, edit_records
from components.text import md_escape
from components.widgets import choose_code, choose_one, lazy_expander, number_field
from domain.model import MemberCommune, Strategy, TerritoryKind
from domain.territories import Place, search, source_note, territory_from

KINDS = list(get_args(TerritoryKind))


def official_territory(key: str | None = None) -> Place | None:
    """An official territory searched by name or code (INSEE / SIREN) and chosen among the
    matches; None until one is."""
    query = st.text_input(
        tr("home.search_territory"), key=key, max_chars=100, placeholder=tr("home.search_placeholder")
    )
    places = search(query) if query else []
    if query and not places:
        st.caption(tr("home.no_match"))
    if not places:
        return None
    return choose_one(
        st,
        tr("home.official_territory"),
        places,
        format_func=lambda p: f"{p.name} — {enum_label('territory_kind')(p.kind)} {p.code}",
    )


def render_territory(doc: Strategy) -> None:
    """The territory: its figures, the official territory to pick, its own form, its member
    communes (built only while unfolded: 300 communes are a large table)."""
    terr = doc.territory
    save = session.save_at
    st.header(tr("assessment.territory"))
    # The name as text (a long one wraps between its words), the figures as metrics.
    st.markdown(f"**{md_escape(terr.name) or '—'}**")
    m2, m3, m4 = st.columns(3)
    m2.metric(tr("field.population"), number(terr.population, lang()))
    m3.metric(tr("assessment.members_count"), len(terr.members))
    m4.metric(tr("field.area_km2"), number(terr.area_km2, lang()))

    with st.expander(tr("assessment.pick_official"), expanded=not terr.code):
        place = official_territory("terr_query")
        if place is not None:
            st.caption(tr("assessment.source", source=source_note()))
            if st.button(tr("assessment.use_territory"), type="primary"):
                picked = territory_from(place).model_copy(update={"notes": terr.notes})
                save("territory", picked, "territory:official")

    clashes.beside_fields("territory")
    territory_form(doc)

    members_box = lazy_expander(tr("assessment.members", count=len(terr.members)), "members_box")
    if members_box.open:
        with members_box:
            members = edit_records(
                "members",
                terr.members,
                MemberCommune,
                [
                    Column("code", "field.commune_code", width="small"),
                    Column("name", "field.commune_name"),
                    Column("population", "field.population", "int", min_value=0),
                ],
                id_kind=None,
                height=320,
            )
        if members is not None:
            save("territory.members", members, "members")


@st.fragment
def territory_form(doc: Strategy) -> None:
    """The territory's own fields. A fragment: its save button reruns this form alone until the
    change is saved, and the saved note is on screen before the whole page is rebuilt."""
    terr = doc.territory
    box = lazy_expander(tr("assessment.edit_territory"), Key.TERRITORY_FORM_BOX)
    if not box.open:
        return
    with box, st.form(f"territory-{doc.revision}"):
        c1, c2, c3 = st.columns(3)
        name = c1.text_input(tr("field.territory_name"), value=terr.name, max_chars=300)
        kind = choose_code(c2, tr("field.territory_kind"), KINDS, terr.kind, "territory_kind")
        code = c3.text_input(tr("field.territory_code"), value=terr.code, max_chars=9, help=tr("help.territory_code"))
        c4, c5, c6 = st.columns(3)
        population = c4.number_input(tr("field.population"), min_value=0, value=terr.population, step=1)
        year = c5.number_input(
            tr("field.population_year"), min_value=1900, max_value=2200, value=terr.population_year, step=1
        )
        area = number_field(c6, tr("field.area_km2"), terr.area_km2, min_value=0.0, max_value=1e6, required=False)
        notes = st.text_area(tr("field.notes"), value=terr.notes, max_chars=20_000)
        if st.form_submit_button(tr("form.save"), type="primary") and not area.problem:
            session.save_fields(
                "territory",
                "territory",
                labels={"name": tr("field.territory_name"), "code": tr("field.territory_code")},
                explain={"code": tr("assessment.bad_code")},
                name=name.strip(),
                kind=kind,
                code=code.strip().upper(),
                population=int(population) if population is not None else None,
                population_year=int(year) if year else None,
                area_km2=area.value,
                notes=notes,
            )
