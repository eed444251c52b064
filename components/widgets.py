"""Streamlit's widgets speaking the user's language.

Streamlit writes its own texts in English: "Choose an option", "Choose options", "No options to
select", "Upload", "200MB per file", a yyyy/mm/dd date placeholder, a "Page not found" dialog,
and numbers with a decimal point. The app's screens use these wrappers instead of the raw
widgets (a test keeps it so), and these give every such text from the catalogs: the
placeholders, the date format of the language, a number field that reads "3,2" and writes
"3,2" on a French page, an uploader whose limit and button are said in the language.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import streamlit as st
import streamlit.commands.navigation as _navigation

from components import formatting
from components.i18n import LANGUAGES, enum_label, lang, tr
from components.keys import Key
from components.text import md_escape

NOT_FOUND_KEY = Key.PAGE_NOT_FOUND


def language_key(key: str, language: str | None = None) -> str:
    """The key of a choice widget in a language (the user's by default). Streamlit keeps a
    choice by the label it shows: the same widget in another language showed the old label, then
    lost the choice. So a choice widget has a key per language, and the choice made in the other
    language is carried over (`carry_over`). Read or set a choice with this key."""
    return f"{key}.{language or lang()}"


def carry_over(key: str, options: Sequence[Any]) -> Any:
    """What was chosen with the widget `key` in another language, if it is among `options`
    (a list of them for a multiple choice); None if nothing was. The other languages' values are
    forgotten: kept for the session, an old one would come back at the next change of language."""
    found = None
    for other in LANGUAGES:
        if other == lang() or language_key(key, other) not in st.session_state:
            continue
        before = st.session_state.pop(language_key(key, other))
        if isinstance(before, list):
            found = [value for value in before if value in options]
        elif before in options:
            found = before
    return found


def _in_language(kwargs: dict[str, Any], options: Sequence[Any], default: str) -> None:
    """The widget's key in the user's language, its value kept for the session (another tab or
    page shown meanwhile, the same choice when it comes back), and, for a new one, the choice
    carried from the other language as its `default` (a keyword argument of the widget)."""
    key = kwargs.get("key")
    if key is None:
        return
    kwargs["key"] = language_key(key)
    kwargs.setdefault("persist_state", "session")
    before = carry_over(key, options)
    if before is not None and kwargs["key"] not in st.session_state:
        kwargs[default] = list(options).index(before) if default == "index" else before


def choose_one(where: Any, label: str, options: Sequence[Any], **kwargs: Any) -> Any:
    """st.selectbox with its placeholder in the user's language (and, with a key, one per
    language: see `language_key`)."""
    kwargs.setdefault("placeholder", tr("widget.choose_one") if options else tr("widget.no_options"))
    _in_language(kwargs, options, "index")
    return where.selectbox(label, options, **kwargs)


def choose_segment(where: Any, label: str, options: Sequence[Any], **kwargs: Any) -> Any:
    """st.segmented_control, one of its options always chosen (a click on the chosen one left
    none), with a key one per language (see `language_key`)."""
    kwargs.setdefault("required", True)
    _in_language(kwargs, options, "default")
    return where.segmented_control(label, options, **kwargs)


def choose_code(where: Any, label: str, codes: Sequence[str], current: str, enum: str, **kwargs: Any) -> Any:
    """A choice among the codes of an enumeration, the current one selected, each said by its
    label in the catalog (`enum.<enum>.<code>`)."""
    codes = list(codes)
    return choose_one(where, label, codes, index=codes.index(current), format_func=enum_label(enum), **kwargs)


def choose_many(where: Any, label: str, options: Sequence[Any], **kwargs: Any) -> Any:
    """st.multiselect with its placeholder in the user's language (and, with a key, one per
    language: see `language_key`)."""
    kwargs.setdefault("placeholder", tr("widget.choose_many") if options else tr("widget.no_options"))
    _in_language(kwargs, options, "default")
    return where.multiselect(label, options, **kwargs)


def date_field(where: Any, label: str, **kwargs: Any) -> Any:
    """st.date_input written as the language writes dates (31/12/2026 on a French page)."""
    return where.date_input(label, format=tr("widget.date_format"), **kwargs)


class Typed(NamedTuple):
    """A number typed in a text field: its value (None when left empty), or why it was refused."""

    value: float | None
    problem: str | None = None


def number_field(
    where: Any,
    label: str,
    value: float | None,
    *,
    min_value: float | None = None,
    max_value: float | None = None,
    digits: int = 2,
    required: bool = True,
    **kwargs: Any,
) -> Typed:
    """A decimal number as the language writes it ("3,2" on a French page; a point typed on a
    keypad is read too). A refusal is said under the field; the form saves nothing then."""
    text = where.text_input(label, value=formatting.decimal_text(value, lang(), digits), max_chars=40, **kwargs)
    typed = _read(text, label, min_value, max_value, required)
    if typed.problem:
        where.error(typed.problem, icon=":material/error:")
    return typed


def _read(text: str, label: str, low: float | None, high: float | None, required: bool) -> Typed:
    try:
        number = formatting.parse_number(text, lang())
    except ValueError:
        # What was typed is shown as text, never as Markdown (st.error renders it).
        return Typed(None, tr("widget.not_a_number", label=label, text=md_escape(text.strip()[:40])))
    if number is None:
        return Typed(None, tr("widget.number_required", label=label) if required else None)
    if low is not None and number < low:
        return Typed(None, tr("widget.number_below", label=label, limit=formatting.number(low, lang(), 6)))
    if high is not None and number > high:
        return Typed(None, tr("widget.number_above", label=label, limit=formatting.number(high, lang(), 6)))
    return Typed(number)


def upload(where: Any, label: str, types: Sequence[str], limit_mb: float, **kwargs: Any) -> Any:
    """st.file_uploader with the limit its caller enforces and the kinds it reads said in the
    user's language (Streamlit's own English line is hidden by `style`)."""
    kinds = ", ".join(t.upper() for t in types)
    help_text = kwargs.pop("help", None)
    file = where.file_uploader(label, type=list(types), help=help_text, **kwargs)
    where.caption(tr("widget.upload_limit", size=formatting.number(limit_mb, lang()), kinds=kinds))
    return file


def style() -> None:
    """Streamlit's texts that have no setting, in the user's language: CSS puts the catalog's
    words in their place (the uploader's button and drop zone, an empty date's parts); metric
    labels and values wrap rather than end in "…" in a narrow column. (Not reached: the names
    Streamlit gives screen readers, such as a chosen item's "Remove" button.)"""

    def quoted(key: str) -> str:
        return '"' + tr(key).replace('"', "'") + '"'

    uploader = '[data-testid="stFileUploaderDropzone"]'
    button = f'{uploader} button[data-testid="stBaseButton-secondary"]'
    instructions = '[data-testid="stFileUploaderDropzoneInstructions"]'
    rules = [
        f"{instructions} span, {instructions} small {{display: none;}}",
        f"{instructions}::after {{content: {quoted('widget.upload_drop')}; font-size: 0.9rem;}}",
        f"{button} > * {{display: none;}}",
        f"{button}::after {{content: {quoted('widget.upload_button')}; font-size: 0.875rem;}}",
    ]
    select_all = '[role="option"][data-key="__select_all__"] [data-item-hl]'  # a multiple choice's first item
    rules += [
        f"{select_all} {{font-size: 0;}}",
        f"{select_all}::after {{content: {quoted('widget.select_all')}; font-size: 0.875rem;}}",
    ]
    for part in ("day", "month", "year"):
        empty = f'[data-testid="stDateInputField"] span[data-placeholder="true"][data-type="{part}"]'
        rules += [
            f"{empty} {{font-size: 0;}}",
            f"{empty}::after {{content: {quoted(f'widget.date_{part}')}; font-size: 0.875rem;}}",
        ]
    rules.append(
        '[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *, [data-testid="stMetricValue"] * '
        "{white-space: normal !important; overflow: visible !important; text-overflow: clip !important;"
        # at the spaces between words; inside a word only when it is wider than the column
        " word-break: normal !important; overflow-wrap: break-word !important;}"
    )
    st.html("<style>" + "".join(rules) + "</style>")


def _page_not_found(ctx: Any) -> None:
    """In place of Streamlit's English "Page not found" dialog: a notice in the user's
    language, shown by `say_page_not_found` on the page the app opens instead."""
    ctx.session_state[NOT_FOUND_KEY] = True


def catch_page_not_found() -> None:
    # Streamlit calls this module function when an address names no page; it is pinned
    # (requirements.txt) and a browser test opens a mistyped address to see the notice.
    _navigation.send_page_not_found = _page_not_found


def say_page_not_found() -> None:
    if st.session_state.pop(NOT_FOUND_KEY, False):
        st.toast(tr("widget.page_not_found"), icon=":material/info:")


def show_table(where: Any, data: Any, **kwargs: Any) -> Any:
    """st.dataframe with an empty cell shown as a dash (Streamlit would write "None")."""
    kwargs.setdefault("placeholder", "—")
    return where.dataframe(data, **kwargs)


def lazy_tabs(label_keys: Sequence[str], key: str) -> Any:
    """Tabs labelled by catalog keys of which only the open one runs: `if tab.open: with tab: …`.
    Streamlit keeps the open tab by its label; when the language changes, the tab open in the
    other language is kept open (not the first one shown again)."""
    labels = [tr(k) for k in label_keys]
    chosen = st.session_state.get(key)
    if chosen is not None:
        # Set again even when its label is the same in both languages ("Documents"): the tabs
        # are known by all their labels, and with others changed they were new tabs, the first open.
        for label_key, label in zip(label_keys, labels, strict=True):
            if any(chosen == tr(label_key, in_lang=other) for other in LANGUAGES):
                st.session_state[key] = label
                break
    return st.tabs(labels, key=key, on_change="rerun")


def lazy_expander(label: str, key: str, *, expanded: bool = False, **kwargs: Any) -> Any:
    """An expander whose content the page builds (and sends) only while it is open: use
    `if box.open: with box: …`. A table of 300 communes or of criteria, folded away, cost every
    visit of its page otherwise.

    Streamlit knows an expander by its label and whether it opens: one whose label changes (the
    language, a count in it) was a new one, folded. Under a new label it opens as the box under
    `key` was, and keeps opening so while its label stays (the same expander run after run, and
    for a browser that reconnects to another server)."""
    labelled = st.session_state.setdefault(Key.BOXES_AS_LABELLED, {})
    before = labelled.get(key)
    if before is None or before[0] != label:
        opened = bool(st.session_state.get(key, expanded)) if before else expanded
        labelled[key] = before = (label, opened)
    return st.expander(label, expanded=before[1], key=key, on_change="rerun", **kwargs)
