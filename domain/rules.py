"""The dated rules tables (`sample_data/rules/`): each value with its source and the date the
table was checked, shown to the user next to every result computed with it. No rate or
threshold is written in code."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).resolve().parents[1] / "sample_data" / "rules"


@dataclass(frozen=True)
class Rule:
    code: str
    value: float
    source: str
    note: dict[str, str]
    as_of: str


@lru_cache(maxsize=8)
def table(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((RULES_DIR / name).read_text(encoding="utf-8"))
    return data


def rule(code: str) -> Rule:
    """A financing rule (`financing_rules.json`) by its code."""
    data = table("financing_rules.json")
    item = next(r for r in data["rules"] if r["code"] == code)
    return Rule(
        item["code"],
        float(item["value"]),
        item["source"],
        {"fr": item["note_fr"], "en": item["note_en"]},
        data["as_of"],
    )
