"""The strategy document: one pydantic model for the whole six-step method.

Field names are English; the French labels users know live in the catalogs.
Amounts are euros excluding VAT unless a field says otherwise; dates are ISO.
References between records are plain ids; `domain.references` checks them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from domain.boundary import Boundary
from domain.text_rules import clean_line, clean_text

SCHEMA_VERSION = 2

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
# Text: control characters (NUL included) and lone surrogates are dropped on the way in, so that
# no stored text can break a database, a chart renderer or a document; one-line text keeps no
# line break.
ShortText = Annotated[str, BeforeValidator(clean_line), StringConstraints(strip_whitespace=True, max_length=300)]
LongText = Annotated[str, BeforeValidator(clean_text), StringConstraints(strip_whitespace=True, max_length=20_000)]
# Text a record cannot do without (a title, a name, the sentence of a SWOT item).
Label = Annotated[
    str, BeforeValidator(clean_line), StringConstraints(strip_whitespace=True, min_length=1, max_length=300)
]
Sentence = Annotated[
    str, BeforeValidator(clean_text), StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)
]
# Numbers are finite (the model refuses NaN and infinities: see Record) and bounded, so that
# every sum, chart and document computed from them stays finite too.
Real = Annotated[float, Field(ge=-1e15, le=1e15)]
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]
Amount = Annotated[float, Field(ge=0, le=1e12)]
Year = Annotated[int, Field(ge=1900, le=2200)]
# Dates within the same years: a date in year 9999 (or 0001) is a typo, and drawn on a
# timeline it would make the chart renderer work for minutes.
Day = Annotated[dt.date, Field(ge=dt.date(1900, 1, 1), le=dt.date(2200, 12, 31))]
Score = Annotated[int, Field(ge=1, le=5)]
Level15 = Annotated[int, Field(ge=1, le=5)]
CommuneCode = Annotated[str, StringConstraints(pattern=r"^(\d{5}|2[AB]\d{3})$")]

# Enumerations: codes stored in the document, labels in the catalogs (enum.<name>.<code>).
# csp: a collectivité à statut particulier (the Métropole de Lyon, the Collectivité de Corse);
# ctu: a single authority with a region's and a department's powers (Martinique, Guyane);
# com: an overseas collectivity (Saint-Pierre-et-Miquelon, Saint-Barthélemy, Saint-Martin…).
TerritoryKind = Literal[
    "commune", "cc", "ca", "cu", "metropole", "csp", "departement", "region", "ctu", "com", "syndicat", "other"
]
SwotQuadrant = Literal["strength", "weakness", "opportunity", "threat"]
InitiativeStatus = Literal["planned", "ongoing", "done", "stopped"]
ConsultationKind = Literal["interview", "workshop", "survey", "public_meeting", "committee"]
Audience = Literal["elected", "staff", "residents", "businesses", "associations", "partners", "other"]
NeedKind = Literal["need", "quote"]
CriterionFamily = Literal["impact", "feasibility"]
Participation = Literal["none", "information", "consultation", "concertation", "coconstruction"]
SupportType = Literal["direct", "delegation", "amo", "grouping", "subsidy"]
FunderKind = Literal[
    "state",
    "europe",
    "region",
    "department",
    "intercommunality",
    "commune",
    "banque_territoires",
    "ademe",
    "public_body",  # any other public person: a CCI, a public establishment, a syndicate
    "private",
]
# What a funding line is: only grants (and contributions) of public persons count as public
# co-funding; a loan or an advance is repaid by the owner, so it stays in the owner's share.
FundingKind = Literal["grant", "loan", "advance", "own_funds", "sponsorship", "revenue"]
# Domains of competences for which the law names a "chef de file" (CGCT L1111-9 II-IV): a
# project in one of them needs a 30 % own share, whoever owns it (L1111-9 I 2°).
# "unspecified": marked as such by an earlier version, the domain still to be chosen.
CompetenceDomain = Literal[
    "region_planning",
    "region_biodiversity",
    "region_climate_air_energy",
    "region_youth",
    "region_mobility",
    "region_higher_education_research",
    "department_social_action",
    "department_autonomy",
    "department_territorial_solidarity",
    "local_public_services",
    "local_spatial_planning",
    "local_development",
    "unspecified",
]
FundingStatus = Literal["planned", "requested", "granted", "refused", "paid"]
ActionStatus = Literal["to_start", "in_progress", "done", "paused", "abandoned", "late"]
Priority = Literal["high", "medium", "low"]
StakeholderKind = Literal[
    "association",
    "civil_society",
    "sme",
    "industry",
    "startup",
    "public_body",
    "academia",
    "citizen_group",
    "other",
]
PartnerRole = Literal["funder", "operator", "expert", "user", "co_lead"]
LegalStructure = Literal[
    "public_procurement",
    "performance_contract",
    "innovation_partnership",
    "innovative_purchase",
    "service_concession",
    "partnership_contract",
    "sem",
    "spl",
    "semop",
    "subsidy_agreement",
    "group_of_authorities",
    "direct_management",  # régie
    "spla",
    "scic",
    "gip",
    "association",
    "epcc",
    "mixed_syndicate",  # syndicat mixte
    "project_management_mandate",  # mandat de maîtrise d'ouvrage
    "public_public_cooperation",
]
Direction = Literal["up", "down"]
Frequency = Literal["monthly", "quarterly", "yearly"]
IndicatorLevel = Literal["axis", "action"]
EffectDimension = Literal["economic", "social", "environmental", "governance"]
MomentKind = Literal[
    "thematic_workshop",
    "design_thinking",
    "elected_presentation",
    "steering_committee",
    "public_meeting",
]
StrategyStatus = Literal["draft", "validated"]


class Record(BaseModel):
    """Base of every record: unknown fields are errors, text is trimmed, numbers are finite."""

    # A non-finite number slipped in by code is written as "NaN", which validation refuses,
    # instead of a silent null.
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, allow_inf_nan=False, ser_json_inf_nan="strings"
    )


# --- Territory ---------------------------------------------------------------------------


class MemberCommune(Record):
    """A member commune of the territory (« commune membre »): its INSEE code, name and legal population."""

    code: CommuneCode
    name: Label
    population: Count | None = None


class Territory(Record):
    """The territory the strategy is for (« territoire »): commune, EPCI, department… with its member
    communes and their boundaries."""

    name: ShortText = ""
    kind: TerritoryKind = "other"
    code: Annotated[str, StringConstraints(pattern=r"^[0-9AB]{0,9}$")] = ""
    population: Count | None = None
    population_year: Year | None = None
    area_km2: Annotated[float, Field(ge=0, le=1e7)] | None = None
    members: list[MemberCommune] = []
    boundary: Boundary | None = None  # GeoJSON FeatureCollection, WGS84, simplified
    boundary_source: ShortText = ""
    boundary_date: Day | None = None
    notes: LongText = ""


# --- Step 1: assessment ------------------------------------------------------------------


class ContextIndicator(Record):
    """A figure of the territorial assessment (« indicateur de contexte »), with its year, source and
    reference for comparison."""

    id: Id
    theme: ShortText = ""
    name: Label
    value: Real | None = None
    unit: ShortText = ""
    year: Year | None = None
    source: ShortText = ""
    reference_value: Real | None = None
    reference_label: ShortText = ""
    per_commune: Annotated[dict[CommuneCode, Real], Field(max_length=40_000)] = {}


class SwotItem(Record):
    """One finding of the SWOT (« atout, faiblesse, opportunité, menace »), with the indicators and
    consultations behind it."""

    id: Id
    quadrant: SwotQuadrant
    text: Label
    theme: ShortText = ""
    indicator_ids: list[Id] = []
    consultation_ids: list[Id] = []


class Initiative(Record):
    """An innovative initiative already under way on the territory (« initiative existante »), placed
    on the map."""

    id: Id
    name: Label
    theme: ShortText = ""
    owner: ShortText = ""
    status: InitiativeStatus = "ongoing"
    description: LongText = ""
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    communes: list[CommuneCode] = []
    since: Year | None = None


class Consultation(Record):
    """An interview, workshop or survey of the assessment (« entretien, concertation »): who took part
    and what came out."""

    id: Id
    kind: ConsultationKind = "interview"
    date: Day | None = None
    title: ShortText = ""
    audiences: list[Audience] = []
    participants: Count | None = None
    names: ShortText = ""
    facilitator: ShortText = ""
    step: int | None = Field(default=None, ge=1, le=6)
    summary: LongText = ""
    documents: list[ShortText] = []


class Need(Record):
    """A need, expectation or idea heard from the territory (« besoin »), to be sorted into issues."""

    id: Id
    kind: NeedKind = "need"
    text: Sentence
    consultation_id: Id | None = None
    audience: Audience | None = None
    theme: ShortText = ""


class MaturityScore(Record):
    """The territory's innovation maturity on one theme (« maturité »), scored 1 to 5."""

    theme: Label
    score: int = Field(ge=0, le=5)
    comment: ShortText = ""


