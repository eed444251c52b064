"""Key journeys in a real browser: create, edit, reload, restart; JSON out and back in; locale."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from components.keys import Key
from components.session import seed_samples
from domain.document import write_document
from domain.model import Strategy
from domain.storage import Store
from i18n import t

pytestmark = pytest.mark.browser
FR = "fr"


def geojson_input(page: Page):  # type: ignore[no-untyped-def]
    """The boundary uploader's file input, once the page has finished its first run."""
    expect(page.get_by_text(t("map.no_boundary", FR))).to_be_visible(timeout=30_000)
    wait_idle(page)
    return page.get_by_role("region", name=t("map.upload", FR)).get_by_test_id("stFileUploaderDropzoneInput")


def wait_idle(page: Page) -> None:
    # Streamlit shows a "running" status widget while a script runs.
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=20_000)


def drawn_map(page: Page):  # type: ignore[no-untyped-def]
    """The territory map once drawn. It is drawn when it comes near the view: scrolled to first."""
    page.locator(".strategy-map").scroll_into_view_if_needed(timeout=30_000)
    drawn = page.locator(".strategy-map.leaflet-container")  # Leaflet's own class: it has drawn
    expect(drawn).to_be_visible(timeout=30_000)
    return drawn


def create_strategy(page: Page, base: str) -> str:
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", name=t("home.title", FR))).to_be_visible()
    search = page.get_by_label(t("home.search_territory", FR))
    search.fill("Fougères Agglo")
    search.press("Enter")
    # the search reruns the page: wait until the official territory has filled the title in
    expect(page.get_by_label(t("home.official_territory", FR))).to_be_visible(timeout=30_000)
    expect(page.get_by_label(t("field.title", FR)).last).to_have_value(re.compile("Fougères"), timeout=30_000)
    page.get_by_role("button", name=t("home.create_do", FR)).click()
    expect(page.get_by_role("heading", name=f"1. {t('step.1.title', FR)}")).to_be_visible(timeout=30_000)
    wait_idle(page)
    match = re.search(r"[?&]s=([a-z0-9]+)", page.url)
    assert match, page.url
    return match.group(1)


def test_create_edit_reload_and_restart(server, new_page):
    page = new_page()
    sid = create_strategy(page, server.url)
    assert "/assessment" in page.url
    expect(page.get_by_test_id("stSidebar")).to_contain_text("CA Fougères Agglomération")

    typed = "Écrit dans le navigateur : « test » & <b>pas du HTML</b>"
    page.get_by_text(t("assessment.edit_territory", FR)).click()
    notes = page.get_by_label(t("field.notes", FR))
    notes.fill(typed)
    page.get_by_role("button", name=t("form.save", FR)).first.click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 2")

    page.reload()
    page.get_by_text(t("assessment.edit_territory", FR)).click()  # a folded box, built once unfolded
    expect(page.get_by_label(t("field.notes", FR))).to_have_value(
        "Écrit dans le navigateur : « test » & <b>pas du HTML</b>"
    )

    other_tab = new_page()
    other_tab.goto(f"{server.url}/assessment?s={sid}")
    other_tab.get_by_text(t("assessment.edit_territory", FR)).click()
    expect(other_tab.get_by_label(t("field.notes", FR))).to_have_value(re.compile("Écrit dans le navigateur"))

    server.stop()
    server.start()
    after_restart = new_page()
    after_restart.goto(f"{server.url}/assessment?s={sid}")
    after_restart.get_by_text(t("assessment.edit_territory", FR)).click()
    expect(after_restart.get_by_label(t("field.notes", FR))).to_have_value(re.compile("Écrit dans le navigateur"))
    expect(after_restart.get_by_test_id("stSidebar")).to_contain_text("Révision 2")


def test_the_page_follows_the_browser_language(server, new_page):
    page = new_page(locale="en-US")
    page.goto(f"{server.url}/")
    expect(page.get_by_role("heading", name=t("home.title", "en"))).to_be_visible()
    french = new_page(locale="fr-FR")
    french.goto(f"{server.url}/")
    expect(french.get_by_role("heading", name=t("home.title", "fr"))).to_be_visible()
    french.get_by_text("English", exact=True).click()
    expect(french.get_by_role("heading", name=t("home.title", "en"))).to_be_visible()


