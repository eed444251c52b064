"""Persistence of strategies and their revisions (SQLAlchemy: SQLite or PostgreSQL)."""

from domain.storage.members import MACHINE, ROLES, ForbiddenError, LastOwnerError, Member, Role
from domain.storage.store import (
    NotFoundError,
    RevisionInfo,
    StaleRevisionError,
    Store,
    Summary,
    UnreadableError,
    new_strategy_id,
)
from domain.storage.workshops import WorkshopStore

__all__ = [
    "MACHINE",
    "ROLES",
    "ForbiddenError",
    "LastOwnerError",
    "Member",
    "NotFoundError",
    "RevisionInfo",
    "Role",
    "StaleRevisionError",
    "Store",
    "Summary",
    "UnreadableError",
    "WorkshopStore",
    "new_strategy_id",
]
