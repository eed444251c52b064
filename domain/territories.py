"""Official territories (communes, EPCI, departments, regions) from the reduced reference file.

Search is accent- and case-insensitive on names and matches codes by prefix, so that typing
"fougeres" or "200072452" finds "CA Fougères Agglomération".
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from domain.model import MemberCommune, Territory, TerritoryKind

REFERENCE_FILE = Path(__file__).resolve().parents[1] / "sample_data" / "reference" / "territories.json"
# The Métropole de Lyon (MET69) is listed with the EPCI but is a collectivité à statut particulier.
EPCI_KIND = {"CC": "cc", "CA": "ca", "CU": "cu", "METRO": "metropole", "MET69": "csp"}


@dataclass(frozen=True)
class Place:
    kind: str  # a TerritoryKind code
    code: str
    name: str
    population: int | None
    context: str  # department code for communes, kind label source for EPCI
    search_key: str


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("-", " ")


@lru_cache(maxsize=1)
def _reference() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REFERENCE_FILE.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=1)
def _places() -> tuple[Place, ...]:
    ref = _reference()
    places: list[Place] = []
    for code, name, kind, population, _members in ref["epci"]:
        k = EPCI_KIND.get(kind, "cc")
        places.append(Place(k, code, name, population, kind, fold(name)))
    for code, name, dept, _region, population, _epci in ref["communes"]:
        places.append(Place("commune", code, name, population, dept, fold(name)))
    for code, name, _region, kind in ref["departments"]:
        places.append(Place(kind, code, name, None, "", fold(name)))
    for code, name, kind in ref["regions"]:
        places.append(Place(kind, code, name, None, "", fold(name)))
    return tuple(places)


def search(query: str, limit: int = 20) -> list[Place]:
    """Places whose name contains the query (names starting with it first) or whose code starts with it."""
    q = fold(query.strip())
    if len(q) < 2:
        return []
    starts, contains = [], []
    for place in _places():
        if place.code.startswith(q.upper()) or place.search_key.startswith(q):
            starts.append(place)
        elif q in place.search_key:
            contains.append(place)
    exact = [p for p in starts if p.search_key == q]  # "saint martin": the collectivity before the communes
    ranked = (
        sorted(exact, key=lambda p: (p.kind == "commune", -(p.population or 0)))  # the authority first
        + sorted((p for p in starts if p.search_key != q), key=lambda p: -(p.population or 0))
        + sorted(contains, key=lambda p: -(p.population or 0))
    )
    return ranked[:limit]


def territory_from(place: Place) -> Territory:
    """A Territory filled from the official lists: kind, code, population, member communes."""
    ref = _reference()
    communes = {c[0]: c for c in ref["communes"]}
    members: list[MemberCommune] = []
    population = place.population
    epci = next((e for e in ref["epci"] if e[0] == place.code), None)  # SIREN codes: never a COG code
    if epci is not None:
        members = [
            MemberCommune(code=code, name=communes[code][1], population=communes[code][4])
            for code in epci[4]
            if code in communes
        ]
    elif place.kind in {"departement", "ctu", "com"} or (place.kind == "csp" and len(place.code) == 2):
        # A department's communes (a COM or a single authority: its own code; Corsica: 2A and 2B).
        wanted = {"2A", "2B"} if place.code == "94" else {place.code}
        members = [MemberCommune(code=c[0], name=c[1], population=c[4]) for c in ref["communes"] if c[2] in wanted]
        population = sum(m.population or 0 for m in members)
    elif place.kind == "region":
        population = sum(c[4] or 0 for c in ref["communes"] if c[3] == place.code)
    codes = [place.code] if place.kind == "commune" else [m.code for m in members]
    return Territory(
        name=place.name,
        kind=cast(TerritoryKind, place.kind),
        code=place.code,
        population=population,
        population_year=population_year(codes),
        members=members,
    )


def population_year(codes: list[str]) -> int | None:
    """The year of the legal populations of these communes (Mayotte's census is older)."""
    ref = _reference()
    years: set[int] = {
        next(
            (y for prefix, y in ref["population_year_overrides"].items() if code.startswith(prefix)),
            ref["population_year"],
        )
        for code in codes
    } or {ref["population_year"]}
    return min(years)


# Where the overseas authorities keep their clocks (IANA zones), by INSEE code prefix; every
# other French territory is on Paris time.
OVERSEAS_ZONES = {
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "975": "America/Miquelon",
    "976": "Indian/Mayotte",
    "977": "America/St_Barthelemy",
    "978": "America/Marigot",
}
PARIS = "Europe/Paris"


def time_zone(territory: Territory | None) -> str:
    """The territory's time zone: its clock is the one its people read (Paris, or overseas)."""
    if territory is None:
        return PARIS
    if territory.kind == "region":
        regions = {"01": "971", "02": "972", "03": "973", "04": "974", "06": "976"}
        return OVERSEAS_ZONES.get(regions.get(territory.code, ""), PARIS)
    codes = [territory.code, *(m.code for m in territory.members)]
    return next((zone for prefix, zone in OVERSEAS_ZONES.items() for c in codes if c.startswith(prefix)), PARIS)


def source_note() -> str:
    return str(_reference()["source"])
