"""Streamlit's own widget texts and numbers in the user's language (components/widgets.py)."""

from __future__ import annotations

import pytest

from components.keys import Key
from domain.storage import Store
from i18n import t
from tests.app.conftest import SAMPLE_ID, by_label


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_choices_say_choose_in_the_users_language(open_app, lang):
    at = open_app("actions", lang=lang)
    placeholders = {s.proto.placeholder for s in [*at.selectbox, *at.multiselect]}
    assert placeholders <= {t("widget.choose_one", lang), t("widget.choose_many", lang), t("widget.no_options", lang)}
    assert not {"Choose an option", "Choose options", "No options to select"} & placeholders


def test_a_decimal_is_shown_and_read_with_a_comma_on_a_french_page(open_app, store: Store):
    at = open_app("assessment", unfold=(Key.TERRITORY_FORM_BOX,))
    area = by_label(at.text_input, t("field.area_km2", "fr"))
    shown = store.load(SAMPLE_ID).territory.area_km2
    assert area.value == f"{shown:g}".replace(".", ",")
    area.input("1 234,5")
    by_label([b for b in at.button if "territory" in str(b.form_id)], t("form.save", "fr")).click().run()
    assert [e.value for e in at.error] == []
    assert store.load(SAMPLE_ID).territory.area_km2 == 1234.5


@pytest.mark.parametrize(("typed", "says"), [("douze", "widget.not_a_number"), ("-3", "widget.number_below")])
def test_a_number_that_cannot_be_read_is_said_at_the_field_and_saves_nothing(open_app, store: Store, typed, says):
    at = open_app("assessment", unfold=(Key.TERRITORY_FORM_BOX,))
    before = store.latest_revision(SAMPLE_ID)
    by_label(at.text_input, t("field.area_km2", "fr")).input(typed)
    by_label([b for b in at.button if "territory" in str(b.form_id)], t("form.save", "fr")).click().run()
    label = t("field.area_km2", "fr")
    expected = t(says, "fr", label=label, text=typed, limit="0")
    assert [e.value for e in at.error] == [expected]
    assert store.latest_revision(SAMPLE_ID) == before
    assert by_label(at.text_input, label).value == typed  # what was typed stays, to be corrected


def test_what_was_typed_in_a_refused_number_stays_text(open_app, store: Store):
    at = open_app("assessment", unfold=(Key.TERRITORY_FORM_BOX,))
    before = store.latest_revision(SAMPLE_ID)
    by_label(at.text_input, t("field.area_km2", "fr")).input("**12** <b>x</b>")
    by_label([b for b in at.button if "territory" in str(b.form_id)], t("form.save", "fr")).click().run()
    (shown,) = [e.value for e in at.error]
    assert "\\*\\*12\\*\\*" in shown and "**12**" not in shown.replace("\\*", "")
    assert store.latest_revision(SAMPLE_ID) == before
