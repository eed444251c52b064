"""Edits of a strategy that keep it coherent.

When a record is deleted, the lists that cited it drop its id and optional links to it are
cleared. Required links (an action's axis, an evaluation's action) are left for
`reference_problems` to report, so the user is told instead of losing records silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, TypeVar

from pydantic import ValidationError

from domain.model import Axis, Id, Label, Objective, Record, Strategy, Year


class _WithId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_WithId)


def prune_references(s: Strategy) -> Strategy:
    a = s.assessment
    ids = {
        "indicators": {x.id for x in a.indicators},
        "swot": {x.id for x in a.swot},
        "initiatives": {x.id for x in a.initiatives},
        "consultations": {x.id for x in a.consultations},
        "needs": {x.id for x in a.needs},
        "issues": {x.id for x in s.issues},
        "axes": {x.id for x in s.axes},
        "actions": {x.id for x in s.actions},
        "stakeholders": {x.id for x in s.stakeholders},
        "partnerships": {x.id for x in s.partnerships},
        "monitoring": {x.id for x in s.indicators},
        "criteria": {c.key for c in s.criteria},
    }
    data = s.model_dump()
    changed = False

    def keep(items: list[Any], known: set[str]) -> list[Any]:
        nonlocal changed
        kept = [x for x in items if x in known]
        changed |= len(kept) != len(items)
        return kept

    def clear(record: dict[str, Any], field: str, known: set[str]) -> None:
        nonlocal changed
        if record.get(field) and record[field] not in known:
            record[field] = None
            changed = True

    assessment = data["assessment"]
    for item in assessment["swot"]:
        item["indicator_ids"] = keep(item["indicator_ids"], ids["indicators"])
        item["consultation_ids"] = keep(item["consultation_ids"], ids["consultations"])
    for need in assessment["needs"]:
        clear(need, "consultation_id", ids["consultations"])
    for issue in data["issues"]:
        ev = issue["evidence"]
        ev["swot_ids"] = keep(ev["swot_ids"], ids["swot"])
        ev["indicator_ids"] = keep(ev["indicator_ids"], ids["indicators"])
        ev["need_ids"] = keep(ev["need_ids"], ids["needs"])
        ev["initiative_ids"] = keep(ev["initiative_ids"], ids["initiatives"])
        scores = [sc for sc in issue["scores"] if sc["criterion"] in ids["criteria"]]
        changed |= len(scores) != len(issue["scores"])
        issue["scores"] = scores
    for axis in data["axes"]:
        axis["issue_ids"] = keep(axis["issue_ids"], ids["issues"])
    objectives = {o["id"] for axis in data["axes"] for o in axis["objectives"]}
    for action in data["actions"]:
        clear(action, "objective_id", objectives)
        action["indicator_ids"] = keep(action["indicator_ids"], ids["monitoring"])
        partners = [p for p in action["partners"] if p["stakeholder_id"] in ids["stakeholders"]]
        changed |= len(partners) != len(action["partners"])
        action["partners"] = partners
        clear(action["legal"], "partnership_id", ids["partnerships"])
    for ps in data["partnerships"]:
        ps["action_ids"] = keep(ps["action_ids"], ids["actions"])
        partners = [p for p in ps["partners"] if p["stakeholder_id"] in ids["stakeholders"]]
        changed |= len(partners) != len(ps["partners"])
        ps["partners"] = partners
    for ind in data["indicators"]:
        clear(ind, "axis_id", ids["axes"])
        clear(ind, "action_id", ids["actions"])
    # Nothing pointed at a deleted record: keep the very same object (no re-validation cost).
    return Strategy.model_validate(data) if changed else s


def replace_at(s: Strategy, path: str, value: Any) -> Strategy:
    """A copy of the strategy with the field at a dotted path (e.g. `assessment.swot`) replaced."""
    head, _, rest = path.partition(".")
    if not rest:
        return s.model_copy(update={head: value})
    child = getattr(s, head)
    return s.model_copy(update={head: _replace(child, rest, value)})


def update_record(s: Strategy, path: str, record_id: str, changes: dict[str, Any]) -> Strategy:
    """A copy of the strategy with one record of the list at `path` (e.g. `actions`,
    `partnerships`) changed: its fields replaced by `changes`, the record validated again by its
    own model (pydantic's ValidationError when a value does not fit). The one way a screen
    changes one record; the record-level merge sees the same change."""
    items = list(_at(s, path))
    index = next((n for n, r in enumerate(items) if getattr(r, "id", None) == record_id), None)
    if index is None:
        raise KeyError(f"{path}: no record {record_id}")
    record = items[index]
    items[index] = type(record).model_validate({**record.model_dump(), **changes})
    return replace_at(s, path, items)


def update_fields(s: Strategy, path: str, changes: dict[str, Any]) -> Strategy:
    """A copy of the strategy with fields of the part at `path` (e.g. `territory`) replaced by
    `changes`, each validated by the part's own model (ValidationError when a value does not
    fit, with every problem of the part): as `update_record`, for a part that is not in a list.

    Only the changed fields are validated and the others stay the very same objects: the
    territory's notes saved with its 300 communes' contours validated and stored again cost
    ~100 ms; the store then sees (`domain.revalidate`, `delta`) that the contours did not change."""
    part = _at(s, path)
    edited = part.model_copy()
    try:
        for name, value in changes.items():
            type(part).__pydantic_validator__.validate_assignment(edited, name, value)
    except ValidationError:
        type(part).model_validate({**part.model_dump(), **changes})  # every problem at once
        raise
    return replace_at(s, path, edited)


def _at(model: Any, path: str) -> Any:
    for part in path.split("."):
        model = getattr(model, part)
    return model


def _replace(model: Any, path: str, value: Any) -> Any:
    head, _, rest = path.partition(".")
    if not rest:
        return model.model_copy(update={head: value})
    return model.model_copy(update={head: _replace(getattr(model, head), rest, value)})


class ObjectiveRow(Record):
    """An objective seen in one flat table with its axis (objectives live inside their axis)."""

    id: Id
    axis_id: Id
    text: Label
    target_year: Year | None = None


def flatten_objectives(axes: list[Axis]) -> list[ObjectiveRow]:
    return [
        ObjectiveRow(id=o.id, axis_id=ax.id, text=o.text, target_year=o.target_year)
        for ax in axes
        for o in ax.objectives
    ]


def group_objectives(axes: list[Axis], rows: list[ObjectiveRow]) -> list[Axis]:
    """Put each objective of the flat table back into its axis, keeping the table's order."""
    return [
        ax.model_copy(
            update={
                "objectives": [
                    Objective(id=r.id, text=r.text, target_year=r.target_year) for r in rows if r.axis_id == ax.id
                ]
            }
        )
        for ax in axes
    ]


def merge_shown(records: Sequence[R], shown_ids: set[str], edited: Sequence[R]) -> list[R]:
    """A filtered table's edits put back into the whole list: the records it showed are replaced
    by its rows (a row deleted there is gone), the records the filter hid stay where they were,
    and new rows come last."""
    rows = {r.id: r for r in edited}
    kept = [rows.get(r.id, r) for r in records if r.id not in shown_ids or r.id in rows]
    known = {r.id for r in records}
    return kept + [r for r in edited if r.id not in known]
