"""Charts drawn in the page by vega-embed (`vega_chart.js`), not by st.vega_lite_chart:
Streamlit's chart element cost the browser ~50 ms per chart whatever its size (80 -> 27 ms for
the stakeholder matrix, `python -m benchmarks.browser`). A chart is the width of its container.

Apart from the specs (`chart_cache`, which imports altair): the frame mounts `preload` on every
page and must not pay for altair's import at the first page.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.i18n import tr
from components.near_view import element_js

_chart = st.components.v2.component("strategy.chart", js=element_js("vega_chart"), isolate_styles=False)


def preload() -> None:
    """The chart libraries fetched while the browser is idle (in the sidebar, drawing nothing)."""
    with st.sidebar:
        _chart(key="chart-libraries", data={"preload": True})


def draw(spec: dict[str, Any], *, alt_text: str | None = None) -> None:
    """A Vega-Lite spec drawn in the page, described by `alt_text` for screen readers."""
    _chart(data={"spec": spec, "alt": alt_text or "", "failed": tr("chart.failed")})
