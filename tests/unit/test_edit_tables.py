"""Edits that keep the strategy coherent, new ids, and table rows turned back into records."""

from __future__ import annotations

import datetime as dt
import math

from components.table_cells import clean_cell
from domain.edit import flatten_objectives, group_objectives, prune_references, replace_at
from domain.ids import next_id
from domain.model import ContextIndicator, SwotItem
from domain.references import reference_problems
from domain.tables import records_from_rows


def test_next_id_never_reuses():
    assert next_id("axis", []) == "ax-1"
    assert next_id("axis", ["ax-1", "ax-7", "is-9", "ax-x"]) == "ax-8"


def test_deleting_a_swot_item_drops_it_from_issue_evidence(sample):
    doc = replace_at(sample, "assessment.swot", [s for s in sample.assessment.swot if s.id != "sw-4"])
    assert reference_problems(doc)  # is-1 still cites sw-4
    pruned = prune_references(doc)
    assert reference_problems(pruned) == []
    assert pruned.issues[0].evidence.swot_ids == []
    assert pruned.issues[0].evidence.need_ids == ["ne-1", "ne-2"]


def test_deleting_an_axis_with_actions_is_not_silently_repaired(sample):
    doc = prune_references(sample.model_copy(update={"axes": sample.axes[:2]}))
    assert [p.path for p in reference_problems(doc)] == ["actions[3].axis_id"]
    assert len(doc.actions) == len(sample.actions)


def test_prune_keeps_the_same_object_when_nothing_dangles(sample):
    assert prune_references(sample) is sample


def test_objectives_flatten_and_group_back(sample):
    rows = flatten_objectives(sample.axes)
    assert [(r.axis_id, r.id) for r in rows] == [("ax-1", "ob-1"), ("ax-1", "ob-2"), ("ax-2", "ob-3"), ("ax-3", "ob-4")]
    moved = [rows[0], rows[1].model_copy(update={"axis_id": "ax-3"}), rows[2], rows[3]]
    axes = group_objectives(sample.axes, moved)
    assert [[o.id for o in ax.objectives] for ax in axes] == [["ob-1"], ["ob-3"], ["ob-2", "ob-4"]]


def test_clean_cell():
    assert clean_cell(float("nan"), "text") == ""
    assert clean_cell(float("nan"), "multi") == []
    assert clean_cell(None, "float") is None
    assert clean_cell(3.0, "int") == 3
    assert clean_cell(dt.datetime(2026, 1, 2, 0, 0), "date") == dt.date(2026, 1, 2)
    assert clean_cell(("a", "b"), "multi") == ["a", "b"]
    assert not math.isnan(clean_cell(1.5, "float"))


def test_rows_keep_hidden_fields_and_ids_new_rows_get_the_next_id(sample):
    swot = sample.assessment.swot
    dumped = [s.model_dump() for s in swot]
    rows = [{"id": s.id, "quadrant": s.quadrant, "text": s.text} for s in swot]
    rows[2]["text"] = "Fibre inégale"
    rows.append({"id": None, "quadrant": "threat", "text": "Nouvelle menace"})
    rows.append({"id": None, "quadrant": None, "text": ""})  # added, still empty: skipped
    records, problems = records_from_rows(rows, dumped, SwotItem, ["quadrant", "text"], id_kind="swot")
    assert problems == []
    assert [r.id for r in records][-1] == "sw-10"
    assert records[2].text == "Fibre inégale"
    assert records[2].indicator_ids == ["in-1"]  # not shown in the table, kept


def test_invalid_rows_name_row_and_field():
    rows = [{"id": None, "name": "Taux", "year": 1800}, {"id": None, "name": "Ok", "year": 2020}]
    records, problems = records_from_rows(rows, [], ContextIndicator, ["name", "year"], id_kind="indicator")
    assert [(p.row, p.field, p.code) for p in problems] == [(1, "year", "schema.greater_than_equal")]
    rows[0]["year"] = 2020
    records, problems = records_from_rows(rows, [], ContextIndicator, ["name", "year"], id_kind="indicator")
    assert problems == []
    assert [r.id for r in records] == ["in-1", "in-2"]


def test_required_text_left_empty_is_reported():
    rows = [{"id": None, "quadrant": "threat", "text": ""}]
    _, problems = records_from_rows(rows, [], SwotItem, ["quadrant", "text"], id_kind="swot")
    assert [(p.row, p.field) for p in problems] == [(1, "text")]


def test_nested_fields_are_set(sample):
    issue = sample.issues[0]
    rows = [{"id": issue.id, "title": issue.title, "evidence.swot_ids": ["sw-1"]}]
    records, problems = records_from_rows(
        rows, [issue.model_dump()], type(issue), ["title", "evidence.swot_ids"], id_kind="issue"
    )
    assert problems == []
    assert records[0].evidence.swot_ids == ["sw-1"]
    assert records[0].evidence.need_ids == ["ne-1", "ne-2"]


