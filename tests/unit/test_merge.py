"""Record-level merge: edits of different records or fields by several people all stay; only
the same field changed by two people to different values is a conflict, reported with both."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.merge import merge, resolve
from domain.model import Action, Strategy

FIELDS = [
    ("actions", "title", st.sampled_from(["Titre A", "Titre B", "Titre C"])),
    ("actions", "progress", st.integers(0, 100)),
    ("actions", "status", st.sampled_from(["to_start", "in_progress", "done"])),
    ("axes", "title", st.sampled_from(["Axe A", "Axe B"])),
    ("stakeholders", "interest", st.integers(1, 5)),
    ("indicators", "target_value", st.floats(0, 1e6)),
]


@st.composite
def user_edits(draw, sample: Strategy) -> list[tuple[Any, ...]]:
    edits: list[tuple[Any, ...]] = []
    for _ in range(draw(st.integers(0, 4))):
        kind, field, values = draw(st.sampled_from(FIELDS))
        records = getattr(sample, kind)
        record = draw(st.sampled_from([r.id for r in records]))
        edits.append(("set", kind, record, field, draw(values)))
    for _ in range(draw(st.integers(0, 2))):
        edits.append(("add", draw(st.sampled_from(["Nouvelle action", "Autre action"]))))
    return edits


def apply(doc: dict[str, Any], edits: list[tuple[Any, ...]]) -> dict[str, Any]:
    """One user's edits on their own copy, as the app makes them (a new action takes the next id)."""
    out = copy.deepcopy(doc)
    for edit in edits:
        if edit[0] == "set":
            _, kind, rid, field, value = edit
            next(r for r in out[kind] if r["id"] == rid)[field] = value
        else:
            taken = [int(a["id"].split("-")[1]) for a in out["actions"]]
            out["actions"].append({"id": f"ac-{max(taken) + 1}", "title": edit[1], "axis_id": out["axes"][0]["id"]})
    return out


def apply_as_the_app(doc: Strategy, edits: list[tuple[Any, ...]]) -> Strategy:
    """The same edits made as the screens make them: copies with one record replaced, so that
    every part left alone is the very same object as in the loaded document."""
    for edit in edits:
        if edit[0] == "set":
            _, kind, rid, field, value = edit
            records = list(getattr(doc, kind))
            n = next(i for i, r in enumerate(records) if r.id == rid)
            records[n] = records[n].model_copy(update={field: value})
            doc = doc.model_copy(update={kind: records})
        else:
            taken = [int(a.id.split("-")[1]) for a in doc.actions]
            new = Action(id=f"ac-{max(taken) + 1}", title=edit[1], axis_id=doc.axes[0].id)
            doc = doc.model_copy(update={"actions": [*doc.actions, new]})
    return doc


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_edits_made_as_the_app_makes_them_merge_like_rebuilt_ones(sample, data):
    """The shortcut (parts that are the same objects as the base are not compared) gives the
    same result and the same clashes as comparing everything."""
    base = sample.model_dump(mode="json")
    mine_edits, theirs_edits = data.draw(user_edits(sample)), data.draw(user_edits(sample))
    theirs_edits = [(*e[:1], f"{e[1]} (2)") if e[0] == "add" else e for e in theirs_edits]
    theirs = Strategy.model_validate(apply(base, theirs_edits))
    fast = merge(sample, apply_as_the_app(sample, mine_edits), theirs)
    slow = merge(sample, Strategy.model_validate(apply(base, mine_edits)), theirs)
    assert fast.document.model_dump() == slow.document.model_dump()
    assert [c.path for c in fast.conflicts] == [c.path for c in slow.conflicts]


def test_two_people_editing_different_records_both_stay(sample):
    base = sample.model_dump(mode="json")
    mine = apply(base, [("set", "actions", "ac-1", "title", "Le mien")])
    theirs = apply(base, [("set", "actions", "ac-2", "title", "Le leur")])
    merged = merge(sample, Strategy.model_validate(mine), Strategy.model_validate(theirs))
    assert merged.conflicts == []
    doc = merged.document
    assert [a.title for a in doc.actions[:2]] == ["Le mien", "Le leur"]


