"""Rows of an edited table back to records: ids for new rows, hidden fields kept, every cell checked.

Pure logic behind the page tables (st.data_editor): a table shows some fields of a list of
records; the rows that come back are turned into validated records, or into problems that
name the row and the field, so that nothing is saved until every row is valid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from domain.ids import next_id

M = TypeVar("M", bound=BaseModel)
EMPTY: tuple[Any, ...] = ("", None, [], False)


@dataclass(frozen=True)
class CellProblem:
    row: int  # 1-based, as the user counts rows
    field: str  # the table's field (dotted), or the model's location when no column matches
    code: str  # catalog code, "schema.<pydantic error type>"
    params: dict[str, Any]


def get_path(record: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        record = record.get(part) if isinstance(record, dict) else None
    return record


def set_path(record: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    for part in parts[:-1]:
        record = record.setdefault(part, {})
    record[parts[-1]] = value


def records_from_rows(
    rows: Sequence[dict[str, Any]],
    dumped: Sequence[dict[str, Any]],
    model: type[M],
    fields: Sequence[str],
    *,
    id_kind: str | None,
    id_field: str = "id",
    defaults: dict[str, Any] | None = None,
    taken_ids: Sequence[str] = (),
) -> tuple[list[M], list[CellProblem]]:
    """Validated records for the rows, or the problems of the rows that are not valid.

    `dumped` holds the records as they were (model_dump), to keep the fields the table does
    not show. Rows are matched by id when `id_kind` is given (new rows get the next free id
    of that kind, never one of `taken_ids`, which other tables of the same records use), by
    position otherwise. Rows still entirely empty are skipped.
    """
    by_id = {d.get(id_field): d for d in dumped} if id_kind else {}
    used_ids = [d[id_field] for d in dumped] + list(taken_ids) if id_kind else []
    out: list[M] = []
    problems: list[CellProblem] = []
    for n, row in enumerate(rows, start=1):
        if all(row.get(f) in EMPTY for f in fields):
            continue  # a row just added and still empty: nothing to save yet
        if id_kind:
            existing = by_id.get(row.get(id_field))
            base = _copy(existing) if existing else dict(defaults or {})
            if not existing:
                base[id_field] = next_id(id_kind, used_ids)
                used_ids.append(base[id_field])
        else:
            base = _copy(dumped[n - 1]) if n <= len(dumped) else dict(defaults or {})
        for f in fields:
            if id_kind and not existing and row.get(f) in EMPTY and f in (defaults or {}):
                continue  # a new row's cell left empty takes its default (next order, a status…)
            set_path(base, f, row.get(f))
        try:
            out.append(model.model_validate(base))
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(part) for part in err["loc"])
                field = next((f for f in fields if loc == f or loc.startswith(f + ".")), loc)
                params = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, str | int | float)}
                problems.append(CellProblem(n, field, f"schema.{err['type']}", {**params, "msg": err["msg"]}))
    return out, problems


def _copy(record: dict[str, Any]) -> dict[str, Any]:
    # Nested dicts are replaced field by field, so a copy of each nested level is enough.
    return {k: (_copy(v) if isinstance(v, dict) else v) for k, v in record.items()}
