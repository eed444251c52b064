"""Live workshops, the facilitator's side: open a session, show its code and QR code, watch the
results come in, close it and write the results back into the strategy with their provenance."""

from __future__ import annotations

import datetime as dt
import io
from typing import get_args
from urllib.parse import urlsplit

import segno
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from components import session
from components.formatting import clock, date
from components.guidance import require_strategy
from components.i18n import enum_label, lang, plural, tr
from components.keys import Key
from components.widgets import choose_many, choose_one, language_key
from components.workshop_live import participants_view, results_view, workshop_store
from domain.model import Audience
from domain.workshop import KINDS, participants_of, write_back

AUDIENCES = list(get_args(Audience))


ws = workshop_store()
doc = require_strategy()
current = lang()
st.title(tr("workshop.title"))
if not session.can_edit():  # running a workshop writes its results into the strategy
    st.info(tr("workshop.editors_only"), icon=":material/lock:")
    st.stop()
st.caption(tr("workshop.help"))


def join_url(code: str) -> str:
    parts = urlsplit(st.context.url or "http://localhost:8501/")
    return f"{parts.scheme}://{parts.netloc}/?join={code}"


with st.expander(tr("workshop.new"), expanded=not ws.of_strategy(doc.id)):
    kind = choose_one(
        st,
        tr("workshop.kind"),
        list(KINDS),
        format_func={k: tr(f"workshop.kind.{k}") for k in KINDS}.get,
        key="ws_kind",
    )
    options = {
        "score_issues": {i.id: i.title for i in doc.issues},
        "dot_vote_issues": {i.id: i.title for i in doc.issues},
        "dot_vote_actions": {a.id: a.label for a in doc.actions},
        "rate_axes": {ax.id: ax.title for ax in doc.axes},
    }.get(kind, {})
    with st.form(f"new-session-{kind}"):
        title = st.text_input(tr("field.title"), value=tr(f"workshop.default_title.{kind}"), max_chars=300)
        if kind == "ideas":
            items = [st.text_input(tr("workshop.theme"), max_chars=300)]
        else:
            items = choose_many(st, tr("workshop.items"), list(options), default=list(options), format_func=options.get)
        c1, c2, c3 = st.columns(3)
        audience = choose_one(c1, tr("field.audience"), AUDIENCES, format_func=enum_label("audience"))
        minutes = c2.number_input(tr("workshop.minutes"), min_value=1, max_value=480, value=30, step=5)
        points = c3.number_input(
            tr("workshop.points"), min_value=1, max_value=100, value=10, step=1, disabled=not kind.startswith("dot")
        )
        anonymous = st.checkbox(tr("workshop.anonymous"))
        if st.form_submit_button(tr("workshop.open"), type="primary"):
            if not title.strip() or not [i for i in items if i]:
                st.error(tr("workshop.incomplete"))
            else:
                try:
                    opened = ws.open(
                        doc.id,
                        kind,
                        title.strip(),
                        [i for i in items if i],
                        criteria=[c.key for c in doc.criteria],
                        points=int(points),
                        anonymous=anonymous,
                        audience=audience,
                        minutes=int(minutes),
                    )
                except SQLAlchemyError:  # unreachable, full or read-only: nothing was opened
                    st.error(tr("save.db_error_new"))
                else:
                    st.session_state[language_key(Key.WORKSHOP_SESSION)] = opened.id
                    st.rerun()

sessions = ws.of_strategy(doc.id)
if not sessions:
    st.stop()
by_id = {s.id: s for s in sessions}
open_state, closed_state = tr("workshop.open_state"), tr("workshop.closed_state")
session_labels = {
    k: f"{s.title} — {s.code} — {open_state if s.closed_at is None else closed_state}" for k, s in by_id.items()
}
chosen = choose_one(st, tr("workshop.session"), list(by_id), key=Key.WORKSHOP_SESSION, format_func=session_labels.get)
live = by_id[chosen]


left, right = st.columns([1, 2])
with left:
    st.markdown("### " + tr("format.label_value", label=tr("workshop.code"), value=f"`{live.code}`"))
    url = join_url(live.code)
    qr = io.BytesIO()
    segno.make(url, error="m").save(qr, kind="png", scale=8, border=2)
    st.image(qr.getvalue(), caption=url, width=260)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    if live.is_open(now):
        st.caption(tr("workshop.until", time=clock(live.closes_at, session.time_zone())))
        if st.button(tr("workshop.close"), type="primary", icon=":material/stop_circle:"):
            ws.close(live.id)
            st.rerun()  # the session list above says "closed" at once; the next run writes back
    elif live.closed_at is None:
        st.caption(tr("workshop.expired"))
        if st.button(tr("workshop.close"), type="primary", icon=":material/stop_circle:"):
            ws.close(live.id)
            st.rerun()  # the session list above says "closed" at once; the next run writes back
    if live.closed_at is not None and not live.written_back:
        ballots = ws.ballots(live.id)
        count = participants_of(ballots)
        day = dt.date.today()
        # Written into the strategy: in the strategy's language, whoever runs the workshop.
        written = doc.language
        audience = (
            tr(f"enum.audience.{live.audience}", in_lang=written) if live.audience in AUDIENCES else live.audience
        )
        scorer = tr("workshop.scorer", in_lang=written, title=live.title, date=date(day, written))
        source = tr(
            "workshop.source",
            in_lang=written,
            date=date(day, written),
            audience=audience,
            who=plural("workshop.participants", count, language=written),
        )
        updated = write_back(doc, live, ballots, scorer=scorer, source=source, today=day)
        # Save first: a refused save (another tab wrote meanwhile) leaves the session to write back again.
        if session.commit(updated, f"workshop:{live.id}"):
            ws.mark_written_back(live.id)
            st.success(tr("workshop.written", source=source))
    elif live.written_back:
        st.success(tr("workshop.done"))
    if live.closed_at is None or not live.written_back:
        participants_view(ws, live)
with right:
    if live.closed_at is None:
        st.fragment(run_every=2)(results_view)(doc, ws, live)  # refreshes itself while participants vote
    else:
        results_view(doc, ws, live)
