"""Every page, with the sample strategy, in both languages; the home page's actions; conflicts."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from components.identity import USER_KEY
from components.keys import Key
from components.widgets import language_key
from domain.storage import Store
from i18n import t
from tests.app.conftest import APP, OWNER, PAGES, SAMPLE_ID, by_label, no_failure


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_with_the_sample(open_app, page, lang):
    at = open_app(page, lang=lang)
    no_failure(at)
    titles = [x.value for x in at.title]
    if page == "home":
        assert titles == [t("home.title", lang)]
    elif page in ("export", "workshop", "governance"):
        assert titles == [t(f"{page}.title", lang)]
    elif page == "present":
        assert titles[0].replace("\\", "").startswith("Stratégie d'innovation territoriale 2026-2031")
        return
    else:
        step = list(PAGES).index(page)
        assert titles == [f"{step}. {t(f'step.{step}.title', lang)}"]
        assert t("page.illustrative", lang) in [c.value for c in at.caption]
    # the sidebar shows the strategy in use and each step's completeness
    assert len(at.sidebar.get("progress")) == 6
    assert at.query_params["s"] == [SAMPLE_ID] or at.query_params["s"] == SAMPLE_ID


@pytest.mark.parametrize("page", [p for p in PAGES if p not in ("home",)])
def test_step_pages_without_a_strategy_point_home(open_app, page):
    at = open_app(page, strategy=None)
    no_failure(at)
    assert t("page.no_strategy", "fr") in [i.value for i in at.info]


def test_unknown_strategy_in_the_address_is_said(open_app):
    at = open_app(strategy="nope")
    assert any("nope" in w.value for w in at.warning)
    assert "doc" not in at.session_state


def test_create_from_an_official_territory(open_app, store: Store):
    at = open_app(strategy=None)
    by_label(at.text_input, t("home.search_territory", "fr")).input("Fougères Agglo").run()
    official = by_label(at.selectbox, t("home.official_territory", "fr"))
    assert official.value.code == "200072452"  # the best match comes first
    by_label(at.button, t("home.create_do", "fr")).click().run()
    no_failure(at)
    created = [s for s in store.summaries() if s.id != SAMPLE_ID]
    assert len(created) == 1
    doc = store.load(created[0].id)
    assert doc.territory.code == "200072452" and len(doc.territory.members) == 28
    assert doc.title == "Stratégie d'innovation territoriale — CA Fougères Agglomération"
    assert doc.criteria[0].label == "Population concernée"


def test_create_needs_a_title_and_a_territory(open_app, store: Store):
    at = open_app(strategy=None)
    by_label(at.button, t("home.create_do", "fr")).click().run()
    assert t("home.title_required", "fr") in [e.value for e in at.error]
    by_label(at.text_input, t("field.title", "fr")).input("Stratégie")
    by_label(at.button, t("home.create_do", "fr")).click().run()
    assert t("home.territory_required", "fr") in [e.value for e in at.error]
    assert [s.id for s in store.summaries()] == [SAMPLE_ID]


def test_create_for_a_territory_not_in_the_lists(open_app, store: Store):
    at = open_app(strategy=None, lang="en")
    by_label(at.text_input, t("field.title", "en")).input("Smart valley")
    by_label(at.text_input, t("home.territory_manual", "en")).input("Syndicat mixte du Val")
    by_label(at.selectbox, t("field.territory_kind", "en")).select("syndicat")
    by_label(at.button, t("home.create_do", "en")).click().run()
    no_failure(at)
    (created,) = [store.load(s.id) for s in store.summaries() if s.id != SAMPLE_ID]
    assert (created.title, created.territory.name, created.territory.kind) == (
        "Smart valley",
        "Syndicat mixte du Val",
        "syndicat",
    )
    assert created.language == "en"


def test_properties_are_saved_at_once_and_reopen(open_app, store: Store):
    at = open_app()
    by_label(at.text_input, t("field.consultant", "fr")).input("Agence Exemple")
    by_label(at.button, t("form.save", "fr")).click().run()
    no_failure(at)
    assert store.load(SAMPLE_ID).authors.consultant == "Agence Exemple"
    assert store.load(SAMPLE_ID).revision == 2
    again = open_app()  # a new tab, or the same URL after a restart
    assert by_label(again.text_input, t("field.consultant", "fr")).value == "Agence Exemple"


def test_two_tabs_changing_different_fields_are_both_saved(open_app, store: Store):
    tab_a, tab_b = open_app(), open_app()
    by_label(tab_a.text_input, t("field.consultant", "fr")).input("Onglet A")
    by_label(tab_a.button, t("form.save", "fr")).click().run()
    by_label(tab_b.text_input, t("field.project_lead", "fr")).input("Onglet B")
    by_label(tab_b.button, t("form.save", "fr")).click().run()
    no_failure(tab_b)
    saved = store.load(SAMPLE_ID)
    assert (saved.authors.consultant, saved.authors.project_lead) == ("Onglet A", "Onglet B")
    assert tab_b.session_state["doc"].revision == saved.revision == 3
    assert t("save.merged", "fr", revision=3, theirs=2) in [x.value for x in tab_b.toast]
    assert not tab_b.session_state["clashes"] if "clashes" in tab_b.session_state else True


def test_the_same_field_changed_in_two_tabs_is_a_choice_shown_at_once(open_app, store: Store):
    tab_a, tab_b = open_app(), open_app()
    by_label(tab_a.text_input, t("field.consultant", "fr")).input("Onglet A")
    by_label(tab_a.button, t("form.save", "fr")).click().run()
    by_label(tab_b.text_input, t("field.consultant", "fr")).input("Onglet B")
    by_label(tab_b.text_input, t("field.project_lead", "fr")).input("Cheffe B")
    by_label(tab_b.button, t("form.save", "fr")).click().run()
    no_failure(tab_b)
    saved = store.load(SAMPLE_ID)
    assert (saved.authors.consultant, saved.authors.project_lead) == ("Onglet A", "Cheffe B")  # theirs in place
    assert t("clash.intro", "fr", count=1) in [w.value for w in tab_b.warning]
    assert [c.value for c in tab_b.code][:2] == ["Onglet A", "Onglet B"]
    by_label(tab_b.button, t("clash.keep_mine", "fr")).click().run()
    no_failure(tab_b)
    assert store.load(SAMPLE_ID).authors.consultant == "Onglet B"
    assert t("clash.intro", "fr", count=1) not in [w.value for w in tab_b.warning]


def test_rename_duplicate_and_delete_with_confirmation(open_app, store: Store):
    at = open_app()
    by_label(at.button, t("home.duplicate", "fr")).click().run()
    copies = [s for s in store.summaries() if s.id != SAMPLE_ID]
    assert len(copies) == 1 and copies[0].title.startswith("Copie de ")
    assert at.session_state["doc"].id == copies[0].id
    by_label(at.text_input, t("home.new_title", "fr")).input("Variante B")
    by_label(at.button, t("home.rename_do", "fr")).click().run()
    assert store.load(copies[0].id).title == "Variante B"
    delete = by_label(at.button, t("home.delete_do", "fr"))
    assert delete.disabled  # not before the confirmation is ticked
    at.checkbox(key=f"confirm-{copies[0].id}").check().run()
    by_label(at.button, t("home.delete_do", "fr")).click().run()
    assert [s.id for s in store.summaries()] == [SAMPLE_ID]
    assert "doc" not in at.session_state


def test_the_territory_form_and_the_contours_tools_are_built_once_unfolded(open_app):
    at = open_app("assessment")
    folded = [w.label for w in at.text_input] + [b.label for b in at.button]
    assert t("field.territory_code", "fr") not in folded and t("map.remove", "fr") not in folded
    at = open_app("assessment", unfold=(Key.TERRITORY_FORM_BOX, Key.BOUNDARY_TOOLS_BOX))
    assert by_label(at.text_input, t("field.territory_code", "fr")).value == at.session_state[Key.DOC].territory.code
    assert by_label(at.button, t("map.remove", "fr"))


def test_territory_form_refuses_a_bad_code_and_changes_nothing(open_app, store: Store):
    at = open_app("assessment", unfold=(Key.TERRITORY_FORM_BOX,))
    by_label(at.text_input, t("field.territory_code", "fr")).input("ABC-12")
    by_label(at.button, t("form.save", "fr")).click().run()
    (said,) = [e.value for e in at.error]  # the field as the form names it, what was typed, what it takes
    assert said.startswith(t("field.territory_code", "fr")) and "« ABC\\-12 »" in said  # escaped: shown as typed
    assert said.endswith(t("assessment.bad_code", "fr"))
    assert store.load(SAMPLE_ID).revision == 1


def test_restore_an_earlier_revision(open_app, store: Store):
    at = open_app()
    by_label(at.text_input, t("field.title", "fr")).input("Titre modifié")
    by_label(at.button, t("form.save", "fr")).click().run()
    assert store.load(SAMPLE_ID).title == "Titre modifié"
    at.switch_page(PAGES["export"]).run()
    at.session_state["export_tab"] = t("export.tab.history", "fr")
    at.run()
    by_label(at.selectbox, t("export.restore_choose", "fr")).select(1).run()
    history = at.dataframe[0].value
    said = history[t("history.what", "fr")].tolist()
    assert said[0].startswith("title — ") and "→ Titre modifié" in said[0]  # the change, in words
    assert history[t("history.who", "fr")].tolist()[0] == t("user.local", "fr")
    by_label(at.button, t("export.restore_do", "fr")).click().run()
    no_failure(at)
    latest = store.load(SAMPLE_ID)
    assert latest.revision == 3 and latest.title.startswith("Stratégie d'innovation territoriale 2026-2031")
    assert at.session_state["doc"].revision == 3  # shown at once
    assert t("export.restored", "fr", revision=1, new=3) in [x.value for x in at.toast]


def test_language_and_presentation_mode_follow_the_person(open_app, store: Store):
    at = open_app(lang="fr")
    at.sidebar.segmented_control(key="lang").set_value("en").run()
    at.sidebar.toggle(key="presenting").set_value(True).run()
    no_failure(at)
    assert store.people.preferences("local") is not None
    again = AppTest.from_file(APP, default_timeout=60)  # a reload: a new browser session
    again.query_params["s"] = SAMPLE_ID
    again.session_state[USER_KEY] = OWNER
    again.run()
    no_failure(again)
    assert again.session_state["lang"] == "en" and again.session_state["presenting"] is True


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_assessment_with_boundaries_draws_the_map(open_app, store: Store, shared_geo, lang):
    from domain.geo import Member, read_boundaries

    open_app()  # the first run seeds the store with the sample
    doc = store.load(SAMPLE_ID)
    raw = (shared_geo / "communes-35-ille-et-vilaine.geojson").read_bytes()
    boundary = read_boundaries(raw, [Member(m.code, m.name) for m in doc.territory.members]).collection
    store.save(
        doc.model_copy(update={"territory": doc.territory.model_copy(update={"boundary": boundary})}), base_revision=1
    )
    at = open_app("assessment", lang=lang)
    no_failure(at)
    measure = by_label(at.selectbox, t("map.colour_by", lang))
    assert measure.options[:2] == [t("map.population", lang), t("map.density", lang)]
    assert "Locaux raccordables à la fibre (%)" in measure.options  # the per-commune indicator
    measure.select("density").run()
    no_failure(at)
    at.switch_page(PAGES["issues"]).run()  # away, then back: the map keeps its colouring
    at.switch_page(PAGES["assessment"]).run()
    assert by_label(at.selectbox, t("map.colour_by", lang)).value == "density"


def test_scoring_one_issue_saves_the_scores_of_a_new_scorer(open_app, store: Store):
    at = open_app("issues")
    at.session_state["issues_tab"] = t("issues.scores", "fr")
    at.run()
    by_label(at.selectbox, t("issues.scorer", "fr")).select("+").run()
    by_label(at.text_input, t("issues.scorer_name", "fr")).input("Atelier habitants").run()
    by_label(at.selectbox, t("field.issue", "fr")).select("is-4").run()
    for slider in at.select_slider:
        slider.set_value(5)
    by_label(at.button, t("issues.save_scores", "fr")).click().run()
    no_failure(at)
    issue = next(i for i in store.load(SAMPLE_ID).issues if i.id == "is-4")
    mine = {sc.criterion: sc.value for sc in issue.scores if sc.by == "Atelier habitants"}
    assert mine == {c: 5 for c in mine} and len(mine) == 8
    assert len([sc for sc in issue.scores if sc.by == "Comité de pilotage"]) == 8  # the others' scores stay
    at.session_state["issues_tab"] = t("issues.matrix", "fr")  # the matrix, with the new scores
    at.run()
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Développer les mobilités douces" in text


def test_create_an_issue_from_a_swot_item(open_app, store: Store):
    at = open_app("issues", lang="en")
    assert not [s for s in at.selectbox if s.label == t("issues.evidence_item", "en")]  # built once opened
    at.session_state["from_evidence_box"] = True
    at.run()
    source = by_label(at.selectbox, t("issues.evidence_item", "en"))
    source.select_index(8).run()  # the ninth SWOT item, sw-9
    assert by_label(at.text_input, t("field.title", "en")).value == "Hausse durable du coût de l'énergie"
    by_label(at.button, t("issues.create_from", "en")).click().run()
    no_failure(at)
    created = store.load(SAMPLE_ID).issues[-1]
    assert (created.id, created.title, created.evidence.swot_ids) == (
        "is-5",
        "Hausse durable du coût de l'énergie",
        ["sw-9"],
    )


def test_axes_page_flags_an_uncovered_priority_issue(open_app, store: Store):
    open_app()
    doc = store.load(SAMPLE_ID)
    axes = [ax.model_copy(update={"issue_ids": [i for i in ax.issue_ids if i != "is-3"]}) for ax in doc.axes]
    store.save(doc.model_copy(update={"axes": axes}), base_revision=1)
    at = open_app("axes")
    no_failure(at)
    assert any("Redynamiser le commerce de centre-ville" in w.value.replace("\\", "") for w in at.warning)


def test_action_from_the_library_with_costs_funding_and_own_share_warning(open_app, store: Store):
    at = open_app("actions")
    at.session_state["actions_tab"] = t("actions.tab.library", "fr")
    at.run()
    at.selectbox(key=language_key("template_axis", "fr")).select("ax-3")
    by_label(at.button, t("actions.create_from_template", "fr")).click().run()
    no_failure(at)
    new = store.load(SAMPLE_ID).actions[-1]
    assert (new.code, new.axis_id, new.template) == ("3.2", "ax-3", "urban_hypervisor")
    at.session_state["actions_tab"] = t("actions.tab.sheet", "fr")
    at.run()
    assert at.session_state[language_key(Key.ACTION_DETAIL, "fr")] == new.id  # its sheet is the one open
    by_label(at.text_input, t("field.investment", "fr")).input("100 000")
    by_label(at.button, t("sheet.add_year_do", "fr")).click().run()
    source = by_label(at.selectbox, t("field.source", "fr"))
    source.select("DSIL")
    by_label(at.text_input, t("field.amount", "fr")).input("85000,00")
    by_label(at.button, t("sheet.add_line_do", "fr")).click().run()
    no_failure(at)
    saved = store.load(SAMPLE_ID).actions[-1]
    assert saved.economics.years[0].investment == 100000.0
    assert [(f.source, f.scheme, f.funder_kind, f.amount) for f in saved.funding] == [
        ("DSIL", "dsil", "state", 85000.0)
    ]
    warnings = " ".join(w.value for w in at.warning)
    assert "Autofinancement insuffisant : 15" in warnings and "CGCT art. L1111-10 III" in warnings


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("tab", ["list", "sheet", "library", "timeline", "budget"])
def test_every_tab_of_the_action_plan(open_app, tab, lang):
    at = open_app("actions", lang=lang)
    at.session_state["actions_tab"] = t(f"actions.tab.{tab}", lang)
    at.run()
    no_failure(at)
    if tab == "budget":
        assert t("actions.total_cost", lang) in [m.label for m in at.metric]


@pytest.mark.parametrize("page", ["assessment", "issues", "axes", "actions", "partnerships", "monitoring"])
def test_pages_with_the_large_strategy(open_app, store: Store, page):
    from benchmarks.generate import large_strategy

    store.create(large_strategy())
    at = open_app(page, strategy="bench-large")
    no_failure(at)
    if page == "monitoring":  # 120 indicators: the chart draws the 25 furthest from their target
        said = t("monitoring.chart_furthest", "fr", shown=25, total=120)
        assert any(c.value.startswith(said) for c in at.caption), [c.value for c in at.caption]
    later = {
        "actions": ("actions_tab", "actions.tab", ("timeline", "budget")),
        "issues": ("issues_tab", "issues", ("scores", "matrix")),
    }
    if page in later:
        key, prefix, tabs = later[page]
        for tab in tabs:
            at.session_state[key] = t(f"{prefix}.{tab}", "fr")
            at.run()
            no_failure(at)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize(
    ("page", "key", "prefix", "tab"),
    [
        ("assessment", "assessment_tab", "assessment", tab)
        for tab in ("indicators", "swot", "initiatives", "consultations", "needs", "maturity")
    ]
    + [("assessment", "assessment_tab", "map", "title")]
    + [("issues", "issues_tab", "issues", tab) for tab in ("issues", "scores", "matrix")]
    + [("partnerships", "partners_tab", "partners.tab", tab) for tab in ("register", "per_action", "setups")]
    + [
        ("monitoring", "monitoring_tab", "monitoring.tab", tab)
        for tab in ("dashboard", "actions", "indicators", "measurements", "evaluation", "publish")
    ],
)
def test_every_tab_of_steps_1_2_5_and_6(open_app, page, key, prefix, tab, lang):
    at = open_app(page, lang=lang)
    at.session_state[key] = t(f"{prefix}.{tab}", lang)
    at.run()
    no_failure(at)


def test_legal_helper_ranks_and_the_choice_is_saved(open_app, store: Store):
    at = open_app("partnerships")
    at.session_state["partners_tab"] = t("partners.tab.setups", "fr")
    at.run()
    by_label(at.selectbox, t("partners.choose", "fr")).select("pa-2").run()
    by_label(at.selectbox, t("helper.q.who_pays", "fr")).select("users")
    by_label(at.selectbox, t("helper.q.operating_risk", "fr")).select("operator")
    by_label(at.number_input, t("helper.q.duration", "fr")).set_value(15)
    by_label(at.button, t("helper.run", "fr")).click().run()
    no_failure(at)
    saved = next(p for p in store.load(SAMPLE_ID).partnerships if p.id == "pa-2")
    assert saved.ranking[0] == "service_concession" and saved.helper_answers["duration_years"] == 15
    at.button(key="choose-pa-2-service_concession").click().run()
    saved = next(p for p in store.load(SAMPLE_ID).partnerships if p.id == "pa-2")
    assert saved.structure == "service_concession"
    assert "risque d'exploitation" in saved.reasons
    assert saved.checklist[0].text == "Délibérer sur le principe de la délégation"


def test_a_new_measurement_moves_the_dashboard(open_app, store: Store):
    at = open_app("monitoring")
    at.session_state["monitoring_tab"] = t("monitoring.tab.measurements", "fr")
    at.run()
    by_label(at.selectbox, t("monitoring.choose", "fr")).select("mi-2").run()
    by_label(at.text_input, f"{t('field.value', 'fr')} (jeux)").input("45")
    by_label(at.button, t("monitoring.add_measurement_do", "fr")).click().run()
    no_failure(at)
    ind = next(i for i in store.load(SAMPLE_ID).indicators if i.id == "mi-2")
    assert ind.measurements[-1].value == 45.0  # today, after the measurement of June
    at.session_state["monitoring_tab"] = t("monitoring.tab.dashboard", "fr")
    at.run()
    achieved = next(m for m in at.metric if m.label == t("progress.achieved", "fr"))
    assert achieved.value == "1"


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("tab", ["review", "trace", "documents", "import", "history"])
def test_every_tab_of_the_review_page(open_app, tab, lang):
    at = open_app("export", lang=lang)
    at.session_state["export_tab"] = t(f"export.tab.{tab}", lang)
    at.run()
    no_failure(at)


def test_review_lists_gaps_with_the_step_to_fix(open_app, store: Store):
    open_app()
    doc = store.load(SAMPLE_ID)
    store.save(
        doc.model_copy(
            update={
                "actions": [
                    doc.actions[0].model_copy(update={"owner_service": "", "project_lead": ""}),
                    *doc.actions[1:],
                ]
            }
        ),
        base_revision=1,
    )
    at = open_app("export")
    no_failure(at)
    text = " ".join(m.value for m in at.markdown).replace("\\\\", "")
    assert "4. Plan d'actions opérationnel" in text and "n'a pas de pilote" in text


def test_traceability_shows_the_chain(open_app):
    at = open_app("export", lang="en")
    at.session_state["export_tab"] = t("export.tab.trace", "en")
    at.run()
    text = " ".join(m.value for m in at.markdown).replace("\\\\", "")
    assert "Un territoire numérique inclusif" in text and "Personnes accompagnées dans les espaces de médiation" in text


def test_workshop_from_opening_to_write_back(open_app, store: Store):
    from domain.storage import WorkshopStore

    # The facilitator's page is in English; the strategy is French: what is written into the
    # strategy (scorer, source) is in French.
    facilitator = open_app("workshop", lang="en")
    facilitator.selectbox(key=language_key("ws_kind", "en")).select("score_issues").run()
    by_label(facilitator.button, t("workshop.open", "en")).click().run()
    no_failure(facilitator)
    assert t("workshop.no_votes_yet", "en") in [i.value for i in facilitator.info]  # not an empty table
    ws = WorkshopStore(store.engine)
    (live,) = ws.of_strategy(SAMPLE_ID)
    assert live.items == ("is-1", "is-2", "is-3", "is-4") and live.criteria[0] == "population"

    phone = AppTest.from_file(APP, default_timeout=60)
    phone.query_params["join"] = live.code.lower()
    phone.run()
    no_failure(phone)
    assert phone.sidebar.get("progress") == [] and len(phone.title) == 1  # nothing of the strategy
    by_label(phone.text_input, t("participate.name", "fr")).input("Camille")
    by_label(phone.button, t("participate.join", "fr")).click().run()
    for slider in phone.select_slider:
        slider.set_value(5)
    by_label(phone.button, t("participate.send", "fr")).click().run()
    no_failure(phone)
    assert t("participate.saved", "fr") in [s.value for s in phone.success]
    assert len(ws.ballots(live.id)) == 4 * 8

    reopened = AppTest.from_file(APP, default_timeout=60)  # the same phone, its page opened again
    reopened.query_params["join"] = live.code.lower()
    pid = phone.query_params["p"]
    reopened.query_params["p"] = pid[0] if isinstance(pid, list) else pid
    reopened.run()
    no_failure(reopened)
    assert [s.value for s in reopened.select_slider] == [5] * 32  # its earlier votes, not the defaults

    facilitator.run()
    table = next(d.value for d in facilitator.dataframe if t("workshop.median", "en") in d.value.columns)
    assert len(table) == 32 and set(table[t("workshop.median", "en")]) == {"5"}  # written as the page writes
    assert set(table[t("field.label", "en")]) == {c.label for c in store.load(SAMPLE_ID).criteria}
    by_label(facilitator.button, t("workshop.close", "en")).click().run()
    no_failure(facilitator)
    issue = next(i for i in store.load(SAMPLE_ID).issues if i.id == "is-4")
    workshop_scores = [sc for sc in issue.scores if sc.by.startswith("Atelier")]
    assert len(workshop_scores) == 8 and {sc.value for sc in workshop_scores} == {5}
    assert workshop_scores[0].source.endswith(", 1 participant")  # singular
    assert "Workshop" not in workshop_scores[0].by
    assert ws.get(live.id).written_back

    phone.run()
    assert t("participate.closed", "fr") in [i.value for i in phone.info]


def test_a_wrong_code_is_said_on_the_phone(open_app):
    open_app()  # seeds the store
    phone = AppTest.from_file(APP, default_timeout=60)
    phone.query_params["join"] = "ZZZZZZ"
    phone.run()
    no_failure(phone)
    assert any("ZZZZZZ" in w.value for w in phone.warning)


def test_presentation_mode_shows_the_key_views(open_app):
    at = open_app()
    at.session_state["presenting"] = True
    at.run()
    no_failure(at)
    for slide in ("matrix", "axes", "timeline", "dashboard"):
        at.session_state[language_key(Key.SLIDE, "fr")] = slide
        at.run()
        no_failure(at)
        assert t(f"present.{slide}", "fr") in [h.value for h in at.header]


def test_a_large_plans_timeline_slide_shows_one_axis_at_a_time(open_app, store: Store):
    from benchmarks.generate import large_strategy

    doc = store.create(large_strategy())
    at = open_app(strategy=doc.id)
    at.session_state["presenting"] = True
    at.session_state[language_key(Key.SLIDE, "fr")] = "timeline"
    at.run()
    no_failure(at)
    chooser = at.segmented_control(key=language_key(Key.SLIDE_AXIS, "fr"))
    assert len(chooser.options) == len(doc.axes) and chooser.value == doc.axes[0].id
    shown = {row["label"] for row in _timeline_rows(at)}
    assert shown == {a.label[:60] for a in doc.actions if a.axis_id == doc.axes[0].id and a.start and a.end}
    assert len(shown) < len([a for a in doc.actions if a.start and a.end])
    chooser.set_value(doc.axes[1].id).run()
    assert {row["axis"] for row in _timeline_rows(at)} == {doc.axes[1].title}


def _timeline_rows(at: AppTest) -> list[dict[str, str]]:
    import json

    (chart,) = [e for e in at.get("bidi_component") if "spec" in json.loads(e.proto.json)]
    spec = json.loads(chart.proto.json)["spec"]
    return spec["layer"][0]["data"]["values"]


def test_presenting_leaves_one_tool_in_the_sidebar_the_way_out(open_app, store: Store):
    at = open_app(lang="en")
    at.sidebar.toggle(key="presenting").set_value(True).run()
    no_failure(at)
    assert [b.label for b in at.sidebar.button] == [t("sidebar.leave_present", "en")]
    assert (len(at.sidebar.toggle), len(at.sidebar.segmented_control), len(at.sidebar.selectbox)) == (0, 0, 0)
    at.run()  # the mode and the language hold without their switches drawn
    assert at.session_state["presenting"] is True and at.session_state["lang"] == "en"
    assert t("present.map", "en") in [h.value for h in at.header]
    at.sidebar.button[0].click().run()
    no_failure(at)
    assert at.session_state["presenting"] is False and at.sidebar.toggle(key="presenting").value is False
    assert at.sidebar.segmented_control(key="lang").value == "en"  # the language switch shows its choice
    assert store.people.preferences("local").presenting is False


@pytest.mark.parametrize("page", list(PAGES))
def test_a_stranger_reaches_no_strategy_by_any_address(open_app, page):
    """Another device, no identity provider: whatever the URL, the sign-in page and the way to a
    workshop, nothing of any strategy."""
    open_app()  # seeds the store
    at = open_app(user=None)
    no_failure(at)
    if page != "home":  # the page's address gives the sign-in page; its script is not even registered
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(PAGES[page])
    assert [x.value for x in at.title] == [t("signin.title", "fr")]
    assert "doc" not in at.session_state and at.sidebar.get("progress") == []
    assert t("signin.machine_only", "fr") in [i.value for i in at.info]
    texts = " ".join(str(e.proto) for e in at.main)
    assert "Fougères" not in texts and SAMPLE_ID not in texts


def test_a_viewer_sees_every_page_and_cannot_save(open_app, store: Store):
    from components.identity import User

    open_app()  # seeds the sample, which the machine owns
    store.members.set(SAMPLE_ID, "elu@agglo.fr", "viewer", by="local")
    viewer = User("elu@agglo.fr", "Élu")
    for page in ("home", "assessment", "actions", "monitoring", "export"):
        at = open_app(page, user=viewer)
        no_failure(at)
        assert t("sidebar.read_only", "fr") in [i.value for i in at.sidebar.info]
    at = open_app(user=viewer)
    by_label(at.text_input, t("field.consultant", "fr")).input("Lecteur")
    by_label(at.button, t("form.save", "fr")).click().run()
    assert t("save.read_only", "fr") in [x.value for x in at.toast]
    assert store.load(SAMPLE_ID).authors.consultant != "Lecteur"
    workshop = open_app("workshop", user=viewer)
    assert t("workshop.editors_only", "fr") in [i.value for i in workshop.info]


def test_someone_not_invited_sees_no_strategy(open_app, store: Store):
    from components.identity import User

    open_app()
    at = open_app(user=User("inconnu@ailleurs.fr", "Inconnu"))
    no_failure(at)
    assert "doc" not in at.session_state
    assert t("home.empty", "fr") in [i.value for i in at.info]
    assert any(w.value.startswith(t("home.missing", "fr", id="|").split("|")[0]) for w in at.warning)


def test_the_owner_invites_and_revokes(open_app, store: Store):
    at = open_app()
    by_label(at.text_input, t("members.email", "fr")).input("Cheffe@Agglo.fr")
    by_label(at.button, t("members.invite", "fr")).click().run()
    no_failure(at)
    assert {(m.email, m.role) for m in store.members.of(SAMPLE_ID)} == {
        ("local", "owner"),
        ("cheffe@agglo.fr", "editor"),
    }
    by_label(at.button, t("members.revoke", "fr")).click().run()
    assert [m.email for m in store.members.of(SAMPLE_ID)] == ["local"]


def test_a_read_only_link_shows_the_strategy_to_another_device_until_revoked(open_app, store: Store):
    open_app()
    token = store.members.create_link(SAMPLE_ID, by="local")
    elected = AppTest.from_file(APP, default_timeout=60)  # another device: no identity of its own
    elected.query_params["view"] = token
    elected.run()
    no_failure(elected)
    assert elected.session_state["doc"].id == SAMPLE_ID
    assert t("sidebar.read_only", "fr") in [i.value for i in elected.sidebar.info]
    store.members.revoke_link(SAMPLE_ID, token, by="local")
    elected.run()
    assert [x.value for x in elected.title] == [t("signin.title", "fr")]


def test_governance_is_saved_and_reaches_the_report(open_app, store: Store):
    at = open_app("governance")
    by_label(at.text_input, t("field.elected_lead", "fr")).input("Vice-présidente à l'innovation")
    by_label(at.text_area, t("field.decisions", "fr")).input("Le conseil adopte ; le bureau arbitre.")
    at.button[0].click().run()
    no_failure(at)
    saved = store.load(SAMPLE_ID)
    assert saved.governance.elected_lead == "Vice-présidente à l'innovation"
    assert saved.governance.decisions == "Le conseil adopte ; le bureau arbitre."
    from reports.content import Table, report_blocks

    blocks = list(report_blocks(saved, "fr", sections=("governance",)))
    rows = dict(next(b for b in blocks if isinstance(b, Table)).rows)
    assert rows[t("field.elected_lead", "fr")] == "Vice-présidente à l'innovation"


def test_clicking_the_language_in_use_keeps_it(open_app):
    at = open_app("actions", lang="en")
    at.segmented_control(key="lang").set_value(None).run()
    no_failure(at)
    assert at.session_state["lang"] == "en"
    assert [x.value for x in at.title] == [f"4. {t('step.4.title', 'en')}"]


def test_a_first_visit_is_offered_the_example(open_app):
    at = open_app(strategy=None)
    assert t("home.first_visit", "fr") in [i.value for i in at.info]
    by_label(at.button, t("home.open_sample", "fr")).click().run()
    no_failure(at)
    assert at.session_state["sid"] == SAMPLE_ID


def test_the_open_tab_stays_open_when_the_language_changes(open_app):
    at = open_app("issues")
    at.session_state["issues_tab"] = t("issues.matrix", "fr")
    at.run()
    at.session_state["lang"] = "en"  # as the sidebar's switch does
    at.run()
    no_failure(at)
    assert at.session_state["issues_tab"] == t("issues.matrix", "en")
    quadrants = " ".join(m.value for m in at.markdown)
    assert t("quadrant.quick_wins", "en") in quadrants  # the matrix's placement, in English


@pytest.mark.parametrize("step, page", [(1, "assessment"), (3, "axes")])
def test_a_steps_guidance_is_written_only_once_its_box_is_opened(open_app, step, page):
    """Folded, the method's guidance was still written out, and read by the browser, on every
    visit of every step."""
    guidance = t(f"guidance.step{step}", "fr")[:60]
    at = open_app(page)
    no_failure(at)
    assert not any(guidance in m.value for m in at.markdown)
    at = open_app(page, unfold=(f"{Key.GUIDANCE_BOX}.{step}",))
    assert any(guidance in m.value for m in at.markdown)