class Assessment(Record):
    """Step 1, the territorial assessment (« diagnostic territorial »): figures, SWOT, initiatives,
    consultations, needs, maturity."""

    indicators: list[ContextIndicator] = []
    swot: list[SwotItem] = []
    initiatives: list[Initiative] = []
    consultations: list[Consultation] = []
    needs: list[Need] = []
    maturity: list[MaturityScore] = []


# --- Step 2: issues ----------------------------------------------------------------------


class Criterion(Record):
    """A criterion the priority issues are scored on (« critère de priorisation »), with its family and
    weight."""

    key: Id
    label: Label
    family: CriterionFamily
    weight: float = Field(default=1.0, ge=0, le=100)


class IssueScore(Record):
    """One score of an issue on one criterion, by a person or a workshop, with its date and source."""

    criterion: Id
    value: Score
    by: ShortText = ""
    date: Day | None = None
    source: ShortText = ""


class Evidence(Record):
    """What an issue rests on in the assessment: SWOT items, indicators, needs, initiatives."""

    swot_ids: list[Id] = []
    indicator_ids: list[Id] = []
    need_ids: list[Id] = []
    initiative_ids: list[Id] = []


class Issue(Record):
    """Step 2, a priority issue (« enjeu »): its evidence, its scores, whether it is kept and its rank
    (with the reason for a rank set by hand)."""

    id: Id
    title: Label
    theme: ShortText = ""
    description: LongText = ""
    evidence: Evidence = Evidence()
    scores: list[IssueScore] = []
    people_concerned: Count | None = None
    selected: bool = False
    rank: int | None = Field(default=None, ge=1, le=100_000)
    rank_reason: ShortText = ""


