"""Documents: PDF and DOCX reports, XLSX export and import, CLI exports."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from domain.text_rules import spreadsheet_safe as neutralise
from domain.traceability import trace_action, trace_axis
from i18n import t
from reports.content import Heading, Para, Table, report_blocks
from reports.docx_report import strategy_docx
from reports.pdf import action_sheet_pdf, strategy_pdf
from reports.xlsx import export_xlsx, import_xlsx, sheet_title
from tests.conftest import ROOT, SAMPLE

TRICKY = "Tiers-lieu <b>gras</b> & <script>alert(1)</script> — « œuvre » 12 000 €"


@pytest.fixture
def tricky(sample):
    first = sample.actions[0].model_copy(update={"title": TRICKY})
    return sample.model_copy(update={"actions": [first, *sample.actions[1:]]})


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_holds_every_section_each_action_and_user_text_as_typed(tricky):
    data = strategy_pdf(tricky, "fr")
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)
    for heading in (
        "Sommaire",
        "Le territoire",
        "Atouts, faiblesses, opportunités, menaces",
        "Enjeux prioritaires",
        "Axes stratégiques",
        "Plan d'actions",
        "Partenariats",
        "Suivi et évaluation",
    ):
        assert heading in text, heading
    for action in tricky.actions[1:]:
        assert action.title in text.replace("\n", " ")
    flat = " ".join(text.split())
    assert "<b>gras</b> & <script>alert(1)</script>" in flat  # escaped, so shown literally
    assert "« œuvre »" in flat and "€" in flat
    assert len(reader.pages) >= 12
    assert "Page 3" in text  # page numbers in the footer


def test_pdf_sections_can_be_chosen_and_the_language_follows(sample):
    text = pdf_text(strategy_pdf(sample, "en", ("swot", "monitoring")))
    assert "Strengths, weaknesses, opportunities, threats" in text and "Monitoring and evaluation" in text
    assert "Action sheet" not in text and "Priority issues" not in text


def test_one_action_sheet_as_its_own_pdf(tricky):
    data = action_sheet_pdf(tricky, tricky.actions[2], "fr")
    text = pdf_text(data)
    assert "Fiche action 2.1" in text and "Fonds vert" in text
    assert len(PdfReader(io.BytesIO(data)).pages) <= 2


def test_docx_reopens_with_the_same_sections(tricky):
    doc = Document(io.BytesIO(strategy_docx(tricky, "fr")))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:7] == [
        "Synthèse",
        "Le territoire",
        "Atouts, faiblesses, opportunités, menaces",
        "Entretiens et concertations",
        "Enjeux prioritaires",
        "Axes stratégiques",
        "Plan d'actions",
    ]
    assert f"Fiche action 1.1 {TRICKY}" in headings
    assert len(doc.inline_shapes) >= 4  # the charts, as images
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    assert "160\u202f000 €" in cells  # the Fonds vert line, formatted for French


def test_xlsx_round_trips_the_action_plan(tricky):
    raw = export_xlsx(tricky)
    result = import_xlsx(tricky, raw)
    assert result.ok
    assert result.strategy.actions == tricky.actions
    assert result.strategy.indicators == tricky.indicators
    assert result.counts == {"actions": 4, "funding": 7, "indicators": 4, "measurements": 4}


def test_formula_like_cells_are_neutralised():
    assert [neutralise(v) for v in ("=1+1", "+33 1", "-5", "@SUM(A1)", "ok", 5)] == [
        "'=1+1",
        "'+33 1",
        "'-5",
        "'@SUM(A1)",
        "ok",
        5,
    ]


def test_exported_formula_text_stays_text_and_comes_back(sample):
    evil = sample.model_copy(
        update={
            "actions": [
                sample.actions[0].model_copy(update={"title": '=HYPERLINK("http://x","y")'}),
                *sample.actions[1:],
            ]
        }
    )
    raw = export_xlsx(evil)
    cell = load_workbook(io.BytesIO(raw))[sheet_title("actions", "fr")]["C2"]
    assert cell.data_type == "s" and cell.value.startswith("'=")
    assert import_xlsx(evil, raw).strategy.actions[0].title == '=HYPERLINK("http://x","y")'


def test_an_invalid_import_changes_nothing_and_names_each_row(sample):
    wb = load_workbook(io.BytesIO(export_xlsx(sample)))
    wb[sheet_title("actions", "fr")]["D3"] = "ax-9"  # unknown axis
    wb[sheet_title("funding", "fr")]["F2"] = -5  # negative amount
    wb[sheet_title("measurements", "fr")].append(["mi-404", "2026-01-01", 1, None, None])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = import_xlsx(sample, buffer.getvalue())
    assert result.strategy is None and not result.ok
    found = {(r.sheet, r.row, r.problem.code) for r in result.rejected}
    assert ("funding", 2, "schema.greater_than_equal") in found
    assert ("measurements", 6, "ref.unknown") in found
    sample_again = import_xlsx(sample, export_xlsx(sample))
    assert sample_again.ok  # the untouched file still imports


def test_unknown_axis_is_reported_after_the_rows_are_read(sample):
    wb = load_workbook(io.BytesIO(export_xlsx(sample)))
    wb[sheet_title("actions", "fr")]["D3"] = "ax-9"
    buffer = io.BytesIO()
    wb.save(buffer)
    result = import_xlsx(sample, buffer.getvalue())
    assert [(r.problem.path, r.problem.code) for r in result.rejected] == [("actions[1].axis_id", "ref.unknown")]


@pytest.mark.parametrize(
    ("raw", "code"), [(b"not a workbook", "xlsx.not_xlsx"), (b"x" * (11 * 1024 * 1024), "xlsx.too_large")]
)
def test_unreadable_workbooks(sample, raw, code):
    assert [p.code for p in import_xlsx(sample, raw).problems] == [code]


def test_a_workbook_without_a_sheet_is_refused(sample):
    wb = load_workbook(io.BytesIO(export_xlsx(sample)))
    del wb[sheet_title("funding", "fr")]
    buffer = io.BytesIO()
    wb.save(buffer)
    assert [(p.code, p.params) for p in import_xlsx(sample, buffer.getvalue()).problems] == [
        ("xlsx.missing_sheet", {"sheet": "Financements / Funding"})
    ]


def test_traceability(sample):
    chain = {level.kind: level.items for level in trace_axis(sample, "ax-2")}
    assert chain["issues"] == ["Réduire la consommation énergétique des bâtiments publics"]
    assert chain["actions"] == ["2.1 Suivre en temps réel l'énergie des bâtiments publics"]
    assert chain["indicators"] == ["Consommation du patrimoine public"]
    assert "Un patrimoine bâti public énergivore" in chain["evidence"]
    action_chain = {level.kind: level.items for level in trace_action(sample, "ac-1")}
    assert action_chain["axis"] == ["Un territoire numérique inclusif"]
    assert action_chain["indicators"] == ["Personnes accompagnées dans les espaces de médiation"]


@pytest.mark.parametrize(("fmt", "magic"), [("pdf", b"%PDF"), ("docx", b"PK"), ("xlsx", b"PK"), ("opendata", b"PK")])
def test_cli_exports(tmp_path, fmt, magic):
    out = tmp_path / f"out.{fmt}"
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "export", str(SAMPLE), "--format", fmt, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(magic)


def test_cli_refuses_an_unknown_format_and_a_bad_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    wrong = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "export", str(SAMPLE), "--format", "odt", "--out", "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert wrong.returncode == 2 and "invalid choice" in wrong.stderr
    broken = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "export", str(bad), "--format", "pdf", "--out", str(tmp_path / "o.pdf")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert broken.returncode == 2 and "Traceback" not in broken.stderr
    assert not (tmp_path / "o.pdf").exists()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_workbook_speaks_to_a_finance_department_and_reads_itself_back(sample, lang):
    wb = load_workbook(io.BytesIO(export_xlsx(sample, lang)))
    actions = wb[sheet_title("actions", lang)]
    headers = [c.value for c in actions[1]]
    assert t("field.title", lang) in headers and "axis_id" not in headers
    row = [c.value for c in actions[2]]
    assert t("enum.action_status.to_start", lang) in row  # labels, not codes
    assert sample.axes[0].title in row and "ax-1" not in row
    funding = [c.value for c in wb[sheet_title("funding", lang)][2]]
    assert "1.1 Créer des espaces de médiation numérique" in funding or any(
        str(v).startswith(("1.", "2.", "3.")) for v in funding
    )
    again = import_xlsx(sample, export_xlsx(sample, lang))
    assert again.ok and again.strategy.actions == sample.actions and again.strategy.indicators == sample.indicators


def test_the_costs_by_year_sheet_balances(sample):
    """Investment and operating by year, funding by source, the owner's share: each row and the
    totals add up (over the strategy's horizon, 2026-2031)."""
    ws = load_workbook(io.BytesIO(export_xlsx(sample, "fr")))[sheet_title("costs_by_year", "fr")]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head, body = rows[0], [r for r in rows[1:] if isinstance(r[0], int)]
    total = next(r for r in rows if r[0] == t("xlsx.total", "fr"))
    assert head[:4] == [
        t("field.year", "fr"),
        t("field.investment", "fr"),
        t("field.operating", "fr"),
        t("xlsx.total_cost", "fr"),
    ]
    assert all(2026 <= r[0] <= 2031 for r in body)
    for r in [*body, total]:
        assert r[3] == pytest.approx(r[1] + r[2])
        assert r[-1] == pytest.approx(r[3] - sum(v or 0 for v in r[4:-1]))  # left for the owner
    for column in range(1, len(head)):
        assert total[column] == pytest.approx(sum(r[column] or 0 for r in body))


def test_the_report_opens_on_a_summary_and_balances_its_financial_table(sample):
    """The maquette financière: each year's cost (investment + operating) equals the funding by
    source plus what is left for the owner; totals are the sums of the years."""
    blocks = list(report_blocks(sample, "fr", today=dt.date(2026, 11, 27)))
    headings = [b.text for b in blocks if isinstance(b, Heading) and b.level == 1]
    assert headings[0] == t("report.summary", "fr") and headings[-1] == t("report.glossary", "fr")
    at = [n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.text == t("report.budget", "fr")]
    budget = next(b for b in blocks[at[0] :] if isinstance(b, Table))

    def euros(text: str) -> float:
        return float(text.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "").replace(",", "."))

    rows = {r[0]: [euros(v) for v in r[1:]] for r in budget.rows}
    cost = rows[t("xlsx.total_cost", "fr")]
    remainder = rows[t("xlsx.owner_remainder", "fr")]
    sources = [
        v
        for k, v in rows.items()
        if k
        not in (
            t("field.investment", "fr"),
            t("field.operating", "fr"),
            t("xlsx.total_cost", "fr"),
            t("xlsx.owner_remainder", "fr"),
        )
    ]
    for n in range(len(cost)):
        assert cost[n] == pytest.approx(sum(s[n] for s in sources) + remainder[n])
    assert cost[-1] == pytest.approx(sum(cost[:-1]))
    assert budget.header[1:-1] == ["2026", "2027", "2028", "2029", "2030", "2031"]  # the strategy's horizon


