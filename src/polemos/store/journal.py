"""The run journal: what a batch run reads, how far it got, and what became of each item, kept
in the store itself so that ``polemos ingest --resume`` finishes a killed run exactly.

A run handles its items in input order and commits each outcome in that order: an article's rows
and the journal's advance are one transaction (``Ledger.save``), and so are a failure's row and
the advance (``Ledger.reject``). A kill at any moment therefore leaves a journal that says
exactly which items are done, and resuming at its position ends with the store, the failures
and the counts an uninterrupted run would have written. Items that write nothing (duplicates,
skipped records) are committed with the next write, or every few seconds.

``run_articles`` remembers each distinct article the run has seen and its outcome, by content
hash (what makes an article a duplicate of one seen earlier in the run, whatever its id), so that
a resumed run still tells a duplicate from an article that was in the store before it. When
workers write (Ray), they add the row themselves, ``counted`` false until the run's ordered
advance reaches it: a resumed run finds such an article done, and counts it.

``feed_entries`` is what ``polemos watch`` has read of each feed. Tables: migration 0008.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from polemos.errors import PolemosError
from polemos.store import records, schema

if TYPE_CHECKING:
    from polemos.errors import ExtractionError
    from polemos.model import ArticleDocument
    from polemos.store.store import Store

metadata = sa.MetaData()

runs = sa.Table(
    "runs", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(64), nullable=False, index=True),  # a hash of inputs, options and pipeline
    sa.Column("status", sa.String(12), nullable=False),  # running | finished
    sa.Column("inputs", sa.JSON, nullable=False),
    sa.Column("options", sa.JSON, nullable=False),
    sa.Column("items", sa.BigInteger, nullable=False),  # items committed, in input order
    sa.Column("position", sa.JSON),  # the cursor after the last of them (polemos.ingest.items.Cursor)
    sa.Column("counts", sa.JSON, nullable=False),  # outcome -> n
    sa.Column("reasons", sa.JSON, nullable=False),  # "outcome: reason" -> n
    sa.Column("owner", sa.String(200)),  # host:pid of the process running it
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Column("finished_at", sa.String(40)),
)

run_articles = sa.Table(
    "run_articles", metadata,
    sa.Column("run_id", sa.String(32), primary_key=True),
    sa.Column("content_hash", sa.String(40), primary_key=True),  # the article's (migration 0010 renamed it)
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("counted", sa.Boolean, nullable=False),
)

feed_entries = sa.Table(
    "feed_entries", metadata,
    sa.Column("key", sa.String(64), primary_key=True),  # a hash of feed and entry: both may be long URLs
    sa.Column("feed", sa.Text, nullable=False),
    sa.Column("entry", sa.Text, nullable=False),
    sa.Column("read_at", sa.String(40), nullable=False),
)


def create(conn: sa.Connection) -> None:
    """Migration 0008: the journal's tables."""
    metadata.create_all(conn)


@dataclass(frozen=True)
class Step:
    """What one commit writes: the run's state after it, and the rows it adds."""

    items: int
    position: dict[str, Any] | None
    counts: dict[str, int]
    reasons: dict[str, int]
    articles: tuple[tuple[str, str], ...] = ()  # (content hash, outcome), counted now
    receipts: tuple[str, ...] = ()  # content hashes of articles a worker wrote and recorded, counted now
    marks: tuple[tuple[str, str], ...] = ()  # (feed, entry) now read


@dataclass(frozen=True)
class Receipt:
    """What a worker that writes (Ray) sends back instead of the document: small, and enough
    for the run to count it."""

    article_id: str
    origin: str
    outcome: str


@dataclass
class RunState:
    id: str | None = None
    items: int = 0
    position: dict[str, Any] | None = None
    counts: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)
    resumed: bool = False
    finished: bool = False  # resumed a run that had ended: nothing is left to do


