"""The multi-year business plan and the financing plan of a partnership project."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from domain.model import Partnership


@dataclass(frozen=True)
class PlanYear:
    year: int
    revenues: float
    operating_costs: float
    investment: float
    cash_flow: float
    cumulative: float


def business_plan(p: Partnership) -> list[PlanYear]:
    """Cash flow = revenues − operating costs − investment, year by year, and its running total."""
    out: list[PlanYear] = []
    cumulative = 0.0
    for y in sorted(p.business_plan, key=lambda y: y.year):
        flow = y.revenues - y.operating_costs - y.investment
        cumulative += flow
        out.append(PlanYear(y.year, y.revenues, y.operating_costs, y.investment, flow, cumulative))
    return out


def financing_table(p: Partnership) -> tuple[list[int], dict[str, dict[int, float]]]:
    """Years, and source -> year -> amount (summed when a source appears twice in a year)."""
    table: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    for cell in p.financing:
        table[cell.source][cell.year] += cell.amount
    years = sorted({cell.year for cell in p.financing})
    return years, {source: dict(by_year) for source, by_year in table.items()}
