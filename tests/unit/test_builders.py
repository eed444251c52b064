"""Pure chart and map builders, tested without a browser."""

from __future__ import annotations

import json

from components.charts import Comparison, ComparisonLabels, build_indicator_comparison, build_maturity_chart
from components.maps import LEAFLET_ASSETS, NO_DATA, PALETTE, Marker, build_territory_map, class_breaks, colour_for
from domain.geo import Member, read_boundaries

LABELS = ComparisonLabels("Indice", "Indicateur", "Valeur", "Unité", "Référence", "Libellé")


def boundary():
    def square(x):
        return {"type": "Polygon", "coordinates": [[[x, 48], [x + 0.1, 48], [x + 0.1, 48.1], [x, 48.1], [x, 48]]]}

    raw = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": square(-1.2), "properties": {"code": "35115", "nom": "Fougères"}},
                {"type": "Feature", "geometry": square(-1.1), "properties": {"code": "35150", "nom": "Lécousse"}},
            ],
        }
    ).encode()
    return read_boundaries(
        raw, [Member("35115", "Fougères"), Member("35150", "Lécousse")], territory_code="200072452"
    ).collection


def test_quantile_classes_and_colours():
    assert class_breaks([5, 1, 3, 2, 4, 6]) == [1, 2, 3, 4, 5, 6]
    assert class_breaks([]) == []
    assert colour_for(None, [1, 2]) == NO_DATA
    assert colour_for(1, [1, 2]) == PALETTE[0] and colour_for(2, [1, 2]) == PALETTE[-1]


def test_map_draws_communes_outline_and_escaped_markers():
    fmap = build_territory_map(
        boundary(),
        values={"35115": 20307.0},
        value_label="Population <b>",
        markers=[Marker(48.35, -1.2, "<script>alert('x')</script>", detail="A & B")],
        no_data_label="Pas de donnée",
    )
    html = fmap.get_root().render()
    assert "Foug\\u00e8res" in html and "L\\u00e9cousse" in html  # commune labels, JSON-encoded
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "A &amp; B" in html
    assert "Population &lt;b&gt;" in html  # legend title escaped
    assert f"{LEAFLET_ASSETS}/leaflet.js" in html and "cdn.jsdelivr.net/npm/leaflet" not in html
    assert '"level": "territory"' not in html  # the outline is drawn without its properties
    assert html.count('"fill": "') == 2  # one styled feature per commune


def test_map_without_boundary_still_builds():
    html = build_territory_map(None).get_root().render()
    assert "L.map" in html


def test_indicator_comparison_is_an_index_with_a_reference_rule():
    chart = build_indicator_comparison(
        [Comparison("Fibre", 78, 86, "%", "Département"), Comparison("Sans référence", 1, 0, "", "")], LABELS
    )
    spec = chart.to_dict()
    bars, rule = spec["layer"]
    values = bars["data"]["values"]
    assert [(v["indicator"], v["index"]) for v in values] == [("Fibre", 90.7)]
    assert bars["encoding"]["x"]["field"] == "index" and bars["encoding"]["x"]["title"] == "Indice"
    assert rule["mark"]["type"] == "rule" and rule["data"]["values"] == [{"x": 100}]


def test_maturity_chart_keeps_the_whole_scale():
    spec = build_maturity_chart([("Données", 1), ("Énergie", 3)], theme_title="Thème", score_title="Note").to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 5]
    assert [v["theme"] for v in spec["data"]["values"]] == ["Données", "Énergie"]
