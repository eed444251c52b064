"""Action sheets: codes, lateness, schedule and funding checks, and the library of typical actions."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from domain.costs import cost, funded
from domain.ids import next_id
from domain.model import Action, Strategy
from domain.problems import Problem

LIBRARY_FILE = Path(__file__).resolve().parents[1] / "sample_data" / "library" / "actions.json"
CLOSED = {"done", "abandoned"}


def axis_number(s: Strategy, axis_id: str) -> int:
    """The axis's position in the strategy, from 1 (axes are kept in their display order)."""
    return next((n for n, ax in enumerate(s.axes, start=1) if ax.id == axis_id), 0)


def next_code(s: Strategy, axis_id: str) -> str:
    """`2.3` for the third action of the second axis (the next number not taken)."""
    prefix = f"{axis_number(s, axis_id)}."
    taken = [
        int(a.code[len(prefix) :]) for a in s.actions if a.code.startswith(prefix) and a.code[len(prefix) :].isdigit()
    ]
    return f"{prefix}{max(taken, default=0) + 1}"


def is_late(action: Action, today: dt.date) -> bool:
    """Marked late, or past its end, or with a milestone past due, while not done or abandoned."""
    if action.status == "late":
        return True
    if action.status in CLOSED:
        return False
    if action.end and action.end < today:
        return True
    return any(m.date < today and not m.done for m in action.milestones)


def action_problems(action: Action, path: str) -> list[Problem]:
    """What is incoherent in one sheet (the schema already refuses negative amounts)."""
    out: list[Problem] = []
    if action.start and action.end and action.end < action.start:
        out.append(Problem(f"{path}.end", "date.end_before_start", {}))
    for j, m in enumerate(action.milestones):
        if (action.start and m.date < action.start) or (action.end and m.date > action.end):
            out.append(Problem(f"{path}.milestones[{j}].date", "action.milestone_outside", {"name": m.name}))
    legal = action.legal
    if legal.support_type == "direct" and legal.contracting_mode in ("subsidy_agreement", "association"):
        # A subsidy funds a project a third party starts and runs (loi 2000-321, art. 9-1):
        # for the authority's own project it would be a disguised public contract.
        out.append(Problem(f"{path}.legal.contracting_mode", "action.direct_with_subsidy", {}))
    if legal.contracting_mode == "service_concession" and any(y.revenues > 0 for y in action.economics.years):
        # In a concession the operator collects the revenue and bears the risk (CCP L1121-1).
        out.append(Problem(f"{path}.legal.contracting_mode", "action.concession_revenue_booked", {}))
    total, lines = cost(action).total, funded(action)
    if action.funding and lines > total:
        out.append(
            Problem(f"{path}.funding", "action.funding_above_cost", {"funded": round(lines), "cost": round(total)})
        )
    return out


# --- The library of typical actions -------------------------------------------------------


@dataclass(frozen=True)
class Template:
    code: str
    title: dict[str, str]
    description: dict[str, str]
    need: dict[str, str]
    skills: list[str]
    partner_kinds: list[str]
    targets: list[str]
    themes: list[str]
    participation: str
    investment: tuple[float, float]
    operating: tuple[float, float]  # per year


@lru_cache(maxsize=1)
def _library() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(LIBRARY_FILE.read_text(encoding="utf-8"))
    return data


def library() -> list[Template]:
    return [
        Template(
            t["code"],
            t["title"],
            t["description"],
            t["need"],
            t["skills"],
            t["partner_kinds"],
            t["targets"],
            t["themes"],
            t["participation"],
            tuple(t["investment"]),
            tuple(t["operating"]),
        )
        for t in _library()["templates"]
    ]


def library_note() -> dict[str, str]:
    return {"fr": _library()["note_fr"], "en": _library()["note_en"], "as_of": _library()["as_of"]}


def action_from_template(s: Strategy, template: Template, axis_id: str, lang: str, range_text: str) -> Action:
    """A new sheet pre-filled from the library; `range_text` states the indicative cost ranges."""
    return Action(
        id=next_id("action", [a.id for a in s.actions]),
        code=next_code(s, axis_id),
        title=template.title[lang],
        axis_id=axis_id,
        description=f"{template.description[lang]}\n\n{range_text}",
        need=template.need[lang],
        skills=list(template.skills),
        targets=list(template.targets),
        themes=list(template.themes),
        template=template.code,
        participation=template.participation,  # type: ignore[arg-type]
    )


def coded(s: Strategy, actions: list[Action]) -> list[Action]:
    """`actions` (the plan after an edit) with each new action left without a code given the next
    code of its axis, in order."""
    known = {a.id for a in s.actions}
    out: list[Action] = []
    for a in actions:
        if a.id not in known and not a.code:
            a = a.model_copy(update={"code": next_code(s.model_copy(update={"actions": out}), a.axis_id)})
        out.append(a)
    return out


def code_order(code: str) -> tuple[tuple[int, int | str], ...]:
    """A key that orders codes as people number them: 1.2 before 1.10, 2 before 10."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold()) for part in re.split(r"(\d+)", code) if part
    )


def on_timeline(s: Strategy, actions: Iterable[Action]) -> list[Action]:
    """The dated ones among `actions` (a start and an end), in the timeline's order: by axis as
    the strategy orders them, then by code (1.2 before 1.10), then by title (every timeline:
    plan, dashboard, slides, report)."""
    order = {ax.id: n for n, ax in enumerate(s.axes)}
    return sorted(
        (a for a in actions if a.start and a.end),
        key=lambda a: (order.get(a.axis_id, len(order)), code_order(a.code), a.title),
    )
