"""Datelines: the place, date and agency that open a story, in the shapes news really uses.

    TRIPOLI, May 23 (Reuters) -                  BEIJING, March 3 (Xinhua) --
    BEIRUT (AP) —           WASHINGTON (AP) _    New Delhi, Mar 3 (PTI) The government ...
    KABUL, Afghanistan (March 3, 2014) –         FORT BRAGG, N.C. (Sept. 1) —
    NEW YORK, 3 May 2024 —                       Geneva/Nairobi, 3 May 2024 –
    MOSCOW, March 3. /TASS/.                     ALEXANDRIA — City officials ...
    3 May 2024 — The Security Council ...        (a date-first line: UN News, briefings)

A dateline is read from one line's clean text (``textlines.Line``) as: place parts (separated by
commas or slashes), then a date (after a comma or in brackets), then an agency (in brackets or
between slashes), then a separator (a dash, a colon, or the line's end; after an agency, a space
is enough). It counts as a dateline when the place is in capitals, or it has an agency or a date,
or it is the body's first line and ends in a dash. The date is returned as written (a year may
be missing); ``pubdate`` decides what it means for the article.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from polemos.ingest.textlines import Line
from polemos.ingest.written import WrittenDate, find_written_dates
from polemos.text import MONTHS

_LOWER_LINKS = r"(?:al|el|ad|ag|an|ar|as|ash|at|az|ad-|de|del|des|du|da|di|la|le|les|of|the|upon|sur|en|bin|ibn|on|am|im)"
_WORD = r"(?:[A-Z][\w'’.\-]*|[a-z]{1,3}-[A-Z][\w'’.\-]*)"
_MONTH_AHEAD = rf"(?!(?i:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?\s*\d)"
_PART = rf"{_MONTH_AHEAD}{_WORD}(?:\s+(?:{_LOWER_LINKS}\s+)?{_MONTH_AHEAD}{_WORD}){{0,4}}"
PLACES = re.compile(rf"{_PART}(?:\s*[,/]\s*{_PART}){{0,3}}")
AGENCY = re.compile(r"\s*(?:\((?P<paren>[A-Za-z][A-Za-z .&'’-]{0,40}?)\)|/(?P<slash>[A-Z][A-Za-z .-]{0,20})/\.?)")
SEPARATOR = re.compile(r"\s*(?:-{1,3}|[\u2010-\u2015\u2212]+|_{1,2}|:|\|)(?:\s+|$)|\s*$")
_OPEN = re.compile(r"\s*\(\s*")
_COMMA = re.compile(r"\s*,\s*|\s+")
_BODY_START = re.compile(r"[A-Z0-9\"“‘'(\[]")
# words that are never the place of a dateline (a byline, a release header, a label)
_NOT_PLACES = frozenset({"by", "for", "posted", "published", "updated", "date", "release", "press", "news", "photo",
                         "the", "a", "an", "this", "in", "on", "at", "he", "she", "it", "they", "we", "i"})


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found in the article text (all offsets are into the text as given)."""

    text: str                   # the dateline as written, separator included
    start: int
    end: int
    place: str | None           # the first place part ("KABUL"), None for a date-first line
    place_start: int | None
    place_end: int | None
    region: str | None          # what follows it ("Afghanistan", "N.C."), joined with ", "
    date: WrittenDate | None    # as written; ``date.start``/``end`` are offsets into the text
    agency: str | None
    capitals: bool              # the place is written in capitals (the surest sign of a dateline)


