"""Indicators from CSV: French formats, both layouts, rejected rows, merge."""

from __future__ import annotations

import pytest

from domain.indicator_csv import merge_indicators, parse_number, read_indicator_csv
from domain.model import ContextIndicator


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,5", 1234.5),
        ("1\u202f234,5", 1234.5),
        ("12,5 %", 12.5),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("-3", -3.0),
        ("", None),
        ("  ", None),
        ("42 €", 42.0),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_parse_number_refuses_text():
    with pytest.raises(ValueError):
        parse_number("beaucoup")


def test_one_indicator_per_row_semicolons_and_decimal_commas():
    raw = (
        "Thème;Nom;Valeur;Unité;Année;Source;Valeur de référence;Libellé de référence\n"
        "Numérique;Couverture fibre;78,5;%;2024;Arcep;86,1;Moyenne départementale\n"
        ";;12;%;2024;;;\n"
        "Mobilité;Part modale vélo;deux;%;2022;INSEE;3;France\n"
        "Énergie;Consommation;182;kWh/m²;24;ADEME;;\n"
        "Emploi;Taux de chômage;7,2;%;;INSEE;7,4;France\n"
    ).encode()
    result = read_indicator_csv(raw)
    assert result.layout == "indicators" and result.problems == []
    assert [(r["name"], r["value"], r["reference_value"], r["year"]) for r in result.indicators] == [
        ("Couverture fibre", 78.5, 86.1, 2024),
        ("Taux de chômage", 7.2, 7.4, None),
    ]
    assert [(r.line, r.code) for r in result.rejected] == [
        (3, "csv.missing_name"),
        (4, "csv.not_a_number"),
        (5, "csv.bad_year"),
    ]


def test_comma_separated_windows_1252():
    raw = "nom,valeur,unité\nTaux d'équipement,3.5,%\n".encode("cp1252")
    result = read_indicator_csv(raw)
    assert [(r["name"], r["value"], r["unit"]) for r in result.indicators] == [("Taux d'équipement", 3.5, "%")]


def test_one_commune_per_row():
    raw = (
        "code_insee;commune;Couverture fibre;Revenu médian\n"
        "35115;Fougères;92,5;21 300\n"
        "1001;Ailleurs;1;2\n"
        "35150;Lécousse;71;\n"
        "ABC;?;1;1\n"
        "35162;Louvigné;n/a;19 800\n"
    ).encode()
    result = read_indicator_csv(raw, member_codes={"35115", "35150", "35162"})
    assert result.layout == "communes"
    assert result.indicators == [
        {"name": "Couverture fibre", "per_commune": {"35115": 92.5, "35150": 71.0}},
        {"name": "Revenu médian", "per_commune": {"35115": 21300.0}},
    ]
    assert [(r.line, r.code, r.params.get("text")) for r in result.rejected] == [
        (3, "csv.not_a_member", "01001"),  # the leading zero a spreadsheet dropped is restored
        (5, "csv.bad_commune_code", "ABC"),
        (6, "csv.not_a_number", "'n/a'"),
    ]


@pytest.mark.parametrize(
    ("raw", "code"),
    [(b"", "csv.empty"), (b"nom;valeur\n", "csv.empty"), (b"foo;bar\n1;2\n", "csv.no_name_column")],
)
def test_unusable_files(raw, code):
    assert [p.code for p in read_indicator_csv(raw).problems] == [code]


def test_merge_updates_by_name_and_adds_the_rest():
    existing = [
        ContextIndicator(id="in-1", name="Couverture fibre", value=70, source="Ancienne", per_commune={"35115": 90}),
        ContextIndicator(id="in-3", name="Autre", value=1),
    ]
    merged = merge_indicators(
        existing,
        [
            {"name": "couverture FIBRE", "value": 78.5, "source": "", "per_commune": {"35150": 71.0}},
            {"name": "Nouveau", "value": 5.0, "unit": "%"},
        ],
    )
    assert [(i.id, i.name, i.value) for i in merged] == [
        ("in-1", "Couverture fibre", 78.5),
        ("in-3", "Autre", 1),
        ("in-4", "Nouveau", 5.0),
    ]
    assert merged[0].source == "Ancienne"  # an empty cell does not erase
    assert merged[0].per_commune == {"35115": 90, "35150": 71.0}
