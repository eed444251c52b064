"""Consistency of the chain need → issue → axis → action → indicator: what to fix, and where.

Each finding names the step whose page fixes it, a catalog code (`finding.<code>`), the JSON
path of the record concerned and the values the message needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.actions import action_problems
from domain.completeness import has_evidence
from domain.funding import own_share
from domain.model import Strategy
from domain.problems import Problem
from domain.references import reference_problems
from domain.scoring import overridden_without_reason, ranking, score_issues

MIN_AXES, MAX_AXES = 2, 3  # the method: "two or three strategic areas of action"


@dataclass(frozen=True)
class Finding:
    step: int
    code: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)


def consistency_findings(s: Strategy) -> list[Finding]:
    out: list[Finding] = [_from_problem(p) for p in reference_problems(s)]
    for i, issue in enumerate(s.issues):
        if not has_evidence(issue):
            out.append(Finding(2, "issue_without_evidence", f"issues[{i}]", {"title": issue.title}))
    ranks = ranking(s.issues, score_issues(s.issues, s.criteria))
    for issue in overridden_without_reason(s.issues, ranks):
        params: dict[str, Any] = {"title": issue.title, "rank": issue.rank, "computed": ranks.get(issue.id, "—")}
        out.append(Finding(2, "rank_without_reason", f"issues[{s.issues.index(issue)}].rank_reason", params))
    if s.axes and not MIN_AXES <= len(s.axes) <= MAX_AXES:
        out.append(Finding(3, "axes_count", "axes", {"count": len(s.axes), "min": MIN_AXES, "max": MAX_AXES}))
    covered = {iid for axis in s.axes for iid in axis.issue_ids}
    for i, issue in enumerate(s.issues):
        if issue.selected and issue.id not in covered:
            out.append(Finding(3, "issue_not_covered", f"issues[{i}]", {"title": issue.title}))
    with_actions = {a.axis_id for a in s.actions}
    unselected = {issue.id: issue.title for issue in s.issues if not issue.selected}
    for i, axis in enumerate(s.axes):
        if not axis.issue_ids:
            out.append(Finding(3, "axis_without_issue", f"axes[{i}]", {"title": axis.title}))
        for iid in axis.issue_ids:
            if iid in unselected:
                out.append(
                    Finding(
                        3, "axis_cites_unselected_issue", f"axes[{i}]", {"title": axis.title, "issue": unselected[iid]}
                    )
                )
        if axis.id not in with_actions:
            out.append(Finding(4, "axis_without_action", f"axes[{i}]", {"title": axis.title}))
    measured = {ind.action_id for ind in s.indicators if ind.action_id}
    for i, act in enumerate(s.actions):
        label = {"title": act.title, "code": act.code}
        # What its sheet flags, said of the action by its code and title.
        out += [
            Finding(4, "action_problem", p.path, {**label, "problem": p}) for p in action_problems(act, f"actions[{i}]")
        ]
        if not (act.owner_service or act.project_lead):
            out.append(Finding(4, "action_without_owner", f"actions[{i}]", label))
        if not (act.indicator_ids or act.id in measured):
            out.append(Finding(6, "action_without_indicator", f"actions[{i}]", label))
        check = own_share(act, s.territory)
        if check is not None and check.below_minimum:
            out.append(
                Finding(
                    4,
                    "own_share_below_minimum",
                    f"actions[{i}].funding",
                    {**label, "share": check.share_of_public or 0.0, "minimum": check.minimum.value},
                )
            )
    starts = {a.id: a.start for a in s.actions}
    for i, ind in enumerate(s.indicators):
        if ind.baseline_value is None or ind.target_value is None:
            out.append(Finding(6, "indicator_without_baseline_or_target", f"indicators[{i}]", {"title": ind.name}))
        start = starts.get(ind.action_id or "")
        for j, m in enumerate(ind.measurements):
            if start and m.date < start and m.value != ind.baseline_value:
                # Before the action there is only the starting situation, its baseline.
                params = {"title": ind.name, "date": m.date, "start": start}
                out.append(Finding(6, "measurement_before_action", f"indicators[{i}].measurements[{j}]", params))
    for i, ev in enumerate(s.evaluations):
        start = starts.get(ev.action_id or "")
        if start and ev.date and ev.date < start:
            params = {"date": ev.date, "start": start}
            out.append(Finding(6, "evaluation_before_action", f"evaluations[{i}]", params))
    return out


_STEP_OF_ROOT = {
    "territory": 1,
    "assessment": 1,
    "criteria": 2,
    "issues": 2,
    "axes": 3,
    "actions": 4,
    "stakeholders": 5,
    "partnerships": 5,
    "indicators": 6,
    "evaluations": 6,
}


def _from_problem(p: Problem) -> Finding:
    root = p.path.split(".")[0].split("[")[0]
    return Finding(_STEP_OF_ROOT.get(root, 1), "reference", p.path, {"problem": p})
