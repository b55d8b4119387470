"""The pipeline: declarations checked when built, error policy, batching, the public API."""
from __future__ import annotations

import dataclasses

import pytest
from spacy.language import Language

import polemos
from polemos.errors import ExtractionError, PipelineError
from polemos.ingest.normalize import RawArticle
from polemos.pipeline import Pipeline, check_pipeline
from polemos.settings import Settings

TEXT = ("Rebels attack army base\n\nRebels attacked an army base near the town on Monday, killing three "
        "soldiers, the army said.")


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.create(Settings())


def test_steps_run_in_declared_order(pipeline):
    names = pipeline.nlp.pipe_names
    order = ["polemos_paragraphs", "parser", "entity_ruler", "ner", "polemos_places", "polemos_actors",
             "polemos_dates", "polemos_quotes", "polemos_events", "polemos_figures", "polemos_document"]
    assert [n for n in names if n in order] == order


def test_a_step_whose_requirements_are_missing_is_refused_when_built():
    import polemos.extract.components  # noqa: F401  registers the factories

    nlp = Language()
    nlp.add_pipe("polemos_document")
    with pytest.raises(PipelineError, match="polemos_document needs"):
        check_pipeline(nlp)


def test_the_headline_is_its_own_sentence(pipeline):
    doc = pipeline.nlp(TEXT)
    first = next(iter(doc.sents))
    assert first.text.strip() == "Rebels attack army base"


def test_every_span_matches_the_article_text(pipeline):
    document = pipeline.extract_text(TEXT, published="2024-01-09")
    text = document.article.text
    spans = [e.evidence for e in document.events] + [f.evidence for f in document.figures]
    spans += [m for a in document.actors for m in a.mentions] + [m for p in document.places for m in p.mentions]
    spans += [q.content for q in document.quotes] + [q.cue for q in document.quotes]
    assert spans
    assert all(text[s.start:s.end] == s.text for s in spans)


def test_failed_step_raises_by_default_and_is_recorded_in_batches(pipeline, monkeypatch):
    good = pipeline.article(RawArticle(origin="good", text=TEXT))
    bad = dataclasses.replace(good, id="bad", text=TEXT + " Extra.")

    original = pipeline.nlp.get_pipe("polemos_events")

    def flaky(doc):
        if doc._.polemos_article.id == "bad":
            doc._.polemos_failure = ExtractionError("bad", "polemos_events", "ValueError: boom")
            return doc
        return original(doc)

    monkeypatch.setattr(pipeline.nlp, "_components",
                        [(n, flaky if n == "polemos_events" else p) for n, p in pipeline.nlp._components])
    results = list(pipeline.analyse_many([good, bad, good], on_error="record"))
    assert [type(r).__name__ for r in results] == ["ArticleDocument", "ExtractionError", "ArticleDocument"]
    assert results[1].step == "polemos_events" and "boom" in results[1].reason
    with pytest.raises(ExtractionError):
        list(pipeline.analyse([bad]))


def test_two_processes_give_the_same_documents_as_one(pipeline):
    articles = [pipeline.article(RawArticle(origin=str(i), text=TEXT.replace("three", str(i + 3)),
                                            published="2024-01-09")) for i in range(6)]
    one = [d.to_json() for d in pipeline.analyse_many(articles, n_process=1)]
    two = [d.to_json() for d in pipeline.analyse_many(articles, n_process=2)]
    assert one == two


def test_public_api_is_what_all_says():
    for name in polemos.__all__:
        assert hasattr(polemos, name), name
    assert polemos.SCHEMA == "polemos/1"


@pytest.mark.parametrize("title, body, filed", [
    ("Blast at mosque kills 12", "KABUL (Reuters) - A suicide bomber blew himself up outside a mosque on Friday, "
     "killing at least 12 worshippers, police said.", "kabul"),
    ("Gunmen attack church", "GAO, Mali, March 3 (Polemos Wire) - Gunmen attacked a church, killing three.", "gao"),
])
def test_a_datelines_place_is_where_the_story_was_filed_not_an_actor(pipeline, title, body, filed):
    document = pipeline.extract_text(body, title=title, published="2024-03-08")
    assert filed not in {a.name.casefold() for a in document.actors}
    assert filed in {p.name.casefold() for p in document.places}
