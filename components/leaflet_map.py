"""The territory map drawn in the page by the app's Leaflet element (`leaflet_map.js`), not as
a page of its own in an iframe: the assessment switched in ~300-370 ms with the iframe of a
300-commune map, the map's frame alone ~150-180 ms of it (`python -m benchmarks.browser`).
"""

from __future__ import annotations

import streamlit as st

from components.assets import LEAFLET_ASSETS
from components.i18n import tr
from components.near_view import element_js

_map = st.components.v2.component("strategy.map", js=element_js("leaflet_map"), isolate_styles=False)


def preload() -> None:
    """Leaflet fetched and read while the browser is idle (in the sidebar, drawing nothing): the
    first map of a browser page waited ~40-75 ms for it (`python -m benchmarks.browser`)."""
    with st.sidebar:
        _map(key="map-library", data={"preload": LEAFLET_ASSETS})


def draw(map_json: str, *, height: int, alt_text: str) -> None:
    """A map from `map_data.map_json`, `height` px tall, described by `alt_text` for screen readers."""
    _map(data={"map": map_json, "height": height, "alt": alt_text, "failed": tr("map.failed")})
