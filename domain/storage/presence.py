"""Who has a strategy open right now, and each person's remembered preferences.

Presence: each open page says "still here" every few seconds; a person seen in the last
minute is shown to the others. Preferences: the language and presentation mode a person
chose, kept across reloads, devices and replicas.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Column, DateTime, String, Table, Text, delete, insert, select, update
from sqlalchemy.engine import Engine

from domain.storage.tables import metadata

SEEN_WITHIN = dt.timedelta(seconds=60)

presence = Table(
    "presence",
    metadata,
    Column("strategy_id", String(40), primary_key=True),
    Column("session_id", String(40), primary_key=True),
    Column("email", String(320), nullable=False),
    Column("name", String(300), nullable=False, default=""),
    Column("seen_at", DateTime(), nullable=False),
)

preferences = Table(
    "user_preferences",
    metadata,
    Column("email", String(320), primary_key=True),
    Column("lang", String(5), nullable=False, default=""),
    Column("presenting", Boolean, nullable=False, default=False),
    Column("updated_at", DateTime(), nullable=False),
)


# Clashes a person has not settled yet (domain.merge.Conflict as JSON), so that a reload or
# another tab finds them again: nothing a user typed is lost until they choose.
pending = Table(
    "pending_clashes",
    metadata,
    Column("strategy_id", String(40), primary_key=True),
    Column("email", String(320), primary_key=True),
    Column("clashes", Text, nullable=False),
    Column("updated_at", DateTime(), nullable=False),
)


@dataclass(frozen=True)
class Present:
    email: str
    name: str
    seen_at: dt.datetime


@dataclass(frozen=True)
class Preferences:
    lang: str
    presenting: bool


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)  # naive UTC in every database


class People:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def here(self, strategy_id: str, session_id: str, email: str, name: str) -> list[Present]:
        """Say this session has the strategy open; the others who have it open now."""
        now = _now()
        with self.engine.begin() as conn:
            key = (presence.c.strategy_id == strategy_id) & (presence.c.session_id == session_id)
            if not conn.execute(update(presence).where(key).values(seen_at=now, email=email)).rowcount:
                conn.execute(
                    insert(presence).values(
                        strategy_id=strategy_id, session_id=session_id, email=email, name=name[:300], seen_at=now
                    )
                )
            conn.execute(delete(presence).where(presence.c.seen_at < now - 10 * SEEN_WITHIN))
            rows = conn.execute(
                select(presence).where(
                    presence.c.strategy_id == strategy_id,
                    presence.c.session_id != session_id,
                    presence.c.seen_at >= now - SEEN_WITHIN,
                )
            ).all()
        latest: dict[str, Present] = {}
        for r in rows:  # one line per person, however many tabs
            if r.email not in latest or r.seen_at > latest[r.email].seen_at:
                latest[r.email] = Present(r.email, r.name, r.seen_at)
        return sorted(latest.values(), key=lambda p: p.name)

    def left(self, strategy_id: str, session_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                delete(presence).where(presence.c.strategy_id == strategy_id, presence.c.session_id == session_id)
            )

    def pending_clashes(self, strategy_id: str, email: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            text = conn.execute(
                select(pending.c.clashes).where(pending.c.strategy_id == strategy_id, pending.c.email == email)
            ).scalar()
        return list(json.loads(text)) if text else []

    def keep_pending(self, strategy_id: str, email: str, clashes: list[dict[str, Any]]) -> None:
        """Replace the person's unsettled clashes on a strategy (none: forget them)."""
        with self.engine.begin() as conn:
            conn.execute(delete(pending).where(pending.c.strategy_id == strategy_id, pending.c.email == email))
            if clashes:
                conn.execute(
                    insert(pending).values(
                        strategy_id=strategy_id, email=email, clashes=json.dumps(clashes), updated_at=_now()
                    )
                )

    def preferences(self, email: str) -> Preferences | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(preferences).where(preferences.c.email == email)).first()
        return Preferences(row.lang, row.presenting) if row else None

    def remember(self, email: str, *, lang: str, presenting: bool) -> None:
        now = _now()
        with self.engine.begin() as conn:
            done = conn.execute(
                update(preferences)
                .where(preferences.c.email == email)
                .values(lang=lang, presenting=presenting, updated_at=now)
            )
            if not done.rowcount:
                conn.execute(insert(preferences).values(email=email, lang=lang, presenting=presenting, updated_at=now))
