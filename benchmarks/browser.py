"""Speed as users feel it, in Chromium: page switches, cold start and a save on the large
generated strategy, against a bare two-page Streamlit app measured in the same run.

    python -m benchmarks.browser [--rounds N]

A page switch is timed from the click on the sidebar link until the app's script state is
back to "not running" (Streamlit's own `data-test-script-state`) and the page has stopped
changing (its last change counts, not the quiet wait after it), timed in the page; a save from
the click on the form's button until "saved" is on screen. Each page is visited once per round:
the first visit of a browser session (the browser has none of the page's large messages yet)
is shown apart from the median of the later ones. Targets: every page <= 4x the bare app's switch,
cold start to the first page <= 3 s, a save <= 4x the bare app's button click.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from benchmarks.generate import large_strategy
from domain.storage import Store
from i18n import t

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PAGES = [  # (catalog key of the menu entry, what the page is)
    ("nav.step1", "1. assessment (300-commune map)"),
    ("nav.step2", "2. priority issues"),
    ("nav.step3", "3. strategic axes"),
    ("nav.step4", "4. action plan"),
    ("nav.step5", "5. partnerships"),
    ("nav.step6", "6. monitoring"),
    ("nav.governance", "governance"),
    ("nav.export", "review and export"),
    ("nav.workshop", "workshops"),
    ("nav.home", "home"),
]
STATE = "[data-test-script-state]"
SERVER_OPTIONS = ("--server.address", "127.0.0.1", "--server.headless", "true")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(command: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, *command, "--server.port", str(port), *SERVER_OPTIONS],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return process, url
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{' '.join(command)} did not start")


def settled(page: Page, timeout: float = 60.0) -> None:
    """Until the script has run (it may not have started yet when this is called)."""
    page.wait_for_function(
        f"() => document.querySelector('{STATE}')?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=timeout * 1000,
    )


WATCH = """() => {
  if (window.__watching) return;
  window.__watching = true;
  new MutationObserver(records => {
    const now = performance.now();
    for (const r of records) {
      if (r.attributeName === 'data-test-script-state') {
        // A fast run flips the state twice before the observer is called: the old values tell.
        const state = r.target.getAttribute('data-test-script-state');
        if (state === 'running' || r.oldValue === 'running') window.__ran = true;
        if (state === 'notRunning' && window.__ran) window.__end = now;
      } else if (r.type === 'childList' && !r.target.closest('canvas')) {
        // What a <canvas> holds is never drawn (fallback content: the tables' grid adds its
        // accessibility table there some 300 ms after the grid is on screen).
        window.__last = now;
      }
    }
    // Once per batch, not per record: the benchmark must not add work that grows with the page.
    if (window.__toast === null && document.querySelector('[data-testid="stToast"]')) window.__toast = now;
  }).observe(document.body, {attributes: true, attributeOldValue: true, childList: true, subtree: true});
}"""
QUIET_MS = 400  # no change on the page for this long: it has finished drawing
# An element in an <iframe> (the map clicked to place an initiative) is a page of its own,
# drawn by its scripts as the frame's document is read: the end of that reading
# (DOMContentLoaded) counts, in the app's clock, for a frame created by the click. Its `load`
# waits for a map's background tiles from the map server, a third party's time (and, offline,
# the time a failed lookup takes).
FRAMES_DRAWN = """Math.max(0, ...[...document.querySelectorAll('iframe')].map(f => {
    const w = f.contentWindow, read = w?.performance.getEntriesByType('navigation')[0];
    const at = read ? w.performance.timeOrigin - performance.timeOrigin + read.domContentLoadedEventEnd : 0;
    return at > window.__start ? at : 0;
  }))"""


# The app's own map is drawn on a canvas, which the page's changes do not show: the element
# writes, in the page's clock, when its drawing reached the screen (`data-drawn-at`).
ELEMENTS_DRAWN = """Math.max(0, ...[...document.querySelectorAll('[data-drawn-at]')].map(e => {
    const at = Number(e.dataset.drawnAt);
    return at > window.__start ? at : 0;
  }))"""


def click_and_time(page: Page, click, until: str = "__end") -> float:  # type: ignore[no-untyped-def]
    """ms from a click until the rerun it starts has finished and the page has stopped
    changing (`__end`), or until a toast is shown (`__toast`), timed in the page itself
    (Playwright's own round trips left out)."""
    page.bring_to_front()  # a tab in the background is not drawn
    page.evaluate(WATCH)
    page.evaluate("() => { window.__ran = false; window.__end = null; window.__toast = null; window.__last = 0; }")
    page.evaluate("() => { window.__start = performance.now(); }")
    click()
    if until == "__toast":
        page.wait_for_function("() => window.__toast !== null", timeout=60_000)
        ms: float = page.evaluate("() => window.__toast - window.__start")
    else:
        page.wait_for_function(
            f"""() => document.querySelector('{STATE}').getAttribute('data-test-script-state') === 'notRunning'
            && performance.now() - Math.max(window.__last, window.__start) > {QUIET_MS}
            && [...document.querySelectorAll('iframe')].every(f => f.contentDocument?.readyState !== 'loading')""",
            timeout=60_000,
        )
        ms = page.evaluate(
            f"() => Math.max(window.__end || 0, window.__last, {FRAMES_DRAWN}, {ELEMENTS_DRAWN}) - window.__start"
        )
        if ms <= 0:
            raise RuntimeError("the click changed nothing on the page")
    settled(page)
    return ms


def measure(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'browser-bench.sqlite3'}"
        Store(db).create(large_strategy())
        bare, bare_url = serve(["-m", "streamlit", "run", "benchmarks/bare/app.py"], {})
        app, app_url = serve(["serve.py"], {"STRATEGY_DB_URL": db})  # as run.sh and deploy/ start it
        try:
            with sync_playwright() as p:
                # A browser each: the bare app's page (its toast, its timers) never shares the
                # app's renderer process and main thread.
                browsers = [
                    p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                    for _ in range(2)
                ]
                page, bare_page = (
                    b.new_context(viewport={"width": 1366, "height": 768}, locale="fr-FR").new_page() for b in browsers
                )
                # Cold start: the server's first page, from the address typed to the page drawn.
                start = time.perf_counter()
                page.goto(f"{app_url}/?s=bench-large")
                settled(page)
                cold = (time.perf_counter() - start) * 1000
                bare_page.goto(bare_url)
                settled(bare_page)
                base: list[float] = []
                base_click: list[float] = []
                times: dict[str, list[float]] = {name: [] for _, name in PAGES}
                saves: list[float] = []
                for _ in range(rounds):
                    for title in ("Second", "First"):
                        link = bare_page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True)
                        base.append(click_and_time(bare_page, link.click))
                    button = bare_page.get_by_role("button", name="Save")
                    base_click.append(click_and_time(bare_page, button.click, "__toast"))
                    # Its toast gone before the app is timed: drawn in software (no GPU here),
                    # the toast's exit took the CPU from whichever of the app's pages came then.
                    bare_page.get_by_test_id("stToast").wait_for(state="detached", timeout=20_000)
                    for key, name in PAGES:
                        link = page.get_by_test_id("stSidebarNav").get_by_text(t(key, "fr"), exact=True)
                        times[name].append(click_and_time(page, link.click))
                    saves.append(timed_save(page))
                for b in browsers:
                    b.close()
        finally:
            for process in (app, bare):
                process.terminate()
                process.wait(timeout=20)
    switch = statistics.median(base)
    click = statistics.median(base_click)
    head = f"{'first visit':>12} {'× bare':>7} {'later (median)':>15} {'× bare':>7}  later, each"
    print(f"{'page (large strategy)':36} {head}")
    print(f"{'(bare two-page app: page switch)':36} {'':>12} {'':>7} {switch:15.0f} {1:7.1f}  {_each(base)}")
    for name, ms in times.items():
        print(f"{name:36} {_row(ms, switch)}")
    print(f"{'(bare app: button click)':36} {'':>12} {'':>7} {click:15.0f} {1:7.1f}  {_each(base_click)}")
    print(f"{'a save, as felt (territory form)':36} {_row(saves, click)}")
    print(f"cold start to the first page: {cold:.0f} ms (target <= 3000 ms)")


