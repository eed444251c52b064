"""Pure chart and map builders, tested without a browser."""

from __future__ import annotations

import json

from components.assets import LEAFLET_ASSETS
from components.charts import Comparison, ComparisonLabels, build_indicator_comparison, build_maturity_chart
from components.map_style import MARKER_COLOURS, NO_DATA, PALETTE, Marker, class_breaks, colour_for
from components.maps import build_territory_map
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
    assert "$(" not in html  # no jQuery in the page: a script using it stops the whole map
    assert "Population &lt;b&gt;" in html  # legend title escaped
    assert f"{LEAFLET_ASSETS}/leaflet.js" in html and "cdn.jsdelivr.net/npm/leaflet" not in html
    assert '"level": "territory"' not in html  # the outline is drawn without its properties
    assert html.count('"fill": "') == 2  # one styled feature per commune
    # The legend sits at the top right, clear of the attribution and the scale at the bottom.
    assert 'class="territory-legend" style="position:absolute;top:12px;right:12px' in html


def test_the_map_writes_the_communes_names_on_it():
    """On a projector nobody hovers: names are written on the communes, the largest first."""
    import re

    def written(fmap):
        icons = [json.loads(m) for m in re.findall(r'"html": ("(?:[^"\\]|\\.)*")', fmap.get_root().render())]
        return sorted(re.sub("<[^>]+>", "", i) for i in icons if 'class="commune-name"' in i)

    assert written(build_territory_map(boundary())) == ["Fougères", "Lécousse"]
    assert len(written(build_territory_map(boundary(), named=1))) == 1


def test_map_without_boundary_still_builds():
    html = build_territory_map(None).get_root().render()
    assert "L.map" in html


def test_indicator_comparison_is_an_index_with_a_reference_rule():
    chart = build_indicator_comparison(
        [Comparison("Fibre", 78, 86, "%", "Département"), Comparison("Sans référence", 1, 0, "", "")], LABELS
    )
    spec = chart.to_dict()
    bars, rule = spec["layer"]
    values = values_of(spec, bars)
    assert [(v["indicator"], v["index"]) for v in values] == [("Fibre", 90.7)]
    assert bars["encoding"]["x"]["field"] == "index" and bars["encoding"]["x"]["title"] == "Indice"
    assert mark_of(rule) == "rule" and values_of(spec, rule) == [{"x": 100}]


def test_maturity_chart_keeps_the_whole_scale():
    spec = build_maturity_chart([("Données", 1), ("Énergie", 3)], theme_title="Thème", score_title="Note").to_dict()
    assert spec["encoding"]["x"]["scale"]["domain"] == [0, 5]
    assert [v["theme"] for v in values_of(spec, spec)] == ["Données", "Énergie"]


def values_of(spec: dict, layer: dict) -> list:
    """The rows a layer draws, whether altair inlined them or moved them to `datasets`."""
    data = layer.get("data") or spec.get("data")
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def mark_of(layer: dict) -> str:
    mark = layer.get("mark")
    return mark["type"] if isinstance(mark, dict) else mark


def matrix_labels(**kw):
    from components.charts import MatrixLabels

    return MatrixLabels(
        feasibility="Faisabilité",
        impact="Impact",
        size="Personnes",
        issue="Enjeu",
        rank="Rang",
        scorers="Notants",
        selected="Prioritaire",
        not_selected="Autre",
        quadrants={
            "quick_wins": "Gains rapides",
            "major_projects": "Projets structurants",
            "fill_ins": "Appoint",
            "thankless": "À revoir",
        },
    )


def test_priority_matrix_encodings_quadrants_and_badges():
    from components.charts import MatrixPoint, build_priority_matrix

    points = [
        MatrixPoint("is-1", "Inclusion", 1, 4.5, 4, 5, 3.8, 3, 4.5, 9500, True, 3),
        MatrixPoint("is-2", "Énergie <b>", None, 2, 2, 2, 2.5, 2.5, 2.5, 0, False, 1),
    ]
    spec = build_priority_matrix(points, matrix_labels()).to_dict()
    layers = spec["layer"]
    background = layers[0]
    assert mark_of(background) == "rect"
    boxes = values_of(spec, background)
    assert {b["quadrant"] for b in boxes} == {"Gains rapides", "Projets structurants", "Appoint", "À revoir"}
    quick = next(b for b in boxes if b["quadrant"] == "Gains rapides")
    assert (quick["x"], quick["x2"], quick["y"], quick["y2"]) == (3, 5, 3, 5)
    bubbles = next(layer for layer in layers if mark_of(layer) == "circle")
    assert bubbles["encoding"]["x"]["field"] == "feasibility" and bubbles["encoding"]["y"]["field"] == "impact"
    assert bubbles["encoding"]["x"]["scale"]["domain"] == [1, 5]
    assert bubbles["encoding"]["size"]["field"] == "size"
    values = values_of(spec, bubbles)
    assert [(v["badge"], v["state"]) for v in values] == [("1", "Prioritaire"), ("", "Autre")]
    whiskers = [layer for layer in layers if mark_of(layer) == "rule"]
    assert {w["encoding"]["x"]["field"] for w in whiskers} == {"feasibility_low", "feasibility"}
    assert spec["config"]["axis"]["labelFontSize"] == 13
    assert build_priority_matrix(points, matrix_labels(), large=True).to_dict()["config"]["axis"]["labelFontSize"] == 18


