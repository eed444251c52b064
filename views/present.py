"""Presentation: the strategy's key views, large, one at a time, for a projector."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.chart_cache import show_spec, vega_spec
from components.charts import (
    ProgressBar,
    axis_colours,
    build_priority_matrix,
    build_timeline,
    matrix_labels,
    matrix_points,
    timeline_bars,
    timeline_labels,
)
from components.formatting import number
from components.guidance import require_strategy
from components.i18n import lang, tr
from components.keys import Key
from components.monitoring_dashboard import chart_leaves_out, progress_chart
from components.territory_map import draw_map
from components.text import md_escape
from components.widgets import carry_over, choose_segment, language_key, show_table
from domain.actions import on_timeline
from domain.monitoring import furthest_behind, progress_of
from domain.scoring import ranking, score_issues

doc = require_strategy()
current = lang()
SLIDES = ("map", "matrix", "axes", "timeline", "dashboard")
TIMELINE_SLIDE_ROWS = 20  # actions on one timeline slide; beyond, one axis at a time
SLIDE_KEY = language_key(Key.SLIDE)  # the slide's chooser is labelled in the language
if SLIDE_KEY not in st.session_state:
    st.session_state[SLIDE_KEY] = carry_over(Key.SLIDE, SLIDES) or SLIDES[0]
c1, c2, c3 = st.columns([1, 6, 1])
index = SLIDES.index(st.session_state[SLIDE_KEY] or SLIDES[0])
# The arrow keys turn the slides too (a remote clicker's keys, a laptop's keyboard).
if c1.button("◀", disabled=index == 0, key="prev", width="stretch", shortcut="Left"):
    st.session_state[SLIDE_KEY] = SLIDES[index - 1]
    st.rerun()
if c3.button("▶", disabled=index == len(SLIDES) - 1, key="next", width="stretch", shortcut="Right"):
    st.session_state[SLIDE_KEY] = SLIDES[index + 1]
    st.rerun()
slide = choose_segment(
    c2,
    tr("present.slides"),
    list(SLIDES),
    format_func=lambda k: tr(f"present.tab.{k}"),  # short: the five fit beside the arrows
    key=Key.SLIDE,
    label_visibility="collapsed",
)
st.title(f"{md_escape(doc.title)}")

if slide == "map":
    st.header(tr("present.map"))
    terr = doc.territory
    if terr.boundary:
        # On a projector nobody hovers: the communes' names and populations beside the map.
        shown, names = st.columns([2, 1])  # the table wide enough for its two columns beside the sidebar
        with shown:
            draw_map(doc, "population", current, height=640, projected=True)
        ranked = sorted(terr.members, key=lambda m: -(m.population or 0))
        show_table(
            names,
            [{tr("field.commune"): m.name, tr("field.population"): number(m.population, current)} for m in ranked],
            hide_index=True,
            height=640,
            width="stretch",
        )
    else:  # no contours yet: the territory in figures, never an instruction to the audience
        c1, c2, c3 = st.columns(3)
        c1.metric(tr("field.population"), number(terr.population, current))
        c2.metric(tr("field.members_count"), number(len(terr.members), current))
        c3.metric(tr("field.area_km2"), number(terr.area_km2, current))
        if terr.members:
            st.caption(", ".join(md_escape(m.name) for m in terr.members))
elif slide == "matrix":
    st.header(tr("present.matrix"))
    scores = score_issues(doc.issues, doc.criteria)
    ranks = ranking(doc.issues, scores)
    points = matrix_points(doc.issues, scores, ranks)
    labels = matrix_labels(tr)
    if points:
        show_spec(vega_spec(build_priority_matrix(points, labels, large=True)))
    for issue in sorted(doc.issues, key=lambda i: ranks.get(i.id, 10**6)):
        st.markdown(f"**{ranks.get(issue.id, '—')}** · {md_escape(issue.title)}" + (" ★" if issue.selected else ""))
elif slide == "axes":
    st.header(tr("present.axes"))
    for n, ax in enumerate(doc.axes, start=1):
        st.subheader(f"{n}. {md_escape(ax.title)}")
        if ax.ambition:
            st.markdown(md_escape(ax.ambition))
        for o in ax.objectives:
            st.markdown(f"- {md_escape(o.text)}")
elif slide == "timeline":
    st.header(tr("present.timeline"))
    today = dt.date.today()
    axes = {ax.id: ax.title for ax in doc.axes}
    colours = {axes[k]: c for k, c in axis_colours([(ax.id, ax.colour) for ax in doc.axes]).items()}
    dated = on_timeline(doc, doc.actions)
    if len(dated) > TIMELINE_SLIDE_ROWS:
        # More than a screen holds at a room's text size: one axis at a time, as it is presented.
        numbers = {ax.id: n for n, ax in enumerate(doc.axes, start=1)}
        shown_axes = [k for k in numbers if any(a.axis_id == k for a in dated)]
        chosen = choose_segment(
            st,
            tr("field.axis"),
            shown_axes,
            format_func=lambda k: f"{numbers[k]}. {axes[k][:30]}" + ("…" if len(axes[k]) > 30 else ""),
            key=Key.SLIDE_AXIS,
            default=shown_axes[0] if shown_axes else None,
        )
        dated = [a for a in dated if a.axis_id == (chosen or shown_axes[0])]
    bars = timeline_bars(dated, axes, tr, today)
    tl = timeline_labels(tr)
    if bars:
        show_spec(
            vega_spec(build_timeline(bars, [], colours, today.isoformat(), tl, large=True)),
        )
else:
    st.header(tr("present.dashboard"))
    measured = progress_of(doc)
    bars_p = [
        ProgressBar(ind.name, p.share_of_target or 0.0, p.status, tr(f"progress.{p.status}"), "", "")
        for ind, p in furthest_behind(measured)
    ]
    if bars_p:
        show_spec(vega_spec(progress_chart(bars_p, large=True)))
        left_out = chart_leaves_out(measured, len(bars_p))
        if left_out:
            st.caption(left_out)
