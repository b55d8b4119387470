"""Summary tables kept current at ingest, so the dashboard's default views never group a million rows.

Three tables, filled by migration 0004 from what is stored and then kept in step by the store's
writes (``Store.save`` takes the touched canonical events out with ``subtract`` before it
recomputes them and calls ``after_save``; a correction calls ``subtract`` / ``add`` around its change):

- ``agg_map``: canonical events with coordinates per type × country × place (the map; a map
  filtered otherwise groups the events' ``map_cell``, which ``add`` keeps in step too);
- ``agg_timeline``: canonical events per day × type × country, each event counted twice — under
  its country and under ``"*"`` (all countries) — so the default timeline reads a few thousand rows;
- ``agg_figures``: figures per day × kind with best / low / high, reports and outlets (the toll
  chart), recomputed per touched (day, kind) because maxima cannot be decremented.

Counts are additive deltas (upserts), the figure groups are recomputed; both inside the article's
transaction, so a failed save leaves the summaries as they were. ``rebuild`` recomputes all three
from the base tables (after a bulk load that bypassed ``Store.save``, e.g. the benchmark).
NULL keys are stored as ``""`` (primary keys cannot hold NULL portably) and read back as None.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from polemos.store import map_cells, schema

ALL = "*"  # the country key under which every event is counted too

agg_map = sa.Table(
    "agg_map", schema.metadata,
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("place_name", sa.Text, nullable=False),
    sa.Column("lat", sa.Float, nullable=False),
    sa.Column("lon", sa.Float, nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("country", "type", "place_name", "lat", "lon"),
)

agg_timeline = sa.Table(
    "agg_timeline", schema.metadata,
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("type", sa.String(20), nullable=False),
    sa.Column("n", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("country", "day", "type"),
)

agg_figures = sa.Table(
    "agg_figures", schema.metadata,
    sa.Column("day", sa.String(10), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("best", sa.BigInteger),
    sa.Column("low", sa.BigInteger),
    sa.Column("high", sa.BigInteger),
    sa.Column("reports", sa.Integer, nullable=False),
    sa.Column("sources", sa.Integer, nullable=False),
    sa.PrimaryKeyConstraint("day", "kind"),
)

# The actor filter ("name contains") resolved through the vocabulary of names: match the words
# against the few distinct names, then find the events by exact name through an index. A
# substring index cannot do this well: actor names share most of their trigrams ("Armed Group
# 17", "Armed Group 170"), so every trigram's list is long. Migration 0006.
agg_actor_names = sa.Table(
    "agg_actor_names", schema.metadata,
    sa.Column("name", sa.Text, primary_key=True),
    sa.Column("n", sa.Integer, nullable=False),  # canonical events that name it
)

agg_actor_events = sa.Table(
    "agg_actor_events", schema.metadata,
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("canonical_id", sa.String(40), nullable=False, index=True),
    sa.PrimaryKeyConstraint("name", "canonical_id"),
)

TABLES = (agg_map, agg_timeline, agg_figures)
ACTOR_TABLES = (agg_actor_names, agg_actor_events)

# SQLite: an FTS5 trigram index over each canonical event's actor names and evidence text, so
# the "actor" and "text" filters (substring matches, like LIKE '%…%') read an index instead of
# every event. Its rowid is a hash of the canonical id, computed here (not a trigger on the
# table's implicit rowid, which VACUUM may renumber). PostgreSQL: pg_trgm GIN indexes on the
# same columns when the extension is available; ILIKE uses them as it is.
search_index = sa.table("ce_search", sa.column("id"), sa.column("actor_names"), sa.column("search_text"))


@dataclass(frozen=True)
class Marks:
    """What one save touches: canonical event ids and figure (day, kind) groups."""

    canonical: frozenset[str]
    figure_groups: frozenset[tuple[str, str]]


# --- the store's hooks ---------------------------------------------------------------------------

def figure_groups(conn: sa.Connection, document: Any) -> frozenset[tuple[str, str]]:
    """Called by ``Store.save`` before the old rows go: the figure (day, kind) groups the save touches."""
    aid = document.article.id
    f, art = schema.figures, schema.articles
    day = sa.func.coalesce(f.c.date_start, art.c.published)
    groups = {(r[0], r[1]) for r in conn.execute(
        sa.select(day, f.c.kind).select_from(f.join(art, art.c.id == f.c.article_id))
        .where(f.c.article_id == aid, f.c.value.is_not(None))) if r[0]}
    published = document.article.published
    groups |= {(fig.date.start or published, fig.kind) for fig in document.figures
               if fig.value is not None and (fig.date.start or published)}
    return frozenset(groups)


def after_save(conn: sa.Connection, marks: Marks) -> None:
    """Called by ``Store.save`` after the canonical events are recomputed: lays the analysts'
    corrections back onto their filter columns, counts the events again, refreshes the figures."""
    from polemos.store.corrections import reapply

    reapply(conn, marks.canonical)
    add(conn, marks.canonical)
    for day, kind in sorted(marks.figure_groups):
        _refresh_figure_group(conn, day, kind)


def subtract(conn: sa.Connection, ids: Iterable[str]) -> None:
    """Take canonical events out of the summaries and the search index (before they change)."""
    ids = sorted(ids)
    _count(conn, ids, -1)
    if ids and conn.dialect.name == "sqlite":
        keys = [_search_key(i) for i in ids]
        for start in range(0, len(keys), 500):
            conn.execute(sa.text("DELETE FROM ce_search WHERE rowid IN :keys")
                         .bindparams(sa.bindparam("keys", expanding=True)), {"keys": keys[start:start + 500]})


def add(conn: sa.Connection, ids: Iterable[str]) -> None:
    """Count canonical events into the summaries and the search index (after they changed), and
    give each its map cell (``polemos.store.map_cells``)."""
    ids = sorted(ids)
    _count(conn, ids, +1)
    if ids and _has(conn, "map_cells"):
        map_cells.assign(conn, ids)
    if ids and conn.dialect.name == "sqlite":
        ce = schema.canonical_events
        for start in range(0, len(ids), 500):
            rows = conn.execute(sa.select(ce.c.id, ce.c.actor_names, ce.c.search_text)
                                .where(ce.c.id.in_(ids[start:start + 500]))).all()
            _index(conn, rows)


def _search_key(cid: str) -> int:
    return int.from_bytes(hashlib.blake2b(cid.encode(), digest_size=8).digest(), "big") >> 1


def _index(conn: sa.Connection, rows: list[Any]) -> None:
    if rows:
        conn.execute(sa.text("INSERT INTO ce_search (rowid, id, actor_names, search_text) VALUES (:k, :i, :a, :t)"),
                     [{"k": _search_key(r[0]), "i": r[0], "a": r[1], "t": r[2]} for r in rows])


# --- maintenance ---------------------------------------------------------------------------------

def _count(conn: sa.Connection, ids: Iterable[str], sign: int) -> None:
    ids = sorted(ids)
    if not ids:
        return
    ce = schema.canonical_events
    map_delta: Counter[tuple] = Counter()
    day_delta: Counter[tuple] = Counter()
    name_delta: Counter[str] = Counter()
    links: list[dict[str, str]] = []
    actor_index = _has(conn, "agg_actor_events")
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        query = sa.select(ce.c.id, ce.c.type, ce.c.country, ce.c.place_name, ce.c.lat, ce.c.lon, ce.c.date_start,
                          ce.c.actor_names).where(ce.c.id.in_(chunk))
        if actor_index and sign < 0:
            conn.execute(agg_actor_events.delete().where(agg_actor_events.c.canonical_id.in_(chunk)))
        for r in conn.execute(query):
            for name in _names(r.actor_names):
                name_delta[name] += sign
                if sign > 0:
                    links.append({"name": name, "canonical_id": r.id})
            country = r.country or ""
            if r.lat is not None and r.lon is not None:
                map_delta[(r.type, country, r.place_name or "", r.lat, r.lon)] += sign
            if r.date_start:
                day_delta[(country, r.date_start, r.type)] += sign
                day_delta[(ALL, r.date_start, r.type)] += sign
    _bump(conn, agg_map, ("type", "country", "place_name", "lat", "lon"), map_delta)
    _bump(conn, agg_timeline, ("country", "day", "type"), day_delta)
    if actor_index:
        if links:
            conn.execute(agg_actor_events.insert(), links)
        _bump(conn, agg_actor_names, ("name",), Counter({(name,): n for name, n in name_delta.items()}))


def _names(actor_names: str | None) -> list[str]:
    """The distinct names, sorted: rows are written in the same order whatever the hash seed."""
    return sorted({n for n in (actor_names or "").split("|") if n})


def _has(conn: sa.Connection, table: str) -> bool:
    return sa.inspect(conn).has_table(table)


def _bump(conn: sa.Connection, table: sa.Table, key: tuple[str, ...], deltas: Counter[tuple]) -> None:
    """Add each delta to its count (one upsert for all), and drop the rows that reach zero."""
    rows = [dict(zip(key, values), n=n) for values, n in sorted(deltas.items(), key=_sortable) if n]
    if not rows:
        return
    insert = schema.dialect_insert(conn)(table)
    conn.execute(insert.on_conflict_do_update(index_elements=list(key), set_={"n": table.c.n + insert.excluded.n}),
                 rows)
    fallen = [{f"k_{k}": row[k] for k in key} for row in rows if row["n"] < 0]
    if fallen:
        conn.execute(table.delete().where(*(table.c[k] == sa.bindparam(f"k_{k}") for k in key), table.c.n <= 0),
                     fallen)


def _sortable(item: tuple[tuple, int]) -> tuple:
    return tuple((v is None, v) for v in item[0])


def _figure_select() -> sa.Select:
    f, a = schema.figures, schema.articles
    day = sa.func.coalesce(f.c.date_start, a.c.published).label("day")
    return (sa.select(day, f.c.kind, sa.func.max(f.c.value).label("best"),
                      sa.func.min(sa.func.coalesce(f.c.low, f.c.value)).label("low"),
                      sa.func.max(sa.func.coalesce(f.c.high, f.c.value)).label("high"),
                      sa.func.count().label("reports"), sa.func.count(sa.distinct(a.c.source)).label("sources"))
            .select_from(f.join(a, a.c.id == f.c.article_id)).where(f.c.value.is_not(None))
            .group_by(day, f.c.kind))


def _refresh_figure_group(conn: sa.Connection, day: str, kind: str) -> None:
    """Recompute one (day, kind) of ``agg_figures`` from the figures of that day: those dated that
    day (index ``figures (kind, date_start, ...)``) and the undated ones of articles published that
    day (index ``articles.published``, then each article's figures). One query with "dated or
    undated and published that day" would read every undated figure of the kind: no index serves
    both branches, and SQLite takes the kind's."""
    f, a = schema.figures, schema.articles
    rows = conn.execute(sa.select(f.c.value, f.c.low, f.c.high, a.c.source)
                        .select_from(f.join(a, a.c.id == f.c.article_id))
                        .where(f.c.kind == kind, f.c.date_start == day, f.c.value.is_not(None))).all()
    published = conn.execute(sa.select(a.c.id, a.c.source).where(a.c.published == day)).all()
    source_of = dict(published)
    ids = sorted(source_of)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        # kind and date are tested here, not in SQL, so that the article id index is the one used
        for article_id, kind_, date_start, value, low, high in conn.execute(
                sa.select(f.c.article_id, f.c.kind, f.c.date_start, f.c.value, f.c.low, f.c.high)
                .where(f.c.article_id.in_(chunk))):
            if kind_ == kind and date_start is None and value is not None:
                rows.append((value, low, high, source_of[article_id]))
    conn.execute(agg_figures.delete().where(agg_figures.c.day == day, agg_figures.c.kind == kind))
    if rows:
        conn.execute(agg_figures.insert().values(
            day=day, kind=kind, best=max(r[0] for r in rows), low=min(r[0] if r[1] is None else r[1] for r in rows),
            high=max(r[0] if r[2] is None else r[2] for r in rows), reports=len(rows),
            sources=len({r[3] for r in rows if r[3] is not None})))


def rebuild(conn: sa.Connection) -> None:
    """Recompute every summary from the base tables (migration 0004, and after bulk loads), and
    the map cells of the events whose cell is missing or stale."""
    ce = schema.canonical_events
    for table in TABLES:
        conn.execute(table.delete())
    n = sa.func.count()
    country = sa.func.coalesce(ce.c.country, "")
    place = sa.func.coalesce(ce.c.place_name, "")
    conn.execute(agg_map.insert().from_select(
        ["type", "country", "place_name", "lat", "lon", "n"],
        sa.select(ce.c.type, country, place, ce.c.lat, ce.c.lon, n)
        .where(ce.c.lat.is_not(None), ce.c.lon.is_not(None)).group_by(ce.c.type, country, place, ce.c.lat, ce.c.lon)))
    dated = ce.c.date_start.is_not(None)
    conn.execute(agg_timeline.insert().from_select(
        ["country", "day", "type", "n"],
        sa.select(country, ce.c.date_start, ce.c.type, n).where(dated).group_by(country, ce.c.date_start, ce.c.type)))
    conn.execute(agg_timeline.insert().from_select(
        ["country", "day", "type", "n"],
        sa.select(sa.literal(ALL), ce.c.date_start, ce.c.type, n).where(dated).group_by(ce.c.date_start, ce.c.type)))
    if _has(conn, "map_cells"):
        map_cells.fill(conn)
    if conn.dialect.name == "sqlite" and _has(conn, "ce_search"):
        _fill_search(conn)
    if _has(conn, "agg_actor_events"):
        _fill_actor_index(conn)
    grouped = _figure_select().subquery()
    conn.execute(agg_figures.insert().from_select(
        ["day", "kind", "best", "low", "high", "reports", "sources"],
        sa.select(grouped.c.day, grouped.c.kind, grouped.c.best, grouped.c.low, grouped.c.high, grouped.c.reports,
                  grouped.c.sources).where(grouped.c.day.is_not(None))))


def _fill_search(conn: sa.Connection) -> None:
    ce = schema.canonical_events
    conn.execute(sa.text("DELETE FROM ce_search"))
    rows = conn.execute(sa.select(ce.c.id, ce.c.actor_names, ce.c.search_text)).all()
    for start in range(0, len(rows), 5000):
        _index(conn, rows[start:start + 5000])


def create_search(conn: sa.Connection) -> None:
    """Migration 0005: the search index over actor names and evidence text (see ``search_index``)."""
    if conn.dialect.name == "sqlite":
        conn.execute(sa.text("CREATE VIRTUAL TABLE IF NOT EXISTS ce_search USING "
                             "fts5(id UNINDEXED, actor_names, search_text, tokenize='trigram')"))
        _fill_search(conn)
        return
    if conn.dialect.name != "postgresql":
        return
    available = conn.execute(sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")).first()
    if available is None:
        return  # ILIKE scans stay correct, only slower
    try:
        with conn.begin_nested():  # no privilege to create the extension: keep the scan
            conn.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            for column in ("actor_names", "search_text"):
                conn.execute(sa.text(f"CREATE INDEX IF NOT EXISTS ix_ce_{column}_trgm ON canonical_events "
                                     f"USING gin ({column} gin_trgm_ops)"))
    except sa.exc.DBAPIError:
        pass


def create_actor_index(conn: sa.Connection) -> None:
    """Migration 0006: the actor-name vocabulary and its events (see ``agg_actor_names``)."""
    schema.metadata.create_all(conn, tables=list(ACTOR_TABLES))
    _fill_actor_index(conn)


def _fill_actor_index(conn: sa.Connection) -> None:
    ce = schema.canonical_events
    for table in ACTOR_TABLES:
        conn.execute(table.delete())
    counts: Counter[str] = Counter()
    batch: list[dict[str, str]] = []
    for cid, names in conn.execute(sa.select(ce.c.id, ce.c.actor_names)):
        for name in _names(names):
            counts[name] += 1
            batch.append({"name": name, "canonical_id": cid})
        if len(batch) >= 20000:
            conn.execute(agg_actor_events.insert(), batch)
            batch = []
    if batch:
        conn.execute(agg_actor_events.insert(), batch)
    rows = [{"name": name, "n": n} for name, n in counts.items()]
    for start in range(0, len(rows), 20000):
        conn.execute(agg_actor_names.insert(), rows[start:start + 20000])


def create(conn: sa.Connection) -> None:
    """Migration 0004: the summary tables, filled from what the store holds."""
    schema.metadata.create_all(conn, tables=list(TABLES))
    rebuild(conn)
