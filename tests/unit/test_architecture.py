"""The architecture stays visible: domain/ is pure, nothing imports a page."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

UI_LIBRARIES = {"streamlit", "folium", "altair", "streamlit_folium", "pandas", "babel"}


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_domain_imports_no_ui_or_drawing_library():
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_modules(path) & (UI_LIBRARIES | {"components", "views"}))
        for path in (ROOT / "domain").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_imports_a_page():
    for folder in ("domain", "components", "i18n", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "views" not in imported_modules(path), path


def test_cli_uses_no_ui_library():
    assert not imported_modules(ROOT / "cli.py") & UI_LIBRARIES
