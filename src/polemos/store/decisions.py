"""What merging decided, table by table, in key order and without timestamps: the same inputs
must give the same decisions whatever the arrival order or hash seed. Compared across runs by
``tests/test_merge_determinism.py`` and hashed by ``benchmarks/save_scaling.py --digest``."""
from __future__ import annotations

import json

import sqlalchemy as sa

QUERIES = {
    "events": "SELECT id, canonical_id FROM events ORDER BY id",
    "canonical": "SELECT id, type, modality, date_start, date_end, place_name, country, lat, lon, actor_names, "
                 "search_text, sources, reports, confidence, data FROM canonical_events ORDER BY id",
    "clusters": "SELECT event_id, cluster FROM merge_events ORDER BY event_id",
    "edges": "SELECT a, b, score FROM merge_edges ORDER BY a, b",
    "copies": "SELECT article_id, original_id, similarity FROM article_copies ORDER BY article_id",
    "figures": "SELECT * FROM agg_figures ORDER BY day, kind",
    "timeline": "SELECT * FROM agg_timeline ORDER BY country, day, type",
    "map": "SELECT * FROM agg_map ORDER BY country, type, place_name, lat, lon",
    "actors": "SELECT * FROM agg_actor_events ORDER BY name, canonical_id",
}


def decisions(conn: sa.Connection) -> dict[str, list[list]]:
    """Every row of ``QUERIES``, JSON columns read as data (SQLite and PostgreSQL alike)."""
    return {name: [[_plain(v) for v in row] for row in conn.execute(sa.text(q))] for name, q in QUERIES.items()}


def _plain(value: object) -> object:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value
