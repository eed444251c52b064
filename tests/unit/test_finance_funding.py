"""Economics (NPV, payback, ROI), the own-share rule, schedule checks and the action library."""

from __future__ import annotations

import datetime as dt

import numpy_financial as npf
import pytest

from domain.actions import action_from_template, action_problems, is_late, library, next_code
from domain.costs import cost, cost_by_year, funded, horizon, vat_label
from domain.finance import summarise
from domain.funding import own_share, schemes
from domain.model import Action, Economics, FundingLine, Milestone, Territory
from domain.rules import rule


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


def test_npv_discounts_by_the_year_distance_not_the_row_position():
    """France Stratégie (complément opérationnel I, 2021): a flow of year t is discounted by
    (1 + r)^t, t counted from year 0; a year without flows (a gap) is a zero, not skipped."""
    eco = economics((2026, 100_000, 0, 0, 0), (2028, 0, 0, 60_000, 0), (2031, 0, 0, 70_000, 0), rate=0.032)
    flows = [-100_000, 0, 60_000, 0, 0, 70_000]  # 2026 .. 2031
    s = summarise(eco)
    assert s.npv == pytest.approx(npf.npv(0.032, flows))
    assert s.npv == pytest.approx(-100_000 + 60_000 / 1.032**2 + 70_000 / 1.032**5)
    assert s.payback_year == 2031  # -100 000, then -40 000 in 2028, then +30 000 in 2031


def test_default_discount_rate_is_france_strategie_2021():
    """1.2 % + β × 2 % with β = 1 (France Stratégie, complément opérationnel I, 21 Oct 2021)."""
    assert Economics().discount_rate == pytest.approx(0.032) == rule("discount_rate").value
    assert "France Stratégie" in rule("discount_rate").source and "2021" in rule("discount_rate").source


def test_lifetime_counts_years_from_the_first():
    eco = economics((2026, 100, 0, 0, 0), (2027, 0, 0, 50, 0), (2029, 0, 0, 80, 0), lifetime=3)
    s = summarise(eco)
    assert [f.year for f in s.flows] == [2026, 2027]  # 2026-2028: three years; 2029 is past them
    assert s.payback_year is None  # -100 + 50 stays negative within the lifetime
    assert s.roi == pytest.approx(-0.5)


def test_payback_needs_an_outflow_first():
    assert summarise(economics((2026, 0, 0, 10, 0), (2027, 0, 0, 10, 0))).payback_year is None  # nothing to recover
    eco = economics((2026, 0, 0, 10, 0), (2027, 100, 0, 0, 0), (2028, 0, 0, 95, 0))
    assert summarise(eco).payback_year == 2028  # +10, -90, +5: recovered in 2028


def test_no_economics():
    s = summarise(Economics())
    assert s.npv is None and s.roi is None and s.payback_year is None


def test_vat_not_recoverable_costs_ttc_and_brings_the_fctva():
    """CGI art. 278 (20 %) and CGCT art. L1615-6 (FCTVA 16.404 % of the TTC eligible investment):
    100 000 € HT of investment cost 120 000 € TTC and bring 19 684.80 € of FCTVA."""
    eco = economics((2026, 100_000, 10_000, 0, 0), rate=0.0).model_copy(update={"vat_recoverable": False})
    s = summarise(eco)
    assert s.investment == pytest.approx(120_000)
    assert s.fctva == pytest.approx(19_684.80)
    assert s.total_costs == pytest.approx(132_000)  # operating costs TTC too
    assert s.npv == pytest.approx(-132_000 + 19_684.80)
    assert rule("fctva_rate").value == pytest.approx(0.16404) and "L1615-6" in rule("fctva_rate").source
    recovered = summarise(eco.model_copy(update={"vat_recoverable": True}))
    assert (recovered.investment, recovered.fctva, recovered.total_costs) == (100_000, 0, 110_000)


def test_earlier_documents_amounts_with_vat_become_ht_with_the_vat_not_recoverable():
    eco = Economics.model_validate({"amounts_include_vat": True, "years": [{"year": 2026, "investment": 120_000}]})
    assert not eco.vat_recoverable and eco.years[0].investment == pytest.approx(100_000)
    assert summarise(eco).investment == pytest.approx(120_000)  # the figure the user typed, kept


MAINLAND = Territory(name="CA Fougères", kind="ca", members=[{"code": "35115", "name": "Fougères"}])


def action(investment: float, *lines: tuple[str, float, str] | tuple[str, float, str, str], **fields) -> Action:
    return Action(
        id="ac-1",
        title="A",
        axis_id="ax-1",
        economics={"years": [{"year": 2026, "investment": investment}]},
        funding=[
            FundingLine(
                id=f"fu-{n}", source="S", funder_kind=line[0], amount=line[1], status=line[2], kind=(*line, "grant")[3]
            )
            for n, line in enumerate(lines)
        ],
        **fields,
    )


def test_own_share_rule_comes_from_the_dated_table():
    r = rule("own_share_min")
    assert (r.value, r.source) == (0.20, "CGCT art. L1111-10 III")
    assert rule("own_share_min_chef_de_file").value == 0.30
    assert r.as_of == "2026-11-27" and r.note["fr"] and r.note["en"]


def test_own_share_at_exactly_20_percent_passes():
    """CGCT L1111-10 III: at least 20 % of the total funding brought by public persons."""
    check = own_share(action(100_000, ("state", 80_000, "granted")), MAINLAND)
    assert check.share_of_public == pytest.approx(0.20)
    assert not check.below_minimum and check.status == "ok"


def test_own_share_at_19_99_percent_is_flagged():
    check = own_share(action(100_000, ("state", 80_012.5, "requested")), MAINLAND)
    # own 19,987.5 of a public total of 100,000 -> 19.9875 %
    assert check.share_of_public == pytest.approx(0.199875)
    assert check.below_minimum


