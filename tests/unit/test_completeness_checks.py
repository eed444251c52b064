"""Completeness per step and the consistency findings, on the sample and on edited copies."""

from __future__ import annotations

from domain.checks import consistency_findings
from domain.completeness import STEPS, step_checks, step_ratio
from domain.factory import new_strategy
from domain.model import Axis, Issue


def test_sample_is_complete_on_every_step(sample):
    incomplete = {step: [c.code for c in step_checks(sample, step) if not c.complete] for step in STEPS}
    assert incomplete == {1: [], 2: [], 3: [], 4: [], 5: [], 6: []}
    assert all(step_ratio(sample, step) == 1.0 for step in STEPS)
    assert consistency_findings(sample) == []


def test_a_new_strategy_is_empty_but_has_both_criteria_families():
    doc = new_strategy("Test", territory_name="Syndicat X", kind="syndicat")
    assert step_ratio(doc, 1) == 0.0
    checks = {c.code: c for c in step_checks(doc, 2)}
    assert checks["criteria_both_families"].complete
    assert not checks["issues"].complete
    assert 0 < step_ratio(doc, 2) < 1


def test_epci_needs_its_member_communes(sample):
    codes = [c.code for c in step_checks(sample, 1)]
    assert "members_listed" in codes
    commune = sample.model_copy(update={"territory": sample.territory.model_copy(update={"kind": "commune"})})
    assert "members_listed" not in [c.code for c in step_checks(commune, 1)]


def test_completeness_counts_what_is_done():
    doc = new_strategy("T").model_copy(
        update={
            "issues": [Issue(id="is-1", title="A", evidence={"swot_ids": []}), Issue(id="is-2", title="B")],
        }
    )
    checks = {c.code: c for c in step_checks(doc, 2)}
    assert (checks["issues_with_evidence"].done, checks["issues_with_evidence"].total) == (0, 2)


def test_findings_follow_the_chain(sample):
    four_axes = [*sample.axes, Axis(id="ax-4", title="Quatrième")]
    doc = sample.model_copy(
        update={
            "axes": four_axes,
            "issues": [*sample.issues, Issue(id="is-9", title="Sans preuve", selected=True)],
            "actions": [
                sample.actions[0].model_copy(update={"owner_service": "", "project_lead": "", "indicator_ids": []}),
                *sample.actions[1:],
            ],
        }
    )
    found = {(f.step, f.code, f.path) for f in consistency_findings(doc)}
    assert found == {
        (3, "axes_count", "axes"),
        (3, "axis_without_issue", "axes[3]"),
        (4, "axis_without_action", "axes[3]"),
        (2, "issue_without_evidence", "issues[4]"),
        (3, "issue_not_covered", "issues[4]"),
        (4, "action_without_owner", "actions[0]"),
    }  # actions[0] keeps an indicator: mi-1 points at it


def test_dangling_references_become_findings_of_their_step(sample):
    doc = sample.model_copy(update={"axes": sample.axes[:2]})  # actions of ax-3 lose their axis
    found = [f for f in consistency_findings(doc) if f.code == "reference"]
    assert [(f.step, f.path) for f in found] == [(4, "actions[3].axis_id")]