def _each(ms: list[float]) -> str:
    return " ".join(f"{x:.0f}" for x in ms)


def _row(ms: list[float], base: float) -> str:
    """First visit, then the median of the later ones (and each), in ms and × the bare app."""
    later = statistics.median(ms[1:]) if len(ms) > 1 else ms[0]
    return f"{ms[0]:12.0f} {ms[0] / base:7.1f} {later:15.0f} {later / base:7.1f}  {_each(ms[1:])}"


def timed_save(page: Page) -> float:
    """The territory form of step 1: its notes changed, then saved, until "saved" is shown."""
    page.get_by_test_id("stSidebarNav").get_by_text(t("nav.step1", "fr"), exact=True).click()
    settled(page)
    page.get_by_text(t("assessment.edit_territory", "fr")).click()
    notes = page.get_by_label(t("field.notes", "fr"))
    notes.fill(f"Notes {time.time()}")
    button = page.get_by_role("button", name=t("form.save", "fr")).filter(visible=True).first
    # In view and still, as under a user's pointer: Playwright's own scrolling to a button below
    # the fold, and its wait for the scroll to end, are not the app's time.
    button.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    ms = click_and_time(page, button.click, "__toast")
    # Back home: the next round's first switch is to step 1, which must be a switch.
    page.get_by_test_id("stSidebarNav").get_by_text(t("nav.home", "fr"), exact=True).click()
    settled(page)
    return ms


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    measure(parser.parse_args().rounds)


if __name__ == "__main__":
    main()
