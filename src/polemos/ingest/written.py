"""Calendar dates as headers write them: "March 3, 2014", "3 May 2024", "Sept. 1", "2014-03-03", "03/04/2014".

Used by the dateline and publication-date readers (``datelines``, ``pubdate``). A written date is
read as it stands; a year is never filled in here (the caller decides where a missing year may
come from). A date that cannot exist ("Feb. 30", a year 2301) is returned with ``problem`` set,
so that the caller can warn instead of failing or guessing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from polemos.text import MONTHS

EARLIEST_YEAR = 1900
LATEST_YEAR = 2100  # a header year past this is a typo (and the caller checks against publication)

_MONTH = rf"(?P<{{g}}>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|sday)?\.?,?\s+)?"
_ORD = r"(?:st|nd|rd|th)?"
# Month first: "March 3, 2014", "Mar. 3 2014", "Sept. 1", "Monday, March 3, 2014"
MDY = re.compile(r"\b" + _WEEKDAY + _MONTH.format(g="month") + rf"\s+(?P<day>\d{{1,2}}){_ORD}\b(?:,?\s+(?P<year>\d{{4}})\b)?",
                 re.IGNORECASE)
# Day first: "3 May 2024", "03 May, 2024", "3rd of May", "Friday 3 May"
DMY = re.compile(r"\b" + _WEEKDAY + rf"(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?" + _MONTH.format(g="month")
                 + r"(?:,?\s+(?P<year>\d{4})\b)?", re.IGNORECASE)
# Month and year only: "March 2014"
MY = re.compile(r"\b" + _MONTH.format(g="month") + r",?\s+(?P<year>\d{4})\b", re.IGNORECASE)
ISO = re.compile(r"\b(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})\b")
NUMERIC = re.compile(r"\b(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<year>\d{4}|\d{2})\b")


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A date as written: ``year`` None when the text gives none, ``day`` None for a month."""

    text: str
    start: int            # offsets of ``text`` in the string it was found in
    end: int
    year: int | None
    month: int
    day: int | None
    ambiguous: bool = False       # "03/04/2014": day and month could be either way round
    problem: str | None = None    # why it cannot be a real date ("February 30", "year 2301")

    @property
    def iso(self) -> str | None:
        """YYYY-MM-DD for a full, real date; None otherwise."""
        if self.problem or self.year is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def partial(self) -> str:
        """ISO 8601 with what is known: "2014-03-03", "--09-01" (no year), "2014-03" (no day)."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day or 0:02d}"
        return self.iso or f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


def find_written_dates(text: str) -> list[WrittenDate]:
    """Every calendar date written in ``text``, in order, overlapping readings dropped (the longest wins)."""
    found = [_from_named(m) for pattern in (MDY, DMY) for m in pattern.finditer(text)]
    found += [_from_iso(m) for m in ISO.finditer(text)]
    found += [_from_numeric(m) for m in NUMERIC.finditer(text)]
    found += [_from_month_year(m) for m in MY.finditer(text)]
    kept: list[WrittenDate] = []
    for date in sorted((d for d in found if d is not None), key=lambda d: (-(d.end - d.start), d.start)):
        if not any(date.start < k.end and k.start < date.end for k in kept):
            kept.append(date)
    return sorted(kept, key=lambda d: d.start)


def parse_written_date(text: str) -> WrittenDate | None:
    """The date ``text`` is (it may have a weekday before and a time of day after), or None."""
    dates = find_written_dates(text)
    return dates[0] if dates else None


def _from_named(m: re.Match) -> WrittenDate | None:
    month = MONTHS[m["month"].lower()]
    year = int(m["year"]) if m["year"] else None
    if not m["month"][0].isupper():  # "they may 3": headers capitalise their months
        return None
    return _checked(m.group(0), m.start(), m.end(), year, month, int(m["day"]))


def _from_iso(m: re.Match) -> WrittenDate | None:
    return _checked(m.group(0), m.start(), m.end(), int(m["year"]), int(m["month"]), int(m["day"]))


def _from_numeric(m: re.Match) -> WrittenDate | None:
    a, b, year = int(m["a"]), int(m["b"]), int(m["year"])
    year = year + 2000 if year < 100 and len(m["year"]) == 2 else year
    if a > 12 and b <= 12:  # 25/03/2014: day first
        return _checked(m.group(0), m.start(), m.end(), year, b, a)
    # month first (US) unless the day cannot be a month; when both could be, say so
    return _checked(m.group(0), m.start(), m.end(), year, a, b, ambiguous=a <= 12 and b <= 12 and a != b)


def _from_month_year(m: re.Match) -> WrittenDate | None:
    if not m["month"][0].isupper():
        return None
    year = int(m["year"])
    problem = None if EARLIEST_YEAR <= year <= LATEST_YEAR else f"year {year} is outside {EARLIEST_YEAR}..{LATEST_YEAR}"
    return WrittenDate(m.group(0), m.start(), m.end(), year, MONTHS[m["month"].lower()], None, problem=problem)


def _checked(text: str, start: int, end: int, year: int | None, month: int, day: int, *,
             ambiguous: bool = False) -> WrittenDate | None:
    if not 1 <= month <= 12:
        return None
    problem = None
    if year is not None and not EARLIEST_YEAR <= year <= LATEST_YEAR:
        problem = f"year {year} is outside {EARLIEST_YEAR}..{LATEST_YEAR}"
    elif day < 1 or day > _days_in(month, year):
        problem = f"{dt.date(2000, month, 1):%B} has no day {day}" + (f" in {year}" if year else "")
    return WrittenDate(text, start, end, year, month, day, ambiguous, problem)


def _days_in(month: int, year: int | None) -> int:
    if month == 2:
        return 29 if year is None or (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def complete(date: WrittenDate, *, before: dt.date) -> str | None:
    """A yearless "Sept. 1" as the nearest such day on or before ``before`` (a dateline is never
    dated after its own story's publication); None when the day cannot exist in that year."""
    if date.day is None or date.problem:
        return None
    for year in (before.year, before.year - 1):
        try:
            day = dt.date(year, date.month, date.day)
        except ValueError:
            continue
        if day <= before:
            return day.isoformat()
    return None
