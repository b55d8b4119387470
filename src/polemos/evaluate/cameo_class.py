"""``polemos evaluate cameo-class``: PLOVER quad class on the ConfliBERT ``cameo_class`` sentences.

Gold: ``gold_dir/conflibert-data/data/cameo_class/{test,train}.tsv`` — sentences (mostly CAMEO manual
examples) labelled 0 neutral, 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict (GPL-3.0 repository, eventdata/ConfliBERT). ``test`` is the reported split;
``train`` is where the event rules were developed (their errors were read there), so its figure
is a development figure, not a test. ``plover-gsr`` shares 245 sentences with ``test`` and none
with ``train``.

Prediction: the sentence quad head (``extract.event_classifier.text_quad``: logistic regression
trained by ``scripts/train_events.py`` on the **train** split only) over the parse and the rule
finder's mentions. Also reported, as ``rules-only accuracy``: the PLOVER type of the primary event
mention mapped to its quad class (``resolve.ontology.QUAD_CLASS``; no mention = 0 neutral).
Reported: accuracy and P/R/F1 per class. On ``train`` the head's figure is a training figure.
"""
from __future__ import annotations

import csv
from pathlib import Path

from polemos.errors import PolemosError
from polemos.evaluate._gold import gold_path
from polemos.evaluate.coders.classifier import text_quad
from polemos.evaluate.coders.select import event_docs, primary_event
from polemos.evaluate.metrics import Report, ScoreTable, accuracy
from polemos.mentions import EventMention
from polemos.resolve.ontology import QUAD_NAMES, quad_class

NAME = "cameo-class"
SPLITS = ("test", "train")
DESCRIPTION = "PLOVER quad class (0 neutral … 4 material conflict) on ConfliBERT cameo_class sentences"
FOLDER = Path("conflibert-data") / "data" / "cameo_class"


def load(gold_dir: Path, *, split: str = "test", limit: int | None = None) -> list[tuple[str, int]]:
    path = gold_path(gold_dir, FOLDER / f"{split}.tsv", name=NAME, split=split, splits=SPLITS)
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), 1):
            if len(row) < 2 or not row[1].strip().isdigit():
                raise PolemosError(f"{path}, line {number}: expected 'sentence<TAB>label'")
            rows.append((row[0], int(row[1])))
    return rows[:limit] if limit is not None else rows


def predict(pipeline: object, texts: list[str]) -> list[tuple[int, int]]:
    """``(head's quad, rules-only quad)`` per text."""
    out = []
    for doc, events in event_docs(pipeline, texts):
        main = primary_event(doc, events, facts_only=True)
        out.append((text_quad(doc, events).quad, label_of(main)))
    return out


def label_of(main: EventMention | None) -> int:
    """Quad class of the primary event; an appeal (CAMEO 02, no PLOVER type of its own) is neutral."""
    if main is None or main.cameo == "02":
        return 0
    return quad_class(main.type)


def run(pipeline: object, *, gold_dir: Path, split: str = "test", limit: int | None = None) -> Report:
    rows = load(gold_dir, split=split, limit=limit)
    predicted = predict(pipeline, [text for text, _ in rows])
    pairs = [(gold, guess) for (_, gold), (guess, _) in zip(rows, predicted)]
    rule_pairs = [(gold, guess) for (_, gold), (_, guess) in zip(rows, predicted)]
    table = ScoreTable(f"quad class ({NAME}, split {split})")
    for gold, guess in pairs:
        table.add(f"{gold} {QUAD_NAMES[gold]}", f"{guess} {QUAD_NAMES[guess]}")
    notes = ["label = the quad head (trained on the train split only) over the parse and the rules' mentions",
             "rules-only: quad class of the primary event mention; no event = 0 neutral"]
    if split == "train":
        notes.append("training split: the head was fitted and the event rules' errors were read here")
    return Report(name=NAME, split=split, items=len(rows), tables=[table],
                  figures={"accuracy": accuracy(pairs), "rules-only accuracy": accuracy(rule_pairs), "macro F1": table.averages()["macro"][2],
                           "weighted F1": table.averages()["weighted"][2]}, notes=notes)
