"""Map cells (migration 0013): the map of a filtered range, grouped by each event's cell id, is the
map the five-column grouping gave, counted here in Python; every write keeps each event's cell
in step with its columns; an old store gets its cells from the migration; PostgreSQL writers
that add the same cell at once get one id."""
from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest
import sqlalchemy as sa
from conftest import postgres_schema
from web_fixtures import STORIES, document

from polemos.store import EventFilter, Store, aggregates, map_cells, queries, schema
from polemos.store.corrections import Correction
from polemos.store.corrections import add as correct
from polemos.store.migrations import apply_migrations

# --- a bulk-loaded store whose every event is known here -------------------------------------------

PLACES = [  # name, lat, lon, country
    ("Ain Zara", 32.8, 13.2, "LY"),
    ("Ain Zara", 32.9, 13.1, "LY"),  # the same name elsewhere: another marker
    ("Gharyan", 32.17, 13.02, "LY"),
    ("Khartoum", 15.5, 32.53, "SD"),
    ("Tunis", 36.8, 10.18, "TN"),
    (None, 10.0, 20.0, None),  # coordinates without a name or country: still a marker
    ("Sabha", None, None, "LY"),  # no coordinates: never on the map
]
TYPES = ["ASSAULT", "PROTEST", "CONSULT"]


