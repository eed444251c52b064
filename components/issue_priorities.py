"""Step 2's scoring of the issues and their priority matrix and ranking."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components import clashes, session
from components.chart_cache import show_chart
from components.charts import build_priority_matrix, matrix_labels, matrix_points
from components.formatting import decimal_text
from components.i18n import lang, tr
from components.text import md_escape
from components.widgets import choose_one, choose_segment, lazy_tabs, show_table
from domain.model import Issue, Strategy
from domain.scoring import QUADRANTS, Range, overridden_without_reason, ranking, score_issues, with_scores

Evidence = dict[str, dict[str, str]]  # evidence field (swot_ids…) -> id -> label, what an issue can cite


def save_scores(doc: Strategy, by: str, changes: dict[str, dict[str, int | None]]) -> None:
    """Replace `by`'s scores for the issues in `changes` (issue id -> criterion -> value)."""
    session.save_at("issues", with_scores(doc.issues, by, changes, dt.date.today()), f"scores:{by}")


def scores_section(doc: Strategy, evidence: Evidence) -> None:
    """Scores of the issues on the criteria, by scorer: one issue at a time (with what it cites) or
    the whole grid."""
    st.caption(tr("issues.scores_help"))
    if not doc.issues or not doc.criteria:
        st.info(tr("issues.scores_empty"))
    else:
        scorers = sorted({sc.by for i in doc.issues for sc in i.scores if sc.by})
        c1, c2 = st.columns([2, 1])
        by = choose_one(
            c1,
            tr("issues.scorer"),
            [*scorers, "+"],
            format_func=lambda s: tr("issues.new_scorer") if s == "+" else s,
            key="scorer",
        )
        if by == "+":
            by = c2.text_input(tr("issues.scorer_name"), max_chars=300, key="new_scorer").strip()
        else:  # where this scorer's scores come from (a workshop's date, audience and participants)
            sources = sorted({sc.source for i in doc.issues for sc in i.scores if sc.by == by and sc.source})
            if sources:
                c2.caption(tr("issues.scores_source", source=md_escape("; ".join(sources))))
        keys = [c.key for c in doc.criteria]
        if by:
            # Only the open tab is built: the grid of every issue is a large table to send.
            one, grid_tab = lazy_tabs(["issues.score_one", "issues.score_grid"], "score_tab")
            if one.open:
                with one:
                    score_one_issue(doc, by, evidence)
            if grid_tab.open:
                with grid_tab:
                    score_grid(doc, by, keys)


def score_one_issue(doc: Strategy, by: str, evidence: Evidence) -> None:
    by_id = {i.id: i for i in doc.issues}
    chosen = choose_one(st, tr("field.issue"), list(by_id), format_func=lambda k: by_id[k].title, key="score_issue")
    issue = by_id[chosen]
    cited = [evidence[f][rid] for f in evidence for rid in getattr(issue.evidence, f) if rid in evidence[f]]
    if cited:
        st.markdown(tr("issues.cites") + "\n" + "\n".join(f"- {md_escape(label)}" for label in cited))
    else:
        st.caption(tr("finding.issue_without_evidence", title=md_escape(issue.title)))
    current = {sc.criterion: sc.value for sc in issue.scores if sc.by == by}
    clashes.beside_records([issue])
    with st.form(f"score-{issue.id}-{by}-{doc.revision}"):
        columns = st.columns(2)
        values: dict[str, int | None] = {}
        for c in doc.criteria:
            values[c.key] = columns[0 if c.family == "impact" else 1].select_slider(
                f"{md_escape(c.label)} ({tr(f'enum.criterion_family.{c.family}')})",
                options=[1, 2, 3, 4, 5],
                value=current.get(c.key, 3),
                key=f"slider-{issue.id}-{by}-{c.key}-{doc.revision}",
            )
        if st.form_submit_button(tr("issues.save_scores"), type="primary"):
            save_scores(doc, by, {issue.id: values})


