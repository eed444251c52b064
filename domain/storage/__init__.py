"""Persistence of strategies and their revisions (SQLAlchemy: SQLite or PostgreSQL)."""

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
    "NotFoundError",
    "RevisionInfo",
    "StaleRevisionError",
    "Store",
    "Summary",
    "UnreadableError",
    "WorkshopStore",
    "new_strategy_id",
]
