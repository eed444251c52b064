"""The action plan as XLSX (openpyxl) for the finance department, and its import back.

Four sheets — actions, funding lines, indicators, measurements — that speak to a finance
department: sheet names and column headers in the user's language, labels instead of codes
(statuses, kinds, the axis's title, the action's code and title), plus a costs-by-year sheet
(investment and operating by year, funding by source, the owner's share, totals). The import
reads its own export back in either language — and files with the field codes as headers —
mapping every label to its code. Text cells that a spreadsheet would take for a formula
(starting with =, +, - or @) are written with a leading apostrophe, and the apostrophe is
removed on import. An import is checked in full before anything changes: every rejected row is
reported with its sheet, its row number and the reason.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any, get_args
from xml.etree import ElementTree

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from pydantic import BaseModel, ValidationError

from domain.costs import costs_by_year, horizon
from domain.ids import next_id
from domain.model import Action, FundingLine, Measurement, MonitoringIndicator, Strategy
from domain.problems import Problem
from domain.references import reference_problems
from domain.sheet_fields import field_label, sheet_fields
from domain.text_rules import FORMULA_START, spreadsheet_safe
from i18n import t

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Bounds on what the file expands to, checked in its zip directory before a byte is inflated
# (zipfile never inflates past a member's declared size): a few megabytes can otherwise
# expand to gigabytes of shared strings or millions of cells.
MAX_MEMBERS = 200
MAX_UNCOMPRESSED = 40 * 1024 * 1024
MAX_PART = 12 * 1024 * 1024  # one sheet: 20,000 rows of an action plan fit
# Parts openpyxl reads whole, far smaller in any real workbook than a sheet.
MAX_SMALL_PART = {"xl/sharedStrings.xml": 8 * 1024 * 1024, "xl/styles.xml": 2 * 1024 * 1024}
MAX_OTHER_PART = 1024 * 1024  # the workbook, its relations, content types, themes…
MAX_COLUMNS = 40  # the widest sheet has 15; columns beyond are never read
MAX_CELLS_IN_ROW = 200  # openpyxl builds a whole row before it can skip its cells
MAX_CELLS = 400_000

SHEETS: dict[str, list[str]] = {
    "actions": [
        "id",
        "code",
        "title",
        "axis_id",
        "objective_id",
        "owner_service",
        "elected_referent",
        "project_lead",
        "status",
        "priority",
        "start",
        "end",
        "progress",
        "description",
        *(d.name for d in sheet_fields()),  # declared on the model: optional in older files
    ],
    "funding": ["action_id", "id", "source", "scheme", "funder_kind", "amount", "status", "date", "reference", "kind"],
    "indicators": [
        "id",
        "name",
        "unit",
        "level",
        "axis_id",
        "action_id",
        "direction",
        "baseline_value",
        "baseline_date",
        "target_value",
        "target_date",
        "frequency",
        "source",
        "owner",
        "open_data",
    ],
    "measurements": ["indicator_id", "date", "value", "comment", "entered_by"],
}


# Columns whose codes are shown as the labels of a catalog enumeration.
ENUM_COLUMNS: dict[tuple[str, str], tuple[str, type[BaseModel]]] = {
    ("actions", "status"): ("action_status", Action),
    ("actions", "priority"): ("priority", Action),
    ("funding", "funder_kind"): ("funder_kind", FundingLine),
    ("funding", "kind"): ("funding_kind", FundingLine),
    ("funding", "status"): ("funding_status", FundingLine),
    ("indicators", "level"): ("indicator_level", MonitoringIndicator),
    ("indicators", "direction"): ("direction", MonitoringIndicator),
    ("indicators", "frequency"): ("frequency", MonitoringIndicator),
}
# Header labels that are not "field.<column>".
HEADER_KEYS = {
    "id": "xlsx.id",
    "axis_id": "field.axis",
    "objective_id": "field.objective",
    "action_id": "field.action",
    "indicator_id": "field.indicator",
    "kind": "field.funding_kind",
}
LANGUAGES = ("fr", "en")


def sheet_title(name: str, lang: str) -> str:
    return t(f"xlsx.sheet.{name}", lang)


def column_header(sheet: str, path: str, lang: str) -> str:
    """A refusal's path with its column named as the workbook heads it ("Impact carbone (t CO₂e
    par an)" rather than carbon_impact)."""
    column, dot, rest = path.partition(".")
    return header(column, lang) + dot + rest if column in SHEETS.get(sheet, ()) else path


