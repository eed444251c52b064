"""Timing of the foundation on the large generated strategy; prints a table of medians.

    python -m benchmarks.run [--repeat N]

- each page's AppTest rerun with the large strategy open, against a one-line app (ratio);
- JSON load + validate against json.loads of the same bytes;
- autosave (one saved revision) on SQLite.
Targets: page rerun <= 100 ms, load + validate <= 3x json.loads, autosave <= 20 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.generate import large_strategy
from components.identity import USER_KEY, User
from domain.document import read_document, write_document
from domain.storage import MACHINE, Store
from i18n import t

ROOT = Path(__file__).resolve().parents[1]
LAZY_TABS = {  # page -> (widget key, catalog key of a tab's label, tabs other than the first)
    "assessment": (
        "assessment_tab",
        "assessment.{}",
        ("indicators", "swot", "initiatives", "consultations", "needs", "maturity"),
    ),
    "issues": ("issues_tab", "issues.{}", ("scores", "matrix")),
    "actions": ("actions_tab", "actions.tab.{}", ("sheet", "library", "timeline", "budget")),
    "partnerships": ("partners_tab", "partners.tab.{}", ("per_action", "setups")),
    "monitoring": (
        "monitoring_tab",
        "monitoring.tab.{}",
        ("actions", "indicators", "measurements", "evaluation", "publish"),
    ),
}
PAGES = ["home", "assessment", "issues", "axes", "actions", "partnerships", "monitoring", "export"]


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def page_reruns(db_url: str, repeat: int) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    os.environ["STRATEGY_DB_URL"] = db_url
    results = {}
    one = AppTest.from_file(str(ROOT / "benchmarks" / "one_line_app.py"), default_timeout=120).run()
    results["(one-line app)"] = median_ms(one.run, repeat)
    for page in PAGES:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["s"] = "bench-large"
        at.session_state[USER_KEY] = User(MACHINE, "bench")  # the machine's own browser
        at.run()
        if page != "home":
            at.switch_page(f"views/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        at.run()  # warm caches
        results[page] = median_ms(at.run, repeat)
        if page in LAZY_TABS:  # tabs that run lazily: each one is a view of its own
            key, label, tabs = LAZY_TABS[page]
            for tab in tabs:
                at.session_state[key] = t(label.format(tab), "fr")
                at.run()
                results[f"{page} › {tab}"] = median_ms(at.run, repeat)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    doc = large_strategy()
    raw = write_document(doc).encode()
    rows: list[tuple[str, float, str]] = []

    loads = median_ms(lambda: json.loads(raw), args.repeat)
    validate = median_ms(lambda: read_document(raw), args.repeat)
    rows.append(("json.loads of the large document", loads, f"{len(raw) / 1e6:.2f} MB"))
    rows.append(("load + validate (read_document)", validate, f"{validate / loads:.2f}x json.loads (target <= 3x)"))

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        store = Store(url)
        saved = store.create(doc)
        counter = {"n": 0}

        def autosave() -> None:
            nonlocal saved
            counter["n"] += 1
            saved = store.save(  # as the app saves: a copy of the loaded document, its change validated
                saved.model_copy(update={"title": f"Titre {counter['n']}"}),
                base_revision=saved.revision,
                copied_from=saved,
            )

        rows.append(("autosave on SQLite (one revision)", median_ms(autosave, args.repeat), "target <= 20 ms"))
        reruns = page_reruns(url, args.repeat)
    base = reruns.pop("(one-line app)")
    rows.append(("AppTest rerun: one-line app", base, "baseline"))
    for page, ms in reruns.items():
        rows.append((f"AppTest rerun: {page}", ms, f"{ms / base:.1f}x one-line (target <= 100 ms)"))

    print(f"{'measure':45} {'median ms':>10}  note")
    for name, ms, note in rows:
        print(f"{name:45} {ms:10.1f}  {note}")


if __name__ == "__main__":
    main()
