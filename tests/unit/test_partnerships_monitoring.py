"""Legal-structure helper, business plan, monitoring progress, open data and calendar."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from icalendar import Calendar

from domain.actions import action_problems
from domain.business_plan import business_plan, financing_table
from domain.legal_helper import STRUCTURES, Answers, decision_day, recommend, thresholds
from domain.model import Action, Measurement, MonitoringIndicator, Partnership
from domain.monitoring import budget_follow_up, next_measurement, progress, status_by_axis
from reports.calendar import reporting_calendar
from reports.opendata import package_files, package_zip


def top(answers: Answers) -> str:
    return recommend(answers)[0].structure


def test_innovative_service_of_80k_is_an_innovative_purchase():
    recs = recommend(Answers(innovative=True, value_eur=80_000))
    assert recs[0].structure == "innovative_purchase"
    code, params = recs[0].fits[0]
    assert code == "innovative_small" and params["limit"] == 100_000 and "R2122-9-1" in params["source"]


def test_above_100k_an_innovative_need_is_not_an_innovative_purchase():
    recs = {r.structure: r for r in recommend(Answers(innovative=True, value_eur=150_000))}
    assert recs["innovative_purchase"].against[0][0] == "above_innovative_limit"
    assert top(Answers(innovative=True, research_needed=True, value_eur=150_000)) == "innovation_partnership"


def test_fifteen_years_paid_by_users_is_a_concession():
    recs = recommend(Answers(who_pays="users", operating_risk="operator", duration_years=15, value_eur=3_000_000))
    assert recs[0].structure == "service_concession"
    assert [c for c, _ in recs[0].fits] == ["operator_risk_users_pay", "long_enough_to_recover"]
    assert next(r for r in recs if r.structure == "public_procurement").against[0][0] == "users_or_operator_risk"


def test_a_public_operator_shared_by_three_authorities_is_an_spl():
    assert top(Answers(several_authorities=True, keep_control=True, duration_years=10)) == "spl"


def test_small_purchase_and_formal_procedure_thresholds():
    on = dt.date(2026, 11, 27)
    small = {r.structure: r for r in recommend(Answers(value_eur=50_000), on)}["public_procurement"]
    assert ("below_no_advertising", {"limit": 60_000, "source": R2122_8_SOURCE}) in small.fits
    big = {r.structure: r for r in recommend(Answers(value_eur=500_000), on)}["public_procurement"]
    assert big.fits[-1][0] == "formal_procedure" and big.fits[-1][1]["limit"] == 216_000
    assert thresholds(on)["eu_works_concessions"].value == 5_404_000


R2122_8_SOURCE = (
    "Code de la commande publique, art. R2122-8, modifié par le décret n° 2025-1386 du 29 décembre 2025 "
    "— 60 000 € HT pour les consultations engagées à partir du 1er avril 2026"
)


@pytest.mark.parametrize(
    ("day", "supplies", "works"),
    [
        (dt.date(2025, 12, 31), 40_000, 40_000),
        (dt.date(2026, 1, 1), 40_000, 100_000),  # works: 100 000 € HT from 1 Jan 2026
        (dt.date(2026, 3, 31), 40_000, 100_000),
        (dt.date(2026, 4, 1), 60_000, 100_000),  # supplies and services: 60 000 € HT from 1 Apr 2026
    ],
)
def test_no_advertising_thresholds_in_force_on_a_date(day, supplies, works):
    """R2122-8 CCP as amended by décret n° 2025-1386 of 29 Dec 2025 (JORF 30 Dec 2025): works
    100 000 € HT from 1 January 2026; supplies and services 60 000 € HT from 1 April 2026
    (40 000 € HT before)."""
    t = thresholds(day)
    assert (t["no_advertising_supplies_services"].value, t["no_advertising_works"].value) == (supplies, works)
    assert "2025-1386" in t["no_advertising_works"].source


def test_a_50_000_euro_service_needs_a_consultation_before_april_2026_not_after():
    before = {r.structure: r for r in recommend(Answers(value_eur=50_000), dt.date(2026, 3, 1))}["public_procurement"]
    after = {r.structure: r for r in recommend(Answers(value_eur=50_000), dt.date(2026, 4, 1))}["public_procurement"]
    assert "below_no_advertising" not in [c for c, _ in before.fits]
    assert "below_no_advertising" in [c for c, _ in after.fits]


def test_innovative_lots_thresholds():
    """R2122-9-1 CCP: lots under 80 000 € HT (supplies, services) or 100 000 € HT (works), within 20 %."""
    t = thresholds(dt.date(2026, 11, 27))
    assert (t["innovative_lot_supplies_services"].value, t["innovative_lot_works"].value) == (80_000, 100_000)


def test_the_thresholds_day_is_the_earliest_linked_action_start():
    today = dt.date(2026, 11, 27)
    actions = [
        Action(id="ac-1", title="A", axis_id="ax-1", start=dt.date(2027, 3, 1)),
        Action(id="ac-2", title="B", axis_id="ax-1", start=dt.date(2026, 2, 1)),
        Action(id="ac-3", title="C", axis_id="ax-1"),
    ]
    assert decision_day(actions, today) == dt.date(2026, 2, 1)
    assert decision_day(actions[2:], today) == today


def test_every_structure_is_ranked_once():
    assert len({r.structure for r in recommend(Answers())}) == len(STRUCTURES) == 20


def test_business_plan_and_financing_table():
    p = Partnership(
        id="pa-1",
        name="P",
        business_plan=[
            {"year": 2028, "revenues": 30000, "operating_costs": 25000},
            {"year": 2027, "revenues": 15000, "operating_costs": 20000, "investment": 80000},
        ],
        financing=[
            {"year": 2027, "source": "DSIL", "amount": 10},
            {"year": 2027, "source": "DSIL", "amount": 5},
            {"year": 2028, "source": "Région", "amount": 7},
        ],
    )
    plan = business_plan(p)
    assert [(y.year, y.cash_flow, y.cumulative) for y in plan] == [(2027, -85000, -85000), (2028, 5000, -80000)]
    years, table = financing_table(p)
    assert years == [2027, 2028] and table == {"DSIL": {2027: 15}, "Région": {2028: 7}}


def indicator(direction: str, *measures: tuple[str, float], **kw) -> MonitoringIndicator:
    return MonitoringIndicator(
        id="mi-1",
        name="I",
        level="axis",
        axis_id="ax-1",
        direction=direction,
        baseline_value=kw.get("baseline", 100),
        baseline_date=dt.date(2026, 1, 1),
        target_value=kw.get("target", 200 if direction == "up" else 50),
        target_date=dt.date(2030, 1, 1),
        measurements=[Measurement(date=dt.date.fromisoformat(d), value=v) for d, v in measures],
    )


def test_progress_up_on_track_and_behind():
    on_track = progress(indicator("up", ("2027-01-01", 130)))
    assert on_track.status == "on_track"
    assert on_track.share_of_target == pytest.approx(0.30)
    assert on_track.needed_per_year == pytest.approx(100 / (1461 / 365.25))  # 25 a year
    assert on_track.seen_per_year == pytest.approx(30 / (365 / 365.25))
    assert progress(indicator("up", ("2028-01-01", 120))).status == "behind"
    assert progress(indicator("up", ("2027-01-01", 90))).status == "wrong_way"
    assert progress(indicator("up", ("2029-01-01", 210))).status == "achieved"


def test_progress_down_is_signed_by_the_direction():
    down = progress(indicator("down", ("2027-01-01", 80)))  # 100 -> 50 wanted; -20 in a year, -12.5 needed
    assert down.status == "on_track" and down.share_of_target == pytest.approx(0.4)
    assert down.seen_per_year > 0 and down.needed_per_year > 0
    assert progress(indicator("down", ("2027-01-01", 110))).status == "wrong_way"


def test_progress_without_data_or_baseline():
    assert progress(indicator("up")).status == "no_data"
    bare = MonitoringIndicator(id="mi-2", name="B", level="axis", axis_id="ax-1")
    assert progress(bare).status == "no_baseline"


def test_latest_measurement_is_the_last_by_date_not_by_entry():
    p = progress(indicator("up", ("2028-01-01", 190), ("2027-01-01", 110)))
    assert (p.latest, p.latest_date) == (190, dt.date(2028, 1, 1))


def test_next_measurement_by_frequency():
    ind = indicator("up", ("2026-01-31", 1)).model_copy(update={"frequency": "monthly"})
    assert next_measurement(ind, dt.date(2026, 2, 1)) == dt.date(2026, 2, 28)
    yearly = indicator("up", ("2025-06-30", 1))
    assert next_measurement(yearly, dt.date(2026, 11, 26)) == dt.date(2027, 6, 30)


def test_roll_ups(sample):
    counts = status_by_axis(sample)
    assert counts["ax-1"] == {"to_start": 2} and counts["ax-2"] == {"in_progress": 1}
    (y2026,) = budget_follow_up(sample)
    assert (y2026.year, y2026.planned, y2026.committed, y2026.spent) == (2026, 370000, 240000, 90000)


def test_open_data_package_is_valid_for_frictionless(sample, tmp_path):
    from frictionless import Package

    for name, text in package_files(sample).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    indicators = (tmp_path / "indicators.csv").read_text(encoding="utf-8").splitlines()
    assert len(indicators) == 1 + sum(1 for i in sample.indicators if i.open_data)
    assert "mi-4" not in "\n".join(indicators)  # not published
    with zipfile.ZipFile(io.BytesIO(package_zip(sample))) as archive:
        assert sorted(archive.namelist()) == ["actions.csv", "datapackage.json", "indicators.csv", "measurements.csv"]
        assert json.loads(archive.read("datapackage.json"))["resources"][1]["schema"]["foreignKeys"]


def test_open_data_neutral_to_tricky_text(sample, tmp_path):
    from frictionless import Package

    tricky = sample.model_copy(
        update={"actions": [sample.actions[0].model_copy(update={"title": 'Virgule, "guillemets"\\net retour'})]}
    )
    for name, text in package_files(tricky).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert Package(str(tmp_path / "datapackage.json")).validate().valid


def test_reporting_calendar_parses_back(sample):
    raw = reporting_calendar(sample, dt.date(2026, 11, 26), lang="fr")
    events = [c for c in Calendar.from_ical(raw).walk() if c.name == "VEVENT"]
    assert len(events) == len(sample.indicators)
    first = next(e for e in events if "Personnes accompagnées" in str(e["summary"]))
    assert first.decoded("dtstart") == dt.date(2026, 12, 30)  # quarterly from the measurement of 2026-06-30
    assert "Cheffe de projet inclusion" in str(first["description"])
    mine = reporting_calendar(sample, dt.date(2026, 11, 26), owner="Direction du patrimoine", lang="en")
    assert [str(e["summary"]) for e in Calendar.from_ical(mine).walk() if e.name == "VEVENT"] == [
        'Measurement of indicator "Consommation du patrimoine public"'
    ]


@pytest.mark.parametrize(
    ("value", "partnership_object", "allowed"),
    [
        (1_900_000, "immaterial", False),
        (2_000_000, "immaterial", True),
        (4_900_000, "networks", False),
        (5_000_000, "networks", True),
        (9_900_000, "other", False),
        (10_000_000, "other", True),
    ],
)
def test_a_partnership_contract_only_above_its_r2211_1_minimum(value, partnership_object, allowed):
    """CCP R2211-1: 2 M€ HT (intangible assets, information systems, energy performance), 5 M€ HT
    (network infrastructure, buildings without maintenance), 10 M€ HT otherwise."""
    answers = Answers(
        private_investment=True, duration_years=20, value_eur=value, partnership_object=partnership_object
    )
    rec = {r.structure: r for r in recommend(answers, dt.date(2026, 11, 27))}["partnership_contract"]
    assert ("below_partnership_minimum" in [c for c, _ in rec.against]) is not allowed


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (Answers(keep_control=True), {"direct_management", "public_procurement"}),
        (Answers(several_authorities=True, development_operation=True, keep_control=True), {"spla"}),
        (Answers(several_authorities=True, cultural_or_environmental=True), {"epcc"}),
        (Answers(purchase="works", lacks_project_skills=True), {"project_management_mandate"}),
        (Answers(cooperative_members=True, keep_control=False, who_pays="users"), {"scic"}),
    ],
)
def test_the_structures_a_practitioner_weighs_come_first_when_they_fit(answers, expected):
    top_score = recommend(answers)[0].score
    assert expected <= {r.structure for r in recommend(answers) if r.score == top_score}


def test_contradictory_legal_choices_are_flagged():
    """A subsidy funds a third party's project (loi 2000-321, art. 9-1); in a concession the
    operator collects the revenue (CCP L1121-1)."""
    direct = Action(
        id="ac-1", title="A", axis_id="ax-1", legal={"support_type": "direct", "contracting_mode": "subsidy_agreement"}
    )
    assert [p.code for p in action_problems(direct, "a")] == ["action.direct_with_subsidy"]
    concession = Action(
        id="ac-1",
        title="A",
        axis_id="ax-1",
        legal={"contracting_mode": "service_concession"},
        economics={"years": [{"year": 2027, "revenues": 50_000}]},
    )
    assert [p.code for p in action_problems(concession, "a")] == ["action.concession_revenue_booked"]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_structure_says_its_conditions_obligations_and_sources(lang):
    from i18n import catalog

    texts = catalog(lang)
    for structure in STRUCTURES:
        assert texts[f"enum.legal_structure.{structure}"]
        assert texts[f"checklist.{structure}"].strip()
        obligations = texts[f"obligations.{structure}"]
        assert obligations.strip()
    for structure in (
        "direct_management",
        "spla",
        "scic",
        "gip",
        "epcc",
        "mixed_syndicate",
        "project_management_mandate",
    ):
        assert any(ref in texts[f"obligations.{structure}"] for ref in ("CGCT", "CCP", "C. urb.", "Loi", "loi"))


def test_no_pace_no_on_track():
    """Neither the required nor the observed pace known (no target date, measured on the
    baseline's date): the dashboard says so instead of "on track"."""
    ind = MonitoringIndicator(
        id="mi-1",
        name="I",
        baseline_value=10,
        baseline_date=dt.date(2026, 1, 1),
        target_value=20,
        measurements=[Measurement(date=dt.date(2026, 1, 1), value=12)],
    )
    assert progress(ind).status == "pace_unknown"


def test_a_dashboard_chart_shows_the_indicators_furthest_from_their_target():
    from domain.monitoring import Progress, furthest_behind

    def at(share: float | None) -> Progress:
        return Progress("x", None, None, share, None, None, "on_track")

    measured = [(f"ind-{n}", at(share)) for n, share in enumerate([0.9, None, 0.1, 0.5, -0.2, 0.1])]
    chosen = furthest_behind(measured, 3)  # type: ignore[arg-type]
    assert [name for name, _ in chosen] == ["ind-2", "ind-4", "ind-5"]  # lowest shares, in the strategy's order
    assert len(furthest_behind(measured)) == 5  # under the cap: every indicator on a trajectory
