"""``polemos evaluate plover-gsr``: PLOVER event type (and actor country/sector) on the PLOVER gold records.

Gold: ``gold_dir/plover-gsr/gold_standard_records/PLOVER_GSR_CAMEO.txt`` — 322 sentences from the
CAMEO manual coded with a PLOVER type and source/target actors (CC BY-SA 4.0, openeventdata/PLOVER).
The records use PLOVER's older names; DEMAND → REQUEST, DISAPPROVE and INVESTIGATE → ACCUSE,
FIGHT → ASSAULT (``resolve.ontology.LEGACY_TYPES``); the one DOCUMENT record is skipped.

Prediction: each sentence is parsed alone; its label is the type of the *primary* event mention
(highest in the parse, then the surest: ``extract.event_select.primary_event``), or none. Scores:
P/R/F1 per type with macro and weighted averages (a sentence with no prediction is a miss). Actor
country and sector (the gold ``source`` list) are scored when the pipeline's assembled document
is on the doc (``doc._.polemos_document``): a hit when any actor of the primary event has a gold
source's country (sector: its first three letters).

Nothing in Polemos was trained on these rows (the event finder is rules and a hand-written lexicon;
the quad head of ``evaluate/coders/classifier.py`` was trained on cameo_class train, which shares no
sentence with these records, and is not used here).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from polemos.evaluate._gold import gold_path
from polemos.evaluate.coders.select import event_docs, primary_event
from polemos.evaluate.metrics import Report, ScoreTable
from polemos.mentions import EventMention
from polemos.resolve.ontology import normalise_type

NAME = "plover-gsr"
SPLITS = ("all",)
DESCRIPTION = "PLOVER event type (P/R/F1 per type, macro, weighted) and source actor country/sector on PLOVER gold records"
PATH = Path("plover-gsr") / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    type: str
    source_countries: tuple[str, ...]
    source_sectors: tuple[str, ...]


def load(gold_dir: Path, *, split: str = "all", limit: int | None = None) -> list[GoldRecord]:
    path = gold_path(gold_dir, PATH, name=NAME, split=split, splits=SPLITS)
    records = []
    for row in json.loads(path.read_text("utf-8")):
        plover = normalise_type(row.get("event", ""))
        if plover is None or not row.get("text"):
            continue
        sources = row.get("source") or []
        sources = sources if isinstance(sources, list) else []
        records.append(GoldRecord(
            id=row["id"], text=row["text"], type=plover,
            source_countries=tuple(s.get("code", "") for s in sources if isinstance(s, dict)),
            source_sectors=tuple(s.get("sector", "")[:3] for s in sources if isinstance(s, dict) and s.get("sector"))))
    return records[:limit] if limit is not None else records


def run(pipeline: object, *, gold_dir: Path, split: str = "all", limit: int | None = None) -> Report:
    records = load(gold_dir, split=split, limit=limit)
    types = ScoreTable(f"PLOVER type ({NAME}, split {split})")
    country_hits = sector_hits = actor_items = sector_items = 0
    for record, (doc, events) in zip(records, event_docs(pipeline, [r.text for r in records])):
        main = primary_event(doc, events)
        types.add(record.type, main.type if main else None)
        actors = _actor_codes(doc, main)
        if actors is None:
            continue
        if record.source_countries:
            actor_items += 1
            country_hits += bool({c for c, _ in actors} & set(record.source_countries))
        if record.source_sectors:
            sector_items += 1
            sector_hits += bool({s for _, s in actors} & set(record.source_sectors))
    macro = types.averages()["macro"]
    weighted = types.averages()["weighted"]
    figures = {"macro F1": macro[2], "weighted F1": weighted[2], "micro F1": types.averages()["micro"][2]}
    notes = ["legacy types mapped: DEMAND→REQUEST, DISAPPROVE/INVESTIGATE→ACCUSE, FIGHT→ASSAULT; DOCUMENT skipped",
             "label = primary event mention (highest in the parse, then the surest); no prediction = miss"]
    if actor_items:
        figures["source country accuracy"] = country_hits / actor_items
        figures["source sector accuracy"] = sector_hits / sector_items if sector_items else 0.0
    else:
        notes.append("actor country/sector not scored: the assembled document was not on the docs")
    return Report(name=NAME, split=split, items=len(records), tables=[types], figures=figures, notes=notes)


def _actor_codes(doc: Doc, main: EventMention | None) -> list[tuple[str | None, str | None]] | None:
    """(country, sector) of the actors of the assembled event matching ``main``; None when unavailable."""
    document = doc._.polemos_document if Doc.has_extension("polemos_document") else None
    if document is None or main is None:
        return None if document is None else []
    by_id = {a.id: a for a in document.actors}
    for event in document.events:
        trigger = getattr(event, "trigger", None)
        if trigger is not None and trigger.start == main.trigger.start:
            return [(by_id[a].country, by_id[a].sector) for a in event.actors if a in by_id]
    return []
