"""The strategy report as DOCX (python-docx), editable in Word or LibreOffice, charts as images.

It walks the same blocks as the PDF (reports.content), so both hold the same sections. Text
goes in as plain runs, so whatever a user typed (`<b>`, `&`) stays as typed.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from domain.model import Strategy
from i18n import t
from reports import content

ACCENT = RGBColor(0x1F, 0x5F, 0xA8)
USABLE_WIDTH_CM = 17.0


def _shade(cell, hex_colour: str) -> None:  # type: ignore[no-untyped-def]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shading)


def build_docx(blocks: Iterable[content.Block], *, header: str, lang: str) -> bytes:
    items, wait_for_images = content.with_charts_rendering(blocks)
    images = wait_for_images()
    doc = Document()
    section = doc.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    section.header.paragraphs[0].text = header
    styles = doc.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(10)
    first_heading = True
    for n, block in enumerate(items):
        if isinstance(block, content.Cover):
            title = doc.add_paragraph()
            run = title.add_run(block.title)
            run.bold, run.font.size, run.font.color.rgb = True, Pt(24), ACCENT
            doc.add_paragraph(block.territory).runs[0].font.size = Pt(14)
            doc.add_paragraph(block.date)
            for author in block.authors:
                doc.add_paragraph(author)
            if block.note:
                doc.add_paragraph(block.note).runs[0].italic = True
            doc.add_paragraph(t("report.contents", lang)).runs[0].bold = True
        elif isinstance(block, content.Heading):
            if block.level == 1:
                if not first_heading or doc.paragraphs:
                    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
                first_heading = False
            doc.add_heading(block.text, level=block.level)
        elif isinstance(block, content.Para):
            paragraph = doc.add_paragraph(block.text)
            if block.style in ("small", "note") and paragraph.runs:
                paragraph.runs[0].font.size = Pt(8.5)
                paragraph.runs[0].italic = block.style == "note"
        elif isinstance(block, content.Table):
            has_header = any(block.header)
            table = doc.add_table(rows=0, cols=len(block.header))
            table.style = "Table Grid"
            if has_header:
                cells = table.add_row().cells
                for cell, value in zip(cells, block.header, strict=True):
                    cell.text = value
                    cell.paragraphs[0].runs[0].bold = True
                    cell.paragraphs[0].runs[0].font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                    _shade(cell, "1F5FA8")
            for row in block.rows:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
            if block.widths:
                for row in table.rows:
                    for cell, share in zip(row.cells, block.widths, strict=True):
                        cell.width = Cm(USABLE_WIDTH_CM * share)
            doc.add_paragraph()
        elif isinstance(block, content.Chart):
            doc.add_picture(io.BytesIO(images[n]), width=Cm(USABLE_WIDTH_CM * block.width_share))
        elif isinstance(block, content.PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def strategy_docx(
    s: Strategy, lang: str, sections: tuple[str, ...] = content.SECTIONS, *, today: dt.date | None = None
) -> bytes:
    return build_docx(content.report_blocks(s, lang, sections, today), header=content.running_title(s), lang=lang)
