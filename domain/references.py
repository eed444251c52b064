"""Cross-reference and coherence rules that a single record cannot check on its own.

Every id must be unique in its collection and every reference must point at an existing
record of the right kind. A dangling reference is a problem that names its JSON path, e.g.
`actions[3].axis_id: unknown axis "ax-9"`.

The rules read a validated `Strategy` or the raw JSON of a document that failed validation
(so that a file with a bad field still gets all its dangling references listed): every
access is defensive, and what is not of the expected shape is skipped here because the
schema validation reports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from domain.problems import Problem

# kind -> (path of the collection, id field)
COLLECTIONS: dict[str, tuple[str, str]] = {
    "context_indicator": ("assessment.indicators", "id"),
    "swot": ("assessment.swot", "id"),
    "initiative": ("assessment.initiatives", "id"),
    "consultation": ("assessment.consultations", "id"),
    "need": ("assessment.needs", "id"),
    "criterion": ("criteria", "key"),
    "issue": ("issues", "id"),
    "axis": ("axes", "id"),
    "action": ("actions", "id"),
    "stakeholder": ("stakeholders", "id"),
    "partnership": ("partnerships", "id"),
    "indicator": ("indicators", "id"),
    "evaluation": ("evaluations", "id"),
    "moment": ("consultation_moments", "id"),
}

# (collection path, field in each item, target kind, message kind, is a list of ids)
RULES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("assessment.swot", "indicator_ids", "context_indicator", "indicator", True),
    ("assessment.swot", "consultation_ids", "consultation", "consultation", True),
    ("assessment.needs", "consultation_id", "consultation", "consultation", False),
    ("issues", "evidence.swot_ids", "swot", "swot", True),
    ("issues", "evidence.indicator_ids", "context_indicator", "indicator", True),
    ("issues", "evidence.need_ids", "need", "need", True),
    ("issues", "evidence.initiative_ids", "initiative", "initiative", True),
    ("axes", "issue_ids", "issue", "issue", True),
    ("actions", "axis_id", "axis", "axis", False),
    ("actions", "indicator_ids", "indicator", "indicator", True),
    ("actions", "legal.partnership_id", "partnership", "partnership", False),
    ("partnerships", "action_ids", "action", "action", True),
    ("indicators", "axis_id", "axis", "axis", False),
    ("indicators", "action_id", "action", "action", False),
    ("evaluations", "action_id", "action", "action", False),
)

# (collection path, nested list, field): stakeholder links inside a list of partner records
PARTNER_RULES = (("actions", "partners"), ("partnerships", "partners"))
# (collection path, field holding commune codes)
COMMUNE_RULES = (
    ("assessment.initiatives", "communes"),
    ("actions", "scope_communes"),
)


def _get(obj: Any, dotted: str) -> Any:
    for name in dotted.split("."):
        obj = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if obj is None:
            return None
    return obj


def _items(obj: Any, dotted: str) -> Iterator[tuple[int, Any]]:
    value = _get(obj, dotted)
    if isinstance(value, list):
        yield from enumerate(value)


def _ids(doc: Any, kind: str) -> list[str]:
    path, field = COLLECTIONS[kind]
    return [rid for _, item in _items(doc, path) if isinstance(rid := _get(item, field), str)]


def _unknown(path: str, kind: str, ref: str) -> Problem:
    return Problem(path, "ref.unknown", {"kind": kind, "id": ref})


def reference_problems(doc: Any) -> list[Problem]:
    """All duplicate ids, dangling references and incoherent dates of a strategy (model or JSON)."""
    known = {kind: _ids(doc, kind) for kind in COLLECTIONS}
    problems = _duplicate_problems(doc)
    sets = {kind: set(ids) for kind, ids in known.items()}
    for path, field, target, label, many in RULES:
        for i, item in _items(doc, path):
            value = _get(item, field)
            where = f"{path}[{i}].{field}"
            if many and isinstance(value, list):
                problems += [
                    _unknown(f"{where}[{j}]", label, ref)
                    for j, ref in enumerate(value)
                    if isinstance(ref, str) and ref not in sets[target]
                ]
            elif not many and isinstance(value, str) and value and value not in sets[target]:
                problems.append(_unknown(where, label, value))
    problems += _score_problems(doc, sets["criterion"])
    problems += _partner_problems(doc, sets["stakeholder"])
    problems += _objective_problems(doc)
    problems += _commune_problems(doc)
    problems += _level_problems(doc)
    problems += _date_problems(doc)
    return problems


def _duplicate_problems(doc: Any) -> list[Problem]:
    out: list[Problem] = []
    groups = [(path, field) for path, field in COLLECTIONS.values()]
    groups += [(f"axes[{i}].objectives", "id") for i, _ in _items(doc, "axes")]
    groups += [(f"actions[{i}].funding", "id") for i, _ in _items(doc, "actions")]
    for path, field in groups:
        seen: set[str] = set()
        for i, item in _nested(doc, path) if "[" in path else _items(doc, path):
            rid = _get(item, field)
            if isinstance(rid, str):
                if rid in seen:
                    out.append(Problem(f"{path}[{i}].{field}", "ref.duplicate", {"id": rid}))
                seen.add(rid)
    return out


def _nested(doc: Any, path: str) -> Iterator[tuple[int, Any]]:
    # "axes[2].objectives" -> the objectives of the third axis
    head, _, field = path.partition(".")
    name, _, index = head.partition("[")
    parents = _get(doc, name)
    if isinstance(parents, list):
        position = int(index.rstrip("]"))
        yield from _items(parents[position], field)


def _score_problems(doc: Any, criteria: set[str]) -> list[Problem]:
    out = []
    for i, issue in _items(doc, "issues"):
        for j, score in _items(issue, "scores"):
            key = _get(score, "criterion")
            if isinstance(key, str) and key not in criteria:
                out.append(_unknown(f"issues[{i}].scores[{j}].criterion", "criterion", key))
    return out


def _partner_problems(doc: Any, stakeholders: set[str]) -> list[Problem]:
    out = []
    for path, field in PARTNER_RULES:
        for i, item in _items(doc, path):
            for j, partner in _items(item, field):
                sid = _get(partner, "stakeholder_id")
                if isinstance(sid, str) and sid not in stakeholders:
                    out.append(_unknown(f"{path}[{i}].{field}[{j}].stakeholder_id", "stakeholder", sid))
    return out


def _objective_problems(doc: Any) -> list[Problem]:
    objectives = {
        _get(axis, "id"): {_get(o, "id") for _, o in _items(axis, "objectives")} for _, axis in _items(doc, "axes")
    }
    out = []
    for i, action in _items(doc, "actions"):
        axis, objective = _get(action, "axis_id"), _get(action, "objective_id")
        if isinstance(objective, str) and objective and axis in objectives and objective not in objectives[axis]:
            out.append(
                Problem(
                    f"actions[{i}].objective_id",
                    "ref.objective_not_in_axis",
                    {"id": objective, "axis": axis},
                )
            )
    return out


def _commune_problems(doc: Any) -> list[Problem]:
    # Commune references only make sense once the territory lists its member communes.
    members = {_get(m, "code") for _, m in _items(doc, "territory.members")}
    if not members:
        return []
    out = []
    for path, field in COMMUNE_RULES:
        for i, item in _items(doc, path):
            for j, code in _items(item, field):
                if isinstance(code, str) and code not in members:
                    out.append(_unknown(f"{path}[{i}].{field}[{j}]", "commune", code))
    for i, ind in _items(doc, "assessment.indicators"):
        per_commune = _get(ind, "per_commune")
        if isinstance(per_commune, dict):
            out += [
                _unknown(f"assessment.indicators[{i}].per_commune.{code}", "commune", code)
                for code in per_commune
                if code not in members
            ]
    return out


def _level_problems(doc: Any) -> list[Problem]:
    out = []
    for i, ind in _items(doc, "indicators"):
        level = _get(ind, "level")
        if level in ("axis", "action") and not _get(ind, f"{level}_id"):
            out.append(Problem(f"indicators[{i}].{level}_id", "ref.missing", {"kind": level}))
    return out


def _as_date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value


def _date_problems(doc: Any) -> list[Problem]:
    out = []
    start, end = _get(doc, "horizon_start"), _get(doc, "horizon_end")
    if isinstance(start, int) and isinstance(end, int) and end < start:
        out.append(Problem("horizon_end", "date.end_before_start", {}))
    for i, action in _items(doc, "actions"):
        start, end = _as_date(_get(action, "start")), _as_date(_get(action, "end"))
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            out.append(Problem(f"actions[{i}].end", "date.end_before_start", {}))
    return out
