"""Cross-reference and coherence rules that a single record cannot check on its own.

Every id must be unique in its collection and every reference must point at an existing
record of the right kind. A dangling reference is a problem that names its JSON path, e.g.
`actions[3].axis_id: unknown axis "ax-9"`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from domain.model import Strategy
from domain.problems import Problem


def _unknown(path: str, kind: str, ref: str) -> Problem:
    return Problem(path, "ref.unknown", {"kind": kind, "id": ref})


def _check_ids(path: str, kind: str, refs: Iterable[str], known: set[str]) -> list[Problem]:
    return [_unknown(f"{path}[{j}]", kind, r) for j, r in enumerate(refs) if r not in known]


def _duplicates(path: str, ids: Sequence[str]) -> list[Problem]:
    seen: set[str] = set()
    out = []
    for i, rid in enumerate(ids):
        if rid in seen:
            out.append(Problem(f"{path}[{i}].id", "ref.duplicate", {"id": rid}))
        seen.add(rid)
    return out


def reference_problems(s: Strategy) -> list[Problem]:
    """All dangling references, duplicate ids and incoherent dates of a strategy."""
    a = s.assessment
    collections = {
        "assessment.indicators": [x.id for x in a.indicators],
        "assessment.swot": [x.id for x in a.swot],
        "assessment.initiatives": [x.id for x in a.initiatives],
        "assessment.consultations": [x.id for x in a.consultations],
        "assessment.needs": [x.id for x in a.needs],
        "issues": [x.id for x in s.issues],
        "axes": [x.id for x in s.axes],
        "actions": [x.id for x in s.actions],
        "stakeholders": [x.id for x in s.stakeholders],
        "partnerships": [x.id for x in s.partnerships],
        "indicators": [x.id for x in s.indicators],
        "evaluations": [x.id for x in s.evaluations],
        "consultation_moments": [x.id for x in s.consultation_moments],
    }
    problems: list[Problem] = []
    for path, ids in collections.items():
        problems += _duplicates(path, ids)
    keys = [c.key for c in s.criteria]
    problems += [
        Problem(f"criteria[{i}].key", "ref.duplicate", {"id": k})
        for i, k in enumerate(keys)
        if k in keys[:i]
    ]
    for i, axis in enumerate(s.axes):
        problems += _duplicates(f"axes[{i}].objectives", [o.id for o in axis.objectives])
    for i, action in enumerate(s.actions):
        problems += _duplicates(f"actions[{i}].funding", [f.id for f in action.funding])

    known = {path: set(ids) for path, ids in collections.items()}
    members = {m.code for m in s.territory.members}
    problems += _assessment_refs(s, known, members)
    problems += _issue_refs(s, known, set(keys))
    for i, axis in enumerate(s.axes):
        problems += _check_ids(f"axes[{i}].issue_ids", "issue", axis.issue_ids, known["issues"])
    problems += _action_refs(s, known, members)
    problems += _partnership_refs(s, known)
    problems += _monitoring_refs(s, known)
    if s.horizon_start and s.horizon_end and s.horizon_end < s.horizon_start:
        problems.append(Problem("horizon_end", "date.end_before_start", {}))
    return problems


def _communes(path: str, codes: Iterable[str], members: set[str]) -> list[Problem]:
    # Commune references only make sense once the territory lists its member communes.
    if not members:
        return []
    return _check_ids(path, "commune", codes, members)


def _assessment_refs(s: Strategy, known: dict[str, set[str]], members: set[str]) -> list[Problem]:
    a = s.assessment
    out: list[Problem] = []
    for i, ind in enumerate(a.indicators):
        out += _communes(f"assessment.indicators[{i}].per_commune", ind.per_commune, members)
    for i, item in enumerate(a.swot):
        p = f"assessment.swot[{i}]"
        out += _check_ids(
            f"{p}.indicator_ids", "indicator", item.indicator_ids, known["assessment.indicators"]
        )
        out += _check_ids(
            f"{p}.consultation_ids",
            "consultation",
            item.consultation_ids,
            known["assessment.consultations"],
        )
    for i, ini in enumerate(a.initiatives):
        out += _communes(f"assessment.initiatives[{i}].communes", ini.communes, members)
    for i, need in enumerate(a.needs):
        if need.consultation_id and need.consultation_id not in known["assessment.consultations"]:
            out.append(
                _unknown(
                    f"assessment.needs[{i}].consultation_id", "consultation", need.consultation_id
                )
            )
    return out


def _issue_refs(s: Strategy, known: dict[str, set[str]], criteria: set[str]) -> list[Problem]:
    out: list[Problem] = []
    for i, issue in enumerate(s.issues):
        p = f"issues[{i}]"
        ev = issue.evidence
        out += _check_ids(f"{p}.evidence.swot_ids", "swot", ev.swot_ids, known["assessment.swot"])
        out += _check_ids(
            f"{p}.evidence.indicator_ids",
            "indicator",
            ev.indicator_ids,
            known["assessment.indicators"],
        )
        out += _check_ids(f"{p}.evidence.need_ids", "need", ev.need_ids, known["assessment.needs"])
        out += _check_ids(
            f"{p}.evidence.initiative_ids",
            "initiative",
            ev.initiative_ids,
            known["assessment.initiatives"],
        )
        for j, score in enumerate(issue.scores):
            if score.criterion not in criteria:
                out.append(_unknown(f"{p}.scores[{j}].criterion", "criterion", score.criterion))
    return out


def _action_refs(s: Strategy, known: dict[str, set[str]], members: set[str]) -> list[Problem]:
    objectives = {axis.id: {o.id for o in axis.objectives} for axis in s.axes}
    out: list[Problem] = []
    for i, act in enumerate(s.actions):
        p = f"actions[{i}]"
        if act.axis_id not in known["axes"]:
            out.append(_unknown(f"{p}.axis_id", "axis", act.axis_id))
        elif act.objective_id and act.objective_id not in objectives[act.axis_id]:
            out.append(
                Problem(
                    f"{p}.objective_id",
                    "ref.objective_not_in_axis",
                    {"id": act.objective_id, "axis": act.axis_id},
                )
            )
        for j, partner in enumerate(act.partners):
            if partner.stakeholder_id not in known["stakeholders"]:
                out.append(
                    _unknown(
                        f"{p}.partners[{j}].stakeholder_id", "stakeholder", partner.stakeholder_id
                    )
                )
        out += _check_ids(f"{p}.indicator_ids", "indicator", act.indicator_ids, known["indicators"])
        pid = act.legal.partnership_id
        if pid and pid not in known["partnerships"]:
            out.append(_unknown(f"{p}.legal.partnership_id", "partnership", pid))
        out += _communes(f"{p}.scope_communes", act.scope_communes, members)
        if act.start and act.end and act.end < act.start:
            out.append(Problem(f"{p}.end", "date.end_before_start", {}))
    return out


def _partnership_refs(s: Strategy, known: dict[str, set[str]]) -> list[Problem]:
    out: list[Problem] = []
    for i, ps in enumerate(s.partnerships):
        p = f"partnerships[{i}]"
        out += _check_ids(f"{p}.action_ids", "action", ps.action_ids, known["actions"])
        for j, partner in enumerate(ps.partners):
            if partner.stakeholder_id not in known["stakeholders"]:
                out.append(
                    _unknown(
                        f"{p}.partners[{j}].stakeholder_id", "stakeholder", partner.stakeholder_id
                    )
                )
    return out


def _monitoring_refs(s: Strategy, known: dict[str, set[str]]) -> list[Problem]:
    out: list[Problem] = []
    for i, ind in enumerate(s.indicators):
        p = f"indicators[{i}]"
        if ind.axis_id and ind.axis_id not in known["axes"]:
            out.append(_unknown(f"{p}.axis_id", "axis", ind.axis_id))
        if ind.action_id and ind.action_id not in known["actions"]:
            out.append(_unknown(f"{p}.action_id", "action", ind.action_id))
        if ind.level == "axis" and not ind.axis_id:
            out.append(Problem(f"{p}.axis_id", "ref.missing", {"kind": "axis"}))
        if ind.level == "action" and not ind.action_id:
            out.append(Problem(f"{p}.action_id", "ref.missing", {"kind": "action"}))
    for i, ev in enumerate(s.evaluations):
        if ev.action_id not in known["actions"]:
            out.append(_unknown(f"evaluations[{i}].action_id", "action", ev.action_id))
    return out
