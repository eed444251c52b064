"""Workshop sessions, participants and ballots, in the same database as the strategies.

Ballots are written as they come (one row per participant, item and criterion: voting again
replaces), so the facilitator's screen reads them back at any time and nothing is lost if a
participant's phone reloads.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

from sqlalchemy import Boolean, Column, DateTime, Float, Integer, String, Text, and_, func, insert, select, update
from sqlalchemy import Table as SqlTable
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from domain.storage.store import metadata
from domain.workshop import RATE_WINDOW_SECONDS, Ballot, Kind, Refusal, Session, check_ballots, new_code

sessions = SqlTable(
    "workshop_sessions",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("strategy_id", String(40), nullable=False, index=True),
    Column("code", String(12), nullable=False, unique=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(300), nullable=False),
    Column("items", Text, nullable=False),
    Column("criteria", Text, nullable=False),
    Column("points", Integer, nullable=False),
    Column("anonymous", Boolean, nullable=False),
    Column("audience", String(300), nullable=False),
    Column("opened_at", DateTime(), nullable=False),
    Column("closes_at", DateTime(), nullable=False),
    Column("closed_at", DateTime()),
    Column("written_back", Boolean, nullable=False, default=False),
)

participants = SqlTable(
    "workshop_participants",
    metadata,
    Column("session_id", String(40), primary_key=True),
    Column("id", String(40), primary_key=True),
    Column("name", String(80), nullable=False),
    Column("joined_at", DateTime(), nullable=False),
)

ballots = SqlTable(
    "workshop_ballots",
    metadata,
    Column("session_id", String(40), primary_key=True),
    Column("participant_id", String(40), primary_key=True),
    Column("item", String(300), primary_key=True),
    Column("criterion", String(40), primary_key=True),
    Column("value", Float, nullable=False),
    Column("text", Text, nullable=False, default=""),
    Column("at", DateTime(), nullable=False),
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)  # stored as naive UTC in every database


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _session(row) -> Session:  # type: ignore[no-untyped-def]
    return Session(
        id=row.id,
        strategy_id=row.strategy_id,
        code=row.code,
        kind=row.kind,
        title=row.title,
        items=tuple(json.loads(row.items)),
        criteria=tuple(json.loads(row.criteria)),
        points=row.points,
        anonymous=row.anonymous,
        audience=row.audience,
        opened_at=row.opened_at,
        closes_at=row.closes_at,
        closed_at=row.closed_at,
        written_back=row.written_back,
    )


class WorkshopStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        metadata.create_all(engine)

    def open(
        self,
        strategy_id: str,
        kind: Kind,
        title: str,
        items: list[str],
        *,
        criteria: list[str] | None = None,
        points: int = 10,
        anonymous: bool = False,
        audience: str = "",
        minutes: int = 30,
    ) -> Session:
        now = _now()
        for _ in range(5):  # a code already in use: draw another
            sid, code = secrets.token_hex(6), new_code()
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        insert(sessions).values(
                            id=sid,
                            strategy_id=strategy_id,
                            code=code,
                            kind=kind,
                            title=title[:300],
                            items=json.dumps(items),
                            criteria=json.dumps(criteria or []),
                            points=points,
                            anonymous=anonymous,
                            audience=audience[:300],
                            opened_at=now,
                            closes_at=now + dt.timedelta(minutes=minutes),
                            written_back=False,
                        )
                    )
                return self.get(sid)  # type: ignore[return-value]
            except IntegrityError:
                continue
        raise RuntimeError("no free workshop code")

    def get(self, session_id: str) -> Session | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions).where(sessions.c.id == session_id)).first()
        return _session(row) if row else None

    def by_code(self, code: str) -> Session | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions).where(sessions.c.code == code)).first()
        return _session(row) if row else None

    def of_strategy(self, strategy_id: str) -> list[Session]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(sessions).where(sessions.c.strategy_id == strategy_id).order_by(sessions.c.opened_at.desc())
            )
            return [_session(r) for r in rows]

    def join(self, session: Session, name: str) -> str:
        pid = secrets.token_urlsafe(9)
        with self.engine.begin() as conn:
            conn.execute(
                insert(participants).values(session_id=session.id, id=pid, name=name.strip()[:80], joined_at=_now())
            )
        return pid

    def participant_name(self, session_id: str, participant_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(participants.c.name).where(
                    participants.c.session_id == session_id, participants.c.id == participant_id
                )
            ).scalar()

    def vote(self, session: Session, participant_id: str, new: list[Ballot]) -> Refusal | None:
        """Store a participant's ballots (replacing theirs for the same items), or say why not."""
        now = _now()
        current = self.get(session.id) or session  # the session may have been closed meanwhile
        with self.engine.begin() as conn:
            recent = (  # submissions, not ballots: the ballots of one submission share their time
                conn.execute(
                    select(func.count(func.distinct(ballots.c.at)))
                    .select_from(ballots)
                    .where(
                        ballots.c.session_id == session.id,
                        ballots.c.participant_id == participant_id,
                        ballots.c.at > now - dt.timedelta(seconds=RATE_WINDOW_SECONDS),
                    )
                ).scalar()
                or 0
            )
            others: list[Ballot] = []
            if current.kind in ("dot_vote_issues", "dot_vote_actions"):
                # points are spread over several items: the participant's other items count too
                replaced = {b.item for b in new}
                others = [
                    Ballot(participant_id, r.item, r.criterion, r.value)
                    for r in conn.execute(
                        select(ballots).where(
                            ballots.c.session_id == session.id, ballots.c.participant_id == participant_id
                        )
                    )
                    if r.item not in replaced
                ]
            refusal = check_ballots(current, new, now, recent, others)
            if refusal:
                return refusal
            for b in new:
                key = and_(
                    ballots.c.session_id == session.id,
                    ballots.c.participant_id == participant_id,
                    ballots.c.item == b.item,
                    ballots.c.criterion == b.criterion,
                )
                done = conn.execute(update(ballots).where(key).values(value=b.value, text=b.text[:2000], at=now))
                if done.rowcount == 0:
                    conn.execute(
                        insert(ballots).values(
                            session_id=session.id,
                            participant_id=participant_id,
                            item=b.item,
                            criterion=b.criterion,
                            value=b.value,
                            text=b.text[:2000],
                            at=now,
                        )
                    )
        return None

    def ballots(self, session_id: str) -> list[Ballot]:
        with self.engine.connect() as conn:
            return [
                Ballot(r.participant_id, r.item, r.criterion, r.value, r.text)
                for r in conn.execute(select(ballots).where(ballots.c.session_id == session_id))
            ]

    def participant_count(self, session_id: str) -> int:
        with self.engine.connect() as conn:
            return (
                conn.execute(
                    select(func.count()).select_from(participants).where(participants.c.session_id == session_id)
                ).scalar()
                or 0
            )

    def close(self, session_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(sessions)
                .where(sessions.c.id == session_id, sessions.c.closed_at.is_(None))
                .values(closed_at=_now())
            )

    def mark_written_back(self, session_id: str) -> bool:
        """True for the one caller that marks it (a second tab closing too gets False)."""
        with self.engine.begin() as conn:
            done = conn.execute(
                update(sessions)
                .where(sessions.c.id == session_id, sessions.c.written_back.is_(False))
                .values(written_back=True)
            )
            return bool(done.rowcount)
