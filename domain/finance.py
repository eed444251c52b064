"""Economics of an action: cash flows by year, net present value, payback year, return on investment.

Year 0 is the first year of the action's economics (where the investment usually sits); each
later year is discounted by (1 + r)^t. Benefits are savings plus revenues; costs are investment
plus operating costs. When a lifetime is given, only that many years count.

    NPV     = Σ_t (benefits_t − costs_t) / (1 + r)^t
    payback = the first year in which the cumulative net cash flow is no longer negative
    ROI     = (total benefits − total costs) / total costs
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.model import Economics


@dataclass(frozen=True)
class YearFlow:
    year: int
    costs: float
    benefits: float
    net: float
    discounted: float
    cumulative: float


@dataclass(frozen=True)
class EconomicSummary:
    flows: list[YearFlow]
    total_costs: float
    total_benefits: float
    investment: float
    npv: float | None
    payback_year: int | None
    roi: float | None
    discount_rate: float


def summarise(economics: Economics) -> EconomicSummary:
    years = sorted(economics.years, key=lambda y: y.year)
    if economics.lifetime_years:
        years = years[: economics.lifetime_years]
    rate = economics.discount_rate
    flows: list[YearFlow] = []
    cumulative = 0.0
    for t, y in enumerate(years):
        costs = y.investment + y.operating
        benefits = y.savings + y.revenues
        net = benefits - costs
        cumulative += net
        flows.append(YearFlow(y.year, costs, benefits, net, net / (1 + rate) ** t, cumulative))
    total_costs = sum(f.costs for f in flows)
    total_benefits = sum(f.benefits for f in flows)
    payback = next((f.year for f in flows if f.cumulative >= 0), None)
    return EconomicSummary(
        flows=flows,
        total_costs=total_costs,
        total_benefits=total_benefits,
        investment=sum(y.investment for y in years),
        npv=sum(f.discounted for f in flows) if flows else None,
        payback_year=payback,
        roi=(total_benefits - total_costs) / total_costs if total_costs else None,
        discount_rate=rate,
    )
