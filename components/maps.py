"""The map clicked to place an initiative, built with folium (for streamlit-folium); pure, no
Streamlit here. Its look is `map_style`'s, as the map drawn in the page (`map_data`).

`build_territory_map` draws the territory's outline, its member communes coloured by a
measure, and markers for located records (initiatives, actions). Every user-supplied text
is escaped before it reaches Leaflet, which renders tooltips and popups as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from components.assets import LEAFLET_ASSETS
from components.map_style import (
    COMMUNE_STYLE,
    HIGHLIGHT_STYLE,
    LEGEND_PX,
    MARKER_COLOURS,
    NAME_PX,
    NAMED_COMMUNES,
    OUTLINE_STYLE,
    ROOM_PX,
    Marker,
    class_breaks,
    colour_for,
    commune_name,
    legend_rows,
    named_points,
)
from domain.geo import bounds, commune_features, outline_feature


def build_territory_map(
    boundary: dict[str, Any] | None,
    *,
    values: dict[str, float] | None = None,
    value_label: str = "",
    value_format: Callable[[float], str] = "{:,.0f}".format,
    markers: Sequence[Marker] = (),
    no_data_label: str = "—",
    populations: Mapping[str, float] | None = None,
    height: int = 520,
    named: int = NAMED_COMMUNES,
    projected: bool = False,
) -> folium.Map:
    """The territory, its communes coloured by `values` (code -> number), and the markers.
    `projected`: for a projector, names and legend in large text, no zoom buttons."""
    values = values or {}
    box = bounds(boundary)
    fmap = folium.Map(
        location=[46.6, 2.4] if box is None else [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2],
        zoom_start=6,
        tiles="OpenStreetMap",
        control_scale=False,  # Leaflet's own scale adds miles: a metric one is added below
        prefer_canvas=True,  # hundreds of polygons draw faster on one canvas than as SVG nodes
        height=height,
        zoom_control=not projected,
    )
    _MetricScale().add_to(fmap)
    fmap.default_js = [("leaflet", f"{LEAFLET_ASSETS}/leaflet.js")]
    fmap.default_css = [("leaflet_css", f"{LEAFLET_ASSETS}/leaflet.css")]
    communes = commune_features(boundary)
    breaks = class_breaks([values[f["properties"]["code"]] for f in communes if f["properties"]["code"] in values])
    if communes:
        layer = {
            "type": "FeatureCollection",
            "features": [_styled(f, values, breaks, value_format, no_data_label) for f in communes],
        }
        folium.GeoJson(
            layer,
            name="communes",
            style_function=_commune_style,
            highlight_function=lambda _f: HIGHLIGHT_STYLE,
            tooltip=folium.GeoJsonTooltip(
                fields=["label", "shown"], aliases=["", html.escape(value_label)], labels=bool(value_label)
            ),
            smooth_factor=1.5,
        ).add_to(fmap)
        _names(fmap, communes, named, populations, ROOM_PX if projected else NAME_PX)
    outline = outline_feature(boundary)
    if outline is not None and (len(communes) > 1 or not communes):
        folium.GeoJson(
            {"type": "FeatureCollection", "features": [{**outline, "properties": {}}]},
            name="territory",
            style_function=lambda _f: OUTLINE_STYLE,
            interactive=False,
        ).add_to(fmap)
    for marker in markers:
        text = f"<b>{html.escape(marker.label)}</b>" + (f"<br>{html.escape(marker.detail)}" if marker.detail else "")
        folium.CircleMarker(
            [marker.lat, marker.lon],
            radius=7,
            color="#ffffff",
            weight=2,
            fill=True,
            fill_color=MARKER_COLOURS.get(marker.kind, "#d95f02"),
            fill_opacity=0.95,
            # A tooltip, not a popup: folium's popups are built with jQuery, which the page
            # does not load (the map's script stopped at the first marker, leaving no map).
            tooltip=folium.Tooltip(text),
        ).add_to(fmap)
    if box is not None:
        fmap.fit_bounds([[box[0], box[1]], [box[2], box[3]]])
    if breaks:
        _legend(fmap, breaks, value_label, value_format, no_data_label, ROOM_PX if projected else LEGEND_PX)
    return fmap


class _MetricScale(MacroElement):  # type: ignore[misc]
    """A scale in kilometres only (French readers)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


def _names(
    fmap: folium.Map,
    communes: Sequence[dict[str, Any]],
    named: int,
    populations: Mapping[str, float] | None,
    px: int,
) -> None:
    """The names of the `named` most populous communes, written at a point inside each."""
    for lat, lon, name in named_points(communes, named, populations):
        folium.Marker(
            [lat, lon],
            icon=folium.DivIcon(html=f'<div class="commune-name">{html.escape(name)}</div>', icon_size=(0, 0)),
            interactive=False,
        ).add_to(fmap)
    fmap.get_root().html.add_child(
        folium.Element(
            "<style>.commune-name{transform:translate(-50%,-50%);white-space:nowrap;font:600 "
            f"{px}px sans-serif;"
            "color:#1d2733;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 2px #fff;pointer-events:none}</style>"
        )
    )


def _styled(
    feature: dict[str, Any],
    values: dict[str, float],
    breaks: list[float],
    value_format: Callable[[float], str],
    no_data: str,
) -> dict[str, Any]:
    code = feature["properties"]["code"]
    value = values.get(code)
    props = {
        "code": code,
        "label": html.escape(commune_name(feature)),
        "shown": no_data if value is None else html.escape(value_format(value)),
        "fill": colour_for(value, breaks),
    }
    return {"type": "Feature", "properties": props, "geometry": feature["geometry"]}


def _commune_style(feature: dict[str, Any]) -> dict[str, Any]:
    return {"fillColor": feature["properties"]["fill"], **COMMUNE_STYLE}


def _legend(
    fmap: folium.Map, breaks: list[float], label: str, value_format: Callable[[float], str], no_data: str, px: int
) -> None:
    rows = [
        f'<div><span style="background:{colour}"></span>{html.escape(text)}</div>'
        for colour, text in legend_rows(breaks, value_format, no_data)
    ]
    legend = (
        '<div class="territory-legend" style="position:absolute;top:12px;right:12px;z-index:1000;'
        f"background:#fff;padding:8px 10px;border-radius:6px;font:{px}px sans-serif;color:#1d2733;"
        'box-shadow:0 1px 4px rgba(0,0,0,.3)">'
        f"<b>{html.escape(label)}</b>{''.join(rows)}</div>"
        "<style>.territory-legend span{display:inline-block;width:14px;height:14px;margin-right:6px;"
        "vertical-align:middle;border:1px solid #9ca3af}</style>"
    )
    fmap.get_root().html.add_child(folium.Element(legend))