def header(column: str, lang: str) -> str:
    declared = next((d for d in sheet_fields() if d.name == column), None)
    if declared:  # with its unit: "Impact carbone (t CO₂e par an)"
        return field_label(declared, lambda key: t(key, lang))
    return t(HEADER_KEYS.get(column, f"field.{column}"), lang)


@dataclass(frozen=True)
class _Labels:
    """Codes and ids shown as words, and the way back from words (in either language)."""

    out: dict[str, dict[str, str]]  # column -> code or id -> label
    back: dict[str, dict[str, str]]  # column -> label (or code) -> code or id


def _labels(s: Strategy, sheet: str, lang: str) -> _Labels:
    out: dict[str, dict[str, str]] = {}
    back: dict[str, dict[str, str]] = {}
    for (name, column), (enum, model) in ENUM_COLUMNS.items():
        if name != sheet:
            continue
        codes = [c for c in get_args(_literal(model, column)) if isinstance(c, str)]
        out[column] = {c: t(f"enum.{enum}.{c}", lang) for c in codes}
        back[column] = {t(f"enum.{enum}.{c}", other): c for other in LANGUAGES for c in codes} | {c: c for c in codes}
    records = {
        "axis_id": {ax.id: ax.title for ax in s.axes},
        "objective_id": {o.id: o.text for ax in s.axes for o in ax.objectives},
        "action_id": {a.id: a.label for a in s.actions},
        "indicator_id": {i.id: i.name for i in s.indicators},
    }
    for column, names in records.items():
        out[column] = names
        back[column] = {name: rid for rid, name in reversed(list(names.items()))} | {rid: rid for rid in names}
    return _Labels(out, back)


def _literal(model: type[BaseModel], column: str) -> Any:
    annotation = model.model_fields[column].annotation
    return next((a for a in get_args(annotation) if get_args(a)), annotation)  # Optional[Literal[...]]


def _restore(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("'") and value[1:2] in FORMULA_START:
        return value[1:]
    return value


def _rows(s: Strategy) -> dict[str, list[dict[str, Any]]]:
    return {
        "actions": [a.model_dump() for a in s.actions],
        "funding": [{**f.model_dump(), "action_id": a.id} for a in s.actions for f in a.funding],
        "indicators": [i.model_dump() for i in s.indicators],
        "measurements": [{**m.model_dump(), "indicator_id": i.id} for i in s.indicators for m in i.measurements],
    }


BOLD, FILL = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="1F5FA8")
WIDE = ("title", "name", "description", "source", "axis_id", "objective_id", "action_id", "indicator_id")


def export_xlsx(s: Strategy, lang: str = "fr") -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in _rows(s).items():
        ws = wb.create_sheet(sheet_title(name, lang))
        columns = SHEETS[name]
        labels = _labels(s, name, lang).out
        _header_row(ws, [header(c, lang) for c in columns])
        for row in rows:
            ws.append([spreadsheet_safe(_shown(labels, c, row.get(c))) for c in columns])
        for n, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(n)].width = 40 if column in WIDE else 16
    _costs_sheet(wb.create_sheet(sheet_title("costs_by_year", lang)), s, lang)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _header_row(ws: Any, titles: list[str]) -> None:
    ws.append(titles)
    for cell in ws[ws.max_row]:
        cell.font, cell.fill = BOLD, FILL
    ws.freeze_panes = "A2"


def _shown(labels: dict[str, dict[str, str]], column: str, value: Any) -> Any:
    return labels[column].get(value, value) if column in labels and isinstance(value, str) else value


