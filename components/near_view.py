"""The code of an element the app draws in the page (`components/NAME.js`), preceded by what
those elements share (`near_view.js`: each is drawn as it comes near the view).

Streamlit sends an element's code with it, as one module: the shared part is put in front of
each rather than written in each.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def element_js(name: str) -> str:
    return (HERE / "near_view.js").read_text(encoding="utf-8") + (HERE / f"{name}.js").read_text(encoding="utf-8")