def test_a_domain_with_a_legal_chef_de_file_needs_30_percent_whoever_owns_it():
    """CGCT L1111-9 I 2°: 30 % for a project in a domain of L1111-9 II-IV (here climate, air and
    energy, led by the region), even when the owner is an intercommunality."""
    climate = {"competence_domain": "region_climate_air_energy"}
    assert own_share(action(100_000, ("region", 75_000, "planned"), **climate), MAINLAND).below_minimum  # 25 %
    assert not own_share(action(100_000, ("region", 70_000, "planned"), **climate), MAINLAND).below_minimum  # 30 %
    waived = own_share(action(100_000, ("region", 75_000, "planned"), **climate, ctec_waiver=True), MAINLAND)
    assert waived.minimum.code == "own_share_min" and not waived.below_minimum  # a CTEC sets the 30 % aside


def test_earlier_documents_chef_de_file_becomes_a_domain_to_choose():
    old = Action.model_validate({"id": "ac-1", "title": "A", "axis_id": "ax-1", "chef_de_file": True})
    assert old.competence_domain == "unspecified"
    assert own_share(
        action(100_000, ("state", 75_000, "planned"), competence_domain="unspecified"), MAINLAND
    ).below_minimum


@pytest.mark.parametrize(
    "territory",
    [
        Territory(name="CA du Centre Littoral", kind="ca", members=[{"code": "97302", "name": "Cayenne"}]),
        Territory(name="Saint-Pierre", kind="commune", code="97502"),
        Territory(name="La Réunion", kind="region", code="04"),
        Territory(name="Mayotte", kind="departement", code="976"),
    ],
)
def test_overseas_authorities_are_exempt(territory):
    """CGCT L1111-10 III: the minimum does not apply in Guadeloupe, Guyane, Martinique, La Réunion,
    Mayotte, Saint-Barthélemy, Saint-Martin and Saint-Pierre-et-Miquelon."""
    check = own_share(action(100_000, ("state", 95_000, "granted")), territory)
    assert check.status == "exempt" and not check.below_minimum


def test_a_prefect_derogation_is_recorded_not_a_breach():
    check = own_share(
        action(100_000, ("state", 90_000, "granted"), own_share_derogation="Monument historique"), MAINLAND
    )
    assert check.status == "derogation" and not check.below_minimum


def test_private_funding_is_not_public_and_refused_lines_do_not_count():
    check = own_share(
        action(100_000, ("state", 60_000, "granted"), ("private", 25_000, "planned"), ("europe", 10_000, "refused")),
        MAINLAND,
    )
    # own 15,000; public total 60,000 + 15,000 -> 20 %
    assert (check.own_share, check.public_total, check.private) == (15_000, 75_000, 25_000)
    assert check.share_of_public == pytest.approx(0.20) and not check.below_minimum


def test_a_loan_is_not_co_funding_and_a_public_body_is_public():
    """A loan is repaid by the owner (DOMAIN-FACTS, CGCT L1111-10 III counts funding "apportés par
    des personnes publiques"): 100 000 € with a 50 000 € loan and a 30 000 € CCI grant leaves an
    own share of 70 000 € of a public total of 100 000 € (70 %)."""
    check = own_share(
        action(100_000, ("banque_territoires", 50_000, "granted", "loan"), ("public_body", 30_000, "granted")),
        MAINLAND,
    )
    assert (check.own_share, check.repaid, check.public_from_others, check.public_total) == (
        70_000,
        50_000,
        30_000,
        100_000,
    )
    assert check.share_of_public == pytest.approx(0.70)


def test_the_base_is_ttc_when_the_vat_cannot_be_recovered():
    act = action(100_000, ("state", 90_000, "granted"))
    act = act.model_copy(update={"economics": act.economics.model_copy(update={"vat_recoverable": False})})
    check = own_share(act, MAINLAND)
    assert check.investment == pytest.approx(120_000) and check.own_share == pytest.approx(30_000)
    assert check.share_of_public == pytest.approx(0.25)


def test_no_investment_no_rule_and_over_funding_is_said():
    assert own_share(Action(id="ac-1", title="A", axis_id="ax-1"), MAINLAND) is None
    assert own_share(action(100, ("state", 150, "granted")), MAINLAND).over_funded


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


def test_one_cost_base_within_the_horizon_unless_extended(sample):
    """Costs are investment + operating as borne (HT, or TTC), over the strategy's horizon."""
    act = Action(
        id="ac-1",
        title="A",
        axis_id="ax-1",
        economics={"years": [{"year": 2026, "investment": 100, "operating": 10}, {"year": 2040, "operating": 50}]},
        funding=[
            FundingLine(id="fu-1", source="S", funder_kind="state", amount=30, status="granted"),
            FundingLine(id="fu-2", source="P", funder_kind="banque_territoires", amount=40, kind="loan"),
            FundingLine(id="fu-3", source="R", funder_kind="region", amount=99, status="refused"),
        ],
    )
    doc = sample.model_copy(update={"horizon_start": 2026, "horizon_end": 2031})
    assert horizon(doc) == range(2026, 2032) and horizon(doc, extended=True) is None
    assert cost(act, horizon(doc)).total == 110 and cost(act).total == 160
    assert cost_by_year(act, horizon(doc)) == {2026: 110}
    assert funded(act) == 70  # the loan funds the cost; the refused line does not
    ttc = act.model_copy(update={"economics": act.economics.model_copy(update={"vat_recoverable": False})})
    assert cost(ttc, horizon(doc)).investment == pytest.approx(120) and vat_label(ttc) == "ttc"
