"""Scoring of issues, with expected values computed by hand."""

from __future__ import annotations

import pytest

from domain.model import Criterion, Issue, IssueScore
from domain.scoring import overridden_without_reason, quadrant_of, ranking, score_issue, score_issues, weighted_mean

CRITERIA = [
    Criterion(key="pop", label="Population", family="impact", weight=2),
    Criterion(key="urg", label="Urgence", family="impact", weight=1),
    Criterion(key="cost", label="Coût", family="feasibility", weight=1),
    Criterion(key="skills", label="Compétences", family="feasibility", weight=3),
]


def issue(iid: str, *scores: tuple[str, str, int], **extra) -> Issue:
    return Issue(
        id=iid, title=iid.upper(), scores=[IssueScore(criterion=c, value=v, by=by) for by, c, v in scores], **extra
    )


def test_weighted_mean():
    assert weighted_mean([(5, 2), (2, 1)]) == 4.0
    assert weighted_mean([(5, 0)]) is None
    assert weighted_mean([]) is None


def test_one_scorer_weights_each_family():
    s = score_issue(
        issue("a", ("Élus", "pop", 5), ("Élus", "urg", 2), ("Élus", "cost", 1), ("Élus", "skills", 3)), CRITERIA
    )
    # impact (5*2 + 2*1) / 3 = 4; feasibility (1*1 + 3*3) / 4 = 2.5; overall (10 + 2 + 1 + 9) / 7 = 3.142857
    assert (s.impact.median, s.feasibility.median) == (4.0, 2.5)
    assert s.overall == pytest.approx(22 / 7, abs=0.01)
    assert s.quadrant == "major_projects"
    assert s.scorers == 1 and s.impact.spread == 0


def test_missing_scores_renormalise_the_weights():
    s = score_issue(issue("a", ("Élus", "pop", 4), ("Élus", "skills", 2)), CRITERIA)
    assert (s.impact.median, s.feasibility.median) == (4.0, 2.0)  # urg and cost skipped
    assert s.overall == pytest.approx((4 * 2 + 2 * 3) / 5)


def test_a_family_nobody_scored_keeps_the_issue_off_the_matrix():
    s = score_issue(issue("a", ("Élus", "pop", 4)), CRITERIA)
    assert s.feasibility is None and not s.placed and s.quadrant is None


def test_several_scorers_give_the_median_and_the_spread():
    s = score_issue(
        issue(
            "a",
            ("Élus", "pop", 5),
            ("Élus", "cost", 4),
            ("Agents", "pop", 3),
            ("Agents", "cost", 2),
            ("Habitants", "pop", 4),
            ("Habitants", "cost", 5),
            ("Habitants", "urg", 1),
        ),
        CRITERIA,
    )
    # impact per scorer: Élus 5, Agents 3, Habitants (4*2 + 1*1) / 3 = 3 -> median 3, range 3–5
    assert (s.impact.median, s.impact.low, s.impact.high) == (3.0, 3.0, 5.0)
    # feasibility per scorer: 4, 2, 5 -> median 4, range 2–5
    assert (s.feasibility.median, s.feasibility.low, s.feasibility.high) == (4.0, 2.0, 5.0)
    assert s.scorers == 3


def test_a_later_score_of_the_same_scorer_replaces_the_earlier():
    s = score_issue(issue("a", ("Élus", "pop", 1), ("Élus", "pop", 5), ("Élus", "cost", 3)), CRITERIA)
    assert s.impact.median == 5.0


def test_scores_on_unknown_criteria_are_ignored():
    s = score_issue(issue("a", ("Élus", "gone", 5), ("Élus", "pop", 2), ("Élus", "cost", 2)), CRITERIA)
    assert (s.impact.median, s.feasibility.median) == (2.0, 2.0)


@pytest.mark.parametrize(
    ("impact", "feasibility", "quadrant"),
    [(3, 3, "quick_wins"), (5, 1, "major_projects"), (2.9, 4, "fill_ins"), (1, 1, "thankless")],
)
def test_quadrants_split_at_the_midpoint(impact, feasibility, quadrant):
    assert quadrant_of(impact, feasibility) == quadrant


def test_ranking_with_ties_and_unscored_issues():
    issues = [
        issue("a", ("x", "pop", 3), ("x", "cost", 3)),
        issue("b", ("x", "pop", 5), ("x", "cost", 5)),
        issue("c", ("x", "pop", 3), ("x", "cost", 3)),
        issue("d"),
        issue("e", ("x", "pop", 1), ("x", "cost", 1)),
    ]
    ranks = ranking(issues, score_issues(issues, CRITERIA))
    assert ranks == {"b": 1, "a": 2, "c": 2, "e": 4}


def test_an_overridden_rank_needs_a_reason():
    issues = [
        issue("a", ("x", "pop", 5), ("x", "cost", 5), rank=2),
        issue("b", ("x", "pop", 1), ("x", "cost", 1), rank=1, rank_reason="Demande du conseil"),
        issue("c", ("x", "pop", 3), ("x", "cost", 3), rank=2),
    ]
    ranks = ranking(issues, score_issues(issues, CRITERIA))
    assert [i.id for i in overridden_without_reason(issues, ranks)] == ["a"]


def test_a_scorers_scores_are_replaced_and_only_theirs(sample):
    import datetime as dt

    from domain.scoring import with_scores

    issue = next(i for i in sample.issues if any(sc.by for sc in i.scores))
    by = next(sc.by for sc in issue.scores if sc.by)
    mine = {sc.criterion: sc for sc in issue.scores if sc.by == by}
    others = [sc for sc in issue.scores if sc.by != by]
    kept_key, changed_key, *dropped = list(mine)
    day = dt.date(2027, 3, 1)
    changes = {kept_key: mine[kept_key].value, changed_key: 6 - mine[changed_key].value}
    changes |= {key: None for key in dropped}  # no score any more
    (updated,) = [i for i in with_scores(sample.issues, by, {issue.id: changes}, day) if i.id == issue.id]
    now = {sc.criterion: sc for sc in updated.scores if sc.by == by}
    assert now[kept_key] is mine[kept_key]  # unchanged: its date and source kept
    assert (now[changed_key].value, now[changed_key].date) == (6 - mine[changed_key].value, day)
    assert set(now) == {kept_key, changed_key}
    assert [sc for sc in updated.scores if sc.by != by] == others  # the other scorers untouched
    untouched = [i for i in sample.issues if i.id != issue.id]
    assert [i for i in with_scores(sample.issues, by, {issue.id: changes}, day) if i.id != issue.id] == untouched