def test_one_record_is_changed_by_its_id_and_validated_by_its_model(sample):
    import pytest
    from pydantic import ValidationError

    from domain.edit import update_record

    first, second = sample.actions[0], sample.actions[1]
    changed = update_record(sample, "actions", second.id, {"title": "Nouveau titre", "progress": 40})
    assert (changed.actions[1].title, changed.actions[1].progress) == ("Nouveau titre", 40)
    assert changed.actions[0] is first and sample.actions[1].title == second.title  # nothing else moved
    with pytest.raises(ValidationError):
        update_record(sample, "actions", second.id, {"progress": 140})
    with pytest.raises(KeyError):
        update_record(sample, "actions", "ac-404", {"title": "x"})


def test_a_filtered_tables_edits_go_back_into_the_whole_list(sample):
    from domain.actions import coded
    from domain.edit import merge_shown

    first, second, third, *rest = sample.actions
    shown = [first, third]  # a filter hid the second
    renamed = first.model_copy(update={"title": "Renommée"})
    new = third.model_copy(update={"id": "ac-99", "code": "", "title": "Nouvelle"})
    merged = merge_shown(sample.actions, {a.id for a in shown}, [renamed, new])  # the third deleted in the table
    assert [a.id for a in merged] == [first.id, second.id, *(a.id for a in rest), "ac-99"]
    assert merged[0].title == "Renommée" and merged[1] is second  # what the filter hid is untouched
    with_codes = coded(sample, merged)
    assert new.axis_id == "ax-2" and with_codes[-1].code == "2.1"  # 2.1 itself was deleted in the table
    assert [a.code for a in with_codes[:-1]] == ["1.1", "1.2", "3.1"]  # existing codes kept


def test_the_plans_totals_add_up_as_the_budget_tab_and_the_report_give_them(sample):
    from domain.costs import cost, funded, horizon, plan_totals

    years = horizon(sample)
    totals = plan_totals(sample, years)
    assert totals.cost == sum(cost(a, years).total for a in sample.actions) > 0
    assert round(sum(totals.cost_by_year_axis.values()), 6) == round(totals.cost, 6)
    assert totals.funding == sum(funded(a) for a in sample.actions)
    assert {axis for _, axis in totals.cost_by_year_axis} <= {ax.id for ax in sample.axes}
    statuses = {status for _, status in totals.funding_by_source}
    assert statuses <= {f.status for a in sample.actions for f in a.funding}


def test_every_timeline_orders_the_actions_by_axis_then_code_then_title(sample):
    import datetime as dt

    from domain.actions import on_timeline

    day = dt.date(2027, 1, 1)
    dated = [a.model_copy(update={"start": day, "end": day}) for a in sample.actions]
    second_axis = dated[2].model_copy(
        update={"id": "ac-98", "code": "2.1", "title": "Avant"}
    )  # same code, a title first
    undated = dated[0].model_copy(update={"id": "ac-99", "start": None})
    axes = list(reversed(sample.axes))  # the strategy's own order of axes, not their ids
    doc = sample.model_copy(update={"axes": axes, "actions": [*dated, second_axis, undated]})
    order = [a.id for a in on_timeline(doc, doc.actions)]
    assert order == ["ac-4", "ac-98", "ac-3", "ac-1", "ac-2"]  # axis 3, then 2 (titles), then 1; ac-99 has no dates


def test_fields_of_a_part_are_changed_and_validated_by_its_model(sample):
    import pytest
    from pydantic import ValidationError

    from domain.edit import update_fields

    changed = update_fields(sample, "territory", {"notes": "  Notes ", "code": "200039022"})
    assert (changed.territory.notes, changed.territory.code) == ("Notes", "200039022")  # cleaned as validated
    # What the form did not change stays the very same objects: the contours are neither
    # validated nor stored again (the store's delta skips what is identical).
    assert changed.territory.members is sample.territory.members
    assert changed.territory.boundary is sample.territory.boundary
    assert changed.assessment is sample.assessment
    with pytest.raises(ValidationError) as refused:
        update_fields(sample, "territory", {"code": "ABC-12", "population": -5, "notes": "ok"})
    assert sorted(e["loc"][0] for e in refused.value.errors()) == ["code", "population"]  # every problem at once
    with pytest.raises(ValidationError):
        update_fields(sample, "territory", {"unknown_field": 1})
    assert sample.territory.notes != "ok"  # the strategy given is never changed


def test_action_codes_are_ordered_as_people_number_them():
    from domain.actions import code_order

    codes = ["1.10", "1.2", "A", "10.1", "1.9", "2.1", "", "1.2b", "a2"]
    assert sorted(codes, key=code_order) == ["", "1.2", "1.2b", "1.9", "1.10", "2.1", "10.1", "A", "a2"]
