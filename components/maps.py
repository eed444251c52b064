"""Pure map builders (folium): no Streamlit here, so pages and reports share them.

`build_territory_map` draws the territory's outline, its member communes coloured by a
measure, and markers for located records (initiatives, actions). Every user-supplied text
is escaped before it reaches Leaflet, which renders tooltips and popups as HTML.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template
from shapely.geometry import shape

from domain.geo import bounds, commune_features, outline_feature

# Sequential, colour-blind-safe (ColorBrewer YlGnBu), light to dark.
PALETTE = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#e5e7eb"
OUTLINE = "#1d2733"
MARKER_COLOURS = {"initiative": "#d95f02", "action": "#7570b3"}
# Names written on the map (nobody hovers on a projector): the largest communes, up to this
# many, so that a territory of 300 communes stays legible; the others keep their tooltip.
NAMED_COMMUNES = 40
ROOM_PX = 18  # text read from the back of a room (as the projected charts)
# Leaflet is served by the app itself (static/leaflet, from the npm package leaflet 1.9.3), not
# from a CDN: the map must work when the room's wifi does not. Only the background tiles need
# the network; without them the communes still draw on a blank background.
LEAFLET_ASSETS = "/app/static/leaflet"
COORD_DIGITS = 5  # about a metre: what a screen or a projector can show of a commune's contour


@dataclass(frozen=True)
class Marker:
    lat: float
    lon: float
    label: str  # user text: escaped here
    kind: str = "initiative"  # key of MARKER_COLOURS
    detail: str = ""  # user text: escaped here


def class_breaks(values: Sequence[float], classes: int = len(PALETTE)) -> list[float]:
    """Upper bounds of quantile classes (the last is the maximum)."""
    ordered = sorted(values)
    if not ordered:
        return []
    breaks = [ordered[min(len(ordered) - 1, round(len(ordered) * k / classes) - 1)] for k in range(1, classes + 1)]
    return sorted(set(breaks))


def colour_for(value: float | None, breaks: list[float]) -> str:
    if value is None or not breaks:
        return NO_DATA
    for i, upper in enumerate(breaks):
        if value <= upper:
            return PALETTE[round(i * (len(PALETTE) - 1) / max(len(breaks) - 1, 1))]
    return PALETTE[-1]


def build_territory_map(
    boundary: dict[str, Any] | None,
    *,
    values: dict[str, float] | None = None,
    value_label: str = "",
    value_format: Callable[[float], str] = "{:,.0f}".format,
    markers: Sequence[Marker] = (),
    no_data_label: str = "—",
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
            highlight_function=lambda _f: {"weight": 2, "color": OUTLINE},
            tooltip=folium.GeoJsonTooltip(
                fields=["label", "shown"], aliases=["", html.escape(value_label)], labels=bool(value_label)
            ),
            smooth_factor=1.5,
        ).add_to(fmap)
        _names(fmap, communes, named, ROOM_PX if projected else 12)
    outline = outline_feature(boundary)
    if outline is not None and (len(communes) > 1 or not communes):
        folium.GeoJson(
            {"type": "FeatureCollection", "features": [{**outline, "properties": {}}]},
            name="territory",
            style_function=lambda _f: {"fill": False, "color": OUTLINE, "weight": 3},
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
            popup=folium.Popup(text, max_width=300),
            tooltip=html.escape(marker.label),
        ).add_to(fmap)
    if box is not None:
        fmap.fit_bounds([[box[0], box[1]], [box[2], box[3]]])
    if breaks:
        _legend(fmap, breaks, value_label, value_format, no_data_label, ROOM_PX if projected else 13)
    return fmap


class _MetricScale(MacroElement):  # type: ignore[misc]
    """A scale in kilometres only (French readers)."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


def _commune_name(feature: dict[str, Any]) -> str:
    return str(feature["properties"].get("name") or feature["properties"]["code"])


def named_points(communes: Sequence[dict[str, Any]], named: int) -> list[tuple[float, float, str]]:
    """(lat, lon, name) of the `named` largest communes, at a point inside each."""
    shapes = sorted(((shape(f["geometry"]), f) for f in communes), key=lambda pair: -pair[0].area)
    points = [(geometry.representative_point(), feature) for geometry, feature in shapes[:named]]
    return [(round(p.y, COORD_DIGITS), round(p.x, COORD_DIGITS), _commune_name(f)) for p, f in points]


def _names(fmap: folium.Map, communes: Sequence[dict[str, Any]], named: int, px: int) -> None:
    """The names of the `named` largest communes, written at a point inside each."""
    for lat, lon, name in named_points(communes, named):
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
        "label": html.escape(_commune_name(feature)),
        "shown": no_data if value is None else html.escape(value_format(value)),
        "fill": colour_for(value, breaks),
    }
    return {"type": "Feature", "properties": props, "geometry": feature["geometry"]}


def _commune_style(feature: dict[str, Any]) -> dict[str, Any]:
    return {"fillColor": feature["properties"]["fill"], "fillOpacity": 0.75, "color": "#6b7280", "weight": 0.6}


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


def legend_rows(breaks: list[float], value_format: Callable[[float], str], no_data: str) -> list[tuple[str, str]]:
    """(colour, text) of each class, from the lowest, then the communes without a value."""
    rows = []
    lower = None
    for upper in breaks:
        text = f"≤ {value_format(upper)}" if lower is None else f"{value_format(lower)} – {value_format(upper)}"
        rows.append((colour_for(upper, breaks), text))
        lower = upper
    return [*rows, (NO_DATA, no_data)]
