"""The extraction steps as spaCy components, each declaring what it requires and assigns.

Users can add these to their own spaCy pipelines (``nlp.add_pipe("polemos_figures")``);
``polemos.pipeline`` adds them all and checks the declarations when it is built. Results are
kept on ``Doc._`` attributes; ``polemos_document`` turns them into an ``ArticleDocument``.
A step that fails on one document puts an ``ExtractionError`` on ``doc._.polemos_failure`` (the
pipeline then raises or records it, by its error policy) instead of breaking the batch; later
steps skip that document. ``add_steps`` and ``known_name_patterns`` are what a pipeline builder
needs; everything else here is the steps themselves.
"""
from __future__ import annotations

import datetime as dt
import functools
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from polemos.errors import ExtractionError
from polemos.extract.actors import ActorFindings, find_actors
from polemos.extract.assemble import Findings, assemble
from polemos.extract.entities import without_common_words
from polemos.extract.events import find_events
from polemos.extract.figures import find_figures
from polemos.extract.learned import load_heads, read_events, read_roles
from polemos.extract.places import PlaceFindings, find_places
from polemos.extract.quotes import find_quotes
from polemos.ingest.normalize import content_id
from polemos.model import ArticleMeta, Span
from polemos.resolve.actor_kb import ActorKB
from polemos.resolve.dates import find_dates
from polemos.resolve.gazetteer import Gazetteer
from polemos.settings import Settings

ATTRS = ("polemos_article", "polemos_places", "polemos_actors", "polemos_dates", "polemos_quotes",
         "polemos_events", "polemos_figures", "polemos_document", "polemos_failure")
for _attr in ATTRS:
    if not Doc.has_extension(_attr):
        Doc.set_extension(_attr, default=None)

STEPS = ("polemos_entities", "polemos_places", "polemos_actors", "polemos_dates", "polemos_quotes", "polemos_events",
         "polemos_learned", "polemos_roles", "polemos_figures", "polemos_document")


def add_steps(nlp: Language, settings: Settings, *, until: str | None = None) -> Language:
    """Add every Polemos step, in order, to a loaded model (``polemos.nlp.load_language``);
    with ``until``, only the steps up to and including that one (training reads the rules' output)."""
    configs: dict[str, dict[str, Any]] = {
        "polemos_places": {"cache_dir": str(settings.cache_dir),
                           "supplements": [str(p) for p in settings.place_supplement]},
        "polemos_actors": {"kb_paths": [str(p) for p in settings.actor_kb]},
    }
    for step in STEPS[:STEPS.index(until) + 1] if until else STEPS:
        if step in ("polemos_learned", "polemos_roles") and not settings.learned:
            continue
        nlp.add_pipe(step, config=configs.get(step, {}))
    return nlp


def known_name_patterns(settings: Settings) -> list[dict[str, Any]]:
    """Entity-ruler patterns for every name and alias in the actor knowledge base."""
    return actor_kb(tuple(str(p) for p in settings.actor_kb)).patterns()


def article_of(doc: Doc) -> ArticleMeta:
    """The article being analysed; a bare ``nlp(text)`` call gets one made from the text."""
    if doc._.polemos_article is None:
        doc._.polemos_article = ArticleMeta(id=content_id(doc.text), text=doc.text)
    return doc._.polemos_article


def published_of(doc: Doc) -> dt.date | None:
    published = article_of(doc).published
    return dt.date.fromisoformat(published) if published else None


def guarded(step: str, work: Callable[[Doc], Any], attr: str | None) -> Callable[[Doc], Doc]:
    """Run one step; on failure record it (pipeline runs) or raise (a bare spaCy call). With
    ``attr`` None the step's work sets what it assigns itself (``doc.ents``)."""
    def component(doc: Doc) -> Doc:
        if doc._.polemos_failure is not None:
            return doc  # an earlier step failed: later steps would only fail again
        try:
            result = work(doc)
            if attr is not None:
                setattr(doc._, attr, result)
        except Exception as exc:  # noqa: BLE001 — recorded with its step and traceback, never swallowed
            article = doc._.polemos_article
            if article is None:
                raise
            doc._.polemos_failure = ExtractionError(article.metadata.get("origin", article.id), step,
                                                    f"{type(exc).__name__}: {exc}",
                                                    traceback=traceback.format_exc())
        return doc
    return component


@functools.cache
def gazetteer(cache_dir: str, supplements: tuple[str, ...]) -> Gazetteer:
    """One gazetteer per process and configuration (it takes a second to load)."""
    return Gazetteer.load(cache_dir=Path(cache_dir) if cache_dir else None,
                          supplements=tuple(Path(p) for p in supplements))