def read_dateline(line: Line, *, text: str, first_body_line: bool = False) -> Dateline | None:
    """The dateline at the start of ``line`` (a line of the article ``text``), or None."""
    s = line.clean
    lead = len(s) - len(s.lstrip())
    dated = _date_first(line, lead, text)
    if dated is not None:
        return dated
    m = PLACES.match(s, lead)
    if m is None or s[lead:m.end()].split()[0].lower().strip(",") in _NOT_PLACES:
        return None
    parts = [p.strip() for p in re.split(r"\s*[,/]\s*", m.group(0)) if p.strip()]
    pos = m.end()
    date, pos = _date_after(s, pos)
    agency_match = AGENCY.match(s, pos)
    agency = None
    if agency_match and not find_written_dates(agency_match.group(0)):
        agency = (agency_match["paren"] or agency_match["slash"]).strip()
        pos = agency_match.end()
    sep = SEPARATOR.match(s, pos)
    if sep is None:
        if agency is None or pos >= len(s) or not s[pos].isspace():
            return None
        sep_end = len(s) - len(s[pos:].lstrip())  # "New Delhi, Mar 3 (PTI) The government": a space after an agency
    else:
        sep_end = sep.end()
    if sep_end < len(s) and not _BODY_START.match(s, sep_end):
        return None
    capitals = _capitals(parts[0])
    dashed = sep is not None and sep.group(0).strip() not in ("", ":", "|")
    if not (capitals or agency or date or (first_body_line and dashed and len(parts) <= 2)):
        return None
    if sep is not None and not sep.group(0).strip() and not (date or agency) and sep_end >= len(s):
        return None  # a line of capitalised words alone ("BREAKING NEWS") is a heading, not a dateline
    return _dateline(line, text, lead, sep_end, parts, m, date, agency, capitals)


def _date_after(s: str, pos: int) -> tuple[WrittenDate | None, int]:
    """A date after the place: ", May 23", ", 2 May 2024", " (March 3, 2014)", ", March 3." (TASS)."""
    for opener in (_OPEN, _COMMA):
        o = opener.match(s, pos)
        if o is None:
            continue
        dates = find_written_dates(s[o.end():o.end() + 40])
        if dates and dates[0].start == 0:
            date = dates[0]
            end = o.end() + date.end
            shifted = WrittenDate(date.text, o.end() + date.start, end, date.year, date.month, date.day,
                                  date.ambiguous, date.problem)
            if opener is _OPEN:
                close = re.match(r"\s*\)", s[end:])
                if close is None:
                    continue
                end += close.end()
            elif s.startswith(".", end) and re.match(r"\.\s*/", s[end:]):
                end += 1  # "MOSCOW, March 3. /TASS/."
            return shifted, end
    return None, pos


def _date_first(line: Line, lead: int, text: str) -> Dateline | None:
    """"3 May 2024 — The Security Council ...": a full date, then a dash, opening the line."""
    s = line.clean
    dates = find_written_dates(s[lead:lead + 40])
    if not dates or dates[0].start != 0 or dates[0].year is None or dates[0].day is None:
        return None
    end = lead + dates[0].end
    sep = SEPARATOR.match(s, end)
    if sep is None or not sep.group(0).strip() or sep.end() >= len(s):
        return None
    date = dates[0]
    shifted = WrittenDate(date.text, lead, end, date.year, date.month, date.day, date.ambiguous, date.problem)
    return _dateline(line, text, lead, sep.end(), [], None, shifted, None, False)


def _dateline(line: Line, text: str, lead: int, end: int, parts: list[str], places: re.Match | None,
              date: WrittenDate | None, agency: str | None, capitals: bool) -> Dateline:
    s = line.clean
    start, stop = line.span(lead, len(s[:end].rstrip()))
    place_start = place_end = None
    if places is not None and parts:
        first = s.index(parts[0], lead)
        place_start, place_end = line.span(first, first + len(parts[0]))
    if date is not None:
        a, b = line.span(date.start, date.end)
        date = WrittenDate(date.text, a, b, date.year, date.month, date.day, date.ambiguous, date.problem)
    return Dateline(text=text[start:stop], start=start, end=stop, place=parts[0] if parts else None,
                    place_start=place_start, place_end=place_end, region=", ".join(parts[1:]) or None,
                    date=date, agency=agency, capitals=capitals)


def _capitals(place: str) -> bool:
    letters = [ch for ch in place if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)
