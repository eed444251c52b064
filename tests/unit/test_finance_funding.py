"""Economics (NPV, payback, ROI), the own-share rule, schedule checks and the action library."""

from __future__ import annotations

import datetime as dt

import numpy_financial as npf
import pytest

from domain.actions import action_from_template, action_problems, is_late, library, next_code
from domain.finance import summarise
from domain.funding import own_share, rule, schemes
from domain.model import Action, Economics, FundingLine, Milestone


def economics(
    *years: tuple[int, float, float, float, float], rate: float = 0.045, lifetime: int | None = None
) -> Economics:
    return Economics.model_validate(
        {
            "years": [
                {"year": y, "investment": i, "operating": o, "savings": s, "revenues": r} for y, i, o, s, r in years
            ],
            "discount_rate": rate,
            "lifetime_years": lifetime,
        }
    )


def test_hand_computed_case():
    eco = economics((2026, 100, 0, 0, 0), (2027, 0, 10, 40, 20), (2028, 0, 10, 40, 20), rate=0.10)
    s = summarise(eco)
    # net flows -100, 50, 50; NPV = -100 + 50/1.1 + 50/1.21 = -13.2231...
    assert s.npv == pytest.approx(-100 + 50 / 1.1 + 50 / 1.21)
    assert [f.cumulative for f in s.flows] == [-100, -50, 0]
    assert s.payback_year == 2028  # cumulative no longer negative
    assert s.total_costs == 120 and s.total_benefits == 120
    assert s.roi == 0.0


def test_npv_matches_numpy_financial():
    eco = economics((2026, 250_000, 0, 0, 0), *[(2027 + t, 0, 30_000, 110_000, 5_000) for t in range(9)])
    flows = [-250_000] + [110_000 + 5_000 - 30_000] * 9
    assert summarise(eco).npv == pytest.approx(npf.npv(0.045, flows))


def test_lifetime_limits_the_years_and_years_are_sorted():
    eco = economics((2028, 0, 0, 50, 0), (2026, 100, 0, 0, 0), (2027, 0, 0, 50, 0), lifetime=2)
    s = summarise(eco)
    assert [f.year for f in s.flows] == [2026, 2027]
    assert s.payback_year is None  # -100 + 50 stays negative within the lifetime
    assert s.roi == pytest.approx(-0.5)


def test_no_economics():
    s = summarise(Economics())
    assert s.npv is None and s.roi is None and s.payback_year is None


def action(investment: float, *lines: tuple[str, float, str], chef: bool = False) -> Action:
    return Action(
        id="ac-1",
        title="A",
        axis_id="ax-1",
        chef_de_file=chef,
        economics={"years": [{"year": 2026, "investment": investment}]},
        funding=[
            FundingLine(id=f"fu-{n}", source="S", funder_kind=kind, amount=amount, status=status)
            for n, (kind, amount, status) in enumerate(lines)
        ],
    )


def test_own_share_rule_comes_from_the_dated_table():
    r = rule("own_share_min")
    assert (r.value, r.source) == (0.20, "CGCT art. L1111-10 III")
    assert rule("own_share_min_chef_de_file").value == 0.30
    assert r.as_of == "2026-11-26" and r.note["fr"] and r.note["en"]


def test_own_share_at_exactly_20_percent_passes():
    check = own_share(action(100_000, ("state", 80_000, "granted")))
    assert check.share_of_public == pytest.approx(0.20)
    assert not check.below_minimum


def test_own_share_at_19_99_percent_is_flagged():
    check = own_share(action(100_000, ("state", 80_012.5, "requested")))
    # own 19,987.5 of a public total of 100,000 -> 19.9875 %
    assert check.share_of_public == pytest.approx(0.199875)
    assert check.below_minimum


def test_chef_de_file_needs_30_percent():
    assert own_share(action(100_000, ("region", 75_000, "planned"), chef=True)).below_minimum  # 25 %
    assert not own_share(action(100_000, ("region", 70_000, "planned"), chef=True)).below_minimum  # 30 %


def test_private_funding_is_not_public_and_refused_lines_do_not_count():
    check = own_share(
        action(100_000, ("state", 60_000, "granted"), ("private", 25_000, "planned"), ("europe", 10_000, "refused"))
    )
    # own 15,000; public total 60,000 + 15,000 -> 20 %
    assert (check.own_share, check.public_total, check.private) == (15_000, 75_000, 25_000)
    assert check.share_of_public == pytest.approx(0.20) and not check.below_minimum


def test_no_investment_no_rule_and_over_funding_is_said():
    assert own_share(Action(id="ac-1", title="A", axis_id="ax-1")) is None
    assert own_share(action(100, ("state", 150, "granted"))).over_funded


def test_schedule_and_funding_checks():
    a = Action(
        id="ac-1",
        title="A",
        axis_id="ax-1",
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        milestones=[
            Milestone(name="Avant", date=dt.date(2025, 6, 1)),
            Milestone(name="Pendant", date=dt.date(2026, 6, 1)),
        ],
        economics={"years": [{"year": 2026, "investment": 1000}]},
        funding=[FundingLine(id="fu-1", source="S", funder_kind="state", amount=1500)],
    )
    assert [(p.path, p.code) for p in action_problems(a, "actions[0]")] == [
        ("actions[0].milestones[0].date", "action.milestone_outside"),
        ("actions[0].funding", "action.funding_above_cost"),
    ]
    backwards = a.model_copy(update={"end": dt.date(2025, 1, 1), "milestones": [], "funding": []})
    assert [p.code for p in action_problems(backwards, "x")] == ["date.end_before_start"]


def test_lateness():
    today = dt.date(2026, 11, 26)
    base = Action(id="ac-1", title="A", axis_id="ax-1", end=dt.date(2027, 1, 1))
    assert not is_late(base, today)
    assert is_late(base.model_copy(update={"end": dt.date(2026, 11, 1)}), today)
    assert not is_late(base.model_copy(update={"end": dt.date(2026, 11, 1), "status": "done"}), today)
    assert is_late(base.model_copy(update={"milestones": [Milestone(name="M", date=dt.date(2026, 10, 1))]}), today)
    assert is_late(base.model_copy(update={"status": "late"}), today)


def test_codes_and_library(sample):
    assert next_code(sample, "ax-1") == "1.3" and next_code(sample, "ax-3") == "3.2"
    templates = {t.code: t for t in library()}
    for wanted in (
        "urban_hypervisor",
        "cycling_analytics",
        "local_commerce_platform",
        "digital_mediation",
        "third_place",
        "building_energy_monitoring",
        "open_data_portal",
    ):
        assert wanted in templates
    assert all(t.investment[0] <= t.investment[1] and t.title["fr"] and t.title["en"] for t in templates.values())
    new = action_from_template(sample, templates["third_place"], "ax-3", "fr", "Fourchette indicative")
    assert (new.id, new.code, new.axis_id, new.template) == ("ac-5", "3.2", "ax-3", "third_place")
    assert new.economics.years == []  # indicative ranges are not presented as figures
    assert "Fourchette indicative" in new.description


def test_scheme_catalogue():
    names = {s.name for s in schemes()}
    assert {"DETR", "DSIL", "Fonds vert", "FEDER", "Banque des Territoires", "France 2030", "ADEME"} <= names
    assert next(s for s in schemes() if s.code == "mecenat").funder_kind == "private"
