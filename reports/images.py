"""Charts as images for the documents: Vega-Lite specs rendered offline by vl-convert.

The builders are the same as on screen; here their specs become PNG bytes, with the report's
font (DejaVu Sans, shipped in `reports/fonts/`) registered so that text renders on a machine
without fonts, with every character the labels may hold.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import vl_convert as vlc
from PIL import Image as PILImage

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


def jpeg(spec: dict[str, Any]) -> bytes:
    """The chart as a JPEG (quality 90, colours not subsampled: text stays crisp). A PDF embeds
    a JPEG as it is, where a PNG is decoded and compressed again on every report (a second per
    large report); charts are flat colours on white, which JPEG keeps clean at this quality."""
    picture = PILImage.open(io.BytesIO(png(spec))).convert("RGB")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, subsampling=0)
    return out.getvalue()


class Recent:
    """The results last made, by a key: made once, then reused by every session of this
    process until pushed out by newer ones (bounded in count)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        made = make()
        with self.lock:
            self.items[key] = made
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return made


# A chart is rendered once and reused by the next report of the strategy (PDF or DOCX, a
# revision later when it did not change), by the content of its spec.
_RENDERED = Recent(size=64)


def chart_image(spec: dict[str, Any]) -> bytes:
    key = hashlib.sha256(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
    image: bytes = _RENDERED.get(key, lambda: jpeg(spec))
    return image


def chart_images(specs: list[dict[str, Any]]) -> list[bytes]:
    """The images of several charts, from the recent ones when the same chart was rendered
    before. One after the other: vl-convert keeps Python's lock while it renders, so threads
    would not make it faster."""
    return [chart_image(spec) for spec in specs]