def score_grid(doc: Strategy, by: str, keys: list[str]) -> None:
    grid = pd.DataFrame(
        [
            {k: next((sc.value for sc in i.scores if sc.by == by and sc.criterion == k), None) for k in keys}
            for i in doc.issues
        ],
        index=[i.title for i in doc.issues],
        columns=keys,
        dtype="Int64",
    )
    # In a form, as every table: a row of scores is typed at meeting speed and saved at once.
    with st.form(f"score-grid-{by}-{doc.revision}", border=False, enter_to_submit=False):
        edited = st.data_editor(
            grid,
            key=session.editor_key(f"scores-{by}"),
            column_config={
                c.key: st.column_config.NumberColumn(c.label, min_value=1, max_value=5, step=1, format="%d")
                for c in doc.criteria
            },
            width="stretch",
        )
        submitted = st.form_submit_button(tr("table.save"), icon=":material/save:")
        st.caption(tr("table.save_help"))
    if submitted and not edited.equals(grid):
        save_scores(
            doc,
            by,
            {
                issue.id: {k: None if pd.isna(row[k]) else int(row[k]) for k in keys}
                for issue, (_, row) in zip(doc.issues, edited.iterrows(), strict=True)
            },
        )


def matrix_section(doc: Strategy) -> None:
    """The issues placed on the priority matrix (impact against feasibility), the same as text,
    and their ranking."""
    scores = score_issues(doc.issues, doc.criteria)
    ranks = ranking(doc.issues, scores)
    sizes = {
        "people": tr("issues.size.people"),
        "evidence": tr("issues.size.evidence"),
        "scorers": tr("issues.size.scorers"),
    }
    size_by = choose_segment(
        st, tr("issues.size_by"), list(sizes), format_func=lambda k: sizes[k], default="people", key="size_by"
    )

    def size_of(issue: Issue) -> float:
        if size_by == "evidence":
            ev = issue.evidence
            return float(len(ev.swot_ids) + len(ev.need_ids) + len(ev.indicator_ids) + len(ev.initiative_ids))
        if size_by == "scorers":
            return float(scores[issue.id].scorers)
        return float(issue.people_concerned or 0)

    points = matrix_points(doc.issues, scores, ranks, size_of)
    unplaced = [i.title for i in doc.issues if not scores[i.id].placed]
    if points:
        labels = matrix_labels(tr, sizes[size_by or "people"])
        show_chart(
            ("matrix", doc.id, doc.revision, size_by, lang()),
            lambda: build_priority_matrix(points, labels),
            alt_text=tr("issues.matrix"),
        )
        st.caption(tr("issues.matrix_help"))
        # The same placement as text: readable without the chart, and by screen readers.
        by_quadrant: dict[str, list[str]] = {q: [] for q in QUADRANTS}
        for issue in doc.issues:
            quadrant = scores[issue.id].quadrant
            if quadrant:
                by_quadrant[quadrant].append(f"{md_escape(issue.title)} ({ranks.get(issue.id, '—')})")
        st.markdown(
            "\n".join(
                "- " + tr("format.label_value", label=f"**{tr(f'quadrant.{q}')}**", value=", ".join(names) or "—")
                for q, names in by_quadrant.items()
            )
        )
    if unplaced:
        st.info(tr("issues.unplaced", names=md_escape(", ".join(unplaced[:20]))))
    current = lang()

    def shown(value: float | None) -> str:
        return decimal_text(value, current) if value is not None else ""

    def spread(r: Range | None) -> str:
        return f"{decimal_text(r.low, current)}–{decimal_text(r.high, current)}" if r else ""

    table = []
    for issue in sorted(doc.issues, key=lambda i: (ranks.get(i.id, 10**6), i.title)):
        s = scores[issue.id]
        table.append(
            {
                tr("issues.rank_computed"): ranks.get(issue.id),
                tr("field.issue"): issue.title,
                tr("enum.criterion_family.impact"): shown(s.impact.median if s.impact else None),
                tr("issues.spread_impact"): spread(s.impact),
                tr("enum.criterion_family.feasibility"): shown(s.feasibility.median if s.feasibility else None),
                tr("issues.spread_feasibility"): spread(s.feasibility),
                tr("issues.overall"): shown(s.overall),
                tr("issues.quadrant"): tr(f"quadrant.{s.quadrant}") if s.quadrant else "",
                tr("field.selected"): issue.selected,
                tr("field.rank"): issue.rank,
                tr("field.rank_reason"): issue.rank_reason,
            }
        )
    show_table(st, table, hide_index=True, width="stretch")
    for issue in overridden_without_reason(doc.issues, ranks):
        st.warning(
            tr(
                "issues.override_without_reason",
                title=md_escape(issue.title),
                rank=issue.rank,
                computed=ranks.get(issue.id, "—"),
            )
        )
