"""Render a ``DateValue`` as a TIMEX3 ``value`` (TimeML), to compare with annotated corpora.

The shape comes from the range and its precision: a day gives ``YYYY-MM-DD``, a week
``YYYY-Www`` (a Saturday–Sunday pair ``YYYY-Www-WE``), a calendar month ``YYYY-MM``, a
calendar quarter ``YYYY-Qn``, a half ``YYYY-Hn``, a meteorological season ``YYYY-SP|SU|FA|WI``,
a year ``YYYY``, a decade ``YYY``. Open ranges become ``PAST_REF`` / ``FUTURE_REF`` and the
words for "now" ``PRESENT_REF``.
"""
from __future__ import annotations

import datetime as dt

from polemos.model import DateValue
from polemos.resolve.dates import PRESENT_WORDS, SEASONS, month_end, normalise, strip_lead

_SEASON_CODES = {first: code for first, code in SEASONS.values()}


def to_timex(value: DateValue) -> str | None:
    """The TIMEX3 value for ``value``; None when it has none (unresolved)."""
    if value.text and strip_lead(normalise(value.text)) in PRESENT_WORDS and value.start:
        return "PRESENT_REF"
    if value.start is None:
        return "PAST_REF" if value.end else None
    if value.end is None:
        return "FUTURE_REF" if value.precision == "unknown" else _render(value, dt.date.fromisoformat(value.start))
    return _render(value, dt.date.fromisoformat(value.start), dt.date.fromisoformat(value.end))


def _render(value: DateValue, start: dt.date, end: dt.date | None = None) -> str | None:
    precision = value.precision
    if precision == "day":
        return start.isoformat()
    if precision == "week":
        year, week, _ = start.isocalendar()
        weekend = start.weekday() == 5 and end == start + dt.timedelta(days=1)
        return f"{year:04d}-W{week:02d}" + ("-WE" if weekend else "")
    if precision == "month":
        return _months(start, end)
    if precision == "year":
        decade = (start.year % 10 == 0 and (start.month, start.day) == (1, 1) and end is not None
                  and end == dt.date(start.year + 9, 12, 31))
        return f"{start.year // 10:03d}" if decade else f"{start.year:04d}"
    return None


def _months(start: dt.date, end: dt.date | None) -> str:
    """A run of whole calendar months: a quarter, a half, a season; else the first month."""
    if end is not None and start.day == 1 and end == month_end(end.year, end.month):
        span = (end.year - start.year) * 12 + end.month - start.month + 1
        if span == 3 and start.month in (1, 4, 7, 10):
            return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
        if span == 3 and start.month in _SEASON_CODES:
            return f"{start.year:04d}-{_SEASON_CODES[start.month]}"
        if span == 6 and start.month in (1, 7):
            return f"{start.year:04d}-H{1 if start.month == 1 else 2}"
        if span == 12 and start.month == 1:
            return f"{start.year:04d}"
    return f"{start.year:04d}-{start.month:02d}"

