"""Fields declared for the action sheet on the model: found there, labelled in both catalogs,
printed in the report's sheet (PDF and DOCX), exported to the workbook and imported back;
every declared field is checked at each level, with no test of its own."""

from __future__ import annotations

import io
import math

import pytest
from docx import Document
from openpyxl import load_workbook
from pydantic import BaseModel, Field, ValidationError

from domain.model import Action, Strategy
from domain.sheet_fields import SheetField, field_label, field_text, sheet_fields
from i18n import t
from reports.content import Fmt
from reports.docx_report import strategy_docx
from reports.pdf import action_sheet_pdf
from reports.xlsx import export_xlsx, header, import_xlsx, sheet_title
from tests.unit.test_reports import action_sheet_blocks_of, pdf_text

DECLARED = sheet_fields()


def a_value(field: SheetField) -> float | str:
    if field.kind == "text":
        return "Texte « libre » & <b>brut</b>"
    high = field.high if field.high is not None else 1e6
    return min(1234.5, high)


def with_value(sample: Strategy, field: SheetField, value: object) -> Strategy:
    first = sample.actions[0].model_copy(update={field.name: value})
    return sample.model_copy(update={"actions": [first, *sample.actions[1:]]})


def test_a_field_is_declared_for_the_sheet_on_the_model_with_its_kind_unit_and_bounds():
    class Sheet(BaseModel):
        weight: float | None = Field(default=None, ge=0, le=50, json_schema_extra={"sheet": "number", "unit": "kg"})
        motto: str = Field(default="", json_schema_extra={"sheet": "text"})
        hidden: int = 0
        other: str = Field(default="", json_schema_extra={"sheet": "picture"})  # not a kind the sheet knows

    assert sheet_fields(Sheet) == (SheetField("weight", "number", "kg", 0.0, 50.0), SheetField("motto", "text"))
    weight = sheet_fields(Sheet)[0]
    assert field_label(weight, lambda key: {"field.weight": "Poids", "unit.kg": "kg"}[key]) == "Poids (kg)"
    assert field_text(weight, None, str, str) == "—"
    assert field_text(weight, 2.5, lambda key: "kg", lambda v: f"{v:.1f}".replace(".", ",")) == "2,5 kg"


@pytest.mark.parametrize("field", DECLARED, ids=lambda f: f.name)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_declared_field_has_its_label_and_unit_in_each_catalog(field: SheetField, lang: str):
    assert t(field.label_key, lang) != field.label_key
    if field.unit_key:
        assert t(field.unit_key, lang) != field.unit_key


@pytest.mark.parametrize("field", [f for f in DECLARED if f.kind == "number"], ids=lambda f: f.name)
def test_a_declared_number_is_bounded_and_finite(sample, field: SheetField):
    assert field.low is not None and field.high is not None  # a figure without bounds is not a figure
    base = sample.actions[0].model_dump()
    for bad in (math.nan, math.inf, field.high + 1, field.low - 1):
        with pytest.raises(ValidationError):
            Action.model_validate({**base, field.name: bad})
    assert getattr(Action.model_validate({**base, field.name: None}), field.name) is None  # not known yet


@pytest.mark.parametrize("field", DECLARED, ids=lambda f: f.name)
def test_a_declared_field_is_printed_in_the_reports_sheet(sample, field: SheetField):
    value = a_value(field)
    doc = with_value(sample, field, value)
    label = field_label(field, lambda key: t(key, "fr"))
    expected = field_text(field, value, lambda key: t(key, "fr"), lambda v: Fmt("fr").number(v, 2))
    facts = dict(next(b for b in action_sheet_blocks_of(doc, doc.actions[0]) if hasattr(b, "rows")).rows)
    assert facts[label] == expected
    assert expected.startswith("1\u202f234,5") or field.kind == "text"
    assert " ".join(label.split()) in " ".join(pdf_text(action_sheet_pdf(doc, doc.actions[0], "fr")).split())
    cells = [
        c.text for table in Document(io.BytesIO(strategy_docx(doc, "fr"))).tables for r in table.rows for c in r.cells
    ]
    assert label in cells and expected in cells


@pytest.mark.parametrize("field", DECLARED, ids=lambda f: f.name)
def test_a_declared_field_goes_to_the_workbook_and_comes_back(sample, field: SheetField):
    doc = with_value(sample, field, a_value(field))
    raw = export_xlsx(doc, "en")
    sheet = load_workbook(io.BytesIO(raw))[sheet_title("actions", "en")]
    titles = [c.value for c in sheet[1]]
    assert header(field.name, "en") in titles
    column = titles.index(header(field.name, "en")) + 1
    assert sheet.cell(2, column).value == a_value(field)
    changed = 42.0 if field.kind == "number" else "Autre texte"
    sheet.cell(2, column).value = changed
    out = io.BytesIO()
    sheet.parent.save(out)
    result = import_xlsx(doc, out.getvalue())
    assert result.ok, result.rejected
    assert getattr(result.strategy.actions[0], field.name) == changed


@pytest.mark.parametrize("field", DECLARED, ids=lambda f: f.name)
def test_a_workbook_exported_before_the_field_existed_still_imports(sample, field: SheetField):
    doc = with_value(sample, field, a_value(field))
    book = load_workbook(io.BytesIO(export_xlsx(doc, "fr")))
    sheet = book[sheet_title("actions", "fr")]
    titles = [c.value for c in sheet[1]]
    sheet.delete_cols(titles.index(header(field.name, "fr")) + 1)
    out = io.BytesIO()
    book.save(out)
    result = import_xlsx(doc, out.getvalue())
    assert result.ok and getattr(result.strategy.actions[0], field.name) == a_value(field)  # kept as it was


@pytest.mark.parametrize("field", [f for f in DECLARED if f.kind == "number"], ids=lambda f: f.name)
def test_a_refused_figure_in_the_workbook_is_named_by_its_column_and_only_once(sample, field: SheetField):
    from reports.xlsx import column_header

    book = load_workbook(io.BytesIO(export_xlsx(sample, "fr")))
    sheet = book[sheet_title("actions", "fr")]
    column = [c.value for c in sheet[1]].index(header(field.name, "fr")) + 1
    sheet.cell(2, column).value = field.high * 10  # type: ignore[operator]
    out = io.BytesIO()
    book.save(out)
    result = import_xlsx(sample, out.getvalue())
    assert result.strategy is None and len(result.rejected) == 1  # its funding rows are not "unknown" too
    (refused,) = result.rejected
    assert (refused.sheet, refused.row) == ("actions", 2)
    assert column_header("actions", refused.problem.path, "fr") == field_label(field, lambda key: t(key, "fr"))
