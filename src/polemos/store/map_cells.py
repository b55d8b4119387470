"""Map cells: one integer per marker the map can draw, so the map of a date range groups one column.

A marker is a distinct (lat, lon, place, country, type) of canonical events (``schema.map_cells``);
each canonical event with coordinates holds its cell's id in ``canonical_events.map_cell``. The map
of a filtered range (``queries.map_points``) then groups the range's events by that integer, read
from one index (``schema_review.MAP_INDEXES``), and looks up only the cells it found: on a 1M-event
store, sorting 41,000 events of 90 days on five columns was most of that request's time.

Kept in step where the summaries are (``aggregates.add`` after every change of a canonical event,
whoever made it: a save, a correction, a migration; ``aggregates.rebuild`` after a bulk load).
Several PostgreSQL writers may need the same new cell at once: a cell is inserted with ``ON
CONFLICT DO NOTHING`` and then read, which under READ COMMITTED waits for the other writer's insert
and then sees it. Cells are never deleted (a few thousand rows), so an id read stays valid.
Migration 0013 (``create``) adds the table, the column and the index to a store made before it.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from polemos.store import schema
from polemos.store.schema_review import MAP_INDEXES, create_indexes

KEY = ("lat", "lon", "place_name", "country", "type")
Cell = tuple[float, float, str, str, str]  # the values of KEY, "" for a NULL place or country
CHUNK = 500  # ids, or cells, per statement: under every database's limit on bound parameters


def cell_of(lat: float | None, lon: float | None, place_name: str | None, country: str | None,
            type_: str) -> Cell | None:
    """The cell of an event's filter columns; None without both coordinates (no marker)."""
    if lat is None or lon is None:
        return None
    return (lat, lon, place_name or "", country or "", type_)


def assign(conn: sa.Connection, ids: Iterable[str]) -> None:
    """Give each of these canonical events the id of its cell (inserting new cells), or NULL."""
    ce = schema.canonical_events
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        rows = conn.execute(sa.select(ce.c.id, ce.c.map_cell, *(ce.c[k] for k in KEY))
                            .where(ce.c.id.in_(ids[start:start + CHUNK]))).all()
        wanted = {r.id: cell_of(r.lat, r.lon, r.place_name, r.country, r.type) for r in rows}
        found = cell_ids(conn, {c for c in wanted.values() if c is not None})
        changed = [{"cid": r.id, "cell": found.get(wanted[r.id])} for r in rows
                   if r.map_cell != found.get(wanted[r.id])]
        if changed:
            conn.execute(ce.update().where(ce.c.id == sa.bindparam("cid")).values(map_cell=sa.bindparam("cell")),
                         changed)


def cell_ids(conn: sa.Connection, cells: set[Cell]) -> dict[Cell, int]:
    """The id of each cell, inserting those not there yet (in sorted order: two writers that add the
    same cells take their keys' locks in the same order)."""
    found = _lookup(conn, cells)
    missing = sorted(cells - set(found))
    if missing:
        insert = schema.dialect_insert(conn)(schema.map_cells).on_conflict_do_nothing(index_elements=list(KEY))
        conn.execute(insert, [dict(zip(KEY, cell)) for cell in missing])
        found.update(_lookup(conn, set(missing)))
    return found


def _lookup(conn: sa.Connection, cells: set[Cell]) -> dict[Cell, int]:
    mc = schema.map_cells
    ordered = sorted(cells)
    out: dict[Cell, int] = {}
    for start in range(0, len(ordered), CHUNK):
        query = sa.select(mc.c.id, *(mc.c[k] for k in KEY)).where(
            sa.tuple_(*(mc.c[k] for k in KEY)).in_(ordered[start:start + CHUNK]))
        out.update((tuple(row[1:]), row[0]) for row in conn.execute(query))
    return out


def fill(conn: sa.Connection) -> None:
    """Every canonical event's cell from its columns, in SQL (migration 0013, and a rebuild after a
    bulk load): the cells not there yet are inserted (in the map's tie order: on a store filled at
    once, ids follow place and type), then the rows whose cell differs are written, none other."""
    ce, mc = schema.canonical_events, schema.map_cells
    columns = (ce.c.lat, ce.c.lon, sa.func.coalesce(ce.c.place_name, ""), sa.func.coalesce(ce.c.country, ""),
               ce.c.type)
    distinct = (sa.select(*columns).where(ce.c.lat.is_not(None), ce.c.lon.is_not(None)).group_by(*columns)
                .order_by(columns[2], columns[4], columns[3], columns[0], columns[1]))
    insert = schema.dialect_insert(conn)(mc).from_select(list(KEY), distinct)
    conn.execute(insert.on_conflict_do_nothing(index_elements=list(KEY)))
    # a row without coordinates matches no cell: its subquery gives NULL
    cell = sa.select(mc.c.id).where(*(mc.c[k] == column for k, column in zip(KEY, columns))).scalar_subquery()
    conn.execute(ce.update().values(map_cell=cell).where(ce.c.map_cell.is_distinct_from(cell)))


def create(conn: sa.Connection) -> None:
    """Migration 0013: the ``map_cells`` table, ``canonical_events.map_cell`` (a new store has it
    from migration 0001), every event's cell, then the index (built once, after the rows are written).
    On PostgreSQL every row gets a new version: until ``VACUUM ANALYZE canonical_events`` (or
    autovacuum; not here, migrations run in a transaction) the index-only scans read the heap."""
    schema.metadata.create_all(conn, tables=[schema.map_cells])
    if "map_cell" not in {c["name"] for c in sa.inspect(conn).get_columns("canonical_events")}:
        conn.execute(sa.text("ALTER TABLE canonical_events ADD COLUMN map_cell INTEGER"))
    fill(conn)
    create_indexes(conn, MAP_INDEXES)
