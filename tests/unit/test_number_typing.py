"""Numbers typed and shown as the user's language writes them (components.formatting)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.formatting import decimal_text, parse_number


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("3,2", "fr", 3.2),
        ("3.2", "fr", 3.2),  # a point typed on a numeric keypad
        ("1 234,5", "fr", 1234.5),
        ("1\u202f234,50", "fr", 1234.5),  # the narrow no-break space Babel writes
        ("1.234,5", "fr", 1234.5),
        ("1,234", "fr", 1.234),  # a comma on a French page is the decimal one
        ("-0,5", "fr", -0.5),
        ("0", "fr", 0.0),
        ("1,234.5", "en", 1234.5),
        ("1,234", "en", 1234.0),
        ("3,2", "en", 3.2),
        ("  42 ", "en", 42.0),
    ],
)
def test_typed_numbers_are_read(text, lang, value):
    assert parse_number(text, lang) == pytest.approx(value)


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_field_is_no_value(text):
    assert parse_number(text, "fr") is None


@pytest.mark.parametrize("text", ["abc", "1,2,3", "3,2.1", "1.2.3", "12,34.5", "nan", "inf", "1e400", "3 €", "--1"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text, "fr")


def test_numbers_are_shown_with_the_decimal_sign_of_the_language():
    assert decimal_text(3.2, "fr") == "3,2"
    assert decimal_text(3.2, "en") == "3.2"
    assert decimal_text(0.0, "fr") == "0"  # a baseline of 0 is a value, not an empty cell
    assert decimal_text(None, "fr") == ""


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.sampled_from(["fr", "en"]))
def test_what_is_shown_reads_back(value, lang):
    assert parse_number(decimal_text(value, lang, 10), lang) == pytest.approx(value, rel=1e-9, abs=1e-9)
