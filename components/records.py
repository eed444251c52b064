"""A table editor for a list of records (st.data_editor) that saves valid changes at once.

Each row is validated with the record's pydantic model before anything is saved; invalid
rows are listed with their row number and column, and the table keeps what the user typed.
Fields a table does not show are kept as they were.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import streamlit as st
from pydantic import BaseModel, ValidationError

from components.i18n import enum_label, say_problem, tr
from components.session import editor_key
from domain.ids import next_id
from domain.problems import Problem

Kind = Literal["text", "long", "int", "float", "date", "bool", "select", "multi"]


@dataclass(frozen=True)
class Column:
    field: str  # may be dotted, e.g. "evidence.swot_ids"
    label: str  # catalog key
    kind: Kind = "text"
    options: Sequence[Any] = ()
    enum: str | None = None  # catalog enumeration giving the options' labels
    labels: dict[str, str] | None = None  # labels of options that are records (id -> title)
    required: bool = False
    min_value: float | None = None
    max_value: float | None = None
    width: Literal["small", "medium", "large"] | None = None


def _get(record: dict[str, Any], field: str) -> Any:
    for part in field.split("."):
        record = record.get(part) if isinstance(record, dict) else None  # type: ignore[assignment]
    return record


def _set(record: dict[str, Any], field: str, value: Any) -> None:
    parts = field.split(".")
    for part in parts[:-1]:
        record = record.setdefault(part, {})
    record[parts[-1]] = value


def _clean(value: Any, kind: Kind) -> Any:
    """A cell as pydantic expects it: no NaN, no numpy scalars, no pandas timestamps."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return [] if kind == "multi" else ("" if kind in ("text", "long") else None)
    if value is pd.NaT:
        return None
    if kind == "multi":
        return [str(v) for v in list(value)]
    if kind == "date":
        if isinstance(value, pd.Timestamp | dt.datetime):
            return value.date()
        return value
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "bool":
        return bool(value)
    return value


def _config(col: Column) -> Any:
    label = tr(col.label)
    cc = st.column_config
    if col.kind in ("text", "long"):
        return cc.TextColumn(label, required=col.required, width=col.width or ("large" if col.kind == "long" else None))
    if col.kind in ("int", "float"):
        return cc.NumberColumn(
            label,
            required=col.required,
            min_value=col.min_value,
            max_value=col.max_value,
            step=1 if col.kind == "int" else None,
            format="%d" if col.kind == "int" else None,
            width=col.width,
        )
    if col.kind == "date":
        return cc.DateColumn(label, required=col.required, format="YYYY-MM-DD", width=col.width)
    if col.kind == "bool":
        return cc.CheckboxColumn(label, width=col.width)
    fmt = _formatter(col)
    if col.kind == "select":
        return cc.SelectboxColumn(
            label, options=list(col.options), required=col.required, format_func=fmt, width=col.width
        )
    return cc.MultiselectColumn(label, options=list(col.options), format_func=fmt, width=col.width)


def _formatter(col: Column) -> Callable[[Any], str] | None:
    if col.enum:
        return enum_label(col.enum)
    if col.labels is not None:
        labels = col.labels
        return lambda code: labels.get(code, str(code))
    return None


def edit_records(
    name: str,
    records: Sequence[BaseModel],
    model: type[BaseModel],
    columns: Sequence[Column],
    *,
    id_kind: str | None,
    id_field: str = "id",
    defaults: dict[str, Any] | None = None,
    height: int | None = None,
) -> list[BaseModel] | None:
    """Show the table; return the new list of records when the user changed it validly.

    `id_kind` names the kind of id given to new rows (see domain.ids); None for records
    without an id, which are then matched by position.
    """
    dumped = [r.model_dump() for r in records]
    fields = [c.field for c in columns]
    rows = [
        {**({id_field: d[id_field]} if id_kind else {}), **{f: _get(d, f) for f in fields}}
        for d in dumped
    ]
    frame = pd.DataFrame(rows, columns=([id_field] if id_kind else []) + fields)
    edited = st.data_editor(
        frame,
        key=editor_key(name),
        num_rows="dynamic",
        hide_index=True,
        column_order=fields,
        column_config={c.field: _config(c) for c in columns},
        width="stretch",
        height=height if height is not None else "auto",
    )
    new_rows = [
        {f: _clean(row.get(f), _kind(columns, f)) for f in frame.columns}
        for row in edited.to_dict("records")
    ]
    old_rows = [{f: _clean(row.get(f), _kind(columns, f)) for f in frame.columns} for row in rows]
    if new_rows == old_rows:
        return None
    return _validated(new_rows, dumped, model, columns, id_kind, id_field, defaults or {})


def _kind(columns: Sequence[Column], field: str) -> Kind:
    return next((c.kind for c in columns if c.field == field), "text")


def _validated(
    rows: list[dict[str, Any]],
    dumped: list[dict[str, Any]],
    model: type[BaseModel],
    columns: Sequence[Column],
    id_kind: str | None,
    id_field: str,
    defaults: dict[str, Any],
) -> list[BaseModel] | None:
    by_id = {d.get(id_field): d for d in dumped} if id_kind else {}
    used_ids = [d[id_field] for d in dumped] if id_kind else []
    out: list[BaseModel] = []
    problems: list[Problem] = []
    for n, row in enumerate(rows, start=1):
        if all(row[c.field] in ("", None, [], False) for c in columns):
            continue  # a row just added and still empty: nothing to save yet
        existing = by_id.get(row.get(id_field))
        base = dict(existing) if existing else dict(defaults)
        if id_kind and not existing:
            base[id_field] = next_id(id_kind, used_ids)
            used_ids.append(base[id_field])
        if not id_kind and n <= len(dumped):
            base = dict(dumped[n - 1])
        for c in columns:
            _set(base, c.field, row[c.field])
        try:
            out.append(model.model_validate(base))
        except ValidationError as exc:
            for err in exc.errors():
                col = next((c for c in columns if c.field.split(".")[0] == str(err["loc"][0])), None)
                where = tr("table.row_cell", row=n, column=tr(col.label) if col else err["loc"][0])
                problems.append(Problem(where, f"schema.{err['type']}", {**(err.get("ctx") or {}), "msg": err["msg"]}))
    if problems:
        st.error(tr("table.not_saved") + "\n\n" + "\n".join(f"- {say_problem(p)}" for p in problems[:12]))
        return None
    return out
