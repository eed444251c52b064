"""JSON in and out: read a strategy file with every problem named by its path, write it back.

Reading never raises on bad input: it returns the problems, each with a JSON path and a
catalog code, so that the page and the command line can say them in the user's language.
"""

from __future__ import annotations

import gc
import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from domain.migrations import TooNewError, migrate
from domain.model import SCHEMA_VERSION, Strategy
from domain.problems import Problem, format_path
from domain.references import reference_problems

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass
class ReadResult:
    strategy: Strategy | None
    problems: list[Problem] = field(default_factory=list)
    migrated_from: int | None = None

    @property
    def ok(self) -> bool:
        return self.strategy is not None and not self.problems


def too_large(size: int, max_bytes: int) -> Problem | None:
    """The refusal of a file by its size alone, before any byte of it is parsed."""
    if size <= max_bytes:
        return None
    return Problem(
        "$",
        "file.too_large",
        {"size_mb": round(size / 1_048_576, 1), "limit_mb": round(max_bytes / 1_048_576, 1)},
    )


def read_document(raw: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReadResult:
    """Parse, migrate and validate the bytes of a strategy file.

    The JSON is read strictly: a key given twice in one object is refused (which one was meant
    is unknown), so is a document nested deeper than the parser's stack, and numbers too long
    to be real ones become infinities that the model refuses with their path."""
    size_problem = too_large(len(raw), max_bytes)
    if size_problem:
        return ReadResult(None, [size_problem])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ReadResult(None, [Problem("$", "file.not_utf8", {"position": exc.start})])
    duplicates: list[str] = []
    try:
        with _collector_paused():
            data = json.loads(text, object_pairs_hook=_no_duplicates(duplicates), parse_int=_bounded_int)
    except json.JSONDecodeError as exc:
        return ReadResult(None, [Problem("$", "file.not_json", {"line": exc.lineno, "column": exc.colno})])
    except RecursionError:  # nested deeper than the parser's stack: no strategy is
        return ReadResult(None, [Problem("$", "file.too_deep", {})])
    if duplicates:
        return ReadResult(None, [Problem("$", "file.duplicate_key", {"name": key[:60]}) for key in duplicates[:10]])
    with _collector_paused():
        return read_data(data)


def _no_duplicates(found: list[str]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) != len(pairs):
            seen: set[str] = set()
            found.extend(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        return obj

    return build


def _bounded_int(digits: str) -> int | float:
    # Python refuses to convert integers of over 4,300 digits (and it would be slow); no real
    # figure has more than 20: a longer one becomes infinite, which the model refuses by path.
    return int(digits) if len(digits) <= 20 else math.inf


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Building a large document allocates many thousands of containers, each batch of which
    would trigger a garbage collection that walks every live object of the process (in a
    running app, a lot). Nothing built here is cyclic garbage, so collections wait until after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_data(data: Any) -> ReadResult:
    """Migrate and validate an already-decoded JSON value."""
    if not isinstance(data, dict):
        return ReadResult(None, [Problem("$", "file.not_object", {})])
    version = data.get("schema_version")
    try:
        data = migrate(data, SCHEMA_VERSION)
    except TooNewError:
        return ReadResult(
            None,
            [
                Problem(
                    "schema_version",
                    "schema.too_new",
                    {"version": version, "supported": SCHEMA_VERSION},
                )
            ],
        )
    migrated_from = version if isinstance(version, int) and version != SCHEMA_VERSION else None
    try:
        strategy = Strategy.model_validate(data)
    except ValidationError as exc:
        # Also list the dangling references, so one round of fixes is enough.
        problems = schema_problems(exc) + reference_problems(data)
        return ReadResult(None, problems, migrated_from)
    return ReadResult(strategy, reference_problems(strategy), migrated_from)


def schema_problems(exc: ValidationError, prefix: tuple[Any, ...] = ()) -> list[Problem]:
    """The problems of a validation error, each with its JSON path (under `prefix`) and code."""
    return [_from_pydantic(e, prefix) for e in exc.errors()]


def _from_pydantic(error: Any, prefix: tuple[Any, ...] = ()) -> Problem:
    params: dict[str, Any] = {key: value for key, value in (error.get("ctx") or {}).items() if _plain(value)}
    params["msg"] = error["msg"]
    value = error.get("input")
    if _plain(value):
        text = str(value)
        params["input"] = text if len(text) <= 60 else text[:57] + "..."
    return Problem(format_path((*prefix, *error["loc"])), f"schema.{error['type']}", params)


def _plain(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def write_document(strategy: Strategy) -> str:
    """The normalised JSON text of a strategy (what export writes and the store keeps)."""
    return strategy.model_dump_json(indent=2) + "\n"


def json_schema() -> dict[str, Any]:
    schema = Strategy.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Territorial innovation strategy"
    return schema
