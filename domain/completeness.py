"""How complete each step of the method is: a list of named checks per step.

Each check has a catalog code (`check.<code>`) and counts what is done out of what is
expected, so the sidebar can show a percentage and the step page what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.model import Issue, Strategy

STEPS = (1, 2, 3, 4, 5, 6)
EPCI_KINDS = {"cc", "ca", "cu", "metropole", "csp"}  # territories made of member communes


@dataclass(frozen=True)
class Check:
    code: str
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done >= self.total


def _at_least(code: str, count: int, wanted: int) -> Check:
    return Check(code, min(count, wanted), wanted)


def _every(code: str, items: list[bool]) -> Check:
    # "every X has Y" with no X yet is not complete: there is nothing to show.
    return Check(code, sum(items), max(len(items), 1))


def step_checks(s: Strategy, step: int) -> list[Check]:
    return _BUILDERS[step](s)


def step_ratio(s: Strategy, step: int) -> float:
    return ratio(step_checks(s, step))


def checks_by_step(s: Strategy) -> dict[int, list[Check]]:
    """Every step's checks: what the sidebar and the step's page show of one revision."""
    return {step: step_checks(s, step) for step in STEPS}


def ratio(checks: list[Check]) -> float:
    """How far a step is, from 0 to 1: the mean of its checks' shares."""
    return sum(c.done / c.total for c in checks) / len(checks)


def _step1(s: Strategy) -> list[Check]:
    t, a = s.territory, s.assessment
    quadrants = {item.quadrant for item in a.swot}
    checks = [
        Check("territory_identified", int(bool(t.name and t.code)), 1),
        _at_least("context_indicators", len(a.indicators), 3),
        Check("swot_quadrants", len(quadrants), 4),
        _at_least("initiatives", len(a.initiatives), 1),
        _at_least("consultations", len(a.consultations), 1),
        _at_least("needs", len(a.needs), 1),
    ]
    if t.kind in EPCI_KINDS:
        checks.insert(1, Check("members_listed", int(bool(t.members)), 1))
    return checks


def _step2(s: Strategy) -> list[Check]:
    keys = {c.key for c in s.criteria}
    families = {c.family for c in s.criteria if c.weight > 0}
    return [
        Check("criteria_both_families", len(families), 2),
        _at_least("issues", len(s.issues), 1),
        _every("issues_with_evidence", [has_evidence(i) for i in s.issues]),
        _every(
            "issues_scored",
            [bool(keys) and keys <= {sc.criterion for sc in i.scores} for i in s.issues],
        ),
        _at_least("priority_selected", sum(i.selected for i in s.issues), 1),
    ]


def has_evidence(issue: Issue) -> bool:
    ev = issue.evidence
    return bool(ev.swot_ids or ev.indicator_ids or ev.need_ids or ev.initiative_ids)


def _step3(s: Strategy) -> list[Check]:
    selected = [i.id for i in s.issues if i.selected]
    covered = {iid for axis in s.axes for iid in axis.issue_ids}
    return [
        Check("axes_two_or_three", int(2 <= len(s.axes) <= 3), 1),
        _every("axes_answer_issues", [bool(a.issue_ids) for a in s.axes]),
        _every("axes_with_objectives", [bool(a.objectives) for a in s.axes]),
        _every("priority_issues_covered", [iid in covered for iid in selected]),
    ]


def _step4(s: Strategy) -> list[Check]:
    with_action = {a.axis_id for a in s.actions}
    acts = s.actions
    return [
        _every("axes_with_actions", [a.id in with_action for a in s.axes]),
        _every("actions_with_owner", [bool(a.owner_service or a.project_lead) for a in acts]),
        _every("actions_scheduled", [bool(a.start and a.end) for a in acts]),
        _every("actions_costed", [bool(a.economics.years) for a in acts]),
        _every("actions_funded", [bool(a.funding) for a in acts]),
    ]


def _step5(s: Strategy) -> list[Check]:
    return [
        _at_least("stakeholders", len(s.stakeholders), 3),
        _every("actions_with_partners", [bool(a.partners) for a in s.actions]),
        _every("partnerships_structured", [p.structure is not None for p in s.partnerships]),
    ]


def _step6(s: Strategy) -> list[Check]:
    measured_actions = {i.action_id for i in s.indicators if i.action_id}
    return [
        _every(
            "indicators_with_baseline_target",
            [i.baseline_value is not None and i.target_value is not None for i in s.indicators],
        ),
        _every(
            "actions_with_indicator",
            [a.id in measured_actions or bool(a.indicator_ids) for a in s.actions],
        ),
        _every("indicators_measured", [bool(i.measurements) for i in s.indicators]),
    ]


_BUILDERS = {1: _step1, 2: _step2, 3: _step3, 4: _step4, 5: _step5, 6: _step6}