def _costs_sheet(ws: Any, s: Strategy, lang: str) -> None:
    """Costs (investment, operating) and funding (by source) by year, over the strategy's
    horizon, with the owner's share and totals: the multi-year table a finance department
    builds its budget from. Funding lines count in the year of their date, else in the first
    year of their action's costs."""
    years = horizon(s)
    table = costs_by_year(s, years)
    sources = sorted({source for row in table.values() for source in row.funding})
    _header_row(
        ws,
        [
            t("field.year", lang),
            t("field.investment", lang),
            t("field.operating", lang),
            t("xlsx.total_cost", lang),
            *sources,
            t("xlsx.owner_remainder", lang),
        ],
    )
    totals = [0.0] * (4 + len(sources))
    for year in sorted(table):
        row = table[year]
        values = [row.investment, row.operating, row.investment + row.operating]
        values += [row.funding.get(source, 0.0) for source in sources]
        values.append(values[2] - sum(row.funding.values()))
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        ws.append([year, *(round(v, 2) for v in values)])
    ws.append([t("xlsx.total", lang), *(round(v, 2) for v in totals)])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    span = (
        t("actions.years_span", lang, start=years.start, end=years.stop - 1) if years else t("actions.all_years", lang)
    )
    ws.append([])
    ws.append([t("actions.cost_base", lang, span=span)])
    ws.column_dimensions["A"].width = 14
    for n in range(2, 6 + len(sources)):
        ws.column_dimensions[get_column_letter(n)].width = 20


@dataclass(frozen=True)
class Rejected:
    sheet: str
    row: int
    problem: Problem


@dataclass
class PlanImport:
    strategy: Strategy | None
    rejected: list[Rejected] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows read per sheet
    problems: list[Problem] = field(default_factory=list)  # the file as a whole

    @property
    def ok(self) -> bool:
        return self.strategy is not None and not self.rejected and not self.problems


def _cell(value: Any) -> Any:
    value = _restore(value)
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def expansion_problem(raw: bytes) -> Problem | None:
    """Why a workbook would expand beyond what an action plan needs, or None."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return Problem("$", "xlsx.not_xlsx", {})
    total = sum(m.file_size for m in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNCOMPRESSED or any(m.file_size > _limit(m.filename) for m in members):
        return Problem("$", "xlsx.expands_too_much", {"limit_mb": MAX_PART // 1_048_576})
    return _cells_problem(raw, [m.filename for m in members if m.filename.startswith("xl/worksheets/")])


def _limit(name: str) -> int:
    if name.startswith("xl/worksheets/"):
        return MAX_PART
    return MAX_SMALL_PART.get(name, MAX_OTHER_PART if name.endswith((".xml", ".rels")) else MAX_PART)


def _cells_problem(raw: bytes, sheets: list[str]) -> Problem | None:
    """Rows too wide or too many cells, counted while streaming the sheets' XML (each element
    dropped once counted), before openpyxl builds anything."""
    cells = 0
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            for name in sheets:
                with archive.open(name) as part:
                    in_row = 0
                    for _, element in ElementTree.iterparse(part, events=("end",)):
                        tag = element.tag.rsplit("}", 1)[-1]
                        if tag == "c":
                            in_row += 1
                            cells += 1
                            if in_row > MAX_CELLS_IN_ROW or cells > MAX_CELLS:
                                return Problem(
                                    "$", "xlsx.too_many_cells", {"row": MAX_CELLS_IN_ROW, "total": MAX_CELLS}
                                )
                        elif tag == "row":
                            in_row = 0
                            element.clear()
    except (ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError, RuntimeError):
        return Problem("$", "xlsx.not_xlsx", {})
    return None


def _read(raw: bytes) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[Problem]]:
    refusal = expansion_problem(raw)
    if refusal:
        return {}, [refusal]
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors on a file that is not a workbook
        return {}, [Problem("$", "xlsx.not_xlsx", {})]
    try:
        sheets, problems = _sheets(wb)
        return sheets, problems + _formulas_without_value(raw, wb)
    except Exception:  # a sheet that is not what its directory says (truncated, bad XML)
        return {}, [Problem("$", "xlsx.not_xlsx", {})]
    finally:
        wb.close()


def _formulas_without_value(raw: bytes, values: Any) -> list[Problem]:
    """Formula cells the file holds no computed value for (written by a program, never opened
    in a spreadsheet): read as empty, they would silently drop a figure, so they are named."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        if not any(b"<f" in archive.read(m) for m in archive.namelist() if m.startswith("xl/worksheets/")):
            return []
    formulas = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    problems = []
    try:
        for code in SHEETS:
            name = _sheet_named(formulas, code)
            if name is None:
                continue
            rows = zip(
                formulas[name].iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS),
                values[name].iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS),
                strict=False,
            )
            for n, (written, computed) in enumerate(rows, start=1):
                if any(
                    isinstance(f, str) and f.startswith("=") and v is None
                    for f, v in zip(written, computed, strict=False)
                ):
                    problems.append(Problem(name, "xlsx.formula_without_value", {"sheet": name, "row": n}))
    finally:
        formulas.close()
    return problems[:20]


