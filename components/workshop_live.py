"""A live workshop's results and participants, as its facilitator watches them; the workshop
store shared by the facilitator's and the participants' pages."""

from __future__ import annotations

import streamlit as st

from components import session
from components.chart_cache import show_spec, vega_spec
from components.charts import build_priority_matrix, matrix_labels, matrix_points
from components.formatting import clock, number
from components.i18n import lang, tr
from components.text import md_escape
from components.widgets import choose_many, show_table
from domain.model import Issue, IssueScore, Strategy
from domain.scoring import score_issues
from domain.storage import WorkshopStore
from domain.workshop import Session, aggregate, participants_of, suspicious


@st.cache_resource(show_spinner=False)
def _workshops(url: str) -> WorkshopStore:
    return WorkshopStore(session.store().engine)


def workshop_store() -> WorkshopStore:
    """The store of workshop sessions and ballots, on the app's database (one per process)."""
    return _workshops(session.store().url)


def results_view(doc: Strategy, ws: WorkshopStore, live: Session) -> None:
    """The results as they come in (the matrix of the participants' scores, the points, the
    ratings or the ideas), refreshed by the page every 2 seconds."""
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
    results = aggregate(live, ballots)
    if not results:
        st.info(tr("workshop.no_votes_yet"))
        return
    current = lang()
    # The figures written as the page's language writes them ("4,5"), in view at 1366 px:
    # narrow figure columns, the item's name wraps; the criterion only where there is one.
    show_table(
        st,
        [
            {
                tr("workshop.item"): names.get(r.item, r.item),
                **({tr("field.label"): criteria.get(r.criterion, "")} if live.kind == "score_issues" else {}),
                tr("workshop.median"): number(r.median, current, 1),
                tr("workshop.spread"): f"{number(r.low, current, 1)}–{number(r.high, current, 1)}",
                tr("workshop.total"): number(r.total, current, 1),
                tr("workshop.voters"): number(r.voters, current),
            }
            for r in results
        ],
        hide_index=True,
        width="stretch",
        column_config={
            tr("workshop.item"): st.column_config.TextColumn(width="large"),
            tr("field.label"): st.column_config.TextColumn(width="medium"),
            **{
                tr(key): st.column_config.TextColumn(width="small")
                for key in ("workshop.median", "workshop.spread", "workshop.total", "workshop.voters")
            },
        },
    )
    if live.kind == "score_issues":
        st.caption(tr("workshop.rounding"))


def participants_view(ws: WorkshopStore, live: Session) -> None:
    """Who joined, from which address (a fingerprint), and the bursts to set aside."""
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
