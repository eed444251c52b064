"""Validate only what an edit changed: the parts of a copied document that are not the very
same objects as in the validated document it was copied from.

Screens edit by copying (`model_copy`) with one part replaced, which skips validation; the
store must still write only what loads back. Validating the whole of a large strategy for
each edit costs tens of milliseconds; an edit changes a record or two. So: a nested record
of the same type is checked field by field, a list of records record by record (those not
found, as objects, in the old list), and any other changed field with the parent's own
field validation (`validate_assignment`). Each checked part is replaced by its validated
form (text cleaned), and a refusal names the path as full validation would.
"""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from domain.document import schema_problems
from domain.problems import Problem

M = TypeVar("M", bound=BaseModel)


class Refused(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s), first at {problems[0].path}")
        self.problems = problems


def validated_changes(new: M, old: M) -> M:
    """`new` with every part that differs (by identity) from `old` validated; Refused if any fails."""
    problems: list[Problem] = []
    checked = _model(new, old, (), problems)
    if problems:
        raise Refused(problems)
    return checked


def _model(new: M, old: M, path: tuple[Any, ...], problems: list[Problem]) -> M:
    updates: dict[str, Any] = {}
    for name in type(new).model_fields:
        value, before = getattr(new, name), getattr(old, name)
        if value is before:
            continue
        if isinstance(value, BaseModel) and type(value) is type(before):
            updates[name] = _model(value, before, (*path, name), problems)
        elif _records(value) and isinstance(before, list):
            updates[name] = _records_checked(value, before, (*path, name), problems)
        else:
            updates[name] = _field(new, name, value, path, problems)
    return new.model_copy(update=updates) if updates else new


def _records(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(item, BaseModel) for item in value)


def _records_checked(items: list[Any], before: list[Any], path: tuple[Any, ...], problems: list[Problem]) -> list[Any]:
    known = {id(item) for item in before}
    out = []
    for n, item in enumerate(items):
        if id(item) in known:
            out.append(item)
            continue
        try:  # through JSON, exactly as it will be stored and loaded
            out.append(type(item).model_validate_json(item.model_dump_json()))
        except ValidationError as exc:
            problems += schema_problems(exc, (*path, n))
            out.append(item)
    return out


def _field(parent: BaseModel, name: str, value: Any, path: tuple[Any, ...], problems: list[Problem]) -> Any:
    try:
        trial = parent.model_copy()
        type(parent).__pydantic_validator__.validate_assignment(trial, name, _through_json(parent, name))
        return getattr(trial, name)
    except ValidationError as exc:
        problems += schema_problems(exc, path)
        return value


def _through_json(parent: BaseModel, name: str) -> Any:
    """The field's value as it will be stored (a NaN written as "NaN", dates as text)."""
    return json.loads(parent.model_dump_json(include={name})).get(name)
