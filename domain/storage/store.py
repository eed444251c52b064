"""The strategy store: SQLite by default, PostgreSQL when STRATEGY_DB_URL says so (SQLAlchemy).

Each save writes a new revision; a save based on a revision that is no longer the latest is
refused (optimistic concurrency), so two tabs can never silently overwrite each other.

A revision saved as an edit of the one before is stored as what it changed
(`domain.storage.delta`); every SNAPSHOT_EVERY-th revision, and any revision not derived from
the one before it (a creation, a restore, an import), is stored whole. Loading a revision
reads back to the last whole one before it (at most SNAPSHOT_EVERY rows) and applies the
deltas in order.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    create_engine,
    delete,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Connection, Engine

from domain.changes import Change, changes
from domain.document import schema_problems
from domain.model import ID_PATTERN, Strategy
from domain.problems import Problem
from domain.revalidate import Refused, validated_changes
from domain.storage.delta import BrokenDelta, apply, apply_to, delta
from domain.storage.members import LINK_PREFIX, MACHINE, Members, Role, members
from domain.storage.presence import People
from domain.storage.schema_version import upgrade
from domain.storage.tables import metadata
from domain.text_rules import clean_line

SNAPSHOT_EVERY = 50  # a whole document at least this often: loading applies fewer deltas
RECENT_STRATEGIES = 32  # strategies whose newest revision a process keeps at hand
DEFAULT_SQLITE_PATH = Path(__file__).resolve().parents[2] / "data" / "strategies.sqlite3"


strategies = Table(
    "strategies",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("title", String(300), nullable=False),
    Column("territory", String(300), nullable=False, default=""),
    Column("revision", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

revisions = Table(
    "revisions",
    metadata,
    Column("strategy_id", String(40), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("saved_at", DateTime(timezone=True), nullable=False),
    Column("saved_by", String(300), nullable=False, default=""),
    Column("summary", String(300), nullable=False, default=""),
    Column("document", Text, nullable=False),
)


# What each revision changed, in words (domain.changes), for the history.
revision_changes = Table(
    "revision_changes",
    metadata,
    Column("strategy_id", String(40), primary_key=True),
    Column("revision", Integer, primary_key=True),
    Column("changes", Text, nullable=False),
)


class StaleRevisionError(Exception):
    """The strategy was saved elsewhere since the revision this change started from."""

    def __init__(self, strategy_id: str, base: int, latest: int) -> None:
        super().__init__(f"{strategy_id}: revision {base} is stale, latest is {latest}")
        self.base = base
        self.latest = latest


class NotFoundError(Exception):
    """No strategy with that id."""


class UnreadableError(Exception):
    """A stored revision (or a document about to be stored) does not validate: its problems
    say where. Stored data from an earlier version can be in this state; the history still
    opens and an earlier revision can be restored."""

    def __init__(self, strategy_id: str, revision: int | None, problems: list[Problem]) -> None:
        super().__init__(f"{strategy_id}@{revision}: {len(problems)} problem(s), first at {problems[0].path}")
        self.strategy_id = strategy_id
        self.revision = revision
        self.problems = problems


@dataclass(frozen=True)
class Summary:
    id: str
    title: str
    territory: str
    revision: int
    updated_at: dt.datetime


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    saved_at: dt.datetime
    saved_by: str
    summary: str


def new_strategy_id() -> str:
    return uuid.uuid4().hex[:12]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def default_url() -> str:
    url = os.environ.get("STRATEGY_DB_URL", "").strip()
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


class Store:
    """Strategies and their revisions in one database."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        # Enough connections for the people of a workshop or a team saving at once: a save that
        # merges holds its connection while the strategy is locked.
        self.engine: Engine = create_engine(self.url, future=True, pool_size=10, max_overflow=40, pool_timeout=30)
        # The last revision read or written of each strategy, kept to merge onto it without
        # parsing it again. Documents are values here (edits are copies), and a revision
        # number names one content for good, so a stale entry is only a miss.
        # The newest revision this process knows of each strategy it used lately, to read the
        # next ones as changes; bounded (a document can weigh a megabyte), oldest use dropped.
        self._recent: OrderedDict[str, Strategy] = OrderedDict()
        self._recent_lock = threading.Lock()  # sessions of one process save from their own threads
        self.members = Members(self.engine)
        self.people = People(self.engine)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        upgrade(self.engine)

    # --- reading ---------------------------------------------------------------------

    def summaries(self, for_user: str | None = None) -> list[Summary]:
        """Every strategy, or those `for_user` belongs to (the machine's person: also every
        strategy nobody has claimed)."""
        query = select(strategies).order_by(strategies.c.updated_at.desc(), strategies.c.title)
        if for_user is not None and for_user.startswith(LINK_PREFIX):
            query = query.where(strategies.c.id == self.members.linked_strategy(for_user[len(LINK_PREFIX) :]))
        elif for_user is not None:
            mine = select(members.c.strategy_id).where(members.c.email == for_user)
            claimed = select(members.c.strategy_id)
            if for_user == MACHINE:
                query = query.where(strategies.c.id.in_(mine) | strategies.c.id.not_in(claimed))
            else:
                query = query.where(strategies.c.id.in_(mine))
        with self.engine.connect() as conn:
            return [Summary(r.id, r.title, r.territory, r.revision, r.updated_at) for r in conn.execute(query)]

    def role(self, strategy_id: str, who: str) -> Role | None:
        return self.members.role(strategy_id, who)

    def load(self, strategy_id: str, revision: int | None = None, *, by: str = "") -> Strategy:
        """A stored revision (the latest by default); UnreadableError says where it fails.
        With `by`, someone who is not a member is told it does not exist."""
        if not re.fullmatch(ID_PATTERN, strategy_id or ""):
            raise NotFoundError(strategy_id[:40])  # not an id at all (NUL, markup…): never queried
        if by and self.members.role(strategy_id, by) is None:
            raise NotFoundError(strategy_id)
        with self.engine.connect() as conn:
            if revision is None:
                revision = conn.execute(select(strategies.c.revision).where(strategies.c.id == strategy_id)).scalar()
                if revision is None:
                    raise NotFoundError(strategy_id)
            return self._read_known(conn, strategy_id, revision)

    def _remember(self, doc: Strategy) -> Strategy:
        with self._recent_lock:
            self._recent[doc.id] = doc
            self._recent.move_to_end(doc.id)
            while len(self._recent) > RECENT_STRATEGIES:
                self._recent.popitem(last=False)
        return doc

    def _read_known(self, conn: Connection, strategy_id: str, revision: int) -> Strategy:
        """A revision, from the newest one this process knows when it is on the way: the
        revisions since then are applied as the changes they are stored as (another replica's
        saves, or another person's), instead of reading and validating the whole document."""
        known = self._recent.get(strategy_id)
        if known is not None and known.revision == revision:
            return known
        if known is not None and known.revision < revision:
            try:
                return self._remember(_caught_up(conn, known, revision))
            except (BrokenDelta, ValidationError, ValueError, TypeError):
                pass  # read from its last whole revision below, which says what is wrong
        doc = _read(conn, strategy_id, revision)
        newest = self._recent.get(strategy_id)
        return self._remember(doc) if newest is None or newest.revision < doc.revision else doc

    def last_readable(self, strategy_id: str) -> int | None:
        """The newest revision that loads, for restoring a strategy whose latest one does not."""
        for info in self.revisions(strategy_id):
            try:
                self.load(strategy_id, info.revision)
            except UnreadableError:
                continue
            return info.revision
        return None

    def latest_revision(self, strategy_id: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.execute(select(strategies.c.revision).where(strategies.c.id == strategy_id)).scalar()

    def revisions(self, strategy_id: str) -> list[RevisionInfo]:
        query = (
            select(revisions.c.revision, revisions.c.saved_at, revisions.c.saved_by)
            .add_columns(revisions.c.summary)
            .where(revisions.c.strategy_id == strategy_id)
            .order_by(revisions.c.revision.desc())
        )
        with self.engine.connect() as conn:
            return [RevisionInfo(r[0], r[1], r[2], r[3]) for r in conn.execute(query)]

    # --- writing ---------------------------------------------------------------------

    def create(self, strategy: Strategy, *, by: str = "", summary: str = "", keep_id: bool = False) -> Strategy:
        """Store a new strategy as its revision 1 (a fresh id when it has none or a taken one);
        `by` becomes its owner (without `by`, as from the command line, it is unclaimed).
        `keep_id`: never a fresh id; an id taken meanwhile raises IntegrityError."""
        now = _now()
        sid = strategy.id
        if not keep_id and self.latest_revision(sid) is not None:
            sid = new_strategy_id()
        doc = strategy.model_copy(
            update={
                "id": sid,
                "revision": 1,
                "created_at": strategy.created_at or now,
                "updated_at": now,
                "updated_by": by or strategy.updated_by,
            }
        )
        doc = loadable(doc)
        text = _stored_text(doc, None)
        with self.engine.begin() as conn:
            conn.execute(
                insert(strategies).values(
                    id=sid,
                    title=doc.title,
                    territory=doc.territory.name,
                    revision=1,
                    created_at=now,
                    updated_at=now,
                )
            )
            if by:
                self.members.add_owner(conn, sid, by, now)
            self._insert_revision(conn, doc, text, by, summary, now)
        return self._remember(doc)

    def save(
        self,
        strategy: Strategy,
        *,
        base_revision: int,
        by: str = "",
        summary: str = "",
        copied_from: Strategy | None = None,
    ) -> Strategy:
        """Save `strategy` as the revision after `base_revision`, or refuse if that is stale.
        `copied_from`: the loaded document it was derived from (only its changes are validated).
        `by`: who saves; they must be an editor or owner (ForbiddenError), checked here."""
        now = _now()
        new_revision = base_revision + 1
        doc = strategy.model_copy(update={"revision": new_revision, "updated_at": now, "updated_by": by})
        doc = loadable(doc, copied_from)  # refused before anything is written
        text = _stored_text(doc, copied_from)
        with self.engine.begin() as conn:
            if by:
                self.members.require(conn, doc.id, by, "editor")
            # Compare-and-set: only the writer that still holds the latest revision wins.
            result = conn.execute(
                update(strategies)
                .where(strategies.c.id == doc.id, strategies.c.revision == base_revision)
                .values(
                    revision=new_revision,
                    title=doc.title,
                    territory=doc.territory.name,
                    updated_at=now,
                )
            )
            if result.rowcount != 1:
                latest = conn.execute(select(strategies.c.revision).where(strategies.c.id == strategy.id)).scalar()
                if latest is None:
                    raise NotFoundError(strategy.id)
                raise StaleRevisionError(strategy.id, base_revision, latest)
            self._insert_revision(conn, doc, text, by, summary, now, changes(copied_from, doc) if copied_from else [])
        return self._remember(doc)

    def change_latest(
        self, strategy_id: str, change: Callable[[Strategy], Strategy], *, by: str = "", summary: str = ""
    ) -> Strategy:
        """Save `change(latest)` as the next revision, the strategy locked meanwhile (its row in
        PostgreSQL, the database in SQLite): other writers wait instead of retrying, so a merge
        onto the latest revision is never overtaken."""
        now = _now()
        with self.engine.begin() as conn:
            held = conn.execute(
                update(strategies).where(strategies.c.id == strategy_id).values(revision=strategies.c.revision)
            )
            if held.rowcount != 1:
                raise NotFoundError(strategy_id)
            if by:
                self.members.require(conn, strategy_id, by, "editor")
            latest = conn.execute(select(strategies.c.revision).where(strategies.c.id == strategy_id)).scalar_one()
            theirs = self._read_known(conn, strategy_id, latest)
            doc = change(theirs).model_copy(update={"revision": latest + 1, "updated_at": now, "updated_by": by})
            doc = loadable(doc, theirs)  # what the change left as theirs is not checked again
            text = _stored_text(doc, theirs)
            conn.execute(
                update(strategies)
                .where(strategies.c.id == strategy_id)
                .values(revision=latest + 1, title=doc.title, territory=doc.territory.name, updated_at=now)
            )
            self._insert_revision(conn, doc, text, by, summary, now, changes(theirs, doc))
        return self._remember(doc)

    def restore(self, strategy_id: str, revision: int, *, base_revision: int, by: str = "") -> Strategy:
        """Make an earlier revision the latest one again (as a new revision: history is kept)."""
        old = self.load(strategy_id, revision)
        return self.save(old, base_revision=base_revision, by=by, summary=f"restore:{revision}")

    def duplicate(self, strategy_id: str, *, title: str, by: str = "") -> Strategy:
        """A copy under a new id, owned by `by` (who must be able to read the original)."""
        source = self.load(strategy_id, by=by)
        copy = source.model_copy(update={"id": new_strategy_id(), "title": title, "created_at": None})
        return self.create(copy, by=by, summary=f"duplicate:{strategy_id}")

    def delete(self, strategy_id: str, *, by: str = "") -> None:
        """Delete a strategy and its history; with `by`, only an owner may."""
        with self.engine.begin() as conn:
            if by:
                self.members.require(conn, strategy_id, by, "owner")
            self.members.forget(conn, strategy_id)
            conn.execute(delete(revision_changes).where(revision_changes.c.strategy_id == strategy_id))
            conn.execute(delete(revisions).where(revisions.c.strategy_id == strategy_id))
            conn.execute(delete(strategies).where(strategies.c.id == strategy_id))

    def changes_by_revision(self, strategy_id: str) -> dict[int, list[Change]]:
        """What each revision changed, for those saved with it (edits, merges)."""
        query = select(revision_changes).where(revision_changes.c.strategy_id == strategy_id)
        with self.engine.connect() as conn:
            return {r.revision: [Change(**c) for c in json.loads(r.changes)] for r in conn.execute(query)}

    def _insert_revision(  # type: ignore[no-untyped-def]
        self,
        conn,
        doc: Strategy,
        text: str,
        by: str,
        summary: str,
        now: dt.datetime,
        notes: list[Change] | None = None,
    ) -> None:
        if notes:
            conn.execute(
                insert(revision_changes).values(
                    strategy_id=doc.id, revision=doc.revision, changes=json.dumps([c.as_dict() for c in notes])
                )
            )
        conn.execute(
            insert(revisions).values(
                strategy_id=doc.id,
                revision=doc.revision,
                saved_at=now,
                saved_by=clean_line(by)[:300],
                summary=clean_line(summary)[:300],
                document=text,
            )
        )


def loadable(doc: Strategy, base: Strategy | None = None) -> Strategy:
    """The document as it will load back; UnreadableError if it would not.

    A document built by code (a copy with a field replaced) skipped validation, so what is
    written is validated first: all of it, or with `base` (the validated document it was
    copied from) only the parts that are not the very same objects (`domain.revalidate`)."""
    if base is None:
        try:
            return Strategy.model_validate_json(doc.model_dump_json())
        except ValidationError as exc:
            raise UnreadableError(doc.id, doc.revision, schema_problems(exc)) from None
    try:
        return validated_changes(doc, base)
    except Refused as refused:
        raise UnreadableError(doc.id, doc.revision, refused.problems) from None


def _stored_text(doc: Strategy, previous: Strategy | None) -> str:
    """What is written for `doc`: its changes from `previous` when that is the revision just
    before it (and no snapshot is due), else the whole document."""
    if previous is None or previous.revision != doc.revision - 1 or doc.revision % SNAPSHOT_EVERY == 0:
        return doc.model_dump_json()
    return json.dumps([previous.revision, delta(previous, doc)], ensure_ascii=False, separators=(",", ":"))


def _caught_up(conn: Connection, known: Strategy, revision: int) -> Strategy:
    """`known` brought to `revision` through the revisions stored after it."""
    rows = conn.execute(
        select(revisions.c.revision, revisions.c.document)
        .where(
            revisions.c.strategy_id == known.id,
            revisions.c.revision > known.revision,
            revisions.c.revision <= revision,
        )
        .order_by(revisions.c.revision)
    ).all()
    doc = known
    for number, text in rows:
        if text.startswith("{"):  # a whole revision on the way: it is the base from there
            doc = Strategy.model_validate_json(text)
            continue
        base, changes = json.loads(text)
        if base != doc.revision or number != doc.revision + 1:
            raise BrokenDelta(str(number))
        doc = apply_to(doc, changes)
    if doc.revision != revision:
        raise BrokenDelta(str(revision))
    return doc


def _read(conn, strategy_id: str, revision: int) -> Strategy:  # type: ignore[no-untyped-def]
    """Revision `revision` of a strategy: NotFoundError, or UnreadableError saying where it fails."""
    rows = conn.execute(
        select(revisions.c.revision, revisions.c.document)
        .where(
            revisions.c.strategy_id == strategy_id,
            revisions.c.revision <= revision,
            revisions.c.revision > revision - SNAPSHOT_EVERY,
        )
        .order_by(revisions.c.revision.desc())
    ).all()
    if not rows or rows[0][0] != revision:
        raise NotFoundError(f"{strategy_id}@{revision}")
    try:
        if rows[0][1].startswith("{"):  # stored whole
            return Strategy.model_validate_json(rows[0][1])
        chain: list[list] = []  # deltas back to the last whole revision, newest first
        for number, text in rows:
            if text.startswith("{"):
                data = json.loads(text)
                break
            base, changes = json.loads(text)
            if base != number - 1:
                raise BrokenDelta(str(number))
            chain.append(changes)
        else:
            raise BrokenDelta("snapshot")
        for changes in reversed(chain):
            apply(data, changes)
        return Strategy.model_validate(data)
    except ValidationError as exc:
        raise UnreadableError(strategy_id, revision, schema_problems(exc)) from None
    except (BrokenDelta, ValueError, TypeError) as exc:
        broken = Problem("$", "storage.broken_revision", {"part": str(exc)[:80]})
        raise UnreadableError(strategy_id, revision, [broken]) from None


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
    # WAL lets readers and one writer work at once (several browser tabs); NORMAL sync is
    # durable across application crashes, which is what autosave needs.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
