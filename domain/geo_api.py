"""Official boundaries from geo.api.gouv.fr (IGN Admin Express contours), with a short timeout.

Online, the contours of the member communes are fetched once, checked and simplified by
`domain.geo`, and kept in the strategy: maps work offline afterwards. Offline, the caller
gets a problem saying so, and the page offers a GeoJSON upload instead.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from domain.geo import BoundaryResult, Member, read_boundaries
from domain.problems import Problem

API_ROOT = "https://geo.api.gouv.fr"
API_SOURCE = "geo.api.gouv.fr (IGN Admin Express)"
TIMEOUT_SECONDS = 6
MAX_BYTES = 30 * 1024 * 1024
_COMMUNE_CONTOURS = "format=geojson&geometry=contour&fields=code,nom"
_ROUTES = {
    "commune": "/communes/{code}?" + _COMMUNE_CONTOURS,
    "cc": "/epcis/{code}/communes?" + _COMMUNE_CONTOURS,
    "ca": "/epcis/{code}/communes?" + _COMMUNE_CONTOURS,
    "cu": "/epcis/{code}/communes?" + _COMMUNE_CONTOURS,
    "metropole": "/epcis/{code}/communes?" + _COMMUNE_CONTOURS,
    "csp": "/epcis/{code}/communes?" + _COMMUNE_CONTOURS,  # the Métropole de Lyon (a SIREN code)
    "departement": "/departements/{code}/communes?" + _COMMUNE_CONTOURS,
}

Opener = Callable[..., Any]


def boundary_url(kind: str, code: str) -> str | None:
    """The API route for a territory's commune contours; None where the API has none."""
    route = _ROUTES.get(kind)
    if not route or not code or (kind == "csp" and len(code) != 9):  # Corsica (94) has no such route
        return None
    return API_ROOT + route.format(code=quote(code))


def fetch_boundaries(
    kind: str,
    code: str,
    members: list[Member],
    *,
    opener: Opener = urllib.request.urlopen,
    timeout: float = TIMEOUT_SECONDS,
) -> BoundaryResult:
    url = boundary_url(kind, code)
    if url is None:
        return BoundaryResult(None, [Problem("$", "geo.no_route", {"kind": kind})])
    request = urllib.request.Request(url, headers={"Accept": "application/geo+json, application/json"})
    try:
        with opener(request, timeout=timeout) as response:
            raw = response.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as exc:
        return BoundaryResult(None, [Problem("$", "geo.api_error", {"status": exc.code})])
    except (urllib.error.URLError, TimeoutError, OSError):
        return BoundaryResult(None, [Problem("$", "geo.offline", {})])
    return read_boundaries(raw, members, territory_code=code, max_bytes=MAX_BYTES)
