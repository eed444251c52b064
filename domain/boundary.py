"""The shape of a stored boundary: a GeoJSON FeatureCollection (RFC 7946, WGS84) of polygons.

Kept as plain dicts (TypedDict) so that maps and reports read it as GeoJSON, but every part is
typed and bounded: positions are finite longitudes and latitudes, and the number of features,
rings and positions is capped, so a stored boundary can always be drawn quickly.
"""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, StringConstraints, with_config
from typing_extensions import TypedDict

from domain.text_rules import clean_line

MAX_FEATURES = 6_000  # a region has up to about 5,100 communes, plus the outline
MAX_RINGS = 20_000
MAX_POSITIONS = 400_000  # a 300-commune department, simplified, holds about 40,000

_STRICT = ConfigDict(extra="forbid", allow_inf_nan=False)

Lon = Annotated[float, Field(ge=-180, le=180)]
Lat = Annotated[float, Field(ge=-90, le=90)]
Position = tuple[Lon, Lat]
Ring = Annotated[list[Position], Field(min_length=4)]


@with_config(_STRICT)
class Polygon(TypedDict):
    type: Literal["Polygon"]
    coordinates: Annotated[list[Ring], Field(min_length=1)]


@with_config(_STRICT)
class MultiPolygon(TypedDict):
    type: Literal["MultiPolygon"]
    coordinates: Annotated[list[Annotated[list[Ring], Field(min_length=1)]], Field(min_length=1)]


@with_config(_STRICT)
class FeatureProperties(TypedDict):
    code: Annotated[str, StringConstraints(pattern=r"^[0-9AB]{0,9}$")]
    name: Annotated[str, BeforeValidator(clean_line), StringConstraints(max_length=300)]
    area_km2: Annotated[float, Field(ge=0, le=1e7)]
    level: NotRequired[Literal["territory"]]


@with_config(_STRICT)
class Feature(TypedDict):
    type: Literal["Feature"]
    properties: FeatureProperties
    geometry: Annotated[Polygon | MultiPolygon, Field(discriminator="type")]


def rings(feature: Feature) -> list[list[Position]]:
    """Every ring of a stored feature's polygons, outer and inner."""
    geometry = feature["geometry"]
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _bounded(collection: FeatureCollection) -> FeatureCollection:
    every_ring = [ring for feature in collection["features"] for ring in rings(feature)]
    if len(every_ring) > MAX_RINGS:
        raise ValueError(f"a boundary holds at most {MAX_RINGS} rings, this one {len(every_ring)}")
    positions = sum(len(ring) for ring in every_ring)
    if positions > MAX_POSITIONS:
        raise ValueError(f"a boundary holds at most {MAX_POSITIONS} positions, this one {positions}")
    return collection


@with_config(_STRICT)
class FeatureCollection(TypedDict):
    type: Literal["FeatureCollection"]
    features: Annotated[list[Feature], Field(min_length=1, max_length=MAX_FEATURES)]


Boundary = Annotated[FeatureCollection, AfterValidator(_bounded)]
