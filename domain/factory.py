"""New strategies, with the method's default scoring criteria."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from domain.model import Criterion, Strategy, Territory, TerritoryKind
from domain.storage.store import new_strategy_id

# The method's two families: what an issue weighs (impact) and how reachable it is (feasibility).
DEFAULT_CRITERIA: tuple[tuple[str, str, float], ...] = (
    ("population", "impact", 2.0),
    ("urgency", "impact", 1.5),
    ("alignment", "impact", 1.0),
    ("citizen_demand", "impact", 1.0),
    ("cost", "feasibility", 1.5),
    ("skills", "feasibility", 1.0),
    ("time_to_results", "feasibility", 1.0),
    ("partners", "feasibility", 1.0),
)


def default_criteria(label: Callable[[str], str]) -> list[Criterion]:
    """The default criteria, labelled in the user's language by `label(key)`."""
    return [
        Criterion(key=key, label=label(key), family=family, weight=weight)  # type: ignore[arg-type]
        for key, family, weight in DEFAULT_CRITERIA
    ]


def new_strategy(
    title: str,
    territory: Territory | None = None,
    *,
    territory_name: str = "",
    kind: TerritoryKind = "other",
    language: str = "fr",
    criteria_label: Callable[[str], str] = str,
    by: str = "",
) -> Strategy:
    territory = territory or Territory(name=territory_name, kind=kind)
    year = dt.date.today().year
    return Strategy(
        id=new_strategy_id(),
        title=title,
        language="en" if language == "en" else "fr",
        territory=territory,
        criteria=default_criteria(criteria_label),
        horizon_start=year,
        horizon_end=year + 5,
        created_by=by,
    )
