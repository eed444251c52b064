"""What a save changed, in words a person reads: "Action 2.1 Suivre l'énergie — title: A → B".

Computed when a revision is written, from the document it was derived from, looking only at
the parts that are not the very same objects (an edit is a copy with a part replaced). Each
change names its record (code and title, as they were then), the field, and both values cut
short; records added or deleted are said as such.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from pydantic import BaseModel

MAX_CHANGES = 30
MAX_VALUE = 80
_BOOKKEEPING = {"revision", "updated_at", "updated_by"}


@dataclass(frozen=True)
class Change:
    record: str  # "Action 2.1 Suivre l'énergie", or the section ("territory")
    field: str  # "" for a record added or deleted
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def changes(old: BaseModel, new: BaseModel) -> list[Change]:
    out: list[Change] = []
    _model(old, new, "", out, top=True)
    return out[:MAX_CHANGES]


def label(record: Any) -> str:
    code = getattr(record, "code", "") or ""
    for name in ("title", "name", "label", "text", "theme"):
        value = getattr(record, name, None)
        if isinstance(value, str) and value:
            text = f"{code} {value}".strip()
            return text if len(text) <= 60 else text[:57] + "..."
    key = getattr(record, "id", None) or getattr(record, "key", None) or getattr(record, "year", None)
    return str(key or type(record).__name__)


def _short(value: Any) -> str:
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", exclude_defaults=True)
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        return f"{len(value)}"
    text = "—" if value in (None, "", [], {}) else str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 3] + "..."


def _key(record: Any) -> Any:
    return getattr(record, "id", None) or getattr(record, "key", None)


def _model(old: BaseModel, new: BaseModel, where: str, out: list[Change], top: bool = False) -> None:
    for name in type(new).model_fields:
        if top and name in _BOOKKEEPING:
            continue
        before, after = getattr(old, name), getattr(new, name)
        if before is after or len(out) >= MAX_CHANGES:
            continue
        if isinstance(after, BaseModel) and type(before) is type(after):
            _model(before, after, where or name, out)
        elif _records(before) and _records(after) and all(_key(r) for r in [*before, *after]):
            _records_changed(before, after, name, out)
        elif _comparable(before) != _comparable(after):
            out.append(Change(where or name, name, _short(before), _short(after)))


def _records(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, BaseModel) for item in value)


def _comparable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return value


def _records_changed(before: list[Any], after: list[Any], section: str, out: list[Change]) -> None:
    old = {_key(r): r for r in before}
    new = {_key(r): r for r in after}
    for key, record in new.items():
        if key not in old:
            out.append(Change(label(record), "", "", "+"))
        elif record is not old[key]:
            _model(old[key], record, label(record), out)
    for key, record in old.items():
        if key not in new:
            out.append(Change(label(record), "", "-", ""))
