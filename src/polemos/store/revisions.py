"""Revisions: re-extracting a stored article with a newer pipeline keeps what each version said.

``Store.save`` replaces an article's rows when its pipeline version changed; before it does, the
document as the earlier version read it is kept whole in ``article_revisions`` (with the version
that replaced it and when). The current reading stays one row per record; history is read back
with ``history``. Analysts' corrections are keyed by canonical event and survive re-extraction.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from polemos.store import records
from polemos.store import schema_merge as sm


def keep(conn: sa.Connection, article_id: str, *, replaced_by: str) -> None:
    """Keep the stored document of ``article_id`` before a newer pipeline's reading replaces it."""
    document = records.read_document(conn, article_id)
    if document is None:
        return
    conn.execute(sm.article_revisions.insert().values(
        article_id=article_id, pipeline=document["article"]["pipeline"], replaced_at=records.now(),
        replaced_by=replaced_by, document=document))


def history(conn: sa.Connection, article_id: str) -> list[dict[str, Any]]:
    """The earlier readings of an article, oldest first: pipeline, when and by what it was replaced, document."""
    r = sm.article_revisions
    rows = conn.execute(sa.select(r.c.pipeline, r.c.replaced_at, r.c.replaced_by, r.c.document)
                        .where(r.c.article_id == article_id).order_by(r.c.id))
    return [dict(row._mapping) for row in rows]
