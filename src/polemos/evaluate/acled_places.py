"""``polemos evaluate acled-places``: the main event's place against ACLED's coded admin1 and point.

Gold: ACLED's Burkina Faso export (``_acled.PATH``, 2,980 events, split ``burkina-faso``) and the
Libya 2011–12 export (``acled_libya.PATH``, split ``libya``). ACLED terms: evaluation only. Libya is
the project's never-look-inside held-out stand-in: its split prints overall figures only, no table
and no row, and nobody reads its errors.

Each event's ``notes`` (a coder's one-paragraph summary) is read as an article. The note's event is
the pipeline's own main ACLED-typed mention (``coders.select.primary_acled``, no note re-reading,
as ``acled-types`` and ``acled-libya`` pick it), or the document's most salient event when no
mention has an ACLED type; its assembled ``Event.place`` is the prediction. No event, or an event
with no place, is a miss.

Figures (over every note of the split): ``admin1 exact`` — the place's admin1 (an admin1 place is
its own) equals ACLED's ``admin1`` after folding case, accents, hyphens and apostrophes;
``location within 25 km`` — the great-circle distance between the place's point and ACLED's
``latitude``/``longitude``; ``location name exact`` — the place's name against ACLED's
``location``, folded the same way. Each is also given over notes whose event has a place.
Nothing here was tuned on these rows.
"""
from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from polemos.evaluate import _acled
from polemos.evaluate._gold import check_split, gold_path
from polemos.evaluate.acled_libya import PATH as LIBYA_PATH
from polemos.evaluate.coders.select import event_docs, primary_acled
from polemos.evaluate.metrics import Report, ScoreTable
from polemos.mentions import EventMention
from polemos.model import ArticleDocument, Event, Place
from polemos.resolve.gazetteer import km

NAME = "acled-places"
SPLITS = ("burkina-faso", "libya")
DESCRIPTION = "the main event's place vs ACLED admin1 (exact) and point (within 25 km), Burkina Faso; Libya overall only"
RADIUS_KM = 25.0
OVERALL_ONLY = frozenset({"libya"})  # held-out stand-in: no table, no rows


@dataclass(frozen=True, slots=True)
class GoldPlace:
    id: str
    notes: str
    admin1: str
    location: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class PredictedPlace:
    name: str
    admin1: str | None
    lat: float | None
    lon: float | None


@dataclass(frozen=True, slots=True)
class PlaceOutcome:
    placed: bool             # the note's event had a place
    admin1: bool
    within: bool
    name: bool
    km: float | None = None  # None when either point is missing


def load(gold_dir: Path, *, split: str = "burkina-faso", limit: int | None = None) -> list[GoldPlace]:
    check_split(NAME, split, SPLITS)
    rows = _acled.rows(gold_dir, name=NAME, limit=limit) if split == "burkina-faso" else _libya_rows(gold_dir, limit)
    return [GoldPlace(r["event_id_cnty"], r["notes"], r["admin1"], r["location"], _float(r["latitude"]),
                      _float(r["longitude"])) for r in rows if r["notes"].strip()]


def _libya_rows(gold_dir: Path, limit: int | None) -> list[dict[str, str]]:
    path = gold_path(gold_dir, LIBYA_PATH, name=NAME, split="libya", splits=SPLITS)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["notes"].strip()]
    return rows[:limit] if limit is not None else rows


def _float(value: str) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def fold(name: str | None) -> str:
    """One spelling per name: "Centre-Nord" = "centre nord", "Ségou" = "segou", "Dori'" = "dori"."""
    if not name:
        return ""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    for mark in "-'’‘`_":
        bare = bare.replace(mark, " ")
    return " ".join(bare.casefold().split())


def predicted_place(place: Place | None) -> PredictedPlace | None:
    if place is None:
        return None
    admin1 = place.admin1 or (place.name if place.feature == "admin1" else None)
    return PredictedPlace(place.name, admin1, place.lat, place.lon)


def score_place(gold: GoldPlace, predicted: PredictedPlace | None, *, radius_km: float = RADIUS_KM) -> PlaceOutcome:
    if predicted is None:
        return PlaceOutcome(False, False, False, False)
    distance = (km(predicted.lat, predicted.lon, gold.lat, gold.lon)
                if None not in (predicted.lat, predicted.lon, gold.lat, gold.lon) else None)
    return PlaceOutcome(True, bool(fold(gold.admin1)) and fold(predicted.admin1) == fold(gold.admin1),
                        distance is not None and distance <= radius_km,
                        bool(fold(gold.location)) and fold(predicted.name) == fold(gold.location), distance)


def note_event(document: ArticleDocument, main: EventMention | None) -> Event | None:
    """The assembled event of the note's main mention (same trigger; else same type holding it, when
    the assembler merged it into a fuller one), else the document's most salient event."""
    if main is not None:
        same = [e for e in document.events if e.trigger is not None and e.trigger.start == main.trigger.start]
        held = [e for e in document.events
                if e.type == main.type and e.evidence.start <= main.trigger.start < e.evidence.end]
        if same or held:
            return (same or held)[0]
    return document.events[0] if document.events else None


def predict(pipeline, notes: Sequence[GoldPlace]) -> Iterable[PredictedPlace | None]:
    for doc, found in event_docs(pipeline, [n.notes for n in notes]):
        document = doc._.polemos_document if Doc.has_extension("polemos_document") else None
        if document is None:  # a bare spaCy pipeline has no assembled places to score
            yield None
            continue
        event = note_event(document, primary_acled(found, doc=doc, reread=False))
        yield predicted_place(document.place(event.place)) if event is not None else None


def figures(outcomes: Sequence[PlaceOutcome]) -> dict[str, float | int]:
    n, placed = len(outcomes), [o for o in outcomes if o.placed]
    out: dict[str, float | int] = {"notes": n, "event with a place": _share(len(placed), n)}
    for key, hit in (("admin1 exact", lambda o: o.admin1), (f"location within {RADIUS_KM:g} km", lambda o: o.within),
                     ("location name exact", lambda o: o.name)):
        out[key] = _share(sum(hit(o) for o in outcomes), n)
        out[f"{key}, placed only"] = _share(sum(hit(o) for o in placed), len(placed))
    return out


def _share(hits: int, n: int) -> float:
    return hits / n if n else 0.0


def run(pipeline, *, gold_dir: Path, split: str = "burkina-faso", limit: int | None = None) -> Report:
    notes = load(Path(gold_dir), split=split, limit=limit)
    predictions = list(predict(pipeline, notes))
    outcomes = [score_place(g, p) for g, p in zip(notes, predictions)]
    report = Report(NAME, split, len(notes), figures=figures(outcomes))
    report.notes += [
        ("the note's main ACLED-typed event (as the pipeline gives it), else its most salient event; "
         "its place is the prediction; no event or no place = miss"),
        "admin1 and names folded (case, accents, hyphens, apostrophes); distance: haversine to ACLED's point",
    ]
    if split in OVERALL_ONLY:
        report.notes.append("overall figures only, by design: this set is the project's unseen stand-in")
        return report
    table = ScoreTable(f"admin1 of the main event's place ({NAME}, split {split}; no place = miss)")
    for gold, predicted in zip(notes, predictions):
        guess = predicted.admin1 if predicted else None
        table.add(gold.admin1 or None, gold.admin1 if guess and fold(guess) == fold(gold.admin1) else guess)
    report.tables.append(table)
    return report
