"""Read queries behind the API, the dashboard, the exports and the reports.

Everything here reads the store through SQLAlchemy Core with bound parameters (never string
formatting), returns plain JSON data, and lays analysts' corrections over the machine's
reading (``corrections.apply``). Lists come as a ``Page`` (items, total, limit, offset).
Aggregates (map, timeline, figures over time) are grouped in SQL so they stay fast on a
store of a million events.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from polemos.store import aggregates, corrections, schema
from polemos.store.records import read_document
from polemos.store.schema_review import ensure_review_schema
from polemos.store.store import EventFilter, Store, apply_filters, contains

FIGURE_KINDS = ("killed", "injured", "displaced", "missing", "arrested", "affected")


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int
    limit: int
    offset: int

    def to_json(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "limit": self.limit, "offset": self.offset}

    def rows(self) -> list[EventRow]:
        """The items of a page of events as typed rows (what the CLI's table and CSV print)."""
        return [EventRow.from_json(item) for item in self.items]


@dataclass(frozen=True)
class EventRow:
    """One canonical event as a flat row: names instead of actor objects, corrections applied."""

    id: str
    type: str
    date_start: str | None
    date_end: str | None
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    place: str | None
    country: str | None
    modality: tuple[str, ...]
    sources: int | None
    confidence: float | None
    evidence: str

    @classmethod
    def from_json(cls, event: dict[str, Any]) -> EventRow:
        place = event.get("place") or {}
        date = event.get("date") or {}
        names = lambda key: tuple(a.get("name") or "?" for a in event.get(key) or ())  # noqa: E731
        return cls(id=event["id"], type=event["type"], date_start=date.get("start"), date_end=date.get("end"),
                   actors=names("actors"), recipients=names("recipients"), place=place.get("name"),
                   country=place.get("country"), modality=tuple(event.get("modality") or ()),
                   sources=event.get("sources"), confidence=event.get("confidence"),
                   evidence=(event.get("evidence") or {}).get("text", ""))


@dataclass(frozen=True)
class FigureFilter:
    kind: str | None = None
    events: EventFilter = field(default_factory=EventFilter)


def open_store(db: str | Path | None, *, create: bool = True) -> Store:
    """The store, with the review table and the dashboard's indexes in place."""
    store = Store.open(db, create=create)
    ensure_review_schema(store.engine)
    return store


# --- events ---------------------------------------------------------------------------------------

def events(store: Store, filters: EventFilter = EventFilter(), *, limit: int | None = 50, offset: int = 0) -> Page:
    """Canonical events, newest first, corrections applied: what the CLI, the API and the
    dashboard list (exports stream the same through ``iter_events``).

    The page is chosen on ids and dates alone, then its events' JSON is read: an ordering that
    has to sort (an actor's 44,000 events) then never carries every event's document along."""
    ce = schema.canonical_events
    with store.engine.connect() as conn:
        in_order = limit is not None and _actor_in_date_order(conn, filters, wanted=offset + limit)
        page = _filtered(store, sa.select(ce.c.id, ce.c.date_start), filters, actor_in_order=in_order)
        page = page.order_by(ce.c.date_start.desc().nulls_last(), ce.c.id).limit(limit).offset(offset).subquery()
        query = (sa.select(ce.c.data).join_from(page, ce, ce.c.id == page.c.id)
                 .order_by(page.c.date_start.desc().nulls_last(), page.c.id))
        rows = [row[0] for row in conn.execute(query)]
        items = _with_corrections(conn, rows)
        count = conn.execute(_count_query(store, filters)).scalar_one()
    return Page(items, count, limit, offset)


# Reading the newest events first and probing each for a matching name costs about
# wanted × events ÷ matching × names index probes; reading every matching event's date and
# sorting costs about matching × SORT_COST probes (measured on a 1M-event store: a probe
# ~1.5 µs, a matching event read and sorted ~8 µs).
SORT_COST = 5


def _actor_in_date_order(conn: sa.Connection, filters: EventFilter, *, wanted: int) -> bool:
    """Whether a page filtered by actor alone is found faster by reading the newest events first
    and keeping those that name a matching actor (a frequent actor: the page fills soon) than by
    reading all of the actor's events and sorting them (a rare one). SQLite cannot weigh this:
    it knows nothing of how many events a name has, so it always sorts, 0.3 s for 44,000 events.
    PostgreSQL's planner weighs it itself."""
    if conn.dialect.name != "sqlite" or not filters.actor or not _only(filters, "actor"):
        return False
    names = aggregates.agg_actor_names
    found, matching = conn.execute(sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(names.c.n), 0))
                                   .where(contains(names.c.name, filters.actor))).one()
    if not matching:
        return False
    # max(rowid) for the number of events: read in one step, and never below it (rows deleted
    # leave gaps), so the estimate leans towards sorting
    events = conn.execute(sa.text("SELECT max(rowid) FROM canonical_events")).scalar_one() or 0
    return wanted * events * found < matching * matching * SORT_COST


