"""The report's font draws every character the reports print: no glyph as an empty box."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFont

from i18n import LANGUAGES, catalog
from reports.content import Heading, Para, Table, running_title
from reports.images import FONT_DIR
from reports.pdf import build_pdf

# What the report writes besides the catalogs: French number formatting (narrow no-break
# space, no-break space), money, typography, and the marks of its tables and lists.
SYMBOLS = "\u202f\u00a0€œŒ«»’…—–→✓✔✖⚠★•°²½"


def font_characters(file: str) -> set[int]:
    return set(TTFont("probe", str(FONT_DIR / file)).face.charToGlyph)


@pytest.mark.parametrize("file", ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"])
def test_the_font_covers_every_character_of_the_catalogs_and_the_report_symbols(file):
    text = SYMBOLS + "".join(value for lang in LANGUAGES for value in catalog(lang).values())
    covered = font_characters(file)
    missing = sorted({ch for ch in text if ord(ch) not in covered and ch.isprintable() and not ch.isspace()})
    assert missing == []


def test_the_symbols_come_out_of_the_pdf_as_written():
    pdf = build_pdf(
        [Heading("Glyphes ⚠ ★"), Para("1\u202f358\u202f000 € → ✓ œuvre « oui »"), Table(["A", "B"], [["✔", "✖"]])],
        header="Essai",
        lang="fr",
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    for ch in "⚠★→✓✔✖€œ«»":
        assert ch in text


def test_the_running_title_does_not_repeat_the_territory(sample):
    named = sample.model_copy(update={"title": "Stratégie numérique de CA Fougères Agglomération"})
    assert running_title(named) == "Stratégie numérique de CA Fougères Agglomération"
    assert running_title(sample) == f"{sample.title} — CA Fougères Agglomération"
