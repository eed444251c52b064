"""Completeness per step and the consistency findings, on the sample and on edited copies."""

from __future__ import annotations

import datetime as dt

from domain.checks import consistency_findings
from domain.completeness import STEPS, checks_by_step, ratio, step_checks, step_ratio
from domain.factory import new_strategy
from domain.model import Axis, Issue, Measurement
from domain.monitoring import progress, progress_of


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
    every = checks_by_step(doc)  # what the sidebar and the step pages read, once per revision
    assert list(every) == list(STEPS)
    assert all(every[step] == step_checks(doc, step) and ratio(every[step]) == step_ratio(doc, step) for step in STEPS)


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


def test_the_sample_holds_no_contradiction(sample):
    assert consistency_findings(sample) == []


def test_an_axis_answering_an_unselected_issue_is_a_finding(sample):
    issues = [i.model_copy(update={"selected": False}) if i.id == "is-3" else i for i in sample.issues]
    found = consistency_findings(sample.model_copy(update={"issues": issues}))
    assert ("axis_cites_unselected_issue", "axes[2]") in [(f.code, f.path) for f in found]


def test_dates_that_contradict_their_action_are_findings(sample):
    ind = sample.indicators[0]  # mi-1, of ac-1 which starts on 2026-09-01
    early = ind.model_copy(
        update={"measurements": [Measurement(date=dt.date(2026, 6, 30), value=120), *ind.measurements]}
    )
    ev = sample.evaluations[0].model_copy(update={"date": dt.date(2026, 5, 1)})  # ac-3 starts 2026-06-01
    doc = sample.model_copy(update={"indicators": [early, *sample.indicators[1:]], "evaluations": [ev]})
    found = {(f.code, f.path) for f in consistency_findings(doc)}
    assert ("measurement_before_action", "indicators[0].measurements[0]") in found
    assert ("evaluation_before_action", "evaluations[0]") in found
    baseline = ind.model_copy(update={"measurements": [Measurement(date=dt.date(2026, 6, 30), value=0)]})
    doc = sample.model_copy(update={"indicators": [baseline, *sample.indicators[1:]]})
    assert "measurement_before_action" not in {f.code for f in consistency_findings(doc)}  # the baseline itself


def test_an_own_share_below_its_minimum_is_reported_in_the_review(sample):
    """CGCT L1111-10 III: flagged on the sheet, the budget tab and the review alike."""
    act = next(a for a in sample.actions if a.id == "ac-3")
    greedy = act.model_copy(update={"funding": [f.model_copy(update={"amount": f.amount * 3}) for f in act.funding]})
    doc = sample.model_copy(update={"actions": [greedy if a.id == "ac-3" else a for a in sample.actions]})
    found = [f for f in consistency_findings(doc) if f.code == "own_share_below_minimum"]
    assert [f.path for f in found] == [f"actions[{sample.actions.index(act)}].funding"]
    assert found[0].params["minimum"] == 0.30  # energy of public buildings: a region-led domain


def test_an_indicator_measured_before_its_action_starts_is_not_behind(sample):
    """mi-2 (open data portal, action from 2027) measured at its baseline in 2026: not started, not late."""
    statuses = {ind.id: p.status for ind, p in progress_of(sample)}
    assert statuses["mi-2"] == "not_started"
    ind = next(i for i in sample.indicators if i.id == "mi-2")
    assert progress(ind).status == "behind"  # without its action's start, it would read as late


def test_a_rank_chosen_against_the_scores_without_a_reason_is_a_finding(sample):
    """The issues page warned of it while the review said "nothing to report": both now agree."""
    second = sample.issues[1]
    silent = sample.model_copy(
        update={"issues": [*sample.issues[:1], second.model_copy(update={"rank_reason": ""}), *sample.issues[2:]]}
    )
    found = [(f.step, f.code, f.path, f.params["rank"], f.params["computed"]) for f in consistency_findings(silent)]
    assert found == [(2, "rank_without_reason", "issues[1].rank_reason", 2, 3)]
