"""The summary tables kept at each save are what a rebuild from the base tables gives; migration 0011
clusters a store merged before it as a store merged now would be."""
from __future__ import annotations

from dataclasses import replace

import sqlalchemy as sa
from test_merge_determinism import documents, dump

from polemos.store import Store, aggregates


def summaries(conn: sa.Connection) -> dict[str, list[tuple]]:
    out = {}
    for table in (*aggregates.TABLES, *aggregates.ACTOR_TABLES):
        keys = [c for c in table.c if c.name != "n"]
        out[table.name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*keys))]
    return out


def test_the_summaries_kept_at_each_save_are_those_of_a_rebuild(db):
    docs = documents()
    with Store.open(db) as store:
        for doc in docs:
            store.save(doc)
        # re-extracted by a newer pipeline: its rows replaced, its figure groups recomputed
        store.save(replace(docs[3], article=replace(docs[3].article, pipeline="determinism-2")))
        with store.engine.begin() as conn:
            kept = summaries(conn)
            nested = conn.begin_nested()
            aggregates.rebuild(conn)
            rebuilt = summaries(conn)
            nested.rollback()
    assert kept["agg_figures"] and kept["agg_timeline"] and kept["agg_map"]
    assert kept == rebuilt


def test_a_store_clustered_before_migration_0011_is_clustered_as_now(db, tmp_path):
    docs = documents()
    with Store.open(db) as store:
        for doc in docs:
            store.save(doc)
    with Store.open(tmp_path / "now.db") as store:
        for doc in reversed(docs):
            store.save(doc)
    expected = dump(str(tmp_path / "now.db"))
    with Store.open(db) as store, store.engine.begin() as conn:  # as a store merged before 0011 left it
        conn.execute(sa.text("DROP INDEX IF EXISTS ix_merge_events_cluster"))
        conn.execute(sa.text("ALTER TABLE merge_events DROP COLUMN cluster"))
        merged = conn.execute(sa.text("SELECT canonical_id FROM events GROUP BY canonical_id "
                                      "HAVING count(*) > 1 ORDER BY canonical_id")).scalars().first()
        conn.execute(sa.text("UPDATE events SET canonical_id = 'ce_' || substr(id, 4) WHERE canonical_id = :c"),
                     {"c": merged})  # its reports in clusters of their own (the canonical event stale)
        conn.execute(sa.text("DELETE FROM migrations WHERE name = '0011_exact_clusters'"))
    assert dump(db) == expected
