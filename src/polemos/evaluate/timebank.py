"""``polemos evaluate timebank``: date resolution against TimeBank + AQUAINT (TempEval-3, TBAQ-cleaned).

Gold: ``gold_dir/timebank-aquaint-te3/data/TBAQ-cleaned/{TimeBank,AQUAINT}/*.tml``, TimeML
files whose ``TIMEX3`` tags carry a normalised ``value`` and whose ``DCT`` is the document
creation time, used here as the publication date. Evaluation only.

Scored: every gold TIMEX3 of type DATE in ``<TEXT>``. TIME, DURATION and SET timexes are left
out (counted in the notes): Polemos resolves dates, not clock times, lengths or frequencies.
Predictions: ``find_dates`` on the document parsed by the pipeline's spaCy model, published =
the DCT's date. Each gold DATE takes the date mention that overlaps it most; its value is
rendered with ``to_timex`` and compared to the gold value after ``canonical`` (week numbers
zero-padded, trailing ``-XX`` and times of day dropped; the strict string match is reported too). Figures: recall (gold
DATE timexes with an overlapping mention), value accuracy on those, and overall (correct /
all gold DATE timexes). The table's classes are the shapes of the gold values (day, week,
month, quarter, year, ...); a wrong value counts as a miss of the gold shape and a false
alarm of the predicted one; a mention that overlaps no gold timex is a false alarm.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from polemos.errors import PolemosError
from polemos.evaluate.metrics import Report, ScoreTable
from polemos.evaluate.timex import to_timex
from polemos.mentions import DateMention
from polemos.resolve.dates import find_dates

NAME = "timebank"
SPLITS = ("all", "TimeBank", "AQUAINT")
DESCRIPTION = "TIMEX3 DATE value accuracy vs TimeBank/AQUAINT (TempEval-3), relative to the creation date"
ROOT = Path("timebank-aquaint-te3") / "data" / "TBAQ-cleaned"
BATCH = 16
_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)((?:\s+[^>]*?)?)\s*(/?)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_DCT = re.compile(r"<DCT>.*?value=\"(\d{4}-\d{2}-\d{2})", re.S)


@dataclass(frozen=True, slots=True)
class Timex:
    start: int
    end: int
    type: str
    value: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldDocument:
    name: str
    published: dt.date
    text: str
    timexes: tuple[Timex, ...]


@dataclass(frozen=True, slots=True)
class Outcome:
    """One gold DATE timex and what Polemos made of it (``predicted`` None: no mention overlaps)."""

    document: str
    gold: Timex
    mention: str | None
    predicted: str | None

    @property
    def correct(self) -> bool:
        return self.predicted is not None and canonical(self.predicted) == canonical(self.gold.value)

    @property
    def strictly_correct(self) -> bool:
        return self.predicted is not None and self.predicted == self.gold.value


def canonical(value: str) -> str:
    """One spelling per date: weeks zero-padded ("2000-W7" = "2000-W07"), trailing unknown parts
    dropped ("1968-XX" = "1968"), and a time of day dropped ("2000-01-05TEV" = "2000-01-05"), since
    Polemos resolves dates, not clock times."""
    value = re.sub(r"T[\dA-Z:]+$", "", value)
    value = re.sub(r"-W(\d)(?=$|-)", r"-W0\1", value)
    while value.endswith("-XX"):
        value = value[:-3]
    return value


def load_split(gold_dir: Path, split: str, *, limit: int | None = None) -> list[GoldDocument]:
    root = gold_dir / ROOT
    folders = ("TimeBank", "AQUAINT") if split == "all" else (split,)
    if split not in SPLITS or not all((root / f).is_dir() for f in folders):
        raise PolemosError(f"TimeBank split {split!r} not found under {root}; choose one of {', '.join(SPLITS)}")
    paths = [p for folder in folders for p in sorted((root / folder).glob("*.tml"))]
    return [parse_tml(p.read_text("utf-8"), name=p.stem) for p in paths[:limit]]


def parse_tml(source: str, *, name: str) -> GoldDocument:
    """The ``<TEXT>`` body as plain text (entities decoded) with its TIMEX3 character offsets."""
    dct = _DCT.search(source)
    body = re.search(r"<TEXT>(.*?)</TEXT>", source, re.S)
    if dct is None or body is None:
        raise PolemosError(f"{name}: no DCT or TEXT element; is this a TimeML file?")
    pieces: list[str] = []
    length, open_timex, timexes = 0, None, []
    position = 0
    for tag in _TAG.finditer(body.group(1)):
        chunk = html.unescape(body.group(1)[position:tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        position = tag.end()
        closing, element = tag.group(1) == "/", tag.group(2)
        if element != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
        elif open_timex is not None:
            start, attrs = open_timex
            timexes.append((start, length, attrs))
            open_timex = None
    pieces.append(html.unescape(body.group(1)[position:]))
    text = "".join(pieces)
    return GoldDocument(name, dt.date.fromisoformat(dct.group(1)), text, tuple(
        Timex(s, e, a.get("type", ""), a.get("value", ""), text[s:e]) for s, e, a in timexes))


def predict(pipeline, documents: Sequence[GoldDocument]) -> Iterator[tuple[GoldDocument, list[DateMention]]]:
    """Parse with the pipeline's model (extraction steps off: only dates are scored here)."""
    nlp = pipeline.nlp
    extraction = [name for name in nlp.pipe_names if name.startswith("polemos_") and name != "polemos_paragraphs"]
    with nlp.select_pipes(disable=extraction):
        for gold, doc in zip(documents, nlp.pipe((d.text for d in documents), batch_size=BATCH)):
            yield gold, find_dates(doc, published=gold.published)


