"""The article's dates: when it was published, and the day its relative dates count from.

Evidence comes from the header of the text (``read_header``): the dateline ("KABUL, Afghanistan
(March 3, 2014) –"), labelled lines ("Posted: Mar 3, 2014", "As of 3 May 2024"), a line that is
only a date, a release number that starts with a year and month ("2014-03-S-011"); and from the
caller (``--published``, a JSONL ``published``, an HTML page's metadata through
``html_publication_date``). Every date carries its ``source`` and a ``confidence``:

    given (the caller, or a page's metadata)   1.0 / as the page says
    dateline with a year                        0.9
    "Published:", "Posted:", "Date:" lines      0.85
    a line that is only a date                  0.8
    "As of", reporting periods                  0.75
    a yearless dateline, year from the header   0.7  (e.g. "(Sept. 1)" with release "2014-09-…")
    "Updated:" lines                            0.6
    day and month that could be either way     x0.7 ("03/04/2014")

A given date always wins. When the dateline is at most a day from it, the dateline's day
is the *reference date* ("yesterday" in a release dated March 3 is March 2, even if the page
went up on March 4); when they are more than a week apart (or the dateline is later), the given
date is kept and the document warns that they contradict each other. A date that cannot exist ("Feb. 30", a year 2301) is a warning, never a value.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from polemos.ingest.boilerplate import Boilerplate
from polemos.ingest.datelines import Dateline, read_dateline
from polemos.ingest.textlines import lines
from polemos.ingest.written import WrittenDate, complete, find_written_dates

HEADER_LINES = 14        # lines (blank ones included) in which a header date or dateline is looked for
SAME_DAY = 1             # a dateline at most a day from publication (time zones, a page posted next morning) is the writer's day
CONTRADICTION_DAYS = 7   # further apart than this, the dateline and the given date contradict each other
_LABELS: tuple[tuple[re.Pattern, str, float], ...] = (
    (re.compile(r"(?i)^\W*(?:first )?(?:published|posted|date|dated|issued|released|created)\b"), "labelled-line", 0.85),
    (re.compile(r"(?i)^\W*(?:as of|reporting period|period covered)\b|\(\s*as of\b"), "as-of-line", 0.75),
    (re.compile(r"(?i)^\W*(?:last )?(?:updated|modified)\b"), "updated-line", 0.6),
)
_RELEASE_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/._]?(0[1-9]|1[0-2])(?:[-/._]?(0[1-9]|[12]\d|3[01]))?(?!\d)")


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """One date the article states about itself."""

    date: str                 # ISO date, or a partial one ("--09-01", "2014-03")
    source: str               # dateline | labelled-line | date-line | as-of-line | updated-line | release-number | given | html-…
    confidence: float
    text: str | None = None   # the words, and where they are in the text (None for a caller's date)
    start: int | None = None
    end: int | None = None
    problem: str | None = None

    def to_json(self) -> dict:
        data = {"date": self.date, "source": self.source, "confidence": round(self.confidence, 2)}
        if self.text is not None:
            data.update(text=self.text, start=self.start, end=self.end)
        if self.problem:
            data["problem"] = self.problem
        return data


@dataclass(frozen=True)
class Header:
    """What the top of an article says about itself."""

    dateline: Dateline | None
    evidence: tuple[DateEvidence, ...]


@dataclass(frozen=True)
class ArticleDates:
    """The article's publication date and reference date, with their evidence and any warnings."""

    published: str | None
    publication: DateEvidence | None
    reference: DateEvidence | None
    warnings: tuple[str, ...] = field(default_factory=tuple)


def read_header(text: str, *, body_start: int, boilerplate: Sequence[Boilerplate]) -> Header:
    """The dateline and the dates of the header: the lines from ``body_start`` to the first prose line."""
    evidence: list[DateEvidence] = []
    dateline: Dateline | None = None
    kinds = {b.start: b.kind for b in boilerplate}
    first_body = True
    for line in lines(text, start=body_start, limit=HEADER_LINES):
        if line.blank:
            continue
        start = line.offsets[len(line.clean) - len(line.clean.lstrip())] if line.clean.strip() else line.start
        kind = kinds.get(start)
        if kind is not None:
            evidence += _line_dates(text, line.clean, line.span, kind)
            continue
        dateline = read_dateline(line, text=text, first_body_line=first_body)
        if dateline is not None:
            if dateline.date is not None:
                evidence.append(_dateline_evidence(dateline))
            break
        first_body = False
        if len(line.clean.split()) > 30:
            break  # prose: the header is over
    return Header(dateline, tuple(evidence))


