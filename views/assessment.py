"""Step 1 — territorial assessment: territory and map, indicators, SWOT, initiatives,
consultations, needs and quotes, maturity."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from components import clashes, session
from components.chart_cache import show_chart
from components.charts import Comparison, ComparisonLabels, build_indicator_comparison, build_maturity_chart
from components.formatting import number
from components.guidance import step_header
from components.i18n import enum_label, lang, tr
from components.indicator_import import render_csv_import
from components.records import Column, edit_records
from components.territory_map import render_map_section
from components.text import md_escape
from components.widgets import choose_code, choose_one, lazy_expander, number_field
from domain.model import (
    Audience,
    Consultation,
    ConsultationKind,
    ContextIndicator,
    Initiative,
    InitiativeStatus,
    MaturityScore,
    MemberCommune,
    Need,
    NeedKind,
    SwotItem,
    SwotQuadrant,
    TerritoryKind,
)
from domain.territories import search, source_note, territory_from

doc = step_header(1)
terr = doc.territory
a = doc.assessment
save = session.save_at
KINDS = list(get_args(TerritoryKind))
AUDIENCES = list(get_args(Audience))
QUADRANTS = list(get_args(SwotQuadrant))
MATURITY_THEMES = ["services", "mobility", "energy", "economy", "data", "participation", "inclusion", "culture"]

# --- Territory --------------------------------------------------------------------------
st.header(tr("assessment.territory"))
m1, m2, m3, m4 = st.columns(4)
m1.metric(tr("field.territory_name"), md_escape(terr.name) or "—")  # a metric's value is Markdown too
m2.metric(tr("field.population"), number(terr.population, lang()))
m3.metric(tr("assessment.members_count"), len(terr.members))
m4.metric(tr("field.area_km2"), number(terr.area_km2, lang()))

with st.expander(tr("assessment.pick_official"), expanded=not terr.code):
    query = st.text_input(
        tr("home.search_territory"), key="terr_query", max_chars=100, placeholder=tr("home.search_placeholder")
    )
    places = search(query) if query else []
    if query and not places:
        st.caption(tr("home.no_match"))
    if places:
        place = choose_one(
            st,
            tr("home.official_territory"),
            places,
            format_func=lambda p: f"{p.name} — {enum_label('territory_kind')(p.kind)} {p.code}",
        )
        st.caption(tr("assessment.source", source=source_note()))
        if st.button(tr("assessment.use_territory"), type="primary"):
            picked = territory_from(place).model_copy(update={"notes": terr.notes})
            save("territory", picked, "territory:official")

clashes.beside_fields("territory")
with st.expander(tr("assessment.edit_territory")), st.form(f"territory-{doc.revision}"):
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

render_map_section(doc)

# --- The assessment's records -------------------------------------------------------------
indicator_labels = {i.id: i.name for i in a.indicators}
consultation_labels = {c.id: c.title or c.id for c in a.consultations}
tabs = st.tabs(
    [
        tr("assessment.indicators"),
        tr("assessment.swot"),
        tr("assessment.initiatives"),
        tr("assessment.consultations"),
        tr("assessment.needs"),
        tr("assessment.maturity"),
    ]
)
with tabs[0]:
    rows = edit_records(
        "indicators",
        a.indicators,
        ContextIndicator,
        [
            Column("theme", "field.theme"),
            Column("name", "field.name"),
            Column("value", "field.value", "float"),
            Column("unit", "field.unit", width="small"),
            Column("year", "field.year", "int", min_value=1900, max_value=2200, width="small"),
            Column("source", "field.source"),
            Column("reference_value", "field.reference_value", "float"),
            Column("reference_label", "field.reference_label"),
        ],
        id_kind="indicator",
    )
    if rows is not None:
        save("assessment.indicators", rows, "indicators")
    per_commune = [i for i in a.indicators if i.per_commune]
    if per_commune:
        st.caption(tr("assessment.per_commune", names=md_escape(", ".join(i.name for i in per_commune))))
    render_csv_import(doc)
    compared = [
        Comparison(i.name, i.value, i.reference_value, i.unit, i.reference_label)
        for i in a.indicators
        if i.value is not None and i.reference_value
    ]
    if compared:
        st.markdown(f"**{tr('assessment.comparison')}**")
        labels = ComparisonLabels(
            index=tr("chart.index"),
            indicator=tr("field.name"),
            value=tr("field.value"),
            unit=tr("field.unit"),
            reference=tr("field.reference_value"),
            reference_label=tr("field.reference_label"),
        )
        show_chart(
            ("comparison", doc.id, doc.revision, lang()),
            lambda: build_indicator_comparison(compared, labels),
            alt_text=tr("assessment.comparison"),
        )
with tabs[1]:
    st.caption(tr("assessment.swot_help"))
    quadrant_columns = [
        Column("text", "field.text", "long"),
        Column("theme", "field.theme"),
        Column("indicator_ids", "field.indicators", "multi", list(indicator_labels), labels=indicator_labels),
        Column(
            "consultation_ids", "field.consultations", "multi", list(consultation_labels), labels=consultation_labels
        ),
    ]
    all_swot_ids = [s.id for s in a.swot]
    grid = st.columns(2)
    for n, quadrant in enumerate(QUADRANTS):
        with grid[n % 2]:
            st.markdown(f"**{tr(f'enum.swot.{quadrant}')}**")
            mine = [s for s in a.swot if s.quadrant == quadrant]
            rows = edit_records(
                f"swot-{quadrant}",
                mine,
                SwotItem,
                quadrant_columns,
                id_kind="swot",
                defaults={"quadrant": quadrant},
                taken_ids=all_swot_ids,
            )
            if rows is not None:
                others = [s for s in a.swot if s.quadrant != quadrant]
                save("assessment.swot", others + rows, f"swot:{quadrant}")
with tabs[2]:
    st.caption(tr("assessment.initiatives_help"))
    rows = edit_records(
        "initiatives",
        a.initiatives,
        Initiative,
        [
            Column("name", "field.name"),
            Column("theme", "field.theme"),
            Column("owner", "field.owner"),
            Column("status", "field.status", "select", list(get_args(InitiativeStatus)), enum="initiative_status"),
            Column("description", "field.description", "long"),
            Column("since", "field.since", "int", min_value=1900, max_value=2200, width="small"),
            Column("lat", "field.lat", "float", min_value=-90, max_value=90, width="small"),
            Column("lon", "field.lon", "float", min_value=-180, max_value=180, width="small"),
            Column(
                "communes",
                "field.communes",
                "multi",
                [m.code for m in terr.members],
                labels={m.code: m.name for m in terr.members},
            ),
        ],
        id_kind="initiative",
        defaults={"status": "ongoing"},
    )
    if rows is not None:
        save("assessment.initiatives", rows, "initiatives")
with tabs[3]:
    rows = edit_records(
        "consultations",
        a.consultations,
        Consultation,
        [
            Column("title", "field.title"),
            Column(
                "kind",
                "field.kind",
                "select",
                list(get_args(ConsultationKind)),
                enum="consultation_kind",
            ),
            Column("date", "field.date", "date"),
            Column("audiences", "field.audiences", "multi", AUDIENCES, enum="audience"),
            Column("participants", "field.participants", "int", min_value=0, width="small"),
            Column("names", "field.names"),
            Column("facilitator", "field.facilitator"),
            Column("summary", "field.summary", "long"),
        ],
        id_kind="consultation",
        defaults={"kind": "interview"},
    )
    if rows is not None:
        save("assessment.consultations", rows, "consultations")
with tabs[4]:
    st.caption(tr("assessment.needs_help"))
    rows = edit_records(
        "needs",
        a.needs,
        Need,
        [
            Column("kind", "field.kind", "select", list(get_args(NeedKind)), enum="need_kind"),
            Column("text", "field.text", "long"),
            Column(
                "consultation_id", "field.consultation", "select", list(consultation_labels), labels=consultation_labels
            ),
            Column("audience", "field.audience", "select", AUDIENCES, enum="audience"),
            Column("theme", "field.theme"),
        ],
        id_kind="need",
        defaults={"kind": "need"},
    )
    if rows is not None:
        save("assessment.needs", rows, "needs")
with tabs[5]:
    st.caption(tr("assessment.maturity_help"))
    if not a.maturity and st.button(tr("assessment.maturity_defaults"), icon=":material/playlist_add:"):
        save(
            "assessment.maturity",
            [MaturityScore(theme=tr(f"maturity.{key}"), score=0) for key in MATURITY_THEMES],
            "maturity:defaults",
        )
    rows = edit_records(
        "maturity",
        a.maturity,
        MaturityScore,
        [
            Column("theme", "field.theme"),
            Column("score", "field.score_0_5", "int", min_value=0, max_value=5, width="small"),
            Column("comment", "field.comment", "long"),
        ],
        id_kind=None,
    )
    if rows is not None:
        save("assessment.maturity", rows, "maturity")
    if a.maturity:
        show_chart(
            ("maturity", doc.id, doc.revision, lang()),
            lambda: build_maturity_chart(
                [(m.theme, m.score) for m in a.maturity],
                theme_title=tr("field.theme"),
                score_title=tr("field.score_0_5"),
            ),
            alt_text=tr("assessment.maturity"),
        )
