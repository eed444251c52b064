"""The strategy report as PDF (ReportLab): cover, contents, sections, running header, page numbers.

User text is escaped before it reaches ReportLab's paragraph markup, so `<b>` or `&` typed by a
user appear as typed. The font is DejaVu Sans (`reports/fonts/`), which covers every character
the report prints: French (é, ç, œ, « », ’), €, the narrow no-break space of French number
formatting, arrows, ticks, warning signs and stars.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import io
import threading
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from domain.model import Action, Strategy
from domain.text_rules import clean_text
from i18n import t
from reports import content
from reports.images import FONT_DIR

FONT = "DejaVuSans"
WHOLE_WORD_MAX = 24  # longer words (a URL) may break across lines rather than squeeze a table

# Binary streams: ASCII85-encoding the chart images only makes the file bigger and slower.
rl_config.useA85 = 0
PAGE_W, PAGE_H = A4
MARGIN = 1.8 * cm
BODY_W = PAGE_W - 2 * MARGIN
INK, MUTED, ACCENT, LINE = (
    colors.HexColor("#1d2733"),
    colors.HexColor("#6b7280"),
    colors.HexColor("#1f5fa8"),
    colors.HexColor("#d1d5db"),
)


@lru_cache(maxsize=1)
def _fonts() -> None:
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (f"{FONT}-Bold", "DejaVuSans-Bold.ttf"),
        (f"{FONT}-Italic", "DejaVuSans-Oblique.ttf"),
        (f"{FONT}-BoldItalic", "DejaVuSans-BoldOblique.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=f"{FONT}-Bold", italic=f"{FONT}-Italic", boldItalic=f"{FONT}-BoldItalic"
    )


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13, textColor=INK, spaceAfter=4)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "note": ParagraphStyle(
            "note",
            parent=base,
            textColor=colors.HexColor("#9a3412"),
            backColor=colors.HexColor("#fff7ed"),
            borderPadding=4,
            spaceBefore=4,
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10, spaceAfter=0),
        "head": ParagraphStyle(
            "head", parent=base, fontName=f"{FONT}-Bold", fontSize=8, leading=10, spaceAfter=0, textColor=colors.white
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=f"{FONT}-Bold",
            fontSize=17,
            leading=21,
            textColor=ACCENT,
            spaceAfter=10,
            keepWithNext=1,  # never a heading alone at the foot of a page
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=f"{FONT}-Bold",
            fontSize=11.5,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            keepWithNext=1,
        ),
        "cover_title": ParagraphStyle(
            "ct", parent=base, fontName=f"{FONT}-Bold", fontSize=24, leading=30, textColor=ACCENT
        ),
        "cover_sub": ParagraphStyle("cs", parent=base, fontSize=14, leading=19),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10.5, leading=15),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=9, leading=12, leftIndent=14, textColor=MUTED),
        "center": ParagraphStyle("center", parent=base, alignment=TA_CENTER, fontSize=8, textColor=MUTED),
    }


def text(value: str) -> str:
    """Plain user text as paragraph markup: escaped, line breaks kept."""
    cleaned = clean_text(value or "")
    return escape(cleaned).replace("\n", "<br/>")


_LAYOUT = threading.local()  # per build: the server builds documents for several users at once
_draw_on = Flowable.drawOn


def _draw_unless_laying_out(self, canvas, x, y, _sW=0):  # type: ignore[no-untyped-def]
    if not getattr(_LAYOUT, "only", False):
        _draw_on(self, canvas, x, y, _sW)


# The first pass only learns on which page each section starts (for the contents): it lays the
# flowables out but does not draw them, which is about half the cost of a pass.
Flowable.drawOn = _draw_unless_laying_out


class _Doc(BaseDocTemplate):  # type: ignore[misc]
    def __init__(self, buffer: io.BytesIO, header: str, page_label: str) -> None:
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN + 0.4 * cm,
            bottomMargin=MARGIN,
            title=header,
            author="",
            subject=header,
        )
        frame = Frame(MARGIN, MARGIN, BODY_W, PAGE_H - 2 * MARGIN - 0.4 * cm, id="body")
        self.header, self.page_label = header, page_label
        self.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame], onPage=self._decorate)])

    def _decorate(self, canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, PAGE_H - MARGIN + 0.1 * cm, self.header[:110])
        canvas.setStrokeColor(LINE)
        canvas.line(MARGIN, PAGE_H - MARGIN, PAGE_W - MARGIN, PAGE_H - MARGIN)
        canvas.drawRightString(PAGE_W - MARGIN, MARGIN - 0.7 * cm, f"{self.page_label} {doc.page}")
        canvas.restoreState()

    def multiBuild(self, story, maxPasses: int = 6, **kwargs) -> int:  # type: ignore[no-untyped-def]
        """ReportLab's multiBuild, but the first pass is layout only and the last one draws."""
        self._indexingFlowables = [f for f in story if f.isIndexing()]
        self._doSave = 0
        edits: list[Any] = []
        self._multiBuildEdits = edits.append
        try:
            for n in range(1, maxPasses + 1):
                _LAYOUT.only = n == 1
                for fl in self._indexingFlowables:
                    fl.beforeBuild()
                try:
                    self.build(story[:], **kwargs)
                finally:
                    _LAYOUT.only = False
                for fl in self._indexingFlowables:
                    fl.afterBuild()
                if n > 1 and self._allSatisfied():
                    self.canv.save()
                    return n
                while edits:
                    edit = edits.pop(0)
                    edit[0](*edit[1:])
            raise IndexError(f"contents not settled after {maxPasses} passes")
        finally:
            del self._multiBuildEdits

    def afterFlowable(self, flowable) -> None:  # type: ignore[no-untyped-def]
        # Headings feed the table of contents (level 1: sections and sheets, level 2 skipped).
        if isinstance(flowable, Paragraph) and flowable.style.name == "h1":
            # The contents draw their entries as markup again: the plain text is escaped anew,
            # so that a title such as `<img src=…>` stays text there too.
            self.notify("TOCEntry", (0, text(flowable.getPlainText()), self.page))


