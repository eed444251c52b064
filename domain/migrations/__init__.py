"""Migrations of older strategy documents to the current schema version, one step at a time."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.migrations.v1_to_v2 import migrate as v1_to_v2

Document = dict[str, Any]

# MIGRATIONS[n] turns a version-n document into a version-(n+1) document.
MIGRATIONS: dict[int, Callable[[Document], Document]] = {1: v1_to_v2}


class TooNewError(Exception):
    """The document was written by a newer version of the app."""


def migrate(data: Document, current: int) -> Document:
    """Bring `data` up to `current`; refuse versions that are newer than this app knows."""
    version = data.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return data  # the model's validation reports the bad version with its path
    if version > current:
        raise TooNewError(version)
    while version < current:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data
