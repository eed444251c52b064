"""Hostile inputs, generated here (no binary is committed): each case of the adversarial review
ends in a message naming what and where, and changes nothing; no stored document fails to load."""

from __future__ import annotations

import io
import json
import math
import random
import time
import tracemalloc
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import update

from domain.document import read_document, write_document
from domain.geo import MAX_INPUT_FEATURES, MAX_INPUT_POSITIONS, MAX_RINGS_PER_FEATURE, Member, read_boundaries
from domain.geo_repair import repair
from domain.indicator_csv import MAX_COLUMNS, parse_number, read_indicator_csv
from domain.model import Strategy, Territory
from domain.storage import Store, UnreadableError
from domain.storage.store import revisions
from reports.opendata import tables
from reports.pdf import strategy_pdf
from reports.xlsx import MAX_CELLS_IN_ROW, MAX_PART, export_xlsx, import_xlsx, sheet_title

NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e400", "9" * 5000]


def _doc(sample: Strategy, **territory: object) -> bytes:
    data = json.loads(write_document(sample))
    data["territory"].update(territory)
    return json.dumps(data).encode()


# --- numbers: finite and bounded at every entry ------------------------------------------


@pytest.mark.parametrize("literal", NON_FINITE)
def test_a_json_document_with_a_non_finite_number_is_refused_with_its_path(sample, literal):
    raw = write_document(sample).replace('"value": 78.0', f'"value": {literal}', 1).encode()
    assert raw != write_document(sample).encode()
    result = read_document(raw)
    assert not result.ok and result.strategy is None
    assert [p.path for p in result.problems] == ["assessment.indicators[0].value"]
    assert result.problems[0].code == "schema.finite_number"


@pytest.mark.parametrize("literal", NON_FINITE)
def test_a_huge_or_non_finite_integer_is_refused(sample, literal):
    result = read_document(_doc(sample).replace(b'"population": 56226', f'"population": {literal}'.encode(), 1))
    assert not result.ok and result.problems[0].path.startswith("territory.")


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-Infinity", "1e400", "1e16"])
def test_csv_figures_must_be_finite_and_bounded(text):
    with pytest.raises(ValueError):
        parse_number(text)
    result = read_indicator_csv(f"nom;valeur\nChômage;{text}\nEmploi;12,5\n".encode())
    assert [r.line for r in result.rejected] == [2] and result.rejected[0].code == "csv.not_a_number"
    assert [i["value"] for i in result.indicators] == [12.5]


def test_an_xlsx_measurement_that_is_not_finite_is_rejected_with_its_row(sample):
    book = _xlsx_with_measurement(export_xlsx(sample), "1e400")
    result = import_xlsx(sample, book)
    assert not result.ok and result.strategy is None
    assert {(r.sheet, r.problem.code) for r in result.rejected} == {("measurements", "schema.finite_number")}


