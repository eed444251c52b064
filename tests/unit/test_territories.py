"""Official territories from the reduced reference data."""

from __future__ import annotations

from domain.territories import search, source_note, territory_from


def test_search_is_accent_and_case_insensitive():
    names = [(p.kind, p.name) for p in search("fougeres agglo")]
    assert ("ca", "CA Fougères Agglomération") in names


def test_search_by_code_prefix():
    assert [p.name for p in search("200072452")] == ["CA Fougères Agglomération"]
    assert search("35115")[0].name == "Fougères"


def test_too_short_query_finds_nothing():
    assert search("f") == []


def test_epci_fills_members_and_population():
    place = next(p for p in search("200072452"))
    t = territory_from(place)
    assert (t.kind, t.code, len(t.members)) == ("ca", "200072452", 28)
    assert t.population == 56226  # the EPCI's official municipal population
    # The communes' own figures come from a slightly different vintage: within 1 %.
    assert abs(sum(m.population or 0 for m in t.members) - t.population) < t.population / 100
    assert "Fougères" in {m.name for m in t.members}


def test_department_lists_its_communes():
    place = next(p for p in search("Ille-et-Vilaine") if p.kind == "departement")
    t = territory_from(place)
    assert t.code == "35"
    assert 300 < len(t.members) < 400
    assert all(m.code.startswith("35") for m in t.members)


def test_corsica_codes_are_valid():
    place = next(p for p in search("Ajaccio") if p.kind == "commune")
    assert territory_from(place).code == "2A004"


def test_source_is_noted():
    assert "@etalab/decoupage-administratif 6.0.0" in source_note()
