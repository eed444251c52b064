"""Showing user text safely: Markdown would interpret `*`, `[`, `<`… typed by users."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~<&$])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text or "")
