"""The store's tables brought to the current version of their schema (Alembic, the scripts in
`domain/storage/schema/versions`), when a store is opened.

Several app processes may start at once on one PostgreSQL database: the upgrade runs under a
database lock, so one process migrates and the others find the schema already current. A
database made before migrations were versioned (its tables there, no version recorded) is
recorded at the first version, then upgraded.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from domain.storage.tables import metadata

SCRIPTS = Path(__file__).resolve().parent / "schema"
FIRST = "0001"
LOCK_ID = 7_314_159  # PostgreSQL advisory lock: one migrating process at a time


def upgrade(engine: Engine) -> None:
    """Bring the store's tables in `engine` to the newest schema version."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOCK_ID})
        current = MigrationContext.configure(conn).get_current_revision()
        if current == head():
            return  # the usual case: one query
        config = _config()
        config.attributes["connection"] = conn
        if current is None and _has_store_tables(conn):
            command.stamp(config, FIRST)  # made before versioning: its tables are the first version
        command.upgrade(config, "head")


@functools.cache
def head() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


def _has_store_tables(conn) -> bool:  # type: ignore[no-untyped-def]
    return bool(set(inspect(conn).get_table_names()) & set(metadata.tables))
