"""Charts shown from a cached Vega-Lite spec.

Building a layered altair chart validates every part of it (tens of milliseconds for a
60-bubble matrix), and so does turning it into a spec. The spec only changes with the saved
revision, the language and the chart's options, so it is built once per such key and the
reruns in between only send it to the browser. The builders are validated in the tests.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

import altair as alt
import streamlit as st

from components import vega_chart
from components.i18n import lang
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


def show_spec(spec: dict[str, Any], *, alt_text: str | None = None) -> None:
    vega_chart.draw(localized(spec), alt_text=alt_text)


def show_chart(
    key: tuple[Hashable, ...], build: Callable[[], alt.TopLevelMixin], *, alt_text: str | None = None
) -> None:
    """Show the chart `build()` makes; `key` must change whenever its result would."""
    show_spec(_spec(key, build), alt_text=alt_text)
