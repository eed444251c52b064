"""The sidebar: language, the strategy in use, each step's completeness, the save status."""

from __future__ import annotations

import streamlit as st

from components import identity, presence, session
from components.formatting import percent
from components.i18n import LANGUAGES, lang, tr
from components.keys import Key
from components.text import md_escape
from domain.completeness import checks_by_step, ratio
from domain.document import write_document

LAST_LANG_KEY = Key.LANG_BEFORE  # the language in use, for a click that unselects it


PRESENTING_KEY = Key.PRESENTING


def render_language_switch() -> None:
    st.session_state[LAST_LANG_KEY] = lang()  # sets the default from the browser's locale on the first run
    st.sidebar.segmented_control(
        tr("sidebar.language"),
        options=list(LANGUAGES),
        format_func=lambda code: {"fr": "Français", "en": "English"}[code],
        key=Key.LANG,
        selection_mode="single",
        on_change=_language_changed,
    )


def _language_changed() -> None:
    # A click on the language already chosen unselects it: it stays chosen.
    if st.session_state.get(Key.LANG) not in LANGUAGES:
        st.session_state[Key.LANG] = st.session_state.get(LAST_LANG_KEY, LANGUAGES[0])
    presence.remember_preferences()


def render_account() -> None:
    """Who is signed in, and the way out (with an identity provider)."""
    user = identity.current_user()
    if user is None or not identity.provider_configured():
        return
    st.sidebar.caption(tr("sidebar.signed_in", name=md_escape(user.name)))
    st.sidebar.button(tr("sidebar.sign_out"), icon=":material/logout:", on_click=st.logout)


def render_strategy_panel() -> None:
    doc = session.current()
    box = st.sidebar.container(border=True)
    if doc is None:
        box.caption(tr("sidebar.no_strategy"))
        return
    box.caption(tr("sidebar.in_use"))
    box.markdown(f"**{md_escape(doc.title)}**  \n{md_escape(doc.territory.name)}")
    if not session.can_edit():
        box.info(tr("sidebar.read_only"), icon=":material/visibility:")
    with box:
        _presence()
    for step, checks in session.derived(checks_by_step, doc).items():
        done = ratio(checks)
        box.progress(done, text=f"{step}. {tr(f'step.{step}.short')} — {percent(round(done, 2), lang())}")
    _save_status(box)


@st.fragment(run_every=20)
def _presence() -> None:
    """Who else has this strategy open right now (refreshed every 20 seconds)."""
    others = presence.others_here()
    if others:
        names = ", ".join(md_escape(p.name if p.name != p.email else p.email) for p in others[:8])
        st.caption(tr("sidebar.others_here", names=names), help=tr("sidebar.others_help"))


def _save_status(box: st.delta_generator.DeltaGenerator) -> None:
    status = st.session_state.get(Key.SAVE_STATUS) or {}
    kind = status.get("kind")
    doc = session.current()
    if kind == "saved":
        box.success(tr("save.saved", revision=status["revision"], at=status["at"]), icon=":material/check:")
    elif kind == "loaded" and doc:
        box.caption(tr("save.loaded", revision=doc.revision))
    elif kind == "invalid":
        box.error(tr("save.invalid") + "\n\n" + "\n".join(f"- {p}" for p in status["problems"]))
    elif kind in ("conflict", "db_error"):
        box.error(tr(f"save.{kind}", latest=status.get("latest", "?")))
        pending = st.session_state.get(Key.CONFLICT)
        if pending is not None:
            box.download_button(
                tr("save.download_mine"),
                data=write_document(pending),
                file_name=f"{pending.id}-unsaved.json",
                mime="application/json",
                on_click="ignore",
            )
        if kind == "conflict":
            box.button(tr("save.load_latest"), on_click=session.resolve_conflict, args=(False,))
            box.button(tr("save.keep_mine"), on_click=session.resolve_conflict, args=(True,))
        else:
            box.button(tr("save.retry"), on_click=session.resolve_conflict, args=(True,))


def hide_sidebar() -> None:
    """No sidebar at all (participants' phones, presentation on a projector)."""
    st.html("<style>[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'] {display: none;}</style>")


def presentation_mode() -> bool:
    """The language and the switch for projecting; when projecting, one tool in the sidebar:
    the way out (larger text, nothing to edit, no switch the audience would see)."""
    if st.session_state.get(PRESENTING_KEY):
        # Their switches are not drawn: the choices are kept as values, which Streamlit would
        # otherwise forget with the widgets.
        st.session_state[PRESENTING_KEY] = True
        st.session_state[Key.LANG] = lang()
        st.sidebar.button(
            tr("sidebar.leave_present"), icon=":material/close_fullscreen:", on_click=_leave, width="stretch"
        )
        st.html(
            "<style>[data-testid='stMarkdownContainer'] p, [data-testid='stMarkdownContainer'] li {font-size: 1.25rem;}"
            " h1 {font-size: 3rem !important;} h2, h3 {font-size: 2rem !important;}</style>"
        )
        return True
    st.session_state[Key.LANG] = lang()  # shown as chosen again after a presentation
    render_language_switch()
    st.sidebar.toggle(
        tr("sidebar.present"),
        key=PRESENTING_KEY,
        help=tr("sidebar.present_help"),
        on_change=presence.remember_preferences,
    )
    return False


def _leave() -> None:
    st.session_state[PRESENTING_KEY] = False
    presence.remember_preferences()
