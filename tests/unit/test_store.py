"""The store, on SQLite and PostgreSQL: revisions, optimistic concurrency, restore, copies."""

from __future__ import annotations

import threading

import pytest

from domain.storage import NotFoundError, StaleRevisionError, Store
from tests.conftest import run_together


def test_create_and_load(store: Store, sample):
    created = store.create(sample, summary="sample")
    assert created.revision == 1 and created.id == sample.id
    loaded = store.load(sample.id)
    assert loaded == created
    assert [s.title for s in store.summaries()] == [sample.title]
    assert store.summaries()[0].territory == "CA Fougères Agglomération"


def test_create_with_a_taken_id_gets_a_new_one(store: Store, sample):
    first = store.create(sample)
    second = store.create(sample)
    assert first.id != second.id
    assert len(store.summaries()) == 2


def test_keep_id_never_renames_a_strategy(store: Store, sample):
    from sqlalchemy.exc import IntegrityError

    store.create(sample)
    with pytest.raises(IntegrityError):
        store.create(sample, keep_id=True)
    assert len(store.summaries()) == 1


def test_replicas_starting_together_on_a_new_store_seed_each_sample_once(store: Store):
    from components.session import sample_ids, seed_samples

    run_together(4, lambda _: seed_samples(store))
    seed_samples(store)  # a later start finds them there
    assert sorted(s.id for s in store.summaries()) == sorted(sample_ids())


def test_each_save_is_a_revision(store: Store, sample):
    doc = store.create(sample)
    doc = store.save(doc.model_copy(update={"title": "Deux"}), base_revision=doc.revision, summary="rename")
    doc = store.save(doc.model_copy(update={"title": "Trois"}), base_revision=doc.revision, summary="rename")
    assert doc.revision == 3
    assert store.load(doc.id).title == "Trois"
    assert store.load(doc.id, 2).title == "Deux"
    assert [r.revision for r in store.revisions(doc.id)] == [3, 2, 1]
    assert store.revisions(doc.id)[0].summary == "rename"


def test_a_stale_save_is_refused_and_changes_nothing(store: Store, sample):
    doc = store.create(sample)
    tab_a = store.load(doc.id)
    tab_b = store.load(doc.id)
    store.save(tab_a.model_copy(update={"title": "Onglet A"}), base_revision=tab_a.revision)
    with pytest.raises(StaleRevisionError) as refused:
        store.save(tab_b.model_copy(update={"title": "Onglet B"}), base_revision=tab_b.revision)
    assert refused.value.latest == 2
    assert store.load(doc.id).title == "Onglet A"
    assert len(store.revisions(doc.id)) == 2


def test_concurrent_saves_from_the_same_revision_let_exactly_one_win(store: Store, sample):
    doc = store.create(sample)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def save(n: int) -> None:
        barrier.wait()
        try:
            store.save(doc.model_copy(update={"title": f"T{n}"}), base_revision=1)
            outcomes.append("saved")
        except StaleRevisionError:
            outcomes.append("refused")
        except Exception as exc:  # any other error (a lock, a deadlock) fails the test below
            outcomes.append(type(exc).__name__)

    run_together(4, save)
    assert sorted(outcomes) == ["refused", "refused", "refused", "saved"]
    assert store.latest_revision(doc.id) == 2
    assert len(store.revisions(doc.id)) == 2


def test_restore_makes_a_new_revision(store: Store, sample):
    doc = store.create(sample)
    doc = store.save(doc.model_copy(update={"title": "Changé"}), base_revision=1)
    restored = store.restore(doc.id, 1, base_revision=doc.revision)
    assert restored.revision == 3
    assert restored.title == sample.title
    assert store.revisions(doc.id)[0].summary == "restore:1"


def test_duplicate_and_delete(store: Store, sample):
    doc = store.create(sample)
    copy = store.duplicate(doc.id, title="Copie")
    assert copy.id != doc.id and copy.title == "Copie" and copy.revision == 1
    assert copy.actions == doc.actions
    store.delete(doc.id)
    assert [s.id for s in store.summaries()] == [copy.id]
    assert store.revisions(doc.id) == []
    with pytest.raises(NotFoundError):
        store.load(doc.id)


def test_saving_a_deleted_strategy_says_not_found(store: Store, sample):
    doc = store.create(sample)
    store.delete(doc.id)
    with pytest.raises(NotFoundError):
        store.save(doc, base_revision=1)


def test_text_survives_the_database(store: Store, sample):
    tricky = "Cœur de ville — « déjà » 12 000 € <b>&amp;</b> 🚲"
    doc = store.create(sample.model_copy(update={"title": tricky}))
    assert store.load(doc.id).title == tricky


def test_twenty_people_editing_different_actions_at_once_lose_nothing(store: Store, sample):
    from domain.model import Action
    from domain.storage.saving import save_merging

    extra = [Action(id=f"ac-{n}", title=f"Action {n}", axis_id="ax-1") for n in range(5, 21)]
    base = store.create(sample.model_copy(update={"actions": [*sample.actions, *extra]}))
    errors: list[str] = []
    clashes: list[object] = []
    barrier = threading.Barrier(20)

    def edit(n: int) -> None:
        actions = list(base.actions)
        actions[n] = actions[n].model_copy(update={"title": f"Édité par {n}"})
        barrier.wait()
        try:
            clashes.extend(save_merging(store, base, base.model_copy(update={"actions": actions})).conflicts)
        except Exception as exc:
            errors.append(type(exc).__name__)

    run_together(20, edit)
    assert errors == [] and clashes == []
    assert [a.title for a in store.load(base.id).actions] == [f"Édité par {n}" for n in range(20)]
