"""A deterministic large strategy for benchmarks: 300 member communes, 60 issues, 3 axes,
200 actions, 150 stakeholders, 120 indicators x 12 measurements.

    python -m benchmarks.generate OUT.json
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path

from domain.document import write_document
from domain.factory import DEFAULT_CRITERIA
from domain.geo import Member, read_boundaries
from domain.model import Strategy
from domain.territories import search, territory_from

THEMES = ["Numérique", "Énergie", "Mobilité", "Commerce", "Inclusion", "Données", "Santé", "Culture"]


def _boundary(members: list) -> dict | None:
    """Real boundaries of the members (Ille-et-Vilaine) when ../shared/data is beside the project."""
    shared = Path(os.environ.get("SHARED_DATA_DIR", Path(__file__).resolve().parents[2] / "shared" / "data"))
    source = shared / "geo" / "communes-35-ille-et-vilaine.geojson"
    if not source.exists():
        return None
    return read_boundaries(source.read_bytes(), [Member(m.code, m.name) for m in members]).collection


def large_strategy(seed: int = 42) -> Strategy:
    rnd = random.Random(seed)
    department = next(p for p in search("Ille-et-Vilaine") if p.kind == "departement")
    territory = territory_from(department)
    members = territory.members[:300]
    codes = [m.code for m in members]
    territory = territory.model_copy(
        update={
            "kind": "syndicat",
            "code": "",
            "name": "Grand territoire de test",
            "members": members,
            "boundary": _boundary(members),
        }
    )
    indicators = [
        {
            "id": f"in-{i}",
            "theme": rnd.choice(THEMES),
            "name": f"Indicateur de contexte {i}",
            "value": rnd.uniform(0, 100),
            "unit": "%",
            "year": 2024,
            "source": "Benchmark",
            "reference_value": 50.0,
            "reference_label": "Référence",
            "per_commune": {c: round(rnd.uniform(0, 100), 1) for c in codes} if i < 2 else {},
        }
        for i in range(1, 21)
    ]
    swot = [
        {
            "id": f"sw-{i}",
            "quadrant": ["strength", "weakness", "opportunity", "threat"][i % 4],
            "text": f"Élément AFOM {i}",
            "indicator_ids": [f"in-{1 + i % 20}"],
        }
        for i in range(1, 41)
    ]
    needs = [{"id": f"ne-{i}", "kind": "need", "text": f"Besoin exprimé {i}"} for i in range(1, 31)]
    issues = [
        {
            "id": f"is-{i}",
            "title": f"Enjeu {i}",
            "theme": rnd.choice(THEMES),
            "evidence": {"swot_ids": [f"sw-{1 + i % 40}"], "need_ids": [f"ne-{1 + i % 30}"]},
            "scores": [
                {"criterion": k, "value": rnd.randint(1, 5), "by": by}
                for k, _, _ in DEFAULT_CRITERIA
                for by in ("Élus", "Agents")
            ],
            "people_concerned": rnd.randint(100, 50000),
            "selected": i <= 12,
        }
        for i in range(1, 61)
    ]
    axes = [
        {
            "id": f"ax-{a}",
            "title": f"Axe {a}",
            "ambition": "Ambition",
            "order": a,
            "issue_ids": [f"is-{i}" for i in range(a, 13, 3)],
            "objectives": [{"id": f"ob-{a}-{o}", "text": f"Objectif {a}.{o}"} for o in range(1, 5)],
        }
        for a in range(1, 4)
    ]
    stakeholders = [
        {
            "id": f"st-{i}",
            "name": f"Partie prenante {i}",
            "kind": "association",
            "interest": rnd.randint(1, 5),
            "influence": rnd.randint(1, 5),
        }
        for i in range(1, 151)
    ]
    actions = []
    for i in range(1, 201):
        a = 1 + i % 3
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rnd.randint(0, 900))
        actions.append(
            {
                "id": f"ac-{i}",
                "code": f"{a}.{i}",
                "title": f"Action {i}",
                "axis_id": f"ax-{a}",
                "objective_id": f"ob-{a}-{1 + i % 4}",
                "description": "Description de l'action. " * 5,
                "owner_service": "Service",
                "scope_communes": codes[i % 50 : i % 50 + 5],
                "partners": [{"stakeholder_id": f"st-{1 + (i * 7 + k) % 150}", "role": "operator"} for k in range(3)],
                "economics": {
                    "years": [
                        {
                            "year": 2026 + y,
                            "investment": rnd.randint(0, 100000),
                            "operating": rnd.randint(0, 20000),
                            "savings": rnd.randint(0, 15000),
                        }
                        for y in range(6)
                    ],
                    "lifetime_years": 6,
                },
                "funding": [
                    {"id": f"fu-{k}", "source": "DSIL", "funder_kind": "state", "amount": rnd.randint(1000, 50000)}
                    for k in range(1, 4)
                ],
                "start": start.isoformat(),
                "end": (start + dt.timedelta(days=rnd.randint(90, 900))).isoformat(),
                "milestones": [
                    {"name": f"Jalon {k}", "date": (start + dt.timedelta(days=30 * k)).isoformat()} for k in range(1, 4)
                ],
                "status": rnd.choice(["to_start", "in_progress", "done", "late"]),
                "priority": rnd.choice(["high", "medium", "low"]),
                "indicator_ids": [f"mi-{1 + i % 120}"],
            }
        )
    monitoring = [
        {
            "id": f"mi-{i}",
            "name": f"Indicateur de suivi {i}",
            "unit": "u",
            "level": "action",
            "action_id": f"ac-{1 + i % 200}",
            "baseline_value": 0,
            "baseline_date": "2026-01-01",
            "target_value": 100,
            "target_date": "2030-12-31",
            "measurements": [
                {"date": dt.date(2026, m, 28).isoformat(), "value": rnd.uniform(0, 100)} for m in range(1, 13)
            ],
        }
        for i in range(1, 121)
    ]
    return Strategy.model_validate(
        {
            "id": "bench-large",
            "title": "Stratégie de test à grande échelle",
            "territory": territory.model_dump(),
            "assessment": {"indicators": indicators, "swot": swot, "needs": needs},
            "criteria": [{"key": k, "label": k, "family": f, "weight": w} for k, f, w in DEFAULT_CRITERIA],
            "issues": issues,
            "axes": axes,
            "actions": actions,
            "stakeholders": stakeholders,
            "indicators": monitoring,
        }
    )


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "large-strategy.json")
    out.write_text(write_document(large_strategy()), encoding="utf-8")
    print(f"{out}: {out.stat().st_size / 1e6:.1f} MB")