def test_coverage_matrix_marks_uncovered_priority_issues():
    from components.charts import CoverageLabels, build_coverage_matrix

    labels = CoverageLabels("Enjeu", "Axe", "Oui", "Non", "Manquant")
    spec = build_coverage_matrix(
        [("A", True), ("B", True), ("C", False)], [("Axe 1", [0]), ("Axe 2", [])], labels
    ).to_dict()
    cells = {(c["issue"], c["axis"]): c["state"] for c in values_of(spec, spec)}
    assert cells == {
        ("★ A", "Axe 1"): "Oui",
        ("★ A", "Axe 2"): "Non",
        ("★ B", "Axe 1"): "Manquant",
        ("★ B", "Axe 2"): "Manquant",
        ("C", "Axe 1"): "Non",
        ("C", "Axe 2"): "Non",
    }
    assert spec["encoding"]["color"]["scale"]["domain"] == ["Oui", "Non", "Manquant"]


def test_timeline_rows_colours_late_and_today():
    from components.charts import TimelineBar, TimelineLabels, TimelineMilestone, axis_colours, build_timeline

    colours = axis_colours([("ax-1", None), ("ax-2", "#123456")])
    assert colours == {"ax-1": "#0072B2", "ax-2": "#123456"}
    bars = [
        TimelineBar("1.1 Médiation", "Axe 1", "2026-09-01", "2028-06-30", "À venir", False),
        TimelineBar("2.1 Énergie", "Axe 2", "2026-06-01", "2027-12-31", "En cours", True),
    ]
    marks = [
        TimelineMilestone("2.1 Énergie", "Choix du titulaire", "2026-10-15", True),
        TimelineMilestone("9.9 Absent", "X", "2026-01-01", False),
    ]
    labels = TimelineLabels("Action", "Axe", "Début", "Fin", "Statut", "En retard", "Jalon", "Aujourd'hui", "Date")
    spec = build_timeline(bars, marks, {"Axe 1": "#0072B2", "Axe 2": "#123456"}, "2026-11-26", labels).to_dict()
    bar_layer, milestone_layer, rule, _text = spec["layer"]
    assert mark_of(bar_layer) == "bar"
    assert bar_layer["encoding"]["x"]["field"] == "start" and bar_layer["encoding"]["x2"]["field"] == "end"
    assert bar_layer["encoding"]["y"]["sort"] == ["1.1 Médiation", "2.1 Énergie"]
    assert bar_layer["encoding"]["color"]["scale"] == {"domain": ["Axe 1", "Axe 2"], "range": ["#0072B2", "#123456"]}
    assert [r["status_shown"] for r in values_of(spec, bar_layer)] == ["À venir", "En cours — En retard"]
    assert [t["field"] for t in bar_layer["encoding"]["tooltip"]] == ["label", "axis", "start", "end", "status_shown"]
    assert [m["name"] for m in values_of(spec, milestone_layer)] == [
        "Choix du titulaire"
    ]  # a milestone of no shown bar is left out
    assert values_of(spec, rule) == [{"date": "2026-11-26", "text": "Aujourd'hui"}]
    assert spec["height"] == {"step": 32}  # room for a label wrapped on two lines


