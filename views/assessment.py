"""Step 1 — territorial assessment: territory and map, indicators, SWOT, initiatives,
consultations, needs and quotes, maturity."""

from __future__ import annotations

import streamlit as st

from components.assessment_tabs import (
    consultations_tab,
    indicators_tab,
    initiatives_tab,
    maturity_tab,
    needs_tab,
    swot_tab,
)
from components.guidance import step_header
from components.i18n import tr
from components.territory_map import render_map_section
from components.territory_section import render_territory

doc = step_header(1)

render_territory(doc)
render_map_section(doc)

# --- The assessment's records -------------------------------------------------------------
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
for tab, render in zip(
    tabs, (indicators_tab, swot_tab, initiatives_tab, consultations_tab, needs_tab, maturity_tab), strict=True
):
    with tab:
        render(doc)
