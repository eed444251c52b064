"""Boundaries of a territory: GeoJSON checked, matched to the member communes, simplified.

A boundary is kept in the strategy as a GeoJSON FeatureCollection (RFC 7946, WGS84): one
feature per member commune (properties `code`, `name`, `area_km2`) and, when there are
several, one feature for the whole territory (`level: "territory"`), so that maps and
reports draw it without the network.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import shapely
from pydantic import TypeAdapter, ValidationError
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from domain.boundary import MAX_POSITIONS, MAX_RINGS, Boundary
from domain.boundary import rings as stored_rings
from domain.geo_repair import repair
from domain.problems import Problem
from domain.territories import fold
from domain.text_rules import clean_line

BOUNDARY: TypeAdapter[Any] = TypeAdapter(Boundary)
TERRITORY_CODE = re.compile(r"[0-9AB]{0,9}")

DEFAULT_MAX_BYTES = 30 * 1024 * 1024
# Bounds of one file, checked before any geometry is built: a file of every commune of a region
# holds about 5,000 features and, at IGN's full resolution, under a million positions.
MAX_INPUT_FEATURES = 40_000
MAX_INPUT_RINGS = 20_000
MAX_RINGS_PER_FEATURE = 2_000  # a commune has a handful; thousands of holes is a crafted file
MAX_INPUT_POSITIONS = 800_000
# Simplification tolerance: a 1/1500 of the territory's extent, between about 20 m (a small
# commune keeps its shape) and about 100 m (a 300-commune department stays light on a map).
SIMPLIFY_SHARE, SIMPLIFY_MIN, SIMPLIFY_MAX = 1 / 1500, 0.0002, 0.001
COORDINATE_DIGITS = 4  # about 10 m, below the simplification tolerance
CODE_KEYS = ("code", "code_insee", "insee", "codgeo", "INSEE_COM", "code_commune")
NAME_KEYS = ("name", "nom", "nom_commune", "libgeo", "NOM", "NOM_COM")
EARTH_RADIUS_KM = 6371.0088


@dataclass
class BoundaryResult:
    collection: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)
    matched: int = 0
    unmatched: list[str] = field(default_factory=list)  # names or codes of features left out
    duplicates: list[str] = field(default_factory=list)  # communes given more than once (first kept)


@dataclass(frozen=True)
class Member:
    code: str
    name: str


def area_km2(geom: BaseGeometry) -> float:
    """Area on the sphere of a lon/lat geometry, with a local equal-area projection."""
    if geom.is_empty:
        return 0.0
    lat0 = math.radians(geom.centroid.y)
    scale_x = math.radians(1) * EARTH_RADIUS_KM * math.cos(lat0)
    scale_y = math.radians(1) * EARTH_RADIUS_KM
    projected = shapely.transform(geom, lambda xy: xy * [scale_x, scale_y])
    return float(projected.area)


def read_boundaries(
    raw: bytes,
    members: Iterable[Member],
    *,
    territory_code: str = "",
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> BoundaryResult:
    """Check an uploaded or downloaded GeoJSON and keep the features of the member communes.

    With no member communes (a commune as territory, or a grouping entered by hand), every
    polygon of the file is kept as the territory's boundary. The work is bounded before any
    geometry is built: features, rings and positions are counted first, and invalid polygons
    are repaired in a child process under a time and memory budget.
    """
    if len(raw) > max_bytes:
        return BoundaryResult(None, [Problem("$", "geo.too_large", {"limit_mb": round(max_bytes / 1_048_576)})])
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return BoundaryResult(None, [Problem("$", "geo.not_geojson", {})])
    except json.JSONDecodeError as exc:
        return BoundaryResult(None, [Problem("$", "geo.not_json", {"line": exc.lineno, "column": exc.colno})])
    except (RecursionError, ValueError):
        return BoundaryResult(None, [Problem("$", "geo.not_geojson", {})])
    features = _features(data)
    if features is None:
        return BoundaryResult(None, [Problem("$", "geo.not_geojson", {})])
    if len(features) > MAX_INPUT_FEATURES:
        return BoundaryResult(None, [Problem("$", "geo.too_many_features", {"limit": MAX_INPUT_FEATURES})])
    problems: list[Problem] = []
    geometries: list[tuple[dict[str, Any], BaseGeometry]] = []
    budget = _Budget()
    for i, feature in enumerate(features):
        geom, problem = _geometry(feature, f"features[{i}].geometry", budget)
        if problem:
            problems.append(problem)
            if problem.code in ("geo.not_wgs84", "geo.too_complex"):
                break  # one is enough: the whole file is in another projection, or too heavy
            continue
        if geom is not None:
            properties = feature.get("properties")
            geometries.append((properties if isinstance(properties, dict) else {}, geom))
    if problems:
        return BoundaryResult(None, problems[:20])
    if not geometries:
        return BoundaryResult(None, [Problem("$", "geo.no_polygon", {})])
    geometries, problem = _repaired(geometries)
    if problem:
        return BoundaryResult(None, [problem])
    return _match(geometries, list(members), territory_code)


def _features(data: Any) -> list[dict[str, Any]] | None:
    if not isinstance(data, dict):
        return None
    if data.get("type") == "FeatureCollection" and isinstance(data.get("features"), list):
        return [f for f in data["features"] if isinstance(f, dict)]
    if data.get("type") == "Feature":
        return [data]
    return None


@dataclass
class _Budget:
    """Rings and positions read so far, against the limits of one file."""

    rings: int = 0
    positions: int = 0

    def take(self, rings: int, positions: int) -> bool:
        self.rings += rings
        self.positions += positions
        return self.rings <= MAX_INPUT_RINGS and self.positions <= MAX_INPUT_POSITIONS


def _is_position(value: Any) -> bool:
    return isinstance(value, list) and 2 <= len(value) <= 3 and all(_coordinate(x) for x in value)


def _coordinate(x: Any) -> bool:
    if isinstance(x, bool):
        return False
    if isinstance(x, int):
        return abs(x) <= 10**9  # a 400-digit integer cannot even become a float
    return isinstance(x, float) and math.isfinite(x)


def _rings(geometry: dict[str, Any]) -> list[list[Any]] | None:
    """The rings of a Polygon or MultiPolygon whose coordinates have the right shape, else None."""
    coordinates = geometry.get("coordinates")
    polygons = [coordinates] if geometry.get("type") == "Polygon" else coordinates
    if not isinstance(polygons, list) or not polygons:
        return None
    rings: list[list[Any]] = []
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon or not all(isinstance(r, list) for r in polygon):
            return None
        rings += polygon
    return rings


def _geometry(feature: dict[str, Any], path: str, budget: _Budget) -> tuple[BaseGeometry | None, Problem | None]:
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        return None, Problem(path, "geo.wrong_geometry", {"kind": str(kind)[:40]})
    rings = _rings(geometry)
    if rings is None:
        return None, Problem(path, "geo.bad_coordinates", {})
    if len(rings) > MAX_RINGS_PER_FEATURE or not budget.take(len(rings), sum(len(ring) for ring in rings)):
        return None, Problem(path, "geo.too_complex", {"rings": MAX_INPUT_RINGS, "positions": MAX_INPUT_POSITIONS})
    if not all(len(ring) >= 4 and all(_is_position(p) for p in ring) for ring in rings):
        return None, Problem(path, "geo.bad_coordinates", {})
    try:
        geom = shape(geometry)
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException):
        return None, Problem(path, "geo.bad_coordinates", {})
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        # Lambert-93 (EPSG:2154) and Web Mercator coordinates are in metres: far beyond 180.
        return None, Problem(path, "geo.not_wgs84", {"x": round(minx), "y": round(miny)})
    return geom, None


def _repaired(
    geometries: list[tuple[dict[str, Any], BaseGeometry]],
) -> tuple[list[tuple[dict[str, Any], BaseGeometry]], Problem | None]:
    """Invalid polygons (self-intersections, bow ties) made valid, in a child process under a
    budget; their polygonal parts are kept."""
    invalid = [i for i, (_, geom) in enumerate(geometries) if not geom.is_valid]
    if not invalid:
        return geometries, None
    repaired = repair([geometries[i][1] for i in invalid])
    if repaired is None:
        return geometries, Problem("$", "geo.repair_too_long", {"count": len(invalid)})
    out = list(geometries)
    for i, geom in zip(invalid, repaired, strict=True):
        polygons = [part for part in shapely.get_parts(geom) if part.geom_type in ("Polygon", "MultiPolygon")]
        out[i] = (geometries[i][0], shapely.union_all(polygons) if polygons else shapely.Polygon())
    return [(props, geom) for props, geom in out if not geom.is_empty], None


def _property(props: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = props.get(key)
        if isinstance(value, str | int) and value not in (None, ""):
            return str(clean_line(str(value))).strip()[:300]
    return ""


def _match(
    geometries: list[tuple[dict[str, Any], BaseGeometry]], members: list[Member], territory_code: str
) -> BoundaryResult:
    kept: list[tuple[str, str, BaseGeometry]] = []
    unmatched: list[str] = []
    duplicates: list[str] = []
    if members:
        by_code = {m.code: m for m in members}
        by_name = {fold(m.name): m for m in members}
        seen: set[str] = set()
        for props, geom in geometries:
            code, name = _property(props, CODE_KEYS), _property(props, NAME_KEYS)
            member = by_code.get(code) or by_name.get(fold(name)) if (code or name) else None
            if member and member.code in seen:
                duplicates.append(member.name)  # a commune given twice: the first one is kept
            elif member:
                seen.add(member.code)
                kept.append((member.code, member.name, geom))
            else:
                unmatched.append(name or code or "?")
        if not kept:
            # Say what the file holds instead: "Quimper, Ergué-Gabéric, Plomelin… (14)".
            shown = ", ".join(unmatched[:3]) + ("…" if len(unmatched) > 3 else "")
            params = {"count": len(geometries), "examples": shown, "members": len(members)}
            return BoundaryResult(None, [Problem("$", "geo.no_member_matches", params)])
    else:
        for props, geom in geometries:
            code = _property(props, CODE_KEYS)
            kept.append(
                (code if code and TERRITORY_CODE.fullmatch(code) else territory_code, _property(props, NAME_KEYS), geom)
            )
    collection = _collection(kept, territory_code)
    try:
        collection = BOUNDARY.validate_python(collection)
    except ValidationError:  # still over the stored bounds once simplified
        return BoundaryResult(None, [Problem("$", "geo.too_complex", {"rings": MAX_RINGS, "positions": MAX_POSITIONS})])
    return BoundaryResult(collection, [], len(kept), unmatched, duplicates)


def _collection(kept: list[tuple[str, str, BaseGeometry]], territory_code: str) -> dict[str, Any]:
    minx, miny, maxx, maxy = shapely.total_bounds([geom for _, _, geom in kept])
    tolerance = min(max(max(maxx - minx, maxy - miny) * SIMPLIFY_SHARE, SIMPLIFY_MIN), SIMPLIFY_MAX)
    features = []
    simplified = []
    for code, name, geom in kept:
        small = shapely.set_precision(geom.simplify(tolerance, preserve_topology=True), 10**-COORDINATE_DIGITS)
        simplified.append(small)
        features.append(_feature(small, {"code": code, "name": name, "area_km2": round(area_km2(geom), 2)}))
    if len(kept) > 1:
        outline = shapely.set_precision(
            shapely.union_all(simplified).simplify(tolerance, preserve_topology=True), 10**-COORDINATE_DIGITS
        )
        total = round(sum(f["properties"]["area_km2"] for f in features), 2)
        features.append(
            _feature(outline, {"code": territory_code, "name": "", "area_km2": total, "level": "territory"})
        )
    return {"type": "FeatureCollection", "features": features}


def _feature(geom: BaseGeometry, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": _rounded(mapping(geom))}


def _rounded(obj: Any) -> Any:
    if isinstance(obj, float):
        return round(obj, COORDINATE_DIGITS)
    if isinstance(obj, list | tuple):
        return [_rounded(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v) for k, v in obj.items()}
    return obj


def commune_features(collection: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not collection:
        return []
    return [f for f in collection.get("features", []) if f.get("properties", {}).get("level") != "territory"]


def outline_feature(collection: dict[str, Any] | None) -> dict[str, Any] | None:
    """The feature of the whole territory (the single commune when there is only one)."""
    features: list[dict[str, Any]] = (collection or {}).get("features", [])
    outline = [f for f in features if f.get("properties", {}).get("level") == "territory"]
    if outline:
        return outline[0]
    return features[0] if len(features) == 1 else None


def bounds(collection: dict[str, Any] | None) -> tuple[float, float, float, float] | None:
    """(south, west, north, east) of the boundary, for fitting a map."""
    features = (collection or {}).get("features", [])
    if not features:
        return None
    # Read from the positions: a stored boundary's are checked (domain.boundary), and making a
    # shape of each commune only for this took 14 ms of each first drawing of a 300-commune map.
    south = west = math.inf
    north = east = -math.inf
    for feature in features:
        for ring in stored_rings(feature):
            xs, ys = [p[0] for p in ring], [p[1] for p in ring]
            west, east, south, north = min(west, *xs), max(east, *xs), min(south, *ys), max(north, *ys)
    return float(south), float(west), float(north), float(east)


def commune_areas(collection: dict[str, Any] | None) -> dict[str, float]:
    return {
        f["properties"]["code"]: float(f["properties"].get("area_km2") or 0)
        for f in commune_features(collection)
        if f.get("properties", {}).get("code")
    }


def densities(collection: dict[str, Any] | None, populations: dict[str, int | None]) -> dict[str, float]:
    """Inhabitants per km² of each commune that has both a population and an area."""
    areas = commune_areas(collection)
    return {
        code: round(population / areas[code], 1)
        for code, population in populations.items()
        if population is not None and areas.get(code)
    }
