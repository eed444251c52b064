"""What the strategy report says, independent of its format: sections, tables and charts.

The PDF and the DOCX writers both walk `report_blocks`, so the two documents always hold the
same sections in the same order. Texts come from the catalogs in the report's language;
amounts and dates are formatted for that language; user text is passed on as plain text
(each writer escapes it for its own format).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast, get_args

from components import formatting
from components.charts import (
    AXIS_PALETTE,
    BudgetLabels,
    CoverageLabels,
    StakeholderPoint,
    TimelineMilestone,
    axis_colours,
    build_costs_by_year,
    build_coverage_matrix,
    build_priority_matrix,
    build_stakeholder_matrix,
    build_static_map,
    build_timeline,
    matrix_labels,
    matrix_points,
    timeline_bars,
    timeline_labels,
)
from domain.actions import on_timeline
from domain.business_plan import business_plan, financing_table
from domain.costs import cost, cost_by_year, costs_by_year, funded, horizon, plan_totals, vat_label
from domain.finance import summarise
from domain.funding import own_share
from domain.model import Action, ContextIndicator, Strategy, SwotQuadrant
from domain.monitoring import progress_of
from domain.scoring import ranking, score_issues
from domain.sheet_fields import field_label, field_text, sheet_fields
from i18n import t
from reports.images import Recent
from reports.images import chart_images as rendered

SECTIONS = (
    "summary",
    "territory",
    "swot",
    "consultations",
    "issues",
    "axes",
    "plan",
    "budget",
    "sheets",
    "partnerships",
    "governance",
    "monitoring",
    "glossary",
)
# Terms of the report a reader outside local finance may not know (catalog "glossary.<term>").
GLOSSARY = (
    "ht_ttc",
    "fctva",
    "maitre_ouvrage",
    "own_share",
    "chef_de_file",
    "ctec",
    "epci",
    "dsp",
    "sem_spl",
    "npv",
    "discount_rate",
    "payback",
    "afom",
)
TIMELINE_ROWS_PER_CHART = 45  # a taller Gantt would not fit a page
CHART_WIDTH_PX = 640


@dataclass
class Heading:
    text: str
    level: int = 1  # 1: section (new page in the PDF), 2: sub-section


@dataclass
class Para:
    text: str
    style: str = "body"  # body, small, note


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # shares of the page width


@dataclass
class Chart:
    spec: dict[str, Any]  # Vega-Lite, rendered offline by reports.images
    width_share: float = 1.0
    alt: str = ""

    def __post_init__(self) -> None:
        # On screen charts stretch to their container; on paper they need a width of their own.
        if "width" not in self.spec:
            self.spec = {**self.spec, "width": round(CHART_WIDTH_PX * self.width_share)}


@dataclass
class PageBreak:
    pass


@dataclass
class Cover:
    title: str
    territory: str
    date: str
    authors: list[str] = field(default_factory=list)
    note: str = ""


Block = Heading | Para | Table | Chart | PageBreak | Cover


_SPECS = Recent(size=64)


def spec_of(build: Callable[..., Any], *args: Any, **kwargs: Any) -> dict[str, Any]:
    """The Vega-Lite spec `build(*args, **kwargs)` makes, made once for the same arguments (their
    text form: the builders take plain values and frozen records): altair takes a second to
    make the charts of a report of 200 actions, and the next report of the strategy (PDF, DOCX,
    a revision later) mostly draws the same ones."""
    key = f"{build.__module__}.{build.__name__}{args!r}{sorted(kwargs.items())!r}"
    spec: dict[str, Any] = _SPECS.get(key, lambda: build(*args, **kwargs).to_dict(validate=False))
    return spec  # shared: read, never changed (the renderer works on its own copy)


class Fmt:
    """Numbers, money and dates in the report's language: the app's formatting
    (components.formatting), bound to that language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def money(self, value: float | None) -> str:
        return formatting.money(value, self.lang)

    def number(self, value: float | None, digits: int = 0) -> str:
        return formatting.number(value, self.lang, digits)

    def percent(self, value: float | None) -> str:
        return "—" if value is None else formatting.percent(value, self.lang)

    def date(self, value: dt.date | None) -> str:
        return formatting.date(value, self.lang)


