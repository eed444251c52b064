"""Which legal structure suits a project: a few questions, a ranked list with the reasons.

The rules follow the logic of each structure (who pays, who bears the operating risk, is it
innovative, how much, how long, who keeps control, is private capital invested, are several
authorities involved). Amount thresholds come from the dated table
`sample_data/rules/procurement_thresholds.json`, never from code: each threshold lists its
values with the date each applies from, and the helper uses those in force on the action's
start (or today). This is a first orientation
for a consultant and the authority, not legal advice: the page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from domain.model import Action, LegalStructure
from domain.rules import table

THRESHOLDS_FILE = "procurement_thresholds.json"

STRUCTURES: tuple[str, ...] = get_args(LegalStructure)


class Answers(BaseModel):
    """The helper's questions (stored in the strategy with the partnership)."""

    model_config = ConfigDict(extra="forbid")

    purchase: Literal["supplies_services", "works"] = "supplies_services"
    who_pays: Literal["authority", "users", "mixed"] = "authority"
    operating_risk: Literal["authority", "operator"] = "authority"
    innovative: bool = False
    research_needed: bool = False  # a research and development phase before buying
    performance_targets: bool = False  # measurable commitments (energy saved, service levels)
    value_eur: float = Field(default=0, ge=0, le=1e11)  # estimated total value, € excl. VAT
    duration_years: int = Field(default=1, ge=1, le=99)
    keep_control: bool = True
    private_investment: bool = False
    several_authorities: bool = False
    third_party_initiative: bool = False  # an association or project holder brings the project
    development_operation: bool = False  # an urban development operation (C. urb. L300-1)
    cultural_or_environmental: bool = False  # a cultural (or environmental) facility or service
    lacks_project_skills: bool = False  # works the authority cannot steer alone as project owner
    cooperative_members: bool = False  # users, employees or local firms want to be members
    partnership_object: Literal["immaterial", "networks", "other"] = "other"  # sets the R2211-1 minimum


@dataclass(frozen=True)
class Threshold:
    code: str
    value: float  # the value in force on `since`..
    source: str
    note: dict[str, str]
    since: dt.date  # the date it applies from


@dataclass
class Recommendation:
    structure: str
    score: int
    fits: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # reason codes "why.<code>"
    against: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # reason codes "whynot.<code>"


def thresholds(on: dt.date | None = None) -> dict[str, Threshold]:
    """Each threshold with the value in force on `on` (today by default); before the first
    listed date, the first value."""
    day = on or dt.date.today()
    out = {}
    for t in table(THRESHOLDS_FILE)["thresholds"]:
        dated = sorted((dt.date.fromisoformat(v["from"]), float(v["value"])) for v in t["values"])
        since, value = next((d for d in reversed(dated) if d[0] <= day), dated[0])
        out[t["code"]] = Threshold(t["code"], value, t["source"], {"fr": t["note_fr"], "en": t["note_en"]}, since)
    return out


def decision_day(partnership_actions: list[Action], today: dt.date) -> dt.date:
    """The day whose thresholds apply: the earliest start of the partnership's actions (the
    consultation starts with the action), or today when none has a start."""
    return min((a.start for a in partnership_actions if a.start), default=today)


def thresholds_as_of() -> str:
    return str(table(THRESHOLDS_FILE)["as_of"])