class _CellText(Paragraph):  # type: ignore[misc]
    """A table cell's paragraph that lays its lines out once per column width: the table is
    measured on both passes and again on each page it continues on (a third of a report's time
    went to breaking the same lines again). Its height does not depend on the height left."""

    _laid_out_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._laid_out_for != availWidth:
            super().wrap(availWidth, availHeight)
            self._laid_out_for = availWidth
        return self.width, self.height


def _cell(value: str, width: float, style: ParagraphStyle) -> Paragraph | str:
    # A Paragraph wraps, but laying it out costs ~50x a plain string: only text that may not
    # fit on one line of its column (or spans lines) gets one.
    plain = value or ""
    if "\n" not in plain and pdfmetrics.stringWidth(plain, style.fontName, style.fontSize) < width - 8:
        return plain
    return _CellText(text(value), style)


def _fitted(widths: list[float], block: content.Table, styles: dict[str, ParagraphStyle]) -> list[float]:
    """Column widths in which every word fits whole ("Financements", never "Financemen/ts";
    "personnes/an", never "perso/nnes/an"): narrow columns widen to their longest word (of the
    header, and of the cells up to a reasonable length), the others give way."""

    def longest(texts: list[str], style: ParagraphStyle) -> float:
        words = [w for text in texts for w in (text or "").split() if len(w) <= WHOLE_WORD_MAX]
        return max((pdfmetrics.stringWidth(w, style.fontName, style.fontSize) for w in words), default=0.0)

    columns = list(zip(*block.rows, strict=True)) if block.rows else [()] * len(block.header)
    need = [
        max(longest([h], styles["head"]), longest(list(cells), styles["cell"])) + 14
        for h, cells in zip(block.header, columns, strict=True)
    ]
    out = [max(w, n) for w, n in zip(widths, need, strict=True)]
    excess = sum(out) - BODY_W
    slack = [max(w - n, 0.0) for w, n in zip(out, need, strict=True)]
    if excess > 0 and sum(slack) > 0:
        out = [w - min(excess, sum(slack)) * s / sum(slack) for w, s in zip(out, slack, strict=True)]
    return out


def _table(block: content.Table, styles: dict[str, ParagraphStyle]) -> Table:
    widths = [BODY_W * w for w in (block.widths or [1 / max(len(block.header), 1)] * len(block.header))]
    if any(block.header):
        widths = _fitted(widths, block, styles)
    has_header = any(block.header)
    rows = ([[_CellText(text(h), styles["head"]) for h in block.header]] if has_header else []) + [
        [_cell(cell, w, styles["cell"]) for cell, w in zip(row, widths, strict=True)] for row in block.rows
    ]
    # splitInRow: a row taller than a page (a long summary in a narrow column) continues on the
    # next page instead of failing the whole report.
    table = Table(rows, colWidths=widths, repeatRows=1 if has_header else 0, hAlign="LEFT", splitInRow=1)
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, LINE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("ROWBACKGROUNDS", (0, 1 if has_header else 0), (-1, -1), [colors.white, colors.HexColor("#f6f7f9")]),
        ("FONT", (0, 0), (-1, -1), FONT, 8),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
    ]
    if has_header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
    table.setStyle(TableStyle(style))
    return table


