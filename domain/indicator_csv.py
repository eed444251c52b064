"""Import of context indicators from a CSV file, as local authorities send them.

Two layouts are understood:
- one indicator per row: a name column (`nom`, `indicateur`, `name`) and any of theme, value,
  unit, year, source, reference value and reference label;
- one commune per row: a commune code column (`code`, `code_insee`, `codgeo`…) and one
  column per indicator, holding the per-commune values.
Semicolons or commas, UTF-8 or Windows-1252, French numbers ("1 234,5", "12,5 %") are all
accepted. Every rejected row is reported with its line number and the reason.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from domain.ids import next_id
from domain.model import ContextIndicator
from domain.problems import Problem
from domain.territories import fold
from domain.text_rules import clean_text

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 1_000  # one per commune or per indicator: a department has under 900 communes
MAX_CELL = 10_000  # characters in one cell (a name, a source): far more than any real one
LIMIT = 1e15  # the model's bound on a figure

COLUMNS = {
    "name": ("nom", "name", "indicateur", "indicator", "libelle", "intitule"),
    "theme": ("theme", "thematique", "domaine"),
    "value": ("valeur", "value"),
    "unit": ("unite", "unit"),
    "year": ("annee", "year", "millesime"),
    "source": ("source",),
    "reference_value": ("valeur de reference", "reference", "reference value", "valeur reference", "ref"),
    "reference_label": ("libelle de reference", "libelle reference", "reference label", "type de reference"),
}
COMMUNE_CODE = ("code", "code insee", "code_insee", "codgeo", "code commune", "code_commune", "insee", "depcom")
COMMUNE_NAME = ("commune", "nom commune", "nom de la commune", "libgeo", "nom")


@dataclass(frozen=True)
class RejectedRow:
    line: int
    code: str  # catalog code, "csv.<reason>"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class CsvImport:
    layout: str  # "indicators" or "communes"
    indicators: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the file as a whole cannot be read


def _key(header: str) -> str:
    return re.sub(r"[_\s]+", " ", fold(header).strip())


def parse_number(text: str) -> float | None:
    """'1 234,5' -> 1234.5; '12,5 %' -> 12.5; '1,234.5' -> 1234.5; '' -> None; else ValueError
    (also for 'nan', 'inf', '1e400' and figures beyond the model's bound: no real figure)."""
    cleaned = re.sub(r"[\s\u00a0\u202f%€]", "", text or "")
    if not cleaned:
        return None
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(",") > cleaned.rfind("."):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        else:
            cleaned = cleaned.replace(",", "")
    else:
        cleaned = cleaned.replace(",", ".")
    number = float(cleaned)
    if not math.isfinite(number) or abs(number) > LIMIT:
        raise ValueError(f"could not convert string to float: {text.strip()[:40]}")
    return number


def _decode(raw: bytes) -> str | None:
    """The text of the file, or None when it is not text (an image, a spreadsheet, a PDF)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as Excel's "Unicode text" saves
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    elif b"\x00" in raw[:8192]:
        return None  # binary: no text file holds NUL bytes
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")  # spreadsheets saved on Windows
    return str(clean_text(text)).replace("\x00", "")


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Non-empty rows with their line numbers in the file; csv.Error when a cell is too long."""
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = "excel"
        if sample.count(";") > sample.count(","):
            dialect = csv.excel()
            dialect.delimiter = ";"
    reader = csv.reader(io.StringIO(text), dialect)
    rows = []
    for row in reader:
        if any(cell.strip() for cell in row):
            rows.append((reader.line_num, row))
            if len(rows) > MAX_ROWS:
                break
    return rows


def read_indicator_csv(raw: bytes, member_codes: Iterable[str] = ()) -> CsvImport:
    if len(raw) > MAX_BYTES:
        return CsvImport("indicators", problems=[Problem("$", "csv.too_large", {"limit_mb": MAX_BYTES // 1_048_576})])
    text = _decode(raw)
    if text is None:
        return CsvImport("indicators", problems=[Problem("$", "csv.not_text", {})])
    first_line = text.split("\n", 1)[0]
    if max(first_line.count(";"), first_line.count(","), first_line.count("\t")) >= MAX_COLUMNS:
        return CsvImport("indicators", problems=[Problem("$", "csv.too_many_columns", {"limit": MAX_COLUMNS})])
    previous_limit = csv.field_size_limit(MAX_CELL)
    try:
        rows = _rows(text)
    except csv.Error:
        return CsvImport("indicators", problems=[Problem("$", "csv.cell_too_long", {"limit": MAX_CELL})])
    finally:
        csv.field_size_limit(previous_limit)
    if len(rows) < 2:
        return CsvImport("indicators", problems=[Problem("$", "csv.empty", {})])
    if len(rows) > MAX_ROWS:
        return CsvImport("indicators", problems=[Problem("$", "csv.too_many_rows", {"limit": MAX_ROWS})])
    if len(rows[0][1]) > MAX_COLUMNS:
        return CsvImport("indicators", problems=[Problem("$", "csv.too_many_columns", {"limit": MAX_COLUMNS})])
    header = [_key(h) for h in rows[0][1]]
    if any(h in COMMUNE_CODE for h in header) and not any(h in COLUMNS["name"][1:] for h in header):
        return _per_commune(header, rows, set(member_codes))
    return _per_indicator(header, rows)


def _per_indicator(header: list[str], rows: list[tuple[int, list[str]]]) -> CsvImport:
    where = {field_: next((i for i, h in enumerate(header) if h in names), None) for field_, names in COLUMNS.items()}
    if where["name"] is None:
        return CsvImport("indicators", problems=[Problem("$", "csv.no_name_column", {"columns": ", ".join(header)})])
    result = CsvImport("indicators")
    first_line: dict[str, int] = {}
    for line, row in rows[1:]:

        def cell(field_: str, row: list[str] = row) -> str:
            i = where[field_]
            return row[i].strip() if i is not None and i < len(row) else ""

        name = cell("name")
        if not name:
            result.rejected.append(RejectedRow(line, "csv.missing_name"))
            continue
        if fold(name) in first_line:  # which of the two rows is right is unknown: the first stays
            result.rejected.append(RejectedRow(line, "csv.duplicate_name", {"first": first_line[fold(name)]}))
            continue
        first_line[fold(name)] = line
        record: dict[str, Any] = {
            "name": name[:300],
            "theme": cell("theme")[:300],
            "unit": cell("unit")[:300],
            "source": cell("source")[:300],
            "reference_label": cell("reference_label")[:300],
        }
        try:
            record["value"] = parse_number(cell("value"))
            record["reference_value"] = parse_number(cell("reference_value"))
            year = parse_number(cell("year"))
        except ValueError as exc:
            result.rejected.append(RejectedRow(line, "csv.not_a_number", {"text": str(exc).split(": ")[-1][:40]}))
            continue
        if year is not None and not (1900 <= year <= 2200 and year.is_integer()):
            result.rejected.append(RejectedRow(line, "csv.bad_year", {"text": cell("year")}))
            continue
        record["year"] = int(year) if year is not None else None
        result.indicators.append(record)
    return result


def _per_commune(header: list[str], rows: list[tuple[int, list[str]]], members: set[str]) -> CsvImport:
    code_at = next(i for i, h in enumerate(header) if h in COMMUNE_CODE)
    names = rows[0][1]
    value_columns = [(i, names[i].strip()) for i, h in enumerate(header) if i != code_at and h not in COMMUNE_NAME]
    result = CsvImport("communes")
    if not value_columns:
        result.problems.append(Problem("$", "csv.no_value_column", {}))
        return result
    counts = Counter(fold(name) for _, name in value_columns)
    twice = sorted({name for _, name in value_columns if counts[fold(name)] > 1})
    if twice:
        result.problems.append(Problem("$", "csv.duplicate_column", {"names": ", ".join(twice)[:200]}))
        return result
    values: dict[int, dict[str, float]] = {i: {} for i, _ in value_columns}
    first_line: dict[str, int] = {}
    for line, row in rows[1:]:
        code = row[code_at].strip().upper() if code_at < len(row) else ""
        if re.fullmatch(r"\d{4}", code):
            code = "0" + code  # a spreadsheet dropped the leading zero (Ain, Aisne…)
        if not re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
            result.rejected.append(RejectedRow(line, "csv.bad_commune_code", {"text": code[:20]}))
            continue
        if members and code not in members:
            result.rejected.append(RejectedRow(line, "csv.not_a_member", {"text": code}))
            continue
        if code in first_line:
            result.rejected.append(RejectedRow(line, "csv.duplicate_commune", {"first": first_line[code]}))
            continue
        first_line[code] = line
        try:
            parsed = {i: parse_number(row[i] if i < len(row) else "") for i, _ in value_columns}
        except ValueError as exc:
            result.rejected.append(RejectedRow(line, "csv.not_a_number", {"text": str(exc).split(": ")[-1][:40]}))
            continue
        for i, number in parsed.items():
            if number is not None:
                values[i][code] = number
    for i, name in value_columns:
        if values[i]:
            result.indicators.append({"name": name[:300], "per_commune": values[i]})
    return result


def merge_indicators(existing: list[ContextIndicator], imported: list[dict[str, Any]]) -> list[ContextIndicator]:
    """Imported indicators update those of the same name (values given replace), others are added."""
    out = list(existing)
    by_name = {fold(ind.name): i for i, ind in enumerate(out)}
    for record in imported:
        given = {k: v for k, v in record.items() if v not in (None, "")}
        i = by_name.get(fold(record["name"]))
        if i is not None:
            current = out[i].model_dump()
            given.pop("name")  # keep the spelling the strategy already uses
            if "per_commune" in given:
                given["per_commune"] = {**current["per_commune"], **given["per_commune"]}
            out[i] = ContextIndicator.model_validate({**current, **given})
        else:
            new = ContextIndicator.model_validate({"id": next_id("indicator", [x.id for x in out]), **given})
            by_name[fold(new.name)] = len(out)
            out.append(new)
    return out