def test_per_commune_indicators_print_their_values_and_year(sample):
    fibre = sample.assessment.indicators[0].model_copy(update={"value": None, "year": 2025})
    doc = sample.model_copy(
        update={
            "assessment": sample.assessment.model_copy(
                update={"indicators": [fibre, *sample.assessment.indicators[1:]]}
            )
        }
    )
    blocks = list(report_blocks(doc, "fr", sections=("territory",)))
    overview = next(b for b in blocks if isinstance(b, Table) and t("field.reference_value", "fr") in b.header)
    assert overview.rows[0][2].endswith("(28 communes)") and overview.rows[0][3] == "2025"
    at = next(n for n, b in enumerate(blocks) if isinstance(b, Heading) and b.text.endswith("par commune (2025)"))
    by_commune = blocks[at + 1]
    assert isinstance(by_commune, Table) and len(by_commune.rows) == 28
    assert by_commune.rows[0][0] in {m.name for m in sample.territory.members} and by_commune.rows[0][1] != "—"


def test_an_action_sheet_carries_every_field_the_screen_holds(sample):
    act = next(a for a in sample.actions if a.id == "ac-1")
    blocks = list(action_sheet_blocks_of(sample, act))
    facts = dict(next(b for b in blocks if isinstance(b, Table)).rows)
    for key in ("field.skills", "field.targets", "field.governance", "report.scope"):
        assert t(key, "fr") in facts
    assert facts[t("field.skills", "fr")] == ", ".join(act.skills)
    texts = [b.text for b in blocks if isinstance(b, Para)]
    assert any(text.startswith("Part du maître d'ouvrage") for text in texts)  # the own-share line, always
    assert any(text.startswith("Coût total") for text in texts)
    indicators = [b for b in blocks if isinstance(b, Table) and t("field.baseline_value", "fr") in b.header]
    assert indicators and indicators[0].rows[0][2] == "3\u202f000"  # baseline and target of mi-1


