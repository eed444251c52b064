"""Multi-criteria scoring of the issues: impact and feasibility, from one or several scorers.

For each scorer (a person or a group), an issue's family score is the weighted mean of the
scores that scorer gave on that family's criteria (criteria left unscored are skipped and the
weights of the others renormalised). Across scorers, the issue's family score is the median of
theirs, and its spread is the lowest and highest of theirs. The overall score is the same
weighted mean over all criteria of both families; it orders the issues (ties share a rank).

Scores are on the 1–5 scale, so every family score is too; 3 splits the priority matrix into
its four quadrants.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain import model
from domain.model import Criterion, Issue

MIDPOINT = 3.0
QUADRANTS = ("quick_wins", "major_projects", "fill_ins", "thankless")


@dataclass(frozen=True)
class Range:
    median: float
    low: float
    high: float

    @property
    def spread(self) -> float:
        return self.high - self.low


@dataclass(frozen=True)
class IssueScore:
    issue_id: str
    impact: Range | None
    feasibility: Range | None
    overall: float | None
    scorers: int  # how many people or groups scored this issue

    @property
    def placed(self) -> bool:
        return self.impact is not None and self.feasibility is not None

    @property
    def quadrant(self) -> str | None:
        if self.impact is None or self.feasibility is None:
            return None
        return quadrant_of(self.impact.median, self.feasibility.median)


def quadrant_of(impact: float, feasibility: float) -> str:
    """quick wins (high, easy), major projects (high, hard), fill-ins (low, easy), thankless."""
    if impact >= MIDPOINT:
        return "quick_wins" if feasibility >= MIDPOINT else "major_projects"
    return "fill_ins" if feasibility >= MIDPOINT else "thankless"


def weighted_mean(values: Iterable[tuple[float, float]]) -> float | None:
    """Σ w·v / Σ w over (value, weight) pairs; None when no weight is positive."""
    pairs = [(v, w) for v, w in values if w > 0]
    total = sum(w for _, w in pairs)
    if not total:
        return None
    return sum(v * w for v, w in pairs) / total


def _range(values: list[float]) -> Range | None:
    if not values:
        return None
    return Range(round(statistics.median(values), 2), round(min(values), 2), round(max(values), 2))


def score_issue(issue: Issue, criteria: Sequence[Criterion]) -> IssueScore:
    by_key = {c.key: c for c in criteria}
    given: dict[str, dict[str, float]] = defaultdict(dict)  # scorer -> criterion -> value
    for sc in issue.scores:
        if sc.criterion in by_key:
            given[sc.by or "—"][sc.criterion] = sc.value  # a later score of the same scorer wins
    families: dict[str, list[float]] = {"impact": [], "feasibility": [], "overall": []}
    for values in given.values():
        for family in ("impact", "feasibility"):
            mean = weighted_mean((v, by_key[k].weight) for k, v in values.items() if by_key[k].family == family)
            if mean is not None:
                families[family].append(mean)
        overall = weighted_mean((v, by_key[k].weight) for k, v in values.items())
        if overall is not None:
            families["overall"].append(overall)
    overall_range = _range(families["overall"])
    return IssueScore(
        issue.id,
        _range(families["impact"]),
        _range(families["feasibility"]),
        overall_range.median if overall_range else None,
        len(given),
    )


def score_issues(issues: Sequence[Issue], criteria: Sequence[Criterion]) -> dict[str, IssueScore]:
    return {issue.id: score_issue(issue, criteria) for issue in issues}


def ranking(issues: Sequence[Issue], scores: dict[str, IssueScore]) -> dict[str, int]:
    """Rank implied by the scores (1 = highest overall); equal scores share a rank (1, 2, 2, 4).

    Issues not scored yet have no rank.
    """
    scored = sorted(
        (i for i in issues if scores[i.id].overall is not None),
        key=lambda i: -(scores[i.id].overall or 0),
    )
    ranks: dict[str, int] = {}
    previous: float | None = None
    for position, issue in enumerate(scored, start=1):
        overall = scores[issue.id].overall
        if overall != previous:
            rank = position
            previous = overall
        ranks[issue.id] = rank
    return ranks


def overridden_without_reason(issues: Sequence[Issue], ranks: dict[str, int]) -> list[Issue]:
    """Issues whose chosen rank departs from the computed one and that do not say why."""
    return [i for i in issues if i.rank is not None and i.rank != ranks.get(i.id) and not i.rank_reason]


def with_scores(issues: list[Issue], by: str, changes: dict[str, dict[str, int | None]], today: dt.date) -> list[Issue]:
    """The issues with `by`'s scores replaced for those in `changes` (issue id -> criterion ->
    value, None for none): a score left as it was keeps its date and source, a changed one is
    dated today, the other scorers' scores are untouched."""
    out = []
    for issue in issues:
        if issue.id not in changes:
            out.append(issue)
            continue
        kept = [sc for sc in issue.scores if sc.by != by]
        old = {sc.criterion: sc for sc in issue.scores if sc.by == by}
        for key, value in changes[issue.id].items():
            if value is None:
                continue
            previous = old.get(key)
            same = previous is not None and previous.value == value
            kept.append(previous if same else model.IssueScore(criterion=key, value=value, by=by, date=today))  # type: ignore[arg-type]
        out.append(issue.model_copy(update={"scores": kept}))
    return out
