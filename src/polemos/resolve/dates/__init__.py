"""Dates: find date expressions in a parsed article and resolve them against its publication date.

Runs as the ``polemos_dates`` step, after NER. ``find_dates`` takes spaCy's DATE (and
day-naming TIME) entities, adds what the small model misses (bare weekdays, "earlier this
week"), widens a span over a "since" in front of it, skips ages and durations, and resolves
each with ``resolve_date``. The rules live in ``_rules`` (calendar helpers in
``_calendar``); ``polemos.evaluate.timex`` renders a value as a TIMEX3 value for evaluation.

A value with ``start=None`` and precision ``unknown`` means "relative, but there is no
publication date to read it against": the assembler warns about those. ``is_ongoing`` tells
the caller that a date opens a range still running at publication ("since early April"),
which becomes the modality ``ongoing``.
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from polemos.mentions import DateMention
from polemos.model import DateValue, Span
from polemos.resolve.dates._calendar import ISO, SEASONS, WEEKDAYS, month_end
from polemos.resolve.dates._counts import is_head_count
from polemos.resolve.dates._rules import PRESENT_WORDS, Context, apply_rules, is_fiscal_period, normalise, strip_lead
from polemos.text import MONTHS

# the calendar and normalisation helpers are public for the TIMEX3 evaluation (polemos.evaluate.timex)
__all__ = ["PRESENT_WORDS", "SEASONS", "find_dates", "impossible_date", "is_head_count", "is_ongoing", "month_end",
           "normalise", "reference_date", "resolve_date", "strip_lead"]

_SINCE = re.compile(r"^(?:ever )?since (?P<rest>.+)$")
_ONGOING = re.compile(r"^(?:ever )?since\b|^so far\b|^to date\b|^until now\b|^thus far\b")
_RANGE = re.compile(r"^(?:between|from) (?P<a>.+?) (?:and|to|until|till|through|-) (?P<b>.+)$")
_DAY_RANGE = re.compile(rf"^(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.? (?P<d1>\d{{1,2}})"
                        r" ?(?:-|to|and|through) ?(?P<d2>\d{1,2})(?:,? (?P<year>\d{4}))?$")
# a stretch of time, not a point in it: "for now", "for three years", "29-year-old", "two years old"
_DURATION = re.compile(r"^for\b|^(?:until|till|by) now$|\d+-(?:year|month|week|day)s?-old\b|\bold$|^aged\b"
                       r"|^(?:about |some |nearly |almost |more than |less than |over |another |the )?"
                       r"(?:\d+|a few|a couple of|several|few|an?|one|two|three|four|five|six|seven|eight|nine|ten"
                       r"|eleven|twelve|fifteen|twenty|thirty|forty|fifty|many|\d+ or \d+)(?:-| )(?:more |full |straight "
                       r"|consecutive |long )?(?:day|week|month|year|decade|hour|minute)s?(?: long)?$")
_HAS_ABSOLUTE = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b|\b1\d{{3}}\b|\b20\d\d\b")
# told from another date in the text, so never itself the reference for the next one
_ANCHORED = re.compile(r"\b(?:earlier|later|before|after|ago|following|previous|same)\b|year-(?:ago|earlier)")
_PERIOD_WORDS = re.compile(r"quarter|period")
_PRECISION_ORDER = ("day", "week", "month", "year", "unknown")
_FOUR_DIGITS = re.compile(r"\d{4}")
# Below this a four-digit number needs a cue to be a year (see ``_is_bare_old_year``).
EARLIEST_BARE_YEAR = 1800
# Words before a bare number that make it a year, taken into the span for years before 1800
_YEAR_CUES = frozenset({"in", "since", "by", "until", "till", "during", "from", "before", "after", "through",
                        "throughout", "circa"})


# A year past this in a news story is a typo or a misreading ("March 3, 2301"), never a date.
LATEST_YEAR = 2100
_MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
_MONTH_DAY = re.compile(rf"\b(?P<month>{_MONTH_WORDS})\.? (?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,? (?P<year>\d{{4}}))?"
                        rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)? (?:of )?(?P<month2>{_MONTH_WORDS})\.?(?:,? (?P<year2>\d{{4}}))?")
_YEAR = re.compile(r"\b(\d{4})\b")


def impossible_date(text: str) -> str | None:
    """Why ``text`` names a calendar date that cannot exist ("Feb. 30", "March 3, 2301"), or None."""
    s = normalise(text)
    m = _MONTH_DAY.search(s)
    if m:
        month = MONTHS[(m["month"] or m["month2"]).rstrip(".")]
        day, year = int(m["day"] or m["day2"]), m["year"] or m["year2"]
        try:
            dt.date(int(year) if year else 2000, month, day)  # 2000: a leap year, so "Feb. 29" alone is possible
        except ValueError:
            return f"{dt.date(2000, month, 1):%B} has no day {day}" + (f" in {year}" if year else "")
    years = [int(y) for y in _YEAR.findall(s) if 1000 <= int(y)]
    late = [y for y in years if y > LATEST_YEAR]
    return f"year {late[0]} is past {LATEST_YEAR}" if late and _HAS_ABSOLUTE_WORDS.search(s) else None


_HAS_ABSOLUTE_WORDS = re.compile(rf"\b(?:{_MONTH_WORDS}|in|year|since|by|until)\b")


def reference_date(doc: Doc, published: dt.date | None) -> dt.date | None:
    """The day a document's relative dates count from: the article's ``reference_date`` (the
    dateline's day when it agrees with publication, set by ``polemos.ingest``), else ``published``."""
    article = doc._.polemos_article if Doc.has_extension("polemos_article") else None
    found = ((getattr(article, "metadata", None) or {}).get("reference_date") or {}).get("date")
    if isinstance(found, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", found):
        return dt.date.fromisoformat(found)
    return published


def is_ongoing(text: str) -> bool:
    """True for a date that opens a range still running at publication: "since early April"."""
    return bool(_ONGOING.match(normalise(text)))


def resolve_date(text: str, *, published: dt.date | None, future: bool = False,
                 anchor: DateValue | None = None) -> DateValue | None:
    """The date ``text`` names, read against ``published``; None when it names no date.

    ``future`` says the governing verb is future tense (a bare weekday or month then looks
    ahead); ``anchor`` is the date "a year earlier" counts from (else publication).
    """
    if _is_bare_old_year(text):
        return None
    return _resolve(text, published, future, anchor)


def _is_bare_old_year(text: str) -> bool:
    """"1023", "1799" alone: in news of current conflicts a number that old counts something
    (families, an extension, a street number); with a cue ("in 1723", "the year 1023") it is a year."""
    s = normalise(text)
    return bool(_FOUR_DIGITS.fullmatch(s)) and int(s) < EARLIEST_BARE_YEAR


@functools.lru_cache(maxsize=8192)
def _resolve(text: str, published: dt.date | None, future: bool, anchor: DateValue | None) -> DateValue | None:
    s = normalise(text)
    if not s or _DURATION.search(s):
        return None
    ctx = Context(text, published, future, anchor)
    since = _SINCE.match(s)
    if since:
        return _since(since.group("rest"), ctx)
    between = _RANGE.match(s) or _DAY_RANGE.match(s)
    if between:
        return _between(between, ctx)
    s = strip_lead(s)
    matched, value = apply_rules(s, ctx)
    if matched:
        return value
    if _HAS_ABSOLUTE.search(s):
        return _dateparser(s, ctx)
    return None


def _since(rest: str, ctx: Context) -> DateValue | None:
    start = _resolve(rest, ctx.published, False, ctx.anchor)
    if start is None:
        return None
    if start.start is None:
        return ctx.unresolved()
    end = ISO(ctx.published) if ctx.published and ctx.published.isoformat() >= start.start else None
    return DateValue(start.start, end, start.precision, ctx.text)


def _between(m: re.Match, ctx: Context) -> DateValue | None:
    groups = m.groupdict()
    if "d1" in groups:  # "May 1-3, 2019"
        year = f" {groups['year']}" if groups["year"] else ""
        first, last = f"{groups['month']} {groups['d1']}{year}", f"{groups['month']} {groups['d2']}{year}"
    else:
        first, last = groups["a"], groups["b"]
        if last.isdigit() and len(last) <= 2:  # "between May 1 and 3"
            last = re.sub(r"\d{1,2}(?:st|nd|rd|th)?", last, first, count=1)
    a = _resolve(first, ctx.published, ctx.future, ctx.anchor)
    b = _resolve(last, ctx.published, ctx.future, ctx.anchor)
    if a is None or b is None:
        return None
    if a.start is None or b.start is None:
        return ctx.unresolved()
    precision = max(a.precision, b.precision, key=_PRECISION_ORDER.index)
    return DateValue(a.start, b.end or b.start, precision, ctx.text)


@functools.lru_cache(maxsize=64)
def _parser(base: dt.date):
    """A dateparser reader for one reference date (its settings are fixed when it is built)."""
    from dateparser.date import DateDataParser  # imported late: it costs ~0.1 s

    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first",
                "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day)}
    return DateDataParser(languages=["en"], settings=settings)


def _dateparser(s: str, ctx: Context) -> DateValue | None:
    """Absolute forms the rules do not know ("Thursday 23rd of May, 2019"); a year must be
    written when there is no publication date, because dateparser would fill it from a base."""
    has_year = re.search(r"\b(?:1\d{3}|20\d\d)\b", s)
    if ctx.published is None and not has_year:
        return ctx.unresolved()
    data = _parser(ctx.published or dt.date(2000, 1, 1)).get_date_data(s)
    if data is None or data.date_obj is None:
        return None
    day, period = data.date_obj.date(), data.period or "day"
    if period == "year":
        return DateValue(f"{day.year:04d}-01-01", f"{day.year:04d}-12-31", "year", ctx.text)
    if period == "month":
        return DateValue(ISO(day.replace(day=1)), ISO(month_end(day.year, day.month)), "month", ctx.text)
    if period == "week":
        monday = day - dt.timedelta(days=day.weekday())
        return DateValue(ISO(monday), ISO(monday + dt.timedelta(days=6)), "week", ctx.text)
    return DateValue(ISO(day), ISO(day), "day", ctx.text)


# --- finding date expressions in a parsed document -------------------------------------------------

_DAY_WORDS = frozenset(WEEKDAYS) | {"yesterday", "today", "tomorrow", "tonight"}
_UNIT_WORDS = frozenset({"week", "month", "year", "weekend", "quarter"})
_REL_WORDS = frozenset({"this", "last", "next", "past", "previous", "coming"})
# words a date expression may start with; anything else in front of a date is the model's overreach
# first words whose loss changes a date ("that year" is not "year", "last year's quarter" not "quarter")
_DATE_VOCABULARY = frozenset({
    "that", "this", "last", "next", "past", "previous", "coming", "earlier", "later", "latest", "corresponding",
    "comparable", "same", "year", "first", "second", "third", "fourth", "final", "a", "an", "since", "between",
    "from", "-",
}) | frozenset(WEEKDAYS) | frozenset(MONTHS)
_ORDINAL_WORDS = frozenset({"first", "second", "third", "fourth", "final", "1st", "2nd", "3rd", "4th"})
_MONTH_LEADS = frozenset({"in", "since", "early", "mid", "late", "until", "by", "last", "next", "this", "of"})
_EDGE_WORDS = frozenset({"earlier", "later", "early", "late", "mid"})
_WIDEN_LEFT = frozenset({"since", "early", "mid", "late", "last", "next", "this", "earlier", "later"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "would"})
# "is scheduled to meet Tuesday", "are expected to join in April", "planned a rally on Saturday"
_FUTURE_LEMMAS = frozenset({"go", "schedule", "expect", "due", "set", "plan", "intend", "prepare", "suppose"})
_SPEECH_LEMMAS = frozenset({"say", "tell", "report", "announce", "state", "add", "claim", "quote", "write",
                            # statements in the present ("The Secretary-General condemns the attack on 1 May")
                            "condemn", "denounce", "deplore", "welcome", "regret", "commend", "mourn", "express",
                            "reiterate", "note", "recall", "deny", "confirm"})


def find_dates(doc: Doc, *, published: dt.date | None) -> list[DateMention]:
    """Every date expression in ``doc`` with its resolved value, in text order. Relative ones count
    from ``reference_date`` (the dateline's day, when the article has one that agrees with
    ``published``). A date that cannot exist ("Feb. 30") is kept with no value, for a warning."""
    published = reference_date(doc, published)
    mentions: list[DateMention] = []
    anchor: DateValue | None = None   # the last date told from publication or written out
    period: DateValue | None = None   # the last quarter or half ("the year-ago quarter" counts from it)
    for span in _candidates(doc):
        future = _is_future(span)
        reference = period if _PERIOD_WORDS.search(span.text.lower()) and period else anchor
        value = resolve_date(span.text, published=published, future=future, anchor=reference)
        if (value is None or _too_late(value)) and impossible_date(span.text):
            mentions.append(DateMention(Span(span.start_char, span.end_char, span.text),
                                        DateValue(None, None, "unknown", span.text)))
            continue
        while value is None and len(span) > 1 and not _keep_whole(span):
            # the model took in a word before the date ("coup d'etat last year"): drop it and retry
            span = span.doc[span.start + 1:span.end]
            value = resolve_date(span.text, published=published, future=future, anchor=reference)
        if value is None or _too_late(value):
            continue
        mentions.append(DateMention(Span(span.start_char, span.end_char, span.text), value))
        if value.start and value.precision != "unknown" and not _ANCHORED.search(normalise(span.text)):
            anchor = value
            period = value if is_fiscal_period(value) else period
    return mentions


def _too_late(value: DateValue) -> bool:
    return bool(value.start) and int(value.start[:4]) > LATEST_YEAR


def _keep_whole(span: SpacySpan) -> bool:
    """Would dropping the first word change what the rest means ("the year-ago quarter" is not
    "quarter", "that year" is not "year")?"""
    rest = span[1:]
    return (span[0].lower_ in _DATE_VOCABULARY or span[0].like_num or span[1].text in ("-", "'s")
            or (len(rest) == 1 and rest[0].lower_ in _UNIT_WORDS | {"period", "half", "day"}))


def _candidates(doc: Doc) -> list[SpacySpan]:
    spans = [_cue_old_year(_widen(part)) for ent in doc.ents
             if ent.label_ == "DATE" or (ent.label_ == "TIME" and _names_day(ent)) for part in _split(ent)]
    taken = {i for span in spans for i in range(span.start, span.end)}
    for token in doc:
        if token.i in taken:
            continue
        extra = _missed(token)
        if extra is not None and not any(i in taken for i in range(extra.start, extra.end)):
            spans.append(extra)
            taken.update(range(extra.start, extra.end))
    return sorted(_trim(s) for s in spans if not _is_excluded(s))


def _split(ent: SpacySpan) -> list[SpacySpan]:
    """"the quarter ended Sept. 30" is two dates: the period and the day it ended."""
    for token in ent:
        if token.lower_ in ("ended", "ending") and ent.start < token.i < ent.end - 1:
            return [ent.doc[ent.start:token.i], ent.doc[token.i + 1:ent.end]]
    return [ent]


def _names_day(ent: SpacySpan) -> bool:
    return any(t.lower_ in _DAY_WORDS for t in ent) or ent.text.lower() in ("last night", "this morning")


def _missed(token: Token) -> SpacySpan | None:
    """A weekday or "this/last week" the small model did not tag, widened over its modifiers."""
    doc, low = token.doc, token.lower_
    if low in _DAY_WORDS:
        start = token.i - 1 if token.i and doc[token.i - 1].lower_ in _REL_WORDS else token.i
        return doc[start:token.i + 1]
    if low in _UNIT_WORDS and token.i and doc[token.i - 1].lower_ in _REL_WORDS | _ORDINAL_WORDS:
        start = token.i - 1
        if start and doc[start - 1].lower_ in _EDGE_WORDS | {"the"}:
            start -= 1
        return doc[start:token.i + 1]
    if low.rstrip(".") in MONTHS and token.is_title:
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if following is not None and following.is_digit and len(following.text) <= 2:
            return doc[token.i:token.i + 2]  # "Sept. 30"
        if low != "may" and token.i and doc[token.i - 1].lower_ in _MONTH_LEADS:
            return doc[token.i:token.i + 1]  # "in March"
    return None


def _widen(span: SpacySpan) -> SpacySpan:
    """Take in a "since" or "early" the model left outside ("since early April")."""
    start = span.start
    while start and span.doc[start - 1].lower_ in _WIDEN_LEFT and start > span.start - 2:
        start -= 1
    return span.doc[start:span.end]


def _cue_old_year(span: SpacySpan) -> SpacySpan:
    """"in 1723": a year before 1800 is read only with its cue, so the cue joins the span."""
    if span.start == 0 or not _is_bare_old_year(span.text) or span.doc[span.start - 1].lower_ not in _YEAR_CUES:
        return span
    return span.doc[span.start - 1:span.end]


def _trim(span: SpacySpan) -> SpacySpan:
    start, end = span.start, span.end
    while start < end and (span.doc[start].is_punct or span.doc[start].is_space):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].is_space):
        end -= 1
    return span.doc[start:end] if end > start else span


