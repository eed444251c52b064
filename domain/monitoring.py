"""Monitoring: progress of each indicator to its target, actions by axis, budget follow-up.

Progress compares the trend needed (from the baseline to the target, per year) with the trend
seen (from the baseline to the latest measurement, per year), both signed by the desired
direction, so "behind" means the same thing for an indicator that must go up or down.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

from domain.model import MonitoringIndicator, Strategy

Status = Literal["no_baseline", "no_data", "achieved", "on_track", "behind", "wrong_way", "not_started", "pace_unknown"]
# The statuses of an indicator with a trajectory (drawn on the progress chart), in order.
TRAJECTORY_STATUSES: tuple[Status, ...] = (
    "achieved",
    "on_track",
    "behind",
    "wrong_way",
    "not_started",
    "pace_unknown",
)


@dataclass(frozen=True)
class Progress:
    indicator_id: str
    latest: float | None
    latest_date: dt.date | None
    share_of_target: float | None  # 0 at the baseline, 1 at the target
    needed_per_year: float | None  # in the desired direction
    seen_per_year: float | None  # in the desired direction
    status: Status


def _years(a: dt.date, b: dt.date) -> float:
    return (b - a).days / 365.25


def progress_of(doc: Strategy) -> list[tuple[MonitoringIndicator, Progress]]:
    """Every indicator with its progress; an action's indicator knows when its action starts."""
    starts = {a.id: a.start for a in doc.actions}
    return [(ind, progress(ind, starts.get(ind.action_id or ""))) for ind in doc.indicators]


CHART_INDICATORS = 25  # bars a dashboard's chart draws; its table lists every indicator


def furthest_behind(
    measured: list[tuple[MonitoringIndicator, Progress]], count: int = CHART_INDICATORS
) -> list[tuple[MonitoringIndicator, Progress]]:
    """The `count` indicators on a trajectory furthest from their target (the lowest shares),
    in the strategy's order: what a dashboard's chart can show at a glance. Those without a
    trajectory (no baseline, target or measure) are left out."""
    placed = [(n, pair) for n, pair in enumerate(measured) if pair[1].share_of_target is not None]
    lowest = sorted(placed, key=lambda item: (item[1][1].share_of_target, item[0]))[:count]
    return [pair for _, pair in sorted(lowest, key=lambda item: item[0])]


def progress(ind: MonitoringIndicator, action_start: dt.date | None = None) -> Progress:
    """Where the indicator stands. Measured before its action started, it is "not started"
    (the situation before the action), never "behind"."""
    measured = sorted(ind.measurements, key=lambda m: m.date)
    latest = measured[-1] if measured else None
    if ind.baseline_value is None or ind.target_value is None:
        return Progress(
            ind.id, latest.value if latest else None, latest.date if latest else None, None, None, None, "no_baseline"
        )
    if latest is None:
        return Progress(ind.id, None, None, None, None, None, "no_data")
    sign = 1 if ind.direction == "up" else -1
    gap = ind.target_value - ind.baseline_value
    share = (latest.value - ind.baseline_value) / gap if gap else (1.0 if latest.value == ind.target_value else 0.0)
    needed = seen = None
    if ind.baseline_date and ind.target_date and ind.target_date > ind.baseline_date:
        needed = sign * gap / _years(ind.baseline_date, ind.target_date)
    if ind.baseline_date and latest.date > ind.baseline_date:
        seen = sign * (latest.value - ind.baseline_value) / _years(ind.baseline_date, latest.date)
    reached = sign * (latest.value - ind.target_value) >= 0
    if action_start is not None and latest.date < action_start and not reached:
        status: Status = "not_started"
    elif reached:
        status = "achieved"
    elif sign * (latest.value - ind.baseline_value) < 0:
        status = "wrong_way"
    elif needed is None or seen is None:
        status = "pace_unknown"  # no target date, or measured only on the baseline's date: say so
    elif seen < needed:
        status = "behind"
    else:
        status = "on_track"
    return Progress(ind.id, latest.value, latest.date, share, needed, seen, status)


def status_by_axis(s: Strategy) -> dict[str, Counter[str]]:
    """Axis id -> how many of its actions are in each status."""
    out: dict[str, Counter[str]] = {ax.id: Counter() for ax in s.axes}
    for a in s.actions:
        out.setdefault(a.axis_id, Counter())[a.status] += 1
    return out


@dataclass(frozen=True)
class BudgetFollowUp:
    year: int
    planned: float
    committed: float
    spent: float


def budget_follow_up(s: Strategy) -> list[BudgetFollowUp]:
    """Planned, committed (engagé) and spent (mandaté) by year, over all actions."""
    totals: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for a in s.actions:
        for b in a.budget:
            row = totals[b.year]
            row[0] += b.planned
            row[1] += b.committed
            row[2] += b.spent
    return [BudgetFollowUp(year, *values) for year, values in sorted(totals.items())]


def next_measurement(ind: MonitoringIndicator, today: dt.date) -> dt.date:
    """The next date a measurement is due, by the indicator's frequency, after its latest one."""
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}[ind.frequency]
    last = max((m.date for m in ind.measurements), default=ind.baseline_date or today)
    due = _add_months(last, months)
    while due < today:
        due = _add_months(due, months)
    return due


def _add_months(d: dt.date, months: int) -> dt.date:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    day = min(
        d.day,
        [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
            month - 1
        ],
    )
    return dt.date(year, month, day)
