"""The Ray engine (``--engine ray``): the same pipeline, spread over a Ray cluster.

Each Ray actor builds one ``Pipeline`` and analyses batches of articles, in input order, with a
bounded number of batches in flight so that a million-article run keeps flat memory. Without
``store`` the records come back as they are (frozen dataclasses and ``ExtractionError`` pickle);
with ``store`` (a database URL: PostgreSQL for a cluster) each actor writes its documents itself,
with the local engine's idempotence (stable ids, duplicates by content hash, one transaction per
article, a lost race run again), and sends back a small ``Receipt``, so the driver is not the bottleneck. Failures
still come back as ``ExtractionError`` for the driver to record in order with the run journal.

On one machine the local engine (``--jobs N``) is as fast or faster (see docs/benchmarks.md);
Ray is for clusters: ``--address`` or ``RAY_ADDRESS``. Needs ``pip install 'polemos[scale]'``.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from polemos.errors import ExtractionError, PolemosError, UnstorableError, missing_extra
from polemos.model import ArticleDocument, ArticleMeta
from polemos.settings import Settings
from polemos.store.journal import Receipt

if TYPE_CHECKING:
    from polemos.pipeline import Result


def require_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        advice = missing_extra(exc, needs="--engine ray", extra="scale")
        raise PolemosError(f"{advice}, or use the default --engine local") from None
    return ray


class _Worker:
    """One pipeline per Ray actor; batches in, documents (or receipts, when it writes) and the
    articles' failures out."""

    def __init__(self, settings: Settings, store: str | None = None, run_id: str | None = None) -> None:
        from polemos.pipeline import Pipeline

        self.pipeline = Pipeline.create(settings)
        self.url, self.run_id, self.store = store, run_id, None

    def analyse(self, batch: list[ArticleMeta]) -> list[Result | Receipt]:
        results = self.pipeline.analyse_batch(batch, on_error="record")
        if self.url is None:
            return list(results)
        if self.store is None:  # opened by the first task, not the constructor: a task's error reaches
            from polemos.store import Store  # the driver as itself, an actor's death would not

            self.store = Store.open(self.url)
        return [self._write(r) if isinstance(r, ArticleDocument) else r for r in results]

    def _write(self, document: ArticleDocument) -> Receipt | ExtractionError:
        from polemos.store.journal import save_receipt

        try:
            return save_receipt(self.store, document, run_id=self.run_id)
        except UnstorableError as exc:  # that article only, as in the local engine
            origin = document.article.metadata.get("origin", document.article.id)
            return ExtractionError(origin, "write", str(exc))


def analyse_with_ray(articles: Iterable[ArticleMeta], *, settings: Settings, workers: int = 2,
                     address: str | None = None, store: str | None = None,
                     run_id: str | None = None) -> Iterator[Result | Receipt]:
    """Results for ``articles`` in input order, analysed by ``workers`` Ray actors; with
    ``store`` the actors write the documents there (``run_id``: the run journal's) and receipts
    come back instead."""
    ray = require_ray()
    os.environ.setdefault("RAY_AUTH_MODE", "disabled")  # local runs: no token file in the home folder
    started = not ray.is_initialized()
    if started:
        address = address or os.environ.get("RAY_ADDRESS")
        options = {"address": address} if address else {"num_cpus": max(workers, 1)}
        ray.init(include_dashboard=False, log_to_driver=False, logging_level="ERROR", **options)
    try:
        actor_class = ray.remote(num_cpus=1)(_Worker)
        pool = [actor_class.remote(settings, store, run_id) for _ in range(max(workers, 1))]
        pending: deque = deque()
        iterator = iter(articles)
        batches = iter(lambda: list(islice(iterator, settings.batch_size)), [])
        for n, batch in enumerate(batches):
            pending.append(pool[n % len(pool)].analyse.remote(batch))
            if len(pending) >= 2 * len(pool):  # bounded: the driver never holds more than this
                yield from _get(ray, pending.popleft())
        while pending:
            yield from _get(ray, pending.popleft())
    finally:
        if started:
            ray.shutdown()


def _get(ray: Any, ref: Any) -> list[Result | Receipt]:
    """The batch's results; an error of Polemos' own in an actor (a store it cannot open) is
    raised here as itself, so the command reports it in one line as in a local run."""
    try:
        return ray.get(ref)
    except (ray.exceptions.RayTaskError, ray.exceptions.RayActorError) as exc:
        cause = getattr(exc, "cause", None)
        if isinstance(cause, PolemosError):
            raise cause from None
        raise

