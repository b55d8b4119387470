"""Typed records: what leaves the extraction layer and what stores, exports and the API see.

Field names follow ``shared/design/contract.md``; the JSON Schema in ``schema/`` implements
them. Records are frozen dataclasses; ``to_json`` turns any of them into plain JSON data.
"""
from __future__ import annotations

import dataclasses
import hashlib
import math
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "polemos/1"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
MODALITIES = ("negated", "hypothetical", "conditional", "future", "historical", "ongoing")
PRECISIONS = ("day", "week", "month", "year", "unknown")
ACTOR_KINDS = ("person", "organization", "country", "group", "unknown")
QUOTE_KINDS = ("direct", "indirect", "mixed")
PLACE_FEATURES = ("country", "admin1", "admin2", "city", "locality", "region", "other")
ARTICLE_ID_MAX = 200  # characters of a caller's article id (the store's id columns hold this many)


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``start:end`` of ``article.text``; ``text`` is always that slice."""

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        # a spaCy Span or a float offset slipping through would break every consumer downstream
        if type(self.text) is not str or type(self.start) is not int or type(self.end) is not int:
            raise TypeError(f"Span needs int offsets and str text, got {self.start!r}, {self.end!r}, "
                            f"{type(self.text).__name__}")


@dataclass(frozen=True, slots=True)
class DateValue:
    start: str | None  # ISO date
    end: str | None
    precision: str = "unknown"
    text: str | None = None
    # Where an event's or figure's date came from (set when it is attached; None on a bare resolved value):
    basis: str | None = None        # how it was tied: "stated", "sentence", "nearest", "report" (another sentence)
    reference: str | None = None    # what a relative date counted from: "published", "dateline", ...; None if absolute
    confidence: float | None = None


UNKNOWN_DATE = DateValue(None, None, "unknown", None)


@dataclass(frozen=True, slots=True)
class Actor:
    id: str
    name: str
    kind: str = "unknown"
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    affiliation: str | None = None
    mentions: tuple[Span, ...] = ()
    kb_id: str | None = None


@dataclass(frozen=True, slots=True)
class AcledType:
    event_type: str
    sub_event_type: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    evidence: Span
    mode: str | None = None
    context: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()
    place: str | None = None
    date: DateValue = UNKNOWN_DATE
    modality: tuple[str, ...] = ()
    reported_by: tuple[str, ...] = ()
    cameo: str | None = None
    acled: AcledType | None = None
    confidence: float = 0.5
    trigger: Span | None = None  # the word that names the event (an addition to the contract)
    references: tuple[Span, ...] = ()  # other sentences of the article telling of it (an addition too)


@dataclass(frozen=True, slots=True)
class Quote:
    id: str
    cue: Span
    content: Span
    kind: str
    speaker: str | None = None
    speaker_text: Span | None = None
    chain: tuple[str, ...] = ()
    addressee: str | None = None


@dataclass(frozen=True, slots=True)
class Figure:
    id: str
    kind: str
    evidence: Span
    value: int | None = None
    low: int | None = None
    high: int | None = None
    qualifier: str = "exact"
    group: str | None = None
    part_of: str | None = None
    share: float | str | None = None
    scope: str = "incident"
    source: str | None = None
    event: str | None = None
    place: str | None = None
    date: DateValue = UNKNOWN_DATE
    current: bool = True  # False for a toll the same article later updates ("rose from 12 to 15")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    admin1: str | None = None
    feature: str = "other"
    precision: int = 3
    mentions: tuple[Span, ...] = ()
    admin2: str | None = None  # second-level division (district, county, department), when known


def content_hash(text: str) -> str:
    """A hash of an article's analysed text: exact duplicates share it, whatever their ids."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """An article as analysed: ``text`` is what every span's offsets point into. ``id`` is the
    caller's id when one was given (a JSONL ``id``), else the content hash; ``content_hash`` is
    always the hash of ``text`` (filled in when left out), the key that recognises a duplicate."""

    id: str
    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None
    language: str | None = "en"
    pipeline: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    content_hash: str = ""

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", content_hash(self.text))


@dataclass(frozen=True, slots=True)
class ArticleDocument:
    article: ArticleMeta
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    places: tuple[Place, ...] = ()
    warnings: tuple[str, ...] = ()
    schema: str = SCHEMA

    def to_json(self, *, include_text: bool = True) -> dict[str, Any]:
        data = to_json(self)
        if not include_text:
            data["article"].pop("text", None)
        return data

    def actor(self, actor_id: str | None) -> Actor | None:
        return next((a for a in self.actors if a.id == actor_id), None)

    def place(self, place_id: str | None) -> Place | None:
        return next((p for p in self.places if p.id == place_id), None)


def to_json(record: Any) -> Any:
    """Plain JSON data (dicts, lists, scalars) for any record, recursively. NaN and infinities,
    which JSON has no word for, become null (a caller's metadata may hold them)."""
    if isinstance(record, float) and not math.isfinite(record):
        return None
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: to_json(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_json(item) for item in record]
    if isinstance(record, dict):
        return {key: to_json(value) for key, value in record.items()}
    return record


def span_from_json(data: dict[str, Any] | None) -> Span | None:
    return None if data is None else Span(data["start"], data["end"], data["text"])


def date_from_json(data: dict[str, Any] | None) -> DateValue:
    if not data:
        return UNKNOWN_DATE
    return DateValue(data.get("start"), data.get("end"), data.get("precision", "unknown"), data.get("text"),
                     data.get("basis"), data.get("reference"), data.get("confidence"))


def document_from_json(data: dict[str, Any]) -> ArticleDocument:
    """Rebuild an ArticleDocument from its JSON form (the store keeps documents as JSON)."""
    art = data["article"]
    meta = ArticleMeta(
        id=art["id"], text=art.get("text", ""), title=art.get("title"), published=art.get("published"),
        source=art.get("source"), url=art.get("url"), language=art.get("language"),
        pipeline=art.get("pipeline", ""), metadata=art.get("metadata") or {},
        # a document from before caller ids has no content_hash: its id was the hash
        content_hash=art.get("content_hash") or (content_hash(art["text"]) if art.get("text") else art["id"]),
    )
    spans = lambda items: tuple(span_from_json(s) for s in items or ())  # noqa: E731
    actors = tuple(
        Actor(a["id"], a["name"], a.get("kind", "unknown"), a.get("country"), a.get("sector"), a.get("role"),
              a.get("affiliation"), spans(a.get("mentions")), a.get("kb_id"))
        for a in data.get("actors", ())
    )
    events = tuple(
        Event(
            id=e["id"], type=e["type"], evidence=span_from_json(e["evidence"]), mode=e.get("mode"),
            context=tuple(e.get("context") or ()), actors=tuple(e.get("actors") or ()),
            recipients=tuple(e.get("recipients") or ()), place=e.get("place"), date=date_from_json(e.get("date")),
            modality=tuple(e.get("modality") or ()), reported_by=tuple(e.get("reported_by") or ()),
            cameo=e.get("cameo"), acled=AcledType(**e["acled"]) if e.get("acled") else None,
            confidence=e.get("confidence", 0.5), trigger=span_from_json(e.get("trigger")),
            references=spans(e.get("references")),
        )
        for e in data.get("events", ())
    )
    quotes = tuple(
        Quote(q["id"], span_from_json(q["cue"]), span_from_json(q["content"]), q["kind"], q.get("speaker"),
              span_from_json(q.get("speaker_text")), tuple(q.get("chain") or ()), q.get("addressee"))
        for q in data.get("quotes", ())
    )
    figures = tuple(
        Figure(
            id=f["id"], kind=f["kind"], evidence=span_from_json(f["evidence"]), value=f.get("value"),
            low=f.get("low"), high=f.get("high"), qualifier=f.get("qualifier", "exact"), group=f.get("group"),
            part_of=f.get("part_of"), share=f.get("share"), scope=f.get("scope", "incident"),
            source=f.get("source"), event=f.get("event"), place=f.get("place"), date=date_from_json(f.get("date")),
            current=f.get("current", True),
        )
        for f in data.get("figures", ())
    )
    places = tuple(
        Place(p["id"], p["name"], p.get("geonameid"), p.get("lat"), p.get("lon"), p.get("country"),
              p.get("admin1"), p.get("feature", "other"), p.get("precision", 3), spans(p.get("mentions")),
              p.get("admin2"))
        for p in data.get("places", ())
    )
    return ArticleDocument(meta, actors, events, quotes, figures, places, tuple(data.get("warnings") or ()),
                           data.get("schema", SCHEMA))
