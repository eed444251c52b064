"""Roles per strategy, checked by the store itself: owners invite and revoke, editors save,
viewers read, anyone else is told the strategy does not exist."""

from __future__ import annotations

import pytest

from domain.storage import MACHINE, ForbiddenError, LastOwnerError, NotFoundError, Store

ANNE, BRUNO, CHLOE = "anne@agglo.fr", "bruno@cabinet.fr", "chloe@region.fr"


def test_the_creator_owns_and_others_reach_nothing(store: Store, sample):
    doc = store.create(sample, by=ANNE)
    assert store.role(doc.id, ANNE) == "owner" and store.role(doc.id, BRUNO) is None
    with pytest.raises(NotFoundError):
        store.load(doc.id, by=BRUNO)
    with pytest.raises(ForbiddenError):
        store.save(doc.model_copy(update={"title": "Pris"}), base_revision=doc.revision, by=BRUNO)
    with pytest.raises(ForbiddenError):
        store.delete(doc.id, by=BRUNO)
    assert [s.id for s in store.summaries(for_user=BRUNO)] == []
    assert store.load(doc.id).title == sample.title  # nothing changed


def test_a_viewer_reads_an_editor_saves_an_owner_manages(store: Store, sample):
    doc = store.create(sample, by=ANNE)
    store.members.set(doc.id, BRUNO, "viewer", by=ANNE)
    assert store.load(doc.id, by=BRUNO).id == doc.id
    assert [s.id for s in store.summaries(for_user=BRUNO)] == [doc.id]
    with pytest.raises(ForbiddenError):
        store.save(doc.model_copy(update={"title": "Lecteur"}), base_revision=doc.revision, by=BRUNO)
    with pytest.raises(ForbiddenError):
        store.members.set(doc.id, CHLOE, "editor", by=BRUNO)
    store.members.set(doc.id, " Bruno@Cabinet.fr ", "editor", by=ANNE)  # addresses are compared lower-case
    saved = store.save(doc.model_copy(update={"title": "Contributeur"}), base_revision=doc.revision, by=BRUNO)
    assert saved.revision == 2 and store.revisions(doc.id)[0].saved_by == BRUNO
    with pytest.raises(ForbiddenError):
        store.delete(doc.id, by=BRUNO)
    store.members.remove(doc.id, BRUNO, by=ANNE)
    with pytest.raises(ForbiddenError):
        store.save(saved.model_copy(update={"title": "Révoqué"}), base_revision=saved.revision, by=BRUNO)


def test_a_strategy_keeps_an_owner(store: Store, sample):
    doc = store.create(sample, by=ANNE)
    with pytest.raises(LastOwnerError):
        store.members.set(doc.id, ANNE, "viewer", by=ANNE)
    with pytest.raises(LastOwnerError):
        store.members.remove(doc.id, ANNE, by=ANNE)
    store.members.set(doc.id, BRUNO, "owner", by=ANNE)
    store.members.remove(doc.id, ANNE, by=BRUNO)
    assert [(m.email, m.role) for m in store.members.of(doc.id)] == [(BRUNO, "owner")]


def test_unclaimed_strategies_belong_to_the_machine_until_someone_is_invited(store: Store, sample):
    doc = store.create(sample)  # as the command line or the sample seeding does
    assert store.role(doc.id, MACHINE) == "owner" and store.role(doc.id, ANNE) is None
    assert [s.id for s in store.summaries(for_user=MACHINE)] == [doc.id]
    store.members.set(doc.id, ANNE, "editor", by=MACHINE)
    assert {(m.email, m.role) for m in store.members.of(doc.id)} == {(MACHINE, "owner"), (ANNE, "editor")}
    assert [s.id for s in store.summaries(for_user=ANNE)] == [doc.id]


def test_a_merge_is_checked_too(store: Store, sample):
    from domain.storage.saving import save_merging

    doc = store.create(sample, by=ANNE)
    store.members.set(doc.id, BRUNO, "viewer", by=ANNE)
    store.save(doc.model_copy(update={"title": "Anne"}), base_revision=doc.revision, by=ANNE)
    stale_edit = doc.model_copy(update={"horizon_end": 2040})
    with pytest.raises(ForbiddenError):
        save_merging(store, doc, stale_edit, by=BRUNO)
    assert store.load(doc.id).horizon_end == sample.horizon_end


def test_a_read_only_link_opens_one_strategy_until_revoked(store: Store, sample):
    from domain.storage.members import LINK_PREFIX

    doc = store.create(sample, by=ANNE)
    other = store.create(sample.model_copy(update={"id": "autre"}), by=ANNE)
    with pytest.raises(ForbiddenError):
        store.members.create_link(doc.id, by=BRUNO)
    token = store.members.create_link(doc.id, by=ANNE)
    holder = LINK_PREFIX + token
    assert store.members.linked_strategy(token) == doc.id
    assert store.role(doc.id, holder) == "viewer" and store.role(other.id, holder) is None
    assert [s.id for s in store.summaries(for_user=holder)] == [doc.id]
    with pytest.raises(ForbiddenError):
        store.save(doc.model_copy(update={"title": "Élu"}), base_revision=doc.revision, by=holder)
    store.members.revoke_link(doc.id, token, by=ANNE)
    assert store.members.linked_strategy(token) is None and store.role(doc.id, holder) is None
    with pytest.raises(NotFoundError):
        store.load(doc.id, by=holder)


def test_an_unknown_role_is_refused(tmp_path):
    import pytest

    from domain.storage import Store

    store = Store(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    with pytest.raises(ValueError, match="unknown role"):
        store.members.set("s-1", "bruno@agglo.fr", "contributor", by="local")  # type: ignore[arg-type]
