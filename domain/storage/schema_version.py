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
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

from domain.storage.tables import metadata

SCRIPTS = Path(__file__).resolve().parent / "schema"
FIRST = "0001"
LOCK_ID = 7_314_159  # PostgreSQL advisory lock: one migrating process at a time


def upgrade(engine: Engine) -> None:
    """Bring the store's tables in `engine` to the newest schema version."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": LOCK_ID})
        current = _recorded_version(conn)
        if current == newest_script():
            return  # the usual case, without importing Alembic (~140 ms of a server's first page)
        from alembic import command

        config = _config()
        config.attributes["connection"] = conn
        if current is None and _has_store_tables(conn):
            command.stamp(config, FIRST)  # made before versioning: its tables are the first version
        command.upgrade(config, "head")


def _recorded_version(conn) -> str | None:  # type: ignore[no-untyped-def]
    """The version Alembic recorded in the database (its table `alembic_version`), if any."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if version is None else str(version)


@functools.cache
def newest_script() -> str:
    """The newest version, from the scripts' names (`0002_what_it_does.py`: a linear history
    numbered in order; a test checks that Alembic reads the same head)."""
    return max(p.name.split("_", 1)[0] for p in (SCRIPTS / "versions").glob("[0-9]*_*.py"))


@functools.cache
def head() -> str | None:
    """The newest version as Alembic reads it from the scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def _config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    return config


def _has_store_tables(conn) -> bool:  # type: ignore[no-untyped-def]
    return bool(set(inspect(conn).get_table_names()) & set(metadata.tables))
