"""AppTest helpers: each test gets its own SQLite store, seeded with the sample strategy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from components.identity import LOCAL_EMAIL, USER_KEY, User
from domain.storage import Store
from tests.conftest import ROOT

APP = str(ROOT / "app.py")
SAMPLE_ID = "sample-fougeres"
OWNER = User(LOCAL_EMAIL, "Poste local")  # the person at the machine (no identity provider)
PAGES = {
    "home": "views/home.py",
    "assessment": "views/assessment.py",
    "issues": "views/issues.py",
    "axes": "views/axes.py",
    "actions": "views/actions.py",
    "partnerships": "views/partnerships.py",
    "monitoring": "views/monitoring.py",
    "export": "views/export.py",
    "workshop": "views/workshop.py",
    "present": "views/present.py",
    "governance": "views/governance.py",
}


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("STRATEGY_DB_URL", url)
    return url


@pytest.fixture
def open_app(db_url: str) -> Callable[..., AppTest]:
    def make(
        page: str = "home",
        *,
        strategy: str | None = SAMPLE_ID,
        lang: str = "fr",
        user: User | None = OWNER,
        unfold: tuple[str, ...] = (),
    ) -> AppTest:
        """The app on `page`; `unfold`: the keys of folded boxes to open (built only while open)."""
        at = AppTest.from_file(APP, default_timeout=60)
        if strategy:
            at.query_params["s"] = strategy
        at.session_state["lang"] = lang
        at.session_state[USER_KEY] = user
        at.run()
        if page != "home":
            at.switch_page(PAGES[page]).run()
        if unfold:
            for key in unfold:
                at.session_state[key] = True
            at.run()
        return at

    return make


@pytest.fixture
def store(db_url: str) -> Store:
    return Store(db_url)


def by_label(elements: Any, label: str) -> Any:
    found = [e for e in elements if e.label == label]
    assert found, f"no widget labelled {label!r} among {[e.label for e in elements]}"
    return found[0]


def no_failure(at: AppTest) -> None:
    assert [e.value for e in at.exception] == []
    assert [e.value for e in at.error] == []