def running_title(s: Strategy) -> str:
    """The title on every page: the strategy's, with its territory unless the title names it."""
    name = s.territory.name.strip()
    return s.title if not name or name.casefold() in s.title.casefold() else f"{s.title} — {name}"


def report_blocks(
    s: Strategy, lang: str, sections: tuple[str, ...] = SECTIONS, today: dt.date | None = None
) -> Iterator[Block]:
    today = today or dt.date.today()
    f = Fmt(lang)

    def tr(key: str, **params: Any) -> str:
        return t(key, lang, **params)

    authors = [x for x in (s.authors.consultant, s.authors.project_lead) if x]
    yield Cover(s.title, s.territory.name, f.date(today), authors, tr("page.illustrative") if s.illustrative else "")
    builders = {
        "summary": _summary,
        "budget": _budget,
        "glossary": _glossary,
        "governance": _governance,
        "territory": _territory,
        "swot": _swot,
        "consultations": _consultations,
        "issues": _issues,
        "axes": _axes,
        "plan": _plan,
        "sheets": _sheets,
        "partnerships": _partnerships,
        "monitoring": _monitoring,
    }
    for name in SECTIONS:
        if name in sections:
            yield from builders[name](s, tr, f, today)


PER_COMMUNE_ROWS = 60  # an EPCI of 300 communes: the 60 highest, the rest said in a line


def _indicator_value(i: ContextIndicator, tr, f: Fmt) -> str:  # type: ignore[no-untyped-def]
    """The value, or for an indicator given by commune its range over the communes."""
    if i.value is None and i.per_commune:
        low, high = min(i.per_commune.values()), max(i.per_commune.values())
        return str(
            tr(
                "report.per_commune_range",
                low=f.number(low, 2),
                high=f.number(high, 2),
                unit=i.unit,
                count=len(i.per_commune),
            ),
        )
    return f"{f.number(i.value, 2)} {i.unit}".strip()


