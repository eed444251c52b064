"""Backup and restore of the whole store (domain/storage/backup.py, `cli.py backup|restore`)."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from cli import main
from domain.document import write_document
from domain.storage import Store, WorkshopStore
from domain.storage.backup import BackupError, backup, restore
from domain.storage.tables import metadata
from domain.workshop import Ballot


def filled_store(url: str, sample) -> Store:  # type: ignore[no-untyped-def]
    """A store with what a backup must carry: revisions whole and as deltas, members and a
    read-only link, preferences, a workshop with participants and ballots."""
    store = Store(url)
    saved = store.create(sample, by="anne@agglo.fr")
    for n in range(1, 6):
        changed = saved.model_copy(update={"title": f"{sample.title} ({n})"})
        saved = store.save(changed, base_revision=saved.revision, by="anne@agglo.fr", copied_from=saved)
    store.members.set(sample.id, "bruno@agglo.fr", "editor", by="anne@agglo.fr")
    store.members.create_link(sample.id, by="anne@agglo.fr")
    store.people.remember("anne@agglo.fr", lang="en", presenting=True)
    ws = WorkshopStore(store.engine)
    session = ws.open(sample.id, "score_issues", "Atelier « enjeux »", ["is-1", "is-2"], criteria=["population"])
    alice = ws.join(session, "Alice")
    assert isinstance(alice, str)
    ws.vote(session, alice, [Ballot(alice, "is-1", "population", 4), Ballot(alice, "is-2", "population", 2)])
    return store


def rows(store: Store) -> dict[str, list[tuple]]:
    with store.engine.connect() as conn:
        return {
            t.name: sorted((tuple(str(v) for v in r) for r in conn.execute(select(t))), key=str)
            for t in metadata.sorted_tables
        }


def test_backup_then_restore_gives_back_every_revision_byte_for_byte(tmp_path: Path, sample):
    source = filled_store(f"sqlite:///{tmp_path / 'source.sqlite3'}", sample)
    counts = backup(source.engine, tmp_path / "store.backup.gz")
    assert counts["strategies"] == 1 and counts["revisions"] == 6 and counts["workshop_ballots"] == 2
    target = Store(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    assert restore(target.engine, tmp_path / "store.backup.gz") == {k: v for k, v in counts.items() if v}
    for revision in range(1, 7):
        assert write_document(target.load(sample.id, revision)) == write_document(source.load(sample.id, revision))
    assert rows(target) == rows(source)


def test_a_store_that_holds_data_is_not_overwritten_unless_told(tmp_path: Path, sample):
    source = filled_store(f"sqlite:///{tmp_path / 'source.sqlite3'}", sample)
    backup(source.engine, tmp_path / "b.gz")
    target = Store(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    target.create(sample.model_copy(update={"id": "other", "title": "Autre"}))
    with pytest.raises(BackupError, match="not empty"):
        restore(target.engine, tmp_path / "b.gz")
    assert [s.id for s in target.summaries()] == ["other"]  # nothing changed
    restore(target.engine, tmp_path / "b.gz", replace=True)
    assert [s.id for s in target.summaries()] == [sample.id]


def test_a_file_that_is_not_a_backup_changes_nothing(tmp_path: Path, sample):
    target = Store(f"sqlite:///{tmp_path / 'target.sqlite3'}")
    with gzip.open(tmp_path / "bad.gz", "wt") as f:
        f.write('{"format": "something else"}\n')
    with pytest.raises(BackupError, match="not a backup"):
        restore(target.engine, tmp_path / "bad.gz")
    source = filled_store(f"sqlite:///{tmp_path / 'source.sqlite3'}", sample)
    backup(source.engine, tmp_path / "good.gz")
    with gzip.open(tmp_path / "good.gz", "rt") as f:
        lines = f.read().splitlines()
    with gzip.open(tmp_path / "broken.gz", "wt") as f:  # a row of a table this store does not have
        f.write("\n".join([*lines[:5], '{"table": "nope", "row": {}}', *lines[5:]]) + "\n")
    with pytest.raises(BackupError, match="names no table"):
        restore(target.engine, tmp_path / "broken.gz")
    assert rows(target) == {t.name: [] for t in metadata.sorted_tables}  # one transaction: nothing kept


def test_the_command_line_backs_up_and_restores(tmp_path: Path, sample, capsys):
    filled_store(f"sqlite:///{tmp_path / 'source.sqlite3'}", sample)
    out = tmp_path / "store.gz"
    assert main(["--lang", "en", "backup", "--db", f"sqlite:///{tmp_path / 'source.sqlite3'}", "--out", str(out)]) == 0
    assert "1 strategies" in capsys.readouterr().out
    target = f"sqlite:///{tmp_path / 'target.sqlite3'}"
    assert main(["--lang", "en", "restore", str(out), "--db", target]) == 0
    assert main(["--lang", "en", "restore", str(out), "--db", target]) == 1  # not empty any more
    assert "nothing changed" in capsys.readouterr().err


@pytest.mark.postgres
def test_a_sqlite_backup_restores_into_postgresql(tmp_path: Path, sample):
    url = os.environ.get("TEST_POSTGRES_URL")
    if not url:
        pytest.skip("no PostgreSQL server (set TEST_POSTGRES_URL)")
    source = filled_store(f"sqlite:///{tmp_path / 'source.sqlite3'}", sample)
    backup(source.engine, tmp_path / "b.gz")
    target = Store(url)
    restore(target.engine, tmp_path / "b.gz", replace=True)
    try:
        for revision in range(1, 7):
            assert write_document(target.load(sample.id, revision)) == write_document(source.load(sample.id, revision))
    finally:
        with target.engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                conn.execute(table.delete())
