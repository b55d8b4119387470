"""Named migrations, applied in order and recorded in the ``migrations`` table.

A schema change is a new function appended to ``MIGRATIONS``; never edit an applied one.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlalchemy as sa

from polemos.store import schema


def _initial(conn: sa.Connection) -> None:
    tables = [schema.articles, schema.actors, schema.places, schema.events, schema.figures, schema.quotes,
              schema.canonical_events, schema.failures]
    schema.metadata.create_all(conn, tables=tables)


def _corrections(conn: sa.Connection) -> None:
    from polemos.store.schema_review import corrections

    schema.metadata.create_all(conn, tables=[corrections])


def _dashboard_indexes(conn: sa.Connection) -> None:
    from polemos.store.schema_review import DASHBOARD_INDEXES

    for statement in DASHBOARD_INDEXES:
        conn.execute(sa.text(statement))


def _summary_tables(conn: sa.Connection) -> None:
    from polemos.store.aggregates import create

    create(conn)


def _search_index(conn: sa.Connection) -> None:
    from polemos.store.aggregates import create_search

    create_search(conn)


def _actor_index(conn: sa.Connection) -> None:
    from polemos.store.aggregates import create_actor_index

    create_actor_index(conn)


def _records_once(conn: sa.Connection) -> None:
    from polemos.store.records_migration import records_once

    records_once(conn)


def _merging(conn: sa.Connection) -> None:
    from polemos.store.merge_migration import merging

    merging(conn)


def _run_journal(conn: sa.Connection) -> None:
    from polemos.store.journal import create

    create(conn)


def _caller_ids(conn: sa.Connection) -> None:
    from polemos.store.ids_migration import caller_ids

    caller_ids(conn)


def _read_indexes(conn: sa.Connection) -> None:
    from polemos.store.schema_review import create_read_indexes

    create_read_indexes(conn)


def _exact_clusters(conn: sa.Connection) -> None:
    from polemos.store.merge_migration import exact_clusters

    exact_clusters(conn)


def _map_cells(conn: sa.Connection) -> None:
    from polemos.store.map_cells import create

    create(conn)


MIGRATIONS: list[tuple[str, Callable[[sa.Connection], None]]] = [
    ("0001_initial", _initial),
    ("0002_corrections", _corrections),
    ("0003_dashboard_indexes", _dashboard_indexes),
    ("0004_summary_tables", _summary_tables),
    ("0005_search_index", _search_index),
    ("0006_actor_index", _actor_index),
    ("0007_records_once", _records_once),
    ("0008_run_journal", _run_journal),
    ("0009_merging", _merging),
    ("0010_caller_ids", _caller_ids),
    ("0011_exact_clusters", _exact_clusters),
    ("0012_read_indexes", _read_indexes),
    ("0013_map_cells", _map_cells),
]


def apply_migrations(engine: sa.Engine) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied now.

    All of them run in one transaction that first takes the store's write lock (SQLite: ``BEGIN
    IMMEDIATE``; PostgreSQL: an advisory lock), so two processes opening a new store at once do
    not both create its tables: the second waits, then finds them recorded."""
    with engine.connect() as conn:
        _lock(conn)
        schema.metadata.create_all(conn, tables=[schema.migrations])
        done = {row[0] for row in conn.execute(sa.select(schema.migrations.c.name))}
        applied = []
        for name, migrate in MIGRATIONS:
            if name not in done:
                migrate(conn)
                conn.execute(schema.migrations.insert().values(name=name, applied_at=_now()))
                applied.append(name)
        conn.commit()
    return applied


MIGRATION_LOCK = 0x706F6C656D6F73  # "polemos": the advisory lock key on PostgreSQL


def _lock(conn: sa.Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")  # the one writer's lock, waited for up to the busy timeout
    elif conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
