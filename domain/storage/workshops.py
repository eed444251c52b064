"""Workshop sessions, participants and ballots, in the same database as the strategies.

Ballots are written as they come (one row per participant, item and criterion: voting again
replaces), so the facilitator's screen reads them back at any time and nothing is lost if a
participant's phone reloads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    String,
    Text,
    and_,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy import Table as SqlTable
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from domain.storage.schema_version import upgrade
from domain.storage.tables import metadata
from domain.text_rules import clean_line, clean_text
from domain.workshop import (
    CLIENT_WINDOW_SECONDS,
    CODE_GUESSES_PER_CLIENT,
    JOINS_PER_CLIENT,
    MAX_PARTICIPANTS,
    RATE_WINDOW_SECONDS,
    Ballot,
    Kind,
    Participant,
    Refusal,
    Session,
    check_ballots,
    new_code,
)

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


# Every submission, kept to count them: ballots replaced by a re-vote leave no other trace.
submissions = SqlTable(
    "workshop_submissions",
    metadata,
    Column("session_id", String(40), nullable=False),
    Column("participant_id", String(40), nullable=False),
    Column("at", DateTime(), nullable=False),
    Index("workshop_submissions_by_participant", "session_id", "participant_id", "at"),
)

# Which client (a browser's cookie, or an address) joined as which participant: a second join
# from the same browser gets the same participant, and the facilitator sees joins per client.
clients = SqlTable(
    "workshop_clients",
    metadata,
    Column("session_id", String(40), nullable=False),
    Column("participant_id", String(40), nullable=False),
    Column("client", String(64), nullable=False),
    Column("at", DateTime(), nullable=False),
    Index("workshop_clients_by_client", "session_id", "client"),
)

# Wrong codes typed, per client, to slow down guessing.
attempts = SqlTable(
    "workshop_attempts",
    metadata,
    Column("client", String(64), nullable=False, index=True),
    Column("at", DateTime(), nullable=False),
)

exclusions = SqlTable(
    "workshop_exclusions",
    metadata,
    Column("session_id", String(40), primary_key=True),
    Column("participant_id", String(40), primary_key=True),
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
        upgrade(engine)

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

    def open_by_code(self, code: str, client: str) -> Session | Refusal:
        """The open session of a code typed by a participant. Unknown, closed and expired codes
        get the same answer (a code says nothing of past sessions), and a client that typed
        too many wrong codes in the last minute is refused before the code is looked up."""
        now = _now()
        since = now - dt.timedelta(seconds=CLIENT_WINDOW_SECONDS)
        with self.engine.begin() as conn:
            wrong = conn.execute(
                select(func.count()).select_from(attempts).where(attempts.c.client == client, attempts.c.at > since)
            ).scalar()
            if (wrong or 0) >= CODE_GUESSES_PER_CLIENT:
                return Refusal("too_many_attempts", {"seconds": CLIENT_WINDOW_SECONDS})
            row = conn.execute(select(sessions).where(sessions.c.code == code)).first()
            found = _session(row) if row else None
            if found is None or not found.is_open(now):
                conn.execute(delete(attempts).where(attempts.c.at <= since))
                conn.execute(insert(attempts).values(client=client, at=now))
                return Refusal("unknown_code", {"code": code})
        return found

    def of_strategy(self, strategy_id: str) -> list[Session]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(sessions).where(sessions.c.strategy_id == strategy_id).order_by(sessions.c.opened_at.desc())
            )
            return [_session(r) for r in rows]

    def join(self, session: Session, name: str, client: str = "") -> str | Refusal:
        """A new participant id, unless this client (an address) joined too often in the last
        minute or the room is full."""
        now = _now()
        with self.engine.begin() as conn:
            if client:
                recent = conn.execute(
                    select(func.count())
                    .select_from(clients)
                    .where(
                        clients.c.session_id == session.id,
                        clients.c.client == client,
                        clients.c.at > now - dt.timedelta(seconds=CLIENT_WINDOW_SECONDS),
                    )
                ).scalar()
                if (recent or 0) >= JOINS_PER_CLIENT:
                    return Refusal("too_many_joins", {"seconds": CLIENT_WINDOW_SECONDS})
            present = conn.execute(
                select(func.count()).select_from(participants).where(participants.c.session_id == session.id)
            ).scalar()
            if (present or 0) >= MAX_PARTICIPANTS:
                return Refusal("full", {"max": MAX_PARTICIPANTS})
            pid = secrets.token_urlsafe(9)
            conn.execute(
                insert(participants).values(
                    session_id=session.id, id=pid, name=clean_line(name).strip()[:80], joined_at=now
                )
            )
            conn.execute(insert(clients).values(session_id=session.id, participant_id=pid, client=client, at=now))
        return pid

    def participants(self, session_id: str) -> list[Participant]:
        """Who joined, with how many joined from the same client: the facilitator spots a
        script (dozens of joins from one client) and can exclude its participants."""
        with self.engine.connect() as conn:
            people = conn.execute(
                select(participants).where(participants.c.session_id == session_id).order_by(participants.c.joined_at)
            ).all()
            client_of = {
                r.participant_id: r.client
                for r in conn.execute(select(clients).where(clients.c.session_id == session_id))
            }
            excluded = set(
                conn.execute(select(exclusions.c.participant_id).where(exclusions.c.session_id == session_id)).scalars()
            )
        per_client: dict[str, int] = {}
        for client in client_of.values():
            per_client[client] = per_client.get(client, 0) + 1
        return [
            Participant(
                p.id,
                p.name,
                p.joined_at,
                hashed(client_of.get(p.id, "")),
                per_client.get(client_of.get(p.id, ""), 1),
                p.id in excluded,
            )
            for p in people
        ]

    def exclude(self, session_id: str, participant_ids: list[str]) -> None:
        """Their ballots no longer count and they can vote no more."""
        with self.engine.begin() as conn:
            done = set(
                conn.execute(select(exclusions.c.participant_id).where(exclusions.c.session_id == session_id)).scalars()
            )
            for pid in dict.fromkeys(participant_ids):
                if pid not in done:
                    conn.execute(insert(exclusions).values(session_id=session_id, participant_id=pid, at=_now()))

    def participant_name(self, session_id: str, participant_id: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(
                select(participants.c.name).where(
                    participants.c.session_id == session_id, participants.c.id == participant_id
                )
            ).scalar()

    def vote(self, session: Session, participant_id: str, new: list[Ballot]) -> Refusal | None:
        """Store a participant's ballots (replacing theirs for the same items), or say why not.

        One participant's submissions are serialised: the transaction starts by writing their
        row, which locks it (PostgreSQL) or the database (SQLite) until it ends, so a dot-vote
        budget or a rate limit cannot be overrun by concurrent submissions."""
        now = _now()
        current = self.get(session.id) or session  # the session may have been closed meanwhile
        with self.engine.begin() as conn:
            held = conn.execute(
                update(participants)
                .where(participants.c.session_id == session.id, participants.c.id == participant_id)
                .values(name=participants.c.name)
            )
            if held.rowcount != 1:
                return Refusal("unknown_participant")
            if conn.execute(
                select(exclusions.c.participant_id).where(
                    exclusions.c.session_id == session.id, exclusions.c.participant_id == participant_id
                )
            ).first():
                return Refusal("excluded")
            recent = (
                conn.execute(
                    select(func.count())
                    .select_from(submissions)
                    .where(
                        submissions.c.session_id == session.id,
                        submissions.c.participant_id == participant_id,
                        submissions.c.at > now - dt.timedelta(seconds=RATE_WINDOW_SECONDS),
                    )
                ).scalar()
                or 0
            )
            others: list[Ballot] = []
            if current.kind in ("dot_vote_issues", "dot_vote_actions", "ideas"):
                # points are spread over several items, ideas add up: the participant's others count
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
            conn.execute(insert(submissions).values(session_id=session.id, participant_id=participant_id, at=now))
            for b in new:
                key = and_(
                    ballots.c.session_id == session.id,
                    ballots.c.participant_id == participant_id,
                    ballots.c.item == b.item,
                    ballots.c.criterion == b.criterion,
                )
                text = clean_text(b.text)[:2000]
                done = conn.execute(update(ballots).where(key).values(value=b.value, text=text, at=now))
                if done.rowcount == 0:
                    conn.execute(
                        insert(ballots).values(
                            session_id=session.id,
                            participant_id=participant_id,
                            item=b.item[:300],
                            criterion=b.criterion[:40],
                            value=b.value,
                            text=text,
                            at=now,
                        )
                    )
        return None

    def ballots(self, session_id: str) -> list[Ballot]:
        """The ballots that count: those of excluded participants are left out."""
        with self.engine.connect() as conn:
            excluded = select(exclusions.c.participant_id).where(exclusions.c.session_id == session_id)
            return [
                Ballot(r.participant_id, r.item, r.criterion, r.value, r.text)
                for r in conn.execute(
                    select(ballots).where(ballots.c.session_id == session_id, ballots.c.participant_id.not_in(excluded))
                )
            ]

    def ballots_of(self, session_id: str, participant_id: str) -> list[Ballot]:
        """One participant's ballots: a phone opened again shows its earlier votes."""
        with self.engine.connect() as conn:
            return [
                Ballot(r.participant_id, r.item, r.criterion, r.value, r.text)
                for r in conn.execute(
                    select(ballots).where(
                        ballots.c.session_id == session_id, ballots.c.participant_id == participant_id
                    )
                )
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


def hashed(client: str) -> str:
    """A short, stable fingerprint of a client for the facilitator's list (not reversible)."""
    return hashlib.sha256(client.encode()).hexdigest()[:8] if client else ""


def client_key(address: object) -> str:
    """Who is joining, for the limits: the network address (stored hashed). Streamlit gives a
    browser no cookie that lasts across reloads, so a device cannot be told from another on
    the same network; a reload of the same tab keeps its participant through the address bar."""
    where = address if isinstance(address, str) and address else "unknown"
    return "address:" + hashlib.sha256(where.encode()).hexdigest()[:40]
