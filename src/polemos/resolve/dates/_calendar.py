"""Calendar arithmetic and the word tables the date rules read.

Kept apart from ``_rules`` so that the rules read as rules: weeks run Monday–Sunday
(ISO 8601), months and quarters are calendar ones, seasons are meteorological (spring =
March–May), as TIMEX3 and most news writing assume.
"""
from __future__ import annotations

import calendar
import datetime as dt

from polemos.model import DateValue

WEEKDAYS = {
    "monday": 0, "tuesday": 1, "tues": 1, "wednesday": 2, "thursday": 3, "thurs": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "a few": 3, "few": 3, "several": 3, "a couple of": 2,
    "couple of": 2,
}
ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
# meteorological seasons: first month and TIMEX3 code
SEASONS = {"spring": (3, "SP"), "summer": (6, "SU"), "fall": (9, "FA"), "autumn": (9, "FA"), "winter": (12, "WI")}
UNITS = {"day": "day", "days": "day", "week": "week", "weeks": "week", "month": "month", "months": "month",
         "year": "year", "years": "year", "decade": "decade", "decades": "decade"}

ISO = dt.date.isoformat
# how much less likely a date ahead of publication is than one as far behind it (wire copy
# reports what happened far more than what is scheduled)
FUTURE_PENALTY = 4


def number(word: str) -> int | None:
    """A count written as digits or as a small number word ("two", "a few")."""
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def shift(day: dt.date, amount: int, unit: str) -> dt.date:
    """``day`` moved by ``amount`` units (negative = into the past)."""
    if unit == "day":
        return day + dt.timedelta(days=amount)
    if unit == "week":
        return day + dt.timedelta(weeks=amount)
    if unit == "month":
        return add_months(day, amount)
    if unit == "year":
        return add_months(day, 12 * amount)
    return add_months(day, 120 * amount)  # decade


def day_value(day: dt.date, text: str) -> DateValue:
    return DateValue(ISO(day), ISO(day), "day", text)


def week_value(day: dt.date, text: str) -> DateValue:
    monday = day - dt.timedelta(days=day.weekday())
    return DateValue(ISO(monday), ISO(monday + dt.timedelta(days=6)), "week", text)


def month_value(year: int, month: int, text: str) -> DateValue:
    return DateValue(ISO(dt.date(year, month, 1)), ISO(month_end(year, month)), "month", text)


def quarter_value(year: int, quarter: int, text: str) -> DateValue:
    first = 3 * (quarter - 1) + 1
    return DateValue(ISO(dt.date(year, first, 1)), ISO(month_end(year, first + 2)), "month", text)


def season_value(year: int, season: str, text: str) -> DateValue:
    first = SEASONS[season][0]
    last = add_months(dt.date(year, first, 1), 2)
    return DateValue(ISO(dt.date(year, first, 1)), ISO(month_end(last.year, last.month)), "month", text)


def year_value(year: int, text: str) -> DateValue:
    return DateValue(f"{year:04d}-01-01", f"{year:04d}-12-31", "year", text)


def unit_value(day: dt.date, unit: str, text: str) -> DateValue:
    """The calendar unit (day, week, month, year, decade) that contains ``day``."""
    if unit == "day":
        return day_value(day, text)
    if unit == "week":
        return week_value(day, text)
    if unit == "month":
        return month_value(day.year, day.month, text)
    if unit == "year":
        return year_value(day.year, text)
    first = day.year - day.year % 10
    return DateValue(f"{first:04d}-01-01", f"{first + 9:04d}-12-31", "year", text)


def part_of_month(year: int, month: int, part: str, text: str) -> DateValue:
    """early = days 1–10, mid = 11–20, late = 21 to the end (a third of the month each)."""
    bounds = {"early": (1, 10), "mid": (11, 20), "late": (21, month_end(year, month).day)}
    first, last = bounds[part]
    return DateValue(ISO(dt.date(year, month, first)), ISO(dt.date(year, month, last)), "month", text)


def part_of_year(year: int, part: str, text: str) -> DateValue:
    """early = January–April, mid = May–August, late = September–December."""
    first = {"early": 1, "mid": 5, "late": 9}[part]
    return DateValue(ISO(dt.date(year, first, 1)), ISO(month_end(year, first + 3)), "year", text)


def latest_month(month: int, published: dt.date, *, future: bool) -> int:
    """The year of the named month: the latest one on or before publication (the next one if future)."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def nearest_month(month: int, published: dt.date, *, future: bool) -> int:
    """The year of a bare month name: like ``nearest_day``, the closest occurrence with a past one
    preferred ("September" in an August story is the coming one, "October" in May the last one)."""
    if future:
        return latest_month(month, published, future=True)
    back, ahead = (published.month - month) % 12, (month - published.month) % 12
    if ahead and FUTURE_PENALTY * ahead < back:
        return published.year if month > published.month else published.year + 1
    return latest_month(month, published, future=False)


def nearest_day(month: int, day: int, published: dt.date, *, future: bool) -> dt.date | None:
    """The year of a month-and-day with no year: on or after publication when the verb is future;
    otherwise the closest occurrence, a past one preferred (a date a few days ahead still wins
    over one nearly a year back, because wire copy announces dates of the coming days)."""
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:  # 29 February, 31 April
            continue
    if future:
        ahead = [c for c in candidates if c >= published]
        return min(ahead) if ahead else None
    if not candidates:
        return None
    return min(candidates, key=lambda c: (published - c).days if c <= published else FUTURE_PENALTY * (c - published).days)