# --- Step 3: axes ------------------------------------------------------------------------


class Objective(Record):
    """An operational objective of a strategic axis (« objectif »), with its target year."""

    id: Id
    text: Label
    target_year: Year | None = None


class Axis(Record):
    """Step 3, a strategic axis (« axe stratégique »): its ambition, objectives and the issues it
    answers."""

    id: Id
    title: Label
    ambition: LongText = ""
    objectives: list[Objective] = []
    issue_ids: list[Id] = []
    order: int = Field(default=0, ge=-100_000, le=100_000)
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")] | None = None


# --- Step 4: actions ---------------------------------------------------------------------


class ActionPartner(Record):
    """A stakeholder's part in an action (« partenaire de l'action »): operator, funder, contributor…"""

    stakeholder_id: Id
    role: PartnerRole = "operator"


class Legal(Record):
    """The legal side of an action (« montage juridique »): type of support, contracting mode, the
    partnership that carries it."""

    support_type: SupportType | None = None
    contracting_mode: LegalStructure | None = None
    contracting_note: ShortText = ""
    partnership_id: Id | None = None
    legal_support_needed: bool = False
    notes: LongText = ""


class EconomicYear(Record):
    """One year of an action's economics: investment, operating costs, savings and revenues, in euros
    excluding VAT."""

    year: Year
    investment: Amount = 0
    operating: Amount = 0
    savings: Amount = 0
    revenues: Amount = 0


class Economics(Record):
    """Cash flows by year, in € excluding VAT (HT)."""

    years: list[EconomicYear] = []
    lifetime_years: int | None = Field(default=None, ge=1, le=100)  # years counted from the first
    discount_rate: float = Field(default=0.032, ge=0, le=1)  # France Stratégie 2021 (rules table)
    # False: the owner cannot recover the VAT, so costs are borne VAT included (TTC) and the
    # FCTVA refunds part of the investment.
    vat_recoverable: bool = True

    @model_validator(mode="before")
    @classmethod
    def _amounts_entered_with_vat(cls, data: object) -> object:
        """Earlier documents said "amounts include VAT" (TTC): now amounts are HT and the
        VAT is applied when it cannot be recovered; the TTC figures are kept (at 20 %)."""
        if isinstance(data, dict) and "amounts_include_vat" in data:
            data = dict(data)
            if data.pop("amounts_include_vat") is True:
                data["vat_recoverable"] = False
                data["years"] = [
                    {
                        **y,
                        **{
                            k: round(y[k] / 1.2, 2)
                            for k in ("investment", "operating")
                            if isinstance(y.get(k), int | float)
                        },
                    }
                    if isinstance(y, dict)
                    else y
                    for y in data.get("years") or []
                ]
        return data


