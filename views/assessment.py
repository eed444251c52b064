"""Step 1 — territorial assessment: the territory, then its map, indicators, SWOT, initiatives,
consultations, needs and quotes, maturity (a tab each)."""

from __future__ import annotations

from components.assessment_tabs import (
    consultations_tab,
    indicators_tab,
    initiatives_tab,
    maturity_tab,
    needs_tab,
    swot_tab,
)
from components.guidance import step_header
from components.territory_map import render_map_section
from components.territory_section import render_territory
from components.widgets import lazy_tabs

doc = step_header(1)

render_territory(doc)

# --- The map and the assessment's records -------------------------------------------------
# Only the open tab runs: the map of 300 communes and each table (indicators, SWOT…) would
# otherwise be built and drawn on every visit and every save. Tabs by their catalog key.
TABS = {
    "map.title": render_map_section,
    "assessment.indicators": indicators_tab,
    "assessment.swot": swot_tab,
    "assessment.initiatives": initiatives_tab,
    "assessment.consultations": consultations_tab,
    "assessment.needs": needs_tab,
    "assessment.maturity": maturity_tab,
}
tabs = lazy_tabs(list(TABS), "assessment_tab")
for tab, render in zip(tabs, TABS.values(), strict=True):
    if tab.open:
        with tab:
            render(doc)
