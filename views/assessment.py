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
# Only the open tab runs: each holds tables (300 communes' indicators, the SWOT…) that would
# otherwise be built and drawn on every visit and every save.
TABS = {
    "indicators": indicators_tab,
    "swot": swot_tab,
    "initiatives": initiatives_tab,
    "consultations": consultations_tab,
    "needs": needs_tab,
    "maturity": maturity_tab,
}
tabs = st.tabs([tr(f"assessment.{name}") for name in TABS], key="assessment_tab", on_change="rerun")
for tab, render in zip(tabs, TABS.values(), strict=True):
    if tab.open:
        with tab:
            render(doc)