def _xlsx_with_measurement(book: bytes, literal: str) -> bytes:
    """The workbook with the first measurement's value written as `literal` in the sheet XML."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(book))
    ws = wb[sheet_title("measurements", "fr")]
    ws.cell(row=2, column=3).value = 123456.789
    out = io.BytesIO()
    wb.save(out)
    src = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    dst_bytes = io.BytesIO()
    with zipfile.ZipFile(dst_bytes, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            data = data.replace(b"<v>123456.789</v>", f"<v>{literal}</v>".encode())
            dst.writestr(info, data)
    return dst_bytes.getvalue()


# --- the store: what validates loads; what would not load is refused or reported ----------


@pytest.mark.parametrize("from_loaded", [False, True])
def test_a_document_that_would_not_load_back_is_never_stored(store: Store, sample, from_loaded):
    doc = store.create(sample)
    broken = doc.model_copy(
        update={"territory": doc.territory.model_copy(update={"area_km2": math.nan})}
    )  # a copy skips validation, as a screen's edit does
    with pytest.raises(UnreadableError) as refused:
        store.save(broken, base_revision=doc.revision, copied_from=doc if from_loaded else None)
    assert refused.value.problems[0].path == "territory.area_km2"
    assert store.latest_revision(doc.id) == doc.revision
    assert store.load(doc.id) == doc


def test_a_stored_revision_that_no_longer_loads_is_reported_and_the_last_good_one_restored(store: Store, sample):
    first = store.create(sample)
    second = store.save(first.model_copy(update={"title": "Renommée"}), base_revision=1)
    with store.engine.begin() as conn:  # as an earlier version stored NaN: as null
        text = json.loads(write_document(second))
        text["assessment"]["indicators"][0]["per_commune"] = {"35115": None}
        conn.execute(
            update(revisions)
            .where(revisions.c.strategy_id == first.id, revisions.c.revision == 2)
            .values(document=json.dumps(text))
        )
    store = Store(store.url)  # the app started again, after the upgrade: it knows no revision yet
    with pytest.raises(UnreadableError) as unreadable:
        store.load(first.id)
    assert unreadable.value.problems[0].path.startswith("assessment.indicators[0].per_commune")
    assert [r.revision for r in store.revisions(first.id)] == [2, 1]  # the history still opens
    assert store.last_readable(first.id) == 1
    restored = store.restore(first.id, 1, base_revision=2)
    assert restored.revision == 3 and store.load(first.id).title == sample.title


@pytest.mark.parametrize("strategy_id", ["\x00", "%00", "![x](http://h/p.png)", "a" * 500])
def test_an_id_that_cannot_be_one_is_not_found_without_a_query(store: Store, strategy_id):
    from domain.storage import NotFoundError

    with pytest.raises(NotFoundError):
        store.load(strategy_id)


# --- text: control characters dropped, text stays text in every output -------------------


def test_an_edit_is_validated_and_cleaned_when_only_its_part_is_checked(store: Store, sample):
    doc = store.create(sample)
    renamed = doc.model_copy(update={"title": "Nouveau\x01 titre\x00", "axes": [*doc.axes[:1]]})
    saved = store.save(renamed, base_revision=doc.revision, copied_from=doc)
    assert saved.title == "Nouveau titre" and store.load(doc.id) == saved
    empty = saved.model_copy(update={"title": "\x01"})  # nothing left once cleaned
    with pytest.raises(UnreadableError) as refused:
        store.save(empty, base_revision=saved.revision, copied_from=saved)
    assert [p.path for p in refused.value.problems] == ["title"]


def test_control_characters_are_dropped_from_every_text(sample):
    raw = _doc(sample, name="Fou\u0000g\u0001\u001fères\nAgglo\ud800")
    data = json.loads(raw)
    data["actions"][0]["title"] = "Tiers\u0007-lieu\u0000"
    data["actions"][0]["description"] = "Ligne 1\r\nLigne 2\u0000"
    result = read_document(json.dumps(data).encode())
    assert result.ok, result.problems
    doc = result.strategy
    assert doc.territory.name == "Fougères Agglo"
    assert doc.actions[0].title == "Tiers-lieu"
    assert doc.actions[0].description == "Ligne 1\nLigne 2"


MARKUP = '<img src="/dev/zero" width="9" height="9"/> <a href="http://evil.example/">lien</a> <b broken'


def test_markup_in_titles_is_text_in_the_pdf_contents_and_control_characters_never_reach_the_charts(sample):
    # model_construct: a document built by code, bypassing the model's cleaning, so the chart
    # renderer's own guard is what is tested (it aborted the whole process on \x01).
    first = sample.actions[0].model_copy(update={"title": "Chaos\x01\x1f " + MARKUP})
    axis = sample.axes[0].model_copy(update={"title": MARKUP})
    doc = sample.model_copy(update={"actions": [first, *sample.actions[1:]], "axes": [axis, *sample.axes[1:]]})
    data = strategy_pdf(doc, "fr")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    contents = reader.pages[1].extract_text()
    assert '<img src="/dev/zero"' in contents  # the axis title, as typed, in the contents
    assert '<img src="/dev/zero"' in text and "<b broken" in text
    links = [a for page in reader.pages for a in (page.get("/Annots") or []) if "evil" in str(a.get_object())]
    assert links == []


def test_open_data_cells_that_would_start_a_formula_are_neutralised(sample):
    first = sample.actions[0].model_copy(update={"title": '=HYPERLINK("http://evil")', "code": "+1"})
    csv_text = tables(sample.model_copy(update={"actions": [first, *sample.actions[1:]]}))["actions.csv"]
    assert "'=HYPERLINK" in csv_text and ",'+1," in csv_text


def test_the_boundary_is_a_typed_geojson():
    for bad in ({"features": [1, 2]}, {"type": "FeatureCollection", "features": [{"type": "Feature"}]}):
        with pytest.raises(ValueError):
            Territory.model_validate({"boundary": bad})


# --- GeoJSON: bounded before the expensive step ------------------------------------------


def _star(n: int, x: float = 2.0, y: float = 48.0) -> dict:
    """A ring whose every edge crosses many others (a star polygon): make_valid's worst case."""
    step = 2 * math.pi * (n // 2 - 1) / n
    ring = [[x + 0.1 * math.cos(k * step), y + 0.1 * math.sin(k * step)] for k in range(n)]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def _fc(*geometries: dict, **props: object) -> bytes:
    features = [{"type": "Feature", "properties": {"code": "75056", **props}, "geometry": g} for g in geometries]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def test_a_self_intersecting_contour_is_repaired_within_its_budget_or_refused():
    started = time.monotonic()
    result = read_boundaries(_fc(_star(2001)), [], territory_code="75056")
    assert time.monotonic() - started < 30  # it took minutes before the budget
    assert result.collection is not None or [p.code for p in result.problems] == ["geo.repair_too_long"]


def test_repair_that_runs_out_of_time_returns_nothing():
    from shapely.geometry import shape

    assert repair([shape(_star(3001))], seconds=0.05) is None


@pytest.mark.parametrize(
    ("geometry", "code"),
    [
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, "x"], [1, 1], [0, 0]]]}, "geo.bad_coordinates"),
        ({"type": "Polygon", "coordinates": []}, "geo.bad_coordinates"),
        ({"type": "Polygon", "coordinates": [[]]}, "geo.bad_coordinates"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]], 5]}, "geo.bad_coordinates"),
        ({"type": "MultiPolygon", "coordinates": [[[[0, 0], [True, 0], [1, 1], [0, 0]]]]}, "geo.bad_coordinates"),
        ({"type": "Point", "coordinates": [0, 0]}, "geo.wrong_geometry"),
    ],
)
def test_malformed_coordinates_are_named(geometry, code):
    result = read_boundaries(_fc(geometry), [])
    assert result.collection is None and [p.code for p in result.problems] == [code]


