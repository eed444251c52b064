"""Boundaries: GeoJSON checks, matching to member communes, simplification, areas; the API client."""

from __future__ import annotations

import io
import json
import math
import urllib.error

import pytest
from shapely.geometry import Polygon

from domain.geo import Member, area_km2, bounds, commune_features, densities, outline_feature, read_boundaries
from domain.geo_api import boundary_url, fetch_boundaries
from i18n import problem_text
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
MEMBERS = [Member("35115", "Fougères"), Member("35150", "Lécousse"), Member("35162", "Louvigné-du-Désert")]


def square(x: float, y: float, d: float = 0.05, steps: int = 1) -> dict:
    # `steps` adds collinear points along each side, which simplification must remove
    ring = []
    for (ax, ay), (bx, by) in [
        ((x, y), (x + d, y)),
        ((x + d, y), (x + d, y + d)),
        ((x + d, y + d), (x, y + d)),
        ((x, y + d), (x, y)),
    ]:
        ring += [(ax + (bx - ax) * k / steps, ay + (by - ay) * k / steps) for k in range(steps)]
    ring.append((x, y))
    return {"type": "Polygon", "coordinates": [ring]}


def collection(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def test_area_on_the_sphere():
    one_degree = Polygon([(0, 0), (1, 0), (1, 1), (0, 1)])
    assert area_km2(one_degree) == pytest.approx(12364, rel=0.01)  # 111.2 km x 111.2 km
    at_48 = Polygon([(0, 48), (1, 48), (1, 49), (0, 49)])
    assert area_km2(at_48) == pytest.approx(12364 * math.cos(math.radians(48.5)), rel=0.01)


def test_members_matched_by_code_or_by_name_and_outline_added():
    raw = collection(
        feature(square(-1.20, 48.35, steps=50), code="35115", nom="Fougères"),
        feature(square(-1.15, 48.35), nom="LECOUSSE"),  # no code: matched by name, accents and case aside
        feature(square(-3.00, 47.00), code="56000", nom="Ailleurs"),
    )
    result = read_boundaries(raw, MEMBERS, territory_code="200072452")
    assert result.problems == []
    assert result.matched == 2 and result.unmatched == ["Ailleurs"]
    communes = commune_features(result.collection)
    assert [(f["properties"]["code"], f["properties"]["name"]) for f in communes] == [
        ("35115", "Fougères"),
        ("35150", "Lécousse"),
    ]
    assert len(communes[0]["geometry"]["coordinates"][0]) == 5  # 200 collinear points simplified away
    outline = outline_feature(result.collection)
    assert outline["properties"]["level"] == "territory" and outline["properties"]["code"] == "200072452"
    assert outline["properties"]["area_km2"] == pytest.approx(2 * communes[0]["properties"]["area_km2"], rel=0.01)
    south, west, north, east = bounds(result.collection)
    assert (south, west, north, east) == pytest.approx((48.35, -1.20, 48.40, -1.10))


def test_a_commune_territory_keeps_every_polygon():
    raw = collection(feature(square(5.0, 45.0), nom="Annecy"))
    result = read_boundaries(raw, [], territory_code="74010")
    (only,) = result.collection["features"]
    assert only["properties"]["code"] == "74010" and "level" not in only["properties"]
    assert outline_feature(result.collection) is only


def test_lambert93_is_refused_with_the_fix():
    lambert = {
        "type": "Polygon",
        "coordinates": [[[350000, 6800000], [351000, 6800000], [351000, 6801000], [350000, 6800000]]],
    }
    result = read_boundaries(collection(feature(lambert, code="35115")), MEMBERS)
    (problem,) = result.problems
    assert problem.code == "geo.not_wgs84"
    assert "EPSG:4326" in problem_text(problem, "en")
    assert result.collection is None


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"not json", "geo.not_json"),
        (b'{"type": "Topology"}', "geo.not_geojson"),
        (b"[1, 2]", "geo.not_geojson"),
        (collection(feature({"type": "Point", "coordinates": [1, 48]}, code="35115")), "geo.wrong_geometry"),
        (collection(feature({"type": "Polygon", "coordinates": "x"}, code="35115")), "geo.bad_coordinates"),
        (collection(), "geo.no_polygon"),
        (collection(feature(square(1, 48), code="99999", nom="Inconnue")), "geo.no_member_matches"),
    ],
)
def test_bad_files_change_nothing_and_say_why(raw, code):
    result = read_boundaries(raw, MEMBERS)
    assert result.collection is None
    assert [p.code for p in result.problems][:1] == [code]


