"""The cells of an edited table (st.data_editor, through pandas) as the records expect them.

What comes back from the grid carries pandas' and numpy's ways (NaN, NaT, "<NA>", numpy
scalars, timestamps) and decimals typed as text in the user's language: this turns them
into plain values, or into problems of their row, before the records are validated
(domain.tables).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from components.formatting import parse_number
from domain.tables import CellProblem


def clean_cell(value: Any, kind: str) -> Any:
    """A cell as pydantic expects it: no NaN, no numpy scalars, no timestamps where dates are due."""
    if hasattr(value, "item") and not isinstance(value, list | tuple):
        try:
            value = value.item()  # numpy scalar
        except (ValueError, TypeError):
            value = list(value)  # numpy array
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) in ("NaT", "<NA>"):
        return [] if kind == "multi" else ("" if kind in ("text", "long") else None)
    if kind == "multi":
        return [str(v) for v in list(value)]
    if kind == "date" and isinstance(value, dt.datetime):
        return value.date()
    if kind == "int" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "bool":
        return bool(value)
    return value


def numbers_read(
    rows: list[dict[str, Any]], floats: set[str], lang: str
) -> tuple[list[dict[str, Any]], list[CellProblem]]:
    """The decimal cells (`floats`, typed as text) read back as numbers; the cells that are not
    numbers, as problems of their row."""
    out, problems = [], []
    for n, row in enumerate(rows, start=1):
        row = dict(row)
        for field in floats:
            text = row.get(field)
            try:
                row[field] = parse_number(str(text), lang) if text not in (None, "") else None
            except ValueError:
                problems.append(CellProblem(n, field, "cell.not_a_number", {"text": str(text)[:40]}))
                row[field] = None
        out.append(row)
    return out, problems
