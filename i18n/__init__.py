"""UI strings in French and English, kept in `fr.json` and `en.json` (same keys in both).

`t(key, lang, **params)` formats a string; problems found in documents are said with
`problem_text`, which falls back to a generic sentence for rare validation errors.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from domain.problems import Problem
from domain.text_rules import clean_line

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
HERE = Path(__file__).resolve().parent


@cache
def catalog(lang: str) -> dict[str, str]:
    strings: dict[str, str] = json.loads((HERE / f"{lang}.json").read_text(encoding="utf-8"))
    return strings


def language_of(locale: str | None) -> str:
    """'fr-FR' -> 'fr'; anything that is not English falls back to French (the app's public)."""
    if locale and locale.lower().startswith("en"):
        return "en"
    return DEFAULT_LANGUAGE


def has(key: str, lang: str = DEFAULT_LANGUAGE) -> bool:
    return key in catalog(lang)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    text = catalog(lang).get(key)
    if text is None:
        return key  # a missing key shows itself instead of crashing; the catalog test catches it
    return text.format(**params) if params else text


def problem_text(problem: Problem, lang: str = DEFAULT_LANGUAGE) -> str:
    """`path: sentence` for one problem, in the user's language (the sentence alone when the
    problem concerns the whole file, path "$")."""
    sentence = problem_sentence(problem, lang)
    # A path or a value taken from a file may hold what cannot be shown (a lone surrogate).
    return str(clean_line(sentence if problem.path in ("", "$") else f"{problem.path}: {sentence}"))


def problem_sentence(problem: Problem, lang: str = DEFAULT_LANGUAGE) -> str:
    """The sentence of one problem, without its path (where the page already says which record)."""
    params = dict(problem.params)
    key = f"problem.{problem.code}"
    if problem.code in ("ref.unknown", "ref.missing"):
        key = f"{key}.{params.get('kind')}"
    if not has(key, lang):
        key = "problem.schema.other"
    try:
        sentence = catalog(lang)[key].format(**params)
    except (KeyError, IndexError, ValueError, TypeError):
        sentence = t("problem.schema.other", lang, msg=str(params.get("msg", problem.code)))
    return str(clean_line(sentence))