def test_a_choice_and_an_open_box_are_kept_in_the_new_language(server, new_page):
    """Streamlit keeps a choice by the label it shows, and knows a box by its label: the map's
    colouring stayed "Densité" on the English page, going back to French lost it (population
    again), and the open box of the territory's fields folded."""
    page = new_page()
    page.goto(f"{server.url}/assessment?s=sample-fougeres")
    drawn_map(page)
    # The names written on the map do not overlap; the town's is among them.
    overlaps = page.evaluate(
        """() => { const shown = [...document.querySelectorAll('.commune-name')]
            .filter(e => e.style.visibility !== 'hidden').map(e => [e.textContent, e.getBoundingClientRect()]);
          return shown.flatMap(([a, r], i) => shown.slice(i + 1).filter(([, s]) =>
            r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom).map(([b]) => [a, b])); }"""
    )
    assert overlaps == []
    expect(page.locator(".commune-name", has_text="Fougères").first).to_be_visible()
    pick(page, t("map.colour_by", FR), t("map.density", FR))
    page.get_by_text(t("assessment.edit_territory", FR)).click()
    wait_idle(page)
    for language, name in (("en", "English"), (FR, "Français")):
        page.get_by_test_id("stSidebar").get_by_text(name, exact=True).click()
        measure = page.get_by_role("combobox", name=t("map.colour_by", language))
        expect(measure).to_have_value(t("map.density", language))
        box = page.get_by_test_id("stExpander").filter(has_text=t("assessment.edit_territory", language))
        expect(box.locator("details")).to_have_attribute("open", "")
    # A multiple choice too: the action plan's filter by status.
    page.get_by_test_id("stSidebarNav").get_by_text(t("nav.step4", FR), exact=True).click()
    pick(page, t("field.status", FR), t("enum.action_status.in_progress", FR))
    page.keyboard.press("Escape")  # the list of statuses stays open after a choice
    status = page.get_by_test_id("stMultiSelect").filter(has_text=t("field.status", FR))
    for tab in ("actions.tab.sheet", "actions.tab.list"):  # another tab shown meanwhile: kept
        page.get_by_role("tab").filter(has_text=t(tab, FR)).click()
        wait_idle(page)
    expect(status).to_contain_text(t("enum.action_status.in_progress", FR))
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    status = page.get_by_test_id("stMultiSelect").filter(has_text=t("field.status", "en"))
    expect(status).to_contain_text(t("enum.action_status.in_progress", "en"))


def test_the_map_is_drawn_when_it_comes_near_the_view(server, new_page):
    """Below the fold on arrival, the map and a chart are drawn as they are scrolled to, not with
    the page: the map's communes took ~100 ms of every switch to the assessment, for a map
    nobody saw yet."""
    page = new_page()
    page.set_viewport_size({"width": 1400, "height": 360})  # the map more than a screen below
    page.goto(f"{server.url}/assessment?s=sample-fougeres")
    expect(page.locator(".strategy-map")).to_have_count(1, timeout=30_000)
    wait_idle(page)
    page.wait_for_timeout(500)
    expect(page.locator(".strategy-map.leaflet-container")).to_have_count(0)
    drawn = drawn_map(page)
    expect(drawn.locator(".commune-name", has_text="Fougères").first).to_be_visible()
    # A chart as well: the axes' coverage of the issues, under the two tables.
    page.goto(f"{server.url}/axes?s=sample-fougeres")
    chart = page.locator(".strategy-chart")
    expect(chart).to_have_count(1)
    wait_idle(page)
    page.wait_for_timeout(500)
    expect(chart.locator("svg")).to_have_count(0)
    chart.scroll_into_view_if_needed()
    expect(chart.locator("svg").first).to_be_visible()


def test_the_wheel_scrolls_the_page_over_the_map_until_the_map_is_clicked(server, new_page):
    """Scrolling down the assessment, the map came under the pointer and the rest of the scroll
    zoomed it out to the whole country."""
    page = new_page()
    page.goto(f"{server.url}/assessment?s=sample-fougeres")
    drawn = drawn_map(page)
    wait_idle(page)
    zoom = "() => document.querySelector('.strategy-map').__map.getZoom()"
    before = page.evaluate(zoom)
    box = drawn.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    top = drawn.evaluate("e => e.getBoundingClientRect().top")
    page.mouse.wheel(0, 200)
    page.wait_for_timeout(600)
    assert page.evaluate(zoom) == before
    assert drawn.evaluate("e => e.getBoundingClientRect().top") < top  # the page moved
    box = drawn.bounding_box()  # where the page's scroll has put it
    page.mouse.click(box["x"] + 30, box["y"] + box["height"] - 60)
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 200)
    page.wait_for_function(f"() => ({zoom})() < {before}")


def test_the_element_kinds_drawn_out_of_sight_are_neither_seen_nor_read(server, new_page):
    """Tabs and figures are drawn once after a session's first page, for the browser to prepare
    their code: nobody sees them, a screen reader or the keyboard does not reach them, and the
    next page no longer has them."""
    page = new_page()
    page.goto(f"{server.url}/?s=sample-fougeres")
    primer = page.locator(f".st-key-{Key.PRIMER}")
    expect(primer.locator("[role=tab]")).to_have_count(2, timeout=30_000)
    expect(primer.get_by_test_id("stMetric")).to_have_count(1)
    expect(primer.get_by_test_id("stMultiSelect")).to_have_count(1)
    assert primer.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    expect(page.get_by_role("tab")).to_have_count(0)  # the home page has none of its own
    expect(page.get_by_role("combobox", name="1")).to_have_count(0)
    page.get_by_test_id("stSidebarNav").get_by_text(t("nav.step1", FR), exact=True).click()
    expect(page.get_by_role("tab", name=t("map.title", FR))).to_be_visible()
    expect(primer).to_have_count(0)


