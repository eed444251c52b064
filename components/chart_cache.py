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

from domain.text_rules import finite_json


@st.cache_data(max_entries=64, show_spinner=False)
def _spec(key: tuple[Hashable, ...], _build: Callable[[], alt.TopLevelMixin]) -> dict[str, Any]:
    return vega_spec(_build())


def vega_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's spec as the browser can read it (no `Infinity` in its data)."""
    spec: dict[str, Any] = finite_json(chart.to_dict(validate=False))
    return spec


def show_chart(
    key: tuple[Hashable, ...], build: Callable[[], alt.TopLevelMixin], *, alt_text: str | None = None
) -> None:
    """Show the chart `build()` makes; `key` must change whenever its result would."""
    st.vega_lite_chart(_spec(key, build), width="stretch", alt=alt_text)