@functools.cache
def actor_kb(paths: tuple[str, ...]) -> ActorKB:
    """One actor knowledge base per process and list of user tables."""
    return ActorKB.load(tuple(Path(p) for p in paths))


@Language.factory("polemos_entities", requires=["doc.ents", "doc.sents"], assigns=["doc.ents"])
def make_entities(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    def work(doc: Doc) -> None:
        doc.ents = without_common_words(doc)
    return guarded(name, work, None)


@Language.factory("polemos_places", requires=["doc.ents", "token.dep"], assigns=["doc._.polemos_places"],
                  default_config={"cache_dir": "", "supplements": []})
def make_places(nlp: Language, name: str, cache_dir: str, supplements: list[str]) -> Callable[[Doc], Doc]:
    places_index = gazetteer(cache_dir, tuple(supplements))
    return guarded(name, lambda doc: find_places(doc, gazetteer=places_index), "polemos_places")


@Language.factory("polemos_actors", requires=["doc.ents", "doc.sents", "token.dep", "doc._.polemos_places"],
                  assigns=["doc._.polemos_actors"], default_config={"kb_paths": []})
def make_actors(nlp: Language, name: str, kb_paths: list[str]) -> Callable[[Doc], Doc]:
    kb = actor_kb(tuple(kb_paths))
    return guarded(name, lambda doc: find_actors(doc, kb=kb, published=published_of(doc),
                                                 places=doc._.polemos_places), "polemos_actors")


@Language.factory("polemos_dates", requires=["doc.ents"], assigns=["doc._.polemos_dates"])
def make_dates(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return guarded(name, lambda doc: find_dates(doc, published=published_of(doc)), "polemos_dates")


@Language.factory("polemos_quotes", requires=["token.dep", "doc.sents", "doc.ents"], assigns=["doc._.polemos_quotes"])
def make_quotes(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return guarded(name, find_quotes, "polemos_quotes")


@Language.factory("polemos_events", requires=["token.dep", "token.lemma", "doc.sents", "doc.ents"],
                  assigns=["doc._.polemos_events"])
def make_events(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return guarded(name, find_events, "polemos_events")


@Language.factory("polemos_learned", requires=["doc._.polemos_events", "doc.sents", "token.lemma", "token.dep"],
                  assigns=["doc._.polemos_events"])
def make_learned(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    heads = load_heads()  # loaded and checked when the pipeline is built: an altered file stops the start
    return guarded(name, lambda doc: read_events(doc, doc._.polemos_events or [], heads=heads), "polemos_events")


@Language.factory("polemos_roles", requires=["doc._.polemos_events", "doc._.polemos_actors", "token.dep"],
                  assigns=["doc._.polemos_events", "doc._.polemos_actors"])
def make_roles(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    role = load_heads()["role"]  # loaded and checked when the pipeline is built

    def step(doc: Doc) -> list:
        events, doc._.polemos_actors = read_roles(doc, doc._.polemos_events or [],
                                                  doc._.polemos_actors or ActorFindings(), head=role)
        return events
    return guarded(name, step, "polemos_events")


@Language.factory("polemos_figures", requires=["token.dep", "token.lemma", "doc.sents", "doc.ents"],
                  assigns=["doc._.polemos_figures"])
def make_figures(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return guarded(name, find_figures, "polemos_figures")


@Language.factory(
    "polemos_document",
    requires=["doc._.polemos_places", "doc._.polemos_actors", "doc._.polemos_dates", "doc._.polemos_quotes",
              "doc._.polemos_events", "doc._.polemos_figures"],
    assigns=["doc._.polemos_document"],
)
def make_document(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    return guarded(name, _assemble_doc, "polemos_document")


def _dateline_span(article: ArticleMeta) -> Span | None:
    line = article.metadata.get("dateline") if article.metadata else None
    if not line:
        return None
    start = article.text.find(line["text"])
    return None if start < 0 else Span(start, start + len(line["text"]), line["text"])


def _assemble_doc(doc: Doc) -> Any:
    found = Findings(
        places=doc._.polemos_places or PlaceFindings(), actors=doc._.polemos_actors or ActorFindings(),
        dates=doc._.polemos_dates or [], quotes=doc._.polemos_quotes or [], events=doc._.polemos_events or [],
        figures=doc._.polemos_figures or [], sentences=[(s.start_char, s.end_char) for s in doc.sents],
        dateline=_dateline_span(article_of(doc)),
    )
    return assemble(article_of(doc), found)
