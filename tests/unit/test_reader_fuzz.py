"""Hypothesis over the readers of uploaded files (CSV, XLSX, GeoJSON): whatever the bytes, a
reader returns its result or its problems; no exception escapes, and each case ends within
the deadline (5 s)."""

from __future__ import annotations

import io
import json
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.geo import Member, read_boundaries
from domain.indicator_csv import read_indicator_csv
from reports.xlsx import SHEETS, export_xlsx, import_xlsx, sheet_title

FUZZ = settings(max_examples=80, deadline=5_000, suppress_health_check=list(HealthCheck))
cells = st.text(max_size=20) | st.sampled_from(["nan", "inf", "1e400", "-0", "1 234,5", "=1+1", "35115", "2A004"])
numbers = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-(10**30), 10**30)
json_values = st.recursive(
    st.none() | st.booleans() | numbers | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=30,
)


@FUZZ
@given(raw=st.binary(max_size=3000))
def test_csv_reader_takes_any_bytes(raw):
    result = read_indicator_csv(raw, ["35115"])
    assert result.problems or result.indicators or result.rejected or result.layout


@FUZZ
@given(
    header=st.lists(cells | st.sampled_from(["nom", "valeur", "code", "annee", "unite"]), min_size=1, max_size=8),
    rows=st.lists(st.lists(cells, max_size=8), max_size=12),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]),
)
def test_csv_reader_takes_any_table(header, rows, delimiter, encoding):
    text = "\n".join(delimiter.join(row) for row in [header, *rows])
    read_indicator_csv(text.encode(encoding, errors="replace"), ["35115", "35150"])


@FUZZ
@given(value=json_values)
def test_geojson_reader_takes_any_json(value):
    read_boundaries(json.dumps(value).encode(), [Member("35115", "Fougères")])


positions = st.lists(numbers | st.text(max_size=3), min_size=0, max_size=4)


@FUZZ
@given(
    rings=st.lists(st.lists(positions, max_size=8), max_size=3),
    kind=st.sampled_from(["Polygon", "MultiPolygon", "Point", None]),
    properties=json_values,
)
def test_geojson_reader_takes_any_geometry(rings, kind, properties):
    coordinates = [rings] if kind == "MultiPolygon" else rings
    feature = {"type": "Feature", "properties": properties, "geometry": {"type": kind, "coordinates": coordinates}}
    raw = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    read_boundaries(raw, [])


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_xlsx_reader_takes_any_bytes(sample, raw):
    assert import_xlsx(sample, raw).problems


@FUZZ
@given(
    members=st.dictionaries(
        st.sampled_from(
            [
                "[Content_Types].xml",
                "xl/workbook.xml",
                "xl/sharedStrings.xml",
                "xl/worksheets/sheet1.xml",
                "xl/_rels/workbook.xml.rels",
            ]
        ),
        st.binary(max_size=300),
        max_size=5,
    )
)
def test_xlsx_reader_takes_any_archive(sample, members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    assert import_xlsx(sample, out.getvalue()).problems


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(list(SHEETS)), st.integers(1, 6), st.integers(1, 16), cells | numbers | st.none()),
        max_size=8,
    )
)
def test_xlsx_reader_takes_any_cell(sample, edits):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = load_workbook(io.BytesIO(export_xlsx(sample)))
    for sheet, row, column, value in edits:
        try:
            wb[sheet_title(sheet, "fr")].cell(row=row, column=column).value = value
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some values itself
            continue
    out = io.BytesIO()
    wb.save(out)
    result = import_xlsx(sample, out.getvalue())
    assert result.strategy is not None or result.rejected or result.problems
