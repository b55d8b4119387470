"""The rules behind ``resolve_date``: one date expression, read against the publication date.

Each rule is a whole-expression regular expression and a small function that turns its match
into a ``DateValue``; the first rule that matches wins. Rules cover what news writes relative
to its own date (weekdays, "yesterday", "earlier this week", "last month", "two days ago",
"the third quarter") and the absolute forms ("May 23", "23 May 2019", "April 2019", "2011",
"the 1990s"). dateparser is asked only afterwards, and only about an expression that names a
month or a year, so it never turns "for now" into the current clock. Without a publication
date a relative expression resolves to ``start=None`` with precision ``unknown``; the clock of
the machine running Polemos is never used.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from polemos.model import DateValue
from polemos.text import MONTHS
from polemos.resolve.dates._calendar import (
    ISO,
    ORDINALS,
    SEASONS,
    UNITS,
    WEEKDAYS,
    day_value,
    month_end,
    month_value,
    nearest_day,
    nearest_month,
    number,
    part_of_month,
    part_of_year,
    quarter_value,
    season_value,
    shift,
    unit_value,
    year_value,
)


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may use besides its match: the raw words and the reference points."""

    text: str
    published: dt.date | None
    future: bool = False            # the governing verb is future ("will meet on Friday")
    anchor: DateValue | None = None  # the last absolute date before this one ("a year earlier")

    def unresolved(self) -> DateValue:
        return DateValue(None, None, "unknown", self.text)


Rule = Callable[[re.Match, Context], DateValue | None]

_ALT = lambda words: "|".join(sorted(words, key=len, reverse=True))  # noqa: E731
MONTH = rf"(?P<month>{_ALT(MONTHS)})\.?"
WEEKDAY = rf"(?P<weekday>{_ALT(WEEKDAYS)})\.?"
YEAR = r"(?P<year>1[0-9]\d\d|20\d\d)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
COUNT = r"(?P<n>\d+|a few|a couple of|couple of|several|few|an?|one|two|three|four|five|six|seven|eight|nine|ten" \
        r"|eleven|twelve|fifteen|twenty|thirty|forty|fifty)"
UNIT = rf"(?P<unit>{_ALT(UNITS)})"
PART = r"(?P<part>early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of" \
       r"|the middle of|middle of)"
REL = r"(?P<rel>last|this|next|past|this past|the past|the last|the previous|previous|the coming|coming" \
      r"|the current|current|the following|the same)"
PART_OF_DAY = r"(?: (?:morning|afternoon|evening|night|noon))?"
PARTS = {"the end of": "late", "end of": "late", "the beginning of": "early", "beginning of": "early",
         "the start of": "early", "start of": "early", "the middle of": "mid", "middle of": "mid"}

VAGUE = frozenset({"a few", "few", "several"})
PRESENT_WORDS = frozenset({"now", "currently", "current", "at present", "presently", "nowadays", "these days",
                           "right now", "at the moment", "the present", "present"})
PAST_WORDS = frozenset({"recently", "recent", "the past", "previously", "formerly", "lately"})
FUTURE_WORDS = frozenset({"the future", "future", "soon", "shortly", "the years ahead"})
# leading words that do not change the date ("on Thursday", "in April", "around mid-May")
_LEAD = re.compile(r"^(?:on|in|at|during|by|of|as of|around|about|approximately|sometime in|some time in"
                   r"|as early as|as late as|until|till|through|throughout|the|from|starting|beginning|after"
                   r"|before|earlier|later)\s+(?=\S)")
# "the" that belongs to the expression ("the past week", "the weekend", "the quarter")
_KEEP_THE = re.compile(r"the (?:past|last|previous|coming|following|current|same|future|present|end|beginning"
                       r"|start|middle|day|weekend|year|quarter|latest|most|week|month|period|year-|next|fiscal"
                       r"|\d0s|'\d0s)\b")
_KEEP_EDGE = re.compile(r"(?:earlier|later|early|late) (?:this|last|next|that)\b")


def normalise(text: str) -> str:
    """Lower case, one space between words, no edge punctuation, curly quotes made straight."""
    s = text.lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", s).strip(" .,;:!?\"()[]")