def test_download_the_json_and_upload_it_back(server, new_page, tmp_path: Path):
    page = new_page()
    page.goto(f"{server.url}/export?s=sample-fougeres")
    expect(page.get_by_role("heading", name=t("export.title", FR))).to_be_visible()
    page.get_by_role("tab", name=t("export.tab.documents", FR)).click()
    with page.expect_download() as info:
        page.get_by_role("button", name=t("export.download_json", FR)).click()
    saved = tmp_path / "export.json"
    info.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["id"] == "sample-fougeres" and data["schema_version"] == 2

    page.goto(f"{server.url}/")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(saved))
    wait_idle(page)
    page.get_by_role("button", name=t("home.import_do", FR)).click()
    expect(page.get_by_text(re.compile("importée et ouverte"))).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_contain_text("Stratégie d'innovation territoriale 2026-2031")
    assert "s=sample-fougeres" not in page.url  # a new strategy, the original is untouched


def test_a_broken_file_is_refused_and_changes_nothing(server, new_page, tmp_path: Path):
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "schema_version": 2,\n  "id": "x"\n  "title": "t"\n}', encoding="utf-8")
    page = new_page()
    page.goto(f"{server.url}/")
    expect(page.get_by_role("heading", name=t("home.title", FR))).to_be_visible()
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(broken))
    wait_idle(page)
    page.get_by_role("button", name=t("home.import_do", FR)).click()
    expect(page.get_by_text(re.compile("Fichier refusé, rien n'a changé"))).to_be_visible()
    expect(page.get_by_text(re.compile("ligne 4, colonne 3"))).to_be_visible()
    assert [s.id for s in Store(server.db_url).summaries()] == ["sample-fougeres"]


def test_pick_a_territory_upload_boundaries_and_see_the_map(server, new_page, shared_geo):
    page = new_page()
    sid = create_strategy(page, server.url)
    geojson_input(page).set_input_files(str(shared_geo / "communes-35-ille-et-vilaine.geojson"))
    upload_button = page.get_by_role("button", name=t("map.upload_do", FR))
    expect(upload_button).to_be_visible(timeout=30_000)  # shown once the upload has reached the server
    upload_button.click()
    expect(page.get_by_text(re.compile(r"contour\(s\) du fichier ne correspondent"))).to_be_visible()
    drawn = drawn_map(page)
    expect(drawn.get_by_text(t("map.no_data", FR))).to_be_visible()  # the legend
    doc = Store(server.db_url).load(sid)
    assert len(doc.territory.boundary["features"]) >= 20  # the communes of CA Fougères, and the outline
    assert doc.territory.area_km2 and doc.territory.area_km2 > 300


def test_a_geojson_in_lambert93_is_refused(server, new_page, tmp_path: Path):
    lambert = tmp_path / "lambert.geojson"
    ring = [[350000, 6800000], [351000, 6800000], [351000, 6801000], [350000, 6800000]]
    lambert.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Polygon", "coordinates": [ring]},
                        "properties": {"code": "35115"},
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    page = new_page()
    sid = create_strategy(page, server.url)  # a strategy without contours yet
    geojson_input(page).set_input_files(str(lambert))
    upload_button = page.get_by_role("button", name=t("map.upload_do", FR))
    expect(upload_button).to_be_visible(timeout=30_000)  # shown once the upload has reached the server
    upload_button.click()
    expect(page.get_by_text(re.compile("exportez le fichier en EPSG:4326"))).to_be_visible()
    assert Store(server.db_url).load(sid).territory.boundary is None


