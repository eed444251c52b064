"""Text typed by users (or put in a URL) is shown as text on every page and tab: no Markdown
link or image from it is ever rendered, and a strategy that no longer loads is said, not a crash."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from domain.document import write_document
from domain.model import Strategy
from domain.storage import Store
from domain.storage.store import revisions
from i18n import t
from tests.app.conftest import PAGES, SAMPLE_ID, no_failure

PAYLOAD = "![x](http://evil.example/p.png) [re-login](http://evil.example/phish)"
# A link or image whose target survived as Markdown: `](http://evil` not escaped as `\](`.
# Or a bare address that GitHub-flavoured Markdown would turn into a link by itself.
RENDERED = re.compile(r"(?<!\\)\]\((?:\\)?h|https?\\?:\\?/\\?/\\?evil")
MISSING = t("home.missing", "fr", id="|").split("|")[0]
TEXT_FIELDS = {"title", "name", "label", "unit", "text", "theme", "source", "boundary_source", "reference_label"}
# Elements that draw text as plain text (tables, charts, maps): not Markdown. The app's own
# components (charts drawn by Vega as SVG text, the drafts keeper's notes set as textContent).
PLAIN = {
    "dataframe",
    "table",
    "arrow_data_frame",
    "vega_lite_chart",
    "bidi_component",
    "deck_gl_json_chart",
    "iframe",
    "html",
    "json",
}
# Widgets whose options (and a metric's value) are drawn as plain text; their labels are Markdown.
PLAIN_OPTIONS = {"selectbox", "multiselect", "select_slider", "metric"}
TABS = {  # page -> (widget key, catalog key of a tab's label, tabs)
    "assessment": (
        "assessment_tab",
        "{}",
        (
            "map.title",
            *(f"assessment.{n}" for n in ("indicators", "swot", "initiatives", "consultations", "needs", "maturity")),
        ),
    ),
    "issues": ("issues_tab", "issues.{}", ("issues", "scores", "matrix")),
    "actions": ("actions_tab", "actions.tab.{}", ("list", "sheet", "library", "timeline", "budget")),
    "partnerships": ("partners_tab", "partners.tab.{}", ("register", "per_action", "setups")),
    "monitoring": (
        "monitoring_tab",
        "monitoring.tab.{}",
        ("dashboard", "actions", "indicators", "measurements", "evaluation", "publish"),
    ),
}


def _hostile(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _hostile(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(v, key) for v in value]
    if isinstance(value, str) and key in TEXT_FIELDS and value and len(value) < 200:
        return f"{value} {PAYLOAD}"
    return value


def hostile_strategy(sample: Strategy) -> Strategy:
    data = _hostile(json.loads(write_document(sample)))
    data["id"] = "hostile"
    data["issues"][0]["scores"] = []  # an unscored issue is listed by its title
    data["actions"][0]["start"] = data["actions"][0]["end"] = None  # so is an undated action
    return Strategy.model_validate(data)


def rendered_markdown(at: AppTest) -> list[str]:
    """Every Markdown-interpreting text of the page (alerts, captions, headings, labels…)."""
    found: list[str] = []

    def walk(node: Any) -> None:
        for child in getattr(node, "children", {}).values():
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is None or getattr(node, "type", "") in PLAIN:
            return
        kind = getattr(node, "type", "")
        text = "\n".join(
            line
            for line in str(proto).splitlines()
            if not line.lstrip().startswith("default:")  # a widget's value: plain text
            and not (kind in PLAIN_OPTIONS and line.lstrip().startswith(("options:", "body:", "value:", "raw_values")))
        )
        if RENDERED.search(text.replace("\\\\", "\\")):
            found.append(f"{getattr(node, 'type', '?')}: {text[:300]}")

    walk(at._tree)
    return found


@pytest.fixture
def hostile(db_url: str, sample: Strategy) -> str:
    Store(db_url).create(hostile_strategy(sample))
    return "hostile"


VIEWS = [(page, None) for page in PAGES] + [(page, tab) for page, (_, _, tabs) in TABS.items() for tab in tabs]


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(("page", "tab"), VIEWS)
def test_user_text_is_never_rendered_as_markdown(open_app, hostile, page, tab, lang):
    at = open_app(page, strategy=hostile, lang=lang)
    if tab:
        key, label, _ = TABS[page]
        at.session_state[key] = t(label.format(tab), lang)
        at.run()
    no_failure(at)
    assert rendered_markdown(at) == []


def test_the_id_in_the_address_is_shown_as_text(open_app):
    at = open_app(strategy=PAYLOAD)
    assert next(w.value for w in at.warning if w.value.startswith(MISSING)).count("evil") == 1
    assert rendered_markdown(at) == []


@pytest.mark.parametrize("strategy_id", ["%00", "\x00", "a" * 5000])
def test_an_impossible_id_in_the_address_is_said(open_app, strategy_id):
    at = open_app(strategy=strategy_id)
    assert [e.value for e in at.exception] == [] and [e.value for e in at.error] == []
    assert len([w for w in at.warning if w.value.startswith(MISSING)]) == 1


def test_a_strategy_whose_latest_revision_no_longer_loads_is_said_and_restored(open_app, store: Store, sample):
    at = open_app()  # seeds the sample
    doc = store.load(SAMPLE_ID)
    store.save(doc.model_copy(update={"title": "Renommée"}), base_revision=doc.revision)
    data = json.loads(write_document(doc))
    data["territory"]["population"] = None
    data["territory"]["area_km2"] = "NaN"
    with store.engine.begin() as conn:
        conn.execute(
            update(revisions)
            .where(revisions.c.strategy_id == SAMPLE_ID, revisions.c.revision == doc.revision + 1)
            .values(document=json.dumps(data))
        )
    at = open_app(strategy=None)
    at.query_params["s"] = SAMPLE_ID
    at.run()
    assert [e.value for e in at.exception] == []
    (error,) = [e.value for e in at.error]
    assert "territory\\.area\\_km2" in error
    restore = [b for b in at.button if b.label == t("home.restore_readable", "fr", revision=doc.revision)]
    restore[0].click().run()
    no_failure(at)
    assert store.load(SAMPLE_ID).title == doc.title and at.session_state["doc"].revision == doc.revision + 2
