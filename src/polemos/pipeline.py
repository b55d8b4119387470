"""The loop: articles in, article documents out.

    ArticleMeta ─► make_doc ─► tok2vec, tagger, polemos_paragraphs, parser, attribute_ruler,
                               lemmatizer, entity_ruler, ner ─► polemos_places ─► polemos_actors
                               ─► polemos_dates ─► polemos_quotes ─► polemos_events
                               ─► polemos_learned ─► polemos_roles ─► polemos_figures ─► polemos_document
                               ─► ArticleDocument

Where each step lives (``polemos.extract.components`` registers them as spaCy components):

    polemos_paragraphs, entity_ruler   polemos.nlp            sentence starts, known names
    polemos_places                     polemos.extract.places   (gazetteer: polemos.resolve.gazetteer)
    polemos_actors                     polemos.extract.actors   (knowledge base: polemos.resolve.actor_kb)
    polemos_dates                      polemos.resolve.dates
    polemos_quotes                     polemos.extract.quotes
    polemos_events                     polemos.extract.events   (ontology: polemos.resolve.ontology)
    polemos_learned                    polemos.extract.learned  trained heads re-read each event
    polemos_roles                      polemos.extract.learned  the role head fills who did it to whom
    polemos_figures                    polemos.extract.figures
    polemos_document                   polemos.extract.assemble  links mentions into the contract's records

Steps declare what they require and assign; ``Pipeline.create`` checks the declarations
before the first article. The error policy is a parameter: ``analyse(..., on_error="raise")``
raises ``ExtractionError``; ``"record"`` yields it in place of the document and goes on.
A batch run (``polemos.batch.run_batch``) reads, normalises, analyses with one of the engines
(``analyse_many`` here, or ``polemos.scale.analyse_with_ray``) and hands each result to a sink.
"""
from __future__ import annotations

import dataclasses
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Literal

from spacy.language import Language
from spacy.tokens import Doc

import polemos
from polemos.errors import ExtractionError, PipelineError
from polemos.extract import components
from polemos.ingest.normalize import RawArticle, build_article
from polemos.model import ArticleDocument, ArticleMeta
from polemos.nlp import load_language
from polemos.settings import Settings

OnError = Literal["raise", "record"]
Result = ArticleDocument | ExtractionError


