"""Who may do what with each strategy: owner, editor or viewer, by e-mail address.

The store checks every write against these roles (not only the screens). A strategy with no
member at all (stored before roles existed, or a sample seeded into a new store) belongs to
the person at the machine (`MACHINE`), the identity of a browser on the machine itself when
no identity provider is configured.
"""

from __future__ import annotations

import datetime as dt
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
        conn.execute(
            insert(members).values(strategy_id=strategy_id, email=who, role="owner", added_at=now, added_by=who)
        )

    def set(self, strategy_id: str, email: str, role: Role, *, by: str) -> None:
        """Invite or change a member (owners only); a strategy keeps at least one owner."""
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


def _role(conn: Connection, strategy_id: str, who: str, *, unclaimed_machine: bool = True) -> Role | None:
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
        conn.execute(
            insert(members).values(strategy_id=strategy_id, email=who, role="owner", added_at=now, added_by=who)
        )
