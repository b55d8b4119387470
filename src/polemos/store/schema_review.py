"""Tables for the analyst's review: corrections kept beside the machine's reading, never over it.

A correction is a reviewed override of one field of a canonical event (its type, actors,
recipients, place) or of one figure. The extracted rows stay as they were, so a correction can
be audited and withdrawn, and re-ingesting an article does not lose it.
"""
from __future__ import annotations

import sqlalchemy as sa

from polemos.store.schema import metadata

corrections = sa.Table(
    "corrections", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(40), nullable=False, index=True),  # canonical event id
    sa.Column("field", sa.String(20), nullable=False),  # type | actors | recipients | place | figure
    sa.Column("target", sa.String(80), nullable=False, default=""),  # figure: "<article id>/<figure id>"
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


def ensure_review_schema(engine: sa.Engine) -> None:
    """Refresh the query planner's statistics for the dashboard's views (idempotent, cheap).

    The corrections table and the indexes are the named migrations 0002 and 0003.
    """
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            # Without statistics SQLite may group the map by its covering index and test each
            # row's date, instead of reading the date range first: ANALYZE once, then let
            # ``PRAGMA optimize`` refresh what drifts.
            analysed = conn.execute(sa.text("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")).first()
            conn.execute(sa.text("PRAGMA optimize" if analysed else "ANALYZE"))
