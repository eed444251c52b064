"""Economics of an action: cash flows by year, net present value, payback year, return on investment.

Amounts are entered excluding VAT (HT). When the owner cannot recover the VAT, costs are
borne VAT included (TTC, at the standard rate) and the FCTVA refunds a flat share of the
investment's TTC amount (its rate from the dated rules table), counted in the year of the
spending. Benefits are savings plus revenues (and that refund); costs are investment plus
operating costs.

Year 0 is the first year of the economics; a year is discounted by its distance from it,
t = year − first year, so a year left out (a gap) does not shift the later ones. When a
lifetime is given, only the years from the first to first + lifetime − 1 count.

    NPV     = Σ_t (benefits_t − costs_t) / (1 + r)^t
    payback = the first year in which the cumulative net flow, having been negative, is no
              longer negative (none when nothing was spent first or it never recovers)
    ROI     = (total benefits − total costs) / total costs
"""

from __future__ import annotations

from dataclasses import dataclass

from domain.model import Economics
from domain.rules import rule


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
    investment: float  # as borne: HT, or TTC when the VAT cannot be recovered
    fctva: float  # the refund counted in the benefits (0 when the VAT is recovered)
    npv: float | None
    payback_year: int | None
    payback_years: int | None  # years from the first year to the payback year, both counted
    roi: float | None
    discount_rate: float
    vat_recoverable: bool


def vat_factor(economics: Economics) -> float:
    """What one euro HT of cost weighs for the owner: 1, or 1 + VAT when it cannot recover it."""
    return 1.0 if economics.vat_recoverable else 1.0 + rule("vat_standard_rate").value


def summarise(economics: Economics) -> EconomicSummary:
    years = sorted(economics.years, key=lambda y: y.year)
    if years and economics.lifetime_years:
        last = years[0].year + economics.lifetime_years - 1
        years = [y for y in years if y.year <= last]
    rate = economics.discount_rate
    factor = vat_factor(economics)
    refund = 0.0 if economics.vat_recoverable else rule("fctva_rate").value
    flows: list[YearFlow] = []
    cumulative = 0.0
    for y in years:
        investment = y.investment * factor
        costs = investment + y.operating * factor
        benefits = y.savings + y.revenues + investment * refund
        net = benefits - costs
        cumulative += net
        t = y.year - years[0].year
        flows.append(YearFlow(y.year, costs, benefits, net, net / (1 + rate) ** t, cumulative))
    total_costs = sum(f.costs for f in flows)
    investment = sum(y.investment for y in years) * factor
    return EconomicSummary(
        flows=flows,
        total_costs=total_costs,
        total_benefits=sum(f.benefits for f in flows),
        investment=investment,
        fctva=investment * refund,
        npv=sum(f.discounted for f in flows) if flows else None,
        payback_year=(payback := _payback(flows)),
        payback_years=payback - years[0].year + 1 if payback is not None else None,
        roi=(sum(f.benefits for f in flows) - total_costs) / total_costs if total_costs else None,
        discount_rate=rate,
        vat_recoverable=economics.vat_recoverable,
    )


def _payback(flows: list[YearFlow]) -> int | None:
    spent = False
    for f in flows:
        if f.cumulative < 0:
            spent = True
        elif spent:
            return f.year
    return None
