"""A problem found in a document: where (JSON path), what (catalog code) and its details.

Problems carry codes, not sentences, so that the page or the command line can say them in
the user's language (catalog key `problem.<code>`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)


def format_path(loc: Iterable[Any]) -> str:
    """('actions', 3, 'axis_id') -> 'actions[3].axis_id'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "$"
