"""Edits merged record by record: two people saving the same strategy lose nothing.

A save starts from a revision (the base). When others saved in between (theirs), my changes —
what differs between the base and mine — are applied on top of theirs. Records are matched
by their id (criteria by their key), so an edit of one action and an edit of another, or of
another field of the same action, both stay. Only the same field of the same record changed
by both to different values is a conflict: it is reported, with both values, and theirs is
kept until the user chooses; nothing else is overwritten.

Lists of records without an id (an action's milestones, an indicator's measurements…) and
lists of plain values are fields: edited as a whole.

Only what I changed is looked at: an edit is a copy of the loaded document with some parts
replaced, so every part that is still the very same object as in the base is left as theirs
without being compared. Merging one edit of a large strategy touches a few records.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from domain.model import Strategy

_KEYS = ("id", "key")  # what identifies a record in a list
_ABSENT = object()
# Written by every save: never a conflict, never merged (the store sets them).
_BOOKKEEPING = {"revision", "updated_at", "updated_by"}


@dataclass(frozen=True)
class Conflict:
    path: tuple[str | int, ...]  # record ids and field names, e.g. ("actions", "ac-3", "title")
    base: Any
    mine: Any
    theirs: Any

    @property
    def where(self) -> str:
        return ".".join(str(p) for p in self.path)

    def as_dict(self) -> dict[str, Any]:
        return {"path": list(self.path), "base": self.base, "mine": self.mine, "theirs": self.theirs}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conflict:
        return cls(tuple(data["path"]), data.get("base"), data.get("mine"), data.get("theirs"))


@dataclass(frozen=True)
class Merged:
    document: Strategy  # theirs with my changes; the parts not taken from one side unvalidated
    conflicts: list[Conflict]


class _Collision(Exception):
    """We both added a record under the same id: mine is renamed and the merge done again."""


def merge(base: Strategy, mine: Strategy, theirs: Strategy) -> Merged:
    """Theirs with my changes since base applied on top; same-field clashes reported."""
    conflicts: list[Conflict] = []
    try:
        document = _merge_model(base, mine, theirs, (), conflicts, top=True)
    except _Collision:
        b, m, t = (doc.model_dump(mode="json") for doc in (base, mine, theirs))
        renamed = Strategy.model_validate(rename_collisions(b, m, t))
        conflicts = []
        document = _merge_model(base, renamed, theirs, (), conflicts, top=True)
    return Merged(document, conflicts)  # type: ignore[arg-type]


def resolve(document: Strategy, conflicts: list[Conflict], keep_mine: set[tuple[str | int, ...]]) -> dict[str, Any]:
    """The document (JSON-like) with my value for the conflicts whose path is in `keep_mine`."""
    data: dict[str, Any] = document.model_dump(mode="json")
    for conflict in conflicts:
        if conflict.path in keep_mine:
            data = _set(data, conflict.path, conflict.mine)
    return data


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _merge_model(
    b: BaseModel, m: BaseModel, t: BaseModel, path: tuple[str | int, ...], conflicts: list[Conflict], top: bool = False
) -> BaseModel:
    updates: dict[str, Any] = {}
    for name in type(m).model_fields:
        if top and name in _BOOKKEEPING:
            continue
        bv, mv, tv = getattr(b, name), getattr(m, name), getattr(t, name)
        if mv is bv:  # untouched by me: theirs stands, without a look
            continue
        value = _merge_any(bv, mv, tv, (*path, name), conflicts)
        if value is not tv:
            updates[name] = value
    return t.model_copy(update=updates) if updates else t


def _model_records(*values: Any) -> bool:
    return all(isinstance(v, list) for v in values) and any(
        isinstance(item, BaseModel) and model_key(item) is not None for v in values for item in v
    )


def model_key(record: Any) -> str | None:
    """What identifies a record (a model) in its list: "id:ac-3", "key:population"."""
    for key in _KEYS:
        value = getattr(record, key, None)
        if isinstance(value, str):
            return f"{key}:{value}"
    return None


def _merge_any(b: Any, m: Any, t: Any, path: tuple[str | int, ...], conflicts: list[Conflict]) -> Any:
    if m is b:
        return t
    if isinstance(m, BaseModel) and type(b) is type(m) is type(t):
        return _merge_model(b, m, t, path, conflicts)
    if _model_records(b, m, t):
        return _merge_model_records(b, m, t, path, conflicts)
    bj, mj, tj = _json(b), _json(m), _json(t)
    value = _merge_value(bj, mj, tj, path, conflicts)
    if value == tj:
        return t
    if value == mj:
        return m
    return value  # a merged plain dict (per-commune values…): validated with the document


def _merge_model_records(
    b: list[Any], m: list[Any], t: list[Any], path: tuple[str | int, ...], conflicts: list[Conflict]
) -> list[Any]:
    by_b = {model_key(r): r for r in b}
    by_m = {model_key(r): r for r in m}
    by_t = {model_key(r): r for r in t}
    if len(by_b) != len(b) or len(by_m) != len(m) or len(by_t) != len(t):  # ids not unique: one field
        return _merge_value_models(b, m, t, path, conflicts)
    mine_changed = [k for k in dict.fromkeys([*by_b, *by_m]) if by_m.get(k) is not by_b.get(k)]
    if not mine_changed:
        return t
    merged: dict[str | None, Any] = dict(by_t)
    for key in mine_changed:
        record_path = (*path, str(key).split(":", 1)[1])
        base, mine, theirs = (side.get(key, _ABSENT) for side in (by_b, by_m, by_t))
        if base is _ABSENT:  # I added it
            if theirs is not _ABSENT and _json(theirs) != _json(mine):
                raise _Collision
            merged[key] = mine
        elif mine is _ABSENT:  # I deleted it
            if theirs is _ABSENT:
                continue
            if _json(theirs) != _json(base):  # and they edited it: theirs stands, said
                conflicts.append(Conflict(record_path, _json(base), None, _json(theirs)))
            else:
                merged.pop(key)
        elif theirs is _ABSENT:  # they deleted what I edited
            if _json(mine) != _json(base):
                conflicts.append(Conflict(record_path, _json(base), _json(mine), None))
        else:
            bj, mj, tj = _json(base), _json(mine), _json(theirs)
            value = _merge_value(bj, mj, tj, record_path, conflicts)
            merged[key] = theirs if value == tj else mine if value == mj else type(mine).model_validate(value)
    return _in_order(merged, list(by_t), list(by_m))


def _merge_value_models(
    b: list[Any], m: list[Any], t: list[Any], path: tuple[str | int, ...], conflicts: list[Conflict]
) -> list[Any]:
    bj, mj, tj = _json(b), _json(m), _json(t)
    value = _merge_value(bj, mj, tj, path, conflicts)
    return t if value == tj else m


def record_key(value: Any) -> str | None:
    """The same for a record as stored (a dict)."""
    if isinstance(value, dict):
        for key in _KEYS:
            if isinstance(value.get(key), str):
                return f"{key}:{value[key]}"
    return None


def _is_record_list(*values: Any) -> bool:
    lists = [v for v in values if isinstance(v, list)]
    items = [item for lst in lists for item in lst]
    if len(lists) != len(values) or not items:
        return False
    keys = [record_key(item) for item in items]
    if any(k is None for k in keys):
        return False
    return all(len({record_key(i) for i in lst}) == len(lst) for lst in lists)  # keys unique in each


def _merge_value(b: Any, m: Any, t: Any, path: tuple[str | int, ...], conflicts: list[Conflict]) -> Any:
    if m == b:  # I did not change it: theirs, whatever it is
        return t
    if t in (b, m):  # only I changed it, or we both made the same change
        return m
    if all(isinstance(x, dict) for x in (b, m, t)):
        return _merge_object(b, m, t, path, conflicts)
    if _is_record_list(b, m, t):
        return _merge_records(b, m, t, path, conflicts)
    conflicts.append(Conflict(path, b, m, t))
    return t


def _merge_object(
    b: dict[str, Any], m: dict[str, Any], t: dict[str, Any], path: tuple[str | int, ...], conflicts: list[Conflict]
) -> dict[str, Any]:
    out = dict(t)
    for name in dict.fromkeys([*t, *m]):
        value = _merge_value(b.get(name, _ABSENT), m.get(name, _ABSENT), t.get(name, _ABSENT), (*path, name), conflicts)
        if value is _ABSENT:
            out.pop(name, None)
        else:
            out[name] = value
    return out


def _merge_records(
    b: list[dict[str, Any]],
    m: list[dict[str, Any]],
    t: list[dict[str, Any]],
    path: tuple[str | int, ...],
    conflicts: list[Conflict],
) -> list[dict[str, Any]]:
    """Records matched by id, each merged field by field; records added on either side kept in
    their order. A record deleted on one side and edited on the other is a conflict: theirs
    stands until the user chooses."""
    by_b = {record_key(r): r for r in b}
    by_m = {record_key(r): r for r in m}
    by_t = {record_key(r): r for r in t}
    merged: dict[str | None, Any] = {}
    for key in dict.fromkeys([*by_t, *by_m]):
        record_path = (*path, str(key).split(":", 1)[1])
        base, mine, theirs = (side.get(key, _ABSENT) for side in (by_b, by_m, by_t))
        if base is _ABSENT:  # added since the base: by them, by me, or by both
            if mine is not _ABSENT and theirs is not _ABSENT and mine != theirs:
                conflicts.append(Conflict(record_path, None, mine, theirs))
            merged[key] = theirs if theirs is not _ABSENT else mine
        elif mine is _ABSENT or theirs is _ABSENT:  # deleted on one side
            kept = theirs if mine is _ABSENT else mine
            if kept is not _ABSENT and kept != base:  # and edited on the other
                conflicts.append(Conflict(record_path, base, None if mine is _ABSENT else mine, theirs_or_none(theirs)))
                if theirs is not _ABSENT:
                    merged[key] = theirs
        else:
            merged[key] = _merge_value(base, mine, theirs, record_path, conflicts)
    return _in_order(merged, list(by_t), list(by_m))


def _in_order(merged: dict[Any, Any], theirs: list[Any], mine: list[Any]) -> list[Any]:
    """Theirs in their order, then each record I added after the one it followed in mine."""
    order = [k for k in theirs if k in merged]
    for n, key in enumerate(mine):
        if key in merged and key not in order:
            previous = next((k for k in reversed(mine[:n]) if k in order), None)
            order.insert(order.index(previous) + 1 if previous is not None else 0, key)
    return [merged[k] for k in order]


def theirs_or_none(value: Any) -> Any:
    return None if value is _ABSENT else value


def rename_collisions(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> dict[str, Any]:
    """Mine with the ids of records we both added under the same id (each took the "next" one)
    renamed to free ids, references included, so that both records are kept."""
    renames: dict[str, str] = {}
    taken: set[str] = set()
    _collect_ids(theirs, taken)
    _collect_ids(mine, taken)

    def walk(b: Any, m: Any, t: Any) -> None:
        if all(isinstance(x, dict) for x in (b, m, t)):
            for name in m:
                walk(b.get(name, {}), m[name], t.get(name, {}))
        elif isinstance(m, list) and isinstance(t, list) and _is_record_list(m) and (not t or _is_record_list(t)):
            by_b = {record_key(r): r for r in b} if isinstance(b, list) and _is_record_list(b) else {}
            by_t = {record_key(r): r for r in t}
            for record in m:
                key = record_key(record)
                other = by_t.get(key)
                if key not in by_b and other is not None and other != record and "id" in record:
                    renames[record["id"]] = _free_id(record["id"], taken)
                elif key in by_b and other is not None:
                    walk(by_b[key], record, other)

    walk(base, mine, theirs)
    return _renamed(mine, renames) if renames else mine


def _collect_ids(value: Any, into: set[str]) -> None:
    if isinstance(value, dict):
        if isinstance(value.get("id"), str):
            into.add(value["id"])
        for item in value.values():
            _collect_ids(item, into)
    elif isinstance(value, list):
        for item in value:
            _collect_ids(item, into)


def _free_id(old: str, taken: set[str]) -> str:
    prefix, _, number = old.rpartition("-")
    n = int(number) if number.isdigit() else 0
    while f"{prefix}-{n}" in taken or f"{prefix}-{n}" == old:
        n += 1
    taken.add(f"{prefix}-{n}")
    return f"{prefix}-{n}"


def _renamed(value: Any, renames: dict[str, str], field: str = "") -> Any:
    """Ids and references (fields `id`, `*_id`, `*_ids`) renamed; text left as it is."""
    if isinstance(value, dict):
        return {k: _renamed(v, renames, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed(v, renames, field) for v in value]
    if isinstance(value, str) and (field == "id" or field.endswith(("_id", "_ids"))):
        return renames.get(value, value)
    return value


def _set(document: Any, path: tuple[str | int, ...], value: Any) -> Any:
    """A copy of `document` with the value at a merge path (record ids in lists) replaced."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(document, list):
        out = []
        for item in document:
            if record_key(item) in {f"{k}:{head}" for k in _KEYS}:
                if rest or value is not None:
                    out.append(_set(item, rest, value))
            else:
                out.append(item)
        if not any(record_key(item) in {f"{k}:{head}" for k in _KEYS} for item in document) and value is not None:
            out.append(value)  # a record kept by me that theirs had deleted
        return out
    out_dict = dict(document)
    out_dict[str(head)] = _set(document.get(str(head)), rest, value)
    return out_dict
