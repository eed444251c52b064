"""A figure declared for the action sheet on the model is typed on the sheet's framing tab,
as the language writes numbers, and saved; a refused one is said and saves nothing."""

from __future__ import annotations

import pytest

from components.formatting import number
from components.keys import Key
from components.widgets import language_key
from domain.sheet_fields import field_label, sheet_fields
from domain.storage import Store
from i18n import t
from tests.app.conftest import SAMPLE_ID, by_label

NUMBERS = [f for f in sheet_fields() if f.kind == "number"]


def framing_save(at):  # type: ignore[no-untyped-def]
    """The framing form's own button (each part of the sheet has its form and button)."""
    return next(b for b in at.button if b.proto.form_id.startswith("framing-"))


@pytest.mark.parametrize("field", NUMBERS, ids=lambda f: f.name)
def test_a_declared_figure_is_typed_on_the_sheet_and_saved(open_app, store: Store, field):
    at = open_app("actions")
    at.session_state["actions_tab"] = t("actions.tab.sheet", "fr")
    at.run()
    first = store.load(SAMPLE_ID).actions[0]
    assert at.session_state[language_key(Key.ACTION_DETAIL, "fr")] == first.id
    label = field_label(field, lambda key: t(key, "fr"))
    by_label(at.text_input, label).input("douze")
    framing_save(at).click().run()
    assert any("douze" in e.value for e in at.error)  # said under the field
    assert getattr(store.load(SAMPLE_ID).actions[0], field.name) == getattr(first, field.name)  # nothing saved
    by_label(at.text_input, label).input("99999999999")
    framing_save(at).click().run()
    limit = number(field.high, "fr", 6)  # grouped as French writes it: "10 000 000"
    assert "\u202f" in limit and any(limit in e.value for e in at.error)
    by_label(at.text_input, label).input("-12,5" if (field.low or 0) < 0 else "12,5")
    framing_save(at).click().run()
    assert [e.value for e in at.exception] == []
    saved = getattr(store.load(SAMPLE_ID).actions[0], field.name)
    assert saved == (-12.5 if (field.low or 0) < 0 else 12.5)
