"""Funding of an action: the authority's own share and the legal minimum it must reach.

The rules and the catalogue of schemes are dated data tables in `sample_data/rules/`, shown
to the user with their source; no threshold is written in code.

The own share is what the authority still pays once the other funders' lines (except those
refused) are deducted from the investment. The rule compares it with the total public funding
of the project — the other public funders plus the authority's own share; private funding is
not part of that total.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from domain.model import Action

RULES_DIR = Path(__file__).resolve().parents[1] / "sample_data" / "rules"
COUNTED = {"planned", "requested", "granted", "paid"}  # a refused line funds nothing


@dataclass(frozen=True)
class Rule:
    code: str
    value: float
    source: str
    note: dict[str, str]
    as_of: str


@dataclass(frozen=True)
class Scheme:
    code: str
    name: str
    funder_kind: str
    runner: str
    use: dict[str, str]


@dataclass(frozen=True)
class OwnShare:
    investment: float
    public_from_others: float
    private: float
    own_share: float
    public_total: float
    share_of_public: float | None  # own share / public total
    minimum: Rule
    over_funded: bool  # the lines add up to more than the investment

    @property
    def below_minimum(self) -> bool:
        return self.share_of_public is not None and self.share_of_public < self.minimum.value


@lru_cache(maxsize=1)
def _table(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RULES_DIR / name).read_text(encoding="utf-8"))
    return data


def rule(code: str) -> Rule:
    table = _table("financing_rules.json")
    item = next(r for r in table["rules"] if r["code"] == code)
    return Rule(
        item["code"],
        float(item["value"]),
        item["source"],
        {"fr": item["note_fr"], "en": item["note_en"]},
        table["as_of"],
    )


def schemes() -> list[Scheme]:
    return [
        Scheme(s["code"], s["name"], s["funder_kind"], s["runner"], {"fr": s["use_fr"], "en": s["use_en"]})
        for s in _table("funding_schemes.json")["schemes"]
    ]


def schemes_as_of() -> str:
    return str(_table("funding_schemes.json")["as_of"])


def own_share(action: Action) -> OwnShare | None:
    """The own-share check of an investment action; None when the action has no investment."""
    investment = sum(y.investment for y in action.economics.years)
    if investment <= 0:
        return None
    lines = [f for f in action.funding if f.status in COUNTED]
    private = sum(f.amount for f in lines if f.funder_kind == "private")
    public_others = sum(f.amount for f in lines if f.funder_kind != "private")
    own = investment - public_others - private
    public_total = public_others + max(own, 0.0)
    minimum = rule("own_share_min_chef_de_file" if action.chef_de_file else "own_share_min")
    return OwnShare(
        investment=investment,
        public_from_others=public_others,
        private=private,
        own_share=own,
        public_total=public_total,
        share_of_public=max(own, 0.0) / public_total if public_total else None,
        minimum=minimum,
        over_funded=own < 0,
    )