class FundingLine(Record):
    """One source of funding of an action (« ligne de financement »): who funds, how much, by which
    scheme, and how sure it is."""

    id: Id
    source: Label
    scheme: ShortText = ""  # code of the funding-scheme catalogue, when picked from it
    funder_kind: FunderKind
    kind: FundingKind = "grant"
    amount: Amount
    status: FundingStatus = "planned"
    date: Day | None = None
    reference: ShortText = ""


class Milestone(Record):
    """A dated step of an action (« jalon »), done or not."""

    name: Label
    date: Day
    done: bool = False


class FollowUpNote(Record):
    """A dated note of the action's follow-up (« note de suivi »)."""

    date: Day
    text: Sentence


class BudgetYear(Record):
    """One year of an action's budget as followed: planned, committed and spent amounts."""

    year: Year
    planned: Amount = 0
    committed: Amount = 0
    spent: Amount = 0


class Action(Record):
    """Step 4, an action of the operational plan (« fiche action »): framing, legal set-up, economics,
    funding, schedule, follow-up."""

    id: Id
    code: ShortText = ""
    title: Label
    axis_id: Id
    objective_id: Id | None = None
    description: LongText = ""
    need: LongText = ""
    expected_effects: LongText = ""
    # The action's estimated effect on greenhouse-gas emissions, once under way: negative when
    # it avoids emissions (a cycle path), positive when it adds some (a new building's use).
    carbon_impact: float | None = Field(
        default=None, ge=-10_000_000, le=10_000_000, json_schema_extra={"sheet": "number", "unit": "t_co2e_year"}
    )
    themes: list[ShortText] = []
    targets: list[ShortText] = []
    template: ShortText = ""
    whole_territory: bool = True
    scope_communes: list[CommuneCode] = []
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    owner_service: ShortText = ""
    elected_referent: ShortText = ""
    project_lead: ShortText = ""
    partners: list[ActionPartner] = []
    governance: ShortText = ""
    skills: list[ShortText] = []
    participation: Participation = "none"
    legal: Legal = Legal()
    economics: Economics = Economics()
    funding: list[FundingLine] = []
    competence_domain: CompetenceDomain | None = None  # a domain with a legal chef de file: 30 %
    ctec_waiver: bool = False  # a CTEC sets the 30 % aside (then 20 %)
    own_share_derogation: ShortText = ""  # a prefect's derogation (monument, disaster…): recorded
    start: Day | None = None
    end: Day | None = None
    milestones: list[Milestone] = []
    recurring_yearly: bool = False
    status: ActionStatus = "to_start"
    priority: Priority = "medium"
    progress: int = Field(default=0, ge=0, le=100)
    notes: list[FollowUpNote] = []
    indicator_ids: list[Id] = []
    documents: list[ShortText] = []
    budget: list[BudgetYear] = []

    @model_validator(mode="before")
    @classmethod
    def _chef_de_file_as_a_domain(cls, data: object) -> object:
        """Earlier documents held "the authority is chef de file" (yes/no); the rule depends on
        the project's domain, so a yes becomes a domain still to be chosen."""
        if isinstance(data, dict) and "chef_de_file" in data:
            data = dict(data)
            if data.pop("chef_de_file") is True and not data.get("competence_domain"):
                data["competence_domain"] = "unspecified"
        return data

    # --- Step 5: partnerships ----------------------------------------------------------------

    @property
    def label(self) -> str:
        """How the action is named everywhere: its code and its title ("2.1 Créer un tiers-lieu")."""
        return f"{self.code} {self.title}".strip()


class Stakeholder(Record):
    """Step 5, a stakeholder of the strategy (« acteur »): its kind, role, interest and influence."""

    id: Id
    name: Label
    kind: StakeholderKind = "other"
    sector: ShortText = ""
    role: ShortText = ""
    contact_role: ShortText = ""
    interest: Level15 = 3
    influence: Level15 = 3
    relationship: ShortText = ""
    notes: LongText = ""


class ChecklistItem(Record):
    """One thing to do to set a partnership up (« étape de mise en place »), done or not."""

    text: Label
    done: bool = False


class FinancingCell(Record):
    """One cell of a partnership's financing plan: a year, a source, an amount."""

    year: Year
    source: Label
    amount: Amount


class BusinessPlanYear(Record):
    """One year of a partnership's business plan: revenues, operating costs, investment."""

    year: Year
    revenues: Amount = 0
    operating_costs: Amount = 0
    investment: Amount = 0


