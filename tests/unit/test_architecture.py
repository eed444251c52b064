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


def test_domain_imports_neither_documents_nor_catalogs():
    """Rules and records know no language and no output: reports/ and i18n/ build on domain/."""
    for path in (ROOT / "domain").rglob("*.py"):
        assert not imported_modules(path) & {"reports", "i18n"}, path


def test_chart_and_map_builders_are_free_of_streamlit():
    """Pages and documents share them: they take values and return specs and maps."""
    for name in ("charts.py", "maps.py"):
        assert "streamlit" not in imported_modules(ROOT / "components" / name), name


def test_benchmarks_do_not_import_the_tests():
    for path in (ROOT / "benchmarks").rglob("*.py"):
        assert "tests" not in imported_modules(path), path


def test_nothing_imports_a_page():
    for folder in ("domain", "components", "i18n", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            assert "views" not in imported_modules(path), path


def test_cli_uses_no_ui_library():
    assert not imported_modules(ROOT / "cli.py") & UI_LIBRARIES


# Streamlit widgets that write English text of their own, and the wrapper that speaks the
# user's language instead (components/widgets.py).
WRAPPED = {
    "selectbox": "choose_one",
    "multiselect": "choose_many",
    "date_input": "date_field",
    "file_uploader": "upload",
    "dataframe": "show_table",
}


def _screen_calls():
    for folder in ("views", "components"):
        for path in (ROOT / folder).rglob("*.py"):
            if path.name == "widgets.py":
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def test_screens_use_the_widgets_that_speak_the_users_language():
    raw = [
        f"{where} {node.func.attr} → {WRAPPED[node.func.attr]}"
        for where, node in _screen_calls()
        if node.func.attr in WRAPPED
    ]  # type: ignore[attr-defined]
    assert raw == []


def test_no_number_field_shows_a_decimal_point():
    """A decimal number is typed in `number_field` ("3,2" on a French page): st.number_input,
    which writes "3.20", is kept for whole numbers (a year, a count)."""
    decimal = [
        where
        for where, node in _screen_calls()
        if node.func.attr == "number_input"  # type: ignore[attr-defined]
        and any(
            isinstance(arg, ast.Constant) and isinstance(arg.value, float)
            for arg in [*node.args, *(k.value for k in node.keywords)]
        )
    ]
    assert decimal == []


def test_label_and_value_are_joined_by_the_catalog():
    """ "Label : value" is French typography; English writes "Label: value". Screens join the two
    with the catalog's `format.label_value`, never with a space before a colon of their own."""
    import re

    glued = re.compile(r"""[})*'"] : [{"']""")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in ("views", "components")
        for path in (ROOT / folder).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if glued.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []


def test_an_action_is_named_in_one_place():
    """`Action.label` ("2.1 Créer un tiers-lieu"): no screen or document spells it again."""
    import re

    spelled = re.compile(r"\{\w+\.code\} \{\w+\.title\}")
    found = [
        str(path.relative_to(ROOT))
        for folder in ("views", "components", "reports", "domain", "i18n")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "model.py" and spelled.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


def test_screens_take_enumerations_from_the_model():
    """A list of the codes of a model enumeration, written again in a screen or a document,
    drifts: the overseas kinds of territory were missing from two dropdowns. `get_args` of the
    model's Literal is the one source (a short subset with a meaning of its own is allowed)."""
    import typing

    from domain import model

    enumerations = {
        frozenset(typing.get_args(v)): name
        for name, v in vars(model).items()
        if typing.get_origin(v) is typing.Literal and len(typing.get_args(v)) >= 2
    }
    copies = []
    for folder in ("views", "components", "reports"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.List | ast.Tuple | ast.Set) and all(
                    isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts
                ):
                    values = frozenset(e.value for e in node.elts)  # type: ignore[attr-defined]
                    for codes, name in enumerations.items():
                        if len(values) >= 2 and (values == codes or (len(values) >= 4 and values < codes)):
                            copies.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
    assert copies == []


def test_session_keys_and_pages_are_named_in_one_module():
    """components/keys.py names every session key and page script; a bare string elsewhere is
    a second spelling of it (a typo there is a new, empty key and nothing says so)."""
    import re

    bare = re.compile(r"""session_state(\[|\.get\(|\.pop\(|\.setdefault\()\s*["']|["']views/\w+\.py["']""")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in [ROOT / "app.py", *(ROOT / "views").rglob("*.py"), *(ROOT / "components").rglob("*.py")]
        if path.name != "keys.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if bare.search(line)
    ]
    assert found == []


def test_one_formatting_stack():
    """Numbers, money and dates are written by components/formatting.py alone (screens and
    documents alike): two stacks had started to write the same number differently."""
    users = [
        str(path.relative_to(ROOT))
        for folder in ("views", "components", "reports", "domain", "i18n")
        for path in (ROOT / folder).rglob("*.py")
        if path.name != "formatting.py" and {"babel.numbers", "babel.dates"} & _full_imports(path)
    ]
    assert users == []


def _full_imports(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }


def test_every_record_of_the_document_says_what_it_is():
    """Each model class has a docstring: it becomes the description in the JSON Schema too."""
    tree = ast.parse((ROOT / "domain" / "model.py").read_text(encoding="utf-8"))
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    assert len(classes) > 30
    assert [c.name for c in classes if not ast.get_docstring(c)] == []


def test_screens_translate_through_one_function():
    """Screens and components say everything through components.i18n (tr, and tr(..., in_lang=…)
    for text written into a strategy in its own language); only that module reads the catalogs."""
    readers = sorted(
        str(path.relative_to(ROOT))
        for folder in ("components", "views")
        for path in (ROOT / folder).rglob("*.py")
        if "i18n" in imported_modules(path) and path.name != "i18n.py"
    )
    assert readers == []
    assert "i18n" not in imported_modules(ROOT / "app.py")
