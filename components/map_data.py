"""The territory map as data, drawn in the page by the app's Leaflet element (`leaflet_map.js`).

Pure: no Streamlit here. The same map as `maps.build_territory_map` (communes coloured by a
measure, the outline, the largest communes' names, markers, legend), without its page of HTML:
the element loads Leaflet once per browser page and draws from this data. Texts stay as they
were typed; the element sets them as text, never as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

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


def map_data(
    boundary: dict[str, Any] | None,
    *,
    values: dict[str, float] | None = None,
    value_label: str = "",
    value_format: Callable[[float], str] = "{:,.0f}".format,
    markers: Sequence[Marker] = (),
    no_data_label: str = "—",
    populations: Mapping[str, float] | None = None,
    named: int = NAMED_COMMUNES,
    projected: bool = False,
) -> dict[str, Any]:
    """What the element draws. `projected`: for a projector, large text and no zoom buttons."""
    values = values or {}
    communes = commune_features(boundary)
    breaks = class_breaks([values[f["properties"]["code"]] for f in communes if f["properties"]["code"] in values])
    outline = outline_feature(boundary)
    box = bounds(boundary)
    return {
        "communes": [_commune(f, values, breaks, value_format, no_data_label) for f in communes],
        "outline": outline["geometry"] if outline and (len(communes) > 1 or not communes) else None,
        "names": named_points(communes, named, populations),
        "markers": [
            {
                "lat": m.lat,
                "lon": m.lon,
                "label": m.label,
                "detail": m.detail,
                "colour": MARKER_COLOURS.get(m.kind, MARKER_COLOURS["initiative"]),
            }
            for m in markers
        ],
        "value_label": value_label,
        "legend": legend_rows(breaks, value_format, no_data_label) if breaks else [],
        "bounds": None if box is None else [[box[0], box[1]], [box[2], box[3]]],
        "projected": projected,
        "style": {"commune": COMMUNE_STYLE, "highlight": HIGHLIGHT_STYLE, "outline": OUTLINE_STYLE},
        "name_px": ROOM_PX if projected else NAME_PX,
        "legend_px": ROOM_PX if projected else LEGEND_PX,
        "assets": LEAFLET_ASSETS,
    }


def map_json(boundary: dict[str, Any] | None, **options: Any) -> str:
    """`map_data` as JSON text: sent as one string, it is not walked again by each page run."""
    return json.dumps(map_data(boundary, **options), ensure_ascii=False, separators=(",", ":"))


def _commune(
    feature: dict[str, Any],
    values: dict[str, float],
    breaks: list[float],
    value_format: Callable[[float], str],
    no_data: str,
) -> dict[str, Any]:
    code = feature["properties"]["code"]
    value = values.get(code)
    return {
        "name": commune_name(feature),
        "shown": no_data if value is None else value_format(value),
        "fill": colour_for(value, breaks),
        "geometry": feature["geometry"],  # rounded when the contours were read (domain.geo)
    }