def test_click_the_map_to_place_an_initiative(server, new_page, shared_geo):
    page = new_page()
    page.goto(f"{server.url}/assessment?s=sample-fougeres")  # the sample carries its communes' contours
    drawn_map(page)
    wait_idle(page)
    page.get_by_label(t("map.place", FR)).click()
    page.get_by_role("option", name="Comptage des vélos sur deux axes").click()
    map_frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(".leaflet-container")
    expect(map_frame).to_be_visible()
    map_frame.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = map_frame.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 2")
    placed = {i.name: (i.lat, i.lon) for i in Store(server.db_url).load("sample-fougeres").assessment.initiatives}
    lat, lon = placed["Comptage des vélos sur deux axes"]
    assert 48.2 < lat < 48.6 and -1.5 < lon < -1.0  # inside CA Fougères Agglomération
    assert placed["France services itinérant"] == (None, None)
    # A second one, on a map that now has a marker (its script once stopped there: no map).
    wait_idle(page)
    page.get_by_label(t("map.place", FR)).click()
    page.get_by_role("option", name="France services itinérant").click()
    expect(page.get_by_text(t("map.click_to_place", FR, name="France services itinérant"))).to_be_visible()
    map_frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(".leaflet-container")
    expect(map_frame).to_be_visible()
    map_frame.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = map_frame.bounding_box()
    assert box["height"] > 300
    page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + box["height"] * 0.6)
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 3")
    second = {i.name: i.lat for i in Store(server.db_url).load("sample-fougeres").assessment.initiatives}
    assert second["France services itinérant"] is not None


def test_the_map_writes_names_typed_with_markup_as_text(server, new_page):
    store = Store(server.db_url)
    seed_samples(store)
    data = json.loads(write_document(store.load("sample-fougeres")))
    markup = '<img src="x" onerror="window.__pwned = 1">Fougères & <b>co</b>'
    commune = next(f for f in data["territory"]["boundary"]["features"] if f["properties"].get("level") != "territory")
    commune["properties"]["name"] = markup  # the sample's 28 communes are all named on the map
    data["assessment"]["initiatives"][0].update(name=markup, lat=48.35, lon=-1.2)
    store.create(Strategy.model_validate({**data, "id": "markup-map"}))
    page = new_page()
    page.goto(f"{server.url}/assessment?s=markup-map")
    drawn = drawn_map(page)
    expect(drawn.locator(".commune-name").filter(has_text=markup)).to_have_count(1, timeout=30_000)  # as typed
    at = page.evaluate(
        "() => { const m = document.querySelector('.strategy-map').__map;"
        " const box = m.getContainer().getBoundingClientRect(), p = m.latLngToContainerPoint([48.35, -1.2]);"
        " return [box.x + p.x, box.y + p.y]; }"
    )
    page.mouse.move(*at)
    expect(drawn.locator(".leaflet-tooltip")).to_have_text(markup)  # the initiative's marker
    assert drawn.locator("img[src='x'], b:text('co')").count() == 0
    assert page.evaluate("() => window.__pwned") is None


def quadrant_line(page: Page, quadrant: str):  # type: ignore[no-untyped-def]
    return page.get_by_role("listitem").filter(has_text=f"{t(f'quadrant.{quadrant}', FR)} :")


def pick(page: Page, label: str, option: str) -> None:
    """Choose in a dropdown once the page has finished running: a run that ends while the list
    is open draws the widget anew and closes it (on a loaded machine, then open it again)."""
    choose = page.get_by_label(label, exact=True)
    for attempt in range(3):
        wait_idle(page)
        choose.scroll_into_view_if_needed()
        choose.click()
        try:
            page.get_by_role("option", name=option).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    wait_idle(page)


def score_all(page: Page, issue_title: str, key: str) -> None:
    pick(page, t("field.issue", FR), issue_title)
    sliders = page.get_by_role("slider")
    for n in range(sliders.count()):
        sliders.nth(n).focus()
        sliders.nth(n).press(key)
    page.get_by_role("button", name=t("issues.save_scores", FR)).click()
    wait_idle(page)


