"""Numbers, money and dates in a language's way (Babel): the one formatting stack of the app,
used by the screens (in the user's language) and by the documents (in theirs)."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def number(value: float | None, lang: str, digits: int = 0) -> str:
    """Grouped thousands and up to `digits` decimals, no trailing zeros ("1 234,5")."""
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def money(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
    return _money(value, lang)


@functools.lru_cache(maxsize=8192)
def _money(value: float, lang: str) -> str:
    # A report of 200 action sheets writes the same amounts thousands of times; Babel takes
    # about 0.1 ms for each.
    return format_currency(value, "EUR", format="#,##0 ¤", locale=LOCALES[lang], currency_digits=False)


def percent(value: float, lang: str) -> str:
    """Up to two decimals, as a rule needs them: 4.5 % is not 4 % and 19.99 % is not 20 %."""
    # The locale's own pattern (its spacing), with up to three decimals kept rather than cut (16.404 %).
    return format_percent(round(value, 5), locale=LOCALES[lang], decimal_quantization=False)


def date(value: dt.date | str | None, lang: str) -> str:
    """A date as a reader of the language writes it ("1er juin 2026", "1 Jun 2026"); an ISO
    date given as text (a rules table's) too."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if value is None:
        return "—"
    text = format_date(value, format="medium", locale=LOCALES[lang])
    return "1er" + text[1:] if lang == "fr" and value.day == 1 and text.startswith("1 ") else text


def timestamp(value: dt.datetime | None, lang: str, zone: str = "Europe/Paris") -> str:
    """A moment on the clock of the territory (`zone`): stored times are UTC."""
    if value is None:
        return "—"
    moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return format_datetime(moment, format="short", tzinfo=ZoneInfo(zone), locale=LOCALES[lang])


def clock(value: dt.datetime, zone: str = "Europe/Paris") -> str:
    """Hours and minutes on the territory's clock."""
    moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return moment.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def decimal_text(value: float | None, lang: str, digits: int = 2) -> str:
    """A number as a reader of the language types it ("3,2" on a French page, "3.2" on an
    English one), with up to `digits` decimals and no trailing zeros; "" for no value."""
    if value is None:
        return ""
    pattern = "0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(text: str, lang: str) -> float | None:
    """What a user typed as a number: "3,2" or "3.2" on a French page, "1 234,5" or "1,234.5"
    as the language groups thousands; None when empty. ValueError when it is not a number."""
    raw = _SPACES.sub("", text or "")
    if not raw:
        return None
    if "," in raw and "." in raw:  # one of them groups thousands: the one that comes first
        group, point = (".", ",") if raw.index(".") < raw.index(",") else (",", ".")
        whole, _, decimals = raw.rpartition(point)
        if not re.fullmatch(r"[+-]?\d{1,3}(" + re.escape(group) + r"\d{3})+", whole):
            raise ValueError(text)
        raw = whole.replace(group, "") + "." + decimals
    elif "," in raw:  # a decimal comma, unless an English page groups thousands ("1,234")
        raw = raw.replace(",", "") if lang != "fr" and _THOUSANDS.fullmatch(raw) else raw.replace(",", ".")
    if not _NUMBER.fullmatch(raw):
        raise ValueError(text)
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(text)
    return value


_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+")