class Ledger:
    """The writes of one run: articles, failures and feed marks, each with the journal's advance
    in one transaction. ``run=None`` writes no journal (``polemos watch``: feeds cannot be re-read
    at a position, so there is nothing to resume; the marks are its memory)."""

    def __init__(self, store: Store, state: RunState) -> None:
        self.store = store
        self.state = state

    @classmethod
    def begin(cls, store: Store, *, inputs: list[str], options: dict[str, Any], resume: bool = False) -> Ledger:
        """A new run, or with ``resume`` the last unfinished run of the same inputs and options."""
        key = run_key(inputs, options)
        found = _last_run(store, key) if resume else None
        if found is not None:
            if not found.finished:
                _claim(store, found)
            return cls(store, found)
        state = RunState(id=uuid.uuid4().hex)
        row = {"id": state.id, "key": key, "status": "running", "inputs": inputs, "options": options, "items": 0,
               "position": None, "counts": {}, "reasons": {}, "owner": _owner(), "started_at": _now(),
               "updated_at": _now()}
        store._write(lambda conn: conn.execute(runs.insert().values(**row)), what="the run journal")
        return cls(store, state)

    @classmethod
    def unjournaled(cls, store: Store) -> Ledger:
        return cls(store, RunState())

    # --- the writes, each one transaction -------------------------------------------------------

    def save(self, document: ArticleDocument, step: Callable[[str], Step]) -> str:
        """Store ``document``; ``step`` gives the journal's advance for the outcome."""
        origin = document.article.metadata.get("origin", document.article.id)

        def work(conn: sa.Connection) -> tuple[str, Step]:
            outcome = self.store._save(conn, document)
            done = step(outcome)
            self._record(conn, done)
            return outcome, done

        outcome, done = self.store._write(work, what=f"article {origin}")
        self._applied(done)
        return outcome

    def reject(self, failure: ExtractionError, step: Step) -> None:
        row = {"input": failure.article, "step": failure.step, "reason": failure.reason, "at": records.now()}

        def work(conn: sa.Connection) -> None:
            conn.execute(schema.failures.insert().values(**row))
            self._record(conn, step)

        self.store._write(work, what=f"the failure of {failure.article}")
        self._applied(step)

    def advance(self, step: Step) -> None:
        self.store._write(lambda conn: self._record(conn, step), what="the run journal")
        self._applied(step)

    def finish(self) -> None:
        """Mark the run finished; what it remembered of each article is needed only to resume, so
        it goes (the store does not grow by a row per article each time a corpus is ingested)."""
        run_id = self.state.id
        if run_id is None:
            return
        values = {"status": "finished", "finished_at": _now(), "updated_at": _now(), "owner": None}

        def work(conn: sa.Connection) -> None:
            conn.execute(runs.update().where(runs.c.id == run_id).values(**values))
            conn.execute(run_articles.delete().where(run_articles.c.run_id == run_id))

        self.store._write(work, what="the run journal")

    # --- reading --------------------------------------------------------------------------------

    def recall(self, digest: str) -> tuple[str, bool] | None:
        """``(outcome, counted)`` of the article with content hash ``digest`` if this run saw it before, or None."""
        if self.state.id is None:
            return None
        ra = run_articles.c
        query = sa.select(ra.outcome, ra.counted).where(ra.run_id == self.state.id, ra.content_hash == digest)
        with self.store.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else (row[0], bool(row[1]))

    def unread(self, feed: str, entries: Iterable[str]) -> list[str]:
        """The entries of ``feed`` not read before, in their order."""
        wanted = {entry_key(feed, e): e for e in entries}
        read: set[str] = set()
        keys = list(wanted)
        with self.store.engine.connect() as conn:
            for start in range(0, len(keys), 500):
                query = sa.select(feed_entries.c.key).where(feed_entries.c.key.in_(keys[start:start + 500]))
                read.update(row[0] for row in conn.execute(query))
        return [entry for key, entry in wanted.items() if key not in read]

    # --- internals ------------------------------------------------------------------------------

    def _record(self, conn: sa.Connection, step: Step) -> None:
        for feed, entry in step.marks:
            key = entry_key(feed, entry)
            if conn.execute(sa.select(feed_entries.c.key).where(feed_entries.c.key == key)).first() is None:
                conn.execute(feed_entries.insert().values(key=key, feed=feed, entry=entry, read_at=_now()))
        run_id = self.state.id
        if run_id is None:
            return
        conn.execute(runs.update().where(runs.c.id == run_id).values(
            items=step.items, position=step.position, counts=step.counts, reasons=step.reasons, updated_at=_now()))
        if step.articles:
            conn.execute(run_articles.insert(), [{"run_id": run_id, "content_hash": h, "outcome": o, "counted": True}
                                                 for h, o in step.articles])
        for start in range(0, len(step.receipts), 500):
            digests = step.receipts[start:start + 500]
            conn.execute(run_articles.update().where(run_articles.c.run_id == run_id,
                                                     run_articles.c.content_hash.in_(digests)).values(counted=True))

    def _applied(self, step: Step) -> None:
        if self.state.id is None:  # no run to resume: each batch (a watch's poll) counts from zero
            return
        self.state.items, self.state.position = step.items, step.position
        self.state.counts, self.state.reasons = dict(step.counts), dict(step.reasons)


