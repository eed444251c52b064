"""The figures and texts of an action sheet that need no code of their own, declared once on
the model.

A field of `Action` declared with `json_schema_extra={"sheet": "number", "unit": "…"}` (or
`{"sheet": "text"}`) is shown on the action sheet's "framing" tab, printed in the report's
sheet (PDF and DOCX), exported as a column of the action plan's workbook and read back by its
import: the screens and documents go through `sheet_fields()`, never through the name. Its
label is the catalog's `field.<name>`, its unit `unit.<unit>`, its help on the sheet (if any)
`field.<name>.help`, and its bounds the field's own (`ge`, `le`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from annotated_types import Ge, Le
from pydantic import BaseModel

from domain.model import Action

Kind = Literal["number", "text"]


@dataclass(frozen=True)
class SheetField:
    name: str
    kind: Kind
    unit: str = ""  # catalog key unit.<unit>, "" for none
    low: float | None = None
    high: float | None = None

    @property
    def label_key(self) -> str:
        return f"field.{self.name}"

    @property
    def help_key(self) -> str:
        """The help under the field's "?" on the sheet, when the catalog has one."""
        return f"field.{self.name}.help"

    @property
    def unit_key(self) -> str | None:
        return f"unit.{self.unit}" if self.unit else None


@cache
def sheet_fields(model: type[BaseModel] = Action) -> tuple[SheetField, ...]:
    """The fields of `model` declared for the sheet, in the model's order."""
    out = []
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if not isinstance(extra, dict) or extra.get("sheet") not in ("number", "text"):
            continue
        low = next((m.ge for m in info.metadata if isinstance(m, Ge)), None)
        high = next((m.le for m in info.metadata if isinstance(m, Le)), None)
        unit = extra.get("unit", "")
        out.append(
            SheetField(
                name,
                extra["sheet"],  # type: ignore[arg-type]
                unit if isinstance(unit, str) else "",
                float(low) if isinstance(low, int | float) else None,
                float(high) if isinstance(high, int | float) else None,
            )
        )
    return tuple(out)


def field_label(field: SheetField, tr: Callable[..., str]) -> str:
    """ "Impact carbone (t CO₂e par an)": the label, with its unit when it has one."""
    label = tr(field.label_key)
    return f"{label} ({tr(field.unit_key)})" if field.unit_key else label


def field_text(field: SheetField, value: object, tr: Callable[..., str], number: Callable[[float], str]) -> str:
    """The value as a document prints it ("—" when there is none), its unit after a number."""
    if value is None or value == "":
        return "—"
    if field.kind == "number" and isinstance(value, int | float):
        return f"{number(value)} {tr(field.unit_key)}" if field.unit_key else number(value)
    return str(value)