def score_document(gold: GoldDocument, mentions: Sequence[DateMention]) -> tuple[list[Outcome], list[DateMention]]:
    """Outcomes for the document's gold DATE timexes, and the mentions that overlap no gold timex."""
    outcomes = []
    for timex in (t for t in gold.timexes if t.type == "DATE"):
        best = max(mentions, key=lambda m: _overlap(m, timex), default=None)
        if best is None or _overlap(best, timex) == 0:
            outcomes.append(Outcome(gold.name, timex, None, None))
        else:
            outcomes.append(Outcome(gold.name, timex, best.span.text, to_timex(best.value) or "NONE"))
    spurious = [m for m in mentions if not any(_overlap(m, t) for t in gold.timexes)]
    return outcomes, spurious


def _overlap(mention: DateMention, timex: Timex) -> int:
    return max(0, min(mention.span.end, timex.end) - max(mention.span.start, timex.start))


def shape(value: str) -> str:
    """The kind of a TIMEX3 value (canonical spelling): day, week, month, quarter, year, decade, ref, other."""
    value = canonical(value)
    patterns = (("day", r"\d{4}-\d\d-\d\d"), ("week", r"\d{4}-W\d\d(-WE)?"), ("month", r"\d{4}-\d\d"),
                ("quarter", r"\d{4}-Q\d"), ("season", r"\d{4}-(SP|SU|FA|WI)"), ("half", r"\d{4}-H\d"),
                ("year", r"\d{4}"), ("decade", r"\d{3}X?"), ("ref", r"(PAST|PRESENT|FUTURE)_REF"))
    return next((name for name, pattern in patterns if re.fullmatch(pattern, value)), "other")


def run(pipeline, *, gold_dir: Path, split: str, limit: int | None = None) -> Report:
    documents = load_split(gold_dir, split, limit=limit)
    table = ScoreTable("DATE timex values by gold value shape (tp = exact value)")
    outcomes: list[Outcome] = []
    spurious = 0
    for gold, mentions in predict(pipeline, documents):
        found, extra = score_document(gold, mentions)
        outcomes += found
        spurious += len(extra)
        for mention in extra:
            table.add_counts(shape(to_timex(mention.value) or "NONE"), fp=1)
    for outcome in outcomes:
        if outcome.correct:
            table.add_counts(shape(outcome.gold.value), tp=1)
        else:
            table.add_counts(shape(outcome.gold.value), fn=1)
            if outcome.predicted is not None:
                table.add_counts(shape(outcome.predicted), fp=1)
    return _report(split, documents, outcomes, spurious, table)


def _report(split: str, documents: Sequence[GoldDocument], outcomes: Sequence[Outcome], spurious: int,
            table: ScoreTable) -> Report:
    excluded = Counter(t.type for d in documents for t in d.timexes if t.type != "DATE")
    matched = [o for o in outcomes if o.predicted is not None]
    correct = sum(o.correct for o in matched)
    strict = sum(o.strictly_correct for o in matched)
    underspecified = sum(1 for o in outcomes if "X" in canonical(o.gold.value) or o.gold.value.startswith("P"))
    notes = [
        "publication date = the DCT; predictions from find_dates on the spaCy parse (extraction steps off)",
        "excluded (not DATE): " + (", ".join(f"{k} {v}" for k, v in sorted(excluded.items())) or "none"),
        f"{underspecified} gold DATE values are underspecified (X) or durations (P...) even in canonical "
        "spelling, so no date can match them",
    ]
    figures = {
        "gold_date_timexes": len(outcomes), "matched": len(matched), "correct": correct,
        "recall": len(matched) / len(outcomes) if outcomes else 0.0,
        "value_accuracy": correct / len(matched) if matched else 0.0,
        "overall": correct / len(outcomes) if outcomes else 0.0,
        "value_accuracy_strict": strict / len(matched) if matched else 0.0,
        "spurious_mentions": spurious,
    }
    return Report(NAME, split, len(documents), tables=[table], figures=figures, notes=notes)
