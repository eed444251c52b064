"""Reading strategy files: valid, invalid with every problem named, migrated, refused."""

from __future__ import annotations

import json

import pytest

from domain.document import read_data, read_document, write_document
from domain.model import SCHEMA_VERSION
from domain.problems import format_path
from i18n import problem_text
from tests.conftest import SAMPLE


def sample_data() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def paths(result) -> list[str]:
    return [p.path for p in result.problems]


def test_sample_is_valid_complete_and_illustrative(sample):
    assert sample.illustrative is True
    assert sample.territory.code == "200072452"
    assert len(sample.territory.members) == 28
    assert len(sample.axes) == 3 and sample.actions and sample.indicators and sample.stakeholders


def test_format_path():
    assert format_path(("actions", 3, "axis_id")) == "actions[3].axis_id"
    assert format_path(()) == "$"


def test_unknown_axis_is_named_with_its_path():
    data = sample_data()
    data["actions"][3]["axis_id"] = "ax-9"
    result = read_data(data)
    assert not result.ok
    assert [problem_text(p, "en") for p in result.problems] == ['actions[3].axis_id: unknown axis "ax-9"']
    assert problem_text(result.problems[0], "fr") == "actions[3].axis_id: axe inconnu « ax-9 »"


def test_every_problem_is_listed_schema_and_references_together():
    data = sample_data()
    data["actions"][3]["axis_id"] = "ax-9"
    data["actions"][0]["priority"] = "urgent"
    data["issues"][0]["scores"][0]["value"] = 9
    data["axes"][0]["issue_ids"].append("is-404")
    del data["stakeholders"][0]["name"]
    result = read_data(data)
    assert set(paths(result)) == {
        "actions[3].axis_id",
        "actions[0].priority",
        "issues[0].scores[0].value",
        "axes[0].issue_ids[1]",
        "stakeholders[0].name",
    }
    texts = {problem_text(p, "en") for p in result.problems}
    assert "issues[0].scores[0].value: must be less than or equal to 5" in texts
    assert "stakeholders[0].name: required field missing" in texts


def test_duplicate_ids_and_objective_of_another_axis():
    data = sample_data()
    data["issues"][1]["id"] = data["issues"][0]["id"]
    data["actions"][0]["objective_id"] = "ob-3"  # belongs to ax-2, the action is in ax-1
    result = read_data(data)
    codes = {(p.path, p.code) for p in result.problems}
    assert ("issues[1].id", "ref.duplicate") in codes
    assert ("actions[0].objective_id", "ref.objective_not_in_axis") in codes


def test_communes_must_be_members_and_dates_ordered():
    data = sample_data()
    data["actions"][0]["scope_communes"] = ["75056"]
    data["actions"][1]["end"] = "2020-01-01"
    data["assessment"]["indicators"][0]["per_commune"]["2A004"] = 1.0
    result = read_data(data)
    assert set(paths(result)) == {
        "actions[0].scope_communes[0]",
        "actions[1].end",
        "assessment.indicators[0].per_commune.2A004",
    }


def test_indicator_level_needs_its_link():
    data = sample_data()
    data["indicators"][2]["axis_id"] = None  # level "axis"
    result = read_data(data)
    assert [(p.path, p.code) for p in result.problems] == [("indicators[2].axis_id", "ref.missing")]


def test_broken_json_names_line_and_column():
    raw = b'{\n  "schema_version": 2,\n  "id": "x"\n  "title": "t"\n}'
    result = read_document(raw)
    assert result.strategy is None
    (problem,) = result.problems
    assert problem.code == "file.not_json"
    assert problem.params == {"line": 4, "column": 3}
    assert "ligne 4, colonne 3" in problem_text(problem, "fr")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"\xff\xfe\x00garbage", "file.not_utf8"),
        (b"[1, 2]", "file.not_object"),
        (b'"text"', "file.not_object"),
    ],
)
def test_not_a_strategy_file(raw, code):
    result = read_document(raw)
    assert [p.code for p in result.problems] == [code]


def test_too_large_is_refused_before_parsing():
    raw = b"{" + b" " * 2000  # not even valid JSON: size is checked first
    result = read_document(raw, max_bytes=1000)
    assert [p.code for p in result.problems] == ["file.too_large"]


def test_byte_order_mark_is_accepted(sample):
    result = read_document(b"\xef\xbb\xbf" + write_document(sample).encode())
    assert result.ok


def test_newer_version_is_refused_with_a_clear_message():
    data = sample_data()
    data["schema_version"] = SCHEMA_VERSION + 1
    result = read_data(data)
    (problem,) = result.problems
    assert problem.code == "schema.too_new"
    assert "update it" in problem_text(problem, "en")


def test_version_1_is_migrated():
    v1 = {
        "schema_version": 1,
        "id": "old-1",
        "title": "Ancienne stratégie",
        "assessment": {"swot": {"strengths": ["Tissu associatif"], "threats": ["Vacance commerciale", "Énergie"]}},
        "axes": [{"id": "ax-1", "title": "Axe"}],
        "actions": [{"id": "ac-1", "title": "Action", "axis": "ax-1"}],
    }
    result = read_data(v1)
    assert result.ok and result.strategy is not None
    assert result.migrated_from == 1
    swot = result.strategy.assessment.swot
    assert [(s.id, s.quadrant, s.text) for s in swot] == [
        ("sw-1", "strength", "Tissu associatif"),
        ("sw-2", "threat", "Vacance commerciale"),
        ("sw-3", "threat", "Énergie"),
    ]
    assert result.strategy.actions[0].axis_id == "ax-1"
    assert result.strategy.schema_version == SCHEMA_VERSION


def test_unknown_field_is_an_error():
    data = sample_data()
    data["territory"]["mayor"] = "X"
    result = read_data(data)
    assert [(p.path, p.code) for p in result.problems] == [("territory.mayor", "schema.extra_forbidden")]


def test_written_document_reads_back_identical(sample):
    text = write_document(sample)
    again = read_document(text.encode())
    assert again.ok and again.strategy == sample
    assert write_document(again.strategy) == text
