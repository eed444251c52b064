"""The reporting calendar: the next measurement of each indicator, as an iCalendar file that
each owner can import into their agenda (one all-day event per indicator)."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from domain.model import Strategy
from domain.monitoring import next_measurement
from i18n import t


def reporting_calendar(s: Strategy, today: dt.date, *, owner: str | None = None, lang: str = "fr") -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Territorial innovation strategy//reporting calendar//FR")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", s.title)
    for ind in s.indicators:
        if owner is not None and ind.owner != owner:
            continue
        due = next_measurement(ind, today)
        event = Event()
        event.add("uid", f"{s.id}-{ind.id}-{due.isoformat()}@strategy")
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("summary", t("ics.summary", lang, name=ind.name))
        lines = [s.title, f"{ind.name} ({ind.unit})" if ind.unit else ind.name]
        if ind.owner:
            lines.append(t("ics.owner", lang, owner=ind.owner))
        if ind.source:
            lines.append(t("ics.source", lang, source=ind.source))
        event.add("description", "\n".join(lines))
        if ind.owner:
            event.add("categories", [ind.owner])
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical
