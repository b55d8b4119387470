"""Normalise a raw article into the ``ArticleMeta`` that the pipeline analyses.

The document text follows the contract: a .txt file's content as is (its first line is also
the title); a JSONL or HTML article's ``title + "\\n\\n" + text`` when it has a title. The
content hash is a hash of that text, so the same article read twice is recognised as one; the id
is the caller's (a JSONL ``id``, ``polemos.ingest.ids``) when one is given, else that hash.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from polemos.errors import EmptyInputError, EncodingError, InputError, LanguageError, TooLargeError
from polemos.ingest.boilerplate import Boilerplate, find_boilerplate
from polemos.ingest.datelines import Dateline, read_dateline
from polemos.ingest.ids import check_id
from polemos.ingest.pubdate import ArticleDates, article_dates, read_header
from polemos.ingest.textlines import lines
from polemos.model import ArticleMeta, content_hash
from polemos.settings import Settings

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
    """The content hash of the analysed text (exact duplicates share it): the article's id when
    the caller gives none."""
    return content_hash(text)


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
    caller_id = check_id(raw.origin, raw.given_id) if raw.given_id is not None else None
    metadata = dict(raw.metadata)
    metadata["origin"] = raw.origin
    given = parse_published(raw.origin, raw.published) if raw.published else None
    boilerplate = find_boilerplate(text)
    header = read_header(text, body_start=_body_start(text, raw, boilerplate), boilerplate=boilerplate)
    dates = article_dates(header, given=given, given_source=str(raw.metadata.get("published_source") or "given"),
                          given_confidence=_confidence(raw.metadata.get("published_confidence")))
    metadata.update(_date_metadata(header.dateline, dates, text))
    if boilerplate:
        metadata["boilerplate"] = [[b.start, b.end, b.kind] for b in boilerplate]
    digest = content_hash(text)
    return ArticleMeta(
        id=caller_id or digest, text=text, title=raw.title, published=dates.published,
        source=raw.source or (header.dateline.agency if header.dateline else None), url=raw.url,
        language=language or "en", pipeline=pipeline, metadata=metadata, content_hash=digest,
    )


def _body_start(text: str, raw: RawArticle, boilerplate: list[Boilerplate]) -> int:
    """Where the body begins: after the title line, unless that line is itself boilerplate (a .txt
    release whose first line is "2014-03-S-011" has its header from the top)."""
    if not raw.title:
        return 0
    first = next((line for line in lines(text, limit=20) if not line.blank), None)
    if first is None or any(b.start <= first.start + 1 and b.end >= first.end - 1 for b in boilerplate[:1]):
        return 0
    if raw.title_in_text:
        return first.end
    return min(len(text), len(raw.title.strip()))


def _confidence(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and 0.0 <= value <= 1.0 else 1.0


def _date_metadata(line: Dateline | None, dates: ArticleDates, text: str) -> dict[str, Any]:
    """The dateline, the publication and reference dates with their evidence, and warnings."""
    out: dict[str, Any] = {}
    if line is not None:
        out["dateline"] = dateline_json(line)
    if dates.publication is not None:
        out["publication"] = dates.publication.to_json()
        if dates.publication.text is not None and dates.published:
            out["published_from"] = dates.publication.source.split("+")[0]
    if dates.reference is not None:
        out["reference_date"] = dates.reference.to_json()
    if dates.warnings:
        out["ingest_warnings"] = list(dates.warnings)
    return out


def dateline_json(line: Dateline) -> dict[str, Any]:
    """The dateline as metadata: its words and offsets, place, region, agency and date as written."""
    found: dict[str, Any] = {"text": line.text, "start": line.start, "end": line.end}
    if line.place:
        found.update(place=line.place.title() if line.capitals else line.place, place_start=line.place_start,
                     place_end=line.place_end)
    if line.region:
        found["region"] = line.region
    if line.agency:
        found["agency"] = line.agency
    if line.date is not None:
        found["date_text"] = line.date.text
        if not line.date.problem:
            found["date"] = line.date.partial
    return found


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


def parse_dateline(body: str) -> dict[str, Any] | None:
    """Place, date and agency from a dateline at the start of ``body``, such as ``TRIPOLI, May 23
    (Reuters) -`` (``polemos.ingest.datelines`` knows the shapes); offsets are into ``body``."""
    first = next((line for line in lines(body, limit=3) if not line.blank), None)
    found = read_dateline(first, text=body, first_body_line=True) if first is not None else None
    return dateline_json(found) if found is not None else None


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