def _image(data: bytes, width_share: float) -> Image:
    image = Image(io.BytesIO(data))
    width = BODY_W * width_share
    height = image.imageHeight * width / image.imageWidth
    max_height = PAGE_H - 2 * MARGIN - 3 * cm
    if height > max_height:
        width, height = width * max_height / height, max_height
    image.drawWidth, image.drawHeight = width, height
    image.hAlign = "CENTER"
    return image


def _story(
    blocks: list[content.Block], images: dict[int, bytes], lang: str, styles: dict[str, ParagraphStyle], with_toc: bool
) -> list[Any]:
    story: list[Any] = []
    first_section = True
    for n, block in enumerate(blocks):
        if isinstance(block, content.Cover):
            story += [
                Spacer(1, 5 * cm),
                Paragraph(text(block.title), styles["cover_title"]),
                Spacer(1, 0.6 * cm),
                Paragraph(text(block.territory), styles["cover_sub"]),
                Spacer(1, 0.3 * cm),
                Paragraph(text(block.date), styles["body"]),
            ]
            for author in block.authors:
                story.append(Paragraph(text(author), styles["body"]))
            if block.note:
                story += [Spacer(1, 1 * cm), Paragraph(text(block.note), styles["note"])]
            story.append(NextPageTemplate("body"))
            if with_toc:
                toc = TableOfContents()
                toc.levelStyles = [styles["toc1"], styles["toc2"]]
                # Entries known in advance give the contents their final height on the first
                # pass, so two passes settle the page numbers instead of three.
                toc._entries = [
                    (0, text(b.text), 0, None) for b in blocks if isinstance(b, content.Heading) and b.level == 1
                ]
                story += [PageBreak(), Paragraph(text(t("report.contents", lang)), styles["h2"]), toc]
        elif isinstance(block, content.Heading):
            if block.level == 1:
                if not first_section or with_toc or story:
                    story.append(PageBreak())
                first_section = False
                story.append(Paragraph(text(block.text), styles["h1"]))
            else:
                story.append(Paragraph(text(block.text), styles["h2"]))
        elif isinstance(block, content.Para):
            story.append(Paragraph(text(block.text), styles[block.style]))
        elif isinstance(block, content.Table):
            story += [_table(block, styles), Spacer(1, 0.3 * cm)]
        elif isinstance(block, content.Chart):
            story += [KeepTogether([_image(images[n], block.width_share)]), Spacer(1, 0.3 * cm)]
        elif isinstance(block, content.PageBreak):
            story.append(PageBreak())
    return story


_BUILDING = {"count": 0}
_BUILDING_LOCK = threading.Lock()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a document is built: a report of 400 pages makes
    millions of short-lived objects and the collector kept walking them (half a second). It
    resumes when the last build running in the process ends; reference counting frees the
    rest meanwhile."""
    with _BUILDING_LOCK:
        _BUILDING["count"] += 1
        gc.disable()
    try:
        yield
    finally:
        with _BUILDING_LOCK:
            _BUILDING["count"] -= 1
            if _BUILDING["count"] == 0:
                gc.enable()


def build_pdf(
    blocks: Iterable[content.Block],
    *,
    header: str,
    lang: str,
    with_toc: bool = True,
    progress: Callable[[float], None] | None = None,
) -> bytes:
    with _collector_paused():
        return _build_pdf(blocks, header=header, lang=lang, with_toc=with_toc, progress=progress)


def _build_pdf(
    blocks: Iterable[content.Block],
    *,
    header: str,
    lang: str,
    with_toc: bool,
    progress: Callable[[float], None] | None,
) -> bytes:
    _fonts()
    styles = _styles()
    items, wait_for_images = content.with_charts_rendering(blocks)
    if progress:
        progress(0.1)
    story = _story(items, wait_for_images(), lang, styles, with_toc)
    if progress:
        progress(0.6)
    buffer = io.BytesIO()
    doc = _Doc(buffer, header, t("report.page", lang))
    if with_toc:
        doc.multiBuild(story)  # two passes: the contents learn the page numbers
    else:
        doc.build(story)
    if progress:
        progress(1.0)
    return buffer.getvalue()


def strategy_pdf(
    s: Strategy,
    lang: str,
    sections: tuple[str, ...] = content.SECTIONS,
    *,
    today: dt.date | None = None,
    progress: Callable[[float], None] | None = None,
) -> bytes:
    blocks = content.report_blocks(s, lang, sections, today)
    return build_pdf(blocks, header=content.running_title(s), lang=lang, progress=progress)


def action_sheet_pdf(s: Strategy, action: Action, lang: str) -> bytes:
    fmt = content.Fmt(lang)
    blocks = list(content.action_sheet_blocks(s, action, lambda key, **p: t(key, lang, **p), fmt))
    return build_pdf(blocks, header=f"{s.title} — {action.label}", lang=lang, with_toc=False)