def events_by_id(store: Store, event_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Canonical events by id, corrections applied (ids that are gone are left out)."""
    ce = schema.canonical_events
    out: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for start in range(0, len(event_ids), 500):
            rows = [r[0] for r in conn.execute(sa.select(ce.c.data).where(ce.c.id.in_(event_ids[start:start + 500])))]
            out.update((item["id"], item) for item in _with_corrections(conn, rows))
    return out


def changes_since(store: Store, since: str) -> Iterator[dict[str, Any]]:
    """What was added, changed and deleted since ``since`` (ISO date or time): one entry per
    canonical event, its last operation, with the event as it reads now (``polemos changes``)."""
    from polemos.store import changes

    with store.engine.connect() as conn:
        entries = changes.since(conn, changes.parse_since(since))
    for start in range(0, len(entries), 500):
        chunk = entries[start:start + 500]
        current = events_by_id(store, [c.id for c in chunk if c.op != "deleted"])
        for change in chunk:
            item: dict[str, Any] = {"op": change.op, "id": change.id, "at": change.at, "seq": change.seq}
            if change.op == "deleted":
                item.update(change.detail or {})
            elif change.id in current:
                item["event"] = current[change.id]
            else:
                item["op"] = "deleted"  # changed, then gone in a later entry of another kind
            yield item


def article_history(store: Store, article_id: str) -> dict[str, Any]:
    """An article's earlier readings (``revisions``) and its near-duplicate group (``copies``)."""
    from polemos.store import near_duplicates, revisions

    with store.engine.connect() as conn:
        return {"revisions": revisions.history(conn, article_id), "copies": near_duplicates.copies_of(conn, article_id)}


def _count_query(store: Store, filters: EventFilter) -> sa.Select:
    """How many events match. Filtered by actor alone, the events are counted in the actor index
    (``aggregates.agg_actor_events``) without reading the events themselves."""
    if filters.actor and _only(filters, "actor"):
        names, links = aggregates.agg_actor_names, aggregates.agg_actor_events
        matching = sa.select(names.c.name).where(contains(names.c.name, filters.actor))
        # grouped, then counted: SQLite sorts the ids, about twice as fast as count(DISTINCT),
        # which inserts each into a b-tree
        events = sa.select(links.c.canonical_id).where(links.c.name.in_(matching)).group_by(links.c.canonical_id)
        return sa.select(sa.func.count()).select_from(events.subquery())
    return _filtered(store, sa.select(sa.func.count()).select_from(schema.canonical_events), filters)


def _filtered(store: Store, query: sa.Select, filters: EventFilter, *, actor_in_order: bool = False) -> sa.Select:
    """``apply_filters`` with faster equivalents for two filters: ``actor`` through the name
    vocabulary (``aggregates.agg_actor_names``: the names that contain the words, then their
    events by exact name), and on SQLite ``text`` through the FTS5 trigram index
    (``aggregates.search_index``, case-insensitive substrings like ILIKE) when the words have
    three characters or more and no LIKE wildcard. PostgreSQL's pg_trgm indexes serve ILIKE as is.

    ``actor_in_order``: the actor filter as a test of each event (``EXISTS``) rather than the
    list of its events (``IN``), so SQLite reads the events in the index order of the query and
    stops at its limit (``_actor_in_date_order`` says when that pays)."""
    ce = schema.canonical_events
    rest = replace(filters, actor=None)
    if filters.actor:
        names, links = aggregates.agg_actor_names, aggregates.agg_actor_events
        matching = sa.select(names.c.name).where(contains(names.c.name, filters.actor))
        if actor_in_order:
            query = query.where(sa.exists().where(links.c.canonical_id == ce.c.id, links.c.name.in_(matching)))
        else:
            query = query.where(ce.c.id.in_(sa.select(links.c.canonical_id).where(links.c.name.in_(matching))))
    text = filters.text
    if store.engine.dialect.name == "sqlite" and text and len(text) >= 3 and not set(text) & set("%_\\"):
        fts = aggregates.search_index
        rest = replace(rest, text=None)
        query = query.where(ce.c.id.in_(sa.select(fts.c.id).where(fts.c.search_text.like(f"%{text}%"))))
    return apply_filters(query, rest)


def iter_events(store: Store, filters: EventFilter = EventFilter(), *, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every matching event, newest first, corrections applied; streamed in batches by keyset."""
    ce = schema.canonical_events
    order = (ce.c.date_start.desc().nulls_last(), ce.c.id)
    base = _filtered(store, sa.select(ce.c.data, ce.c.date_start, ce.c.id).order_by(*order), filters)
    offset = 0
    while True:  # offset paging over an indexed order; exports are rare, simplicity wins
        with store.engine.connect() as conn:
            rows = conn.execute(base.limit(batch).offset(offset)).all()
            items = _with_corrections(conn, [r.data for r in rows])
        yield from items
        if len(rows) < batch:
            return
        offset += batch


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """One canonical event with every report: article text, evidence, attribution, figures."""
    ce = schema.canonical_events
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(ce.c.data).where(ce.c.id == event_id)).first()
        if row is None:
            return None
        reviews = corrections.for_events(conn, [event_id]).get(event_id, [])
        overrides = corrections.figure_overrides(reviews)
        event = corrections.apply(row[0], reviews)
        event["reports"] = [_report(conn, mention, overrides) for mention in row[0].get("mentions", [])]
    return event


def _report(conn: sa.Connection, mention: dict[str, Any], overrides: dict[str, dict[str, Any]]) -> dict[str, Any]:
    article = read_document(conn, mention["article"])
    doc_events = {e["id"]: e for e in article.get("events", [])}
    record = doc_events.get(mention["event"], {})
    # a record without an id names no one (a store bulk-loaded with empty records had them: a 500 before)
    names = {a["id"]: a.get("name") for a in article.get("actors", []) if a.get("id") is not None}
    evidence = mention["evidence"]
    figures = []
    for figure in article.get("figures", []):
        if figure.get("event") != mention["event"]:
            continue
        item = dict(figure, target=f"{mention['article']}/{figure['id']}", source_name=names.get(figure.get("source")))
        override = overrides.get(item["target"])
        if override:
            item = dict(item, original={k: figure.get(k) for k in override}, **override, reviewed=True)
        figures.append(item)
    quotes = [
        {"id": q["id"], "kind": q["kind"], "cue": q["cue"], "content": q["content"],
         "speaker": names.get(q.get("speaker")), "chain": [names.get(a, a) for a in q.get("chain", [])]}
        for q in article.get("quotes", [])
        if q["content"]["start"] < evidence["end"] and evidence["start"] < q["content"]["end"]
    ]
    meta = article["article"]
    return {
        "article": {k: meta.get(k) for k in ("id", "title", "published", "source", "url", "text")},
        "event": record.get("id", mention["event"]),
        "evidence": evidence,
        "trigger": record.get("trigger"),
        "confidence": record.get("confidence"),
        "modality": record.get("modality", []),
        "reported_by": [names.get(a, a) for a in record.get("reported_by", [])],
        "quotes": quotes,
        "figures": figures,
    }


def _with_corrections(conn: sa.Connection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    reviews = corrections.for_events(conn, [r["id"] for r in rows])
    return [corrections.apply(r, reviews.get(r["id"], [])) for r in rows]


# --- aggregates for the dashboard -----------------------------------------------------------------

def map_points(store: Store, filters: EventFilter = EventFilter(), *, limit: int = 5000) -> list[dict[str, Any]]:
    """Events grouped by place and type: the map's markers (the browser clusters them further).

    Filtered by type and/or country only (the default views) it reads the summary table kept at
    ingest (``aggregates.agg_map``); any other filter groups the matching events by their map
    cell (``_cells_query``). Either way the largest come first, then by place and type."""
    if _only(filters, "type", "country"):
        m = aggregates.agg_map
        query = sa.select(m.c.lat, m.c.lon, m.c.place_name, m.c.country, m.c.type, m.c.n.label("count"))
        if filters.type:
            query = query.where(m.c.type == filters.type.upper())
        if filters.country:
            query = query.where(m.c.country == filters.country.upper())
        # read in this order from ix_agg_map_top / ix_agg_map_country_top (migration 0012), up to the limit
        query = query.order_by(m.c.n.desc(), m.c.place_name, m.c.type).limit(limit)
        with store.engine.connect() as conn:  # rows unpacked as tuples: by name costs more than the query
            return [{"lat": lat, "lon": lon, "place": place or None, "country": country or None, "type": type_,
                     "count": n} for lat, lon, place, country, type_, n in conn.execute(query).all()]
    with store.engine.connect() as conn:
        return [{"lat": lat, "lon": lon, "place": place or None, "country": country or None, "type": type_,
                 "count": n} for lat, lon, place, country, type_, n in conn.execute(_cells_query(filters, limit))]


def _cells_query(filters: EventFilter, limit: int) -> sa.Select:
    """The matching events grouped by their map cell (one integer), then only the cells found
    looked up (``polemos.store.map_cells``); largest first, ties in the summary's order (place,
    type), then by country, lat, lon.

    Filtered by dates, type, country and place only (the dashboard's), the type, country and place
    are asked of the few thousand cells and the events are read from ``ix_ce_until_map``, which
    holds the date range and the cell: asked of the events, a type or country lured SQLite onto
    its own index and one row lookup per event of it (0.25–0.45 s for 90 days of a 1M-event store),
    a place onto a scan of the table. Not ``_picked``: no index starts with ``map_cell``, so no plan
    trades the date range for the grouping order, and materialising the range first cost 20 ms."""
    ce, cells = schema.canonical_events, schema.map_cells
    count = sa.func.count().label("n")
    events = sa.select(ce.c.map_cell, count).where(ce.c.map_cell.is_not(None))
    if _only(filters, "type", "country", "place", "date_from", "date_to"):
        chosen = _cell_conditions(filters)
        if chosen:
            events = events.where(ce.c.map_cell.in_(sa.select(cells.c.id).where(*chosen)))
        filters = replace(filters, type=None, country=None, place=None)
    grouped = apply_filters(events, filters).group_by(ce.c.map_cell).subquery("grouped")
    return (sa.select(cells.c.lat, cells.c.lon, cells.c.place_name, cells.c.country, cells.c.type, grouped.c.n)
            .join_from(grouped, cells, cells.c.id == grouped.c.map_cell)
            .order_by(grouped.c.n.desc(), cells.c.place_name, cells.c.type, cells.c.country, cells.c.lat,
                      cells.c.lon)
            .limit(limit))


def _cell_conditions(filters: EventFilter) -> list[sa.ColumnElement[bool]]:
    """``apply_filters``' type, country and place tests, asked of the cells: a cell holds its
    events' values (NULL as "", which no test of a set filter matches, as NULL matches none)."""
    cells = schema.map_cells
    chosen = []
    if filters.type:
        chosen.append(cells.c.type == filters.type.upper())
    if filters.country:
        chosen.append(cells.c.country == filters.country.upper())
    if filters.place:
        chosen.append(contains(cells.c.place_name, filters.place))
    return chosen


def _only(filters: EventFilter, *allowed: str) -> bool:
    """True when no filter outside ``allowed`` is set (a summary table can answer)."""
    return all(not getattr(filters, name) for name in EventFilter.__dataclass_fields__ if name not in allowed)


def _picked(select: sa.Select, filters: EventFilter) -> Any:
    """The filtered rows to group. With a date range they are read first (a materialised CTE):
    left to itself the planner scans the grouping index and tests each row's date, which is
    ten times slower on a large store."""
    query = apply_filters(select, filters)
    if filters.date_from or filters.date_to:
        return query.cte("picked").prefix_with("MATERIALIZED")
    return query.subquery("picked")


BUCKETS = ("day", "month")
AUTO_MONTHS_AFTER = 366  # days: a longer timeline is drawn per month (six years of daily bars say little)


def timeline(store: Store, filters: EventFilter = EventFilter(), *, bucket: str = "day") -> list[dict[str, Any]]:
    """Events per day (or per month: ``date`` is then the month's first day) and type; events
    without a date are left out."""
    if _only(filters, "type", "country", "date_from", "date_to"):
        return _timeline_summary(store, filters, bucket=bucket)
    ce = schema.canonical_events
    # "date_start IS NOT NULL" stays outside: inside, it lures SQLite into scanning every date.
    picked = _picked(sa.select(ce.c.date_start, ce.c.type), filters)
    day = _bucketed(picked.c.date_start, bucket)
    count = sa.func.count().label("count")
    query = (sa.select(day, picked.c.type, count).where(picked.c.date_start.is_not(None))
             .group_by(day, picked.c.type).order_by(day, picked.c.type))
    with store.engine.connect() as conn:
        return [{"date": _bucket_date(date, bucket), "type": type_, "count": n}
                for date, type_, n in conn.execute(query).all()]


def timeline_bucket(store: Store, filters: EventFilter = EventFilter()) -> str:
    """``day`` for up to a year of events, else ``month`` (from the summary's first and last day)."""
    import datetime as dt

    first, last = filters.date_from, filters.date_to
    if not (first and last):
        t = aggregates.agg_timeline
        with store.engine.connect() as conn:
            low, high = conn.execute(sa.select(sa.func.min(t.c.day), sa.func.max(t.c.day))
                                     .where(t.c.country == aggregates.ALL)).one()
        first, last = first or low, last or high
    if not (first and last):
        return "day"
    span = dt.date.fromisoformat(last[:10]) - dt.date.fromisoformat(first[:10])
    return "month" if span.days > AUTO_MONTHS_AFTER else "day"


def _bucketed(column: Any, bucket: str) -> Any:
    # 1 and 7 written into the SQL, not bound: then it is the expression ix_agg_timeline_month
    # indexes (migration 0012), and the months come out of the index grouped, without a sort
    month = sa.func.substr(column, sa.literal_column("1"), sa.literal_column("7"))
    return month if bucket == "month" else column


def _bucket_date(value: str, bucket: str) -> str:
    return f"{value}-01" if bucket == "month" else value


def _timeline_summary(store: Store, filters: EventFilter, *, bucket: str) -> list[dict[str, Any]]:
    """The timeline from ``aggregates.agg_timeline``. An event's date range counts on its first
    day; the "from" filter of the event list also keeps events that started earlier and end
    inside the range, which a per-day count cannot see: those are few, and the chart starts at
    "from" either way."""
    t = aggregates.agg_timeline
    day = _bucketed(t.c.day, bucket)
    query = sa.select(day, t.c.type, sa.func.sum(t.c.n)).where(
        t.c.country == (filters.country.upper() if filters.country else aggregates.ALL))
    if filters.type:
        query = query.where(t.c.type == filters.type.upper())
    if filters.date_from:
        query = query.where(t.c.day >= filters.date_from)
    if filters.date_to:
        query = query.where(t.c.day <= filters.date_to)
    query = query.group_by(day, t.c.type).order_by(day, t.c.type)
    with store.engine.connect() as conn:
        return [{"date": _bucket_date(date, bucket), "type": type_, "count": int(n)}
                for date, type_, n in conn.execute(query).all()]


def figure_series(store: Store, filters: FigureFilter = FigureFilter()) -> list[dict[str, Any]]:
    """Figures per day and kind: ``best`` = the largest single reported value that day (outlets
    repeat the same toll, so summing would double count), ``low``/``high`` = the widest band
    reported, ``reports`` and ``sources`` = how many reports and outlets stand behind it.
    With no event filter but dates it reads the summary kept at ingest (``aggregates.agg_figures``)."""
    if _only(filters.events, "date_from", "date_to"):
        g, e = aggregates.agg_figures, filters.events
        query = sa.select(g).order_by(g.c.day, g.c.kind)
        if filters.kind:
            query = query.where(g.c.kind == filters.kind.lower())
        if e.date_from:
            query = query.where(g.c.day >= e.date_from)
        if e.date_to:
            query = query.where(g.c.day <= e.date_to)
        with store.engine.connect() as conn:
            return [{"date": day, "kind": kind, "best": best, "low": low, "high": high, "reports": reports,
                     "sources": sources} for day, kind, best, low, high, reports, sources in conn.execute(query).all()]
    f, a = schema.figures, schema.articles
    day = sa.func.coalesce(f.c.date_start, a.c.published).label("day")
    query = (sa.select(day, f.c.kind, sa.func.max(f.c.value).label("best"),
                       sa.func.min(sa.func.coalesce(f.c.low, f.c.value)).label("low"),
                       sa.func.max(sa.func.coalesce(f.c.high, f.c.value)).label("high"),
                       sa.func.count().label("reports"), sa.func.count(sa.distinct(a.c.source)).label("sources"))
             .select_from(f.join(a, a.c.id == f.c.article_id))
             .where(f.c.value.is_not(None)).group_by(day, f.c.kind).order_by(day))
    query = _figure_filters(query, filters, day)
    with store.engine.connect() as conn:
        return [{"date": r.day, "kind": r.kind, "best": r.best, "low": r.low, "high": r.high, "reports": r.reports,
                 "sources": r.sources} for r in conn.execute(query) if r.day]


def figures(store: Store, filters: FigureFilter = FigureFilter(), *, limit: int = 50, offset: int = 0) -> Page:
    """Each reported figure with its article, outlet and evidence."""
    f, a = schema.figures, schema.articles
    day = sa.func.coalesce(f.c.date_start, a.c.published)
    base = sa.select(f.c.data, f.c.article_id, a.c.title, a.c.source, a.c.url, a.c.published, day.label("day"))
    base = _figure_filters(base.select_from(f.join(a, a.c.id == f.c.article_id)), filters, day)
    query = base.order_by(day.desc().nulls_last(), f.c.article_id, f.c.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        items = [dict(r.data, article={"id": r.article_id, "title": r.title, "source": r.source, "url": r.url,
                                       "published": r.published}, day=r.day) for r in conn.execute(query)]
        total = conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
    return Page(items, total, limit, offset)


def _figure_filters(query: sa.Select, filters: FigureFilter, day: Any) -> sa.Select:
    f, ev = schema.figures, schema.events
    if filters.kind:
        query = query.where(f.c.kind == filters.kind.lower())
    e = filters.events
    if e.date_from:
        query = query.where(day >= e.date_from)
    if e.date_to:
        query = query.where(day <= e.date_to)
    if any((e.type, e.country, e.place, e.actor, e.text)):
        sub = sa.select(ev.c.id)
        if e.type:
            sub = sub.where(ev.c.type == e.type.upper())
        if e.country:
            sub = sub.where(ev.c.country == e.country.upper())
        if e.place:
            sub = sub.where(contains(ev.c.place_name, e.place))
        if e.actor:
            sub = sub.where(contains(ev.c.actor_names, e.actor))
        if e.text:
            sub = sub.where(contains(ev.c.evidence_text, e.text))
        query = query.where(f.c.event_id.in_(sub))
    return query


def actor_links(store: Store, filters: EventFilter = EventFilter(), *, sample: int = 1000) -> dict[str, Any]:
    """Who acts on whom, by event type, over the newest ``sample`` matching events.

    Only the actors and recipients are read out of each event's JSON (in the database), and
    corrected events are laid over, so the view stays cheap on a large store."""
    ce = schema.canonical_events
    query = (sa.select(ce.c.id, ce.c.type, ce.c.data["actors"].label("actors"),
                       ce.c.data["recipients"].label("recipients"))
             .order_by(ce.c.date_start.desc().nulls_last(), ce.c.id).limit(sample))
    query = apply_filters(query, filters)
    with store.engine.connect() as conn:
        rows = conn.execute(query).all()
        reviews = corrections.for_events(conn, [r.id for r in rows])
    links: Counter[tuple[str, str, str]] = Counter()
    without_actor = 0
    for row in rows:
        event = corrections.apply({"type": row.type, "actors": row.actors or [], "recipients": row.recipients or []},
                                  reviews.get(row.id, []))
        sources = [a["name"] for a in event["actors"] if a.get("name")]
        if not sources:
            # "Who acts on whom" needs a who: events read without a named actor are counted,
            # not drawn (dozens of "(unknown)" rows said nothing and pushed the real ones down)
            without_actor += 1
            continue
        targets = [a["name"] for a in event["recipients"] if a.get("name")] or ["(none)"]
        for source in sources:
            for target in targets:
                links[(source, target, event["type"])] += 1
    items = [{"actor": s, "recipient": t, "type": k, "count": n} for (s, t, k), n in links.most_common()]
    return {"items": items, "events": len(rows), "without_actor": without_actor}


def _row(r: Any) -> dict[str, Any]:
    return dict(r._mapping)


def _page(store: Store, base: sa.Select, query: sa.Select, *, limit: int, offset: int,
          item: Any = _row) -> Page:
    """One page of ``query``'s rows and the total count of ``base`` (the query before ordering and paging)."""
    with store.engine.connect() as conn:
        items = [item(r) for r in conn.execute(query)]
        total = conn.execute(sa.select(sa.func.count()).select_from(base.subquery())).scalar_one()
    return Page(items, total, limit, offset)


# --- lists ----------------------------------------------------------------------------------------

def articles(store: Store, *, q: str | None = None, source: str | None = None, date_from: str | None = None,
             date_to: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    art = schema.articles
    base = sa.select(art.c.id, art.c.title, art.c.published, art.c.source, art.c.url, art.c.language,
                     art.c.pipeline)
    if q:
        base = base.where(contains(art.c.title, q))
    if source:
        base = base.where(art.c.source == source)
    if date_from:
        base = base.where(art.c.published >= date_from)
    if date_to:
        base = base.where(art.c.published <= date_to)
    query = base.order_by(art.c.published.desc().nulls_last(), art.c.id).limit(limit).offset(offset)
    return _page(store, base, query, limit=limit, offset=offset)


def actors(store: Store, *, q: str | None = None, country: str | None = None, limit: int = 50,
           offset: int = 0) -> Page:
    """Actors by name, with how many articles mention them."""
    ac = schema.actors
    n = sa.func.count(sa.distinct(ac.c.article_id)).label("articles")
    base = sa.select(ac.c.name, sa.func.max(ac.c.kind).label("kind"), sa.func.max(ac.c.country).label("country"),
                     sa.func.max(ac.c.kb_id).label("kb_id"), n).group_by(ac.c.name)
    if q:
        base = base.where(contains(ac.c.name, q))
    if country:
        base = base.where(ac.c.country == country.upper())
    query = base.order_by(n.desc(), ac.c.name).limit(limit).offset(offset)
    return _page(store, base, query, limit=limit, offset=offset)


def places(store: Store, filters: EventFilter = EventFilter(), *, limit: int = 50, offset: int = 0) -> Page:
    """Places of events, with how many events happened there."""
    ce = schema.canonical_events
    n = sa.func.count().label("events")
    base = apply_filters(sa.select(ce.c.place_name.label("name"), ce.c.country, ce.c.lat, ce.c.lon, n)
                          .where(ce.c.place_name.is_not(None))
                          .group_by(ce.c.place_name, ce.c.country, ce.c.lat, ce.c.lon), filters)
    query = base.order_by(n.desc(), ce.c.place_name).limit(limit).offset(offset)
    return _page(store, base, query, limit=limit, offset=offset)


def quotes(store: Store, *, speaker: str | None = None, article: str | None = None, date_from: str | None = None,
           date_to: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Quotes with speaker, attribution chain (names) and article."""
    qt, art = schema.quotes, schema.articles
    base = (sa.select(qt.c.data, qt.c.speaker_name, qt.c.article_id, art.c.title, art.c.source, art.c.url,
                      art.c.published).select_from(qt.join(art, art.c.id == qt.c.article_id)))
    if speaker:
        base = base.where(contains(qt.c.speaker_name, speaker))
    if article:
        base = base.where(qt.c.article_id == article)
    if date_from:
        base = base.where(art.c.published >= date_from)
    if date_to:
        base = base.where(art.c.published <= date_to)
    query = base.order_by(art.c.published.desc().nulls_last(), qt.c.article_id, qt.c.id).limit(limit).offset(offset)
    return _page(store, base, query, limit=limit, offset=offset, item=_quote_item)


def _quote_item(r: Any) -> dict[str, Any]:
    return dict(r.data, speaker_name=r.speaker_name,
                article={"id": r.article_id, "title": r.title, "source": r.source, "url": r.url,
                         "published": r.published})


def search(store: Store, q: str, *, limit: int = 10) -> dict[str, list[dict[str, Any]]]:
    """One box, four kinds of answer: events (evidence text), actors, places, articles (title)."""
    return {
        "events": events(store, EventFilter(text=q), limit=limit).items,
        "actors": actors(store, q=q, limit=limit).items,
        "places": places(store, EventFilter(place=q), limit=limit).items,
        "articles": articles(store, q=q, limit=limit).items,
    }