def _sheet_named(wb: Any, name: str) -> str | None:
    """The workbook's sheet for `name`: by its code or its title in either language."""
    return next((n for n in (name, *(sheet_title(name, lang) for lang in LANGUAGES)) if n in wb.sheetnames), None)


def _columns_of(titles: list[str], columns: list[str]) -> dict[str, int]:
    """Each column's position, found by its code or its header in either language."""
    names = {c: {c, *(header(c, lang) for lang in LANGUAGES)} for c in columns}
    return {c: next((n for n, title in enumerate(titles) if title in names[c]), -1) for c in columns}


def _sheets(wb: Any) -> tuple[dict[str, list[tuple[int, dict[str, Any]]]], list[Problem]]:
    sheets: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    problems: list[Problem] = []
    for name, columns in SHEETS.items():
        found = _sheet_named(wb, name)
        if found is None:
            both = " / ".join(dict.fromkeys(sheet_title(name, lang) for lang in LANGUAGES))
            problems.append(Problem(name, "xlsx.missing_sheet", {"sheet": both}))
            continue
        rows = list(wb[found].iter_rows(values_only=True, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS))
        if len(rows) > MAX_ROWS:
            problems.append(Problem(name, "xlsx.too_many_rows", {"sheet": found, "limit": MAX_ROWS}))
            continue
        titles = [str(h).strip() if h is not None else "" for h in (rows[0] if rows else ())]
        at = _columns_of(titles, columns)
        missing = [header(c, "fr") for c in columns if at[c] < 0 and c not in OPTIONAL_COLUMNS]
        if missing:
            problems.append(Problem(name, "xlsx.missing_columns", {"sheet": found, "columns": ", ".join(missing)}))
            continue
        sheets[name] = [
            (n, {c: _cell(row[at[c]]) if 0 <= at[c] < len(row) else None for c in columns})
            for n, row in enumerate(rows[1:], start=2)
            if any(v not in (None, "") for v in row)
        ]
    return sheets, problems


# Added since the first exports: a file without them still reads.
OPTIONAL_COLUMNS = {"kind", *(d.name for d in sheet_fields())}


def _decoded(
    sheets: dict[str, list[tuple[int, dict[str, Any]]]], s: Strategy
) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """The rows with labels turned back into codes and ids (unknown words are left as they
    are, for validation to name them)."""
    out = {}
    for name, rows in sheets.items():
        back = _labels(s, name, "fr").back
        out[name] = [
            (n, {c: back[c].get(v, v) if c in back and isinstance(v, str) else v for c, v in row.items()})
            for n, row in rows
        ]
    return out


def _errors(sheet: str, row: int, exc: ValidationError) -> list[Rejected]:
    return [
        Rejected(
            sheet,
            row,
            Problem(
                ".".join(str(p) for p in e["loc"]),
                f"schema.{e['type']}",
                {
                    **{k: v for k, v in (e.get("ctx") or {}).items() if isinstance(v, str | int | float)},
                    "msg": e["msg"],
                    "input": str(e.get("input"))[:60],
                },
            ),
        )
        for e in exc.errors()
    ]


