"""The modules imported in advance exist (a renamed one would only be logged, never imported)."""

from __future__ import annotations

import importlib.util

from components import warmup


def test_every_module_warmed_up_exists():
    assert [name for name in warmup.MODULES if importlib.util.find_spec(name) is None] == []
