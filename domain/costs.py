"""What an action costs and what funds it, on one base everywhere (sheet, budget, report,
open data, checks).

The base is investment + operating costs, as the owner bears them: HT, or TTC when it cannot
recover the VAT (`domain.finance.vat_factor`). Totals of a strategy stop at its horizon
(`horizon_start`..`horizon_end`) unless the user extends them to every year. Funding counts
every line that is not refused, loans included (they fund the cost, even though the owner
repays them: `domain.funding` keeps them out of the public co-funding).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.finance import vat_factor
from domain.funding import COUNTED, own_share
from domain.model import Action, Strategy


@dataclass(frozen=True)
class Cost:
    investment: float
    operating: float

    @property
    def total(self) -> float:
        return self.investment + self.operating


def horizon(doc: Strategy, extended: bool = False) -> range | None:
    """The years a strategy's totals cover: its horizon, or every year (None) when extended or unset."""
    if extended or doc.horizon_start is None or doc.horizon_end is None:
        return None
    return range(doc.horizon_start, doc.horizon_end + 1)


def cost(action: Action, years: range | None = None) -> Cost:
    """The action's cost as borne (HT, or TTC), over `years` (every year when None)."""
    factor = vat_factor(action.economics)
    kept = [y for y in action.economics.years if years is None or y.year in years]
    return Cost(sum(y.investment for y in kept) * factor, sum(y.operating for y in kept) * factor)


def cost_by_year(action: Action, years: range | None = None) -> dict[int, float]:
    factor = vat_factor(action.economics)
    return {
        y.year: (y.investment + y.operating) * factor
        for y in action.economics.years
        if years is None or y.year in years
    }


def funded(action: Action) -> float:
    """Every funding line that is not refused."""
    return sum(f.amount for f in action.funding if f.status in COUNTED)


def vat_label(action: Action) -> str:
    """ "HT" or "TTC": how the action's amounts are counted (catalog key suffix)."""
    return "ht" if action.economics.vat_recoverable else "ttc"


@dataclass
class YearBudget:
    investment: float = 0.0
    operating: float = 0.0
    funding: dict[str, float] = field(default_factory=dict)  # source -> amount


def costs_by_year(doc: Strategy, years: range | None = None) -> dict[int, YearBudget]:
    """The strategy's costs (investment, operating, as borne) and funding (by source) by year.
    A funding line counts in the year of its date, else in the first year of its action's
    costs, else of its action's start, else of the strategy's horizon."""
    out: dict[int, YearBudget] = {}
    for a in doc.actions:
        factor = vat_factor(a.economics)
        for y in a.economics.years:
            if years is None or y.year in years:
                row = out.setdefault(y.year, YearBudget())
                row.investment += y.investment * factor
                row.operating += y.operating * factor
        first = min((y.year for y in a.economics.years), default=a.start.year if a.start else doc.horizon_start)
        for f in a.funding:
            year = f.date.year if f.date else first
            if f.status in COUNTED and year is not None and (years is None or year in years):
                row = out.setdefault(year, YearBudget())
                row.funding[f.source] = row.funding.get(f.source, 0.0) + f.amount
    return out


@dataclass(frozen=True)
class PlanTotals:
    """The action plan's figures, as the budget tab and the report give them."""

    cost: float  # investment + operating over the years, as borne
    funding: float  # the funding lines that count (granted, likely…)
    own_share: float  # what the owners bear of their investment actions
    below_minimum: tuple[Action, ...]  # investment actions whose own share is below the legal minimum
    cost_by_year_axis: dict[tuple[int, str], float]  # (year, axis id) -> cost
    funding_by_source: dict[tuple[str, str], float]  # (source, status code) -> amount, every status


def plan_totals(doc: Strategy, years: range | None = None) -> PlanTotals:
    """Totals of the whole plan over `years` (every year when None)."""
    by_year_axis: dict[tuple[int, str], float] = {}
    by_source: dict[tuple[str, str], float] = {}
    own, low = 0.0, []
    for a in doc.actions:
        for year, amount in cost_by_year(a, years).items():
            by_year_axis[(year, a.axis_id)] = by_year_axis.get((year, a.axis_id), 0.0) + amount
        for f in a.funding:
            by_source[(f.source, f.status)] = by_source.get((f.source, f.status), 0.0) + f.amount
        check = own_share(a, doc.territory)
        if check is not None:
            own += max(check.own_share, 0.0)
            if check.below_minimum:
                low.append(a)
    return PlanTotals(
        cost=sum(cost(a, years).total for a in doc.actions),
        funding=sum(funded(a) for a in doc.actions),
        own_share=own,
        below_minimum=tuple(low),
        cost_by_year_axis=by_year_axis,
        funding_by_source=by_source,
    )
