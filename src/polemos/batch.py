"""Batch runs: read inputs, normalise, analyse, and hand each result to a sink.

Shared by ``polemos extract`` (sink: stdout) and ``polemos ingest`` (sink: the store). A bad
input is recorded and skipped; every other article goes on. Progress goes to stderr.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from polemos.errors import ExtractionError, InputError
from polemos.ingest import RawArticle, read_inputs
from polemos.model import ArticleDocument, ArticleMeta
from polemos.pipeline import Pipeline


@dataclass
class Summary:
    read: int = 0
    written: dict[str, int] = field(default_factory=dict)  # stored / updated / unchanged / printed
    duplicates: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (input, reason)

    def count(self, outcome: str) -> None:
        self.written[outcome] = self.written.get(outcome, 0) + 1

    def line(self) -> str:
        parts = [f"{self.read} read"] + [f"{n} {what}" for what, n in sorted(self.written.items())]
        if self.duplicates:
            parts.append(f"{self.duplicates} skipped as exact duplicates")
        parts.append(f"{len(self.rejected)} rejected")
        return ", ".join(parts)


def run_batch(paths: Iterable[str], *, pipeline: Pipeline, sink: Callable[[ArticleDocument], str],
              on_reject: Callable[[str, str, str], None] | None = None, published: str | None = None,
              source: str | None = None, skip: Callable[[ArticleMeta], bool] | None = None,
              n_process: int = 1, progress: bool = True, engine: str = "local") -> Summary:
    """Analyse every article under ``paths``; ``sink`` returns what it did with each document."""
    summary = Summary()

    def reject(where: str, step: str, reason: str) -> None:
        summary.rejected.append((where, reason))
        if on_reject is not None:
            on_reject(where, step, reason)

    articles = _articles(read_inputs(paths, published=published, source=source), pipeline, summary, reject, skip)
    with _progress(enabled=progress) as advance:
        for result in _analyse(articles, pipeline, engine=engine, n_process=n_process):
            if isinstance(result, ExtractionError):
                reject(result.article, result.step, result.reason)
                continue
            try:
                summary.count(sink(result))
            except (TypeError, ValueError) as exc:  # a record that cannot be written: skip it, keep the batch
                origin = result.article.metadata.get("origin", result.article.id)
                reject(origin, "write", f"{type(exc).__name__}: {exc}")
            advance()
    return summary


def _analyse(articles: Iterable[ArticleMeta], pipeline: Pipeline, *, engine: str,
             n_process: int) -> Iterator[ArticleDocument | ExtractionError]:
    if engine == "ray":
        from polemos.scale import analyse_with_ray

        return analyse_with_ray(articles, settings=pipeline.settings, workers=n_process)
    return pipeline.analyse_many(articles, on_error="record", n_process=n_process)


def _articles(items: Iterable[RawArticle | InputError], pipeline: Pipeline, summary: Summary,
              reject: Callable[[str, str, str], None],
              skip: Callable[[ArticleMeta], bool] | None) -> Iterator[ArticleMeta]:
    seen: set[str] = set()
    for item in items:
        if isinstance(item, InputError):
            reject(item.source, "read", item.reason)
            continue
        summary.read += 1
        try:
            article = pipeline.article(item)
        except InputError as exc:
            reject(exc.source, "normalise", exc.reason)
            continue
        if article.id in seen:
            summary.duplicates += 1
            continue
        seen.add(article.id)
        if skip is not None and skip(article):
            summary.count("unchanged")
            continue
        yield article


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