def test_nan_coordinates_and_properties_that_are_not_an_object():
    square = [[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]
    raw = _fc({"type": "Polygon", "coordinates": [square]}).replace(b"2.1, 48.1", b"NaN, 48.1")
    assert [p.code for p in read_boundaries(raw, []).problems] == ["geo.bad_coordinates"]
    listed = json.loads(_fc({"type": "Polygon", "coordinates": [square]}))
    listed["features"][0]["properties"] = ["code", "75056"]
    assert read_boundaries(json.dumps(listed).encode(), [], territory_code="75056").collection is not None


def test_a_commune_given_many_times_is_kept_once_and_reported():
    square = {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.1, 48.0], [2.1, 48.1], [2.0, 48.0]]]}
    raw = _fc(*[square] * 2000)
    result = read_boundaries(raw, [Member("75056", "Paris")])
    assert result.matched == 1 and len(result.collection["features"]) == 1
    assert len(result.duplicates) == 1999 and set(result.duplicates) == {"Paris"}


def test_too_many_features_or_positions_are_refused_before_any_geometry_is_built():
    tiny = {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.0001, 48.0], [2.0001, 48.0001], [2.0, 48.0]]]}
    features = json.dumps(tiny)
    raw = (
        '{"type":"FeatureCollection","features":['
        + ",".join(['{"type":"Feature","properties":{},"geometry":' + features + "}"] * (MAX_INPUT_FEATURES + 1))
        + "]}"
    ).encode()
    started = time.monotonic()
    assert [p.code for p in read_boundaries(raw, []).problems] == ["geo.too_many_features"]
    assert time.monotonic() - started < 5
    ring = [[2 + k * 1e-6, 48.0] for k in range(MAX_INPUT_POSITIONS + 1)]
    heavy = _fc({"type": "Polygon", "coordinates": [[*ring, [2.0, 48.1], ring[0]]]})
    assert [p.code for p in read_boundaries(heavy, []).problems] == ["geo.too_complex"]


