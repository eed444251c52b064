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
from components.chart_cache import show_spec, vega_spec
from components.charts import build_priority_matrix, matrix_labels, matrix_points
from components.formatting import clock, date
from components.guidance import require_strategy
from components.i18n import enum_label, lang, plural, tr
from components.keys import Key
from components.text import md_escape
from components.widgets import choose_many, choose_one, show_table
from domain.model import Audience, Issue, IssueScore
from domain.scoring import score_issues
from domain.storage import WorkshopStore
from domain.workshop import KINDS, Session, aggregate, participants_of, suspicious, write_back

AUDIENCES = list(get_args(Audience))


@st.cache_resource(show_spinner=False)
def workshops(url: str) -> WorkshopStore:
    return WorkshopStore(session.store().engine)


ws = workshops(session.store().url)
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
                    st.session_state[Key.WORKSHOP_SESSION] = opened.id
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


def results_view(live: Session) -> None:
    ballots = ws.ballots(live.id)
    people = ws.participant_count(live.id)
    c1, c2 = st.columns(2)
    c1.metric(tr("workshop.participants"), people)
    c2.metric(tr("workshop.voters"), participants_of(ballots))
    if live.kind == "score_issues":
        # The participants' scores as scorers of their own, so the matrix shows median and spread.
        temp = [
            Issue(
                id=i.id,
                title=i.title,
                selected=i.selected,
                people_concerned=i.people_concerned,
                scores=[
                    IssueScore(criterion=b.criterion, value=int(b.value), by=b.participant)
                    for b in ballots
                    if b.item == i.id
                ],
            )
            for i in doc.issues
            if i.id in live.items
        ]
        scores = score_issues(temp, doc.criteria)
        points = matrix_points(temp, scores, {})
        if points:
            labels = matrix_labels(tr)
            show_spec(vega_spec(build_priority_matrix(points, labels)))
    if live.kind == "ideas":
        for b in ballots:
            st.markdown(f"- {md_escape(b.text)}")
        return
    names = (
        {i.id: i.title for i in doc.issues}
        | {a.id: a.label for a in doc.actions}
        | {ax.id: ax.title for ax in doc.axes}
    )
    criteria = {c.key: c.label for c in doc.criteria}
    show_table(
        st,
        [
            {
                tr("workshop.item"): names.get(r.item, r.item),
                tr("field.label"): criteria.get(r.criterion, ""),
                tr("workshop.median"): r.median,
                tr("workshop.spread"): f"{r.low:g}–{r.high:g}",
                tr("workshop.total"): r.total,
                tr("workshop.voters"): r.voters,
            }
            for r in aggregate(live, ballots)
        ],
        hide_index=True,
        width="stretch",
        # The figures stay in view at 1366 px: narrow number columns, the item's name wraps.
        column_config={
            tr("workshop.item"): st.column_config.TextColumn(width="large"),
            tr("field.label"): st.column_config.TextColumn(width="medium"),
            tr("workshop.median"): st.column_config.NumberColumn(width="small", format="%.1f"),
            tr("workshop.spread"): st.column_config.TextColumn(width="small"),
            tr("workshop.total"): st.column_config.NumberColumn(width="small", format="%g"),
            tr("workshop.voters"): st.column_config.NumberColumn(width="small"),
        },
    )
    if live.kind == "score_issues":
        st.caption(tr("workshop.rounding"))


def participants_view(live: Session) -> None:
    """Who joined; many joins from one client is what a script looks like: the facilitator
    can set those participants aside (their ballots stop counting) before writing back."""
    people = ws.participants(live.id)
    burst = suspicious(people)
    with st.expander(tr("workshop.people", count=len(people)), expanded=bool(burst)):
        if burst:
            st.warning(tr("workshop.suspicious", count=len(burst)))
        show_table(
            st,
            [
                {
                    tr("participate.name"): p.name,
                    tr("workshop.joined_at"): clock(p.joined_at, session.time_zone()),
                    tr("workshop.client"): p.client,
                    tr("workshop.same_client"): p.joins_from_client,
                    tr("workshop.excluded"): p.excluded,
                }
                for p in people
            ],
            hide_index=True,
            width="stretch",
        )
        names = {p.id: f"{p.name} · {p.joined_at:%H:%M:%S} · {p.client}" for p in people if not p.excluded}
        with st.form(f"exclude-{live.id}"):
            chosen = choose_many(
                st,
                tr("workshop.exclude"),
                list(names),
                default=[p.id for p in burst if p.id in names],
                format_func=names.get,
            )
            if st.form_submit_button(tr("workshop.exclude_do")) and chosen:
                ws.exclude(live.id, chosen)
                st.rerun()


left, right = st.columns([1, 2])
with left:
    st.markdown(f"### {tr('workshop.code')} : `{live.code}`")
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
        participants_view(live)
with right:
    if live.closed_at is None:
        st.fragment(run_every=2)(results_view)(live)  # refreshes itself while participants vote
    else:
        results_view(live)
