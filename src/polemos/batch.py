"""Batch runs: read inputs, normalise, analyse, and hand each result to a sink.

The command builds the pipeline, the engine and the sink once; ``run_batch`` drives them, in
one direction:

    read_inputs ─► build_article ─► engine (Pipeline.analyse_many | analyse_with_ray) ─► sink

Shared by ``polemos extract`` (``JsonSink``: stdout) and ``polemos ingest`` (``StoreSink``). A bad
input becomes an ``ExtractionError`` (step ``read``, ``normalise``, a pipeline step, or ``write``)
handed to ``sink.reject`` and logged; every other article goes on. Progress goes to stderr.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from polemos.errors import ExtractionError, InputError, UnstorableError
from polemos.ingest import RawArticle, build_article, read_inputs
from polemos.model import ArticleDocument, ArticleMeta
from polemos.pipeline import Pipeline, Result

log = logging.getLogger("polemos.batch")

Engine = Callable[[Iterable[ArticleMeta]], Iterator[Result]]


class Sink(Protocol):
    """Where a batch's results go: ``write`` says what it did with a document ("stored", ...)."""

    def write(self, document: ArticleDocument) -> str: ...

    def reject(self, failure: ExtractionError) -> None: ...

    def has(self, article: ArticleMeta) -> bool: ...


@dataclass
class Summary:
    read: int = 0
    written: dict[str, int] = field(default_factory=dict)  # stored / updated / unchanged / printed
    duplicates: int = 0
    rejected: list[ExtractionError] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        self.written[outcome] = self.written.get(outcome, 0) + 1

    def line(self) -> str:
        parts = [f"{self.read} read"] + [f"{n} {what}" for what, n in sorted(self.written.items())]
        if self.duplicates:
            parts.append(f"{self.duplicates} skipped as exact duplicates")
        parts.append(f"{len(self.rejected)} rejected")
        return ", ".join(parts)


def run_batch(paths: Iterable[str], *, pipeline: Pipeline, engine: Engine, sink: Sink,
              published: str | None = None, source: str | None = None, progress: bool = True) -> Summary:
    """Analyse every article under ``paths`` with ``engine`` and hand each result to ``sink``."""
    summary = Summary()

    def reject(failure: ExtractionError) -> None:
        summary.rejected.append(failure)
        log.warning("rejected %s: %s", failure.article, failure.reason)
        if failure.traceback:
            log.debug("%s failed at step %s:\n%s", failure.article, failure.step, failure.traceback)
        sink.reject(failure)

    articles = _articles(read_inputs(paths, published=published, source=source), pipeline, summary, reject, sink)
    with _progress(enabled=progress) as advance:
        for result in engine(articles):
            if isinstance(result, ExtractionError):
                reject(result)
                continue
            try:
                summary.count(sink.write(result))
            except UnstorableError as exc:  # the database refused this one article: skip it, keep the batch
                reject(ExtractionError(_origin(result), "write", str(exc)))
            except (TypeError, ValueError) as exc:  # a record that cannot be written
                reject(ExtractionError(_origin(result), "write", f"{type(exc).__name__}: {exc}"))
            advance()
    return summary


def _origin(document: ArticleDocument) -> str:
    return document.article.metadata.get("origin", document.article.id)


def _articles(items: Iterable[RawArticle | InputError], pipeline: Pipeline, summary: Summary,
              reject: Callable[[ExtractionError], None], sink: Sink) -> Iterator[ArticleMeta]:
    seen: set[str] = set()
    for item in items:
        summary.read += 1  # a rejected input was read too: read = written + duplicates + rejected
        if isinstance(item, InputError):
            reject(ExtractionError(item.source, "read", item.reason))
            continue
        try:
            article = build_article(item, settings=pipeline.settings, pipeline=pipeline.version)
        except InputError as exc:
            reject(ExtractionError(exc.source, "normalise", exc.reason))
            continue
        if article.id in seen:
            summary.duplicates += 1
            continue
        seen.add(article.id)
        if sink.has(article):
            summary.count("unchanged")
            continue
        yield article


# --- sinks ----------------------------------------------------------------------------------------

class JsonSink:
    """Article documents as JSON on a stream (``polemos extract``); rejections only go to the log."""

    def __init__(self, out: IO[str], *, indent: int | None = None, include_text: bool = True) -> None:
        self.out, self.indent, self.include_text = out, indent, include_text

    def write(self, document: ArticleDocument) -> str:
        data = document.to_json(include_text=self.include_text)  # to_json leaves no NaN: strict JSON out
        self.out.write(json.dumps(data, ensure_ascii=False, indent=self.indent, allow_nan=False) + "\n")
        self.out.flush()
        return "printed"

    def reject(self, failure: ExtractionError) -> None:
        pass

    def has(self, article: ArticleMeta) -> bool:
        return False


class StoreSink:
    """Documents saved in a ``polemos.store.Store``; rejections recorded in its failures table."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def write(self, document: ArticleDocument) -> str:
        return self.store.save(document)

    def reject(self, failure: ExtractionError) -> None:
        self.store.record_failure(failure.article, failure.step, failure.reason)

    def has(self, article: ArticleMeta) -> bool:
        return self.store.has_article(article.id, article.pipeline)


class _progress:
    """A rich progress counter on stderr (a no-op when disabled)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self._progress = None

    def __enter__(self) -> Callable[[], None]:
        if not self.enabled:
            return lambda: None
        from rich.console import Console
        from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self._progress = Progress(SpinnerColumn(), TextColumn("analysing"), MofNCompleteColumn(),
                                  TimeElapsedColumn(), console=Console(stderr=True), transient=True)
        self._progress.start()
        task = self._progress.add_task("articles", total=None)
        return lambda: self._progress.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
