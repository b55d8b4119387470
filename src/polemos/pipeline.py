"""The loop: articles in, article documents out.

    ArticleMeta ─► make_doc ─► tok2vec, tagger, polemos_paragraphs, parser, attribute_ruler,
                               lemmatizer, entity_ruler, ner ─► polemos_places ─► polemos_actors
                               ─► polemos_dates ─► polemos_quotes ─► polemos_events
                               ─► polemos_figures ─► polemos_document ─► ArticleDocument

Steps declare what they require and assign; ``Pipeline.create`` checks the declarations
before the first article. The error policy is a parameter: ``analyse(..., on_error="raise")``
raises ``ExtractionError``; ``"record"`` yields it in place of the document and goes on.
"""
from __future__ import annotations

import dataclasses
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

import polemos
from polemos.errors import ExtractionError, PipelineError
from polemos.extract import components
from polemos.ingest.normalize import RawArticle, build_article
from polemos.model import ArticleDocument, ArticleMeta
from polemos.nlp import load_language
from polemos.settings import Settings


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
        kb = components._actor_kb(tuple(str(p) for p in settings.actor_kb))
        patterns = kb.patterns() if kb is not None and hasattr(kb, "patterns") else []
        nlp = load_language(settings.model, extra_patterns=patterns)
        nlp.add_pipe("polemos_places", config={"cache_dir": str(settings.cache_dir),
                                               "supplements": [str(p) for p in settings.place_supplement]})
        nlp.add_pipe("polemos_actors", config={"kb_paths": [str(p) for p in settings.actor_kb]})
        for step in components.STEPS[2:]:
            nlp.add_pipe(step)
        check_pipeline(nlp)
        return cls(nlp, settings=settings)

    def article(self, raw: RawArticle) -> ArticleMeta:
        """Normalise a raw article (raises InputError for what cannot be analysed)."""
        return build_article(raw, settings=self.settings, pipeline=self.version)

    def analyse(self, articles: Iterable[ArticleMeta], *,
                on_error: str = "raise") -> Iterator[ArticleDocument | ExtractionError]:
        """Documents in input order; a failed article raises or is yielded as an ExtractionError."""
        for article in articles:
            article = article if article.pipeline else dataclasses.replace(article, pipeline=self.version)
            yield from self.analyse_batch([article], on_error=on_error)

    def analyse_many(self, articles: Iterable[ArticleMeta], *, on_error: str = "record",
                     n_process: int | None = None) -> Iterator[ArticleDocument | ExtractionError]:
        """Like ``analyse`` but batched, and over ``n_process`` worker processes when > 1."""
        n_process = n_process or self.settings.n_process
        stream = (a if a.pipeline else dataclasses.replace(a, pipeline=self.version) for a in articles)
        chunks = _chunks(stream, self.settings.batch_size)
        if n_process <= 1:
            for chunk in chunks:
                yield from self.analyse_batch(chunk, on_error=on_error)
            return
        with ProcessPoolExecutor(n_process, initializer=_init_worker, initargs=(self.settings,)) as pool:
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

    def analyse_batch(self, batch: list[ArticleMeta], *,
                      on_error: str) -> Iterator[ArticleDocument | ExtractionError]:
        """One batch through every step, in order; what the local and Ray engines both call."""
        docs = self.make_docs(batch)
        for _name, proc in self.nlp.pipeline:
            docs = run_step(proc, docs)
        for article, doc in zip(batch, docs):
            if doc._.polemos_errors:
                step, reason = doc._.polemos_errors[0]
                error = ExtractionError(article.metadata.get("origin", article.id), step, reason)
                if on_error == "raise":
                    raise error
                yield error
            else:
                yield doc._.polemos_document

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


def _init_worker(settings: Settings) -> None:
    # Ctrl-C reaches the whole process group: the parent handles it and shuts the pool down;
    # a worker that is sent SIGTERM just ends (the parent then reports the run as interrupted)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _WORKER["pipeline"] = Pipeline.create(settings)


def _results(future: Future, on_error: str) -> Iterator[ArticleDocument | ExtractionError]:
    for result in future.result():
        if isinstance(result, ExtractionError) and on_error == "raise":
            raise result
        yield result


def _work(chunk: list[ArticleMeta]) -> list[ArticleDocument | ExtractionError]:
    return list(_WORKER["pipeline"].analyse_batch(chunk, on_error="record"))
