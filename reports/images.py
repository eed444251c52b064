"""Charts as images for the documents: Vega-Lite specs rendered offline by vl-convert.

The builders are the same as on screen; here their specs become PNG bytes, with the report's
font (DejaVu Sans, shipped in `reports/fonts/`) registered so that text renders on a machine
without fonts, with every character the labels may hold.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import vl_convert as vlc

from domain.text_rules import clean_line, finite_json

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = "DejaVu Sans"


@lru_cache(maxsize=1)
def _fonts() -> None:
    vlc.register_font_directory(str(FONT_DIR))


def _plain(value: Any) -> Any:
    """Every string of a spec without control characters or line breaks: the renderer aborts
    the whole process on some of them, and user text (titles, names) reaches the labels."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, float):
        return finite_json(value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def png(spec: dict[str, Any], *, scale: float = 2.0) -> bytes:
    """PNG bytes of a Vega-Lite spec (from a builder's `.to_dict(validate=False)`)."""
    _fonts()
    spec = _plain(spec)
    config = dict(spec.get("config") or {})
    config["font"] = FONT
    config.setdefault("background", "#ffffff")
    spec["config"] = config
    return bytes(vlc.vegalite_to_png(spec, scale=scale))


def pngs(specs: list[dict[str, Any]]) -> list[bytes]:
    """Several charts, one after the other (vl-convert keeps Python's lock while it renders,
    so threads would not make it faster)."""
    return [png(spec) for spec in specs]
