"""Build the sample strategy `fougeres-agglomeration.json` (run from the project root):

    python sample_data/make_sample.py [--contours communes-35.geojson]


The territory, its 28 member communes and their populations are real (official reference
lists); everything else — indicators' values, SWOT, interviews, issues, actions, amounts,
partners — is an illustrative example, and the document says so (`illustrative: true`).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.document import read_data, write_document
from domain.factory import DEFAULT_CRITERIA
from domain.geo import Member, read_boundaries
from domain.legal_helper import Answers, recommend
from domain.territories import search, territory_from

OUT = Path(__file__).resolve().parent / "fougeres-agglomeration.json"
SRC = "Exemple illustratif — à remplacer par la source réelle (INSEE, Arcep, ADEME…)"
# The energy action's set-up: works with measured commitments on consumption, over eight years.
ENERGY_ANSWERS = Answers(
    purchase="works", performance_targets=True, value_eur=550_000, duration_years=8, operating_risk="authority"
)

CRITERIA_FR = {
    "population": "Population concernée",
    "urgency": "Urgence",
    "alignment": "Cohérence avec les ambitions du territoire",
    "citizen_demand": "Demande citoyenne",
    "cost": "Coût maîtrisable",
    "skills": "Compétences disponibles",
    "time_to_results": "Délai des premiers résultats",
    "partners": "Partenaires disponibles",
}


def scores(values: list[int], by: str, day: str, source: str = "") -> list[dict]:
    keys = [k for k, _, _ in DEFAULT_CRITERIA]
    return [
        {"criterion": k, "value": v, "by": by, "date": day, "source": source} for k, v in zip(keys, values, strict=True)
    ]


def economics(invest: list[tuple[int, float]], operating: float, savings: float, years: range) -> dict:
    inv = dict(invest)
    return {
        "years": [
            {
                "year": y,
                "investment": inv.get(y, 0),
                "operating": operating if y > years.start else 0,
                "savings": savings if y > years.start else 0,
                "revenues": 0,
            }
            for y in years
        ],
        "lifetime_years": len(years),
        "discount_rate": 0.032,
    }


def build() -> dict:
    place = next(p for p in search("Fougères Agglomération") if p.code == "200072452")
    territory = territory_from(place).model_dump(mode="json")
    codes = [m["code"] for m in territory["members"]]
    territory.update(
        notes="Communauté d'agglomération d'Ille-et-Vilaine (Bretagne), 28 communes. "
        "Populations municipales légales millésimées 2023 (INSEE, en vigueur au 1er janvier 2026).",
    )
    per_commune_fibre = {c: round(55 + (i * 7) % 40, 1) for i, c in enumerate(codes)}
    doc = {
        "schema_version": 2,
        "id": "sample-fougeres",
        "title": "Stratégie d'innovation territoriale 2026-2031 (exemple illustratif)",
        "language": "fr",
        "illustrative": True,
        "authors": {
            "consultant": "Cabinet conseil (exemple)",
            "project_lead": "Direction de la transformation (exemple)",
        },
        "status": "draft",
        "horizon_start": 2026,
        "horizon_end": 2031,
        "created_at": "2026-01-12T09:00:00Z",
        "territory": territory,
        "assessment": {
            "indicators": [
                {
                    "id": "in-1",
                    "theme": "Numérique",
                    "name": "Locaux raccordables à la fibre",
                    "value": 78.0,
                    "unit": "%",
                    "year": 2025,
                    "source": SRC,
                    "reference_value": 86.0,
                    "reference_label": "Moyenne départementale",
                    "per_commune": per_commune_fibre,
                },
                {
                    "id": "in-2",
                    "theme": "Inclusion",
                    "name": "Personnes éloignées du numérique",
                    "value": 17.0,
                    "unit": "%",
                    "year": 2024,
                    "source": SRC,
                    "reference_value": 15.0,
                    "reference_label": "Moyenne nationale",
                },
                {
                    "id": "in-3",
                    "theme": "Mobilité",
                    "name": "Part modale du vélo domicile-travail",
                    "value": 2.1,
                    "unit": "%",
                    "year": 2022,
                    "source": SRC,
                    "reference_value": 3.0,
                    "reference_label": "Moyenne nationale",
                },
                {
                    "id": "in-4",
                    "theme": "Énergie",
                    "name": "Consommation énergétique du patrimoine public",
                    "value": 182.0,
                    "unit": "kWh/m²/an",
                    "year": 2024,
                    "source": SRC,
                    "reference_value": 160.0,
                    "reference_label": "Collectivités comparables",
                },
                {
                    "id": "in-5",
                    "theme": "Commerce",
                    "name": "Vacance commerciale en centre-ville",
                    "value": 14.0,
                    "unit": "%",
                    "year": 2025,
                    "source": SRC,
                    "reference_value": 11.0,
                    "reference_label": "Villes moyennes",
                },
            ],
            "swot": [
                {
                    "id": "sw-1",
                    "quadrant": "strength",
                    "text": "Un tissu associatif dense et mobilisé dans toutes les communes",
                    "theme": "Gouvernance",
                    "consultation_ids": ["co-2"],
                },
                {
                    "id": "sw-2",
                    "quadrant": "strength",
                    "text": "Une ville-centre patrimoniale et attractive pour le tourisme",
                    "theme": "Attractivité",
                },
                {
                    "id": "sw-3",
                    "quadrant": "weakness",
                    "text": "Couverture fibre inégale entre la ville-centre et les communes rurales",
                    "theme": "Numérique",
                    "indicator_ids": ["in-1"],
                },
                {
                    "id": "sw-4",
                    "quadrant": "weakness",
                    "text": "Une part de la population éloignée des services en ligne",
                    "theme": "Inclusion",
                    "indicator_ids": ["in-2"],
                    "consultation_ids": ["co-1"],
                },
                {
                    "id": "sw-5",
                    "quadrant": "weakness",
                    "text": "Un patrimoine bâti public énergivore",
                    "theme": "Énergie",
                    "indicator_ids": ["in-4"],
                },
                {
                    "id": "sw-6",
                    "quadrant": "opportunity",
                    "text": "Programmes nationaux de revitalisation des centres-villes",
                    "theme": "Commerce",
                },
                {
                    "id": "sw-7",
                    "quadrant": "opportunity",
                    "text": "Fonds de l'État pour la transition écologique des collectivités",
                    "theme": "Énergie",
                },
                {
                    "id": "sw-8",
                    "quadrant": "threat",
                    "text": "Vacance commerciale croissante en centre-ville",
                    "theme": "Commerce",
                    "indicator_ids": ["in-5"],
                },
                {
                    "id": "sw-9",
                    "quadrant": "threat",
                    "text": "Hausse durable du coût de l'énergie",
                    "theme": "Énergie",
                },
            ],
            "initiatives": [
                {
                    "id": "ini-1",
                    "name": "France services itinérant",
                    "theme": "Inclusion",
                    "owner": "Agglomération",
                    "status": "ongoing",
                    "description": "Un bus de services publics qui passe dans les communes rurales.",
                    "communes": codes[:4],
                    "since": 2022,
                },
                {
                    "id": "ini-2",
                    "name": "Comptage des vélos sur deux axes",
                    "theme": "Mobilité",
                    "owner": "Ville-centre",
                    "status": "ongoing",
                    "since": 2024,
                },
            ],
            "consultations": [
                {
                    "id": "co-1",
                    "kind": "interview",
                    "date": "2026-01-20",
                    "title": "Entretien avec le vice-président au numérique",
                    "audiences": ["elected"],
                    "participants": 2,
                    "facilitator": "Consultant",
                    "step": 1,
                    "summary": "Priorité à l'inclusion numérique et aux communes rurales.",
                },
                {
                    "id": "co-2",
                    "kind": "workshop",
                    "date": "2026-02-03",
                    "title": "Atelier avec les associations",
                    "audiences": ["associations", "residents"],
                    "participants": 18,
                    "facilitator": "Consultant",
                    "step": 1,
                    "summary": "Besoin de lieux ouverts et d'accompagnement aux démarches.",
                },
                {
                    "id": "co-3",
                    "kind": "survey",
                    "date": "2026-02-15",
                    "title": "Enquête auprès des commerçants",
                    "audiences": ["businesses"],
                    "participants": 64,
                    "step": 1,
                    "summary": "Attente d'une vitrine commune en ligne et de données de fréquentation.",
                },
            ],
            "needs": [
                {
                    "id": "ne-1",
                    "kind": "need",
                    "text": "Être accompagné pour les démarches administratives en ligne",
                    "consultation_id": "co-2",
                    "audience": "residents",
                    "theme": "Inclusion",
                },
                {
                    "id": "ne-2",
                    "kind": "quote",
                    "text": "« Pour ma carte grise, j'ai dû faire 30 km pour trouver quelqu'un qui m'aide. »",
                    "consultation_id": "co-2",
                    "audience": "residents",
                    "theme": "Inclusion",
                },
                {
                    "id": "ne-3",
                    "kind": "need",
                    "text": "Une plateforme commune pour vendre en ligne et fidéliser la clientèle",
                    "consultation_id": "co-3",
                    "audience": "businesses",
                    "theme": "Commerce",
                },
                {
                    "id": "ne-4",
                    "kind": "need",
                    "text": "Suivre et réduire les consommations des bâtiments communaux",
                    "consultation_id": "co-1",
                    "audience": "elected",
                    "theme": "Énergie",
                },
            ],
            "maturity": [
                {
                    "theme": "Inclusion numérique",
                    "score": 2,
                    "comment": "Actions ponctuelles, pas de réseau structuré",
                },
                {"theme": "Donnée et open data", "score": 1, "comment": "Aucun jeu de données publié"},
                {"theme": "Énergie du patrimoine", "score": 2, "comment": "Relevés manuels annuels"},
            ],
        },
        "criteria": [{"key": k, "label": CRITERIA_FR[k], "family": f, "weight": w} for k, f, w in DEFAULT_CRITERIA],
        "issues": [
            {
                "id": "is-1",
                "title": "Rendre les services numériques accessibles à tous",
                "theme": "Inclusion",
                "description": "Réduire la part des habitants éloignés du numérique, en priorité dans les communes rurales.",
                "evidence": {
                    "swot_ids": ["sw-4"],
                    "indicator_ids": ["in-2"],
                    "need_ids": ["ne-1", "ne-2"],
                    "initiative_ids": ["ini-1"],
                },
                "scores": scores([5, 4, 5, 5, 4, 3, 4, 4], "Comité de pilotage", "2026-03-10", "atelier"),
                "people_concerned": 9500,
                "selected": True,
                "rank": 1,
            },
            {
                "id": "is-2",
                "title": "Réduire la consommation énergétique des bâtiments publics",
                "theme": "Énergie",
                "evidence": {
                    "swot_ids": ["sw-5", "sw-7", "sw-9"],
                    "indicator_ids": ["in-4"],
                    "need_ids": ["ne-4"],
                },
                "scores": scores([3, 5, 4, 3, 3, 3, 3, 4], "Comité de pilotage", "2026-03-10", "atelier"),
                "people_concerned": 56000,
                "selected": True,
                "rank": 2,
                "rank_reason": "Le comité de pilotage la place avant le commerce : le dispositif éco-énergie "
                "tertiaire impose -40 % de consommation en 2030 aux bâtiments publics de plus de 1 000 m², "
                "et les économies financent d'autres actions.",
            },
            {
                "id": "is-3",
                "title": "Redynamiser le commerce de centre-ville",
                "theme": "Commerce",
                "evidence": {
                    "swot_ids": ["sw-2", "sw-6", "sw-8"],
                    "indicator_ids": ["in-5"],
                    "need_ids": ["ne-3"],
                },
                "scores": scores([4, 4, 4, 3, 3, 4, 3, 4], "Comité de pilotage", "2026-03-10", "atelier"),
                "people_concerned": 21000,
                "selected": True,
                "rank": 3,
                "rank_reason": "Placé après l'énergie par le comité de pilotage (échéance réglementaire de 2030).",
            },
            {
                "id": "is-4",
                "title": "Développer les mobilités douces",
                "theme": "Mobilité",
                "evidence": {"indicator_ids": ["in-3"], "initiative_ids": ["ini-2"]},
                "scores": scores([3, 2, 3, 3, 4, 3, 3, 3], "Comité de pilotage", "2026-03-10", "atelier"),
                "people_concerned": 15000,
                "selected": False,
            },
        ],
        "axes": [
            {
                "id": "ax-1",
                "title": "Un territoire numérique inclusif",
                "order": 1,
                "colour": "#1f77b4",
                "ambition": "Aucun habitant laissé sans solution face aux services en ligne.",
                "issue_ids": ["is-1"],
                "objectives": [
                    {
                        "id": "ob-1",
                        "text": "Un lieu de médiation numérique à moins de 15 minutes de chaque habitant",
                        "target_year": 2028,
                    },
                    {
                        "id": "ob-2",
                        "text": "Publier les données publiques utiles aux habitants",
                        "target_year": 2029,
                    },
                ],
            },
            {
                "id": "ax-2",
                "title": "Une agglomération sobre en énergie",
                "order": 2,
                "colour": "#2ca02c",
                "ambition": "Piloter finement les consommations du patrimoine public.",
                "issue_ids": ["is-2"],
                "objectives": [
                    {
                        "id": "ob-3",
                        "text": "Réduire de 25 % la consommation du patrimoine public",
                        "target_year": 2031,
                    }
                ],
            },
            {
                "id": "ax-3",
                "title": "Des centres-villes vivants",
                "order": 3,
                "colour": "#ff7f0e",
                "ambition": "Donner au commerce local les outils du numérique.",
                "issue_ids": ["is-3"],
                "objectives": [
                    {
                        "id": "ob-4",
                        "text": "Faire baisser la vacance commerciale sous 10 %",
                        "target_year": 2030,
                    }
                ],
            },
        ],
        "actions": [
            {
                "id": "ac-1",
                "code": "1.1",
                "title": "Créer des espaces de médiation numérique",
                "axis_id": "ax-1",
                "objective_id": "ob-1",
                "description": "Ouvrir quatre espaces dans les bourgs-centres, avec des conseillers numériques.",
                "need": "Accompagnement aux démarches en ligne",
                "expected_effects": "Baisse de la part des personnes éloignées du numérique.",
                "targets": ["grand public", "seniors"],
                "template": "digital_mediation",
                "whole_territory": False,
                "scope_communes": codes[:4],
                "owner_service": "Direction de la cohésion sociale",
                "elected_referent": "Vice-président au numérique",
                "project_lead": "Cheffe de projet inclusion",
                "partners": [
                    {"stakeholder_id": "st-1", "role": "operator"},
                    {"stakeholder_id": "st-4", "role": "funder"},
                ],
                "skills": ["médiation numérique", "animation"],
                "participation": "concertation",
                "legal": {
                    "support_type": "direct",
                    "contracting_mode": "direct_management",  # the spaces are run by the agglomeration's staff
                    "legal_support_needed": False,
                },
                "economics": economics([(2026, 120000), (2027, 60000)], 90000, 0, range(2026, 2032)),
                "funding": [
                    {
                        "id": "fu-1",
                        "source": "DSIL",
                        "scheme": "dsil",
                        "funder_kind": "state",
                        "amount": 60000,
                        "status": "requested",
                        "date": "2026-04-01",
                    },
                    {
                        "id": "fu-2",
                        "source": "Région Bretagne",
                        "funder_kind": "region",
                        "amount": 40000,
                        "status": "planned",
                    },
                ],
                "start": "2026-09-01",
                "end": "2028-06-30",
                "milestones": [{"name": "Ouverture du premier espace", "date": "2027-01-15", "done": False}],
                "status": "to_start",
                "priority": "high",
                "indicator_ids": ["mi-1"],
                "budget": [{"year": 2026, "planned": 120000, "committed": 0, "spent": 0}],
            },
            {
                "id": "ac-2",
                "code": "1.2",
                "title": "Ouvrir un portail open data",
                "axis_id": "ax-1",
                "objective_id": "ob-2",
                "description": "Publier les jeux de données de l'agglomération sur un portail ouvert.",
                "owner_service": "Direction des systèmes d'information",
                "partners": [{"stakeholder_id": "st-3", "role": "expert"}],
                "participation": "consultation",
                "legal": {"support_type": "direct", "contracting_mode": "public_procurement"},
                "economics": economics([(2027, 35000)], 12000, 0, range(2027, 2032)),
                "funding": [
                    {
                        "id": "fu-1",
                        "source": "Banque des Territoires",
                        "funder_kind": "banque_territoires",
                        "amount": 15000,
                        "status": "planned",
                    }
                ],
                "start": "2027-01-01",
                "end": "2027-12-31",
                "status": "to_start",
                "priority": "medium",
                "indicator_ids": ["mi-2"],
            },
            {
                "id": "ac-3",
                "code": "2.1",
                "title": "Suivre en temps réel l'énergie des bâtiments publics",
                "axis_id": "ax-2",
                "objective_id": "ob-3",
                "description": "Installer des compteurs communicants et un tableau de bord dans 40 bâtiments.",
                "owner_service": "Direction du patrimoine",
                "elected_referent": "Vice-présidente à la transition écologique",
                "partners": [{"stakeholder_id": "st-2", "role": "operator"}],
                "skills": ["énergie", "données"],
                "competence_domain": "region_climate_air_energy",  # a region-led domain: 30 % own share
                "legal": {
                    "support_type": "direct",
                    "contracting_mode": "performance_contract",
                    "partnership_id": "pa-1",
                    "legal_support_needed": True,
                },
                "economics": economics([(2026, 250000), (2027, 150000)], 30000, 110000, range(2026, 2036)),
                "funding": [
                    {
                        "id": "fu-1",
                        "source": "Fonds vert",
                        "scheme": "fonds_vert",
                        "funder_kind": "state",
                        "amount": 160000,
                        "status": "granted",
                        "date": "2026-05-12",
                    },
                    {
                        "id": "fu-2",
                        "source": "ADEME",
                        "funder_kind": "ademe",
                        "amount": 60000,
                        "status": "requested",
                    },
                ],
                "start": "2026-06-01",
                "end": "2027-12-31",
                "milestones": [
                    {"name": "Choix du titulaire", "date": "2026-10-15", "done": True},
                    {"name": "40 bâtiments équipés", "date": "2027-09-30", "done": False},
                ],
                "status": "in_progress",
                "priority": "high",
                "progress": 35,
                "indicator_ids": ["mi-3"],
                "budget": [{"year": 2026, "planned": 250000, "committed": 240000, "spent": 90000}],
            },
            {
                "id": "ac-4",
                "code": "3.1",
                "title": "Plateforme multiservice pour le commerce local",
                "axis_id": "ax-3",
                "objective_id": "ob-4",
                "description": "Une place de marché locale, le click-and-collect et une carte de fidélité commune.",
                "owner_service": "Direction du développement économique",
                "partners": [
                    {"stakeholder_id": "st-5", "role": "co_lead"},
                    {"stakeholder_id": "st-6", "role": "operator"},
                ],
                "participation": "coconstruction",
                "legal": {
                    "support_type": "delegation",
                    "contracting_mode": "service_concession",
                    "partnership_id": "pa-2",
                },
                "economics": {
                    "years": [
                        # The authority's side of the concession: its contribution to the set-up and
                        # the contract's follow-up; the operator collects the revenue (pa-2's plan).
                        {"year": 2027, "investment": 80000, "operating": 5000, "savings": 0, "revenues": 0},
                        {"year": 2028, "investment": 0, "operating": 5000, "savings": 0, "revenues": 0},
                        {"year": 2029, "investment": 0, "operating": 5000, "savings": 0, "revenues": 0},
                    ],
                    "lifetime_years": 5,
                    "discount_rate": 0.032,
                },
                "funding": [
                    {
                        "id": "fu-1",
                        "source": "Action Cœur de Ville",
                        "funder_kind": "state",
                        "amount": 30000,
                        "status": "planned",
                    },
                    {
                        "id": "fu-2",
                        "source": "Contribution de la CCI Ille-et-Vilaine",
                        "funder_kind": "public_body",  # a CCI is a public establishment
                        "amount": 10000,
                        "status": "planned",
                    },
                ],
                "start": "2027-03-01",
                "end": "2029-12-31",
                "status": "to_start",
                "priority": "medium",
                "indicator_ids": ["mi-4"],
            },
        ],
        "stakeholders": [
            {
                "id": "st-1",
                "name": "Réseau des centres sociaux (exemple)",
                "kind": "association",
                "role": "Animation des espaces",
                "interest": 5,
                "influence": 3,
            },
            {
                "id": "st-2",
                "name": "Syndicat départemental d'énergie (exemple)",
                "kind": "public_body",
                "role": "Expertise énergie",
                "interest": 4,
                "influence": 4,
            },
            {
                "id": "st-3",
                "name": "Université de Rennes — laboratoire de données (exemple)",
                "kind": "academia",
                "role": "Appui méthodologique",
                "interest": 3,
                "influence": 2,
            },
            {
                "id": "st-4",
                "name": "Région Bretagne",
                "kind": "public_body",
                "role": "Cofinanceur",
                "interest": 3,
                "influence": 5,
            },
            {
                "id": "st-5",
                "name": "Union des commerçants (exemple)",
                "kind": "civil_society",
                "role": "Co-porteur",
                "interest": 5,
                "influence": 3,
            },
            {
                "id": "st-6",
                "name": "Startup locale de commerce en ligne (exemple)",
                "kind": "startup",
                "role": "Opérateur de la plateforme",
                "interest": 4,
                "influence": 2,
            },
        ],
        "partnerships": [
            {
                "id": "pa-1",
                "name": "Pilotage énergétique du patrimoine",
                "action_ids": ["ac-3"],
                "partners": [{"stakeholder_id": "st-2", "role": "expert"}],
                "structure": "performance_contract",
                # The answers the legal helper was given, and its ranking: the structure retained
                # is its first choice.
                "helper_answers": ENERGY_ANSWERS.model_dump(),
                "ranking": [r.structure for r in recommend(ENERGY_ANSWERS, dt.date(2026, 4, 1))],
                "reasons": "Le titulaire s'engage sur une baisse mesurée des consommations.",
                "checklist": [
                    {"text": "Définir la situation de référence des consommations", "done": True},
                    {"text": "Rédiger les clauses de performance", "done": False},
                ],
            },
            {
                "id": "pa-2",
                "name": "Plateforme du commerce local",
                "action_ids": ["ac-4"],
                "partners": [
                    {"stakeholder_id": "st-5", "role": "co_lead"},
                    {"stakeholder_id": "st-6", "role": "operator"},
                ],
                "structure": "service_concession",
                "reasons": "L'opérateur se rémunère sur les commissions et porte le risque d'exploitation.",
                "business_plan": [
                    {"year": 2027, "revenues": 15000, "operating_costs": 20000, "investment": 80000},
                    {"year": 2028, "revenues": 30000, "operating_costs": 25000, "investment": 0},
                    {"year": 2029, "revenues": 40000, "operating_costs": 25000, "investment": 0},
                ],
            },
        ],
        "indicators": [
            {
                "id": "mi-1",
                "name": "Personnes accompagnées dans les espaces de médiation",
                "unit": "personnes/an",
                "level": "action",
                "action_id": "ac-1",
                "direction": "up",
                "baseline_value": 0,
                "baseline_date": "2026-01-01",
                "target_value": 3000,
                "target_date": "2028-12-31",
                "frequency": "quarterly",
                "source": "Registre des espaces",
                "owner": "Cheffe de projet inclusion",
                "open_data": True,
                "measurements": [{"date": "2026-09-30", "value": 45, "comment": "Premières permanences"}],
            },
            {
                "id": "mi-2",
                "name": "Jeux de données publiés",
                "unit": "jeux",
                "level": "action",
                "action_id": "ac-2",
                "direction": "up",
                "baseline_value": 0,
                "baseline_date": "2026-01-01",
                "target_value": 40,
                "target_date": "2029-12-31",
                "frequency": "yearly",
                "open_data": True,
                "measurements": [{"date": "2026-06-30", "value": 0, "comment": "Portail en préparation"}],
            },
            {
                "id": "mi-3",
                "name": "Consommation du patrimoine public",
                "unit": "MWh/an",
                "level": "axis",
                "axis_id": "ax-2",
                "direction": "down",
                "baseline_value": 9800,
                "baseline_date": "2025-12-31",
                "target_value": 7350,
                "target_date": "2031-12-31",
                "frequency": "yearly",
                "source": "Factures et compteurs",
                "owner": "Direction du patrimoine",
                "open_data": True,
                "measurements": [{"date": "2026-06-30", "value": 9600}],
            },
            {
                "id": "mi-4",
                "name": "Taux de vacance commerciale en centre-ville",
                "unit": "%",
                "level": "action",
                "action_id": "ac-4",
                "direction": "down",
                "baseline_value": 13.5,  # measured before the platform opens: the starting point
                "baseline_date": "2026-06-30",
                "target_value": 10,
                "target_date": "2030-12-31",
                "frequency": "yearly",
                "measurements": [{"date": "2026-06-30", "value": 13.5}],
            },
        ],
        "evaluations": [
            {
                "id": "ev-1",
                "action_id": "ac-3",
                "date": "2026-11-20",
                "rating": 3,
                "effects": [
                    {
                        "dimension": "environmental",
                        "text": "Compteurs posés dans 12 bâtiments ; effets à mesurer après un hiver complet de relevés.",
                        "rating": 3,
                    }
                ],
                "text": "Titulaire retenu le 15 octobre ; déploiement conforme au calendrier, à poursuivre.",
            },
        ],
        "governance": {
            "elected_lead": "Vice-président à l'innovation et au numérique (exemple)",
            "steering_committee": "Président de l'agglomération, vice-présidents concernés, maires de Fougères et de "
            "deux communes rurales, Région Bretagne, Banque des Territoires, CCI Ille-et-Vilaine (exemple).",
            "steering_frequency": "Deux fois par an, et à chaque révision du plan d'actions",
            "technical_committee": "Direction générale des services, directions pilotes des actions, chargée de mission "
            "innovation ; partenaires invités selon l'ordre du jour (exemple).",
            "decisions": "Le conseil communautaire adopte la stratégie, son plan d'actions et son budget ; le bureau "
            "arbitre les priorités entre deux conseils ; le comité de pilotage valide l'avancement et propose les "
            "ajustements ; le comité technique prépare les décisions.",
        },
        "consultation_moments": [
            {
                "id": "mo-1",
                "kind": "steering_committee",
                "date": "2026-03-10",
                "title": "Comité de pilotage — choix des enjeux",
                "steps": [2, 3],
                "audiences": ["elected", "staff"],
                "participants": 14,
                "outcomes": "Trois enjeux prioritaires retenus, trois axes esquissés.",
            },
        ],
    }
    return doc


# The communes' contours: IGN Admin Express (as served by geo.api.gouv.fr), Licence Ouverte,
# simplified by domain.geo when the sample is built; kept in the sample so that its map shows
# offline. Rebuilding without the source file keeps the contours already in the sample.
BOUNDARY_SOURCE = "IGN Admin Express (geo.api.gouv.fr), Licence Ouverte / Etalab — contours simplifiés"
BOUNDARY_DATE = "2026-11-27"


def with_contours(doc: dict, contours: Path | None) -> dict:
    territory = doc["territory"]
    if contours is None:
        if not OUT.exists():
            return doc
        kept = json.loads(OUT.read_text(encoding="utf-8"))["territory"]
        boundary = kept.get("boundary")
        area = kept.get("area_km2")
    else:
        members = [Member(m["code"], m["name"]) for m in territory["members"]]
        result = read_boundaries(contours.read_bytes(), members, territory_code=territory["code"])
        if result.collection is None or result.matched != len(members):  # the others: the department's rest
            raise SystemExit(f"contours: {result.problems}, {result.matched} of {len(members)} communes matched")
        boundary = result.collection
        area = next(f["properties"]["area_km2"] for f in boundary["features"] if f["properties"].get("level"))
    if boundary:
        territory.update(boundary=boundary, boundary_source=BOUNDARY_SOURCE, boundary_date=BOUNDARY_DATE, area_km2=area)
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contours", type=Path, help="GeoJSON of the department's communes (IGN Admin Express)")
    doc = with_contours(build(), parser.parse_args().contours)
    result = read_data(json.loads(json.dumps(doc)))
    if not result.ok or result.strategy is None:
        raise SystemExit("\n".join(f"{p.path}: {p.code} {p.params}" for p in result.problems))
    OUT.write_text(write_document(result.strategy), encoding="utf-8")
    print(f"{OUT.name} written ({dt.date.today().isoformat()})")


if __name__ == "__main__":
    main()
