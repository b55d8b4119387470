"""Migration 0009: merging across articles for a store made before it.

Creates the merge, near-duplicate, revision and change-log tables (``schema_merge``), then reads
every stored article once: its text is signed for near duplicates, its events are filed and scored
(``polemos.store.clusters``), every component is clustered, and the canonical events are rebuilt.
Canonical ids move from the old exact key to the cluster's earliest report; each analyst's
correction follows the cluster that took most of its event's reports, and the change log says so.
"""
from __future__ import annotations

from collections import Counter

import sqlalchemy as sa

from polemos.model import document_from_json
from polemos.store import aggregates, canonical, clusters, merge, near_duplicates, records, schema
from polemos.store import schema_merge as sm


def merging(conn: sa.Connection) -> None:
    schema.metadata.create_all(conn, tables=list(sm.TABLES))
    ids = [r[0] for r in conn.execute(sa.select(schema.articles.c.id).order_by(schema.articles.c.id))]
    for article_id in ids:
        data = records.read_document(conn, article_id)
        if data is None:
            continue
        document = document_from_json(data)
        near_duplicates.link(conn, article_id, document.article.text)
        clusters.add(conn, [merge.features(document, e) for e in document.events])
    before = dict(conn.execute(sa.select(schema.events.c.id, schema.events.c.canonical_id)).all())
    assigned = clusters.recluster(conn, before)
    went: dict[str, Counter[str]] = {}
    for event_id, cid in assigned.items():
        went.setdefault(before[event_id], Counter())[cid] += 1
        if before[event_id] != cid:
            conn.execute(schema.events.update().where(schema.events.c.id == event_id).values(canonical_id=cid))
    remaining = set(assigned.values())
    moved_to = {old: counts.most_common(1)[0][0] for old, counts in went.items() if old not in remaining}
    old_ids = {r[0] for r in conn.execute(sa.select(schema.canonical_events.c.id))}
    canonical.refresh(conn, old_ids | remaining, moved_to=moved_to)
    if sa.inspect(conn).has_table("agg_map"):
        aggregates.rebuild(conn)
