"""The store's schema is versioned (Alembic) and brought up to date when a store opens."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine

from domain.storage import Store
from domain.storage.schema_version import head, upgrade
from domain.storage.tables import metadata


def differences(engine) -> list:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), metadata))


def version(engine) -> str | None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_the_newest_version_read_from_the_scripts_names_is_alembics_head():
    from domain.storage.schema_version import newest_script

    assert newest_script() == head()


def test_a_new_database_gets_the_tables_of_the_model_at_the_newest_version(tmp_path: Path):
    store = Store(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert version(store.engine) == head() and differences(store.engine) == []


def test_a_database_made_before_versioning_is_recorded_then_kept(tmp_path: Path, sample):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = create_engine(url)
    metadata.create_all(engine)  # as the store made its tables before migrations
    assert version(engine) is None
    Store(url).create(sample)
    assert version(engine) == head()
    assert Store(url).load(sample.id).title == sample.title


@pytest.mark.postgres
def test_replicas_starting_together_on_postgresql_migrate_once(tmp_path: Path):
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL server (set TEST_POSTGRES_URL)")
    engine = create_engine(url)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            upgrade(create_engine(url))
        except BaseException as exc:  # a replica that fails to start shows here
            errors.append(exc)

    replicas = [threading.Thread(target=start) for _ in range(4)]
    for r in replicas:
        r.start()
    for r in replicas:
        r.join()
    assert errors == []
    assert version(engine) == head() and differences(engine) == []