def _summary(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    """One page for an elected official: territory, priorities, axes, budget, calendar."""
    terr = s.territory
    yield Heading(tr("report.summary"))
    population = (
        tr("report.summary_population", population=f.number(terr.population), year=terr.population_year or "—")
        if terr.population
        else ""
    )
    kind = tr(f"enum.territory_kind.{terr.kind}")
    members = tr("report.summary_members", count=len(terr.members)) if terr.members else ""
    yield Para(" ".join(x for x in (f"{terr.name or '—'} — {kind}.", population, members) if x))
    scores = score_issues(s.issues, s.criteria)
    ranks = ranking(s.issues, scores)
    chosen = sorted((i for i in s.issues if i.selected), key=lambda i: (ranks.get(i.id, 10**6), i.title))
    if chosen:
        yield Heading(tr("report.summary_priorities"), 2)
        for i in chosen:
            yield Para(f"• {i.title}")
    if s.axes:
        yield Heading(tr("report.summary_axes"), 2)
        counts = {ax.id: sum(1 for a in s.actions if a.axis_id == ax.id) for ax in s.axes}
        for n, ax in enumerate(s.axes, start=1):
            yield Para(f"{n}. {ax.title} — " + tr("report.summary_actions", count=counts[ax.id]))
    years = horizon(s)
    totals = plan_totals(s, years)
    total, funding = totals.cost, totals.funding
    if total:
        span = tr("actions.years_span", start=years.start, end=years.stop - 1) if years else tr("actions.all_years")
        yield Heading(tr("report.summary_budget"), 2)
        yield Para(
            tr(
                "report.summary_budget_text",
                span=span,
                cost=f.money(total),
                funding=f.money(funding),
                own=f.money(max(total - funding, 0)),
            )
        )
    dated = [a for a in s.actions if a.start and a.end]
    if dated:
        yield Heading(tr("report.summary_calendar"), 2)
        first, last = min(a.start for a in dated if a.start), max(a.end for a in dated if a.end)
        yield Para(tr("report.summary_calendar_text", first=f.date(first), last=f.date(last), count=len(dated)))
        coming = sorted(
            (m.date, a.label, m.name) for a in s.actions for m in a.milestones if not m.done and m.date >= today
        )[:5]
        for when, label, name in coming:
            yield Para("• " + tr("report.summary_milestone", date=f.date(when), action=label, name=name))


def _budget(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    """The multi-year financial table (maquette financière): by year, investment and operating
    apart, each source of funding, and what is left for the owner; balanced by construction."""
    years = horizon(s)
    table = costs_by_year(s, years)
    if not table:
        return
    yield Heading(tr("report.budget"))
    span = tr("actions.years_span", start=years.start, end=years.stop - 1) if years else tr("actions.all_years")
    yield Para(tr("actions.cost_base", span=span), "small")
    columns = sorted(table)
    sources = sorted({source for row in table.values() for source in row.funding})

    def line(label: str, values: list[float]) -> list[str]:
        return [label, *(f.money(v) for v in values), f.money(sum(values))]

    investment = [table[y].investment for y in columns]
    operating = [table[y].operating for y in columns]
    costs = [a + b for a, b in zip(investment, operating, strict=True)]
    rows = [
        line(tr("field.investment"), investment),
        line(tr("field.operating"), operating),
        line(tr("xlsx.total_cost"), costs),
    ]
    by_source = {src: [table[y].funding.get(src, 0.0) for y in columns] for src in sources}
    rows += [line(src, values) for src, values in by_source.items()]
    remainder = [c - sum(v[n] for v in by_source.values()) for n, c in enumerate(costs)]
    rows.append(line(tr("xlsx.owner_remainder"), remainder))
    share = 0.8 / (len(columns) + 1)
    yield Table(
        [tr("report.budget_line"), *map(str, columns), tr("xlsx.total")], rows, [0.2, *[share] * (len(columns) + 1)]
    )


def _governance(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    """Who steers and decides, then the consultation calendar."""
    g = s.governance
    roles = [
        (tr("field.elected_lead"), g.elected_lead),
        (tr("field.steering_committee"), g.steering_committee),
        (tr("field.steering_frequency"), g.steering_frequency),
        (tr("field.technical_committee"), g.technical_committee),
        (tr("field.decisions"), g.decisions),
    ]
    moments = sorted((m for m in s.consultation_moments), key=lambda m: (m.date is None, m.date or dt.date.min))
    if not any(text for _, text in roles) and not moments:
        return
    yield Heading(tr("report.governance"))
    if any(text for _, text in roles):
        yield Table(["", ""], [[label, text or "—"] for label, text in roles], [0.3, 0.7])
    if moments:
        yield Heading(tr("governance.moments"), 2)
        yield Table(
            [
                tr("field.date"),
                tr("field.moment_kind"),
                tr("field.title"),
                tr("field.participants"),
                tr("field.outcomes"),
            ],
            [
                [
                    f.date(m.date),
                    tr(f"enum.moment_kind.{m.kind}"),
                    m.title,
                    f.number(m.participants),
                    m.outcomes,
                ]
                for m in moments
            ],
            [0.14, 0.18, 0.24, 0.12, 0.32],
        )


def _glossary(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    yield Heading(tr("report.glossary"))
    yield Table(
        [tr("report.glossary_term"), tr("report.glossary_meaning")],
        [[tr(f"glossary.{term}.term"), tr(f"glossary.{term}.meaning")] for term in GLOSSARY],
        [0.25, 0.75],
    )


def _territory(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    terr = s.territory
    yield Heading(tr("report.territory"))
    facts = [
        [tr("field.territory_name"), terr.name or "—"],
        [tr("field.territory_kind"), tr(f"enum.territory_kind.{terr.kind}")],
        [tr("field.territory_code"), terr.code or "—"],
        [tr("field.population"), f.number(terr.population)],
        [tr("assessment.members_count", count=len(terr.members)).split(" (")[0], str(len(terr.members))],
        [tr("field.area_km2"), f.number(terr.area_km2)],
    ]
    yield Table(["", ""], facts, [0.4, 0.6])
    if terr.boundary:
        values = {m.code: float(m.population) for m in terr.members if m.population is not None}
        yield Chart(
            build_static_map(cast(dict[str, Any], terr.boundary), values, value_title=tr("map.population")),
            0.75,
            tr("map.title"),
        )
        yield Para(tr("map.source", source=terr.boundary_source or "—", date=f.date(terr.boundary_date)), "small")
    if terr.notes:
        yield Para(terr.notes)
    if s.assessment.indicators:
        yield Heading(tr("assessment.indicators"), 2)
        yield Table(
            [
                tr("field.theme"),
                tr("field.name"),
                tr("field.value"),
                tr("field.year"),
                tr("field.reference_value"),
                tr("field.source"),
            ],
            [
                [
                    i.theme,
                    i.name,
                    _indicator_value(i, tr, f),
                    str(i.year or "—"),
                    f"{f.number(i.reference_value, 2)} {i.reference_label}".strip()
                    if i.reference_value is not None
                    else "—",
                    i.source,
                ]
                for i in s.assessment.indicators
            ],
            [0.12, 0.26, 0.13, 0.07, 0.2, 0.22],
        )
        names = {m.code: m.name for m in terr.members}
        for i in (i for i in s.assessment.indicators if i.per_commune):
            yield Heading(tr("report.per_commune", name=i.name, year=i.year or "—"), 2)
            ranked = sorted(i.per_commune.items(), key=lambda item: -item[1])
            yield Table(
                [tr("field.commune"), f"{tr('field.value')} ({i.unit})" if i.unit else tr("field.value")],
                [[names.get(code, code), f.number(value, 2)] for code, value in ranked[:PER_COMMUNE_ROWS]],
                [0.6, 0.4],
            )
            if len(ranked) > PER_COMMUNE_ROWS:
                yield Para(tr("report.per_commune_more", count=len(ranked) - PER_COMMUNE_ROWS), "small")
    if s.assessment.initiatives:
        yield Heading(tr("assessment.initiatives"), 2)
        yield Table(
            [tr("field.name"), tr("field.theme"), tr("field.owner"), tr("field.status")],
            [[i.name, i.theme, i.owner, tr(f"enum.initiative_status.{i.status}")] for i in s.assessment.initiatives],
            [0.4, 0.2, 0.25, 0.15],
        )
    if s.assessment.maturity:
        yield Heading(tr("assessment.maturity"), 2)
        yield Table(
            [tr("field.theme"), tr("field.score_0_5"), tr("field.comment")],
            [[m.theme, str(m.score), m.comment] for m in s.assessment.maturity],
            [0.35, 0.15, 0.5],
        )


def _swot(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    yield Heading(tr("report.swot"))
    quadrants = get_args(SwotQuadrant)
    items = {q: [x.text for x in s.assessment.swot if x.quadrant == q] for q in quadrants}
    cell = {q: "\n".join(f"• {text}" for text in items[q]) or "—" for q in quadrants}
    yield Table(
        [tr("enum.swot.strength"), tr("enum.swot.weakness")], [[cell["strength"], cell["weakness"]]], [0.5, 0.5]
    )
    yield Table(
        [tr("enum.swot.opportunity"), tr("enum.swot.threat")], [[cell["opportunity"], cell["threat"]]], [0.5, 0.5]
    )


def _consultations(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    a = s.assessment
    yield Heading(tr("report.consultations"))
    if a.consultations:
        yield Table(
            [tr("field.date"), tr("field.title"), tr("field.audiences"), tr("field.participants"), tr("field.summary")],
            [
                [
                    f.date(c.date),
                    c.title,
                    ", ".join(tr(f"enum.audience.{x}") for x in c.audiences),
                    f.number(c.participants),
                    c.summary,
                ]
                for c in a.consultations
            ],
            [0.12, 0.22, 0.18, 0.1, 0.38],
        )
    if a.needs:
        yield Heading(tr("assessment.needs"), 2)
        for n in a.needs:
            yield Para(f"{tr(f'enum.need_kind.{n.kind}')} — {n.text}")
    if s.consultation_moments:
        yield Heading(tr("report.moments"), 2)
        yield Table(
            [tr("field.date"), tr("field.title"), tr("field.participants"), tr("report.outcomes")],
            [[f.date(m.date), m.title, f.number(m.participants), m.outcomes] for m in s.consultation_moments],
            [0.14, 0.3, 0.12, 0.44],
        )


def _issues(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    yield Heading(tr("report.issues"))
    scores = score_issues(s.issues, s.criteria)
    ranks = ranking(s.issues, scores)
    points = matrix_points(s.issues, scores, ranks)
    if points:
        yield Chart(spec_of(build_priority_matrix, points, matrix_labels(tr)), 0.9, tr("issues.matrix"))
    ordered = sorted(s.issues, key=lambda i: (ranks.get(i.id, 10**6), i.title))
    yield Table(
        [
            tr("issues.rank_computed"),
            tr("field.issue"),
            tr("enum.criterion_family.impact"),
            tr("enum.criterion_family.feasibility"),
            tr("field.selected"),
        ],
        [
            [
                str(ranks.get(i.id, "—")),
                i.title,
                f.number(impact.median, 2) if (impact := scores[i.id].impact) else "—",
                f.number(feasibility.median, 2) if (feasibility := scores[i.id].feasibility) else "—",
                "★" if i.selected else "",
            ]
            for i in ordered
        ],
        [0.1, 0.5, 0.14, 0.14, 0.12],
    )


def _axes(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    yield Heading(tr("report.axes"))
    for n, ax in enumerate(s.axes, start=1):
        yield Heading(f"{n}. {ax.title}", 2)
        if ax.ambition:
            yield Para(ax.ambition)
        for o in ax.objectives:
            yield Para(f"• {o.text}" + (f" ({o.target_year})" if o.target_year else ""))
    if s.issues and s.axes:
        index = {i.id: n for n, i in enumerate(s.issues)}
        labels = CoverageLabels(
            tr("field.issue"), tr("field.axis"), tr("axes.covered"), tr("axes.not_covered"), tr("axes.missing")
        )
        spec = spec_of(
            build_coverage_matrix,
            [(i.title, i.selected) for i in s.issues],
            [(ax.title, [index[x] for x in ax.issue_ids if x in index]) for ax in s.axes],
            labels,
        )
        yield Chart(spec, 0.9, tr("axes.coverage"))


def _plan(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    yield Heading(tr("report.plan"))
    axes = {ax.id: ax.title for ax in s.axes}
    colours = {axes[k]: c for k, c in axis_colours([(ax.id, ax.colour) for ax in s.axes]).items()}
    dated = on_timeline(s, s.actions)
    labels = timeline_labels(tr)
    for start in range(0, len(dated), TIMELINE_ROWS_PER_CHART):
        chunk = dated[start : start + TIMELINE_ROWS_PER_CHART]
        bars = timeline_bars(chunk, axes, tr, today)
        marks = [
            TimelineMilestone(a.label[:60], m.name, m.date.isoformat(), m.done) for a in chunk for m in a.milestones
        ]
        yield Chart(
            spec_of(build_timeline, bars, marks, colours or {"?": AXIS_PALETTE[0]}, today.isoformat(), labels),
            1.0,
            tr("actions.tab.timeline"),
        )
    years = horizon(s)
    costs: dict[tuple[int, str], float] = defaultdict(float)
    for a in s.actions:
        for year, amount in cost_by_year(a, years).items():
            costs[(year, axes.get(a.axis_id, "?"))] += amount
    if costs:
        yield Heading(tr("actions.costs_by_year"), 2)
        rows = [(year, axis, amount) for (year, axis), amount in sorted(costs.items())]
        blabels = BudgetLabels(
            tr("field.year"), tr("field.amount"), tr("field.axis"), tr("field.source"), tr("field.status")
        )
        yield Chart(spec_of(build_costs_by_year, rows, colours, blabels), 0.85, tr("actions.costs_by_year"))
    yield Heading(tr("report.funding"), 2)
    body = []
    for a in s.actions:
        check = own_share(a, s.territory)
        body.append(
            [
                a.label,
                f.money(cost(a, years).total) + " " + tr(f"amounts.{vat_label(a)}"),
                f.money(funded(a)),
                f.money(check.own_share) if check else "—",
                f.percent(check.share_of_public) if check and check.share_of_public is not None else "—",
                ("⚠ " + tr("report.below_minimum")) if check and check.below_minimum else ("✓" if check else "—"),
            ]
        )
    yield Table(
        [
            tr("field.action"),
            tr("sheet.total_costs"),
            tr("actions.total_funding"),
            tr("sheet.own_share"),
            tr("sheet.own_share_of_public"),
            tr("report.own_share_rule"),
        ],
        body,
        [0.3, 0.14, 0.14, 0.13, 0.17, 0.12],
    )
    totals = plan_totals(s, years)
    span = tr("actions.years_span", start=years.start, end=years.stop - 1) if years else tr("actions.all_years")
    yield Para(tr("actions.cost_base", span=span))
    yield Para(tr("report.totals", cost=f.money(totals.cost), funding=f.money(totals.funding)))


def _sheets(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    for a in s.actions:
        yield from action_sheet_blocks(s, a, tr, f, first=a is s.actions[0])


def action_sheet_blocks(s: Strategy, a: Action, tr, f: Fmt, *, first: bool = True) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    """One action sheet, on a page of its own."""
    axes = {ax.id: ax.title for ax in s.axes}
    objectives = {o.id: o.text for ax in s.axes for o in ax.objectives}
    stakeholders = {x.id: x.name for x in s.stakeholders}
    communes = {m.code: m.name for m in s.territory.members}
    scope = (
        tr("field.whole_territory")
        if a.whole_territory or not a.scope_communes
        else ", ".join(communes.get(c, c) for c in a.scope_communes)
    )
    yield Heading(f"{tr('report.sheet')} {a.label}", 1)
    yield Table(
        ["", ""],
        [
            [tr("field.axis"), axes.get(a.axis_id, "—")],
            [tr("field.objective"), objectives.get(a.objective_id or "", "—")],
            [tr("field.owner_service"), a.owner_service or "—"],
            [tr("field.elected_referent"), a.elected_referent or "—"],
            [tr("field.project_lead"), a.project_lead or "—"],
            [tr("field.status"), f"{tr(f'enum.action_status.{a.status}')} — {a.progress} %"],
            [tr("field.priority"), tr(f"enum.priority.{a.priority}")],
            [tr("sheet.schedule"), f"{f.date(a.start)} → {f.date(a.end)}"],
            [tr("field.participation"), tr(f"enum.participation.{a.participation}")],
            [tr("report.scope"), scope],
            [tr("field.targets"), ", ".join(a.targets) or "—"],
            [tr("report.themes"), ", ".join(a.themes) or "—"],
            [tr("field.skills"), ", ".join(a.skills) or "—"],
            [tr("field.governance"), a.governance or "—"],
            *(
                [field_label(d, tr), field_text(d, getattr(a, d.name), tr, lambda v: f.number(v, 2))]
                for d in sheet_fields()
            ),
        ],
        [0.3, 0.7],
    )
    for key, text in (
        ("field.description", a.description),
        ("field.need", a.need),
        ("field.expected_effects", a.expected_effects),
    ):
        if text:
            yield Heading(tr(key), 2)
            yield Para(text)
    if a.partners:
        yield Heading(tr("partners.per_action"), 2)
        yield Para(
            ", ".join(
                f"{stakeholders.get(p.stakeholder_id, '?')} ({tr(f'enum.partner_role.{p.role}')})" for p in a.partners
            )
        )
    legal = a.legal
    if legal.support_type or legal.contracting_mode or legal.notes or legal.legal_support_needed:
        yield Heading(tr("sheet.legal"), 2)
        parts = [
            tr(f"enum.support_type.{legal.support_type}") if legal.support_type else "",
            tr(f"enum.legal_structure.{legal.contracting_mode}") if legal.contracting_mode else "",
            legal.contracting_note,
            tr("field.legal_support_needed") if legal.legal_support_needed else "",
        ]
        yield Para(" · ".join(p for p in parts if p))
        if legal.notes:
            yield Para(legal.notes)
    summary = summarise(a.economics)
    if summary.flows:
        yield Heading(tr("actions.economics"), 2)
        yield Table(
            [
                tr("field.year"),
                tr("field.investment"),
                tr("field.operating"),
                tr("sheet.benefits"),
                tr("sheet.cumulative"),
            ],
            [
                [
                    str(y.year),
                    f.money(next(e.investment for e in a.economics.years if e.year == y.year)),
                    f.money(next(e.operating for e in a.economics.years if e.year == y.year)),
                    f.money(y.benefits),
                    f.money(y.cumulative),
                ]
                for y in summary.flows
            ],
            [0.12, 0.22, 0.22, 0.22, 0.22],
        )
        yield Para(
            tr(
                "report.economics",
                npv=f.money(summary.npv),
                rate=f.percent(summary.discount_rate),
                payback=str(summary.payback_year or tr("sheet.never")),
                roi=f.percent(summary.roi),
            ),
            "small",
        )
    total = cost(a)
    if total.total:
        yield Para(
            tr(
                "report.sheet_totals",
                cost=f.money(total.total),
                basis=tr(f"amounts.{vat_label(a)}"),
                investment=f.money(total.investment),
                operating=f.money(total.operating),
                funding=f.money(funded(a)),
            )
        )
    if a.funding:
        yield Heading(tr("actions.funding"), 2)
        yield Table(
            [
                tr("field.source"),
                tr("field.funder_kind"),
                tr("field.funding_kind"),
                tr("field.amount"),
                tr("field.status"),
            ],
            [
                [
                    x.source,
                    tr(f"enum.funder_kind.{x.funder_kind}"),
                    tr(f"enum.funding_kind.{x.kind}"),
                    f.money(x.amount),
                    tr(f"enum.funding_status.{x.status}"),
                ]
                for x in a.funding
            ],
            [0.3, 0.2, 0.16, 0.17, 0.17],
        )
    check = own_share(a, s.territory)
    if check is not None:
        yield Para(
            tr(
                "report.own_share_line",
                own=f.money(max(check.own_share, 0)),
                share=f.percent(check.share_of_public),
                minimum=f.percent(check.minimum.value),
                source=check.minimum.source,
            ),
            "small",
        )
        if check.below_minimum:
            yield Para(
                tr(
                    "sheet.own_share_low",
                    share=f.percent(check.share_of_public),
                    minimum=f.percent(check.minimum.value),
                )
                + " "
                + tr(
                    "sheet.rule",
                    minimum=f.percent(check.minimum.value),
                    source=check.minimum.source,
                    date=f.date(dt.date.fromisoformat(check.minimum.as_of)),
                ),
                "note",
            )
    if a.milestones:
        yield Heading(tr("actions.milestones"), 2)
        yield Table(
            [tr("field.name"), tr("field.date"), tr("field.done")],
            [[m.name, f.date(m.date), "✓" if m.done else ""] for m in a.milestones],
            [0.6, 0.25, 0.15],
        )
    linked = [i for i in s.indicators if i.id in a.indicator_ids or i.action_id == a.id]
    if linked:
        yield Heading(tr("field.indicators"), 2)
        yield Table(
            [tr("field.name"), tr("field.baseline_value"), tr("field.target_value"), tr("field.target_date")],
            [
                [
                    f"{i.name} ({i.unit})" if i.unit else i.name,
                    f.number(i.baseline_value, 2),
                    f.number(i.target_value, 2),
                    f.date(i.target_date),
                ]
                for i in linked
            ],
            [0.46, 0.18, 0.18, 0.18],
        )


def _partnerships(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    yield Heading(tr("report.partnerships"))
    if s.stakeholders:
        points = [
            StakeholderPoint(x.name, tr(f"enum.stakeholder_kind.{x.kind}"), x.interest, x.influence)
            for x in s.stakeholders
        ]
        zones = {z: tr(f"zone.{z}") for z in ("manage_closely", "keep_satisfied", "keep_informed", "monitor")}
        yield Chart(
            spec_of(
                build_stakeholder_matrix,
                points,
                zones,
                interest=tr("field.interest"),
                influence=tr("field.influence"),
                kind=tr("field.kind"),
                name=tr("field.name"),
            ),
            0.8,
            tr("partners.matrix"),
        )
        yield Table(
            [tr("field.name"), tr("field.kind"), tr("field.role"), tr("field.interest"), tr("field.influence")],
            [
                [x.name, tr(f"enum.stakeholder_kind.{x.kind}"), x.role, str(x.interest), str(x.influence)]
                for x in s.stakeholders
            ],
            [0.34, 0.2, 0.26, 0.1, 0.1],
        )
    actions = {a.id: a.label for a in s.actions}
    for p in s.partnerships:
        yield Heading(p.name, 2)
        if p.structure:
            yield Para(
                tr("report.labelled", label=tr("field.structure"), text=tr(f"enum.legal_structure.{p.structure}"))
            )
        if p.reasons:
            yield Para(p.reasons)
        if p.action_ids:
            linked = ", ".join(actions.get(x, x) for x in p.action_ids)
            yield Para(tr("report.labelled", label=tr("field.actions"), text=linked), "small")
        plan = business_plan(p)
        if plan:
            yield Heading(tr("report.business_plan", name=p.name), 2)
            yield Table(
                [
                    tr("field.year"),
                    tr("field.revenues"),
                    tr("field.operating"),
                    tr("field.investment"),
                    tr("report.cash_flow"),
                    tr("sheet.cumulative"),
                ],
                [
                    [
                        str(y.year),
                        *(f.money(v) for v in (y.revenues, y.operating_costs, y.investment, y.cash_flow, y.cumulative)),
                    ]
                    for y in plan
                ],
                [0.1, 0.18, 0.18, 0.18, 0.18, 0.18],
            )
        years, sources = financing_table(p)
        if sources:
            yield Heading(tr("report.partnership_financing", name=p.name), 2)
            share = 0.7 / (len(years) + 1)
            yield Table(
                [tr("field.source"), *map(str, years), tr("xlsx.total")],
                [
                    [source, *(f.money(by_year.get(y, 0.0)) for y in years), f.money(sum(by_year.values()))]
                    for source, by_year in sorted(sources.items())
                ],
                [0.3, *[share] * (len(years) + 1)],
            )


def _monitoring(s: Strategy, tr, f: Fmt, today: dt.date) -> Iterator[Block]:  # type: ignore[no-untyped-def]
    yield Heading(tr("report.monitoring"))
    rows = []
    for ind, p in progress_of(s):
        rows.append(
            [
                ind.name,
                ind.unit,
                f.number(ind.baseline_value, 2),
                f.number(ind.target_value, 2),
                f.date(ind.target_date),
                tr(f"enum.frequency.{ind.frequency}"),
                f.number(p.latest, 2),
                tr(f"progress.{p.status}"),
            ]
        )
    if rows:
        yield Table(
            [
                tr("field.name"),
                tr("field.unit"),
                tr("field.baseline_value"),
                tr("field.target_value"),
                tr("field.target_date"),
                tr("field.frequency"),
                tr("monitoring.latest"),
                tr("field.status"),
            ],
            rows,
            [0.24, 0.08, 0.1, 0.1, 0.12, 0.1, 0.1, 0.16],
        )
    for ev in s.evaluations:
        name = next((a.label for a in s.actions if a.id == ev.action_id), "?")
        yield Heading(f"{tr('monitoring.evaluation')} — {name} ({f.date(ev.date)})", 2)
        if ev.text:
            yield Para(ev.text)
        for effect in ev.effects:
            yield Para(f"{tr(f'enum.effect_dimension.{effect.dimension}')} : {effect.text}", "small")


def chart_images(blocks: list[Block]) -> dict[int, bytes]:
    """The image of every chart block, by its position in `blocks`."""
    charts = [(n, b) for n, b in enumerate(blocks) if isinstance(b, Chart)]
    return {n: image for (n, _), image in zip(charts, rendered([b.spec for _, b in charts]), strict=True)}


def with_charts_rendering(blocks: Iterable[Block]) -> tuple[list[Block], Callable[[], dict[int, bytes]]]:
    """Collect the blocks, and a function that renders their charts. The renderer (vl-convert)
    keeps Python's lock while it works, so charts are rendered one after the other, after the
    blocks: overlapping the two only slowed both down."""
    items = list(blocks)
    return items, lambda: chart_images(items)
