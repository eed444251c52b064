"""The documents of the review-and-export page, and the action plan's import."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import streamlit as st

from components import session, widgets
from components.i18n import lang, say_problem, tr
from components.text import slug as file_slug
from components.widgets import choose_many, choose_one
from domain.document import write_document
from domain.model import Strategy
from reports.content import SECTIONS


def documents(doc: Strategy) -> None:
    """The documents, built on demand: the report (PDF, DOCX) with its sections to choose, one
    action sheet as PDF, the action plan as XLSX, the JSON document."""
    current = lang()
    slug, stamp = file_slug(doc.title), dt.date.today().isoformat()
    st.markdown(f"**{tr('export.report')}**")
    chosen = choose_many(
        st,
        tr("export.sections"),
        list(SECTIONS),
        default=list(SECTIONS),
        format_func=lambda k: tr(f"export.section.{k}"),
        key="report_sections",
    )
    key = (doc.id, doc.revision, current, tuple(chosen))
    c1, c2 = st.columns(2)
    for column, fmt in ((c1, "pdf"), (c2, "docx")):
        ready = st.session_state.get(f"built-{fmt}")
        if column.button(
            tr(f"export.prepare_{fmt}"), icon=":material/description:", key=f"prepare-{fmt}", disabled=not chosen
        ):
            bar = column.progress(0.0, text=tr("export.preparing"))

            def moved(share: float, bar: Any = bar, text: str = tr("export.preparing")) -> None:
                bar.progress(share, text=text)

            if fmt == "pdf":
                from reports.pdf import strategy_pdf

                data = strategy_pdf(
                    doc,
                    current,
                    tuple(chosen),
                    progress=moved,
                )
            else:
                from reports.docx_report import strategy_docx

                data = strategy_docx(doc, current, tuple(chosen))
            bar.progress(1.0, text=tr("export.ready"))
            st.session_state[f"built-{fmt}"] = ready = (key, data)
        if ready and ready[0] == key:
            mime = (
                "application/pdf"
                if fmt == "pdf"
                else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            )
            column.download_button(
                tr(f"export.download_{fmt}"),
                data=ready[1],
                file_name=f"{slug}-{stamp}.{fmt}",
                mime=mime,
                on_click="ignore",
                type="primary",
                icon=":material/download:",
                key=f"download-{fmt}",
            )
    if doc.actions:
        st.markdown(f"**{tr('export.one_sheet')}**")
        by_id = {a.id: a for a in doc.actions}
        aid = choose_one(
            st,
            tr("field.action"),
            list(by_id),
            format_func=lambda k: by_id[k].label,
            key="sheet_pdf_action",
        )

        def sheet_pdf() -> bytes:
            from reports.pdf import action_sheet_pdf

            return action_sheet_pdf(doc, by_id[aid], current)

        st.download_button(
            tr("export.download_sheet"),
            data=sheet_pdf,
            file_name=f"{slug}-fiche-{by_id[aid].code or aid}-{stamp}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
    st.markdown(f"**{tr('export.spreadsheet')}**")

    def workbook() -> bytes:
        from reports.xlsx import export_xlsx

        return export_xlsx(doc, current)

    st.download_button(
        tr("export.download_xlsx"),
        data=workbook,
        file_name=f"{slug}-plan-{stamp}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/table_view:",
    )
    st.markdown(f"**{tr('export.json')}**")
    st.caption(tr("export.json_help"))
    st.download_button(
        tr("export.download_json"),
        data=lambda: write_document(doc),
        file_name=f"{slug}-{stamp}.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
    )


def plan_import(doc: Strategy) -> None:
    """The action plan's workbook read back: every row checked before anything changes."""
    from reports.xlsx import MAX_BYTES, column_header, import_xlsx, sheet_title

    st.caption(tr("import.help"))
    upload = widgets.upload(st, tr("import.file"), ["xlsx"], MAX_BYTES / 1_048_576, key="plan_xlsx")
    if upload is None:
        return
    if upload.size > MAX_BYTES:
        st.error(tr("problem.xlsx.too_large", limit_mb=MAX_BYTES // 1_048_576))
        return
    result = import_xlsx(doc, upload.getvalue())
    for problem in result.problems:
        st.error(say_problem(problem))
    if result.problems:
        return
    st.markdown(
        tr("import.read", **{k: result.counts.get(k, 0) for k in ("actions", "funding", "indicators", "measurements")})
    )
    if result.rejected:
        st.error(tr("import.rejected", count=len(result.rejected)))
        st.code(
            "\n".join(
                " · ".join(
                    [
                        sheet_title(r.sheet, lang()),
                        *([tr("csv.line", line=r.row)] if r.row else []),
                        say_problem(
                            replace(r.problem, path=column_header(r.sheet, r.problem.path, lang())), markdown=False
                        ),
                    ]
                )
                for r in result.rejected[:200]
            ),
            language=None,
        )
        return
    st.success(tr("import.valid"))
    confirmed = result.strategy is not None and st.button(tr("import.confirm"), type="primary")
    if confirmed and result.strategy is not None and session.commit(result.strategy, "import:xlsx"):
        st.rerun()
