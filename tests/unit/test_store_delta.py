"""Revisions stored as what they changed: every revision loads back exactly as it was saved,
across whole snapshots, deletions, reordering and nested fields; a delta that no longer fits
is reported, never applied half-way."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from domain.model import Action, Strategy
from domain.storage import Store
from domain.storage import store as store_module
from domain.storage.delta import apply, delta
from domain.storage.saving import save_merging
from domain.storage.store import UnreadableError, revisions

EDITS = st.sampled_from(["title", "progress", "delete", "add", "reverse", "territory", "assessment", "milestones"])


def edited(doc: Strategy, kind: str, n: int) -> Strategy:
    """One edit as the screens make it: a copy with one part replaced."""
    actions = list(doc.actions)
    i = n % len(actions)
    if kind == "title":
        actions[i] = actions[i].model_copy(update={"title": f"Titre {n}"})
    elif kind == "progress":
        actions[i] = actions[i].model_copy(update={"progress": n % 101})
    elif kind == "delete" and len(actions) > 1 and not any(ind.action_id == actions[i].id for ind in doc.indicators):
        del actions[i]
    elif kind == "add":
        taken = [int(a.id.split("-")[1]) for a in doc.actions]
        actions.append(Action(id=f"ac-{max(taken) + 1}", title=f"Nouvelle {n}", axis_id=doc.axes[0].id))
    elif kind == "reverse":
        actions.reverse()
    elif kind == "territory":
        return doc.model_copy(update={"territory": doc.territory.model_copy(update={"name": f"Territoire {n}"})})
    elif kind == "assessment":
        swot = list(doc.assessment.swot)
        swot[0] = swot[0].model_copy(update={"text": f"Constat {n}"})
        return doc.model_copy(update={"assessment": doc.assessment.model_copy(update={"swot": swot})})
    elif kind == "milestones":
        actions[i] = actions[i].model_copy(update={"milestones": []})
    return doc.model_copy(update={"actions": actions})


def stored(store: Store, strategy_id: str, revision: int) -> str:
    with store.engine.connect() as conn:
        return conn.execute(
            select(revisions.c.document).where(revisions.c.strategy_id == strategy_id, revisions.c.revision == revision)
        ).scalar_one()


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=st.lists(st.tuples(EDITS, st.integers(0, 500)), min_size=1, max_size=12))
def test_every_revision_loads_back_as_saved(tmp_path_factory, sample, edits, monkeypatch_snapshots):
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('delta')}/s.db")
    doc = store.create(sample)
    saved = {doc.revision: doc.model_dump_json()}
    for kind, n in edits:
        doc = save_merging(store, doc, edited(doc, kind, n)).document
        saved[doc.revision] = doc.model_dump_json()
    for revision, text in saved.items():
        assert store.load(doc.id, revision).model_dump_json() == text
    # another process, which knew revision 1 only, catches up through the stored changes
    other = Store(store.url)
    other._remember(Strategy.model_validate_json(saved[1]))
    assert other.load(doc.id).model_dump_json() == saved[doc.revision]
    kinds = {r: stored(store, doc.id, r)[0] for r in saved}
    assert kinds[1] == "{"  # a creation is whole
    assert all(kinds[r] == "{" for r in saved if r % 4 == 0)  # the snapshots (every 4th here)
    assert all(kinds[r] == "[" for r in saved if r % 4 and r > 1)  # the others are changes


def test_a_process_catches_up_with_another_ones_saves_from_what_it_knows(store, sample):
    here, there = store, Store(store.url)  # two replicas on one database
    doc = here.create(sample)
    for n in range(6):
        source = there if n % 2 else here
        doc = save_merging(source, doc, edited(doc, "title", n)).document
    read = here.load(doc.id)  # here knew revision 6 (its own save), not 7
    assert read.model_dump_json() == doc.model_dump_json()
    assert read.actions[1] is here.load(doc.id).actions[1]  # what did not change stays the same object
    with store.engine.connect() as conn:  # read whole, as a process that knows nothing would
        whole = store_module._read(conn, doc.id, doc.revision)
    assert whole == read


def test_a_change_that_does_not_validate_is_refused_when_caught_up(sample):
    from pydantic import ValidationError

    from domain.storage.delta import apply_to

    first = sample.actions[0]
    order = [f"id:{a.id}" for a in sample.actions]
    broken = {f"id:{first.id}": {**first.model_dump(mode="json"), "progress": "beaucoup"}}
    with pytest.raises(ValidationError):
        apply_to(sample, {"actions": ["records", order, broken]})
    with pytest.raises(ValidationError):
        apply_to(sample, {"title": ["set", "x" * 100_000]})
    fine = apply_to(sample, {"title": ["set", "Nouveau titre"]})
    assert fine.title == "Nouveau titre" and fine.actions is sample.actions


@pytest.fixture
def monkeypatch_snapshots(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "SNAPSHOT_EVERY", 4)


def test_an_edit_of_one_record_stores_that_record_only(store, sample):
    doc = store.create(sample)
    doc = save_merging(store, doc, edited(doc, "title", 0)).document
    text = stored(store, doc.id, doc.revision)
    assert text.startswith("[")
    assert len(text) < len(doc.model_dump_json()) / 5
    assert "Titre 0" in text and doc.actions[1].title not in text


def test_changes_are_tagged_so_that_no_value_is_misread(sample):
    """A value shaped like a change ("fields" in a text, a GeoJSON property) is stored as a value."""
    new = sample.model_copy(update={"title": "fields"})
    changes: dict[str, Any] = delta(sample, new)
    assert changes["title"] == ["set", "fields"]
    data = sample.model_dump(mode="json")
    assert apply(data, changes)["title"] == "fields"


def test_a_delta_that_does_not_fit_is_reported_not_half_applied(store, sample):
    doc = store.create(sample)
    doc = save_merging(store, doc, edited(doc, "title", 1)).document
    with store.engine.begin() as conn:  # as if a record the delta keeps had vanished
        conn.execute(
            update(revisions)
            .where(revisions.c.strategy_id == doc.id, revisions.c.revision == doc.revision)
            .values(document='[1,{"actions":["records",["id:nope"],{}]}]')
        )
    knows_nothing, knows_revision_1 = Store(store.url), Store(store.url)  # other processes
    knows_revision_1._remember(store.load(doc.id, 1))
    for reader in (knows_nothing, knows_revision_1):
        with pytest.raises(UnreadableError) as caught:
            reader.load(doc.id)
        assert caught.value.problems[0].code == "storage.broken_revision"
        assert reader.last_readable(doc.id) == 1


def test_a_process_keeps_the_newest_revision_of_a_bounded_number_of_strategies(store, sample, monkeypatch):
    monkeypatch.setattr(store_module, "RECENT_STRATEGIES", 2)
    ids = [store.create(sample.model_copy(update={"id": f"s-{n}"})).id for n in range(3)]
    assert list(store._recent) == ids[1:]  # the one used longest ago is dropped
    assert store.load(ids[0]).id == ids[0]  # and read again from the database when needed
    assert list(store._recent) == [ids[2], ids[0]]
