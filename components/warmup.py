"""The modules some pages need and the first page does not, imported in the background a
moment after a server's first page: otherwise the first person to open step 1 or step 6 after
a start waits for them (Vega-Altair ~280 ms, icalendar ~130 ms on this machine).

Started once per server process; an import that fails here fails again, and is said, on the
page that needs the module.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time

MODULES = ("components.chart_cache", "reports.calendar")
DELAY_S = 0.5  # after the first page has been sent, which must not share the processor with this
_lock = threading.Lock()
_started = False


def start() -> None:
    """Import MODULES in a background thread, once per process."""
    global _started
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_import_all, name="warm-imports", daemon=True).start()


def _import_all() -> None:
    time.sleep(DELAY_S)
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # the page that needs it imports it again and says what failed
            logging.getLogger(__name__).warning("could not import %s in advance", name, exc_info=True)