def _is_excluded(span: SpacySpan) -> bool:
    """An age ("29-year-old", "aged 40"), "for now", or a head count ("1023 families"), which name no date."""
    if _is_head_count(span):
        return True
    after = span.doc[span.end] if span.end < len(span.doc) else None
    before = span.doc[span.start - 1] if span.start else None
    if after is not None and after.lower_ in ("old", "-year", "-old"):
        return True
    if before is not None and before.lower_ in ("aged", "age"):
        return True
    return before is not None and before.lower_ in ("for", "until", "till", "by") and span.text.lower() == "now"


def _is_head_count(span: SpacySpan) -> bool:
    """"1023 families fled": the model's DATE is a count of the noun after it. A month or weekday
    in the span ("March 2000 people") keeps it a date."""
    if not is_head_count(span[-1]):
        return False
    return not any(t.lower_.rstrip(".") in MONTHS or t.lower_ in WEEKDAYS for t in span[:-1])


def _is_future(span: SpacySpan) -> bool:
    """Is the verb the date hangs on about the future ("will meet on Friday", "is due to vote in
    June", "the vote is Tuesday")? Then a bare weekday or month looks ahead of publication."""
    head = span.root
    through_noun = False  # "condemns the attack on 1 May": the date is the attack's, not the verb's
    for _ in range(4):  # climb through "on", "in" to the verb
        if head.pos_ in ("VERB", "AUX") or head.head is head:
            break
        head = head.head
        through_noun = through_noun or (head.pos_ == "NOUN" and head.i not in range(span.start, span.end))
    if head.pos_ not in ("VERB", "AUX"):
        return False
    if any(child.dep_ == "aux" and child.lower_ in _FUTURE_AUX for child in head.children):
        return True
    if head.lemma_ in ("plan", "schedule") and any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return True  # "is scheduled for Tuesday", not "planned on Friday to pay"
    has_to = any(child.dep_ == "aux" and child.lower_ == "to" for child in head.children)
    if has_to and head.head.lemma_ in _FUTURE_LEMMAS:
        return True
    # present tense that is not a headline's "says": "the vote is Tuesday"; not "condemns the attack on 1 May"
    return (head.tag_ in ("VBZ", "VBP") and head.lemma_ not in _SPEECH_LEMMAS and head.dep_ == "ROOT"
            and not through_noun)
