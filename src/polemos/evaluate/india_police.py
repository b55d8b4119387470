"""``polemos evaluate india-police``: police actions in the IndiaPoliceEvents sentences (Gujarat, 2002).

Gold: ``gold_dir/india-police-events/data/final/sents.jsonl`` — 21,391 sentences of 1,257 Times of
India articles labelled KILL, ARREST, FAIL, FORCE, ANY_ACTION for police (Halterman et al., Findings
of ACL 2021; research use, evaluation only). Splits: ``all``, or ``labelled`` (only the sentences
with at least one label, to measure recall quickly; precision is then meaningless).

Prediction from the event mentions of each sentence (parsed alone), counting only mentions that
are not negated, hypothetical or conditional, and whose agent is the police (a police word among
the agent heads or their modifiers) — except arrests, where an agentless passive ("were arrested")
counts, as in this corpus it is nearly always the police:

- KILL: an ASSAULT by police named by killing or shooting ("killed", "shot dead", "police firing");
- ARREST: a COERCE event of mode arrest;
- FORCE: any ASSAULT by police (KILL included, as in the corpus' own definition);
- FAIL: police as the subject of "fail/refuse/neglect" or a negated intervention verb;
- ANY_ACTION: any event by police (or an arrest), or police as the subject of an action verb told
  as fact (not say/claim/be/…, not negated or modal); FAIL excluded as in the corpus.

Reported: P/R/F1 per label (each label is scored as its own yes/no question over all sentences).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from spacy.tokens import Doc

from polemos.errors import PolemosError
from polemos.evaluate._gold import gold_path
from polemos.evaluate.coders.select import event_docs
from polemos.evaluate.metrics import Report, ScoreTable
from polemos.mentions import EventMention

NAME = "india-police"
SPLITS = ("all", "labelled")
DESCRIPTION = "police KILL/ARREST/FAIL/FORCE/ANY_ACTION sentence labels (IndiaPoliceEvents) from event mentions"
PATH = Path("india-police-events") / "data" / "final" / "sents.jsonl"
LABELS = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")
POLICE = frozenset({"police", "policeman", "policemen", "cop", "constable", "officer", "sho", "dcp", "acp",
                    "commissioner", "inspector", "sub-inspector", "crpf", "srp", "rap", "force", "cops", "personnel"})
KILLING = frozenset({"kill", "killed", "shoot", "shot", "fire", "firing", "open", "murder", "killing", "shooting",
                     "gun"})
FAIL_VERBS = frozenset({"fail", "refuse", "neglect"})
INTERVENE = frozenset({"intervene", "act", "stop", "help", "protect", "respond", "save", "come"})
UNREAL = frozenset({"negated", "hypothetical", "conditional"})


def load(gold_dir: Path, *, split: str = "all", limit: int | None = None) -> list[tuple[str, frozenset[str]]]:
    path = gold_path(gold_dir, PATH, name=NAME, split=split, splits=SPLITS)
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            try:
                row = json.loads(line)
                item = (row["sent_text"], frozenset(row["sent_labels"]))
            except (ValueError, KeyError) as exc:
                raise PolemosError(f"{path}, line {number}: {exc}") from None
            if split == "all" or item[1]:
                rows.append(item)
    return rows[:limit] if limit is not None else rows


def predict(doc: Doc, events: Sequence[EventMention]) -> set[str]:
    labels: set[str] = set()
    for event in events:
        if UNREAL & set(event.modality):
            continue
        by_police = _by_police(doc, event.agent_heads)
        if event.type == "COERCE" and event.mode == "arrest" and (by_police or not event.agent_heads):
            labels |= {"ARREST", "ANY_ACTION"}
        if not by_police:
            continue
        labels.add("ANY_ACTION")
        if event.type == "ASSAULT":
            labels.add("FORCE")
            if set(event.trigger.text.lower().split()) & KILLING or event.mode == "firearms":
                labels.add("KILL")
    if _police_failed(doc):
        labels.add("FAIL")
    elif _police_acted(doc):
        labels.add("ANY_ACTION")
    return labels


# Verbs whose police subject says or is something rather than does it (ANY_ACTION is an act).
NOT_ACTS = frozenset({"say", "tell", "be", "have", "claim", "deny", "believe", "think", "know", "want", "seem",
                      "appear", "fail", "refuse", "neglect", "remain", "add", "feel", "suspect", "allege", "get",
                      "stand", "look", "watch", "become", "need", "receive", "inform", "confirm", "admit", "point"})


def _police_acted(doc: Doc) -> bool:
    """Police as the subject of an action verb told as fact ("police registered a case", "police
    rushed to the spot"): an act the event lexicon has no PLOVER type for."""
    for token in doc:
        if token.dep_ != "nsubj" or token.lower_ not in POLICE and token.lemma_.lower() not in POLICE:
            continue
        verb = token.head
        if verb.pos_ != "VERB" or verb.lemma_.lower() in NOT_ACTS:
            continue
        if any(c.dep_ == "neg" or c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
            continue
        return True
    return False


def _by_police(doc: Doc, heads: Sequence[int]) -> bool:
    for i in heads:
        token = doc[i]
        words = {token.lower_, token.lemma_.lower()} | {c.lower_ for c in token.children if c.dep_ in ("compound", "amod")}
        if words & POLICE:
            return True
    return False


def _police_failed(doc: Doc) -> bool:
    for token in doc:
        if token.dep_ not in ("nsubj", "nsubjpass") or token.lower_ not in POLICE and token.lemma_.lower() not in POLICE:
            continue
        verb = token.head
        lemma = verb.lemma_.lower()
        negated = any(c.dep_ == "neg" for c in verb.children)
        if lemma in FAIL_VERBS or (negated and lemma in INTERVENE):
            return True
        if lemma == "remain" and any(c.lemma_.lower() in ("spectator", "mute", "silent", "inactive", "passive")
                                     for c in verb.subtree):
            return True
    return False


def run(pipeline: object, *, gold_dir: Path, split: str = "all", limit: int | None = None) -> Report:
    rows = load(gold_dir, split=split, limit=limit)
    table = ScoreTable(f"police action labels ({NAME}, split {split})")
    for (_, gold), (doc, events) in zip(rows, event_docs(pipeline, [text for text, _ in rows], batch_size=256)):
        guess = predict(doc, events)
        for label in LABELS:
            table.add_counts(label, tp=int(label in gold and label in guess), fp=int(label in guess and label not in gold),
                             fn=int(label in gold and label not in guess))
    notes = ["each label scored as a yes/no question per sentence; sentences parsed alone (lower-cased source text)"]
    if split == "labelled":
        notes.append("labelled split: only sentences with a label — read recall, not precision")
    averages = table.averages()
    return Report(name=NAME, split=split, items=len(rows), tables=[table],
                  figures={"macro F1": averages["macro"][2], "micro F1": averages["micro"][2]}, notes=notes)
