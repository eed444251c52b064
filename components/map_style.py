"""What the territory map looks like, shared by the map drawn in the page (`map_data`, for
`leaflet_map.js`) and the map clicked to place an initiative (`maps`, folium): colours,
classes, the names written on it, text sizes. Pure: no Streamlit, no folium.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shapely.geometry import shape

from domain.geo import COORDINATE_DIGITS

# Sequential, colour-blind-safe (ColorBrewer YlGnBu), light to dark.
PALETTE = ("#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")
NO_DATA = "#e5e7eb"
OUTLINE = "#1d2733"
MARKER_COLOURS = {"initiative": "#d95f02", "action": "#7570b3"}
# Names written on the map (nobody hovers on a projector): the largest communes, up to this
# many, so that a territory of 300 communes stays legible; the others keep their tooltip.
NAMED_COMMUNES = 40
ROOM_PX = 18  # text read from the back of a room (as the projected charts)
NAME_PX, LEGEND_PX = 12, 13  # on a screen
COMMUNE_STYLE = {"fillOpacity": 0.75, "color": "#6b7280", "weight": 0.6}
HIGHLIGHT_STYLE = {"weight": 2, "color": OUTLINE}  # the commune under the pointer
OUTLINE_STYLE = {"fill": False, "color": OUTLINE, "weight": 3}  # the territory around its communes


@dataclass(frozen=True)
class Marker:
    lat: float
    lon: float
    label: str  # user text
    kind: str = "initiative"  # key of MARKER_COLOURS
    detail: str = ""  # user text


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


def commune_name(feature: dict[str, Any]) -> str:
    return str(feature["properties"].get("name") or feature["properties"]["code"])


def named_points(
    communes: Sequence[dict[str, Any]], named: int, populations: Mapping[str, float] | None = None
) -> list[tuple[float, float, str]]:
    """(lat, lon, name) of the `named` most populous communes (the largest ones where the
    population is not known), at a point inside each, the most populous first: where names would
    overlap, the map keeps the first (the town, not the villages around it)."""
    populations = populations or {}

    def rank(feature: dict[str, Any]) -> tuple[float, float]:
        properties = feature["properties"]
        return (-populations.get(properties["code"], -1), -properties["area_km2"])

    # A shape only for the communes named: making one of each of 300 took ~15 ms of each first
    # drawing of the map (the areas are stored with the boundary).
    points = [(shape(f["geometry"]).representative_point(), f) for f in sorted(communes, key=rank)[:named]]
    return [(round(p.y, COORDINATE_DIGITS), round(p.x, COORDINATE_DIGITS), commune_name(f)) for p, f in points]


def legend_rows(breaks: list[float], value_format: Callable[[float], str], no_data: str) -> list[tuple[str, str]]:
    """(colour, text) of each class, from the lowest, then the communes without a value."""
    rows = []
    lower = None
    for upper in breaks:
        text = f"≤ {value_format(upper)}" if lower is None else f"{value_format(lower)} – {value_format(upper)}"
        rows.append((colour_for(upper, breaks), text))
        lower = upper
    return [*rows, (NO_DATA, no_data)]