def _line_dates(text: str, clean: str, span, kind: str) -> list[DateEvidence]:
    if kind == "release-number":
        m = _RELEASE_DATE.search(clean)
        if m is None:
            return []
        a, b = span(m.start(), m.end())
        date = f"{m[1]}-{m[2]}" + (f"-{m[3]}" if m[3] else "")
        return [DateEvidence(date, "release-number", 0.6, text[a:b], a, b)]
    if kind != "date":
        return []
    source, confidence = next(((s, c) for pattern, s, c in _LABELS if pattern.search(clean)), ("date-line", 0.8))
    dates = [d for d in find_written_dates(clean) if d.day is not None]
    if not dates:
        return []
    chosen = dates[-1] if source == "as-of-line" else dates[0]  # a reporting period is dated by its end
    a, b = span(chosen.start, chosen.end)
    return [_evidence(chosen, source, confidence, text[a:b], a, b)]


def _dateline_evidence(line: Dateline) -> DateEvidence:
    date = line.date
    assert date is not None
    return _evidence(date, "dateline", 0.9, date.text, date.start, date.end)


def _evidence(date: WrittenDate, source: str, confidence: float, text: str, start: int, end: int) -> DateEvidence:
    if date.ambiguous:
        confidence *= 0.7
    return DateEvidence(date.partial, source, confidence, text, start, end, date.problem)


def article_dates(header: Header, *, given: str | None, given_source: str = "given", given_confidence: float = 1.0,
                  today: dt.date | None = None) -> ArticleDates:
    """Choose the publication date and the reference date; warn about contradictions and impossible dates."""
    latest = (today or dt.date.today()) + dt.timedelta(days=366)
    warnings = [_impossible(e) for e in header.evidence if e.problem]
    usable = [e for e in header.evidence if not e.problem and not _after(e.date, latest)]
    warnings += [f"{e.source} date {e.text!r} is in the future; not used" for e in header.evidence
                 if not e.problem and _after(e.date, latest)]
    line = next((e for e in usable if e.source == "dateline"), None)
    if given:
        publication = DateEvidence(given, given_source, given_confidence)
        reference, warning = _reference(line, given)
        return ArticleDates(given, publication, reference, tuple(warnings + ([warning] if warning else [])))
    full = [e for e in usable if _full(e.date)]
    best = max(full, key=lambda e: e.confidence, default=None) or _completed(line, usable)
    if best is None:
        return ArticleDates(None, None, None, tuple(warnings))
    return ArticleDates(best.date, best, best, tuple(warnings))


def _reference(line: DateEvidence | None, given: str) -> tuple[DateEvidence, str | None]:
    """The day relative dates count from, when a date is given: the dateline's, if it agrees."""
    published = dt.date.fromisoformat(given)
    fallback = DateEvidence(given, "published", 1.0)
    if line is None:
        return fallback, None
    day = line.date if _full(line.date) else complete(_partial(line.date), before=published + dt.timedelta(days=1))
    if day is None:
        return fallback, None
    gap = (published - dt.date.fromisoformat(day)).days
    if abs(gap) <= SAME_DAY:
        return DateEvidence(day, "dateline", line.confidence, line.text, line.start, line.end), None
    if -SAME_DAY <= gap <= CONTRADICTION_DAYS:
        return fallback, None  # written over some days: the given date is the surer day to count from
    return fallback, (f"dateline date {line.text!r} contradicts the publication date {given}; "
                      f"the publication date is used")


def _completed(line: DateEvidence | None, usable: Sequence[DateEvidence]) -> DateEvidence | None:
    """A yearless dateline ("(Sept. 1)") dated by a year the header gives elsewhere (a release number)."""
    if line is None or _full(line.date):
        return None
    month, day = int(line.date[2:4]), int(line.date[5:7])
    for other in usable:
        if other is line or not re.match(r"\d{4}-\d{2}", other.date):
            continue
        year, other_month = int(other.date[:4]), int(other.date[5:7])
        if abs(other_month - month) <= 1 or {other_month, month} == {1, 12}:
            year += 1 if (other_month, month) == (12, 1) else -1 if (other_month, month) == (1, 12) else 0
            try:
                iso = dt.date(year, month, day).isoformat()
            except ValueError:
                return None
            return DateEvidence(iso, f"dateline+{other.source}", 0.7, line.text, line.start, line.end)
    return None


def _partial(date: str) -> WrittenDate:
    return WrittenDate(date, 0, 0, None, int(date[2:4]), int(date[5:7]))


def _full(date: str) -> bool:
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", date))


def _after(date: str, latest: dt.date) -> bool:
    return bool(re.match(r"\d{4}", date)) and int(date[:4]) > latest.year


def _impossible(e: DateEvidence) -> str:
    return f"{e.source} date {e.text!r} is not a real date ({e.problem}); not used"
