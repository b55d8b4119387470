"""Migration 0007: each record stored once.

Stores made before it kept every record twice: in ``articles.document`` (the whole document)
and in each table's ``data`` column (events there with their actors and place as objects). This
moves the document's warnings and each record's order onto the rows, puts the plain event
record in ``events.data``, and drops ``articles.document``. A store created after it (migration
0001 builds today's tables) has nothing to move; every step checks before it acts.
"""
from __future__ import annotations

import sqlalchemy as sa

from polemos.store import schema

_KINDS = {"actors": schema.actors, "places": schema.places, "events": schema.events, "figures": schema.figures,
          "quotes": schema.quotes}


def records_once(conn: sa.Connection) -> None:
    inspector = sa.inspect(conn)
    columns = {t: {c["name"] for c in inspector.get_columns(t)} for t in ("articles", *_KINDS)}
    if "warnings" not in columns["articles"]:
        conn.execute(sa.text("ALTER TABLE articles ADD COLUMN warnings JSON"))
    for name in _KINDS:
        if "position" not in columns[name]:
            conn.execute(sa.text(f"ALTER TABLE {name} ADD COLUMN position INTEGER"))
    if "document" in columns["articles"]:
        _move_documents(conn)
        conn.execute(sa.text("ALTER TABLE articles DROP COLUMN document"))


def _move_documents(conn: sa.Connection) -> None:
    old = sa.table("articles", sa.column("id", sa.String), sa.column("document", sa.JSON))
    for article_id, document in conn.execute(sa.select(old.c.id, old.c.document)).all():
        document = document or {}
        conn.execute(schema.articles.update().where(schema.articles.c.id == article_id)
                     .values(warnings=document.get("warnings") or []))
        for kind, table in _KINDS.items():
            for position, record in enumerate(document.get(kind) or ()):
                values = {"position": position}
                if kind == "events":
                    values["data"] = record  # the plain record; canonical events keep the expanded form
                conn.execute(table.update().where(table.c.article_id == article_id, table.c.id == record["id"])
                             .values(**values))