def test_scores_move_issues_in_the_matrix(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/issues?s=sample-fougeres")
    page.get_by_role("tab", name=t("issues.matrix", FR)).click()
    expect(quadrant_line(page, "fill_ins")).to_contain_text("Développer les mobilités douces")
    expect(quadrant_line(page, "quick_wins")).to_contain_text("Rendre les services numériques accessibles à tous")

    page.get_by_role("tab", name=t("issues.scores", FR)).click()
    score_all(page, "Développer les mobilités douces", "End")  # every criterion at 5
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 2")
    score_all(page, "Rendre les services numériques accessibles à tous", "Home")  # every criterion at 1
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 3")

    page.get_by_role("tab", name=t("issues.matrix", FR)).click()
    expect(quadrant_line(page, "quick_wins")).to_contain_text("Développer les mobilités douces (1)")
    expect(quadrant_line(page, "thankless")).to_contain_text("Rendre les services numériques accessibles à tous")


def test_action_from_the_library_costed_funded_on_the_timeline(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/actions?s=sample-fougeres")
    page.get_by_role("tab", name=t("actions.tab.library", FR)).click()
    page.get_by_role("button", name=t("actions.create_from_template", FR)).click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 2")
    new = Store(server.db_url).load("sample-fougeres").actions[-1]
    label = f"{new.code} {new.title}"

    page.get_by_role("tab", name=t("actions.tab.sheet", FR)).click()
    page.get_by_role("tab", name=t("actions.economics", FR)).click()
    page.get_by_label(t("field.investment", FR)).last.fill("120000")
    page.get_by_role("button", name=t("sheet.add_year_do", FR)).click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 3")

    page.get_by_role("tab", name=t("actions.funding", FR)).click()
    page.get_by_label(t("field.amount", FR)).last.fill("60000")
    page.get_by_role("button", name=t("sheet.add_line_do", FR)).click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 4")

    page.get_by_role("tab", name=t("sheet.schedule", FR)).click()
    for label_key, digits in (("field.start", "15012027"), ("field.end", "30062028")):
        # a date field of segments (day, month, year on a French page): type into the first,
        # focus moves on
        page.get_by_label(t(label_key, FR), exact=True).get_by_role("spinbutton").first.click()
        page.keyboard.type(digits)
    page.get_by_role("button", name=t("form.save", FR)).filter(visible=True).first.click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 5")

    saved = next(a for a in Store(server.db_url).load("sample-fougeres").actions if a.id == new.id)
    assert saved.economics.years[0].investment == 120000 and saved.funding[0].amount == 60000
    assert (saved.start.isoformat(), saved.end.isoformat()) == ("2027-01-15", "2028-06-30")

    page.get_by_role("tab", name=t("actions.tab.timeline", FR)).click()
    expect(page.locator(".vega-embed svg text", has_text=label)).to_have_count(1)


def test_record_a_measurement_and_see_the_dashboard_move(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/monitoring?s=sample-fougeres")
    achieved = page.get_by_test_id("stMetric").filter(has_text=t("progress.achieved", FR))
    expect(achieved).to_contain_text("0")
    page.get_by_role("tab", name=t("monitoring.tab.measurements", FR)).click()
    choose = page.get_by_label(t("monitoring.choose", FR))
    choose.click()
    page.get_by_role("option", name="Jeux de données publiés").click()
    wait_idle(page)
    page.get_by_label(f"{t('field.value', FR)} (jeux)").fill("45")
    page.get_by_role("button", name=t("monitoring.add_measurement_do", FR)).click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 2")
    page.get_by_role("tab", name=t("monitoring.tab.dashboard", FR)).click()
    expect(page.get_by_test_id("stMetric").filter(has_text=t("progress.achieved", FR))).to_contain_text("1")
    expect(page.locator(".vega-embed svg text", has_text="Jeux de données publiés").first).to_be_visible()


def test_download_the_pdf_report(server, new_page, tmp_path: Path):
    page = new_page()
    page.goto(f"{server.url}/export?s=sample-fougeres")
    page.get_by_role("tab", name=t("export.tab.documents", FR)).click()
    page.get_by_role("button", name=t("export.prepare_pdf", FR)).click()
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=t("export.download_pdf", FR)).click(timeout=60_000)
    saved = tmp_path / "report.pdf"
    info.value.save_as(saved)
    assert info.value.suggested_filename.startswith("strategie-d-innovation-territoriale") and saved.suffix == ".pdf"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(str(saved)).pages)
    assert "Plan d'actions" in text and "Fiche action 2.1" in text


def test_live_workshop_two_phones_and_the_facilitator(server, new_page):
    from domain.storage import WorkshopStore

    facilitator = new_page()
    facilitator.goto(f"{server.url}/workshop?s=sample-fougeres")
    facilitator.get_by_role("button", name=t("workshop.open", FR)).click()
    expect(facilitator.get_by_text(re.compile(f"{t('workshop.code', FR)} :"))).to_be_visible()
    store = Store(server.db_url)
    (live,) = WorkshopStore(store.engine).of_strategy("sample-fougeres")

    for name, key in (("Camille", "End"), ("Dominique", "Home")):
        phone = new_page()
        phone.set_viewport_size({"width": 390, "height": 844})
        phone.goto(f"{server.url}/?join={live.code}")
        expect(phone.get_by_test_id("stSidebar")).not_to_be_visible()
        phone.get_by_label(t("participate.name", FR)).fill(name)
        phone.get_by_role("button", name=t("participate.join", FR)).click()
        sliders = phone.get_by_role("slider")
        expect(sliders.first).to_be_visible()
        for n in range(sliders.count()):
            sliders.nth(n).focus()
            sliders.nth(n).press(key)
        phone.get_by_role("button", name=t("participate.send", FR)).click()
        expect(phone.get_by_text(t("participate.saved", FR))).to_be_visible()
        assert "Comité de pilotage" not in phone.content()  # nothing of the strategy but the titles

    # the facilitator's results refresh by themselves
    expect(facilitator.get_by_test_id("stMetric").filter(has_text=t("workshop.voters", FR))).to_contain_text(
        "2", timeout=15_000
    )
    facilitator.get_by_role("button", name=t("workshop.close", FR)).click()
    expect(facilitator.get_by_text(re.compile("Résultats reportés dans la stratégie"))).to_be_visible()
    issue = next(i for i in store.load("sample-fougeres").issues if i.id == "is-1")
    medians = {sc.criterion: sc.value for sc in issue.scores if sc.by.startswith("Atelier")}
    assert set(medians.values()) == {3}  # the median of 5 and 1
    assert "2 participants" in next(sc.source for sc in issue.scores if sc.by.startswith("Atelier"))


def test_an_id_in_the_address_is_shown_as_text_never_as_a_link_or_image(server, new_page):
    page = new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    payload = "![x](http://evil.example/p.png) [re-login](http://evil.example/phish)"
    page.goto(f"{server.url}/?s={payload}")
    warning = page.get_by_test_id("stAlertContentWarning").first
    expect(warning).to_contain_text("![x](http:", timeout=30_000)  # as typed (cut to an id's length)
    wait_idle(page)
    assert page.locator("a[href*='evil.example']").count() == 0
    assert page.locator("img[src*='evil.example']").count() == 0
    assert [url for url in requested if urlsplit(url).hostname == "evil.example"] == []


@pytest.mark.parametrize("path", ["/", "/actions?s=sample-fougeres", "/workshop?s=sample-fougeres", "/export"])
def test_another_device_reaches_nothing_of_a_strategy_by_any_address(server, new_page, path):
    # A request relayed by a proxy (another device) is no longer the machine's own browser.
    page = new_page(headers={"X-Forwarded-For": "203.0.113.9"})
    page.goto(f"{server.url}{path}")
    expect(page.get_by_role("heading", name=t("signin.title", FR))).to_be_visible(timeout=30_000)
    wait_idle(page)
    body = page.locator("body").inner_text()
    assert "Fougères" not in body and "Stratégie d'innovation" not in body
    assert "Page not found" not in body  # each page's address leads to the sign-in page
    assert page.get_by_test_id("stSidebar").count() == 0 or not page.get_by_test_id("stSidebar").is_visible()


def _save_properties(page: Page, **fields: str) -> None:
    for label, value in fields.items():
        page.get_by_label(t(f"field.{label}", FR)).fill(value)
    page.get_by_role("button", name=t("form.save", FR)).first.click()


def _open_home(page: Page, base: str) -> None:
    page.goto(f"{base}/?s=sample-fougeres")
    expect(page.get_by_label(t("field.consultant", FR))).to_be_visible(timeout=30_000)
    wait_idle(page)


def test_two_people_editing_other_fields_at_once_both_keep_their_edit(server, new_page):
    first, second = new_page(), new_page()
    _open_home(first, server.url)
    _open_home(second, server.url)  # both loaded revision 1
    _save_properties(first, consultant="Cabinet A")
    expect(first.get_by_test_id("stToastText").filter(has_text="révision 2")).to_be_visible()
    _save_properties(second, project_lead="Cheffe B")
    expect(
        second.get_by_test_id("stToastText").filter(has_text=t("save.merged", FR, revision=3, theirs=2))
    ).to_be_visible(timeout=5_000)
    saved = Store(server.db_url).load("sample-fougeres")
    assert (saved.authors.consultant, saved.authors.project_lead) == ("Cabinet A", "Cheffe B")


def test_the_same_field_changed_by_two_people_is_a_choice_that_survives_a_reload(server, new_page):
    first, second = new_page(), new_page()
    _open_home(first, server.url)
    _open_home(second, server.url)
    _save_properties(first, consultant="Cabinet A")
    expect(first.get_by_test_id("stToastText").filter(has_text="révision 2")).to_be_visible()
    _save_properties(second, consultant="Cabinet B")
    clash = second.get_by_text(t("clash.intro", FR, count=1))
    expect(clash).to_be_visible(timeout=5_000)  # at once, at the form the user saved
    form = second.get_by_test_id("stForm").filter(has=second.get_by_label(t("field.consultant", FR)))
    heading = second.get_by_role("heading", name=t("home.properties", FR))
    clash_y, form_y, heading_y = (x.bounding_box()["y"] for x in (clash, form, heading))  # type: ignore[index]
    assert heading_y < clash_y < form_y  # between the form's heading and the form itself
    expect(second.locator("code").filter(has_text="Cabinet A")).to_be_visible()  # theirs and mine, side by side
    expect(second.locator("code").filter(has_text="Cabinet B")).to_be_visible()
    second.reload()
    expect(second.get_by_text(t("clash.intro", FR, count=1))).to_be_visible(timeout=30_000)
    wait_idle(second)
    second.get_by_role("button", name=t("clash.keep_mine", FR)).click()
    expect(second.get_by_text(t("clash.intro", FR, count=1))).to_have_count(0, timeout=10_000)
    assert Store(server.db_url).load("sample-fougeres").authors.consultant == "Cabinet B"


def _sign_in(page: Page, base: str, who: str) -> None:
    page.goto(f"{base}/")
    page.get_by_role("button", name=t("signin.do", FR)).click()
    page.get_by_role("button", name=who, exact=True).click()  # the provider's own page
    expect(page.get_by_role("heading", name=t("home.title", FR))).to_be_visible(timeout=30_000)
    wait_idle(page)


def test_people_sign_in_with_the_provider_and_see_only_their_strategies(oidc_server, new_page):
    anne, bruno = new_page(), new_page()
    _sign_in(anne, oidc_server.url, "anne")
    expect(anne.get_by_test_id("stSidebar")).to_contain_text(t("sidebar.signed_in", FR, name="Anne"))
    sid = create_strategy(anne, oidc_server.url)
    store = Store(oidc_server.db_url)
    assert store.role(sid, "anne@agglo.fr") == "owner"
    _sign_in(bruno, oidc_server.url, "bruno")
    expect(bruno.get_by_text(t("home.empty", FR))).to_be_visible()  # nothing of Anne's, not even the sample
    bruno.goto(f"{oidc_server.url}/assessment?s={sid}")  # by its address: as if it did not exist
    expect(bruno.get_by_text(t("page.no_strategy", FR))).to_be_visible(timeout=30_000)
    store.members.set(sid, "bruno@agglo.fr", "viewer", by="anne@agglo.fr")
    bruno.goto(f"{oidc_server.url}/?s={sid}")
    expect(bruno.get_by_text(t("sidebar.read_only", FR))).to_be_visible(timeout=30_000)
    wait_idle(bruno)
    _save_properties(bruno, consultant="Bruno")
    expect(bruno.get_by_test_id("stToastText").filter(has_text=t("save.read_only", FR))).to_be_visible(timeout=10_000)
    assert store.load(sid).authors.consultant != "Bruno"


def test_text_typed_in_a_form_and_not_saved_survives_a_reload_until_saved(server, new_page):
    page = new_page()
    _open_home(page, server.url)
    field = page.get_by_label(t("field.consultant", FR))
    field.fill("Cabinet tapé avant la coupure")
    page.wait_for_timeout(300)
    page.reload()
    expect(page.get_by_text(t("draft.restored", FR))).to_be_visible(timeout=30_000)  # said at the form
    expect(field).to_have_value("Cabinet tapé avant la coupure")
    assert Store(server.db_url).load("sample-fougeres").authors.consultant != "Cabinet tapé avant la coupure"
    page.get_by_role("button", name=t("form.save", FR)).first.click()
    expect(page.get_by_test_id("stToastText").filter(has_text="révision 2")).to_be_visible(timeout=10_000)
    assert Store(server.db_url).load("sample-fougeres").authors.consultant == "Cabinet tapé avant la coupure"
    page.reload()
    expect(field).to_have_value("Cabinet tapé avant la coupure", timeout=30_000)
    wait_idle(page)
    expect(page.get_by_text(t("draft.restored", FR))).to_have_count(0)  # saved: no draft any more


def test_a_kept_draft_can_be_discarded(server, new_page):
    page = new_page()
    _open_home(page, server.url)
    field = page.get_by_label(t("field.project_lead", FR))
    before = field.input_value()
    field.fill("Texte à abandonner")
    page.wait_for_timeout(300)
    page.reload()
    expect(field).to_have_value("Texte à abandonner", timeout=30_000)
    page.get_by_role("button", name=t("draft.discard", FR)).click()
    expect(field).to_have_value(before)
    page.reload()
    expect(field).to_have_value(before, timeout=30_000)
    wait_idle(page)
    expect(page.get_by_text(t("draft.restored", FR))).to_have_count(0)


def test_a_whole_row_typed_at_meeting_speed_is_saved_in_one_batch(server, new_page):
    """A consultant types a new axis with the keyboard at 10 keystrokes a second (Tab included),
    cell after cell, then saves the table once: every value is there, and the defaults fill the
    rest (the next order, a palette colour of its own)."""
    page = new_page()
    page.goto(f"{server.url}/axes?s=sample-fougeres")
    grid = page.get_by_test_id("stDataFrame").first
    expect(grid).to_be_visible(timeout=30_000)
    wait_idle(page)
    box = grid.bounding_box()
    assert box is not None
    # The trailing row, in the title column: a new row (its order left to the default).
    page.mouse.click(box["x"] + 150, box["y"] + box["height"] - 12)  # (the grid is drawn on a canvas)
    page.wait_for_timeout(1500)
    for text in ("Une agglomération qui coopère", "Mutualiser les services entre communes"):
        page.keyboard.type(text, delay=100)
        page.wait_for_timeout(100)  # the Tab is one more keystroke at the same pace
        page.keyboard.press("Tab")
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)
    assert Store(server.db_url).latest_revision("sample-fougeres") == 1  # nothing saved while typing
    page.get_by_role("button", name=t("table.save", FR)).first.click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 2", timeout=10_000)
    axes = Store(server.db_url).load("sample-fougeres").axes
    new = axes[-1]
    assert (new.order, new.title, new.ambition) == (
        4,
        "Une agglomération qui coopère",
        "Mutualiser les services entre communes",
    )
    assert new.colour and new.colour not in {ax.colour for ax in axes[:-1]}  # a palette colour of its own


