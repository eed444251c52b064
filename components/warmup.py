"""The modules the pages need, imported in one background thread before anyone waits for them.

Started by `serve.py` as soon as the server exists, before its first visitor: the first page's
modules (pandas, SQLAlchemy, the model…, ~0.6 s on this machine), which its first visitor would
otherwise wait for. Once a page has been sent, the other pages' modules (Vega-Altair ~280 ms,
icalendar ~130 ms…), which the first visit of each page would wait for; some seconds later the
modules imported only when used (the documents, the map clicked to place an initiative). Under a bare
`streamlit run app.py` the app starts it itself after its first page.

The lists are read from the pages' own imports (app.py's and views/*.py's), so they follow them.

The app's script waits for the first page's modules (`wait_first_page`), so that it never imports
them at the same time as this thread. The later ones may be imported by a page and by this thread
at once: that is safe while no two of the app's modules import each other (a test checks it), as
each thread then waits for the other without holding what the other needs.
An import that fails here fails again, and is said, on the page that needs the module.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import logging
import threading
import time
from pathlib import Path

from streamlit import runtime

ROOT = Path(__file__).resolve().parents[1]
FIRST_PAGE = (ROOT / "app.py", ROOT / "views" / "home.py")
# Imported inside a function, when first used. Not streamlit_folium: a component of the older
# kind is registered with the server only when its module is imported by a page's script (from
# this thread the map clicked to place an initiative would stay an empty frame).
ON_USE = (
    "components.maps",
    "reports.pdf",
    "reports.docx_report",
    "reports.xlsx",
)
AFTER_FIRST_PAGE_S = 0.5  # the first page's drawing in the browser, which asks the server for more
# A document is asked for after a while in the app, not while its first pages are opened: its
# libraries (ReportLab, vl-convert, python-docx, openpyxl) would share the processor with them.
ON_USE_AFTER_S = 10.0
WAIT_AT_MOST_S = 60.0
_lock = threading.Lock()
_started = False
_first_done = threading.Event()
_page_sent = threading.Event()


def first_page_modules() -> list[str]:
    """The modules the first page imports."""
    return list(dict.fromkeys(name for script in FIRST_PAGE for name in _imported_by(script)))


def later_modules() -> list[str]:
    """The modules the other pages import; none of the first page's."""
    others = sorted(p for p in (ROOT / "views").glob("*.py") if p not in FIRST_PAGE)
    names = [name for script in others for name in _imported_by(script)]
    first = set(first_page_modules())
    return [name for name in dict.fromkeys(names) if name not in first]


def _imported_by(script: Path) -> list[str]:
    """The modules a script imports at its top level (`from package import module` included)."""
    names: list[str] = []
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module != "__future__":
            names.append(node.module)
            names += [
                f"{node.module}.{alias.name}" for alias in node.names if _is_module(f"{node.module}.{alias.name}")
            ]
    return names


def _is_module(name: str) -> bool:
    """Whether `package.name` is a module (not a name defined in the package): only the package
    itself is imported to know (a module's name is looked for only if it is a package)."""
    try:
        package = importlib.util.find_spec(name.rpartition(".")[0])
        return bool(package and package.submodule_search_locations and importlib.util.find_spec(name))
    except Exception:  # does not import: the page that needs it says so
        return False


def start() -> None:
    """Import the first page's modules in a background thread, once per process, as soon as
    Streamlit's runtime exists (a module's cached functions are declared to it); the others once
    a page has been sent (`page_sent`)."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_import_all, name="warm-imports", daemon=True).start()


def page_sent() -> None:
    """A page has been sent: the other pages' modules may now be imported (starts the thread
    if nothing has, as under a bare `streamlit run app.py`)."""
    start()
    _page_sent.set()


def wait_first_page() -> None:
    """Until the first page's modules are imported, if the thread has started (at most
    WAIT_AT_MOST_S): the app's script then imports none of them at the same time."""
    if _started and not _first_done.wait(WAIT_AT_MOST_S):
        logging.getLogger(__name__).warning("background imports still running after %.0f s", WAIT_AT_MOST_S)


def _import_all() -> None:
    try:
        while not runtime.exists():
            time.sleep(0.05)
        _import(first_page_modules())
    finally:
        _first_done.set()
    # Not while the first page is built and sent: the two would share one interpreter lock.
    _page_sent.wait()
    time.sleep(AFTER_FIRST_PAGE_S)
    _import(later_modules())
    time.sleep(ON_USE_AFTER_S)
    _import(list(ON_USE))


def _import(names: list[str]) -> None:
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the page that needs it imports it again and says what failed
            logging.getLogger(__name__).warning("could not import %s in advance", name, exc_info=True)