def strip_lead(s: str) -> str:
    """Drop prepositions and "the" in front of the date itself, but keep "earlier this", "the past"."""
    while not (_KEEP_THE.match(s) or _KEEP_EDGE.match(s)):
        m = _LEAD.match(s)
        if not m:
            break
        s = s[m.end():]
    return s


# --- rule functions ------------------------------------------------------------------------------

def _month_of(m: re.Match) -> int:
    return MONTHS[m.group("month")]


def _explicit_day(m: re.Match, ctx: Context) -> DateValue | None:
    month, day = _month_of(m), int(m.group("day"))
    if m.group("year"):
        try:
            return day_value(dt.date(int(m.group("year")), month, day), ctx.text)
        except ValueError:
            return None
    if ctx.published is None:
        return ctx.unresolved()
    found = nearest_day(month, day, ctx.published, future=ctx.future)
    return day_value(found, ctx.text) if found else None


def _iso(m: re.Match, ctx: Context) -> DateValue | None:
    year, month, day = int(m.group(1)), int(m.group(2)), m.group(3)
    try:
        return day_value(dt.date(year, month, int(day)), ctx.text) if day else month_value(year, month, ctx.text)
    except ValueError:
        return None


def _numeric(m: re.Match, ctx: Context) -> DateValue | None:
    # month/day/year, the order of US wire copy; a two-digit year belongs to the nearest century
    year = int(m.group(3))
    year += 0 if year > 99 else (2000 if year < 50 else 1900)
    try:
        return day_value(dt.date(year, int(m.group(1)), int(m.group(2))), ctx.text)
    except ValueError:
        return None


def _month_year(m: re.Match, ctx: Context) -> DateValue | None:
    month = _month_of(m)
    part = m.groupdict().get("part")
    year = _year_for_month(month, m.groupdict().get("rel"), ctx, m.group("year"), part)
    if year is None:
        return ctx.unresolved()
    if part:
        return part_of_month(year, month, PARTS.get(part, part), ctx.text)
    return month_value(year, month, ctx.text)


def _year_for_month(month: int, rel: str | None, ctx: Context, year: str | None, part: str | None) -> int | None:
    if year:
        return int(year)
    pub = ctx.published
    if pub is None:
        return None
    if rel in ("last", "this past", "past", "previous", "the previous"):
        return pub.year if month < pub.month else pub.year - 1
    if rel in ("next", "this coming", "coming", "the coming"):
        return pub.year if month > pub.month else pub.year + 1
    if rel == "this":
        return pub.year
    return nearest_month(month, pub, future=ctx.future)


def _month_rel_year(m: re.Match, ctx: Context) -> DateValue | None:
    if ctx.published is None:
        return ctx.unresolved()
    offset = {"last": -1, "this": 0, "next": 1}[m.group("yrel")]
    value = month_value(ctx.published.year + offset, _month_of(m), ctx.text)
    part = m.groupdict().get("part")
    if part:
        start = dt.date.fromisoformat(value.start)
        return part_of_month(start.year, start.month, PARTS.get(part, part), ctx.text)
    return value


def _year(m: re.Match, ctx: Context) -> DateValue:
    year = int(m.group("year"))
    part = m.groupdict().get("part")
    return part_of_year(year, PARTS.get(part, part), ctx.text) if part else year_value(year, ctx.text)


def _decade(m: re.Match, ctx: Context) -> DateValue | None:
    if m.group("century"):
        first = int(m.group("century")) * 10
    else:
        tens = int(m.group("tens")) * 10
        if ctx.published is None:
            return ctx.unresolved()
        century = ctx.published.year - ctx.published.year % 100
        first = century + tens if century + tens <= ctx.published.year else century - 100 + tens
    return DateValue(f"{first:04d}-01-01", f"{first + 9:04d}-12-31", "year", ctx.text)


def _relative_day(m: re.Match, ctx: Context) -> DateValue:
    offsets = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
               "yesterday": -1, "last night": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2}
    if ctx.published is None:
        return ctx.unresolved()
    return day_value(ctx.published + dt.timedelta(days=offsets[m.group("word")]), ctx.text)