def test_other_fields_of_one_record_both_stay_and_the_same_field_is_a_conflict(sample):
    base = sample.model_dump(mode="json")
    mine = apply(base, [("set", "actions", "ac-1", "title", "Le mien"), ("set", "actions", "ac-1", "progress", 40)])
    theirs = apply(base, [("set", "actions", "ac-1", "title", "Le leur"), ("set", "actions", "ac-1", "status", "done")])
    merged = merge(sample, Strategy.model_validate(mine), Strategy.model_validate(theirs))
    (conflict,) = merged.conflicts
    assert conflict.path == ("actions", "ac-1", "title") and (conflict.mine, conflict.theirs) == ("Le mien", "Le leur")
    kept = merged.document.actions[0]
    assert (kept.title, kept.progress, kept.status) == ("Le leur", 40, "done")
    chosen = Strategy.model_validate(resolve(merged.document, merged.conflicts, {conflict.path}))
    assert chosen.actions[0].title == "Le mien" and chosen.actions[0].status == "done"


def test_actions_added_by_both_under_the_same_next_id_are_both_kept(sample):
    base = sample.model_dump(mode="json")
    mine = apply(base, [("add", "La mienne")])
    mine["indicators"][0]["action_id"] = "ac-5"  # my indicator points at my new action
    theirs = apply(base, [("add", "La leur")])
    merged = merge(sample, Strategy.model_validate(mine), Strategy.model_validate(theirs))
    assert merged.conflicts == []
    doc = merged.document
    titles = {a.id: a.title for a in doc.actions}
    assert titles["ac-5"] == "La leur" and titles["ac-6"] == "La mienne"
    assert doc.indicators[0].action_id == "ac-6"


def test_a_record_deleted_by_them_and_edited_by_me_is_a_conflict_not_a_loss(sample):
    base = sample.model_dump(mode="json")
    mine = apply(base, [("set", "stakeholders", "st-3", "interest", 1)])
    theirs = copy.deepcopy(base)
    theirs["stakeholders"] = [s for s in theirs["stakeholders"] if s["id"] != "st-3"]
    theirs["actions"][1]["partners"] = []
    merged = merge(sample, Strategy.model_validate(mine), Strategy.model_validate(theirs))
    (conflict,) = merged.conflicts
    assert conflict.path == ("stakeholders", "st-3") and conflict.mine["interest"] == 1 and conflict.theirs is None
    assert "st-3" not in {s.id for s in merged.document.stakeholders}
    restored = resolve(merged.document, merged.conflicts, {conflict.path})
    assert next(s for s in restored["stakeholders"] if s["id"] == "st-3")["interest"] == 1


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data(), people=st.integers(2, 3))
def test_saves_in_any_order_keep_every_edit_and_report_every_clash(sample, data, people):
    """Each person edits the same base; they save one after the other, each merged on top of
    the latest. The result is every edit applied in order, except a field two people set to
    different values: the first save's value stands and the later one is a reported conflict."""
    base = sample.model_dump(mode="json")
    # Each person's new actions have titles of their own (identical records added by two people
    # are one and the same change).
    edits = [
        [(*e[:1], f"{e[1]} ({n})") if e[0] == "add" else e for e in data.draw(user_edits(sample))]
        for n in range(people)
    ]
    expected = apply(base, edits[0])
    latest = Strategy.model_validate(expected)

    def changed(person_doc: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
        """The fields a person's copy differs from the base in (setting a base value is no change)."""
        return {
            (kind, r["id"], field): r[field]
            for kind, field, _ in FIELDS
            for r in person_doc[kind]
            if any(b["id"] == r["id"] and b[field] != r[field] for b in base[kind])
        }

    first_value = changed(expected)
    added = sum(1 for e in edits[0] if e[0] == "add")
    for person in edits[1:]:
        mine = Strategy.model_validate(apply(base, person))
        merged = merge(sample, mine, latest)
        reported = {c.path for c in merged.conflicts}
        added += sum(1 for e in person if e[0] == "add")
        for key, value in changed(apply(base, person)).items():
            if key in first_value and first_value[key] != value:
                assert key in reported  # a clash is said, never silent
            first_value.setdefault(key, value)
        assert reported <= {key for key in first_value}  # and only a clash is
        latest = Strategy.model_validate(merged.document.model_dump())
    for (kind, rid, field), value in first_value.items():
        assert getattr(next(r for r in getattr(latest, kind) if r.id == rid), field) == value
    assert len(latest.actions) == len(sample.actions) + added  # every added action kept
