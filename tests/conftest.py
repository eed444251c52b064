"""Shared fixtures: the sample strategy, and stores on SQLite (always) and PostgreSQL (CI)."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from domain.document import read_document
from domain.model import Strategy
from domain.storage import Store

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data" / "fougeres-agglomeration.json"
IN_CI = os.environ.get("CI") == "true"


@pytest.fixture
def sample() -> Strategy:
    result = read_document(SAMPLE.read_bytes())
    assert result.ok and result.strategy is not None
    return result.strategy


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url and IN_CI:
        pytest.fail("CI must run the store tests against PostgreSQL: TEST_POSTGRES_URL is not set")
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """The same store tests run on SQLite and on PostgreSQL (a fresh schema per test)."""
    if request.param == "sqlite":
        yield Store(f"sqlite:///{tmp_path / 'store.sqlite3'}")
        return
    url = _postgres_url()
    if not url:
        pytest.skip("no PostgreSQL server (set TEST_POSTGRES_URL)")
    schema = f"t_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    s = Store(f"{url}{sep}options=-csearch_path%3D{schema}")
    try:
        yield s
    finally:
        s.engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


@pytest.fixture(scope="session")
def shared_geo() -> Path:
    """Real commune boundaries shipped beside the project (never copied into it)."""
    folder = Path(os.environ.get("SHARED_DATA_DIR", ROOT.parent / "shared" / "data")) / "geo"
    if not folder.is_dir():
        if IN_CI:
            pytest.fail(f"{folder} is missing")
        pytest.skip("shared geo data not found")
    return folder


def run_together(count: int, target: Callable[[int], object]) -> None:
    """`target(0)` … `target(count - 1)` in threads of their own, all started, all awaited."""
    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
