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
    kinds = {r: stored(store, doc.id, r)[0] for r in saved}
    assert kinds[1] == "{"  # a creation is whole
    assert all(kinds[r] == "{" for r in saved if r % 4 == 0)  # the snapshots (every 4th here)
    assert all(kinds[r] == "[" for r in saved if r % 4 and r > 1)  # the others are changes


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
    with pytest.raises(UnreadableError) as caught:
        store.load(doc.id)
    assert caught.value.problems[0].code == "storage.broken_revision"
    assert store.last_readable(doc.id) == 1