def _weekday(m: re.Match, ctx: Context) -> DateValue:
    if ctx.published is None:
        return ctx.unresolved()
    target, pub, rel = WEEKDAYS[m.group("weekday")], ctx.published, m.group("rel")
    back = (pub.weekday() - target) % 7  # days back to the most recent such day, 0 when today
    ahead = (target - pub.weekday()) % 7
    if rel in ("last", "past", "this past", "previous", "the previous"):
        day = pub - dt.timedelta(days=back or 7)
    elif rel in ("next", "coming", "this coming", "the coming"):
        day = pub + dt.timedelta(days=ahead or 7)
    elif ctx.future:
        day = pub + dt.timedelta(days=ahead)
    else:
        # a wire story dated Friday the 24th saying "on Thursday" means the 23rd
        day = pub - dt.timedelta(days=back)
    return day_value(day, ctx.text)


def _this_unit(m: re.Match, ctx: Context) -> DateValue | None:
    """this/last/next/earlier this/the past + week, month, year, weekend, quarter, decade."""
    pub = ctx.published
    if pub is None:
        return ctx.unresolved()
    unit, rel, edge = m.group("cal"), (m.group("rel") or "this"), m.group("edge")
    if rel in ("the following", "the previous", "the same") and unit not in ("weekend", "quarter", "period") \
            and ctx.anchor and ctx.anchor.start:
        # told from the date just mentioned, not from publication: "in 1995 ... the following year"
        step = {"the following": 1, "the previous": -1, "the same": 0}[rel]
        return unit_value(shift(dt.date.fromisoformat(ctx.anchor.start), step, unit), unit, ctx.text)
    if unit == "weekend":
        return _weekend(m.group("rel") or ("next" if ctx.future else "the"), ctx)
    if unit in ("quarter", "period"):
        return _relative_quarter(rel, ctx)
    if rel in ("the past", "past", "the last"):  # a rolling window ending at publication
        return DateValue(ISO(shift(pub, -1, unit)), ISO(pub), "year" if unit == "decade" else unit, ctx.text)
    offset = {"last": -1, "previous": -1, "the previous": -1, "next": 1, "coming": 1, "the coming": 1,
              "the following": 1}.get(rel, 0)
    value = unit_value(shift(pub, offset, unit), unit, ctx.text)
    if edge in ("earlier", "early") and offset == 0:
        return DateValue(value.start, ISO(pub), value.precision, ctx.text)
    if edge in ("later", "late") and offset == 0:
        return DateValue(ISO(pub), value.end, value.precision, ctx.text)
    if edge in ("early", "mid", "late") and unit == "year":
        return part_of_year(dt.date.fromisoformat(value.start).year, edge, ctx.text)
    if edge in ("early", "mid", "late") and unit == "month":
        start = dt.date.fromisoformat(value.start)
        return part_of_month(start.year, start.month, edge, ctx.text)
    return value


def _edge_of_unit(m: re.Match, ctx: Context) -> DateValue | None:
    """"the end of the year", "the beginning of this month": early/mid/late of the current unit."""
    part = m.group("part")
    return _this_unit(_Groups(m, {"edge": PARTS.get(part, part), "rel": "this"}), ctx)


def _half(m: re.Match, ctx: Context) -> DateValue | None:
    """"the first half (of 2019)": January–June or July–December; precision month."""
    year_text = m.group("year")
    if year_text and year_text.isdigit():
        year = int(year_text)
    elif ctx.published is None:
        return ctx.unresolved()
    elif year_text:
        year = ctx.published.year - (1 if year_text.startswith("last") else 0)
    else:  # the latest such half that has begun
        first_half = m.group("half") in ("first", "1st")
        year = ctx.published.year if first_half or ctx.published.month > 6 else ctx.published.year - 1
    first = 1 if m.group("half") in ("first", "1st") else 7
    return DateValue(ISO(dt.date(year, first, 1)), ISO(month_end(year, first + 5)), "month", ctx.text)


def _weekend(rel: str, ctx: Context) -> DateValue:
    pub = ctx.published
    saturday_back = pub - dt.timedelta(days=(pub.weekday() - 5) % 7)
    if rel in ("next", "coming", "the coming") or (rel == "this" and (ctx.future or pub.weekday() < 5)):
        saturday = pub + dt.timedelta(days=(5 - pub.weekday()) % 7) if pub.weekday() < 5 else saturday_back
    elif rel in ("last", "past", "the past", "previous", "the previous") and pub.weekday() >= 5:
        saturday = saturday_back - dt.timedelta(days=7)
    else:
        saturday = saturday_back
    return DateValue(ISO(saturday), ISO(saturday + dt.timedelta(days=1)), "week", ctx.text)