def test_budget_charts():
    from components.charts import BudgetLabels, build_costs_by_year, build_funding_by_source

    labels = BudgetLabels("Année", "Montant", "Axe", "Source", "Statut")
    costs = build_costs_by_year(
        [(2026, "Axe 1", 1000.0), (2026, "Axe 2", 500.0)], {"Axe 1": "#000", "Axe 2": "#111"}, labels
    ).to_dict()
    assert costs["encoding"]["y"]["aggregate"] == "sum" and costs["encoding"]["color"]["field"] == "axis"
    assert values_of(costs, costs)[0] == {"year": "2026", "axis": "Axe 1", "amount": 1000.0}
    funding = build_funding_by_source([("DSIL", "Demandé", 60000.0)], ["Envisagé", "Demandé"], labels).to_dict()
    assert funding["encoding"]["color"]["scale"]["domain"] == ["Envisagé", "Demandé"]
    assert funding["encoding"]["y"]["field"] == "source"


def test_stakeholder_matrix_zones_and_spread_points():
    from components.charts import StakeholderPoint, build_stakeholder_matrix

    zones = {
        "manage_closely": "Impliquer",
        "keep_satisfied": "Satisfaire",
        "keep_informed": "Informer",
        "monitor": "Suivre",
    }
    points = [
        StakeholderPoint("A", "Association", 5, 3),
        StakeholderPoint("B", "Association", 5, 3),
        StakeholderPoint("C", "PME", 1, 1),
    ]
    spec = build_stakeholder_matrix(
        points, zones, interest="Intérêt", influence="Influence", kind="Type", name="Nom"
    ).to_dict()
    background, _labels, dots = spec["layer"]
    assert {b["zone"] for b in values_of(spec, background)} == set(zones.values())
    placed = values_of(spec, dots)
    assert [(p["name"], p["interest"], p["influence"]) for p in placed] == [("A", 5, 3), ("B", 5, 3), ("C", 1, 1)]
    assert (placed[0]["x"], placed[0]["y"]) != (placed[1]["x"], placed[1]["y"])  # two in one cell stay distinct
    assert dots["encoding"]["x"]["scale"]["domain"] == [0.5, 5.5]


def test_business_plan_chart():
    from components.charts import PlanLabels, build_business_plan

    labels = PlanLabels(
        "Année",
        "Montant",
        "Poste",
        "Cumul",
        {"revenues": "Recettes", "operating_costs": "Charges", "investment": "Invest."},
    )
    spec = build_business_plan([(2027, 15000, 20000, 80000, -85000), (2028, 30000, 25000, 0, -80000)], labels).to_dict()
    bars, _zero, line = spec["layer"]
    assert [(b["measure"], b["amount"]) for b in values_of(spec, bars)][:3] == [
        ("Recettes", 15000),
        ("Charges", -20000),
        ("Invest.", -80000),
    ]
    assert values_of(spec, line) == [{"year": "2027", "cumulative": -85000}, {"year": "2028", "cumulative": -80000}]


def test_dashboard_charts():
    from components.charts import ProgressBar, build_budget_follow_up, build_progress_chart, build_status_by_axis

    spec = build_progress_chart(
        [ProgressBar("I", 2.0, "achieved", "Atteinte", "210", "200")],
        share_title="Chemin",
        name_title="Nom",
        status_title="Statut",
        latest_title="Dernière mesure",
        target_title="Cible",
    ).to_dict()
    bars, target = spec["layer"]
    assert values_of(spec, bars)[0]["shown"] == 1.5  # drawn clipped, the tooltip keeps the real share
    assert values_of(spec, target) == [{"x": 1.0}]
    status = build_status_by_axis(
        [("Axe 1", "En cours", 2)], ["À venir", "En cours"], axis_title="Axe", count_title="N", status_title="Statut"
    ).to_dict()
    assert status["encoding"]["x"]["aggregate"] == "sum"
    budget = build_budget_follow_up(
        [(2026, "Prévu", 10.0), (2026, "Engagé", 5.0)],
        ["Prévu", "Engagé", "Mandaté"],
        year_title="Année",
        amount_title="€",
    ).to_dict()
    assert budget["encoding"]["xOffset"]["field"] == "measure"


def test_progress_legend_names_every_status_in_the_language():
    from components.charts import ProgressBar, build_progress_chart

    names = {
        "achieved": "Atteinte",
        "on_track": "Dans la trajectoire",
        "behind": "En retard",
        "wrong_way": "À l'opposé",
        "not_started": "Action pas encore commencée",
        "pace_unknown": "Rythme inconnu",
    }

    def chart(large: bool) -> dict:
        bars = [ProgressBar("I", 0.5, "behind", "En retard", "1", "2")]
        titles = {"share_title": "s", "name_title": "n", "status_title": "st", "latest_title": "l", "target_title": "t"}
        return build_progress_chart(bars, **titles, status_labels=names, large=large).to_dict()

    spec = chart(large=False)
    assert spec["layer"][0]["encoding"]["color"]["scale"]["domain"] == list(names.values())
    # On a slide, in a room's text size, two columns: three ran off the slide's right edge.
    slide = chart(large=True)
    legends = [s["layer"][0]["encoding"]["color"]["legend"] for s in (spec, slide)]
    assert [legend["columns"] for legend in legends] == [3, 2]
    assert "labelExpr" not in legends[0] and "split(" in legends[1]["labelExpr"]  # long labels on two lines


