"""The learned event heads: when the model's reading wins over the rules', and the weights' integrity."""
from __future__ import annotations

import hashlib
import json
from importlib import resources

import numpy as np
import pytest

from polemos.errors import PipelineError
from polemos.extract.learned import COMPATIBLE, _heads, _train, read_events
from polemos.extract.learned._heads import Head
from polemos.mentions import EventMention
from polemos.model import Span


def forced(labels: tuple[str, ...], winner: str, p: float) -> Head:
    """A head that gives ``winner`` probability ``p`` and shares the rest evenly, whatever it reads."""
    rest = (1 - p) / (len(labels) - 1)
    logits = np.log(np.array([p if label == winner else rest for label in labels], dtype=np.float32))
    return Head(labels, {}, np.zeros((0, len(labels)), np.float32), np.zeros((96, len(labels)), np.float32), logits)


PLOVER = ("ASSAULT", "NONE", "PROTEST", "REJECT")
ACLED = ("Air/drone strike", "Attack", "Peaceful protest", "none")
MODALITY = _train.MODALITIES


def event_in(doc, word: str, **fields) -> EventMention:
    start = doc.text.index(word)
    sent = next(s for s in doc.sents if s.start_char <= start < s.end_char)
    return EventMention(trigger=Span(start, start + len(word), word),
                        evidence=Span(sent.start_char, sent.end_char, sent.text), **fields)


@pytest.mark.parametrize("rule, model, p, expected", [
    ("PROTEST", "ASSAULT", 0.95, "ASSAULT"),   # the model is sure and the rules' type is unlikely: switch
    ("PROTEST", "ASSAULT", 0.85, "PROTEST"),   # not sure enough: the rules stay
    ("ASSAULT", "ASSAULT", 0.95, "ASSAULT"),
])
def test_the_rules_type_stays_unless_the_model_is_sure_and_the_rules_unlikely(nlp, rule, model, p, expected):
    doc = nlp("A strike hit the market in Kharkiv on Monday.")
    heads = {"plover": forced(PLOVER, model, p), "acled": forced(ACLED, "none", 0.9),
             "modality": forced(MODALITY, "asserted", 0.9)}
    [event] = read_events(doc, [event_in(doc, "strike", type=rule)], heads=heads)
    assert event.type == expected


@pytest.mark.parametrize("rule_sub, model_sub, p, expected", [
    (None, "Air/drone strike", 0.6, "Air/drone strike"),      # the rules gave none: the model's sure one
    ("Attack", "Air/drone strike", 0.95, "Attack"),           # the rules gave one that fits: it stays
    ("Peaceful protest", "Air/drone strike", 0.6, "Air/drone strike"),  # the rules' one does not fit an ASSAULT
    (None, "Air/drone strike", 0.3, None),                    # the model unsure: nothing
    (None, "Peaceful protest", 0.95, None),                   # not an ASSAULT's sub-event: ignored
])
def test_the_acled_sub_event(nlp, rule_sub, model_sub, p, expected):
    doc = nlp("Jets bombed the village of Kafr Nabl on Monday.")
    heads = {"plover": forced(PLOVER, "ASSAULT", 0.95), "acled": forced(ACLED, model_sub, p),
             "modality": forced(MODALITY, "asserted", 0.9)}
    rule = event_in(doc, "bombed", type="ASSAULT", acled_sub_event_type=rule_sub,
                    acled_event_type="Violence against civilians" if rule_sub else None)
    [event] = read_events(doc, [rule], heads=heads)
    assert event.acled_sub_event_type == expected
    assert expected is None or event.acled_event_type in ("Explosions/Remote violence", "Violence against civilians")
    assert expected is None or expected in COMPATIBLE["ASSAULT"]


@pytest.mark.parametrize("text, word, kind, model, expected", [
    ("The rebels did not attack the town.", "attack", "ASSAULT", "negated", ("negated",)),
    ("The rebels attacked the town.", "attacked", "ASSAULT", "negated", ()),        # no negation cue in it
    ("Moscow denied the accusation.", "denied", "REJECT", "negated", ()),           # the denial is the event
    ("Troops could attack the town.", "attack", "ASSAULT", "hypothetical", ("hypothetical",)),
])
def test_a_modality_is_added_only_with_its_cue(nlp, text, word, kind, model, expected):
    doc = nlp(text)
    heads = {"plover": forced(PLOVER, kind, 0.95), "acled": forced(ACLED, "none", 0.9),
             "modality": forced(MODALITY, model, 0.95)}
    [event] = read_events(doc, [event_in(doc, word, type=kind)], heads=heads)
    assert event.modality == expected


def test_confidence_is_a_probability(nlp):
    doc = nlp("Gunmen killed five people in Kano on Monday.")
    [event] = read_events(doc, [event_in(doc, "killed", type="ASSAULT", confidence=0.7)])
    assert 0.05 <= event.confidence <= 0.99


def test_a_very_long_sentence_is_read_without_error(nlp):
    doc = nlp("Gunmen killed " + ", ".join(f"villager {i}" for i in range(800)) + " in Kano.")
    [event] = read_events(doc, [event_in(doc, "killed", type="ASSAULT")])
    assert event.type == "ASSAULT"


def test_the_shipped_weights_are_what_their_manifest_says():
    data = resources.files("polemos.data")
    raw = data.joinpath(_heads.WEIGHTS_FILE).read_bytes()
    manifest = json.loads(data.joinpath(_heads.MANIFEST_FILE).read_text("utf-8"))
    assert hashlib.sha256(raw).hexdigest() == manifest["sha256"]
    heads = _heads.checked(raw, manifest)
    assert set(heads) == set(_heads.HEADS) and manifest["examples"] >= 1000


def test_an_altered_weight_file_stops_the_start_with_one_line():
    data = resources.files("polemos.data")
    raw = bytearray(data.joinpath(_heads.WEIGHTS_FILE).read_bytes())
    raw[100] ^= 0xFF
    manifest = json.loads(data.joinpath(_heads.MANIFEST_FILE).read_text("utf-8"))
    with pytest.raises(PipelineError, match=r"learned_heads.npz is altered .*reinstall Polemos") as caught:
        _heads.checked(bytes(raw), manifest)
    assert "\n" not in str(caught.value)


def test_training_is_deterministic():
    rng = np.random.default_rng(7)
    units = [_train.Unit(f"u{i}", ["bias", f"L=w{i % 5}", f"L=v{i % 3}"], rng.normal(size=96).astype(np.float32),
                         {"plover": ["ASSAULT", "PROTEST", "NONE"][i % 3], "acled": ["Attack", "none"][i % 2],
                          "modality": "asserted"}) for i in range(60)]
    pairs = [_train.Unit(f"u{i}:{j}", ["bias", f"P=p{j}"], rng.normal(size=96).astype(np.float32),
                         {"role": ["agent", "none", "patient"][j]}) for i in range(20) for j in range(3)]
    first, scores = _train.train_all(units, pairs)
    second, _ = _train.train_all(units, pairs)
    assert _heads.encode(first) == _heads.encode(second)
    assert 0.0 <= scores["plover"]["dev accuracy"] <= 1.0 and 0.0 <= scores["role"]["dev accuracy"] <= 1.0
