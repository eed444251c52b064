"""A revision stored as what it changed from the one before, not as the whole document.

An edit changes a record or two of a strategy that can weigh a megabyte; writing the whole
document for each save costs its serialisation (about 10 ms for a large strategy) and its
size in the database at every autosave. A delta holds only the parts that are not the very
same objects as in the previous revision (edits are copies with parts replaced, as in
`domain.revalidate` and `domain.merge`):

- a nested model: its changed fields, `["fields", {name: change}]`;
- a list of records with an id (or a key): the new order of ids and the records that
  changed or are new, `["records", [ids], {id: record}]`;
- anything else: its new value as stored, `["set", value]`.

Every change is tagged, so a value that happens to look like a change (a GeoJSON property
named "fields") is never misread. Stored, a delta is a JSON array `[base_revision, changes]`,
which no document can be (a document is an object).
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel

from domain.merge import model_key, record_key

Changes = dict[str, list[Any]]
M = TypeVar("M", bound=BaseModel)


class BrokenDelta(Exception):
    """A stored delta that does not fit the revision it applies to."""


def delta(old: BaseModel, new: BaseModel) -> Changes:
    """The changes from `old` to `new` (same type), found by identity: parts that are still the
    very same objects are not looked at."""
    out: Changes = {}
    for name in type(new).model_fields:
        value, before = getattr(new, name), getattr(old, name)
        if value is before:
            continue
        if isinstance(value, BaseModel) and type(value) is type(before):
            inner = delta(before, value)
            if inner:
                out[name] = ["fields", inner]
        elif (ids := _ids(value)) is not None and isinstance(before, list):
            kept = {id(item) for item in before}
            changed = {rid: _stored(item) for rid, item in zip(ids, value, strict=True) if id(item) not in kept}
            out[name] = ["records", ids, changed]
        else:
            out[name] = ["set", json.loads(new.model_dump_json(include={name})).get(name)]
    return out


def apply(data: dict[str, Any], changes: Changes) -> dict[str, Any]:
    """`data` (the previous revision as stored, parsed) with `changes` applied, in place."""
    for name, change in changes.items():
        match change:
            case ["set", value]:
                data[name] = value
            case ["fields", dict(inner)] if isinstance(data.get(name), dict):
                apply(data[name], inner)
            case ["records", list(order), dict(changed)] if isinstance(data.get(name), list):
                known = {record_key(item): item for item in data[name]}
                try:
                    data[name] = [changed[rid] if rid in changed else known[rid] for rid in order]
                except (KeyError, TypeError):
                    raise BrokenDelta(name) from None
            case _:
                raise BrokenDelta(name)
    return data


def apply_to(model: M, changes: Changes) -> M:
    """`model` (a validated revision) with `changes` applied: what changed is validated, the
    rest stays the very same objects. Reading a revision from the one before costs its changes,
    not the whole document (a process catching up with another's saves). ValidationError if a
    change does not validate, BrokenDelta if it does not fit."""
    updates: dict[str, Any] = {}
    for name, change in changes.items():
        if name not in type(model).model_fields:
            raise BrokenDelta(name)
        before = getattr(model, name)
        match change:
            case ["fields", dict(inner)] if isinstance(before, BaseModel):
                updates[name] = apply_to(before, inner)
            case ["records", list(order), dict(changed)] if isinstance(before, list):
                known = {model_key(item): item for item in before}
                try:  # kept records are instances already: pydantic takes them as they are
                    updates[name] = _assigned(model, name, [changed[r] if r in changed else known[r] for r in order])
                except (KeyError, TypeError):
                    raise BrokenDelta(name) from None
            case ["set", value]:
                updates[name] = _assigned(model, name, value)
            case _:
                raise BrokenDelta(name)
    return model.model_copy(update=updates)


def _assigned(model: BaseModel, name: str, value: Any) -> Any:
    """`value` validated as the field `name` of `model` (with the model's own field rules)."""
    trial = model.model_copy()
    type(model).__pydantic_validator__.validate_assignment(trial, name, value)
    return getattr(trial, name)


def _ids(value: Any) -> list[str] | None:
    """The ids of a list of records that all have a distinct one, else None (a plain field)."""
    if not isinstance(value, list) or not value or not all(isinstance(item, BaseModel) for item in value):
        return None
    ids = [model_key(item) for item in value]
    if any(rid is None for rid in ids) or len(set(ids)) != len(ids):
        return None
    return ids  # type: ignore[return-value]


def _stored(item: BaseModel) -> Any:
    return json.loads(item.model_dump_json())
