"""Numbers, money and dates in the user's locale (Babel)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def number(value: float | None, lang: str, digits: int = 0) -> str:
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def money(value: float | None, lang: str) -> str:
    if value is None:
        return "—"
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
