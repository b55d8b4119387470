"""Step ``polemos_entities``: a sentence-opening word for a participant is not a name.

The small model tags "Gunmen" a GPE and "Soldiers" a PERSON when they open a sentence; left so,
the place finder makes a place of them and the attack loses its attacker. Each row: an invented
sentence, a word of it, and whether that word is still an entity after the step.
"""
from __future__ import annotations

import pytest
from spacy.tokens import Span

from polemos.extract.entities import without_common_words


@pytest.mark.parametrize("text, word, label, kept", [
    ("Gunmen attacked a church in Gao on Sunday.", "Gunmen", "GPE", False),   # a participant opening the sentence
    ("Soldiers patrolled the market.", "Soldiers", "PERSON", False),
    ("Police dispersed the crowd.", "Police", "ORG", False),
    ("Villagers fled to Djibo.", "Djibo", "GPE", True),                      # a real place
    ("JNIM claimed the attack.", "JNIM", "ORG", True),                       # a name in capitals
    ("Fulani herders were attacked.", "Fulani", "NORP", True),               # a people
    ("They said Gunmen had left.", "Gunmen", "GPE", True),                   # inside a sentence: its casing is meant
])
def test_sentence_opening_participant_words_are_not_entities(nlp, text, word, label, kept):
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        doc = proc(doc)
    token = next(t for t in doc if t.text == word)
    doc.ents = [e for e in doc.ents if not (e.start <= token.i < e.end)] + [Span(doc, token.i, token.i + 1, label)]
    assert any(e.start == token.i for e in without_common_words(doc)) is kept


def test_the_attack_keeps_its_attacker(pipeline_doc):
    document = pipeline_doc("Gunmen attack church\n\nGunmen attacked a church in Gao on Sunday, killing three "
                            "worshippers, officials said.")
    names = {a.id: a.name.lower() for a in document.actors}
    attack = next(e for e in document.events if e.type == "ASSAULT")
    assert [names[a] for a in attack.actors] == ["gunmen"]
    assert "gunmen" not in {p.name.lower() for p in document.places}


@pytest.fixture(scope="module")
def pipeline_doc():
    from polemos.pipeline import Pipeline
    from polemos.settings import Settings

    pipeline = Pipeline.create(Settings())
    return lambda text: pipeline.extract_text(text, published="2024-03-04")
