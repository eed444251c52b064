"""Charts shown from a cached Vega-Lite spec.

Building a layered altair chart validates every part of it (tens of milliseconds for a
60-bubble matrix), and so does turning it into a spec. The spec only changes with the saved
revision, the language and the chart's options, so it is built once per such key and the
reruns in between only send it to the browser. The builders are validated in the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import altair as alt
import streamlit as st

from components.i18n import lang, tr
from domain.text_rules import finite_json


@st.cache_data(max_entries=64, show_spinner=False)
def _spec(key: tuple[Hashable, ...], _build: Callable[[], alt.TopLevelMixin]) -> dict[str, Any]:
    return vega_spec(_build())


def vega_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's spec as the browser can read it (no `Infinity` in its data)."""
    spec: dict[str, Any] = finite_json(chart.to_dict(validate=False))
    return spec


# Numbers on a chart as the language writes them (d3-format's locale: "1,5", "400 k", "20 %"
# on a French page); dates too (month names).
NUMBER_LOCALES = {
    "fr": {"decimal": ",", "thousands": "\u202f", "grouping": [3], "currency": ["", "\u00a0€"], "percent": "\u202f%"},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}


def localized(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec with the user's language for its numbers (a copy: cached specs are shared)."""
    config = {**(spec.get("config") or {}), "locale": {"number": NUMBER_LOCALES[lang()]}}
    return {**spec, "config": config}


# Drawn by vega-embed in the page (`vega_chart.js`), not by st.vega_lite_chart: Streamlit's chart
# element cost the browser ~50 ms per chart whatever its size (80 -> 27 ms for the stakeholder
# matrix, `python -m benchmarks.browser`). The chart is the width of its container.
_chart = st.components.v2.component(
    "strategy.chart", js=Path(__file__).with_name("vega_chart.js").read_text(), isolate_styles=False
)


def preload() -> None:
    """The chart libraries fetched while the browser is idle (in the sidebar, drawing nothing)."""
    with st.sidebar:
        _chart(key="chart-libraries", data={"preload": True})


def show_spec(spec: dict[str, Any], *, alt_text: str | None = None) -> None:
    _chart(data={"spec": localized(spec), "alt": alt_text or "", "failed": tr("chart.failed")})


def show_chart(
    key: tuple[Hashable, ...], build: Callable[[], alt.TopLevelMixin], *, alt_text: str | None = None
) -> None:
    """Show the chart `build()` makes; `key` must change whenever its result would."""
    show_spec(_spec(key, build), alt_text=alt_text)