def save_receipt(store: Store, document: ArticleDocument, *, run_id: str | None) -> Receipt:
    """What a writing worker does with one document: store it and, in the same transaction,
    note it in the run's ``run_articles`` (not yet counted: the run's ordered advance does that)."""
    article = document.article

    def work(conn: sa.Connection) -> str:
        outcome = store._save(conn, document)
        if run_id is not None:
            keys = (run_articles.c.run_id == run_id, run_articles.c.content_hash == article.content_hash)
            if conn.execute(sa.select(run_articles.c.outcome).where(*keys)).first() is None:
                conn.execute(run_articles.insert().values(run_id=run_id, content_hash=article.content_hash,
                                                          outcome=outcome, counted=False))
        return outcome

    origin = article.metadata.get("origin", article.id)
    return Receipt(article.id, origin, store._write(work, what=f"article {origin}"))


def run_key(inputs: list[str], options: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps([inputs, options], sort_keys=True).encode()).hexdigest()


def entry_key(feed: str, entry: str) -> str:
    return hashlib.sha256(f"{feed}\x00{entry}".encode()).hexdigest()[:40]


def runs_of(store: Store) -> list[dict[str, Any]]:
    """Every run in the store, newest first."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(runs).order_by(runs.c.started_at.desc(), runs.c.id))
        return [dict(r._mapping) for r in rows]


def _last_run(store: Store, key: str) -> RunState | None:
    """The newest run of these inputs and options: to finish it, or to say it is finished."""
    query = sa.select(runs).where(runs.c.key == key).order_by(runs.c.started_at.desc()).limit(1)
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None:
        return None
    finished = row.status == "finished"
    if not finished:
        _refuse_if_running(row.id, row.owner)
    return RunState(id=row.id, items=int(row.items), position=row.position, counts=dict(row.counts or {}),
                    reasons=dict(row.reasons or {}), resumed=True, finished=finished)


def _refuse_if_running(run_id: str, owner: str | None) -> None:
    """Two processes advancing one journal would each skip what the other did: refuse while
    the process that owns the run is alive (checked on this host only)."""
    host, _, pid = (owner or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return
    except PermissionError:
        pass
    raise PolemosError(f"run {run_id[:8]} is still going in process {pid}; wait for it to end or stop it, "
                       "then --resume")


def _claim(store: Store, state: RunState) -> None:
    query = runs.update().where(runs.c.id == state.id).values(owner=_owner(), updated_at=_now())
    store._write(lambda conn: conn.execute(query), what="the run journal")


def _owner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")
