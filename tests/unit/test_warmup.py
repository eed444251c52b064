"""The modules a server imports in advance: read from the pages' own imports, each an existing
module, and safe to import from two threads (no two of the app's modules import each other)."""

from __future__ import annotations

import ast
import importlib.util
import logging
from pathlib import Path

from components import warmup

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = ("components", "domain", "reports", "i18n")


def test_the_first_page_modules_are_the_apps_and_the_home_pages_imports():
    first = warmup.first_page_modules()
    assert {"components.session", "components.sidebar", "components.new_strategy", "domain.storage"} <= set(first)
    # Only names that are modules: `from components.i18n import tr` is components.i18n, not tr.
    assert "components.i18n" in first and "components.i18n.tr" not in first
    assert "components.territory_map" not in first  # step 1's, imported once a page has been sent


def test_the_later_modules_are_the_other_pages():
    later = warmup.later_modules()
    assert {"components.territory_map", "components.chart_cache", "components.evaluation_publish"} <= set(later)
    # Registered with the server only when a page's script imports it.
    assert "streamlit_folium" not in later + list(warmup.ON_USE)
    assert not set(later) & set(warmup.first_page_modules())


def test_every_module_warmed_up_exists():
    names = warmup.first_page_modules() + warmup.later_modules() + list(warmup.ON_USE)
    assert [name for name in names if importlib.util.find_spec(name) is None] == []


def test_a_module_that_fails_to_import_is_logged_and_the_rest_still_imported(caplog):
    with caplog.at_level(logging.WARNING, logger=warmup.__name__):
        warmup._import(["components.no_such_module", "components.keys"])
    assert "components.no_such_module" in caplog.text
    assert importlib.util.find_spec("components.keys") is not None


def _app_modules() -> dict[str, Path]:
    modules = {}
    for package in APP_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
            modules[name] = path
    return modules


def _top_level_imports(path: Path, known: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in known}


def test_no_two_of_the_apps_modules_import_each_other():
    """What makes importing from two threads at once safe (see components/warmup.py): each
    thread then holds only modules on its own path, which the other never needs."""
    modules = _app_modules()
    graph = {name: _top_level_imports(path, modules) - {name} for name, path in modules.items()}
    done: set[str] = set()

    def cycle_from(name: str, path: list[str]) -> list[str] | None:
        for imported in sorted(graph[name]):
            if imported in path:
                return [*path[path.index(imported) :], imported]
            if imported not in done and (found := cycle_from(imported, [*path, imported])):
                return found
        done.add(name)
        return None

    assert [cycle for name in sorted(graph) if (cycle := cycle_from(name, [name]))] == []