def test_the_coverage_matrix_has_one_cell_per_issue_and_axis_and_wraps_long_titles():
    from components.charts import WRAP_LABEL, CoverageLabels, build_coverage_matrix

    issues = [("Rendre les services numériques accessibles à tous", True), ("Développer les mobilités douces", False)]
    axes = [("Un territoire numérique inclusif", [0]), ("Une agglomération sobre en énergie", [])]
    spec = build_coverage_matrix(
        issues, axes, CoverageLabels("Enjeu", "Axe", "Couvert", "Non couvert", "Manquant")
    ).to_dict()
    cells = spec["data"]["values"]
    assert len(cells) == len(issues) * len(axes)
    assert {(c["issue"], c["axis"], c["state"]) for c in cells} >= {
        ("★ Rendre les services numériques accessibles à tous", "Un territoire numérique inclusif", "Couvert"),
        ("Développer les mobilités douces", "Une agglomération sobre en énergie", "Non couvert"),
    }
    for channel in ("x", "y"):  # long titles wrap on several lines, never cut with "…"
        assert spec["encoding"][channel]["axis"]["labelExpr"] == WRAP_LABEL
        assert spec["encoding"][channel]["axis"]["labelLimit"] >= 1000
    assert spec["height"] == {"step": 44}  # one row per issue, whatever the width: not a flat strip


def test_bar_charts_show_every_label_whole():
    """Bar charts used to drop one label in two (indicators, maturity, funding by source) and cut
    legend entries ("Un territoire numérique i…")."""
    from components.charts import (
        WRAP_LABEL,
        BudgetLabels,
        build_costs_by_year,
        build_funding_by_source,
        build_maturity_chart,
    )

    labels = BudgetLabels("Année", "Montant", "Axe", "Source", "Statut")
    funding = build_funding_by_source(
        [(s, "Demandé", 10.0) for s in ("ADEME", "DSIL", "Fonds vert", "Région Bretagne", "Banque des Territoires")],
        ["Demandé"],
        labels,
    ).to_dict()
    maturity = build_maturity_chart(
        [("Inclusion numérique", 2), ("Données", 1), ("Énergie", 2)], theme_title="t", score_title="s"
    ).to_dict()
    for spec in (funding, maturity):
        axis = spec["encoding"]["y"]["axis"] if "encoding" in spec else spec["layer"][0]["encoding"]["y"]["axis"]
        assert axis["labelOverlap"] is False and axis["labelExpr"] == WRAP_LABEL
    costs = build_costs_by_year(
        [(2026, "Un territoire numérique inclusif", 10.0)], {"Un territoire numérique inclusif": "#000"}, labels
    ).to_dict()
    assert costs["encoding"]["color"]["legend"]["labelLimit"] >= 1000