def test_a_polygon_with_thousands_of_holes_or_a_huge_integer_coordinate_is_refused_at_once():
    outer = [[2.0, 48.0], [3.0, 48.0], [3.0, 49.0], [2.0, 49.0], [2.0, 48.0]]
    hole = [[2.5, 48.5], [2.5001, 48.5], [2.5001, 48.5001], [2.5, 48.5]]
    started = time.monotonic()
    holes = _fc({"type": "Polygon", "coordinates": [outer] + [hole] * MAX_RINGS_PER_FEATURE})
    assert [p.code for p in read_boundaries(holes, []).problems] == ["geo.too_complex"]
    assert time.monotonic() - started < 5
    huge = _fc({"type": "Polygon", "coordinates": [outer]}).replace(b"3.0, 48.0", b"3" + b"0" * 400 + b", 48.0", 1)
    assert [p.code for p in read_boundaries(huge, []).problems] == ["geo.bad_coordinates"]


def test_deeply_nested_geojson_is_refused():
    raw = b'{"type":"FeatureCollection","features":' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert [p.code for p in read_boundaries(raw, []).problems] == ["geo.not_geojson"]


# --- XLSX: the zip directory bounds the work ---------------------------------------------


def _bomb(base: bytes, member: str, size: int) -> bytes:
    """`base` with `member` replaced by `size` bytes of one repeated string: it compresses
    about a thousand times, as a zip bomb does."""
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
        with dst.open(member, "w") as bomb:
            chunk = b"<si><t>aaaaaaaaaaaaaaaa</t></si>" * 32_768
            for _ in range(size // len(chunk) + 1):
                bomb.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize("member", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_an_xlsx_that_expands_too_much_is_refused_unread(sample, member):
    book = _bomb(export_xlsx(sample), member, MAX_PART + 1)
    assert len(book) < 1_000_000
    tracemalloc.start()
    started = time.monotonic()
    result = import_xlsx(sample, book)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [p.code for p in result.problems] == ["xlsx.expands_too_much"]
    assert time.monotonic() - started < 5 and peak < 50 * 1024 * 1024


def test_a_row_too_wide_is_refused_before_openpyxl_builds_it(sample):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export_xlsx(sample)))
    for column in range(1, MAX_CELLS_IN_ROW + 10):
        wb[sheet_title("actions", "fr")].cell(row=3, column=column).value = 1
    out = io.BytesIO()
    wb.save(out)
    assert [p.code for p in import_xlsx(sample, out.getvalue()).problems] == ["xlsx.too_many_cells"]


@pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"PK\x03\x04junk", b"not a zip"])
def test_a_file_that_is_not_a_workbook_is_named(sample, raw):
    assert [p.code for p in import_xlsx(sample, raw).problems] == ["xlsx.not_xlsx"]


# --- CSV ---------------------------------------------------------------------------------


def test_binary_files_are_not_read_as_csv():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(random.Random(1).randrange(256) for _ in range(4000))
    assert [p.code for p in read_indicator_csv(png).problems] == ["csv.not_text"]


def test_utf16_csv_from_excel_is_read():
    raw = "nom\tvaleur\nChômage\t7,5\n".encode("utf-16")
    result = read_indicator_csv(raw)
    assert [(i["name"], i["value"]) for i in result.indicators] == [("Chômage", 7.5)]


