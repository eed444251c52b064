"""Showing user text safely: Markdown would interpret `*`, `[`, `<`… typed by users."""

from __future__ import annotations

import re
import unicodedata

# Every ASCII punctuation character (CommonMark lets any of them be escaped): no link, image,
# emphasis, HTML, math or Streamlit directive (`:red[`) survives.
_MD_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")
# GitHub's autolinks (`http://…`, `www.…`, `a@b.c`) are found in the text after escapes are
# undone: an invisible word joiner inside each keeps them from matching.
_AUTOLINK = re.compile(r"(?i)(?<=:)(?=//)|(?<=\bwww)(?=\.)|(?=@)")
WORD_JOINER = "\u2060"


def md_escape(text: str) -> str:
    """User text shown as itself in Markdown (st.markdown, captions, alerts, widget labels)."""
    return _MD_SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, text or ""))


def slug(text: str, fallback: str = "strategie") -> str:
    """A file-name friendly form of a title: 'Stratégie 2026' -> 'strategie-2026'."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()
    if len(words) > 50:  # cut between words, never inside one
        words = words[:51].rsplit("-", 1)[0] if "-" in words[:51] else words[:50]
    return words or fallback
