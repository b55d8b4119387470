"""Migrations 0009 and 0011: merging across articles for a store made before them.

0009 creates the merge, near-duplicate, revision and change-log tables (``schema_merge``), then
reads every stored article once: its text is signed for near duplicates, its events are filed and
scored (``polemos.store.clusters``), every component is clustered, and the canonical events are
rebuilt. Canonical ids move from the old exact key to the cluster's earliest report; each
analyst's correction follows the cluster that took most of its event's reports, and the change
log says so.

0011 keeps each report's cluster beside its features (``merge_events.cluster``), which lets a
save replay the clustering only around its change, and clusters every component again whole: a
store merged before it clustered a component of more than 150 reports from the 150 nearest each
change, so its clusters could depend on the order articles came in. Only the canonical events
whose reports move are rebuilt.
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
    old_ids = {r[0] for r in conn.execute(sa.select(schema.canonical_events.c.id))}
    assigned = clusters.recluster_all(conn)
    _touched, moved_to = _move(conn, assigned)
    canonical.refresh(conn, old_ids | set(assigned.values()), moved_to=moved_to)
    if sa.inspect(conn).has_table("agg_map"):
        aggregates.rebuild(conn)


def exact_clusters(conn: sa.Connection) -> None:
    """Migration 0011: ``merge_events.cluster``, and every component clustered whole."""
    if "cluster" not in {c["name"] for c in sa.inspect(conn).get_columns("merge_events")}:
        conn.execute(sa.text("ALTER TABLE merge_events ADD COLUMN cluster VARCHAR(40)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_merge_events_cluster ON merge_events (cluster)"))
    touched, moved_to = _move(conn, clusters.recluster_all(conn))
    aggregates.subtract(conn, touched)
    canonical.refresh(conn, touched, moved_to=moved_to)
    aggregates.after_save(conn, aggregates.Marks(frozenset(touched), frozenset()))


def _move(conn: sa.Connection, assigned: dict[str, str]) -> tuple[set[str], dict[str, str]]:
    """Write each event's canonical id; returns the canonical ids whose reports changed and, for
    each id that went away, the one that took most of its reports (ties: the smallest id)."""
    ev = schema.events
    before = dict(conn.execute(sa.select(ev.c.id, ev.c.canonical_id)).all())
    went: dict[str, Counter[str]] = {}
    touched: set[str] = set()
    for event_id, cid in sorted(assigned.items()):
        was = before.get(event_id)
        if was is None:
            continue
        went.setdefault(was, Counter())[cid] += 1
        if was != cid:
            touched |= {was, cid}
            conn.execute(ev.update().where(ev.c.id == event_id).values(canonical_id=cid))
    remaining = set(assigned.values())
    moved_to = {old: min(counts, key=lambda c: (-counts[c], c)) for old, counts in sorted(went.items())
                if old not in remaining}
    return touched, moved_to
