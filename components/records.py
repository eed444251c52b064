"""A table editor for a list of records (st.data_editor) saved as one batch.

The table sits in a form: cells are typed at meeting speed, with no rerun of the page and no
loss of focus between them, and the whole table is saved by its "Save the table" button.
Each row is then validated with the record's pydantic model before anything is saved; invalid
rows are listed with their row number and column, and the table keeps what the user typed.
Fields a table does not show are kept as they were.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
import streamlit as st
from pydantic import BaseModel

from components import clashes
from components.formatting import decimal_text
from components.i18n import enum_label, lang, say_problem, tr
from components.session import editor_key
from components.table_cells import clean_cell, numbers_read
from domain.problems import Problem
from domain.tables import CellProblem, get_path, records_from_rows

Kind = Literal["text", "long", "int", "float", "date", "bool", "select", "multi"]


@dataclass(frozen=True)
class Column:
    field: str  # may be dotted, e.g. "evidence.swot_ids"
    label: str  # catalog key
    kind: Kind = "text"
    options: Sequence[Any] = ()
    enum: str | None = None  # catalog enumeration giving the options' labels
    labels: dict[Any, str] | None = None  # labels of options that are records (id -> title), or numbers
    min_value: float | None = None
    max_value: float | None = None
    width: Literal["small", "medium", "large"] | None = None


def _config(col: Column) -> Any:
    label = tr(col.label)
    cc = st.column_config
    # No column is marked required: the grid would then say "Please fill out this cell." in
    # English; a missing value is named by the row's refusal, in the user's language.
    if col.kind in ("text", "long"):
        return cc.TextColumn(label, width=col.width or ("large" if col.kind == "long" else None))
    if col.kind == "float":  # typed as the language writes it ("3,2"), read back by parse_number
        return cc.TextColumn(label, width=col.width, max_chars=40)
    if col.kind == "int":
        return cc.NumberColumn(
            label, min_value=col.min_value, max_value=col.max_value, step=1, format="%d", width=col.width
        )
    if col.kind == "date":
        return cc.DateColumn(label, format=tr("widget.date_format"), width=col.width)
    if col.kind == "bool":
        return cc.CheckboxColumn(label, width=col.width)
    fmt = _formatter(col)
    if col.kind == "select":
        return cc.SelectboxColumn(label, options=list(col.options), format_func=fmt, width=col.width)
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
    taken_ids: Sequence[str] = (),
) -> list[BaseModel] | None:
    """Show the table; return the new list of records when the user changed it validly.

    `id_kind` names the kind of id given to new rows (see domain.ids); None for records
    without an id, which are then matched by position.
    """
    dumped = [r.model_dump() for r in records]
    fields = [c.field for c in columns]
    rows = [{**({id_field: d[id_field]} if id_kind else {}), **{f: get_path(d, f) for f in fields}} for d in dumped]
    frame = _shown(pd.DataFrame(rows, columns=([id_field] if id_kind else []) + fields), columns)
    if id_kind:  # a clash about a cell of this table: shown above it
        clashes.beside_records(records, {f.split(".")[0] for f in fields}, id_field)
    key = editor_key(name)
    with st.form(f"table-{key}", border=False, enter_to_submit=False):
        edited = st.data_editor(
            frame,
            key=key,
            num_rows="dynamic",
            hide_index=True,
            placeholder="",  # an empty cell stays empty (Streamlit would write "None" in it)
            column_order=fields,
            column_config={c.field: _config(c) for c in columns},
            width="stretch",
            height=height if height is not None else "auto",
        )
        # One under the other: a table in a narrow column (the SWOT's quarters) cut the button's
        # word when they shared a row.
        submitted = st.form_submit_button(tr("table.save"), icon=":material/save:", key=f"save-{key}")
        st.caption(tr("table.save_help"))
    if not submitted:
        return None
    new_rows = [
        {f: clean_cell(row.get(f), _kind(columns, f)) for f in frame.columns} for row in edited.to_dict("records")
    ]
    old_rows = [{f: clean_cell(row.get(f), _kind(columns, f)) for f in frame.columns} for row in rows]
    typed, unread = numbers_read(new_rows, {c.field for c in columns if c.kind == "float"}, lang())
    if typed == old_rows:
        return None
    return _validated(typed, dumped, model, columns, id_kind, id_field, defaults or {}, taken_ids, unread)


def _shown(frame: pd.DataFrame, columns: Sequence[Column]) -> pd.DataFrame:
    """Cells as the grid shows them in the user's language: decimals as text ("3,2"), dates
    as dates with empty cells blank (a column of None would show "None")."""
    for col in columns:
        if col.kind == "float":
            texts = [decimal_text(v, lang(), 10) for v in frame[col.field]]
            frame[col.field] = pd.Series(texts, index=frame.index, dtype="object")
        elif col.kind == "date":
            frame[col.field] = pd.to_datetime(frame[col.field], errors="coerce")
    return frame


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
    taken_ids: Sequence[str],
    unread: list[CellProblem],
) -> list[BaseModel] | None:
    fields = [c.field for c in columns]
    records, problems = records_from_rows(
        rows, dumped, model, fields, id_kind=id_kind, id_field=id_field, defaults=defaults, taken_ids=taken_ids
    )
    # A cell that is not a number was emptied to be read: its own refusal replaces the model's.
    problems = unread + [p for p in problems if (p.row, p.field) not in {(u.row, u.field) for u in unread}]
    if problems:
        labels = {c.field: tr(c.label) for c in columns}
        lines = [
            say_problem(Problem(tr("table.row_cell", row=p.row, column=labels.get(p.field, p.field)), p.code, p.params))
            for p in problems[:12]
        ]
        st.error(tr("table.not_saved") + "\n\n" + "\n".join(f"- {line}" for line in lines))
        return None
    return list(records)
