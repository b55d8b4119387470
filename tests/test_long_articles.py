"""Long articles cost time in proportion to their length (issue: 300k characters took 438 s).

Nothing here is timed. Each test counts work that must not grow with the number of sentences:
how often the whole ``Doc.text`` is rebuilt (spaCy joins every token on each access), how often
an unparsed doc is scanned whole to set a sentence start, and how many Python calls the pipeline
makes per character. Before the fix each of these grew with the square of the length.
"""
from __future__ import annotations

import cProfile
import pstats

import pytest
from spacy.tokens import Doc

from polemos.pipeline import Pipeline

# Short invented paragraphs, different enough to exercise every step (datelines, quotes, figures,
# events, places, dates); a long article repeats them in turn.
PARAGRAPHS = (
    ("GAO, Mali, March 3 (Polemos Wire) - Gunmen attacked a military convoy near Gao on Monday, "
     "killing 12 soldiers and wounding 7, the army said in a statement."),
    ("About 1,200 families fled their homes in Ansongo after the attack, according to the UN "
     "refugee agency, which said more than 4,000 people were now sheltering in schools."),
    ("\"We will not negotiate while our villages burn,\" said Colonel Amadou Keita, a spokesman "
     "for the armed forces, speaking to reporters in Bamako on Tuesday."),
    ("A Russian missile hit an apartment block in Kharkiv on Oct. 8, killing three people and "
     "injuring 21, regional governor Oleh Syniehubov said."),
    ("The Rapid Support Forces shelled markets in Omdurman, killing at least 30 civilians, local "
     "medics said. The army and the RSF agreed to resume talks in Jeddah next week."),
    ("Since April last year, the conflict has killed more than 14,000 people and displaced "
     "8.2 million, the United Nations said on Wednesday."),
)


def article(paragraphs: int) -> str:
    body = [PARAGRAPHS[k % len(PARAGRAPHS)] for k in range(paragraphs)]
    return "\n\n".join(["Fighting spreads across the north as talks stall", *body])


class CountingDoc(Doc):
    """A real spaCy Doc that counts the whole-document work done on it."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.text_builds = 0
        self.unparsed_scans = 0

    @property
    def text(self) -> str:
        self.text_builds += 1
        return Doc.text.__get__(self)

    def has_annotation(self, attr: object, *, require_complete: bool = False) -> bool:
        found = Doc.has_annotation(self, attr, require_complete=require_complete)
        if attr == "DEP" and not found:
            self.unparsed_scans += 1  # no parse yet: every token was looked at to say so
        return found


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.create()


@pytest.fixture
def counted(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> list[CountingDoc]:
    """Every doc the pipeline makes from now on is a CountingDoc, with the same tokens."""
    made: list[CountingDoc] = []
    tokenizer = pipeline.nlp.tokenizer

    def tokenize(text: str) -> CountingDoc:
        plain = tokenizer(text)
        doc = CountingDoc(plain.vocab, words=[t.text for t in plain], spaces=[bool(t.whitespace_) for t in plain])
        made.append(doc)
        return doc

    monkeypatch.setattr(pipeline.nlp, "tokenizer", tokenize)
    return made


def analysed(pipeline: Pipeline, counted: list[CountingDoc], text: str) -> CountingDoc:
    document = pipeline.extract_text(text, published="2024-05-01")
    assert document.figures and document.events  # the doc really went through every step
    doc = counted[-1]
    assert Doc.text.__get__(doc) == text  # the counting doc has exactly the article's tokens
    return doc


@pytest.mark.parametrize("paragraphs", [6, 60])
def test_the_text_is_rebuilt_a_fixed_number_of_times(pipeline, counted, paragraphs):
    doc = analysed(pipeline, counted, article(paragraphs))
    # once per step that slices characters, at most; never once per sentence or mention
    assert doc.text_builds <= 8, doc.text_builds


def test_text_builds_do_not_grow_with_the_article(pipeline, counted):
    short = analysed(pipeline, counted, article(6)).text_builds
    long = analysed(pipeline, counted, article(60)).text_builds
    assert long == short


def test_sentence_starts_are_set_without_rescanning_the_doc(pipeline, counted):
    short = analysed(pipeline, counted, article(6)).unparsed_scans
    long = analysed(pipeline, counted, article(60)).unparsed_scans
    assert long == short <= 2, (short, long)


def python_calls(pipeline: Pipeline, text: str) -> int:
    profiler = cProfile.Profile()
    profiler.runcall(pipeline.extract_text, text, published="2024-05-01")
    return sum(calls for calls, *_ in pstats.Stats(profiler).stats.values())


def test_python_calls_grow_in_proportion_to_the_text(pipeline):
    pipeline.extract_text(article(6), published="2024-05-01")  # warm the look-up caches
    short, long = article(12), article(96)
    ratio = python_calls(pipeline, long) / python_calls(pipeline, short)
    # 8 times the text: about 8 times the calls (a little under, for fixed per-article costs);
    # before the fix, per-sentence rebuilds of the text and per-mention scans made it ~30 times
    assert ratio < 1.25 * len(long) / len(short), ratio