def import_xlsx(s: Strategy, raw: bytes) -> PlanImport:
    """The strategy with its action plan replaced by the file's, or every reason it cannot be."""
    if len(raw) > MAX_BYTES:
        return PlanImport(None, problems=[Problem("$", "xlsx.too_large", {"limit_mb": MAX_BYTES // 1_048_576})])
    sheets, problems = _read(raw)
    if problems:
        return PlanImport(None, problems=problems)
    sheets = _decoded(sheets, s)
    rejected: list[Rejected] = []
    existing = {a.id: a for a in s.actions}
    actions: list[Action] = []
    action_ids = [a.id for a in s.actions]
    for n, row in sheets["actions"]:
        base = existing[row["id"]].model_dump() if row["id"] in existing else {}
        data = {**base, **{k: v for k, v in row.items() if v is not None or k in ("objective_id", "start", "end")}}
        if not data.get("id"):
            data["id"] = next_id("action", action_ids)
            action_ids.append(data["id"])
        try:
            actions.append(Action.model_validate(data))
        except ValidationError as exc:
            rejected += _errors("actions", n, exc)
    # The funding and indicator rows name their action by its label: the file's actions too.
    by_label = {a.label: a.id for a in reversed(actions)}
    for name in ("funding", "indicators"):
        for _, row in sheets[name]:
            if isinstance(row.get("action_id"), str):
                row["action_id"] = by_label.get(row["action_id"], row["action_id"])
    funding: dict[str, list[dict[str, Any]]] = {}
    for n, row in sheets["funding"]:
        lines = funding.setdefault(str(row["action_id"]), [])
        data = {k: v for k, v in row.items() if k != "action_id" and v is not None}
        data.setdefault("id", next_id("funding", [x["id"] for x in lines if x.get("id")]))
        try:
            lines.append(FundingLine.model_validate(data).model_dump())
        except ValidationError as exc:
            rejected += _errors("funding", n, exc)
    # An action whose row was refused is known all the same: its funding is not "unknown" too.
    known_actions = {a.id for a in actions} | {str(row["id"]) for _, row in sheets["actions"] if row.get("id")}
    for action_id in funding:
        if action_id not in known_actions:
            line = next(n for n, r in sheets["funding"] if str(r["action_id"]) == action_id)
            rejected.append(
                Rejected("funding", line, Problem("action_id", "ref.unknown", {"kind": "action", "id": action_id}))
            )
    actions = [
        a.model_copy(update={"funding": [FundingLine.model_validate(x) for x in funding[a.id]]})
        if a.id in funding
        else a
        for a in actions
    ]
    existing_ind = {i.id: i for i in s.indicators}
    indicators: list[MonitoringIndicator] = []
    indicator_ids = [i.id for i in s.indicators]
    for n, row in sheets["indicators"]:
        base = existing_ind[row["id"]].model_dump() if row["id"] in existing_ind else {}
        data = {**base, **{k: v for k, v in row.items() if v is not None}}
        if not data.get("id"):
            data["id"] = next_id("monitoring", indicator_ids)
            indicator_ids.append(data["id"])
        try:
            indicators.append(MonitoringIndicator.model_validate(data))
        except ValidationError as exc:
            rejected += _errors("indicators", n, exc)
    measures: dict[str, list[Measurement]] = {}
    for n, row in sheets["measurements"]:
        try:
            measures.setdefault(str(row["indicator_id"]), []).append(
                Measurement.model_validate({k: v for k, v in row.items() if k != "indicator_id" and v is not None})
            )
        except ValidationError as exc:
            rejected += _errors("measurements", n, exc)
    known_ind = {i.id for i in indicators}
    for indicator_id in measures:
        if indicator_id not in known_ind:
            line = next(n for n, r in sheets["measurements"] if str(r["indicator_id"]) == indicator_id)
            rejected.append(
                Rejected(
                    "measurements",
                    line,
                    Problem("indicator_id", "ref.unknown", {"kind": "indicator", "id": indicator_id}),
                )
            )
    indicators = [
        i.model_copy(update={"measurements": sorted(measures[i.id], key=lambda m: m.date)}) if i.id in measures else i
        for i in indicators
    ]
    counts = {name: len(rows) for name, rows in sheets.items()}
    if rejected:
        return PlanImport(None, rejected, counts)
    # Actions and indicators not in the file are kept: the file updates and adds, it never deletes.
    listed_actions = {a.id for a in actions}
    listed_ind = {i.id for i in indicators}
    merged = s.model_copy(
        update={
            "actions": [a for a in s.actions if a.id not in listed_actions] + actions,
            "indicators": [i for i in s.indicators if i.id not in listed_ind] + indicators,
        }
    )
    order = {a.id: n for n, a in enumerate(s.actions)}
    merged = merged.model_copy(update={"actions": sorted(merged.actions, key=lambda a: order.get(a.id, 10**6))})
    problems = reference_problems(merged)
    if problems:
        return PlanImport(None, [Rejected(p.path.split("[")[0], 0, p) for p in problems], counts)
    return PlanImport(merged, [], counts)