def action_sheet_blocks_of(s, a):
    from reports.content import Fmt, action_sheet_blocks

    return action_sheet_blocks(s, a, lambda key, **p: t(key, "fr", **p), Fmt("fr"))


@pytest.mark.parametrize(
    ("value", "fr", "en"),
    [
        (0.045, "4,5\u00a0%", "4.5%"),
        (0.1999, "19,99\u00a0%", "19.99%"),
        (0.2, "20\u00a0%", "20%"),
        (0.16404, "16,404\u00a0%", "16.404%"),
    ],
)
def test_percentages_keep_the_precision_a_rule_needs(value, fr, en):
    """4.5 % must not print as 4 %, nor 19.99 % as 20 % (a share under a 20 % minimum)."""
    from components.formatting import percent
    from reports.content import Fmt

    assert percent(value, "fr").replace("\u202f", "\u00a0") == fr and percent(value, "en") == en
    assert Fmt("fr").percent(value).replace("\u202f", "\u00a0") == fr and Fmt("en").percent(value) == en


def test_the_terms_practitioners_use():
    assert t("sheet.payback", "fr") == "Temps de retour"
    assert t("sheet.roi", "fr") == "Rentabilité (ROI)"
    assert t("sheet.own_share_of_public", "fr") == "Part du maître d'ouvrage dans les financements publics"
    assert t("enum.legal_structure.service_concession", "fr") == "Concession de service public (DSP)"


def test_pdf_columns_fit_every_header_word():
    from reportlab.pdfbase import pdfmetrics

    from reports.pdf import BODY_W, _fitted, _fonts, _styles

    _fonts()
    styles = _styles()
    block = Table(
        ["Action", "Coût total", "Financements inscrits", "Autofinancement", "Part", "Règle"],
        [["a"] * 6],
        [0.5, 0.1, 0.1, 0.1, 0.1, 0.1],
    )
    head = styles["head"]
    for width, title in zip(_fitted([w * BODY_W for w in block.widths], block, styles), block.header, strict=True):
        assert width >= max(pdfmetrics.stringWidth(word, head.fontName, head.fontSize) for word in title.split()) + 12
