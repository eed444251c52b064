"""What text may hold once stored: no control character, no lone surrogate.

Control characters (NUL included) are refused by PostgreSQL, make the chart renderer abort and
have no meaning in a strategy; lone surrogates cannot be written as UTF-8. They are dropped on
the way in, whatever the entry (form, table, CSV, XLSX, JSON, GeoJSON, workshop).
"""

from __future__ import annotations

import math
import re
from typing import Any

# C0 and C1 controls, DEL, lone surrogates and the two non-characters U+FFFE / U+FFFF.
_DROP_ALWAYS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = re.compile("[\t\n\r\u2028\u2029]+")


def clean_text(value: Any) -> Any:
    """Text of several lines: tabs and line breaks kept (CR LF as LF), other controls dropped."""
    if not isinstance(value, str) or value.isprintable():  # the usual case, checked in C
        return value
    return _DROP_ALWAYS.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_line(value: Any) -> Any:
    """Text of one line (a title, a name): line breaks and tabs become one space."""
    if not isinstance(value, str) or value.isprintable():  # the usual case, checked in C
        return value
    return _LINE_BREAKS.sub(" ", _DROP_ALWAYS.sub("", value))


# A spreadsheet opening a CSV or XLSX cell that starts with one of these runs it as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Text that would start a formula gets a leading apostrophe (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def finite_json(value: Any) -> Any:
    """A JSON-like value with every non-finite float (from a division by a near-zero figure)
    replaced by None: browsers refuse `Infinity` in JSON, and a chart must not break a page."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite_json(v) for v in value]
    return value