class Pipeline:
    """A built, checked pipeline. Make one with ``Pipeline.create()``; reuse it for every article."""

    def __init__(self, nlp: Language, *, settings: Settings) -> None:
        self.nlp = nlp
        self.settings = settings
        meta = nlp.meta
        self.version = f"polemos {polemos.__version__}; {meta.get('name')} {meta.get('version')}"

    @classmethod
    def create(cls, settings: Settings | None = None) -> Pipeline:
        settings = settings or Settings()
        nlp = load_language(settings.model, extra_patterns=components.known_name_patterns(settings))
        check_pipeline(components.add_steps(nlp, settings))
        return cls(nlp, settings=settings)

    def article(self, raw: RawArticle) -> ArticleMeta:
        """Normalise a raw article (raises InputError for what cannot be analysed)."""
        return build_article(raw, settings=self.settings, pipeline=self.version)

    def analyse(self, articles: Iterable[ArticleMeta], *,
                on_error: OnError = "raise") -> Iterator[Result]:
        """Documents in input order; a failed article raises or is yielded as an ExtractionError."""
        for article in articles:
            article = article if article.pipeline else dataclasses.replace(article, pipeline=self.version)
            yield from self.analyse_batch([article], on_error=on_error)

    def analyse_many(self, articles: Iterable[ArticleMeta], *, on_error: OnError = "record",
                     n_process: int | None = None) -> Iterator[Result]:
        """Like ``analyse`` but batched, and over ``n_process`` worker processes when > 1."""
        n_process = n_process or self.settings.n_process
        stream = (a if a.pipeline else dataclasses.replace(a, pipeline=self.version) for a in articles)
        chunks = _chunks(stream, self.settings.batch_size)
        if n_process <= 1:
            for chunk in chunks:
                yield from self.analyse_batch(chunk, on_error=on_error)
            return
        with ProcessPoolExecutor(n_process, initializer=_init_worker, initargs=(self.settings, os.getpid())) as pool:
            pending: deque[Future] = deque()
            for chunk in chunks:  # a bounded window of work in flight keeps memory flat on huge inputs
                pending.append(pool.submit(_work, chunk))
                if len(pending) >= n_process * 2:
                    yield from _results(pending.popleft(), on_error)
            while pending:
                yield from _results(pending.popleft(), on_error)

    def make_docs(self, batch: list[ArticleMeta]) -> list[Doc]:
        """Tokenised docs that know their article (the steps read its publication date)."""
        docs = []
        for article in batch:
            doc = self.nlp.make_doc(article.text)
            doc._.polemos_article = article
            docs.append(doc)
        return docs

    def analyse_batch(self, batch: list[ArticleMeta], *, on_error: OnError) -> Iterator[Result]:
        """One batch through every step, in order; what the local and Ray engines both call."""
        docs = self.make_docs(batch)
        for _name, proc in self.nlp.pipeline:
            docs = run_step(proc, docs)
        for doc in docs:
            failure = doc._.polemos_failure
            if failure is not None and on_error == "raise":
                raise failure
            yield failure if failure is not None else doc._.polemos_document

    def extract_text(self, text: str, *, title: str | None = None, published: str | None = None,
                     source: str | None = None) -> ArticleDocument:
        """One article from a string (the title, if given, is prepended as the contract says)."""
        raw = RawArticle(origin="<text>", text=text, title=title, published=published, source=source)
        settings = dataclasses.replace(self.settings, check_language=False, min_chars=1)
        article = build_article(raw, settings=settings, pipeline=self.version)
        return next(iter(self.analyse([article])))

    def extract_batch(self, items: list[tuple[str, str | None]]) -> list[ArticleDocument]:
        """Documents for ``(text, published)`` pairs, batched (used by the evaluations)."""
        settings = dataclasses.replace(self.settings, check_language=False, min_chars=1)
        articles = [build_article(RawArticle(origin=f"<item {i}>", text=text, published=published),
                                  settings=settings, pipeline=self.version)
                    for i, (text, published) in enumerate(items)]
        return [d for d in self.analyse_many(articles, on_error="raise", n_process=1)]


def run_step(proc: object, docs: list[Doc]) -> list[Doc]:
    """One step over a batch: batched where the step can batch (spaCy's own components)."""
    return list(proc.pipe(docs, batch_size=len(docs)) if hasattr(proc, "pipe") else map(proc, docs))


def check_pipeline(nlp: Language) -> None:
    """Fail when built if a step requires something no earlier step assigns."""
    analysis = nlp.analyze_pipes()
    problems = {name: missing for name, missing in analysis["problems"].items() if missing}
    if problems:
        detail = "; ".join(f"{name} needs {', '.join(missing)}" for name, missing in problems.items())
        raise PipelineError(f"pipeline is misconfigured: {detail}")


def _chunks(items: Iterable[ArticleMeta], size: int) -> Iterator[list[ArticleMeta]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


_WORKER: dict[str, Pipeline] = {}  # one pipeline per worker process, built by its initializer


def _init_worker(settings: Settings, parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and shuts the pool down;
    # a worker that is sent SIGTERM just ends (the parent then reports the run as interrupted)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _watch_parent(parent)
    _WORKER["pipeline"] = Pipeline.create(settings)


def _watch_parent(parent: int, *, every: float = 1.0) -> None:
    """End this worker when its parent is gone (``kill -9`` of the run gives the parent no chance
    to shut the pool down, and an orphaned worker would hold its memory forever)."""
    def watch() -> None:
        while os.getppid() == parent:
            threading.Event().wait(every)
        os._exit(1)

    threading.Thread(target=watch, name="polemos-parent-watch", daemon=True).start()


def _results(future: Future, on_error: OnError) -> Iterator[Result]:
    for result in future.result():
        if isinstance(result, ExtractionError) and on_error == "raise":
            raise result
        yield result


def _work(chunk: list[ArticleMeta]) -> list[Result]:
    return list(_WORKER["pipeline"].analyse_batch(chunk, on_error="record"))