def _walk(node, key=None):
    """Every (key, value) pair of a spec, at any depth."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield k, v
            yield from _walk(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from _walk(v, key)


LONG = "Déployer un réseau de conseillers numériques itinérants dans les 28 communes de l'agglomération"


def _every_builder(large: bool) -> dict[str, dict]:
    """Each chart builder, fed labels longer than any a page shows."""
    from components.charts import (
        BudgetLabels,
        CoverageLabels,
        MatrixPoint,
        ProgressBar,
        StakeholderPoint,
        TimelineBar,
        TimelineLabels,
        build_budget_follow_up,
        build_costs_by_year,
        build_coverage_matrix,
        build_funding_by_source,
        build_priority_matrix,
        build_progress_chart,
        build_stakeholder_matrix,
        build_status_by_axis,
        build_timeline,
    )

    budget = BudgetLabels("Année", "Montant", "Axe", "Source", "Statut")
    tl = TimelineLabels("Action", "Axe", "Début", "Fin", "Statut", "En retard", "Jalon", "Aujourd'hui", "Date")
    specs = {
        "timeline": build_timeline(
            [TimelineBar(f"1.1 {LONG}", LONG, "2026-09-01", "2028-06-30", "À venir", False)],
            [],
            {LONG: "#0072B2"},
            "2026-11-26",
            tl,
            large=large,
        ),
        "progress": build_progress_chart(
            [ProgressBar(LONG, 0.4, "on_track", "En bonne voie", "4", "10")],
            share_title="Chemin",
            name_title="Nom",
            status_title="Statut",
            latest_title="Dernière mesure",
            target_title="Cible",
            large=large,
        ),
        "matrix": build_priority_matrix(
            [MatrixPoint("is-1", LONG, 1, 4.5, 4, 5, 3.8, 3, 4.5, 9500, True, 3)], matrix_labels(), large=large
        ),
    }
    if not large:  # the charts a page only shows on a screen
        specs |= {
            "coverage": build_coverage_matrix(
                [(LONG, True)], [(LONG, [0])], CoverageLabels("Enjeu", "Axe", "Répond", "Non", "Manque")
            ),
            "costs": build_costs_by_year([(2026, LONG, 10.0)], {LONG: "#000"}, budget),
            "funding": build_funding_by_source([(LONG, "Demandé", 10.0)], ["Demandé"], budget),
            "stakeholders": build_stakeholder_matrix(
                [StakeholderPoint(LONG, LONG, 5, 3)],
                {"manage_closely": "I", "keep_satisfied": "S", "keep_informed": "In", "monitor": "Su"},
                interest="Intérêt",
                influence="Influence",
                kind="Type",
                name="Nom",
            ),
            "status": build_status_by_axis(
                [(LONG, "En cours", 2)], ["En cours"], axis_title="Axe", count_title="N", status_title="Statut"
            ),
            "budget": build_budget_follow_up([(2026, "Prévu", 10.0)], ["Prévu"], year_title="Année", amount_title="€"),
            "plan": build_business_plan_spec(),
        }
    return {name: chart.to_dict() if hasattr(chart, "to_dict") else chart for name, chart in specs.items()}


def build_business_plan_spec():
    from components.charts import PlanLabels, build_business_plan

    labels = PlanLabels(
        "Année", "€", "Poste", "Cumul", {"revenues": "Recettes", "operating_costs": "Charges", "investment": "Invest."}
    )
    return build_business_plan([(2026, 100.0, 50.0, 30.0, 20.0)], labels)


def test_no_chart_cuts_a_label():
    """A cut label ends in "…": every label limit a builder sets is wide enough for any title
    (long ones are wrapped on word boundaries instead)."""
    for name, spec in _every_builder(large=False).items():
        limits = [v for k, v in _walk(spec) if k == "labelLimit"]
        assert all(limit >= 1000 for limit in limits), (name, limits)


def test_every_tooltip_line_is_titled_in_the_language():
    """A tooltip names each value with the page's words, never with a field's name ("state",
    "latest"): each of its lines carries a title (empty where the value names itself)."""
    for name, spec in _every_builder(large=False).items():
        tooltips = [v for k, v in _walk(spec) if k == "tooltip" and isinstance(v, list)]
        assert tooltips, name
        for line in (line for tooltip in tooltips for line in tooltip):
            assert isinstance(line, dict) and "title" in line, (name, line)


def test_the_projected_charts_write_no_smaller_than_18_px():
    """Presentation mode (a projector, 1920×1080): every text size the slides' charts set."""
    from components.charts import ROOM_FONT

    assert ROOM_FONT >= 18
    for name, spec in _every_builder(large=True).items():
        sizes = [v for k, v in _walk(spec) if k in ("fontSize", "labelFontSize", "titleFontSize")]
        assert sizes and min(sizes) >= 18, (name, sizes)
        limits = [v for k, v in _walk(spec) if k == "labelLimit"]
        assert all(limit >= 1000 for limit in limits), (name, limits)


def test_charts_of_rows_grow_by_a_step_per_row():
    """A chart whose rows are categories (issues, actions, sources) gets a height per row: a
    fixed total height is dropped when Streamlit stretches the chart, and every row then
    collapsed into one line of overlapping labels (the coverage matrix did)."""
    from components.charts import build_indicator_comparison, build_maturity_chart

    specs = {
        **_every_builder(large=False),
        "comparison": build_indicator_comparison([Comparison("Fibre", 78, 80, "%", "Bretagne")], LABELS).to_dict(),
        "maturity": build_maturity_chart([("Données", 1)], theme_title="t", score_title="s").to_dict(),
    }
    for name, spec in specs.items():
        y = [v for k, v in _walk(spec) if k == "y" and isinstance(v, dict) and v.get("type") in ("nominal", "ordinal")]
        if y and name not in ("stakeholders",):
            assert isinstance(spec.get("height"), dict) and spec["height"]["step"] >= 30, (name, spec.get("height"))


