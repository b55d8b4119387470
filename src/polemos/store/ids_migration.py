"""Migration 0010: the caller's article ids.

An article's id becomes the caller's when the input gives one (a JSONL ``id``), so the hash of
its text, which was the id until now, moves to a column of its own: ``articles.content_hash``,
unique, filled from ``id`` for the rows stored before (whose id was that hash). A caller's id
may be up to ``ARTICLE_ID_MAX`` characters: PostgreSQL enforces a varchar's length, so every
column that holds an article id is widened there (no table is rewritten: a longer varchar is the
same type to PostgreSQL); SQLite ignores declared lengths, so its tables stay as they are. The
run journal remembers articles by content hash, and its column is renamed to say so.

A store created after it (migration 0001 builds today's tables) has nothing to change; every
step checks before it acts.
"""
from __future__ import annotations

import sqlalchemy as sa

from polemos.model import ARTICLE_ID_MAX
from polemos.store.schema_review import TARGET_MAX

# (table, column, length) of every column that holds an article id
ID_COLUMNS = (
    ("articles", "id", ARTICLE_ID_MAX),
    *((table, "article_id", ARTICLE_ID_MAX) for table in ("actors", "places", "events", "figures", "quotes",
                                                           "merge_events", "article_minhash", "article_bands",
                                                           "article_copies", "article_revisions")),
    ("article_copies", "original_id", ARTICLE_ID_MAX),
    ("corrections", "target", TARGET_MAX),  # "<article id>/<figure id>"
)


def caller_ids(conn: sa.Connection) -> None:
    inspector = sa.inspect(conn)
    if "content_hash" not in {c["name"] for c in inspector.get_columns("articles")}:
        conn.execute(sa.text("ALTER TABLE articles ADD COLUMN content_hash VARCHAR(40)"))
        conn.execute(sa.text("UPDATE articles SET content_hash = id"))
    conn.execute(sa.text("CREATE UNIQUE INDEX IF NOT EXISTS ix_articles_content_hash ON articles (content_hash)"))
    if "article_id" in {c["name"] for c in inspector.get_columns("run_articles")}:
        conn.execute(sa.text("ALTER TABLE run_articles RENAME COLUMN article_id TO content_hash"))
    if conn.dialect.name == "postgresql":
        _widen(conn, inspector)


def _widen(conn: sa.Connection, inspector: sa.Inspector) -> None:
    for table, column, length in ID_COLUMNS:
        if not inspector.has_table(table):
            continue
        found = next((c for c in inspector.get_columns(table) if c["name"] == column), None)
        current = getattr(found["type"], "length", None) if found is not None else None
        if current is not None and current < length:
            conn.execute(sa.text(f'ALTER TABLE "{table}" ALTER COLUMN "{column}" TYPE VARCHAR({length})'))
