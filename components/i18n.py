"""The user's language in the running session, and shortcuts to the catalogs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import streamlit as st
from babel import Locale

from components.formatting import LOCALES, number
from components.keys import Key
from components.text import md_escape
from domain.problems import Problem
from i18n import LANGUAGES, has, language_of, problem_sentence, problem_text, t


def lang() -> str:
    if Key.LANG not in st.session_state:
        st.session_state[Key.LANG] = language_of(st.context.locale)
    value = st.session_state[Key.LANG]
    return value if value in LANGUAGES else LANGUAGES[0]


def tr(key: str, *, in_lang: Any = None, **params: Any) -> str:
    """The one way screens translate: the catalog's text for `key` in the session's language,
    or in `in_lang` for what is written into a strategy in its own language. (Typed Any, as
    the parameters: callers pass a refusal's parameters through as they come.)"""
    return t(key, in_lang if in_lang in LANGUAGES else lang(), **params)


def known(key: str) -> bool:
    """Whether the catalogs hold an optional text (a field's help, a change's wording)."""
    return has(key, lang())


def problem_words(problem: Problem) -> str:
    """A problem as a sentence in the session's language, without its path."""
    return problem_sentence(problem, lang())


def enum_label(enum: str) -> Callable[[Any], str]:
    """format_func for widgets showing the codes of an enumeration (catalog `enum.<enum>.<code>`)."""
    current = lang()

    def label(code: Any) -> str:
        return "" if code is None else t(f"enum.{enum}.{code}", current)

    return label


def plural(key: str, count: int, *, language: str | None = None, **params: Any) -> str:
    """`<key>.one` or `<key>.other` as the language's plural rule says (Babel): "1 participant",
    "0 participant" in French, "0 participants" in English. In the user's language unless
    another is named (text written into the strategy is in the strategy's)."""
    language = language or lang()
    form = Locale.parse(LOCALES[language]).plural_form(count)
    return t(f"{key}.{'one' if form == 'one' else 'other'}", language, count=count, **params)


def field_label(name: str) -> str:
    """A field's label in the user's language (catalog `field.<name>`), else its code."""
    return tr(f"field.{name}") if has(f"field.{name}", lang()) else name


def say_problem(problem: Problem, *, markdown: bool = True) -> str:
    """A problem in the user's language; escaped for Markdown (it quotes what a file held)
    unless it goes where text is shown as it is (`st.code`)."""
    bounds = {k: number(v, lang(), 6) for k, v in problem.params.items() if k in BOUNDS and _is_number(v)}
    text = problem_text(replace(problem, params={**problem.params, **bounds}) if bounds else problem, lang())
    return md_escape(text) if markdown else text


BOUNDS = ("ge", "gt", "le", "lt")  # a model's limits, as the language writes numbers ("10 000 000")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
