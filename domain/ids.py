"""Stable short ids for new records: a prefix per kind and the next free number."""

from __future__ import annotations

from collections.abc import Iterable

PREFIXES = {
    "indicator": "in",
    "swot": "sw",
    "initiative": "ini",
    "consultation": "co",
    "need": "ne",
    "issue": "is",
    "axis": "ax",
    "objective": "ob",
    "action": "ac",
    "funding": "fu",
    "stakeholder": "st",
    "partnership": "pa",
    "monitoring": "mi",
    "evaluation": "ev",
    "moment": "mo",
    "criterion": "cr",
}


def next_id(kind: str, existing: Iterable[str]) -> str:
    """`ax-4` when `ax-1`..`ax-3` exist; ids are never reused within a document."""
    prefix = PREFIXES[kind] + "-"
    highest = 0
    for rid in existing:
        if rid.startswith(prefix) and rid[len(prefix) :].isdigit():
            highest = max(highest, int(rid[len(prefix) :]))
    return f"{prefix}{highest + 1}"


def next_ids(kind: str, existing: Iterable[str], count: int) -> list[str]:
    """`count` new ids at once (one scan of the existing ones, however many are added)."""
    prefix = PREFIXES[kind] + "-"
    first = int(next_id(kind, existing)[len(prefix) :])
    return [f"{prefix}{first + n}" for n in range(count)]
