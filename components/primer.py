"""The kinds of element the step pages use and the first page may not (tabs, figures, multiple
choices), drawn once per browser session, after its first page, out of sight and out of screen
readers' reach.

The browser reads and prepares the code that draws a kind of element the first time it draws
one: on the large strategy the first visit of the assessment (its tabs, its three figures) took
~420 ms against ~190 ms later (`python -m benchmarks.browser`). Drawn here, that work is done
while the person reads the first page; the next run of any page no longer draws them.
"""

from __future__ import annotations

import streamlit as st

from components.keys import Key
from components.widgets import choose_many

# Laid out (so the browser's own first layout of them is done too) but never shown, hidden from
# screen readers and the keyboard (`visibility: hidden`), and taking no room on the page.
STYLE = (
    f".st-key-{Key.PRIMER} {{position: absolute; visibility: hidden; pointer-events: none;"
    " width: 100%; height: 0; overflow: hidden;}"
)


def draw_once() -> None:
    """At the end of the first run of a browser session's script."""
    if st.session_state.get(Key.PRIMED):
        return
    st.session_state[Key.PRIMED] = True
    st.html(f"<style>{STYLE}</style>")
    with st.container(key=Key.PRIMER):
        first, _ = st.tabs(["1", "2"])
        first.metric("1", 1)
        choose_many(first, "1", ["1"])
