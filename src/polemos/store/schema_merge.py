"""Tables for merging across articles, near-duplicate articles, revisions and the change log (migration 0009).

- ``merge_events``: each stored event's merge features (``polemos.store.merge.Features``) and the
  cluster it is in (its canonical id; migration 0011);
- ``merge_keys``: its blocking keys (type family | country | week), the only way candidates are found;
- ``merge_edges``: pairs of reports scored at or above the merge threshold (``a`` < ``b``), the graph
  whose connected components ``polemos.store.clusters`` clusters;
- ``article_minhash`` / ``article_bands``: each article's MinHash signature and its LSH band hashes;
- ``article_copies``: a near-duplicate article → the original it republishes (counted once as a source);
- ``article_revisions``: what an article's earlier pipeline versions said (the whole document);
- ``changes``: canonical events added, changed and deleted, in order (``polemos changes``).
"""
from __future__ import annotations

import sqlalchemy as sa

from polemos.store.schema import article_id_type, metadata

merge_events = sa.Table(
    "merge_events", metadata,
    sa.Column("event_id", sa.String(40), primary_key=True),
    sa.Column("article_id", article_id_type(), nullable=False, index=True),
    sa.Column("features", sa.JSON, nullable=False),
    sa.Column("cluster", sa.String(40), index=True),  # the canonical id of its cluster (polemos.store.clusters)
)

merge_keys = sa.Table(
    "merge_keys", metadata,
    sa.Column("key", sa.String(60), nullable=False),
    sa.Column("event_id", sa.String(40), nullable=False, index=True),
    sa.PrimaryKeyConstraint("key", "event_id"),
)

merge_edges = sa.Table(
    "merge_edges", metadata,
    sa.Column("a", sa.String(40), nullable=False),
    sa.Column("b", sa.String(40), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.PrimaryKeyConstraint("a", "b"),
)

article_minhash = sa.Table(
    "article_minhash", metadata,
    sa.Column("article_id", article_id_type(), primary_key=True),
    sa.Column("signature", sa.JSON, nullable=False),
)

article_bands = sa.Table(
    "article_bands", metadata,
    sa.Column("band", sa.Integer, nullable=False),
    sa.Column("hash", sa.BigInteger, nullable=False),
    sa.Column("article_id", article_id_type(), nullable=False, index=True),
    sa.PrimaryKeyConstraint("band", "hash", "article_id"),
)

article_copies = sa.Table(
    "article_copies", metadata,
    sa.Column("article_id", article_id_type(), primary_key=True),
    sa.Column("original_id", article_id_type(), nullable=False, index=True),
    sa.Column("similarity", sa.Float, nullable=False),
)

article_revisions = sa.Table(
    "article_revisions", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("article_id", article_id_type(), nullable=False, index=True),
    sa.Column("pipeline", sa.String(200), nullable=False),
    sa.Column("replaced_at", sa.String(40), nullable=False),
    sa.Column("replaced_by", sa.String(200), nullable=False),
    sa.Column("document", sa.JSON, nullable=False),
)

changes = sa.Table(
    "changes", metadata,
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False, index=True),
    sa.Column("kind", sa.String(20), nullable=False),  # "event" (a canonical event)
    sa.Column("item_id", sa.String(40), nullable=False),
    sa.Column("op", sa.String(10), nullable=False),  # added | changed | deleted
    sa.Column("detail", sa.JSON),  # deleted: {"merged_into": id} when its reports went to another event
)

TABLES = (merge_events, merge_keys, merge_edges, article_minhash, article_bands, article_copies,
          article_revisions, changes)