def test_decimal_commas_are_read_in_a_table_and_in_a_form(server, new_page):
    """On a French page a number is typed and shown with a decimal comma: in a table cell
    (a new context indicator typed at meeting speed) and in a form field (the area)."""
    page = new_page()
    page.goto(f"{server.url}/assessment?s=sample-fougeres")
    page.get_by_role("tab", name=t("assessment.indicators", FR)).click()
    grid = page.get_by_test_id("stDataFrame").filter(visible=True).first
    expect(grid).to_be_visible(timeout=30_000)
    wait_idle(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 60, box["y"] + box["height"] - 12)  # the trailing row's first cell
    page.wait_for_timeout(1500)
    for text in ("Numérique", "Locaux raccordables à la fibre", "87,5", "%"):
        page.keyboard.type(text, delay=100)
        page.wait_for_timeout(100)
        page.keyboard.press("Tab")
        page.wait_for_timeout(100)
    page.wait_for_timeout(300)  # the hand going from the keyboard to the save button
    page.get_by_role("button", name=t("table.save", FR)).first.click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 2", timeout=10_000)
    added = Store(server.db_url).load("sample-fougeres").assessment.indicators[-1]
    assert (added.name, added.value, added.unit) == ("Locaux raccordables à la fibre", 87.5, "%")

    wait_idle(page)  # the save's run finished: a click on the box during it could be lost
    page.get_by_text(t("assessment.edit_territory", FR)).click()
    area = page.get_by_label(t("field.area_km2", FR))
    expect(area).to_be_visible()
    wait_idle(page)
    area.fill("1 234,5")
    page.get_by_role("button", name=t("form.save", FR)).filter(visible=True).first.click()
    expect(page.get_by_test_id("stSidebar")).to_contain_text("révision 3", timeout=10_000)
    assert Store(server.db_url).load("sample-fougeres").territory.area_km2 == 1234.5
    wait_idle(page)
    if not page.get_by_label(t("field.area_km2", FR)).is_visible():
        page.get_by_text(t("assessment.edit_territory", FR)).click()
    expect(page.get_by_label(t("field.area_km2", FR))).to_have_value("1234,5")


