"""Funding of an action: the owner's own share and the legal minimum it must reach.

The rules and the catalogue of schemes are dated data tables in `sample_data/rules/`, shown
to the user with their source; no threshold is written in code.

The base is the investment as the owner bears it (HT, or TTC when it cannot recover the
VAT). Public co-funding is the grants of public persons (the State, the EU, authorities, a
CCI or any public establishment); sponsorship and revenue are private and stay out of the
public total; a loan or an advance is repaid by the owner, so it is part of the owner's share.
The own share is the base less every other line that is not repaid (refused lines fund
nothing), and the rule compares it with the public total: the public grants plus the own share.

The minimum (CGCT L1111-10 III): 20 %; 30 % for a project in a domain with a legal "chef de
file" (L1111-9 I 2°), whoever owns it, unless a CTEC sets it aside; none for the overseas
authorities the law names. A prefect's derogation is recorded on the action and shown as
such, not as a breach.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from domain.finance import vat_factor
from domain.model import Action, Territory
from domain.rules import Rule, rule, table

COUNTED = {"planned", "requested", "granted", "paid"}  # a refused line funds nothing
REPAID = {"loan", "advance"}  # the owner pays them back: part of its own share
NOT_PUBLIC = {"sponsorship", "revenue"}
# INSEE codes of the overseas authorities exempt from the minimum (L1111-10 III): departments
# and regions 971-976 and their communes, Saint-Pierre-et-Miquelon (975), Saint-Barthélemy
# (977), Saint-Martin (978); region codes 01-06.
OVERSEAS_PREFIXES = ("971", "972", "973", "974", "975", "976", "977", "978")
OVERSEAS_REGIONS = {"01", "02", "03", "04", "06"}

Status = Literal["ok", "below", "exempt", "derogation"]


@dataclass(frozen=True)
class Scheme:
    code: str
    name: str
    funder_kind: str
    runner: str
    use: dict[str, str]


@dataclass(frozen=True)
class OwnShare:
    investment: float  # the base: as borne (HT, or TTC)
    public_from_others: float  # grants of other public persons
    private: float  # sponsorship, revenue, private grants
    repaid: float  # loans and advances: the owner repays them
    own_share: float
    public_total: float
    share_of_public: float | None  # own share / public total
    minimum: Rule
    over_funded: bool  # the lines add up to more than the investment
    derogation: str  # the prefect's derogation recorded on the action, if any

    @property
    def status(self) -> Status:
        if self.minimum.value == 0:
            return "exempt"
        if self.share_of_public is None or self.share_of_public >= self.minimum.value:
            return "ok"
        return "derogation" if self.derogation else "below"

    @property
    def below_minimum(self) -> bool:
        """A breach to report (a recorded derogation is not one)."""
        return self.status == "below"


def schemes() -> list[Scheme]:
    return [
        Scheme(s["code"], s["name"], s["funder_kind"], s["runner"], {"fr": s["use_fr"], "en": s["use_en"]})
        for s in table("funding_schemes.json")["schemes"]
    ]


def schemes_as_of() -> str:
    return str(table("funding_schemes.json")["as_of"])


def overseas(territory: Territory) -> bool:
    """A territory of the overseas authorities the own-share rule exempts, from its codes."""
    if territory.kind == "region":
        return territory.code in OVERSEAS_REGIONS
    # A commune's or department's own INSEE code; an intercommunality's is a SIREN: its members tell.
    codes = [territory.code] if territory.code and territory.kind in ("commune", "departement", "ctu", "com") else []
    codes += [m.code for m in territory.members]
    return bool(codes) and all(code.startswith(OVERSEAS_PREFIXES) for code in codes)


def minimum_rule(action: Action, territory: Territory) -> Rule:
    if overseas(territory):
        return rule("own_share_overseas")
    if action.competence_domain and not action.ctec_waiver:
        return rule("own_share_min_chef_de_file")
    return rule("own_share_min")


def own_share(action: Action, territory: Territory) -> OwnShare | None:
    """The own-share check of an investment action; None when the action has no investment."""
    investment = sum(y.investment for y in action.economics.years) * vat_factor(action.economics)
    if investment <= 0:
        return None
    lines = [f for f in action.funding if f.status in COUNTED and f.kind != "own_funds"]
    repaid = sum(f.amount for f in lines if f.kind in REPAID)
    private = sum(f.amount for f in lines if f.kind not in REPAID and _private(f.kind, f.funder_kind))
    public_others = sum(f.amount for f in lines if f.kind not in REPAID and not _private(f.kind, f.funder_kind))
    own = investment - public_others - private
    public_total = public_others + max(own, 0.0)
    return OwnShare(
        investment=investment,
        public_from_others=public_others,
        private=private,
        repaid=repaid,
        own_share=own,
        public_total=public_total,
        share_of_public=max(own, 0.0) / public_total if public_total else None,
        minimum=minimum_rule(action, territory),
        over_funded=own < 0,
        derogation=action.own_share_derogation,
    )


def _private(kind: str, funder_kind: str) -> bool:
    return kind in NOT_PUBLIC or funder_kind == "private"
