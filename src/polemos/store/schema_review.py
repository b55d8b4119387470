"""Tables for the analyst's review: corrections kept beside the machine's reading, never over it.

A correction is a reviewed override of one field of a canonical event (its type, actors,
recipients, place) or of one figure. The extracted rows stay as they were, so a correction can
be audited and withdrawn, and re-ingesting an article does not lose it.
"""
from __future__ import annotations

import sqlalchemy as sa

from polemos.model import ARTICLE_ID_MAX
from polemos.store.schema import metadata

TARGET_MAX = ARTICLE_ID_MAX + 40  # "<article id>/<figure id>"

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(40), nullable=False, index=True),  # canonical event id
    sa.Column("field", sa.String(20), nullable=False),  # type | actors | recipients | place | figure
    sa.Column("target", sa.String(TARGET_MAX), nullable=False, default=""),  # figure: "<article id>/<figure id>"
    sa.Column("value", sa.JSON, nullable=False),
    sa.Column("note", sa.Text, nullable=False, default=""),
    sa.Column("reviewer", sa.String(200), nullable=False, default=""),
    sa.Column("created_at", sa.String(40), nullable=False),
)


# The dashboard's default views: newest first, by type or country, the map's grouping, figures by date.
DASHBOARD_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_ce_date_id ON canonical_events (date_start DESC, id)",
    "CREATE INDEX IF NOT EXISTS ix_ce_date_type ON canonical_events (date_start, type)",
    "CREATE INDEX IF NOT EXISTS ix_ce_type_date ON canonical_events (type, date_start DESC)",
    "CREATE INDEX IF NOT EXISTS ix_ce_country_date_type ON canonical_events (country, date_start, type)",
    "CREATE INDEX IF NOT EXISTS ix_ce_map ON canonical_events (lat, lon, place_name, country, type)",
    "CREATE INDEX IF NOT EXISTS ix_ce_country_map ON canonical_events (country, lat, lon, place_name, type)",
    # the store's "from" filter compares coalesce(date_end, date_start): index that expression
    "CREATE INDEX IF NOT EXISTS ix_ce_until ON canonical_events ((coalesce(date_end, date_start)))",
    "CREATE INDEX IF NOT EXISTS ix_figures_kind_date ON figures (kind, date_start, value, low, high)",
)


# Migration 0012 (issue 14): what the slowest dashboard requests read, each from one index.
READ_INDEXES = {
    # A date range ("from" compares coalesce(date_end, date_start), "to" date_start) with every
    # column its count, map and timeline read, so the range alone answers them instead of one
    # row lookup per event (42,000 for 90 days of a 1M-event store). date_end is in it too:
    # SQLite before 3.41 takes an index on an expression for covering only when the columns
    # inside the expression are in it as well.
    "ix_ce_until_cover": "canonical_events ((coalesce(date_end, date_start)), date_start, date_end, type, country, "
                         "lat, lon, place_name)",
    # the map's summary in the map's order (largest first), read up to the limit instead of
    # sorting every marker; and the same within a country
    "ix_agg_map_top": "agg_map (n DESC, place_name, type, country, lat, lon)",
    "ix_agg_map_country_top": "agg_map (country, n DESC, place_name, type, lat, lon)",
    # the timeline by month (beyond a year, so the default one): the daily counts of each month
    # in the index's order, grouped as they are read (day is in it for the reason above)
    "ix_agg_timeline_month": "agg_timeline (country, (substr(day, 1, 7)), type, day, n)",
}
# PostgreSQL sorts NULLs first in a DESC index, so ix_ce_date_id cannot give it "newest first,
# undated last": without this it sorted every event for a page of the list (70 ms per 100k
# events) and extracted the actors of every event for the 1,000 of "who acts on whom" (1.1 s per
# 100k). SQLite's DESC already puts NULLs last.
POSTGRES_INDEXES = {
    "ix_ce_newest": "canonical_events (date_start DESC NULLS LAST, id)",
}

# Migration 0013 (issue 14): the map of a date range (and a type or country within it) reads each
# event's map cell from the range alone, then groups one integer (``polemos.store.map_cells``).
# Not in READ_INDEXES: migration 0012 runs before the column exists.
MAP_INDEXES = {
    "ix_ce_until_map": "canonical_events ((coalesce(date_end, date_start)), date_start, date_end, type, country, "
                       "map_cell)",
}


def create_read_indexes(conn: sa.Connection) -> None:
    """Migration 0012: ``READ_INDEXES`` (and ``POSTGRES_INDEXES`` there). On an analysed SQLite
    store the new indexes get their statistics at once (a store never analysed gets all of them
    when the app first opens it)."""
    create_indexes(conn, dict(READ_INDEXES, **(POSTGRES_INDEXES if conn.dialect.name == "postgresql" else {})))


def create_indexes(conn: sa.Connection, indexes: dict[str, str]) -> None:
    """``CREATE INDEX IF NOT EXISTS`` each of ``indexes`` (name → definition); analysed at once on
    an analysed SQLite store, whose planner would otherwise not know them from the others."""
    for name, definition in indexes.items():
        conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}"))
    if conn.dialect.name == "sqlite" and _analysed(conn):
        for name in indexes:
            conn.execute(sa.text(f"ANALYZE {name}"))


def _analysed(conn: sa.Connection) -> bool:
    return conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first() is not None


def ensure_review_schema(engine: sa.Engine) -> None:
    """Refresh the query planner's statistics for the dashboard's views (idempotent, cheap).

    The corrections table and the indexes are the named migrations 0002, 0003 and 0012.
    """
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            # Without statistics SQLite may group the map by its covering index and test each
            # row's date, instead of reading the date range first: ANALYZE once, then let
            # ``PRAGMA optimize`` refresh what drifts.
            conn.execute(sa.text("PRAGMA optimize" if _analysed(conn) else "ANALYZE"))