def test_a_projected_map_writes_large_and_has_no_buttons():
    screen = build_territory_map(boundary(), values={"35115": 1.0}).get_root().render()
    room = build_territory_map(boundary(), values={"35115": 1.0}, projected=True).get_root().render()
    assert "font:600 12px" in screen and "font:600 18px" in room  # the communes' names
    assert "font:13px" in screen and "font:18px" in room  # the legend
    assert '"zoomControl": true' in screen and '"zoomControl": false' in room


def test_the_map_scale_is_in_kilometres_only():
    html = build_territory_map(boundary()).get_root().render()
    assert "L.control.scale({imperial: false})" in html and '"controlScale": true' not in html


def test_the_map_data_keeps_texts_as_typed_for_the_element_to_set_as_text():
    from components.map_data import map_data

    collection = boundary()
    collection["features"][0]["properties"]["name"] = "<b>Fougères</b> & co"
    data = map_data(
        collection,
        values={"35115": 20307.0},
        value_label="Population <i>",
        value_format=lambda v: f"{v:,.0f}".replace(",", "\u202f"),
        markers=[Marker(48.35, -1.2, "<script>x</script>", kind="action", detail="A & B")],
        no_data_label="Pas de donnée",
    )
    by_name = {c["name"]: c for c in data["communes"]}
    assert set(by_name) == {"<b>Fougères</b> & co", "Lécousse"}  # not escaped: set as text in the page
    assert by_name["<b>Fougères</b> & co"]["shown"] == "20\u202f307" and by_name["Lécousse"]["shown"] == "Pas de donnée"
    assert by_name["Lécousse"]["fill"] == NO_DATA and by_name["<b>Fougères</b> & co"]["fill"] in PALETTE
    assert sorted(name for _, _, name in data["names"]) == ["<b>Fougères</b> & co", "Lécousse"]
    marker = {"lat": 48.35, "lon": -1.2, "label": "<script>x</script>", "detail": "A & B"}
    assert data["markers"] == [{**marker, "colour": MARKER_COLOURS["action"]}]
    assert data["value_label"] == "Population <i>"
    assert data["legend"] == [(PALETTE[0], "≤ 20\u202f307"), (NO_DATA, "Pas de donnée")]
    south, west = data["bounds"][0]
    assert (round(south, 6), round(west, 6)) == (48.0, -1.2)
    assert data["outline"]["type"] in ("Polygon", "MultiPolygon")  # two communes: the territory drawn around them


def test_the_map_names_the_most_populous_communes_first():
    """Where names would overlap the map keeps the first: the town, not the villages around it."""
    from components.map_data import map_data

    names = {"35115": "Fougères", "35150": "Lécousse"}  # the contours' outline is a feature too
    for first, second in (("35115", "35150"), ("35150", "35115")):
        data = map_data(boundary(), populations={first: 20307, second: 1200})
        assert [name for _, _, name in data["names"]] == [names[first], names[second]]
        assert [name for _, _, name in map_data(boundary(), populations={first: 9}, named=1)["names"]] == [names[first]]


def test_the_map_data_is_sent_as_json_and_without_contours_is_empty():
    from components.map_data import map_data, map_json

    assert json.loads(map_json(boundary(), projected=True))["projected"] is True
    empty = map_data(None)
    assert (empty["communes"], empty["outline"], empty["bounds"], empty["legend"]) == ([], None, None, [])


def test_amounts_on_an_axis_are_short_and_in_the_pages_number_format():
    import re

    import vl_convert

    from components.chart_cache import NUMBER_LOCALES
    from components.charts import BudgetLabels, build_costs_by_year

    labels = BudgetLabels("Année", "Montant (€)", "Axe", "Source", "Statut")
    chart = build_costs_by_year([(2027, "Axe 1", 1_500_000.0), (2028, "Axe 1", 400_000.0)], {"Axe 1": "#000"}, labels)
    spec = {**chart.to_dict(), "config": {"locale": {"number": NUMBER_LOCALES["fr"]}}}
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", vl_convert.vegalite_to_svg(spec))
    assert {"400 k", "1 M", "1,2 M"} <= set(texts)  # not "400k", "1.2M"
    assert not [t for t in texts if re.fullmatch(r"[\d.,\u202f]+[kMG]", t)]  # no SI suffix glued to the number
