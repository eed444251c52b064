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


def test_the_metropole_de_lyon_is_an_authority_with_a_special_status_not_an_epci():
    """CGCT L3611-1: the Métropole de Lyon is a collectivité à statut particulier (art. 72 of the
    Constitution), not an EPCI, though the DGCL lists it with them (type MET69)."""
    lyon = territory_from(next(p for p in search("Métropole de Lyon") if p.code == "200046977"))
    assert lyon.kind == "csp" and len(lyon.members) > 50 and lyon.population_year == 2023


def test_overseas_collectivities_are_neither_regions_nor_departments():
    kinds = {
        p.code: p.kind
        for q in ("Saint-Pierre-et-Miquelon", "Saint-Barthélemy", "Saint-Martin", "Martinique", "Guyane")
        for p in search(q)
    }
    assert kinds["975"] == kinds["977"] == kinds["978"] == "com"
    assert kinds["972"] == kinds["973"] == "ctu"  # one authority with a region's and a department's powers
    assert not [p for p in search("Terres australes")]  # not a local authority


def test_the_population_year_is_stored_with_the_population():
    """INSEE legal populations dated 2023 (in force on 1 January 2026); Mayotte's census is of 2017."""
    fougeres = territory_from(next(p for p in search("200072452")))
    assert (fougeres.population, fougeres.population_year) == (56226, 2023)
    mayotte = territory_from(next(p for p in search("Mayotte") if p.kind == "departement"))
    assert mayotte.population_year == 2017


def test_times_are_read_on_the_territory_s_clock():
    """Stored times are UTC; a French authority reads them on Paris time, an overseas one on its own."""
    import datetime as dt

    from components.formatting import clock, timestamp
    from domain.territories import time_zone

    fougeres = territory_from(next(p for p in search("200072452")))
    martinique = territory_from(next(p for p in search("Martinique") if p.kind == "ctu"))
    assert (time_zone(fougeres), time_zone(martinique), time_zone(None)) == (
        "Europe/Paris",
        "America/Martinique",
        "Europe/Paris",
    )
    noon_utc = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)
    assert clock(noon_utc, time_zone(fougeres)) == "13:00"  # winter time, UTC+1
    assert clock(noon_utc, time_zone(martinique)) == "08:00"  # UTC-4
    assert "13:00" in timestamp(noon_utc.replace(tzinfo=None), "fr", "Europe/Paris")  # a naive stored time is UTC
