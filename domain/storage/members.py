"""Who may do what with each strategy: owner, editor or viewer, by e-mail address.

The store checks every write against these roles (not only the screens). A strategy with no
member at all (stored before roles existed, or a sample seeded into a new store) belongs to
the person at the machine (`MACHINE`), the identity of a browser on the machine itself when
no identity provider is configured.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Literal, get_args

from sqlalchemy import Column, DateTime, String, Table, delete, func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from domain.storage.tables import metadata

Role = Literal["owner", "editor", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)
RANK: dict[str, int] = {"viewer": 1, "editor": 2, "owner": 3}
MACHINE = "local"
MAX_EMAIL = 320

members = Table(
    "strategy_members",
    metadata,
    Column("strategy_id", String(40), primary_key=True),
    Column("email", String(MAX_EMAIL), primary_key=True),
    Column("role", String(10), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
    Column("added_by", String(MAX_EMAIL), nullable=False, default=""),
)


# Read-only links (for elected officials): whoever holds one sees that strategy as a viewer,
# until its owner revokes it.
links = Table(
    "share_links",
    metadata,
    Column("token", String(64), primary_key=True),
    Column("strategy_id", String(40), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(MAX_EMAIL), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)
LINK_PREFIX = "link:"  # the identity of someone holding a read-only link


@dataclass(frozen=True)
class Link:
    token: str
    created_at: dt.datetime
    created_by: str


class ForbiddenError(Exception):
    """The person may not do this to this strategy (or may not see it at all)."""

    def __init__(self, strategy_id: str, who: str, needed: str) -> None:
        super().__init__(f"{who} may not act as {needed} on {strategy_id}")
        self.needed = needed


class LastOwnerError(Exception):
    """A strategy keeps at least one owner."""


@dataclass(frozen=True)
class Member:
    email: str
    role: Role
    added_at: dt.datetime
    added_by: str


def normalise_email(email: str) -> str:
    return email.strip().lower()[:MAX_EMAIL]


class Members:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def of(self, strategy_id: str) -> list[Member]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(members).where(members.c.strategy_id == strategy_id).order_by(members.c.email))
            return [Member(r.email, r.role, r.added_at, r.added_by) for r in rows]

    def role(self, strategy_id: str, who: str) -> Role | None:
        with self.engine.connect() as conn:
            return _role(conn, strategy_id, who)

    def require(self, conn: Connection, strategy_id: str, who: str, needed: Role) -> None:
        """Refuse (ForbiddenError) unless `who` holds `needed` or more on the strategy."""
        held = _role(conn, strategy_id, who)
        if held is None or RANK[held] < RANK[needed]:
            raise ForbiddenError(strategy_id, who, needed)

    def add_owner(self, conn: Connection, strategy_id: str, who: str, now: dt.datetime) -> None:
        _insert_owner(conn, strategy_id, who, now)

    def set(self, strategy_id: str, email: str, role: Role, *, by: str) -> None:
        """Invite or change a member (owners only); a strategy keeps at least one owner."""
        if role not in ROLES:  # SQLite would store any text; PostgreSQL would fail on a long one
            raise ValueError(f"unknown role {role!r}: one of {', '.join(ROLES)}")
        email = normalise_email(email)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        with self.engine.begin() as conn:
            self.require(conn, strategy_id, by, "owner")
            _claim_if_unclaimed(conn, strategy_id, by, now)
            current = _role(conn, strategy_id, email, unclaimed_machine=False)
            if current == "owner" and role != "owner" and _owners(conn, strategy_id) <= 1:
                raise LastOwnerError(strategy_id)
            if current is None:
                conn.execute(
                    insert(members).values(strategy_id=strategy_id, email=email, role=role, added_at=now, added_by=by)
                )
            else:
                conn.execute(
                    update(members)
                    .where(members.c.strategy_id == strategy_id, members.c.email == email)
                    .values(role=role)
                )

    def remove(self, strategy_id: str, email: str, *, by: str) -> None:
        email = normalise_email(email)
        with self.engine.begin() as conn:
            self.require(conn, strategy_id, by, "owner")
            if _role(conn, strategy_id, email, unclaimed_machine=False) == "owner" and _owners(conn, strategy_id) <= 1:
                raise LastOwnerError(strategy_id)
            conn.execute(delete(members).where(members.c.strategy_id == strategy_id, members.c.email == email))

    def forget(self, conn: Connection, strategy_id: str) -> None:
        conn.execute(delete(members).where(members.c.strategy_id == strategy_id))
        conn.execute(delete(links).where(links.c.strategy_id == strategy_id))

    def create_link(self, strategy_id: str, *, by: str) -> str:
        """A new read-only link's secret (owners only)."""
        token = secrets.token_urlsafe(24)
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        with self.engine.begin() as conn:
            self.require(conn, strategy_id, by, "owner")
            conn.execute(insert(links).values(token=token, strategy_id=strategy_id, created_at=now, created_by=by))
        return token

    def revoke_link(self, strategy_id: str, token: str, *, by: str) -> None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        with self.engine.begin() as conn:
            self.require(conn, strategy_id, by, "owner")
            conn.execute(
                update(links).where(links.c.token == token, links.c.strategy_id == strategy_id).values(revoked_at=now)
            )

    def links_of(self, strategy_id: str) -> list[Link]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(links)
                .where(links.c.strategy_id == strategy_id, links.c.revoked_at.is_(None))
                .order_by(links.c.created_at)
            )
            return [Link(r.token, r.created_at, r.created_by) for r in rows]

    def linked_strategy(self, token: str) -> str | None:
        """The strategy a read-only link opens, while it is not revoked."""
        if not token or len(token) > 64:
            return None
        with self.engine.connect() as conn:
            return conn.execute(
                select(links.c.strategy_id).where(links.c.token == token, links.c.revoked_at.is_(None))
            ).scalar()


def _role(conn: Connection, strategy_id: str, who: str, *, unclaimed_machine: bool = True) -> Role | None:
    if who.startswith(LINK_PREFIX):  # a read-only link: a viewer of its strategy, while active
        active = conn.execute(
            select(links.c.token).where(
                links.c.token == who[len(LINK_PREFIX) :],
                links.c.strategy_id == strategy_id,
                links.c.revoked_at.is_(None),
            )
        ).first()
        return "viewer" if active else None
    rows = conn.execute(select(members.c.email, members.c.role).where(members.c.strategy_id == strategy_id)).all()
    if not rows:
        return "owner" if unclaimed_machine and who == MACHINE else None
    return next((r.role for r in rows if r.email == who), None)


def _owners(conn: Connection, strategy_id: str) -> int:
    return (
        conn.execute(
            select(func.count())
            .select_from(members)
            .where(members.c.strategy_id == strategy_id, members.c.role == "owner")
        ).scalar()
        or 0
    )


def _claim_if_unclaimed(conn: Connection, strategy_id: str, who: str, now: dt.datetime) -> None:
    """The first invitation to an unclaimed strategy makes its owner (the machine) explicit."""
    if not conn.execute(select(members.c.email).where(members.c.strategy_id == strategy_id)).first():
        _insert_owner(conn, strategy_id, who, now)


def _insert_owner(conn: Connection, strategy_id: str, who: str, now: dt.datetime) -> None:
    conn.execute(insert(members).values(strategy_id=strategy_id, email=who, role="owner", added_at=now, added_by=who))
