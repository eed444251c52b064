"""Property: every field of the model, filled with anything JSON can hold (NaN, infinities,
huge integers, control characters, lone surrogates, over-long text), either is refused with a
path, or validates, is stored and loads back identical. No document that validates can fail
to load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from domain.document import read_document
from domain.model import Strategy
from domain.storage import Store

SCHEMA = Strategy.model_json_schema()
HOSTILE_TEXT = st.text(st.characters(codec=None, categories=None), max_size=30) | st.sampled_from(
    ["\x00", "a\x01b", "\ud800", " \n ", "x" * 301, "<b>", "=1+1"]
)
HOSTILE_NUMBER = st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from([0, -1, 1e15, 1e16, -1e300, 10**30])


def _resolve(node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = SCHEMA["$defs"][node["$ref"].split("/")[-1]]
    return node


def values(node: dict[str, Any], hostile: bool = True) -> st.SearchStrategy[Any]:
    """Values for a JSON Schema node: anything of its type (hostile), or values that keep to
    its bounds while still holding control characters, surrogates and extreme finite numbers."""
    node = _resolve(node)
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    for key in ("anyOf", "oneOf"):
        if key in node:
            return st.one_of([values(option, hostile) for option in node[key]])
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        required = set(node.get("required", []))
        fields = {name: values(sub, hostile) for name, sub in properties.items()}
        mapping = st.fixed_dictionaries(
            {k: v for k, v in fields.items() if k in required},
            optional={k: v for k, v in fields.items() if k not in required},
        )
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and not properties:
            names = node.get("propertyNames", {"type": "string"})
            return st.dictionaries(values(names, hostile), values(extra, hostile), max_size=3)
        return mapping
    if kind == "array":
        if "prefixItems" in node:
            return st.tuples(*[values(item, hostile) for item in node["prefixItems"]]).map(list)
        return st.lists(values(node.get("items", {}), hostile), max_size=2)
    if kind in ("number", "integer") and not hostile:
        low, high = node.get("minimum", -1e15), node.get("maximum", 1e15)
        if kind == "integer":
            return st.integers(int(low), int(high))
        return st.floats(low, high, allow_nan=False, allow_infinity=False) | st.sampled_from([low, high])
    if kind == "string" and not hostile:
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True)
        if node.get("format") in ("date", "date-time"):
            return st.dates().map(lambda d: d.isoformat())
        size = min(node.get("maxLength", 40), 40)
        return st.text(st.characters(codec=None), min_size=node.get("minLength", 0), max_size=size) | st.sampled_from(
            ["\x00a", "b\x01\x1f", "\ud800c", "<img src=x>"]
        )
    if kind == "string":
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True) | HOSTILE_TEXT
        if node.get("format") == "date":
            return st.dates().map(lambda d: d.isoformat()) | HOSTILE_TEXT
        if node.get("format") == "date-time":
            return st.datetimes().map(lambda d: d.isoformat()) | HOSTILE_TEXT
        return HOSTILE_TEXT
    if kind == "number":
        return HOSTILE_NUMBER
    if kind == "integer":
        return st.integers() | st.integers(min_value=0, max_value=10) | HOSTILE_NUMBER
    if kind == "boolean":
        return st.booleans()
    if kind == "null":
        return st.none()
    return st.none() | st.booleans() | HOSTILE_NUMBER | HOSTILE_TEXT


def _json(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True, ensure_ascii=True).encode()


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(document=values(SCHEMA) | values(SCHEMA, hostile=False))
def test_any_document_either_is_refused_with_a_path_or_is_stored_and_loads_back(document, tmp_path_factory):
    raw = _json(document)
    result = read_document(raw)  # never raises: a refusal is a list of problems with paths
    if result.strategy is None:
        event("refused")
        assert result.problems and all(p.path and p.code for p in result.problems)
        return
    event("stored")
    store = Store(f"sqlite:///{Path(tmp_path_factory.mktemp('any')) / 's.sqlite3'}")
    stored = store.create(result.strategy)
    loaded = store.load(stored.id)
    assert loaded == stored
    assert loaded.model_dump_json() == stored.model_dump_json()
    store.engine.dispose()