class Partnership(Record):
    """Step 5, a partnership that carries actions (« montage partenarial »): partners, legal structure
    chosen with the helper, checklist, financing."""

    id: Id
    name: Label
    action_ids: list[Id] = []
    partners: list[ActionPartner] = []
    structure: LegalStructure | None = None
    helper_answers: Annotated[dict[Id, bool | int | Real | ShortText | None], Field(max_length=50)] = {}
    ranking: list[LegalStructure] = []
    reasons: LongText = ""
    checklist: list[ChecklistItem] = []
    financing: list[FinancingCell] = []
    business_plan: list[BusinessPlanYear] = []


# --- Step 6: monitoring and evaluation ---------------------------------------------------


class Measurement(Record):
    """One measured value of a monitoring indicator (« mesure »), dated, with who entered it."""

    date: Day
    value: Real
    comment: ShortText = ""
    entered_by: ShortText = ""


class IntermediateTarget(Record):
    """A dated target on the way to an indicator's final target (« cible intermédiaire »)."""

    date: Day
    value: Real


class MonitoringIndicator(Record):
    """Step 6, an indicator of monitoring and evaluation (« indicateur de suivi »): baseline, targets
    and measurements."""

    id: Id
    name: Label
    unit: ShortText = ""
    level: IndicatorLevel = "action"
    axis_id: Id | None = None
    action_id: Id | None = None
    direction: Direction = "up"
    baseline_value: Real | None = None
    baseline_date: Day | None = None
    target_value: Real | None = None
    target_date: Day | None = None
    intermediate_targets: list[IntermediateTarget] = []
    frequency: Frequency = "yearly"
    source: ShortText = ""
    owner: ShortText = ""
    open_data: bool = False
    measurements: list[Measurement] = []


class Effect(Record):
    """One effect an evaluation observed, on one dimension, with its rating."""

    dimension: EffectDimension
    text: LongText = ""
    rating: int | None = Field(default=None, ge=1, le=5)


class Evaluation(Record):
    """An evaluation of an action (« évaluation »): the effects observed and the overall rating."""

    id: Id
    action_id: Id
    date: Day
    effects: list[Effect] = []
    rating: int | None = Field(default=None, ge=1, le=5)
    text: LongText = ""


# --- Cross-cutting -----------------------------------------------------------------------


class ConsultationMoment(Record):
    """A moment of the strategy's governance and consultation calendar (« temps de concertation »),
    with its outcomes."""

    id: Id
    kind: MomentKind
    date: Day | None = None
    title: ShortText = ""
    steps: list[Annotated[int, Field(ge=1, le=6)]] = []
    audiences: list[Audience] = []
    participants: Count | None = None
    outcomes: LongText = ""
    session_id: ShortText = ""


class Governance(Record):
    """Who steers the strategy and who decides what (the report's governance section)."""

    elected_lead: ShortText = ""  # the elected official who carries the strategy
    steering_committee: LongText = ""  # its members (elected officials, partners)
    steering_frequency: ShortText = ""  # e.g. "twice a year"
    technical_committee: LongText = ""  # departments and partners that prepare decisions
    decisions: LongText = ""  # who decides what: council, executive, committees


class Authors(Record):
    """Who wrote the strategy: the consultant and the authority's project lead."""

    consultant: ShortText = ""
    project_lead: ShortText = ""


class Strategy(Record):
    """The whole territorial innovation strategy: one validated document for the six steps of the
    method, its governance and its authors."""

    schema_version: Literal[2] = 2  # == SCHEMA_VERSION
    id: Id
    title: Label
    language: Literal["fr", "en"] = "fr"
    illustrative: bool = False  # sample data: every page says so
    authors: Authors = Authors()
    status: StrategyStatus = "draft"
    deliberation_date: Day | None = None
    horizon_start: Year | None = None
    horizon_end: Year | None = None
    created_at: dt.datetime | None = None
    created_by: ShortText = ""
    updated_at: dt.datetime | None = None
    updated_by: ShortText = ""
    revision: int = Field(default=0, ge=0, le=1_000_000_000)
    territory: Territory = Territory()
    assessment: Assessment = Assessment()
    criteria: list[Criterion] = []
    issues: list[Issue] = []
    axes: list[Axis] = []
    actions: list[Action] = []
    stakeholders: list[Stakeholder] = []
    partnerships: list[Partnership] = []
    indicators: list[MonitoringIndicator] = []
    evaluations: list[Evaluation] = []
    consultation_moments: list[ConsultationMoment] = []
    governance: Governance = Governance()