def _quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _relative_quarter(rel: str, ctx: Context) -> DateValue:
    year, quarter = _quarter_of(ctx.published)
    index = year * 4 + quarter - 1
    # "the quarter", "the latest quarter", "last quarter": the last one completed (financial reporting)
    index += {"this": 0 if ctx.future else -1, "current": 0, "the current": 0, "next": 1, "coming": 1,
              "the coming": 1, "the following": 1}.get(rel, -1)
    return quarter_value(index // 4, index % 4 + 1, ctx.text)


def _quarter(m: re.Match, ctx: Context) -> DateValue | None:
    quarter = ORDINALS.get(m.group("ord")) or (4 if m.group("ord") in ("final", "last", "fourth") else None)
    if m.group("q"):
        quarter = int(m.group("q"))
    if quarter is None:
        return None
    if m.group("year"):
        return quarter_value(int(m.group("year")), quarter, ctx.text)
    pub = ctx.published
    if pub is None:
        return ctx.unresolved()
    if m.group("yrel"):
        return quarter_value(pub.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel")], quarter, ctx.text)
    # the latest such quarter that has begun by publication, even under a future verb: companies
    # "expect to report third-quarter results" after the quarter is over
    year = pub.year if quarter <= _quarter_of(pub)[1] else pub.year - 1
    return quarter_value(year, quarter, ctx.text)


def _season(m: re.Match, ctx: Context) -> DateValue | None:
    season, rel = m.group("season"), m.group("rel")
    if m.group("year"):
        return season_value(int(m.group("year")), season, ctx.text)
    pub = ctx.published
    if pub is None:
        return ctx.unresolved()
    first = SEASONS[season][0]
    # the season that has most recently begun (winter begins in December of the year before)
    begun = pub.year if (first, 1) <= (pub.month, pub.day) else pub.year - 1
    current = season_value(begun, season, ctx.text)
    in_it = dt.date.fromisoformat(current.start) <= pub <= dt.date.fromisoformat(current.end)
    if rel in ("last", "past", "this past", "previous"):
        return season_value(begun - 1 if in_it else begun, season, ctx.text)
    if rel == "this":  # the one of this year (this winter, in January, began last December)
        winter_tail = season == "winter" and pub.month < 3
        return season_value(pub.year - 1 if winter_tail else pub.year, season, ctx.text)
    if rel in ("next", "coming", "this coming") or (ctx.future and not in_it):
        return season_value(begun if in_it and rel in (None, "this") else begun + 1, season, ctx.text)
    return current


def _ago(m: re.Match, ctx: Context) -> DateValue | None:
    count, unit = number(m.group("n")), UNITS[m.group("unit")]
    if count is None:
        return None
    direction = m.group("dir")
    if m.group("n") in VAGUE and direction in ("ago", "earlier", "before"):
        # "several years ago": some time before publication, and no more is known
        return ctx.unresolved() if ctx.published is None else DateValue(None, ISO(ctx.published), "unknown", ctx.text)
    if (direction in ("earlier", "before", "later", "after") or is_fiscal_period(ctx.anchor)) \
            and ctx.anchor and ctx.anchor.start:
        # "profit rose from $2 million a year ago": the period just discussed, a year back
        return _shift_value(ctx.anchor, count if direction in ("later", "after") else -count, unit, ctx.text)
    if ctx.published is None:
        return ctx.unresolved()
    sign = 1 if direction in ("from now", "later", "after", "hence") else -1
    if unit == "decade":
        return year_value(shift(ctx.published, sign * count, unit).year, ctx.text)
    return unit_value(shift(ctx.published, sign * count, unit), unit, ctx.text)


def is_fiscal_period(value: DateValue | None) -> bool:
    """A quarter or half-year: reports compare such periods with the same one "a year ago"."""
    if value is None or not value.start or not value.end or value.precision != "month":
        return False
    start, end = dt.date.fromisoformat(value.start), dt.date.fromisoformat(value.end)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return start.day == 1 and end == month_end(end.year, end.month) and months in (3, 6) \
        and start.month in (1, 4, 7, 10)


def _shift_value(value: DateValue, amount: int, unit: str, text: str) -> DateValue:
    """``value`` moved as a whole; a range that ended at a month's end still does."""
    start, end = dt.date.fromisoformat(value.start), dt.date.fromisoformat(value.end or value.start)
    new_start, new_end = shift(start, amount, unit), shift(end, amount, unit)
    if end == month_end(end.year, end.month):
        new_end = month_end(new_end.year, new_end.month)
    return DateValue(ISO(new_start), ISO(new_end), value.precision, text)


def _year_ago_unit(m: re.Match, ctx: Context) -> DateValue | None:
    """"the year-earlier quarter", "the year-ago period", "year-earlier": the anchor a year back."""
    if ctx.anchor and ctx.anchor.start:
        return _shift_value(ctx.anchor, -1, "year", ctx.text)
    if ctx.published is None:
        return ctx.unresolved()
    if m.group("what") in ("quarter", "period"):
        base = _relative_quarter("the latest", ctx)
        return _shift_value(base, -1, "year", ctx.text)
    return year_value(ctx.published.year - 1, ctx.text)


def _window(m: re.Match, ctx: Context) -> DateValue | None:
    """"the past three weeks", "the last 10 days", "the next two months", "recent days"."""
    if ctx.published is None:
        return ctx.unresolved()
    count, unit = number(m.group("n") or "a few"), UNITS[m.group("unit")]
    if count is None:
        return None
    pub, precision = ctx.published, "year" if unit == "decade" else unit
    ahead = m.group("dir") in ("next", "coming", "the next", "the coming")
    if m.group("n") is None or m.group("n") in VAGUE:  # "recent days", "the last few months": open-ended
        return DateValue(ISO(pub), None, "unknown", ctx.text) if ahead else DateValue(None, ISO(pub), "unknown",
                                                                                        ctx.text)
    if ahead:
        return DateValue(ISO(pub), ISO(shift(pub, count, unit)), precision, ctx.text)
    return DateValue(ISO(shift(pub, -count, unit)), ISO(pub), precision, ctx.text)


def _reference(m: re.Match, ctx: Context) -> DateValue:
    word = m.group(0)
    if ctx.published is None:
        return ctx.unresolved()
    pub = ISO(ctx.published)
    if word in PRESENT_WORDS:
        return DateValue(pub, pub, "day", ctx.text)
    if word in PAST_WORDS:
        return DateValue(None, pub, "unknown", ctx.text)
    return DateValue(pub, None, "unknown", ctx.text)


@functools.cache
def rules() -> tuple[tuple[re.Pattern, Rule], ...]:
    """Whole-expression patterns, most specific first."""
    table: list[tuple[str, Rule]] = [
        (r"(\d{4})-(\d{2})(?:-(\d{2}))?(?:t[\d:.]+z?)?", _iso),
        (r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", _numeric),
        (rf"(?:{WEEKDAY},? )?{MONTH} {DAY}(?:,? {YEAR})?", _explicit_day),
        (rf"(?:{WEEKDAY},? )?(?:the )?{DAY} (?:of )?{MONTH}(?:,? {YEAR})?", _explicit_day),
        (rf"(?:{PART}[ -]?)?(?:{REL} )?{MONTH}(?:,? (?:of )?{YEAR})?", _month_year),
        (rf"(?:{PART}[ -]?)?{MONTH} (?:of )?(?P<yrel>last|this|next) year", _month_rel_year),
        (rf"(?:{PART}[ -]?)?(?:the )?(?:fiscal |calendar |the year |year )?{YEAR}", _year),
        (rf"(?:{PART}[ -]?)?(?:the )?(?:(?P<century>1[0-9]\d|20\d)0|'?(?P<tens>\d)0)'?s", _decade),
        (r"(?:the )?(?:current |full |fiscal |calendar |entire |whole )+year", _current_year),
        (r"(?P<yrel>last|this|next) year's (?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[ -]quarter",
         _quarter_of_year),
        (r"(?:early |late )?(?P<word>today|tonight|this morning|this afternoon|this evening|yesterday|last night|tomorrow"
         rf"|the day before yesterday|the day after tomorrow){PART_OF_DAY}", _relative_day),
        (rf"(?:early |late )?(?:{REL} )?{WEEKDAY}{PART_OF_DAY}", _weekday),
        (rf"(?:(?P<edge>earlier|later|early|mid|late)[ -])?(?:{REL} |the )?(?P<cal>week|month|year|weekend"
         r"|quarter|decade)", _this_unit),
        (rf"{PART} (?:the |this )(?P<cal>week|month|year)", _edge_of_unit),
        (r"(?:the )?(?P<half>first|second|1st|2nd) half(?: of (?:fiscal )?(?P<year>\d{4}|this year|last year))?",
         _half),
        (r"(?:the )?(?P<edge>)(?:(?P<rel>latest|last|most recent|recent|previous|current|this|next|same) )?"
         r"(?:fiscal )?(?P<cal>quarter|period)", _this_unit),
        (r"(?:the )?(?:fiscal )?(?:(?P<year>\d{4}) )?(?:fiscal-)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th"
         r"|final|last)[ -](?:fiscal )?quarter(?: of (?:fiscal )?(?:(?:the year )?(?P<year2>\d{4})"
         r"|(?P<yrel>last|this|next) year))?", _quarter_compat),
        (r"q(?P<q>[1-4])(?: (?P<year>\d{4}))?(?P<ord>)(?P<yrel>)", _quarter),
        (rf"(?:(?:the )?(?:early|late|mid) ?-?)?(?:(?P<rel>last|this|next|past|this past|this coming|coming|previous) )?"
         rf"(?P<season>{_ALT(SEASONS)})(?: (?:of )?{YEAR})?", _season),
        (rf"{COUNT} {UNIT} (?P<dir>ago|earlier|later|before|after|from now|hence)", _ago),
        (r"(?:the )?(?:comparable |corresponding |same )?(?P<what>year-earlier|year-ago|year earlier|year ago"
         r"|prior-year|prior year)(?: (?:first|second|third|fourth|fiscal))?(?: (?P<w2>quarter|period))?",
         _year_ago_compat),
        (rf"(?P<dir>the past|past|the last|the previous|the next|the coming|next|recent|in recent) (?:{COUNT} )?"
         rf"{UNIT}", _window),
        (_ALT(PRESENT_WORDS | PAST_WORDS | FUTURE_WORDS), _reference),
    ]
    return tuple((re.compile(pattern), rule) for pattern, rule in table)


def _current_year(m: re.Match, ctx: Context) -> DateValue:
    """"the current fiscal year", "the full year": the year of publication."""
    return ctx.unresolved() if ctx.published is None else year_value(ctx.published.year, ctx.text)


def _quarter_of_year(m: re.Match, ctx: Context) -> DateValue | None:
    """"last year's third quarter"."""
    if ctx.published is None:
        return ctx.unresolved()
    year = ctx.published.year + {"last": -1, "this": 0, "next": 1}[m.group("yrel")]
    quarter = ORDINALS.get(m.group("ord"), 4)
    return quarter_value(year, quarter, ctx.text)


def _quarter_compat(m: re.Match, ctx: Context) -> DateValue | None:
    # two places a year may stand ("1989 third quarter", "third quarter of 1989")
    year = m.group("year") or m.group("year2")
    return _quarter(_Groups(m, {"year": year, "q": None}), ctx)


def _year_ago_compat(m: re.Match, ctx: Context) -> DateValue | None:
    return _year_ago_unit(_Groups(m, {"what": m.group("w2") or "year"}), ctx)


class _Groups:
    """A match with some groups overridden (so one rule serves two word orders)."""

    def __init__(self, match: re.Match, override: dict[str, str | None]) -> None:
        self._match, self._override = match, override

    def group(self, name: str) -> str | None:
        return self._override[name] if name in self._override else self._match.group(name)

    def groupdict(self) -> dict[str, str | None]:
        return {**self._match.groupdict(), **self._override}


def apply_rules(s: str, ctx: Context) -> tuple[bool, DateValue | None]:
    """(matched, value) for the first rule whose pattern matches all of ``s``."""
    for pattern, rule in rules():
        m = pattern.fullmatch(s)
        if m:
            return True, rule(m, ctx)
    return False, None
