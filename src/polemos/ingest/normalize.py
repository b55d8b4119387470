"""Normalise a raw article into the ``ArticleMeta`` that the pipeline analyses.

The document text follows the contract: a .txt file's content as is (its first line is also
the title); a JSONL or HTML article's ``title + "\\n\\n" + text`` when it has a title. The id is
a hash of that text, so the same article read twice is recognised as one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from polemos.errors import EmptyInputError, EncodingError, InputError, LanguageError, TooLargeError
from polemos.model import ArticleMeta
from polemos.settings import Settings
from polemos.text import DATELINE, month_number

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
ISO_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}(:?\d{2})?)?", re.ASCII)
EARLIEST_YEAR = 1900  # older "publication" dates are typos or placeholders such as 0001-01-01


@dataclass(frozen=True)
class RawArticle:
    """What a reader found, before normalisation. ``origin`` names the file (and line)."""

    origin: str
    text: str
    title: str | None = None
    title_in_text: bool = False  # .txt: the title is the text's first line already
    published: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = None
    given_id: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)

    def with_defaults(self, *, published: str | None, source: str | None) -> RawArticle:
        return dataclasses.replace(self, published=self.published or published, source=self.source or source)


def content_id(text: str) -> str:
    """The article id: a hash of the analysed text (exact duplicates share it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def build_article(raw: RawArticle, *, settings: Settings, pipeline: str = "") -> ArticleMeta:
    text = raw.text if raw.title_in_text or not raw.title else f"{raw.title.strip()}\n\n{raw.text}"
    text = text.removeprefix("\ufeff")
    if len(text.strip()) < settings.min_chars:
        raise EmptyInputError(raw.origin, f"has under {settings.min_chars} characters of text; nothing to analyse")
    if len(text) > settings.max_chars:
        raise TooLargeError(raw.origin, f"has {len(text):,} characters, over the limit of {settings.max_chars:,}; "
                                        "split it into separate articles (one per file or JSONL line)")
    if "\x00" in text:  # no store can keep it (PostgreSQL refuses NUL in text), and no article holds one
        raise EncodingError(raw.origin, f"has a NUL character at offset {text.index(chr(0)):,}: it is binary or "
                                        "corrupt; remove the NUL bytes or give the article as text")
    language = raw.language or detect_language(text)
    if settings.check_language and language and not language.lower().startswith("en"):
        raise LanguageError(raw.origin, f"is in language '{language}', not English; Polemos reads English only")
    metadata = dict(raw.metadata)
    metadata["origin"] = raw.origin
    if raw.given_id:
        metadata["given_id"] = raw.given_id
    published = parse_published(raw.origin, raw.published) if raw.published else None
    line = parse_dateline(body_of(text, raw.title))
    if line:
        metadata["dateline"] = line
        if published is None and line.get("date"):
            metadata["published_from"] = "dateline"
            published = line["date"] if len(line["date"]) == 10 else None
    return ArticleMeta(
        id=content_id(text), text=text, title=raw.title, published=published,
        source=raw.source or (line or {}).get("agency"), url=raw.url, language=language or "en",
        pipeline=pipeline, metadata=metadata,
    )


def body_of(text: str, title: str | None) -> str:
    if title and text.lstrip().startswith(title):
        return text.lstrip()[len(title):].lstrip()
    return text.lstrip()


def parse_published(origin: str, value: str, *, today: dt.date | None = None) -> str:
    """The date part (YYYY-MM-DD) of an ISO date or datetime, as written: a time zone does not move
    it. Anything else, or a year outside 1900..next year, is an input error: refuse to guess."""
    value = value.strip()
    date = _iso_date(value)
    if date is None:
        raise InputError(origin, f"publication date {value!r} is not an ISO date; use YYYY-MM-DD "
                                 "(or an ISO datetime such as 2024-05-02T10:00:00Z)")
    latest = (today or dt.date.today()).year + 1  # next year: time zones and embargoed copy run ahead
    if not EARLIEST_YEAR <= date.year <= latest:
        raise InputError(origin, f"publication date {value!r}: year {date.year} is outside "
                                 f"{EARLIEST_YEAR}..{latest}; give the real date as YYYY-MM-DD")
    return date.isoformat()


def _iso_date(value: str) -> dt.date | None:
    # fromisoformat alone is too lenient (20240101, 2024-W01-1); the patterns admit only the
    # extended forms, and fromisoformat then checks that the date and time exist
    try:
        if ISO_DATE.fullmatch(value):
            return dt.date.fromisoformat(value)
        if ISO_DATETIME.fullmatch(value):
            return dt.datetime.fromisoformat(value.upper()).date()  # RFC 3339 allows a lower-case t and z
    except ValueError:
        return None
    return None


def parse_dateline(body: str) -> dict[str, str] | None:
    """Place, date and agency from a wire dateline such as ``TRIPOLI, May 23 (Reuters) -``."""
    match = DATELINE.match(body[:120])
    if not match or not (match["place"].isupper() or match["agency"] or match["date"]):
        return None
    found = {"text": match.group(0).strip(), "place": match["place"].strip().title(),
             "place_start": body.find(match["place"])}
    if match["agency"]:
        found["agency"] = match["agency"].strip()
    if match["date"]:
        found["date_text"] = match["date"]
        parsed = _month_day(match["date"])
        if parsed:
            found["date"] = parsed
    return found


def _month_day(text: str) -> str | None:
    words = re.findall(r"[A-Za-z]+|\d+", text)
    month = next((m for w in words if w.rstrip(".").isalpha() and (m := month_number(w))), None)
    numbers = [int(w) for w in words if w.isdigit()]
    day = next((n for n in numbers if n <= 31), None)
    year = next((n for n in numbers if n > 31), None)
    if month is None or day is None:
        return None
    if year is None:
        return f"--{month:02d}-{day:02d}"  # year unknown: kept as an ISO 8601 partial date
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language; None when too short to tell. English wins unless
    another language is clearly more likely: names and place names fool a bag-of-words model."""
    sample = text[:5000]
    if len(sample.split()) < 8:
        return None
    ranked = dict(_language_identifier().rank(sample)[:5])
    best = max(ranked, key=ranked.get)
    if best == "en" or ranked.get("en", 0.0) >= 0.02 or ranked[best] < 0.9:
        return "en"
    return best


@functools.cache
def _language_identifier():  # noqa: ANN202 — py3langid has no public type for it
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # the model ships inside the wheel

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