def synthetic_events(n: int = 150) -> list[dict[str, Any]]:
    """Canonical event rows over three months: places, types, dates, ranges, undated ones."""
    rows = []
    first = dt.date(2024, 1, 1)
    for i in range(n):
        name, lat, lon, country = PLACES[(i * i + i // 3) % len(PLACES)]
        start = None if i % 17 == 0 else first + dt.timedelta(days=(i * 7) % 91)
        end = start + dt.timedelta(days=4) if start and i % 5 == 0 else start
        rows.append({
            "id": f"ce_{i:04d}", "type": TYPES[(i // 2) % len(TYPES)], "modality": "" if i % 4 else "claimed",
            "date_start": start and start.isoformat(), "date_end": end and end.isoformat(), "place_name": name,
            "country": country, "lat": lat, "lon": lon,
            "actor_names": "Group A" if i % 3 else "Group B|Ministry", "search_text": f"report {i}",
            "sources": 1, "reports": 1, "confidence": 0.7, "data": {"id": f"ce_{i:04d}"}})
    return rows


def matches(row: dict[str, Any], f: EventFilter) -> bool:
    """The store's filters (``apply_filters``), written out for one row."""
    def within(value: str | None, words: str) -> bool:
        return value is not None and words.lower() in value.lower()

    return all((
        not f.type or row["type"] == f.type.upper(),
        not f.country or row["country"] == f.country.upper(),
        not f.place or within(row["place_name"], f.place),
        not f.actor or within(row["actor_names"], f.actor),
        not f.text or within(row["search_text"], f.text),
        not f.date_from or (row["date_end"] or row["date_start"] or "") >= f.date_from,
        not f.date_to or (row["date_start"] is not None and row["date_start"] <= f.date_to),
        f.modality != "asserted" or row["modality"] == "",
    ))


def expected_map(rows: list[dict[str, Any]], f: EventFilter, limit: int) -> list[dict[str, Any]]:
    """The five-column grouping, in Python: largest first, then place, type, country, lat, lon."""
    counts = Counter((r["lat"], r["lon"], r["place_name"], r["country"], r["type"]) for r in rows
                     if r["lat"] is not None and r["lon"] is not None and matches(r, f))
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][2] or "", kv[0][4], kv[0][3] or "", kv[0][0],
                                                   kv[0][1]))
    return [{"lat": lat, "lon": lon, "place": place, "country": country, "type": type_, "count": n}
            for (lat, lon, place, country, type_), n in order[:limit]]


@pytest.fixture
def bulk(db):
    """A store bulk-loaded as the benchmark loads one (rows inserted, then ``rebuild``)."""
    rows = synthetic_events()
    with Store.open(db) as store, store.engine.begin() as conn:
        conn.execute(schema.canonical_events.insert(), rows)
        aggregates.rebuild(conn)
    return db, rows


@pytest.mark.parametrize("filters, limit", [
    ({"date_from": "2024-02-01", "date_to": "2024-02-29"}, 5000),
    ({"date_from": "2024-03-01"}, 5000),
    ({"date_to": "2024-01-20"}, 5000),  # "to" alone: not what ix_ce_until_map serves, the same answer
    ({"date_from": "2024-01-10", "date_to": "2024-03-10", "type": "assault"}, 5000),
    ({"date_from": "2024-01-10", "date_to": "2024-03-10", "country": "ly"}, 5000),
    ({"date_from": "2024-01-10", "place": "ain"}, 5000),  # both Ain Zaras, any case
    ({"date_from": "2024-02-01", "date_to": "2024-03-31", "type": "PROTEST", "country": "SD", "place": "khar"}, 5000),
    ({"place": "Zara"}, 5000),  # a place alone: the cells answer it too
    ({"place": "zz"}, 5000),  # nothing
    ({"place": "%"}, 5000),  # LIKE's wildcard taken literally, as by the events' filter
    ({"date_from": "2024-01-01", "date_to": "2024-03-31"}, 4),  # cut inside a tie: the tie order decides
    ({"date_from": "2024-01-01", "date_to": "2024-03-31", "country": "LY"}, 1),
    ({"actor": "ministry", "date_from": "2024-01-15"}, 5000),  # a filter the cells lack: tested on the events
    ({"modality": "asserted", "country": "LY"}, 5000),
    ({"text": "report 1", "type": "CONSULT"}, 5000),
])
def test_the_map_of_a_filtered_range_is_the_five_column_grouping(bulk, filters, limit):
    db, rows = bulk
    f = EventFilter(**filters)
    with queries.open_store(db) as store:
        assert queries.map_points(store, f, limit=limit) == expected_map(rows, f, limit)


def test_the_summary_map_counts_the_same_markers(bulk):
    """Filtered by type or country alone the map reads ``agg_map``: the same markers and counts."""
    def key(point: dict[str, Any]) -> tuple:
        return point["place"] or "", point["type"], point["country"] or "", point["lat"], point["lon"]

    db, rows = bulk
    with queries.open_store(db) as store:
        for f in (EventFilter(), EventFilter(type="ASSAULT"), EventFilter(country="LY")):
            assert sorted(queries.map_points(store, f), key=key) == sorted(expected_map(rows, f, 5000), key=key)


# --- every write keeps the cells in step --------------------------------------------------------------

def stale_cells(conn: sa.Connection) -> list[tuple]:
    """Events whose ``map_cell`` is not the cell of their own columns (NULL without coordinates)."""
    ce, mc = schema.canonical_events, schema.map_cells
    cells = {r.id: (r.lat, r.lon, r.place_name, r.country, r.type) for r in conn.execute(sa.select(mc))}
    assert len(set(cells.values())) == len(cells)  # one id per cell
    out = []
    for r in conn.execute(sa.select(ce.c.id, ce.c.map_cell, ce.c.lat, ce.c.lon, ce.c.place_name, ce.c.country,
                                    ce.c.type)):
        wanted = None if r.lat is None or r.lon is None else (r.lat, r.lon, r.place_name or "", r.country or "",
                                                              r.type)
        if cells.get(r.map_cell) != wanted:
            out.append((r.id, r.map_cell, wanted))
    return out


def test_a_bulk_load_gets_its_cells_from_rebuild_and_a_changed_row_a_new_one(bulk):
    db, _ = bulk
    ce = schema.canonical_events
    with Store.open(db) as store, store.engine.begin() as conn:
        assert stale_cells(conn) == []
        assert conn.execute(sa.select(sa.func.count()).where(ce.c.map_cell.is_not(None))).scalar_one() > 100
        # rewritten behind the store's back, as a bulk load does: moved, unplaced, placed
        conn.execute(ce.update().where(ce.c.id == "ce_0001").values(lat=1.25, lon=2.5))
        conn.execute(ce.update().where(ce.c.id == "ce_0002").values(lat=None))
        conn.execute(ce.update().where(ce.c.id.in_(["ce_0003", "ce_0004"])).values(lat=3.0, lon=4.0, place_name="X"))
        assert len(stale_cells(conn)) == 4
        aggregates.rebuild(conn)
        assert stale_cells(conn) == []


def _saved(db: str) -> None:
    """Stories saved, one re-extracted, one corrected in place and type: the store's write paths."""
    with queries.open_store(db) as store:
        for story in STORIES:
            store.save(document(story))
        store.save(document(STORIES[2], pipeline="test-2"))
        [event] = queries.events(store, EventFilter(place="Gharyan")).items
        correct(store.engine, Correction(event["id"], "place", {"name": "Misrata", "country": "LY", "lat": 32.4,
                                                                "lon": 15.1}))
        correct(store.engine, Correction(event["id"], "type", "COERCE"))
        store.save(document(STORIES[2], pipeline="test-3"))  # the corrections laid back on the new reading
        moved = replace(STORIES[4], place=("Tunis", None, None, "TN"))  # a report without coordinates
        store.save(document(moved, pipeline="test-2"))


def test_saves_and_corrections_keep_each_events_cell(db):
    _saved(db)
    with Store.open(db) as store, store.engine.begin() as conn:
        assert stale_cells(conn) == []
        ce = schema.canonical_events
        placed = conn.execute(sa.select(ce.c.place_name, ce.c.type).where(ce.c.map_cell.is_not(None))).all()
        assert ("Misrata", "COERCE") in placed and all(name != "Tunis" for name, _ in placed)
        kept = conn.execute(sa.select(ce.c.id, ce.c.map_cell).order_by(ce.c.id)).all()
        aggregates.rebuild(conn)  # what the saves kept is what a rebuild gives
        assert conn.execute(sa.select(ce.c.id, ce.c.map_cell).order_by(ce.c.id)).all() == kept


def test_migration_0013_gives_an_old_store_its_cells(db):
    _saved(db)
    live = EventFilter(date_from="2024-03-01", date_to="2024-04-30")
    with queries.open_store(db) as store:
        before = queries.map_points(store, live)
        with store.engine.begin() as conn:  # as a store made before 0013 was
            conn.execute(sa.text("DROP INDEX ix_ce_until_map"))
            conn.execute(sa.text("ALTER TABLE canonical_events DROP COLUMN map_cell"))
            conn.execute(sa.text("DROP TABLE map_cells"))
            conn.execute(schema.migrations.delete().where(schema.migrations.c.name == "0013_map_cells"))
        assert apply_migrations(store.engine) == ["0013_map_cells"]
        with store.engine.connect() as conn:
            assert stale_cells(conn) == []
            assert "ix_ce_until_map" in index_names(conn)
        assert before and queries.map_points(store, live) == before


def index_names(conn: sa.Connection) -> set[str]:
    """Every index, those on an expression too (which SQLAlchemy does not reflect on SQLite)."""
    if conn.dialect.name == "sqlite":
        return set(conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'index'")).scalars())
    return set(conn.execute(sa.text("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")).scalars())


@pytest.mark.parametrize("lat, lon, place, country, type_, expected", [
    (32.8, 13.2, "Ain Zara", "LY", "ASSAULT", (32.8, 13.2, "Ain Zara", "LY", "ASSAULT")),
    (10.0, 20.0, None, None, "PROTEST", (10.0, 20.0, "", "", "PROTEST")),
    (0.0, 0.0, "Null Island", None, "AID", (0.0, 0.0, "Null Island", "", "AID")),
    (None, 13.2, "Ain Zara", "LY", "ASSAULT", None),
    (32.8, None, "Ain Zara", "LY", "ASSAULT", None),
])
def test_the_cell_of_an_events_columns(lat, lon, place, country, type_, expected):
    assert map_cells.cell_of(lat, lon, place, country, type_) == expected


@pytest.mark.postgres
def test_postgresql_writers_adding_the_same_cell_at_once_get_one_id():
    """The second writer's insert waits for the first's; when it commits, the second reads its id."""
    cell = (1.5, 2.5, "Nowhere", "LY", "ASSAULT")
    with postgres_schema("cellrace") as url, Store.open(url) as store:
        first = store.engine.connect()
        first.begin()
        mine = map_cells.cell_ids(first, {cell})
        theirs: dict[map_cells.Cell, int] = {}

        def second() -> None:
            with store.engine.begin() as conn:
                theirs.update(map_cells.cell_ids(conn, {cell}))

        waiting = threading.Thread(target=second)
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive()  # blocked on the first writer's uncommitted row
        first.commit()
        first.close()
        waiting.join(10)
        assert theirs == mine
        with store.engine.connect() as conn:
            assert conn.execute(sa.select(sa.func.count()).select_from(schema.map_cells)).scalar_one() == 1
