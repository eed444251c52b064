"""History in words, presence, and preferences that follow a person."""

from __future__ import annotations

from domain.changes import changes
from domain.storage import Store


def test_a_save_is_said_in_words(store: Store, sample):
    doc = store.create(sample, by="anne@agglo.fr")
    actions = list(doc.actions)
    actions[2] = actions[2].model_copy(update={"title": "Piloter l'énergie", "progress": 50})
    stakeholders = [s for s in doc.stakeholders if s.id != "st-6"]
    edited = doc.model_copy(update={"actions": actions, "stakeholders": stakeholders, "horizon_end": 2035})
    saved = store.save(edited, base_revision=doc.revision, by="anne@agglo.fr", copied_from=doc)
    said = {(c.record, c.field, c.before, c.after) for c in store.changes_by_revision(doc.id)[saved.revision]}
    assert (
        "2.1 Piloter l'énergie",
        "title",
        "Suivre en temps réel l'énergie des bâtiments publics",
        "Piloter l'énergie",
    ) in said
    assert ("2.1 Piloter l'énergie", "progress", "35", "50") in said
    assert ("horizon_end", "horizon_end", "2031", "2035") in said
    assert any(c[0].startswith("Startup locale") and c[2] == "-" for c in said)


def test_nothing_changed_says_nothing(sample):
    assert changes(sample, sample.model_copy()) == []


def test_presence_shows_the_others_seen_within_a_minute(store: Store, sample):
    doc = store.create(sample)
    people = store.people
    assert people.here(doc.id, "tab-a", "anne@agglo.fr", "Anne") == []
    others = people.here(doc.id, "tab-b", "bruno@cabinet.fr", "Bruno")
    assert [(p.email, p.name) for p in others] == [("anne@agglo.fr", "Anne")]
    people.here(doc.id, "tab-c", "anne@agglo.fr", "Anne")  # Anne in two tabs: one line
    assert [p.email for p in people.here(doc.id, "tab-b", "bruno@cabinet.fr", "Bruno")] == ["anne@agglo.fr"]
    people.left(doc.id, "tab-a")
    people.left(doc.id, "tab-c")
    assert people.here(doc.id, "tab-b", "bruno@cabinet.fr", "Bruno") == []


def test_preferences_are_remembered_per_person(store: Store):
    people = store.people
    assert people.preferences("anne@agglo.fr") is None
    people.remember("anne@agglo.fr", lang="en", presenting=True)
    people.remember("anne@agglo.fr", lang="en", presenting=False)
    assert people.preferences("anne@agglo.fr") == type(people.preferences("anne@agglo.fr"))("en", False)