def recommend(a: Answers, on: dt.date | None = None) -> list[Recommendation]:
    """Every structure, best first (ties keep the catalogue's order), with its reasons; the
    thresholds are those in force on `on` (the action's start), today by default."""
    t = thresholds(on)
    recs = {s: Recommendation(s, 0) for s in STRUCTURES}

    def plus(structure: str, points: int, code: str, **params: Any) -> None:
        recs[structure].score += points
        recs[structure].fits.append((code, params))

    def minus(structure: str, points: int, code: str, **params: Any) -> None:
        recs[structure].score -= points
        recs[structure].against.append((code, params))

    authority_buys = a.who_pays == "authority" and a.operating_risk == "authority"
    no_advert = t["no_advertising_works" if a.purchase == "works" else "no_advertising_supplies_services"]
    eu = t["eu_works_concessions" if a.purchase == "works" else "eu_supplies_services_local"]

    # Public procurement: the authority buys, pays and keeps the risk.
    if authority_buys:
        plus("public_procurement", 3, "authority_buys")
        if a.value_eur < no_advert.value:
            plus("public_procurement", 1, "below_no_advertising", limit=no_advert.value, source=no_advert.source)
        elif a.value_eur >= eu.value:
            recs["public_procurement"].fits.append(("formal_procedure", {"limit": eu.value, "source": eu.source}))
    else:
        minus("public_procurement", 3, "users_or_operator_risk")

    # Innovative purchase below its threshold.
    innovative = t["innovative_purchase"]
    if a.innovative and a.value_eur < innovative.value:
        plus("innovative_purchase", 5, "innovative_small", limit=innovative.value, source=innovative.source)
    elif a.innovative:
        minus("innovative_purchase", 3, "above_innovative_limit", limit=innovative.value, source=innovative.source)
    else:
        minus("innovative_purchase", 4, "not_innovative")

    # Innovation partnership: research and development, then purchase of the result.
    if a.innovative and a.research_needed:
        plus("innovation_partnership", 5, "research_then_purchase")
    else:
        minus("innovation_partnership", 4, "no_research_phase")

    # Global performance contract: design, build, operate with contractual targets.
    if a.performance_targets and authority_buys:
        plus("performance_contract", 4, "measurable_targets")
        if a.duration_years >= 3:
            plus("performance_contract", 1, "operation_over_years")
    else:
        minus("performance_contract", 2, "no_performance_targets")

    # Service concession: users pay, the operator bears the operating risk.
    if a.operating_risk == "operator" and a.who_pays in ("users", "mixed"):
        plus("service_concession", 5, "operator_risk_users_pay")
        if a.duration_years >= 5:
            plus("service_concession", 1, "long_enough_to_recover", years=a.duration_years)
        concession = t["eu_works_concessions"]  # concessions have one threshold, whatever they buy
        if a.value_eur >= concession.value:
            recs["service_concession"].fits.append(
                ("eu_concession", {"limit": concession.value, "source": concession.source})
            )
    else:
        minus("service_concession", 4, "no_operating_risk_transfer")

    # Partnership contract: long-term private financing of design, build and maintenance, only
    # above the minimum value its object sets (R2211-1).
    minimum = t[f"partnership_min_{a.partnership_object}"]
    if a.private_investment and a.who_pays == "authority" and a.duration_years >= 10:
        plus("partnership_contract", 4, "private_financing_long_term", years=a.duration_years)
    else:
        minus("partnership_contract", 3, "not_long_private_financing")
    if a.value_eur < minimum.value:
        minus("partnership_contract", 5, "below_partnership_minimum", limit=minimum.value, source=minimum.source)

    _public_structures(a, authority_buys, plus, minus)

    # Mixed companies: SEM (lasting activity, public majority), SEMOP (one operation).
    if a.private_investment and a.keep_control:
        plus("sem", 3, "private_capital_public_majority")
        if a.duration_years >= 10:
            plus("sem", 1, "lasting_activity")
        plus("semop", 3, "private_partner_by_competition")
        if a.duration_years < 10:
            plus("semop", 1, "single_operation")
    else:
        minus("sem", 3, "no_private_capital_or_control")
        minus("semop", 3, "no_private_capital_or_control")

    # SPL: 100 % public shareholders, works only for them.
    if a.several_authorities and not a.private_investment:
        plus("spl", 5, "public_shareholders_only")
        if a.keep_control:
            plus("spl", 1, "control_as_own_services")
    else:
        minus("spl", 4, "needs_several_public_shareholders")

    # Group of authorities: several buyers, one procurement.
    if a.several_authorities and authority_buys:
        plus("group_of_authorities", 4, "joint_purchase")
    else:
        minus("group_of_authorities", 3, "single_buyer")

    # Subsidy agreement: the authority supports a project someone else brings.
    if a.third_party_initiative and not a.keep_control:
        plus("subsidy_agreement", 5, "third_party_project")
    elif a.third_party_initiative:
        plus("subsidy_agreement", 2, "third_party_project")
        minus("subsidy_agreement", 1, "control_limited")
    else:
        minus("subsidy_agreement", 4, "authority_defines_need")

    order = {s: n for n, s in enumerate(STRUCTURES)}
    return sorted(recs.values(), key=lambda r: (-r.score, order[r.structure]))


def _public_structures(a: Answers, authority_buys: bool, plus: Any, minus: Any) -> None:
    """The structures through which authorities act themselves or together, and the third
    parties they support (sources in the catalog's obligations.<code>)."""
    alone = not (a.private_investment or a.several_authorities or a.third_party_initiative)
    # Régie: the authority carries the project with its own staff and budget.
    if a.keep_control and alone:
        plus("direct_management", 4, "own_means")
        if a.who_pays in ("users", "mixed") and a.operating_risk == "authority":
            plus("direct_management", 1, "spic_regie")
    else:
        minus("direct_management", 3, "not_own_means")
    # Mandat de maîtrise d'ouvrage: works steered by a mandatary in the authority's name.
    if a.purchase == "works" and a.lacks_project_skills and authority_buys:
        plus("project_management_mandate", 4, "delegated_ownership")
    else:
        minus("project_management_mandate", 3, "no_delegated_ownership")
    shared = a.several_authorities and not a.private_investment
    # SPLA: 100 % public development company, working only for its shareholders.
    if a.development_operation and shared:
        plus("spla", 7, "development_public_shareholders")  # more specific than an SPL
    else:
        minus("spla", 4, "not_public_development")
    # EPCC: a cultural (or environmental) public service run by several public persons.
    if a.cultural_or_environmental and a.several_authorities:
        plus("epcc", 7, "cultural_cooperation")  # more specific than an SPL
    else:
        minus("epcc", 4, "not_cultural_cooperation")
    # Syndicat mixte: a lasting public service shared by several authorities.
    if shared and a.duration_years >= 10:
        plus("mixed_syndicate", 3, "lasting_shared_service", years=a.duration_years)
    else:
        minus("mixed_syndicate", 3, "needs_lasting_shared_service")
    # GIP: public (and private) partners pooling means for a non-profit activity.
    if a.several_authorities and a.who_pays == "authority":
        plus("gip", 3, "pooled_non_profit_activity")
    else:
        minus("gip", 3, "not_pooled_non_profit")
    # Public-public cooperation: authorities serving a common aim, no competition needed.
    if shared and authority_buys:
        plus("public_public_cooperation", 3, "public_cooperation")
    else:
        minus("public_public_cooperation", 3, "no_public_cooperation")
    # SCIC: a cooperative of users, employees, firms and public members (at most 50 % public).
    if a.cooperative_members:
        plus("scic", 4, "cooperative_members")
        if a.keep_control:
            minus("scic", 1, "public_share_capped")
    else:
        minus("scic", 4, "no_cooperative_members")
    # Association: the project of a third party the authority supports, never its own.
    if a.third_party_initiative and not a.keep_control:
        plus("association", 3, "third_party_association")
    elif a.third_party_initiative:
        minus("association", 2, "transparent_association_risk")
    else:
        minus("association", 4, "authority_defines_need")
