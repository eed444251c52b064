"""The whole store in one file, and back: strategies with every revision, members and read-only
links, preferences, workshop sessions, participants and ballots.

A backup is gzip-compressed JSON lines: a header naming the format and the tables, then one
line per row (`{"table": …, "row": {…}}`), table after table in the order the schema creates
them. Rows are copied as they are stored (a revision's text, whole or delta, is not parsed), so
a restore gives back every revision byte for byte, on SQLite or PostgreSQL alike. A restore goes
into an empty store, unless told to replace what is there; it is one transaction: a file that
fails half-way leaves the database as it was.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, Table, delete, func, insert, select
from sqlalchemy.types import Date, DateTime, LargeBinary

from domain.storage.schema_version import upgrade
from domain.storage.tables import metadata

FORMAT = "territorial-strategy-store-backup"
VERSION = 1
BATCH = 500  # rows inserted at once on restore


class BackupError(Exception):
    """A file that is not a backup of this store, or a store that is not empty."""


def backup(engine: Engine, out: Path) -> dict[str, int]:
    """Write every table of the store to `out`; the number of rows of each table."""
    counts: dict[str, int] = {}
    with gzip.open(out, "wt", encoding="utf-8") as stream, engine.connect() as conn:
        tables = [t.name for t in metadata.sorted_tables]
        _line(stream, {"format": FORMAT, "version": VERSION, "tables": tables})
        for table in metadata.sorted_tables:
            counts[table.name] = 0
            for row in conn.execute(select(table)).mappings():
                _line(stream, {"table": table.name, "row": {k: _encode(v) for k, v in row.items()}})
                counts[table.name] += 1
    return counts


def restore(engine: Engine, source: Path, *, replace: bool = False) -> dict[str, int]:
    """Load a backup into the store; the number of rows of each table. Refused (BackupError)
    when the store holds anything, unless `replace`, which empties it first."""
    upgrade(engine)
    counts: dict[str, int] = {}
    with gzip.open(source, "rt", encoding="utf-8") as stream, engine.begin() as conn:
        lines = _lines(stream)
        header = next(lines, None)
        if not isinstance(header, dict) or header.get("format") != FORMAT or header.get("version") != VERSION:
            raise BackupError(f"{source}: not a backup of this store (format {FORMAT}, version {VERSION})")
        held = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in metadata.sorted_tables}
        if any(held.values()) and not replace:
            filled = ", ".join(f"{name} ({n})" for name, n in held.items() if n)
            raise BackupError(f"the database is not empty: {filled}; restore into an empty one, or replace it")
        for table in reversed(metadata.sorted_tables):
            conn.execute(delete(table))
        batch: list[dict[str, Any]] = []
        current: Table | None = None
        for entry in lines:
            table = metadata.tables.get(str(entry.get("table"))) if isinstance(entry, dict) else None
            if table is None:
                raise BackupError(f"{source}: a line names no table of this store")
            if current is not None and (table is not current or len(batch) >= BATCH):
                conn.execute(insert(current), batch)
                batch = []
            current = table
            batch.append({name: _decode(table, name, value) for name, value in entry["row"].items()})
            counts[table.name] = counts.get(table.name, 0) + 1
        if current is not None and batch:
            conn.execute(insert(current), batch)
    return counts


def _line(stream: IO[str], value: dict[str, Any]) -> None:
    stream.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")


def _lines(stream: IO[str]) -> Iterator[Any]:
    for text in stream:
        if text.strip():
            yield json.loads(text)


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _decode(table: Table, name: str, value: Any) -> Any:
    if name not in table.c:
        raise BackupError(f"table {table.name} has no column {name}")
    if value is None:
        return None
    kind = table.c[name].type
    if isinstance(kind, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value)
    return value
