"""Batch runs: read inputs, normalise, analyse, and hand each result to a sink, in input order.

The command builds the pipeline, the engine and the sink once; ``run_batch`` drives them, in
one direction:

    read_items ─► build_article ─► engine (Pipeline.analyse_many | analyse_with_ray) ─► sink

Shared by ``polemos extract`` (``JsonSink``: stdout), ``polemos ingest`` (``StoreSink``) and
``polemos watch`` (``run_items`` over feed entries). Every item read gets exactly one outcome:
``stored``, ``updated``, ``unchanged``, ``printed``, ``duplicate``, ``skipped`` (a record that
holds no article) or ``rejected`` (an ``ExtractionError`` at step ``read``, ``normalise``, a
pipeline step, or ``write``, handed to ``sink.reject`` and logged). So read = the sum of the outcomes.
A duplicate is an article whose text (its content hash) was seen earlier in the run or is stored
under another id; it is not analysed, and when the caller gave it an id of its own, a note names
the article it repeats.

Outcomes are committed in input order, even though read rejections are known before the
engine returns the articles ahead of them: they wait in a queue for their turn. With a journaled
``StoreSink`` each commit is one transaction with the journal's advance
(``polemos.store.journal``), which is what makes ``--resume`` exact.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from polemos.errors import ExtractionError, InputError, UnstorableError
from polemos.ingest import build_article
from polemos.ingest.items import Cursor, Item, Skipped
from polemos.ingest.readers import read_items
from polemos.model import ArticleDocument, ArticleMeta
from polemos.pipeline import Pipeline, Result
from polemos.store.journal import Ledger, Receipt, RunState, Step

log = logging.getLogger("polemos.batch")

Engine = Callable[[Iterable[ArticleMeta]], Iterator[Result | Receipt]]
Progress = Callable[["Summary", float | None], None]
LAZY_ITEMS, LAZY_SECONDS = 500, 2.0  # items that write nothing are committed this often at least
KEPT_FAILURES = 1000  # failures kept in memory for the caller; all of them are logged and recorded


class Sink(Protocol):
    """Where a batch's results go. ``write`` stores a document and says what it did ("stored",
    ...); ``step`` gives the journal's advance for that outcome, to commit with it. ``known``
    says, before analysis, that an article is ``unchanged`` or a ``duplicate`` of a stored id;
    ``recall`` what the run did with a content hash before it was stopped."""

    def write(self, document: ArticleDocument, step: Callable[[str], Step]) -> str: ...

    def reject(self, failure: ExtractionError, step: Step) -> None: ...

    def advance(self, step: Step) -> None: ...

    def known(self, article: ArticleMeta) -> tuple[str, str] | None: ...

    def recall(self, digest: str) -> tuple[str, bool] | None: ...

    def state(self) -> RunState: ...


@dataclass
class Summary:
    """Counts by outcome and by reason, for the whole run (a resumed run starts from the journal's)."""

    read: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    reasons: dict[str, int] = field(default_factory=dict)  # "skipped: HTTP 404", "rejected: normalise"
    rejected: list[ExtractionError] = field(default_factory=list)  # this process's, the first KEPT_FAILURES

    @property
    def failed(self) -> int:
        return self.counts.get("rejected", 0)

    def line(self) -> str:
        parts = [f"{self.read} read"]
        parts += [f"{self.counts[o]} {o}" for o in ("stored", "updated", "unchanged", "printed") if self.counts.get(o)]
        if self.counts.get("duplicate"):
            parts.append(f"{self.counts['duplicate']} skipped as exact duplicates")
        if self.counts.get("skipped"):
            parts.append(f"{self.counts['skipped']} skipped{self._why('skipped')}")
        parts.append(f"{self.failed} rejected{self._why('rejected')}")
        return ", ".join(parts)

    def _why(self, outcome: str) -> str:
        found = sorted(((n, k.split(": ", 1)[1]) for k, n in self.reasons.items() if k.startswith(outcome + ": ")),
                       key=lambda pair: (-pair[0], pair[1]))
        if not found:
            return ""
        shown = ", ".join(f"{why}: {n}" for n, why in found[:4])
        return f" ({shown}{', …' if len(found) > 4 else ''})"


def run_batch(paths: Iterable[str], *, pipeline: Pipeline, engine: Engine, sink: Sink,
              published: str | None = None, source: str | None = None,
              progress: Progress | None = None) -> Summary:
    """Analyse every article under ``paths`` with ``engine`` and hand each result to ``sink``;
    a sink whose journal holds an unfinished run resumes it after its last committed item."""
    start = Cursor.from_json(sink.state().position)
    items = read_items(paths, published=published, source=source, start=start)
    return run_items(items, pipeline=pipeline, engine=engine, sink=sink, progress=progress)


def run_items(items: Iterable[Item], *, pipeline: Pipeline, engine: Engine, sink: Sink,
              progress: Progress | None = None) -> Summary:
    """``run_batch`` over items already read (feed entries, or any reader's ``Item``)."""
    run = _Run(pipeline, sink, progress)
    for result in engine(run.articles(items)):
        run.result(result)
    run.close()
    return run.summary


@dataclass
class _Entry:
    """One item on its way to being committed: ``outcome`` is None while the engine has it."""

    cursor: Cursor | None
    done: float | None
    mark: tuple[str, str] | None
    outcome: str | None = None
    reason: str = ""
    failure: ExtractionError | None = None
    article: ArticleMeta | None = None
    recalled: bool = False  # a worker stored it before the run was stopped: count it, write nothing
    original: str | None = None  # a duplicate: the id of the article whose text it repeats, when known


class _Run:
    """The state of one batch: the queue that keeps commits in input order, and the counts."""

    def __init__(self, pipeline: Pipeline, sink: Sink, progress: Progress | None) -> None:
        state = sink.state()
        self.pipeline, self.sink, self.progress = pipeline, sink, progress
        self.resumed = state.resumed
        self.summary = Summary(read=state.items, counts=dict(state.counts), reasons=dict(state.reasons))
        self.queue: deque[_Entry] = deque()
        self.waiting = 0  # entries in the queue that the engine still has
        self.seen: dict[str, str] = {}  # content hash -> id of the first article with it
        self.lazy: list[_Entry] = []  # committed in memory, not yet in the journal
        self.flushed = time.monotonic()

    # --- reading, in the engine's thread of control --------------------------------------------

    def articles(self, items: Iterable[Item]) -> Iterator[ArticleMeta]:
        for item in items:
            entry = self._classify(item)
            self.queue.append(entry)
            if entry.outcome is None:
                self.waiting += 1
                yield entry.article
            elif not self.waiting:  # nothing ahead of it: commit now, so memory stays flat
                self._drain()

    def _classify(self, item: Item) -> _Entry:
        entry = _Entry(item.cursor, item.done, item.mark)
        value = item.value
        if isinstance(value, Skipped):
            entry.outcome, entry.reason = "skipped", value.reason
        elif isinstance(value, InputError):
            self._fail(entry, ExtractionError(value.source, "read", value.reason))
        else:
            try:
                article = build_article(value, settings=self.pipeline.settings, pipeline=self.pipeline.version)
            except InputError as exc:
                self._fail(entry, ExtractionError(exc.source, "normalise", exc.reason))
                return entry
            self._classify_article(entry, article)
        return entry

    def _classify_article(self, entry: _Entry, article: ArticleMeta) -> None:
        entry.article = article
        first = self.seen.get(article.content_hash)
        if first is not None:
            entry.outcome, entry.original = "duplicate", first
            return
        self.seen[article.content_hash] = article.id
        recalled = self.sink.recall(article.content_hash) if self.resumed else None
        if recalled is not None:  # seen by the run before it was stopped
            outcome, counted = recalled
            entry.outcome, entry.recalled = ("duplicate", False) if counted else (outcome, True)
        elif (known := self.sink.known(article)) is not None:
            entry.outcome, stored = known
            entry.original = stored if entry.outcome == "duplicate" else None

    @staticmethod
    def _fail(entry: _Entry, failure: ExtractionError) -> None:
        entry.outcome, entry.failure, entry.reason = "rejected", failure, failure.step

    # --- committing, in input order -------------------------------------------------------------

    def result(self, result: Result | Receipt) -> None:
        self._drain()
        entry = self.queue.popleft()
        self.waiting -= 1
        if isinstance(result, ExtractionError):
            self._fail(entry, result)
        elif isinstance(result, Receipt):
            entry.outcome, entry.recalled = result.outcome, True
        self._commit(entry, result if isinstance(result, ArticleDocument) else None)
        self._drain()

    def close(self) -> None:
        self._drain()
        if self.queue:
            raise RuntimeError(f"the engine returned no result for {len(self.queue)} articles")
        if self.lazy:
            self.sink.advance(self._step(None, None))
            self.lazy.clear()

    def _drain(self) -> None:
        while self.queue and self.queue[0].outcome is not None:
            self._commit(self.queue.popleft(), None)

    def _commit(self, entry: _Entry, document: ArticleDocument | None) -> None:
        if document is not None:
            entry.outcome = self._write(entry, document)
        elif entry.failure is not None:
            self._reject(entry)
        else:
            self._note_duplicate(entry)
            self.lazy.append(entry)
            self._count(entry)
            if len(self.lazy) >= LAZY_ITEMS or time.monotonic() - self.flushed > LAZY_SECONDS:
                self.sink.advance(self._step(None, None))
                self._flushed()
        if self.progress is not None:
            self.progress(self.summary, entry.done)

    def _write(self, entry: _Entry, document: ArticleDocument) -> str:
        try:
            outcome = self.sink.write(document, lambda outcome: self._step(entry, outcome))
        except UnstorableError as exc:  # the database refused this one article: skip it, keep the batch
            self._fail(entry, ExtractionError(_origin(document), "write", str(exc)))
        except (TypeError, ValueError) as exc:  # a record that cannot be written
            self._fail(entry, ExtractionError(_origin(document), "write", f"{type(exc).__name__}: {exc}"))
        else:
            entry.outcome = outcome
            self._note_duplicate(entry)  # another writer may have stored its text meanwhile
            self._count(entry)
            self._flushed()
            return outcome
        self._reject(entry)
        return "rejected"

    def _note_duplicate(self, entry: _Entry) -> None:
        """Say where a caller's id went when its article repeats another one's text (an article
        without an id of its own, named by its hash, is only counted, as before caller ids)."""
        article = entry.article
        if entry.outcome != "duplicate" or article is None or article.id == article.content_hash:
            return
        if entry.original is None:  # found by a writer (a race, a Ray worker) or by the run before a resume
            known = self.sink.known(article)
            entry.original = known[1] if known is not None and known[0] == "duplicate" else None
        if entry.original is None or entry.original == article.id:
            return
        where = article.metadata.get("origin", article.id)
        log.info("%s: article %r repeats the text of article %r; counted once, as a duplicate",
                 where, article.id, entry.original)

    def _reject(self, entry: _Entry) -> None:
        failure = entry.failure
        assert failure is not None
        self.sink.reject(failure, self._step(entry, "rejected"))
        self._count(entry)
        self._flushed()
        log.warning("rejected %s: %s", failure.article, failure.reason)
        if failure.traceback:
            log.debug("%s failed at step %s:\n%s", failure.article, failure.step, failure.traceback)
        if len(self.summary.rejected) < KEPT_FAILURES:
            self.summary.rejected.append(failure)

    def _step(self, entry: _Entry | None, outcome: str | None) -> Step:
        """The journal's state once ``entry`` (with ``outcome``) and the lazy entries are in."""
        counts, reasons = dict(self.summary.counts), dict(self.summary.reasons)
        entries = list(self.lazy)
        if entry is not None:
            _add(counts, reasons, outcome or "", entry.reason)
            entries.append(dataclasses.replace(entry, outcome=outcome))
        last = entries[-1] if entries else None
        return Step(
            items=self.summary.read + (1 if entry is not None else 0), counts=counts, reasons=reasons,
            position=last.cursor.to_json() if last is not None and last.cursor is not None else None,
            articles=tuple((e.article.content_hash, e.outcome) for e in entries
                           if e.article is not None and not e.recalled and e.outcome != "duplicate"),
            receipts=tuple(e.article.content_hash for e in entries if e.article is not None and e.recalled),
            marks=tuple(e.mark for e in entries if e.mark is not None),
        )

    def _count(self, entry: _Entry) -> None:
        self.summary.read += 1
        _add(self.summary.counts, self.summary.reasons, entry.outcome or "", entry.reason)

    def _flushed(self) -> None:
        self.lazy.clear()
        self.flushed = time.monotonic()


def _add(counts: dict[str, int], reasons: dict[str, int], outcome: str, reason: str) -> None:
    counts[outcome] = counts.get(outcome, 0) + 1
    if outcome in ("skipped", "rejected") and reason:
        key = f"{outcome}: {reason_key(reason)}"
        reasons[key] = reasons.get(key, 0) + 1


def reason_key(reason: str) -> str:
    """What the summary counts by: a skip's reason is short already, a rejection's is its step."""
    return reason.split(";")[0].strip()[:80]


def _origin(document: ArticleDocument) -> str:
    return document.article.metadata.get("origin", document.article.id)


# --- sinks ----------------------------------------------------------------------------------------

class JsonSink:
    """Article documents as JSON on a stream (``polemos extract``); rejections only go to the log."""

    def __init__(self, out: IO[str], *, indent: int | None = None, include_text: bool = True) -> None:
        self.out, self.indent, self.include_text = out, indent, include_text

    def write(self, document: ArticleDocument, step: Callable[[str], Step] | None = None) -> str:
        data = document.to_json(include_text=self.include_text)  # to_json leaves no NaN: strict JSON out
        self.out.write(json.dumps(data, ensure_ascii=False, indent=self.indent, allow_nan=False) + "\n")
        self.out.flush()
        return "printed"

    def reject(self, failure: ExtractionError, step: Step | None = None) -> None:
        pass

    def advance(self, step: Step) -> None:
        pass

    def known(self, article: ArticleMeta) -> tuple[str, str] | None:
        return None

    def recall(self, digest: str) -> tuple[str, bool] | None:
        return None

    def state(self) -> RunState:
        return RunState()


class StoreSink:
    """Documents saved in a ``polemos.store.Store``, rejections in its failures table, each with
    the journal's advance in the same transaction (``ledger``; none: a run with no journal)."""

    def __init__(self, store: Any, *, ledger: Ledger | None = None) -> None:
        self.store = store
        self.ledger = ledger or Ledger.unjournaled(store)

    def write(self, document: ArticleDocument, step: Callable[[str], Step]) -> str:
        return self.ledger.save(document, step)

    def reject(self, failure: ExtractionError, step: Step) -> None:
        self.ledger.reject(failure, step)

    def advance(self, step: Step) -> None:
        self.ledger.advance(step)

    def known(self, article: ArticleMeta) -> tuple[str, str] | None:
        return self.store.known(article)

    def recall(self, digest: str) -> tuple[str, bool] | None:
        return self.ledger.recall(digest)

    def state(self) -> RunState:
        return self.ledger.state


# --- feeds ------------------------------------------------------------------------------------------

def watch(poll: Callable[[], Iterable[Item]], *, pipeline: Pipeline, engine: Engine, sink: Sink,
          interval: float, polls: int | None = None,
          on_poll: Callable[[int, Summary], None] | None = None) -> Summary:
    """``run_items`` over what each poll yields, every ``interval`` seconds, ``polls`` times (or
    until interrupted: Ctrl-C between two articles leaves the store consistent, and the entries
    not yet committed are still unread for the next watch)."""
    total = Summary()
    number = 0
    while True:
        number += 1
        summary = run_items(poll(), pipeline=pipeline, engine=engine, sink=sink)
        _merge(total, summary)
        if on_poll is not None:
            on_poll(number, summary)
        if polls is not None and number >= polls:
            return total
        time.sleep(interval)


def _merge(total: Summary, part: Summary) -> None:
    total.read += part.read
    for key, n in part.counts.items():
        total.counts[key] = total.counts.get(key, 0) + n
    for key, n in part.reasons.items():
        total.reasons[key] = total.reasons.get(key, 0) + n
    total.rejected.extend(part.rejected[: max(0, KEPT_FAILURES - len(total.rejected))])
