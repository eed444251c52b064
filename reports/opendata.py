"""The open-data package: indicators, measurements and actions as CSV (UTF-8, comma, ISO dates)
with a `datapackage.json` describing them with Table Schemas (frictionless specification).

Only indicators marked "open data" are published, with their measurements; actions are
published without their people (owner names stay internal, the owning service is public).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from domain.costs import cost, funded
from domain.model import Strategy
from domain.text_rules import spreadsheet_safe

INDICATOR_FIELDS = [
    ("id", "string"),
    ("name", "string"),
    ("unit", "string"),
    ("level", "string"),
    ("axis_id", "string"),
    ("action_id", "string"),
    ("direction", "string"),
    ("baseline_value", "number"),
    ("baseline_date", "date"),
    ("target_value", "number"),
    ("target_date", "date"),
    ("frequency", "string"),
    ("source", "string"),
]
MEASUREMENT_FIELDS = [("indicator_id", "string"), ("date", "date"), ("value", "number"), ("comment", "string")]
ACTION_FIELDS = [
    ("id", "string"),
    ("code", "string"),
    ("title", "string"),
    ("axis", "string"),
    ("status", "string"),
    ("priority", "string"),
    ("start", "date"),
    ("end", "date"),
    ("progress", "integer"),
    ("owner_service", "string"),
    ("total_cost", "number"),
    ("total_funding", "number"),
]
PUBLIC_ACTION_FIELDS = {"id", "code", "title", "status", "priority", "start", "end", "progress", "owner_service"}
DESCRIPTIONS = {
    "indicators": "Monitoring indicators of the strategy, with baseline and target",
    "measurements": "Dated measurements of the monitoring indicators",
    "actions": "Actions of the operational plan, with status, dates and amounts (EUR excluding VAT)",
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(spreadsheet_safe(value))


def _csv(fields: list[tuple[str, str]], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _ in fields])
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name, _ in fields])
    return out.getvalue()


def tables(s: Strategy) -> dict[str, str]:
    """File name -> CSV text."""
    published = [i for i in s.indicators if i.open_data]
    axes = {ax.id: ax.title for ax in s.axes}
    indicators = [i.model_dump() for i in published]
    measurements = [
        {"indicator_id": i.id, "date": m.date, "value": m.value, "comment": m.comment}
        for i in published
        for m in sorted(i.measurements, key=lambda m: m.date)
    ]
    actions = [
        {
            **a.model_dump(
                include={"id", "code", "title", "status", "priority", "start", "end", "progress", "owner_service"}
            ),
            "axis": axes.get(a.axis_id, ""),
            "total_cost": cost(a).total,
            "total_funding": funded(a),
        }
        for a in s.actions
    ]
    return {
        "indicators.csv": _csv(INDICATOR_FIELDS, indicators),
        "measurements.csv": _csv(MEASUREMENT_FIELDS, measurements),
        "actions.csv": _csv(ACTION_FIELDS, actions),
    }


def _schema(fields: list[tuple[str, str]], primary: str | None) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [{"name": n, "type": t} for n, t in fields]}
    if primary:
        schema["primaryKey"] = [primary]
    return schema


def datapackage(s: Strategy) -> dict[str, Any]:
    measurements_schema = _schema(MEASUREMENT_FIELDS, None)
    measurements_schema["foreignKeys"] = [
        {"fields": ["indicator_id"], "reference": {"resource": "indicators", "fields": ["id"]}}
    ]
    resources = [
        ("indicators", _schema(INDICATOR_FIELDS, "id")),
        ("measurements", measurements_schema),
        ("actions", _schema(ACTION_FIELDS, "id")),
    ]
    return {
        "name": f"strategy-{s.id}".lower(),
        "title": s.title,
        "licenses": [
            {
                "name": "etalab-2.0",
                "title": "Licence Ouverte / Open Licence 2.0",
                "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence",
            }
        ],
        "resources": [
            {
                "name": name,
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": DESCRIPTIONS[name],
                "schema": schema,
            }
            for name, schema in resources
        ],
    }


def package_files(s: Strategy) -> dict[str, str]:
    return {**tables(s), "datapackage.json": json.dumps(datapackage(s), ensure_ascii=False, indent=2) + "\n"}


def package_zip(s: Strategy) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in package_files(s).items():
            archive.writestr(name, text)
    return buffer.getvalue()
