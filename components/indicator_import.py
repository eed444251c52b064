"""Import of context indicators from CSV: preview, rejected rows, then confirm."""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from components import session, widgets
from components.i18n import say_problem, tr
from components.text import md_escape
from components.widgets import show_table
from domain.document import schema_problems
from domain.indicator_csv import MAX_BYTES, RejectedRow, merge_indicators, read_indicator_csv
from domain.model import Strategy


def render_csv_import(doc: Strategy) -> None:
    with st.expander(tr("csv.title")):
        st.markdown(tr("csv.help"))
        upload = widgets.upload(st, tr("csv.file"), ["csv", "txt"], MAX_BYTES / 1_048_576, key="indicator_csv")
        if upload is None:
            return
        if upload.size > MAX_BYTES:
            st.error(tr("problem.csv.too_large", limit_mb=MAX_BYTES // 1_048_576))
            return
        result = read_indicator_csv(upload.getvalue(), [m.code for m in doc.territory.members])
        for problem in result.problems:
            st.error(say_problem(problem))
        if result.problems:
            return
        st.caption(tr(f"csv.layout.{result.layout}", count=len(result.indicators)))
        show_table(
            st,
            [
                {
                    tr("field.name"): r["name"],
                    tr("field.value"): r.get("value"),
                    tr("field.unit"): r.get("unit", ""),
                    tr("field.year"): r.get("year"),
                    tr("csv.communes"): len(r.get("per_commune", {})),
                }
                for r in result.indicators
            ],
            hide_index=True,
            width="stretch",
        )
        if result.rejected:
            st.warning(tr("csv.rejected", count=len(result.rejected)))
            st.markdown("\n".join(f"- {_rejected_text(r)}" for r in result.rejected[:50]))
        if result.indicators and st.button(tr("csv.confirm", count=len(result.indicators)), type="primary"):
            try:
                merged = merge_indicators(doc.assessment.indicators, result.indicators)
            except ValidationError as exc:  # e.g. more communes than an indicator may hold
                st.error(
                    tr("csv.merge_refused") + "\n\n" + "\n".join(f"- {say_problem(p)}" for p in schema_problems(exc))
                )
            else:
                session.save_at("assessment.indicators", merged, "indicators:csv")


def _rejected_text(row: RejectedRow) -> str:
    params = {k: md_escape(str(v)) for k, v in row.params.items()}
    return tr("format.label_value", label=tr("csv.line", line=row.line), value=tr(f"problem.{row.code}", **params))
