"""The store: SQLite by default, PostgreSQL by URL; one transaction per article.

Saving an article replaces every row that came from it (same id: the caller's, or the hash of
its text) and then recomputes the canonical events it touches, inside one transaction: an
interrupted run leaves the store as it was before that article, and running again finishes
without duplicates. The same text under another id is a duplicate of the stored article
(``articles.content_hash`` is unique) and is not stored again. Several processes may write at
once: a transaction that lost a race with another writer (the same article, or one canonical
event from two articles) is run again from the start and then sees the other's rows. A value
the database refuses fails that article only (``UnstorableError``); a store that cannot be
written at all stops the run (``StoreError``).
"""
from __future__ import annotations

import json
import random
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError, SQLAlchemyError, StatementError

from polemos.errors import StoreError, StoreURLError, UnstorableError
from polemos.model import ArticleDocument, ArticleMeta, document_from_json
from polemos.settings import default_db_path
from polemos.store import aggregates, canonical, clusters, merge, near_duplicates, records, revisions, schema
from polemos.store.merge import canonical_id_of
from polemos.store.migrations import apply_migrations

T = TypeVar("T")
WRITE_ATTEMPTS = 8


def engine_url(db: str | Path | None) -> str:
    """A SQLAlchemy URL from a ``--db`` value: a SQLite path, ``sqlite:///…`` or ``postgresql://…``."""
    value = str(db) if db else str(default_db_path())
    if value.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + value.split("://", 1)[1]
    if value.startswith(("postgresql+psycopg://", "sqlite://")):
        return value
    if "://" in value:
        scheme = value.split("://", 1)[0]
        raise StoreURLError(f"--db {value!r}: unknown database scheme {scheme!r}; give a SQLite file path "
                            "or a postgresql:// URL")
    path = Path(value).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"--db {value}: cannot create folder {path.parent} ({exc.strerror}); "
                         "choose a writable location") from None
    return f"sqlite:///{path}"


@dataclass(frozen=True)
class EventFilter:
    actor: str | None = None
    type: str | None = None
    place: str | None = None
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    text: str | None = None
    modality: str | None = None  # "asserted" = no modality, else one modality word

    @classmethod
    def from_options(cls, args: Any) -> EventFilter:
        """The filter the command-line options of ``polemos.options.filter_options`` ask for."""
        return cls(actor=args.actor, type=args.type, place=args.place, country=args.country,
                   date_from=args.date_from, date_to=args.date_to, text=args.text, modality=args.modality)