def test_too_large_is_refused_before_reading():
    result = read_boundaries(b"{" * 2000, MEMBERS, max_bytes=1000)
    assert [p.code for p in result.problems] == ["geo.too_large"]


def test_densities_use_areas_from_the_boundaries():
    result = read_boundaries(collection(feature(square(-1.2, 48.35), code="35115")), MEMBERS)
    area = commune_features(result.collection)[0]["properties"]["area_km2"]
    assert densities(result.collection, {"35115": 20000, "35150": 3000}) == {"35115": round(20000 / area, 1)}


class Recorded:
    """A stand-in for urlopen that answers with a recorded response."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.requests: list[str] = []

    def __call__(self, request, timeout):
        self.requests.append(request.full_url)
        assert timeout <= 10
        return io.BytesIO(self.body)


def test_api_routes():
    assert boundary_url("ca", "200072452") == (
        "https://geo.api.gouv.fr/epcis/200072452/communes?format=geojson&geometry=contour&fields=code,nom"
    )
    assert boundary_url("commune", "2A004").startswith("https://geo.api.gouv.fr/communes/2A004?")
    assert boundary_url("departement", "35").startswith("https://geo.api.gouv.fr/departements/35/communes?")
    assert boundary_url("syndicat", "123456789") is None


def test_api_response_is_checked_and_simplified():
    opener = Recorded((FIXTURES / "geo-api-epci-communes.json").read_bytes())
    result = fetch_boundaries("ca", "200072452", MEMBERS, opener=opener)
    assert opener.requests == [boundary_url("ca", "200072452")]
    assert result.problems == [] and result.matched == 3
    assert outline_feature(result.collection)["properties"]["code"] == "200072452"


def test_offline_and_api_errors_say_so():
    def offline(request, timeout):
        raise urllib.error.URLError("Name or service not known")

    def not_found(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 404, "Not Found", {}, None)

    assert [p.code for p in fetch_boundaries("ca", "200072452", MEMBERS, opener=offline).problems] == ["geo.offline"]
    assert fetch_boundaries("ca", "200072452", MEMBERS, opener=not_found).problems[0].params == {"status": 404}
    assert [p.code for p in fetch_boundaries("other", "", MEMBERS).problems] == ["geo.no_route"]


def test_real_department_boundaries(shared_geo):
    from domain.territories import search, territory_from

    department = territory_from(next(p for p in search("Haute-Savoie") if p.kind == "departement"))
    raw = (shared_geo / "communes-74-haute-savoie.geojson").read_bytes()
    result = read_boundaries(raw, [Member(m.code, m.name) for m in department.members], territory_code="74")
    assert result.problems == []
    assert result.matched >= 250
    # Haute-Savoie covers about 4,388 km²
    assert outline_feature(result.collection)["properties"]["area_km2"] == pytest.approx(4388, rel=0.05)


def test_a_file_of_another_territory_says_what_it_holds():
    """A GeoJSON of Quimper's communes for Fougères Agglomération: the message names what the
    file holds and how many member communes none of it matches, without a "$:" path."""
    from i18n import problem_text

    raw = collection(
        feature(square(1, 48), code="29232", nom="Quimper"),
        feature(square(2, 48), code="29051", nom="Ergué-Gabéric"),
    )
    result = read_boundaries(raw, [Member("35115", "Fougères"), Member("35004", "Billé")])
    (problem,) = result.problems
    text = problem_text(problem, "fr")
    assert "Quimper, Ergué-Gabéric" in text and "2 contours" in text and "aucune des 2 communes membres" in text
    assert not text.startswith("$")