def test_a_mistyped_address_says_so_in_the_users_language(server, new_page):
    page = new_page()
    page.goto(f"{server.url}/diagnostik?s=sample-fougeres")
    expect(page.get_by_text(t("widget.page_not_found", FR))).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_role("heading", name=t("home.title", FR))).to_be_visible()


def test_streamlits_own_texts_are_in_the_users_language(server, new_page):
    """The uploader's button and an empty date say French words on a French page (Streamlit
    writes "Upload" and "yyyy"; the app's CSS puts the catalog's words in their place)."""
    page = new_page()
    page.goto(f"{server.url}/?s=sample-fougeres")
    expect(page.get_by_role("heading", name=t("home.title", FR))).to_be_visible()
    wait_idle(page)

    def after(selector: str) -> str:
        page.locator(selector).first.wait_for(state="attached")
        return page.evaluate(
            "s => getComputedStyle(document.querySelector(s), '::after').content.replaceAll('\"', '')", selector
        )

    button = '[data-testid="stFileUploaderDropzone"] button[data-testid="stBaseButton-secondary"]'
    assert after(button) == t("widget.upload_button", FR)
    expect(page.locator(button).get_by_text("Upload", exact=True).first).to_be_hidden()
    day = '[data-testid="stDateInputField"] span[data-placeholder="true"][data-type="day"]'
    assert (after(day), t("widget.date_day", FR)) == ("jj", "jj")
    # A multiple choice's first item (Streamlit writes "Select all").
    page.get_by_test_id("stSidebarNav").get_by_text(t("nav.step4", FR), exact=True).click()
    expect(page.get_by_label(t("field.status", FR), exact=True)).to_be_visible()
    wait_idle(page)  # a click during the page's run can be lost as the choice is drawn anew
    page.get_by_label(t("field.status", FR), exact=True).click()
    select_all = '[role="option"][data-key="__select_all__"] [data-item-hl]'
    assert after(select_all) == t("widget.select_all", FR) == "Tout sélectionner"
    assert page.evaluate("s => getComputedStyle(document.querySelector(s)).fontSize", select_all) == "0px"