def test_a_cell_over_the_limit_and_too_many_columns_are_named():
    long_cell = read_indicator_csv(b'nom;valeur\n"' + b"x" * 200_000 + b'";1\n')
    assert [p.code for p in long_cell.problems] == ["csv.cell_too_long"]
    started = time.monotonic()
    wide = ";".join(f"c{n}" for n in range(8000))
    many = read_indicator_csv(("code;" + wide + "\n" + "35115;" + ";".join("1" for _ in range(8000)) + "\n").encode())
    assert [p.code for p in many.problems] == ["csv.too_many_columns"] and MAX_COLUMNS < 8000
    assert time.monotonic() - started < 5


def test_duplicates_in_a_csv_are_said_not_silently_overwritten():
    rows = read_indicator_csv("nom;valeur\nChômage;7\nEmploi;3\nchomage;8\n".encode())
    assert [(r.line, r.code, r.params) for r in rows.rejected] == [(4, "csv.duplicate_name", {"first": 2})]
    communes = read_indicator_csv(b"code;revenu;revenu\n35115;1;2\n")
    assert [p.code for p in communes.problems] == ["csv.duplicate_column"]
    again = read_indicator_csv(b"code;revenu\n35115;1\n\n35115;2\n")
    assert [(r.line, r.code) for r in again.rejected] == [(4, "csv.duplicate_commune")]


# --- JSON --------------------------------------------------------------------------------


def test_deep_nesting_and_duplicate_keys_are_named(sample):
    assert [p.code for p in read_document(b"[" * 200_000 + b"]" * 200_000).problems] == ["file.too_deep"]
    twice = b'{"schema_version": 2, "id": "a", "title": "A", "title": "B"}'
    assert [(p.code, p.params) for p in read_document(twice).problems] == [("file.duplicate_key", {"name": "title"})]


def test_a_formula_without_a_computed_value_is_named_not_read_as_empty(sample):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(export_xlsx(sample)))
    wb[sheet_title("measurements", "fr")].cell(row=2, column=3).value = "=1+1"  # openpyxl stores no computed value
    out = io.BytesIO()
    wb.save(out)
    result = import_xlsx(sample, out.getvalue())
    assert [(p.code, p.params) for p in result.problems] == [
        ("xlsx.formula_without_value", {"sheet": "Mesures", "row": 2})
    ]


def test_texts_longer_than_a_page_in_table_cells_still_make_a_report(sample):
    summary = sample.assessment.consultations[0].model_copy(update={"summary": "Longue synthèse. " * 1100})
    unit = sample.indicators[0].model_copy(update={"unit": "u" * 290})
    outcome = sample.consultation_moments[0].model_copy(update={"outcomes": "Résultat détaillé. " * 900})
    doc = sample.model_copy(
        update={
            "assessment": sample.assessment.model_copy(
                update={"consultations": [summary, *sample.assessment.consultations[1:]]}
            ),
            "indicators": [unit, *sample.indicators[1:]],
            "consultation_moments": [outcome],
        }
    )
    assert "Longue synthèse" in "".join(p.extract_text() for p in PdfReader(io.BytesIO(strategy_pdf(doc, "fr"))).pages)


def test_a_chart_never_receives_an_infinite_number():
    from domain.text_rules import finite_json

    assert finite_json({"data": [{"index": float("inf")}, {"index": float("nan")}, {"index": 1.5}]}) == {
        "data": [{"index": None}, {"index": None}, {"index": 1.5}]
    }


def test_dates_outside_1900_2200_are_refused(sample):
    data = json.loads(write_document(sample))
    data["actions"][0]["milestones"][0]["date"] = "9999-12-31"
    result = read_document(json.dumps(data).encode())
    assert [p.path for p in result.problems] == ["actions[0].milestones[0].date"]


def test_file_names_are_cut_between_words():
    from components.text import slug

    assert slug("Stratégie d'innovation territoriale 2026-2031 (exemple illustratif)") == (
        "strategie-d-innovation-territoriale-2026-2031"  # not "...-2031-exemple-illu"
    )
    assert len(slug("a" * 80)) == 50 and slug("???") == "strategie"
