"""Article documents ↔ rows: each record is stored once, in its own table's ``data`` column.

An article document is the ``articles`` row (the article and its warnings) plus its actors,
places, events, figures and quotes, each a row keeping its place in the document
(``position``) and the record's JSON. ``write_document`` inserts them; ``read_document`` puts
the same document back together (what ``polemos extract`` printed, key for key), so nothing is
kept twice. The columns beside ``data`` are copies of single fields for filters and indexes.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from polemos.model import SCHEMA, ArticleDocument, content_hash, to_json
from polemos.store import schema

ARTICLE_FIELDS = ("id", "text", "title", "published", "source", "url", "language", "pipeline", "metadata")
RECORD_TABLES = {"actors": schema.actors, "events": schema.events, "quotes": schema.quotes,
                 "figures": schema.figures, "places": schema.places}  # in the document's own order


def write_document(conn: sa.Connection, document: ArticleDocument, *, canonical: dict[str, str]) -> None:
    """Insert the article and every record of ``document`` (``canonical``: event id → canonical id)."""
    article = document.article
    conn.execute(schema.articles.insert().values(
        id=article.id, title=article.title, text=article.text, published=article.published, source=article.source,
        url=article.url, language=article.language, pipeline=article.pipeline, metadata=to_json(article.metadata),
        warnings=list(document.warnings), ingested_at=now(), content_hash=article.content_hash))
    aid = article.id
    actors = [dict(article_id=aid, id=a.id, name=a.name, kind=a.kind, country=a.country, sector=a.sector,
                   role=a.role, kb_id=a.kb_id) for a in document.actors]
    places = [dict(article_id=aid, id=p.id, name=p.name, geonameid=p.geonameid, lat=p.lat, lon=p.lon,
                   country=p.country, admin1=p.admin1, feature=p.feature, precision=p.precision)
              for p in document.places]
    events = [_event_row(document, e, canonical[e.id]) for e in document.events]
    figures = [dict(article_id=aid, id=f.id, kind=f.kind, value=f.value, low=f.low, high=f.high, scope=f.scope,
                    event_id=f.event, date_start=f.date.start, evidence_start=f.evidence.start,
                    evidence_end=f.evidence.end) for f in document.figures]
    quotes = [dict(article_id=aid, id=q.id, kind=q.kind, content_start=q.content.start, content_end=q.content.end,
                   speaker_name=(document.actor(q.speaker).name if document.actor(q.speaker) else None))
              for q in document.quotes]
    for rows, records, table in ((actors, document.actors, schema.actors), (places, document.places, schema.places),
                                 (events, document.events, schema.events), (figures, document.figures, schema.figures),
                                 (quotes, document.quotes, schema.quotes)):
        for position, (row, record) in enumerate(zip(rows, records)):
            row.update(position=position, data=to_json(record))
        if rows:
            conn.execute(table.insert(), rows)


def read_document(conn: sa.Connection, article_id: str) -> dict[str, Any] | None:
    """The article document as JSON, rebuilt from its rows; None when there is no such article.
    ``content_hash`` is computed again from the text: a row a bulk load wrote may lack it, and
    migration 0009 reads documents before 0010 adds its column."""
    art = schema.articles
    columns = [art.c[name] for name in (*ARTICLE_FIELDS, "warnings")]
    row = conn.execute(sa.select(*columns).where(art.c.id == article_id)).first()
    if row is None:
        return None
    document: dict[str, Any] = {"article": {name: getattr(row, name) for name in ARTICLE_FIELDS}}
    if document["article"]["metadata"] is None:
        document["article"]["metadata"] = {}
    document["article"]["content_hash"] = content_hash(row.text)
    for kind, table in RECORD_TABLES.items():
        query = sa.select(table.c.data).where(table.c.article_id == article_id).order_by(table.c.position)
        document[kind] = [r[0] for r in conn.execute(query)]
    document["warnings"] = list(row.warnings or [])
    document["schema"] = SCHEMA
    return document


def linked_records(conn: sa.Connection, article_ids: set[str]) -> dict[str, tuple[dict, dict]]:
    """Per article, its actors and places by id (JSON): what an event's ids point to."""
    out: dict[str, tuple[dict, dict]] = {aid: ({}, {}) for aid in article_ids}
    for slot, table in ((0, schema.actors), (1, schema.places)):
        query = sa.select(table.c.article_id, table.c.id, table.c.data).where(table.c.article_id.in_(sorted(article_ids)))
        for r in conn.execute(query):
            out[r.article_id][slot][r.id] = r.data
    return out


def expand_event(event: dict[str, Any], actors: dict[str, dict], places: dict[str, dict]) -> dict[str, Any]:
    """The event with actors, recipients, reporters and place as objects, as ``polemos events`` prints it."""
    def actor(actor_id: str) -> dict[str, Any]:
        found = actors.get(actor_id)
        return {"id": actor_id, "name": None} if found is None else _without_mentions(found)

    data = dict(event)
    for key in ("actors", "recipients", "reported_by"):
        data[key] = [actor(a) for a in event.get(key) or ()]
    place = places.get(event.get("place")) if event.get("place") else None
    data["place"] = None if place is None else _without_mentions(place)
    return data


def _without_mentions(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != "mentions"}


def _event_row(document: ArticleDocument, event: Any, canonical: str) -> dict[str, Any]:
    place = document.place(event.place)
    names = [a.name for a in (document.actor(i) for i in (*event.actors, *event.recipients)) if a]
    return dict(
        article_id=document.article.id, id=event.id, canonical_id=canonical, type=event.type,
        modality=",".join(event.modality), date_start=event.date.start, date_end=event.date.end,
        place_name=place.name if place else None, country=place.country if place else None,
        actor_names="|".join(names), evidence_start=event.evidence.start, evidence_end=event.evidence.end,
        evidence_text=event.evidence.text, confidence=event.confidence, pipeline=document.article.pipeline,
    )


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
