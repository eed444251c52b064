"""Speed as users feel it, in Chromium: page switches, cold start and a save on the large
generated strategy, against a bare two-page Streamlit app measured in the same run.

    python -m benchmarks.browser [--rounds N] [--sessions N]

A page switch is timed from the click on the sidebar link until the app's script state is
back to "not running" (Streamlit's own `data-test-script-state`) and the page has stopped
changing (its last change counts, not the quiet wait after it), timed in the page; a save from
the click on the form's button until "saved" is on screen.

A page's first visit in a browser session (the browser has none of its messages yet, and has
drawn none of its kinds of element) is measured apart, in five new sessions (median), against
the bare app's first visit of its second page in as many new sessions: first against first.
Each session reads its first page for two seconds before its first click, as a person does.
Later visits (median of the rounds) are measured against the bare app's later switches. Targets:
every page <= 4x the bare app, cold start to the first page <= 3 s, a save <= 4x the bare app's
button click.
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

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

from benchmarks.generate import large_strategy
from domain.storage import Store
from i18n import t

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
PAGES = [  # (catalog key of the menu entry, what the page is)
    ("nav.step1", "1. assessment"),
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


READ_MS = 2000  # a person reads the first page before the first click
VIEWPORT: ViewportSize = {"width": 1366, "height": 768}


# Drawn as they come near the view, below the fold on arrival: timed apart, from their scroll
# into view (page's menu label, what is drawn, its name in the table).
DRAWN_WHEN_SCROLLED_TO = [
    ("nav.step1", ".strategy-map", "  its 300-commune map, when scrolled to"),
    ("nav.step3", ".strategy-chart", "  its coverage of 60 issues, scrolled to"),
]


def first_visit(
    browser: Browser, url: str, links: list[str]
) -> tuple[Page, float, list[float], list[tuple[str, float]]]:
    """A new browser session (nothing cached): ms until its first page is drawn, then the first
    visit of each page linked as `links` in the menu, after a read of the first page, and the
    first drawing of what is drawn when scrolled to. The page is kept for later visits."""
    page = browser.new_context(viewport=VIEWPORT, locale="fr-FR").new_page()
    start = time.perf_counter()
    page.goto(url)
    settled(page)
    opened = (time.perf_counter() - start) * 1000
    page.wait_for_timeout(READ_MS)
    visits: list[float] = []
    drawings: list[tuple[str, float]] = []
    for link in links:
        visits.append(click_and_time(page, page.get_by_test_id("stSidebarNav").get_by_text(link, exact=True).click))
        drawings += scrolled_to(page, link)
    return page, opened, visits, drawings


def scrolled_to(page: Page, link: str) -> list[tuple[str, float]]:
    """(name, ms) from each element drawn when near the view on the page linked as `link`
    scrolled into view until it is drawn (the element writes when: `data-drawn-at`)."""
    drawn = []
    for key, selector, name in DRAWN_WHEN_SCROLLED_TO:
        if t(key, "fr") != link:
            continue
        page.evaluate(
            "s => { window.__start = performance.now();"
            " [...document.querySelectorAll(s)].pop().scrollIntoView({block: 'center'}); }",
            selector,
        )
        at = f"Number([...document.querySelectorAll('{selector}')].pop().dataset.drawnAt || 0)"
        page.wait_for_function(f"() => {at} > window.__start", timeout=60_000)
        drawn.append((name, page.evaluate(f"() => {at} - window.__start")))
        page.wait_for_timeout(QUIET_MS)
    return drawn


def measure(rounds: int, sessions: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'browser-bench.sqlite3'}"
        Store(db).create(large_strategy())
        bare, bare_url = serve(["-m", "streamlit", "run", "benchmarks/bare/app.py"], {})
        app, app_url = serve(["serve.py"], {"STRATEGY_DB_URL": db})  # as run.sh and deploy/ start it
        links = [t(key, "fr") for key, _ in PAGES]
        try:
            with sync_playwright() as p:
                # A browser each: the bare app's page (its toast, its timers) never shares the
                # app's renderer process and main thread.
                browser, bare_browser = (
                    p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                    for _ in range(2)
                )
                # First visits, in new browser sessions, one after the other with the bare app's;
                # the first one's first page is the server's cold start.
                first: dict[str, list[float]] = {name: [] for _, name in PAGES}
                bare_first: list[float] = []
                drawn_first: dict[str, list[float]] = {name: [] for _, _, name in DRAWN_WHEN_SCROLLED_TO}
                cold = 0.0
                for session in range(sessions):
                    bare_page, _, (switch,), _ = first_visit(bare_browser, bare_url, ["Second"])
                    bare_first.append(switch)
                    page, opened, visits, drawings = first_visit(browser, f"{app_url}/?s=bench-large", links)
                    cold = cold or opened
                    for name, ms in drawings:
                        drawn_first[name].append(ms)
                    for (_, name), ms in zip(PAGES, visits, strict=True):
                        first[name].append(ms)
                    if session < sessions - 1:
                        page.context.close()
                        bare_page.context.close()
                # Later visits: the last sessions' pages, every page seen once already.
                base: list[float] = []
                base_click: list[float] = []
                later: dict[str, list[float]] = {name: [] for _, name in PAGES}
                saves: list[float] = []
                drawn_later: dict[str, list[float]] = {name: [] for _, _, name in DRAWN_WHEN_SCROLLED_TO}
                for _ in range(rounds):
                    # From its second page to the first, its button, back to the second.
                    bare_nav = bare_page.get_by_test_id("stSidebarNav")
                    base.append(click_and_time(bare_page, bare_nav.get_by_text("First", exact=True).click))
                    button = bare_page.get_by_role("button", name="Save")
                    base_click.append(click_and_time(bare_page, button.click, "__toast"))
                    # Its toast gone before the app is timed: drawn in software (no GPU here),
                    # the toast's exit took the CPU from whichever of the app's pages came then.
                    bare_page.get_by_test_id("stToast").wait_for(state="detached", timeout=20_000)
                    base.append(click_and_time(bare_page, bare_nav.get_by_text("Second", exact=True).click))
                    for link, (_, name) in zip(links, PAGES, strict=True):
                        nav = page.get_by_test_id("stSidebarNav").get_by_text(link, exact=True)
                        later[name].append(click_and_time(page, nav.click))
                        for drawn_name, ms in scrolled_to(page, link):
                            drawn_later[drawn_name].append(ms)
                    saves.append(timed_save(page))
                browser.close()
                bare_browser.close()
        finally:
            for process in (app, bare):
                process.terminate()
                process.wait(timeout=20)
    report(first, bare_first, later, base, (drawn_first, drawn_later), saves, base_click, cold)


def report(
    first: dict[str, list[float]],
    bare_first: list[float],
    later: dict[str, list[float]],
    base: list[float],
    drawn: tuple[dict[str, list[float]], dict[str, list[float]]],
    saves: list[float],
    base_click: list[float],
    cold: float,
) -> None:
    """The table: first visits (median of the sessions) against the bare app's first visit, later
    visits (median of the rounds) against its later switches; each figure after them."""
    bare_new, switch, click = (statistics.median(x) for x in (bare_first, base, base_click))
    print(
        f"{'page (large strategy)':36} {'first visit':>12} {'× bare':>7} {'later':>8} {'× bare':>7}  first, each | later, each"
    )
    print(f"{'(bare two-page app: page switch)':36} {_cells(bare_first, bare_new, base, switch)}")
    for name in later:
        print(f"{name:36} {_cells(first[name], bare_new, later[name], switch)}")
    for name in drawn[0]:
        print(f"{name:36} {_cells(drawn[0][name], bare_new, drawn[1][name], switch)}")
    print(f"{'(bare app: button click)':36} {_cells([], 1, base_click, click)}")
    print(f"{'a save, as felt (territory form)':36} {_cells([], 1, saves, click)}")
    print(f"cold start to the first page: {cold:.0f} ms (target <= 3000 ms)")


def _cells(first: list[float], first_base: float, later: list[float], later_base: float) -> str:
    """Medians in ms and × their bare figure, then each figure."""
    each = f"{' '.join(f'{x:.0f}' for x in first)} | {' '.join(f'{x:.0f}' for x in later)}"
    head = f"{'':>12} {'':>7}"
    if first:
        ms = statistics.median(first)
        head = f"{ms:12.0f} {ms / first_base:7.1f}"
    ms = statistics.median(later)
    return f"{head} {ms:8.0f} {ms / later_base:7.1f}  {each}"


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
    parser.add_argument("--rounds", type=int, default=6, help="later visits of each page")
    parser.add_argument("--sessions", type=int, default=5, help="new browser sessions, for the first visits")
    arguments = parser.parse_args()
    measure(arguments.rounds, arguments.sessions)


if __name__ == "__main__":
    main()