class Store:
    """Open with ``Store.open(db)``; close with ``close()`` or use as a context manager."""

    def __init__(self, engine: sa.Engine, *, label: str) -> None:
        self.engine = engine
        self.label = label

    @classmethod
    def open(cls, db: str | Path | None = None, *, create: bool = True) -> Store:
        """The store at ``db``; with ``create=False`` (commands that only read) a SQLite file that
        does not exist is an error rather than a new empty store."""
        url = engine_url(db)
        label = url.split("@")[-1] if url.startswith("postgresql") else url.removeprefix("sqlite:///")
        if not create and url.startswith("sqlite:///") and label != ":memory:" and not Path(label).exists():
            raise StoreError(f"no store at {label}; check --db, or run `polemos ingest` to create one")
        try:
            if url.startswith("postgresql"):
                engine = sa.create_engine(url, pool_pre_ping=True, json_serializer=_strict_json)
            else:
                engine = sa.create_engine(url, connect_args={"timeout": 30}, json_serializer=_strict_json)
                sa.event.listen(engine, "connect", _sqlite_pragmas)
            apply_migrations(engine)
        except ModuleNotFoundError as exc:
            raise StoreError(f"--db {label}: driver {exc.name!r} is not installed; "
                             "run `pip install 'polemos[postgres]'`") from None
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot open store {label}: {_reason(exc)}; check --db and that it is writable") from None
        return cls(engine, label=label)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, work: Callable[[sa.Connection], T], *, what: str) -> T:
        """Run ``work`` in one transaction; again from the start when it lost a race with another
        writer (a unique key taken meanwhile, a lock, a deadlock), up to ``WRITE_ATTEMPTS`` times."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.engine.begin() as conn:
                    return work(conn)
            except (IntegrityError, OperationalError) as exc:
                if attempt < WRITE_ATTEMPTS and _lost_a_race(exc):
                    time.sleep(random.uniform(0.01, 0.05) * attempt)  # let the other writer finish
                    continue
                if isinstance(exc, IntegrityError):
                    raise UnstorableError(f"cannot store {what}: {_reason(exc)}") from None
                raise StoreError(f"cannot write to store {self.label}: {_reason(exc)}; {self._advice()}") from None
            except DataError as exc:  # a value this database cannot hold (NUL, a number out of range, ...)
                raise UnstorableError(f"cannot store {what}: {_reason(exc)}") from None
            except OverflowError as exc:  # SQLite's driver refuses an integer past 64 bits before sending it
                raise UnstorableError(f"cannot store {what}: {exc}") from None
            except StatementError as exc:  # refused before it reached the database (a NaN for a JSON column)
                if isinstance(exc, DBAPIError):
                    raise StoreError(f"cannot write to store {self.label}: {_reason(exc)}") from None
                raise UnstorableError(f"cannot store {what}: {_reason(exc)}") from None
        raise AssertionError("unreachable")

    def _advice(self) -> str:
        if self.engine.dialect.name == "postgresql":
            return ("check that the PostgreSQL server is running and reachable, then run the same command again: "
                    "what was stored is kept and nothing is stored twice")
        return "check the file's permissions and free space"

    # --- writing -------------------------------------------------------------------------------

    def known(self, article: ArticleMeta) -> tuple[str, str] | None:
        """What saving ``article`` would do without writing: ``("unchanged", its id)`` when its id
        holds its text by its pipeline, ``("duplicate", the stored id)`` when another id holds its
        text; None when it would be stored or updated. A batch asks before analysing it."""
        with self.engine.connect() as conn:
            return _known(conn, article)

    def save(self, document: ArticleDocument) -> str:
        """Store one article document; returns ``stored``, ``updated``, ``unchanged`` or
        ``duplicate`` (its text is stored under another id: nothing is written)."""
        origin = document.article.metadata.get("origin", document.article.id)
        return self._write(lambda conn: self._save(conn, document), what=f"article {origin}")

    def _save(self, conn: sa.Connection, document: ArticleDocument) -> str:
        article = document.article
        found = _known(conn, article)
        if found is not None:
            return found[0]
        old = conn.execute(sa.select(schema.articles.c.pipeline).where(schema.articles.c.id == article.id)).first()
        groups = aggregates.figure_groups(conn, document)  # summary tables (polemos.store.aggregates)
        before: dict[str, str] = {}  # event id -> canonical id, of the reports this save moves
        neighbours: set[str] = set()
        if old is not None:
            revisions.keep(conn, article.id, replaced_by=article.pipeline)
            before, neighbours = self._delete_article(conn, article.id)
        reports = [merge.features(document, e) for e in document.events]
        records.write_document(conn, document, canonical={r.event: canonical_id_of(r.event) for r in reports})
        copied = near_duplicates.link(conn, article.id, article.text)
        added = clusters.add(conn, reports)
        new = {r.event for r in reports}
        assigned = clusters.recluster(conn, neighbours | added.linked, alone=new - added.linked - neighbours)
        touched, moved_to = self._reassign(conn, assigned, before, new=new)
        touched |= self._canonical_of_articles(conn, copied)
        aggregates.subtract(conn, touched)
        canonical.refresh(conn, touched, moved_to=moved_to)
        aggregates.after_save(conn, aggregates.Marks(frozenset(touched), groups))
        return "updated" if old is not None else "stored"

    def _reassign(self, conn: sa.Connection, assigned: dict[str, str], before: dict[str, str], *,
                  new: set[str]) -> tuple[set[str], dict[str, str]]:
        """Write the new canonical ids; returns the canonical events to recompute and, for each old
        id that went away, the id that took most of its reports."""
        ev = schema.events
        current = dict(before)
        for chunk in _chunks(sorted(set(assigned) - new)):
            current.update(conn.execute(sa.select(ev.c.id, ev.c.canonical_id).where(ev.c.id.in_(chunk))).all())
        touched: set[str] = set(before.values())
        went: dict[str, Counter[str]] = {}
        for event_id, cid in assigned.items():
            was = current.get(event_id)
            if event_id in new or was != cid:
                touched.add(cid)
                if was is not None:
                    touched.add(was)
                    went.setdefault(was, Counter())[cid] += 1
            stored = canonical_id_of(event_id) if event_id in new else was  # what its row holds now
            if stored != cid:
                conn.execute(ev.update().where(ev.c.id == event_id).values(canonical_id=cid))
        remaining = set(assigned.values())
        moved_to = {old: counts.most_common(1)[0][0] for old, counts in went.items() if old not in remaining}
        return touched, moved_to

    def _canonical_of_articles(self, conn: sa.Connection, article_ids: set[str]) -> set[str]:
        if not article_ids:
            return set()
        ev = schema.events
        query = sa.select(ev.c.canonical_id).where(ev.c.article_id.in_(sorted(article_ids)))
        return {r[0] for r in conn.execute(query)}

    def record_failure(self, source: str, step: str, reason: str) -> None:
        row = dict(input=source, step=step, reason=reason, at=records.now())
        self._write(lambda conn: conn.execute(schema.failures.insert().values(**row)), what=f"the failure of {source}")

    def _delete_article(self, conn: sa.Connection, article_id: str) -> tuple[dict[str, str], set[str]]:
        """Remove the article's rows; returns its events' canonical ids and the reports they were linked to."""
        rows = conn.execute(sa.select(schema.events.c.id, schema.events.c.canonical_id)
                            .where(schema.events.c.article_id == article_id))
        before = {r[0]: r[1] for r in rows}
        neighbours = clusters.forget(conn, before)
        near_duplicates.forget(conn, article_id)
        for table in (schema.events, schema.figures, schema.quotes, schema.actors, schema.places):
            conn.execute(table.delete().where(table.c.article_id == article_id))
        conn.execute(schema.articles.delete().where(schema.articles.c.id == article_id))
        return before, neighbours

    # --- reading -------------------------------------------------------------------------------

    def events(self, filters: EventFilter = EventFilter(), *, limit: int | None = None,
               offset: int = 0) -> list[dict[str, Any]]:
        """Canonical events with corrections applied (``polemos.store.queries.events``, the one read path)."""
        from polemos.store import queries

        return queries.events(self, filters, limit=limit, offset=offset).items

    def count_events(self, filters: EventFilter = EventFilter()) -> int:
        from polemos.store import queries

        return queries.events(self, filters, limit=0).total

    def document(self, article_id: str) -> dict[str, Any] | None:
        """The stored article document as JSON (as ``polemos extract`` printed it), or None."""
        with self.engine.connect() as conn:
            return records.read_document(conn, article_id)

    def article(self, article_id: str) -> ArticleDocument | None:
        """The stored article document as records."""
        data = self.document(article_id)
        return None if data is None else document_from_json(data)

    def failures(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(schema.failures).order_by(schema.failures.c.id))]

    def counts(self) -> dict[str, int]:
        tables = {"articles": schema.articles, "events": schema.events, "canonical_events": schema.canonical_events,
                  "figures": schema.figures, "quotes": schema.quotes, "failures": schema.failures}
        with self.engine.connect() as conn:
            return {name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one()
                    for name, t in tables.items()}


def _known(conn: sa.Connection, article: ArticleMeta) -> tuple[str, str] | None:
    """``Store.known`` inside a transaction. The content hash decides: another id with the same
    text is a duplicate (even when this id holds other text: it keeps it); this id with the same
    text and pipeline is unchanged. A row without a hash (a bulk load's) has the hash as its id."""
    a = schema.articles.c
    digest = article.content_hash
    same_text = sa.or_(a.content_hash == digest, sa.and_(a.content_hash.is_(None), a.id == digest))
    rows = conn.execute(sa.select(a.id, a.pipeline).where(same_text).limit(2)).all()
    other = next((r.id for r in rows if r.id != article.id), None)
    if other is not None:
        return "duplicate", other
    if any(r.id == article.id and r.pipeline == article.pipeline for r in rows):
        return "unchanged", article.id
    return None


def apply_filters(query: sa.Select, f: EventFilter) -> sa.Select:
    ce = schema.canonical_events
    if f.type:
        query = query.where(ce.c.type == f.type.upper())
    if f.actor:
        query = query.where(contains(ce.c.actor_names, f.actor))
    if f.place:
        query = query.where(contains(ce.c.place_name, f.place))
    if f.country:
        query = query.where(ce.c.country == f.country.upper())
    if f.date_from:
        query = query.where(sa.func.coalesce(ce.c.date_end, ce.c.date_start) >= f.date_from)
    if f.date_to:
        query = query.where(ce.c.date_start <= f.date_to)
    if f.text:
        query = query.where(contains(ce.c.search_text, f.text))
    if f.modality == "asserted":
        query = query.where(ce.c.modality == "")
    elif f.modality:
        query = query.where(contains(ce.c.modality, f.modality))
    return query


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def contains(column: sa.ColumnElement, value: str) -> sa.ColumnElement[bool]:
    """``column`` contains ``value`` case-insensitively, with LIKE's wildcards taken literally."""
    return column.ilike(f"%{_like(value)}%", escape="\\")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    _wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _wal(cursor: Any, *, attempts: int = 100) -> None:
    """Write-ahead logging, which the file keeps once set. Switching a new file to it takes a lock
    that SQLite's busy timeout does not wait for, so a second process opening the same new store
    tries again until the first has switched it."""
    for attempt in range(1, attempts + 1):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts:
                raise
            time.sleep(random.uniform(0.02, 0.1))


def _lost_a_race(exc: SQLAlchemyError) -> bool:
    """True for the errors a concurrent writer causes, which running again resolves."""
    if isinstance(exc, IntegrityError):
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return any(word in text for word in ("locked", "busy", "deadlock", "could not serialize"))


def _strict_json(value: Any) -> str:
    """JSON for the store's JSON columns: no NaN (PostgreSQL refuses it; SQLite would keep text no
    reader parses as JSON); ``to_json`` already turned the records' NaN into null."""
    return json.dumps(value, allow_nan=False)


def _reason(exc: SQLAlchemyError) -> str:
    return str(getattr(exc, "orig", exc)).splitlines()[0]


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
