"""Step 1's records, one tab each: indicators, SWOT, initiatives, consultations, needs, maturity."""

from __future__ import annotations

from typing import get_args

import streamlit as st

from components import session
from components.chart_cache import show_chart
from components.charts import Comparison, ComparisonLabels, build_indicator_comparison, build_maturity_chart
from components.i18n import lang, tr
from components.indicator_import import render_csv_import
from components.records import Column, edit_records
from components.text import md_escape
from domain.model import (
    Audience,
    Consultation,
    ConsultationKind,
    ContextIndicator,
    Initiative,
    InitiativeStatus,
    MaturityScore,
    Need,
    NeedKind,
    Strategy,
    SwotItem,
    SwotQuadrant,
)

AUDIENCES = list(get_args(Audience))
QUADRANTS = list(get_args(SwotQuadrant))


def _labels(doc: Strategy) -> tuple[dict[str, str], dict[str, str]]:
    """What a record can cite: the indicators and the consultations, by id."""
    a = doc.assessment
    return {i.id: i.name for i in a.indicators}, {c.id: c.title or c.id for c in a.consultations}


MATURITY_THEMES = ["services", "mobility", "energy", "economy", "data", "participation", "inclusion", "culture"]


def indicators_tab(doc: Strategy) -> None:
    """The territory's figures (imported from CSV too), with the comparison to their references."""
    a, save = doc.assessment, session.save_at
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


def swot_tab(doc: Strategy) -> None:
    """The SWOT, one table per quadrant, each finding citing indicators and consultations."""
    a, save = doc.assessment, session.save_at
    indicator_labels, consultation_labels = _labels(doc)
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


def initiatives_tab(doc: Strategy) -> None:
    """Initiatives already under way on the territory, placed on the map by their communes or a point."""
    a, save = doc.assessment, session.save_at
    terr = doc.territory
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


def consultations_tab(doc: Strategy) -> None:
    """Interviews, workshops and surveys of the assessment: who took part, what came out."""
    a, save = doc.assessment, session.save_at
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


def needs_tab(doc: Strategy) -> None:
    """Needs, expectations and ideas heard, with the consultation they come from."""
    a, save = doc.assessment, session.save_at
    _, consultation_labels = _labels(doc)
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


def maturity_tab(doc: Strategy) -> None:
    """The territory's innovation maturity by theme, scored 1 to 5, and its chart."""
    a, save = doc.assessment, session.save_at
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
