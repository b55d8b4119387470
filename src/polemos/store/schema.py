"""Tables of the store (SQLAlchemy Core, the same on SQLite and PostgreSQL).

Each record of an article document is one row, its JSON in ``data`` and its place in the
document in ``position`` (``polemos.store.records`` writes and rebuilds documents); the other
columns copy single fields for filters and indexes.

Every row keeps its provenance: the article it came from, character offsets into that
article's text, and the pipeline version. An article's id is the caller's when the input gave
one, else the hash of its analysed text; ``content_hash`` (unique) is always that hash, the key
that recognises a duplicate. Event ids are hashes of article id + trigger offsets + type, so
ingesting again updates. Article id columns hold ``ARTICLE_ID_MAX`` characters (migration 0010).
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from polemos.model import ARTICLE_ID_MAX

metadata = sa.MetaData()


def article_id_type() -> sa.String:
    """The type of every column that holds an article id (a caller's id may be long)."""
    return sa.String(ARTICLE_ID_MAX)

migrations = sa.Table(
    "migrations", metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

articles = sa.Table(
    "articles", metadata,
    sa.Column("id", article_id_type(), primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("published", sa.String(10), index=True),
    sa.Column("source", sa.String(200), index=True),
    sa.Column("url", sa.Text),
    sa.Column("language", sa.String(10)),
    sa.Column("pipeline", sa.String(200), nullable=False),
    sa.Column("metadata", sa.JSON),
    sa.Column("warnings", sa.JSON),  # the document's warnings; its records are rows of the tables below
    sa.Column("ingested_at", sa.String(40), nullable=False),
    # NULL only in rows a bulk load wrote without it, whose id is the hash (read as such)
    sa.Column("content_hash", sa.String(40), index=True, unique=True),
)


def _article_fk() -> sa.Column:
    return sa.Column("article_id", article_id_type(), sa.ForeignKey("articles.id", ondelete="CASCADE"),
                     nullable=False, index=True)


actors = sa.Table(
    "actors", metadata, _article_fk(),
    sa.Column("position", sa.Integer),
    sa.Column("id", sa.String(20), nullable=False),
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("kind", sa.String(20)),
    sa.Column("country", sa.String(3), index=True),
    sa.Column("sector", sa.String(10)),
    sa.Column("role", sa.Text),
    sa.Column("kb_id", sa.String(100), index=True),
    sa.Column("data", sa.JSON, nullable=False),
    sa.PrimaryKeyConstraint("article_id", "id"),
)

places = sa.Table(
    "places", metadata, _article_fk(),
    sa.Column("position", sa.Integer),
    sa.Column("id", sa.String(20), nullable=False),
    sa.Column("name", sa.Text, nullable=False, index=True),
    sa.Column("geonameid", sa.BigInteger),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("country", sa.String(2), index=True),
    sa.Column("admin1", sa.Text),
    sa.Column("feature", sa.String(20)),
    sa.Column("precision", sa.Integer),
    sa.Column("data", sa.JSON, nullable=False),
    sa.PrimaryKeyConstraint("article_id", "id"),
)

events = sa.Table(
    "events", metadata, _article_fk(),
    sa.Column("position", sa.Integer),
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("canonical_id", sa.String(40), nullable=False, index=True),
    sa.Column("type", sa.String(20), nullable=False, index=True),
    sa.Column("modality", sa.String(100), nullable=False, default=""),
    sa.Column("date_start", sa.String(10), index=True),
    sa.Column("date_end", sa.String(10)),
    sa.Column("place_name", sa.Text),
    sa.Column("country", sa.String(2)),
    sa.Column("actor_names", sa.Text, nullable=False, default=""),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("evidence_text", sa.Text, nullable=False),
    sa.Column("confidence", sa.Float),
    sa.Column("pipeline", sa.String(200), nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
)

figures = sa.Table(
    "figures", metadata, _article_fk(),
    sa.Column("position", sa.Integer),
    sa.Column("id", sa.String(20), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False, index=True),
    sa.Column("value", sa.BigInteger),
    sa.Column("low", sa.BigInteger),
    sa.Column("high", sa.BigInteger),
    sa.Column("scope", sa.String(20)),
    sa.Column("event_id", sa.String(40), index=True),
    sa.Column("date_start", sa.String(10), index=True),
    sa.Column("evidence_start", sa.Integer, nullable=False),
    sa.Column("evidence_end", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.PrimaryKeyConstraint("article_id", "id"),
)

quotes = sa.Table(
    "quotes", metadata, _article_fk(),
    sa.Column("position", sa.Integer),
    sa.Column("id", sa.String(20), nullable=False),
    sa.Column("speaker_name", sa.Text, index=True),
    sa.Column("kind", sa.String(10)),
    sa.Column("content_start", sa.Integer, nullable=False),
    sa.Column("content_end", sa.Integer, nullable=False),
    sa.Column("data", sa.JSON, nullable=False),
    sa.PrimaryKeyConstraint("article_id", "id"),
)

canonical_events = sa.Table(
    "canonical_events", metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("type", sa.String(20), nullable=False, index=True),
    sa.Column("modality", sa.String(100), nullable=False, default=""),
    sa.Column("date_start", sa.String(10), index=True),
    sa.Column("date_end", sa.String(10)),
    sa.Column("place_name", sa.Text, index=True),
    sa.Column("country", sa.String(2), index=True),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("actor_names", sa.Text, nullable=False, default=""),
    sa.Column("search_text", sa.Text, nullable=False, default=""),
    sa.Column("sources", sa.Integer, nullable=False),
    sa.Column("reports", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float),
    sa.Column("data", sa.JSON, nullable=False),
    # the event's marker on the map: ``map_cells.id``, NULL without coordinates (migration 0013)
    sa.Column("map_cell", sa.Integer),
)

# One row per marker the map can draw: a distinct (lat, lon, place, country, type) of canonical
# events, NULL place and country stored as "" (NULLs are never equal in a unique key). The map of a
# date range groups the range's events by this one integer, not by five columns
# (``polemos.store.map_cells``). A cell is never deleted, so an id, once read, always resolves.
map_cells = sa.Table(
    "map_cells", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("place_name", sa.Text, nullable=False),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.UniqueConstraint("lat", "lon", "place_name", "country", "type", name="uq_map_cells"),
)

failures = sa.Table(
    "failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("input", sa.Text, nullable=False),
    sa.Column("step", sa.String(100), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("at", sa.String(40), nullable=False),
)


def dialect_insert(conn: sa.Connection) -> Any:
    """The INSERT construct of the connection's database, which has ``on_conflict_do_nothing``."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert
