"""``polemos evaluate acled-fatalities``: the figures grammar against ACLED's coded fatalities (Burkina Faso).

Gold: ``gold_dir/acled-burkina-faso/data/acled_Burkina_Faso.csv`` (2,980 ACLED events, 1997–2020;
ACLED terms: evaluation only). Each event's ``notes`` (a coder's one-paragraph summary) is read as an
article; the prediction is compared to the ``fatalities`` column.

Prediction rule (documented in docs/figures.md): the sum of the note's *whole* killed figures — not
subsets (``part_of``), not shares, not superseded tolls — each counted as ACLED codes a stated number:
the number as written for exact, "over", "at least", "about", "nearly", "up to" and "fewer than"
(ACLED codes the stated figure, it does not add one for "over"), the low end of a range, and ACLED's
convention for vague words (dozens 12, hundreds 100). A figure with no number ("several", "an
unspecified number") adds nothing; a note with no killed figure predicts 0.

Honesty: ACLED coders append bookkeeping no news article contains — "Unknown fatalities coded as 10",
"Fatalities split across two events", "[size=dozens]". The default reading strips these (the
*honest* figures); ``notes as coded`` figures keep them, to show how much they would flatter the score.
Events whose fatalities ACLED split across several events cannot be matched from the text alone; they
stay in the split (counted in the notes) rather than being excluded after the fact.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from polemos.evaluate import _acled
from polemos.evaluate.metrics import Report, ScoreTable
from polemos.extract.figures import find_figures
from polemos.mentions import FigureMention

NAME = "acled-fatalities"
SPLITS = _acled.SPLITS
DESCRIPTION = "fatalities predicted from killed figures in ACLED notes vs ACLED's coded fatalities (Burkina Faso)"
BATCH = 64
# Coder bookkeeping that never appears in news text: removed before reading (the honest setting).
_TAGS = re.compile(r"\s*\[size=[^\]]*\]|\s*\((?:coded|geo-?precision)[^)]*\)", re.I)
_BOOKKEEPING = re.compile(
    r"[^.]*\b(?:fatalit(?:y|ies)\b[^.]*\b(?:coded|split|assessed|distributed|divided)|coded as \d+|"
    r"(?:split|divided) (?:across|between|among)\b)[^.]*\.?", re.I)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    year: int
    notes: str
    fatalities: int


def load(gold_dir: Path, *, split: str = "all", limit: int | None = None) -> list[GoldEvent]:
    return [GoldEvent(r["event_id_cnty"], int(r["year"]), r["notes"], int(r["fatalities"]))
            for r in _acled.rows(gold_dir, name=NAME, split=split, limit=limit)]


def strip_bookkeeping(notes: str) -> str:
    """The note without coder bookkeeping ("Unknown fatalities coded as 10.", "[size=dozens]")."""
    return _BOOKKEEPING.sub("", _TAGS.sub("", notes)).strip()


def is_split_event(notes: str) -> bool:
    return bool(re.search(r"\b(?:split|divided) (?:across|between|among)\b", notes, re.I))


def predicted_fatalities(figures: Sequence[FigureMention]) -> int:
    """The sum of whole, current killed figures, each as ACLED would code its stated number."""
    return sum(_coded(f) for f in _whole_killed(figures))


def predicted_bounds(figures: Sequence[FigureMention]) -> tuple[int, float]:
    """The range the figures allow: lows summed, highs summed (unbounded when any is open)."""
    low, high = 0, 0.0
    for f in _whole_killed(figures):
        if f.value is None:  # "several killed": at least one, no upper bound
            low, high = low + 1, float("inf")
            continue
        f_low = f.low if f.low is not None else (round(f.value * 0.8) if f.qualifier == "about" else 0)
        f_high = f.high if f.high is not None else (round(f.value * 1.2) if f.qualifier == "about" else float("inf"))
        # ACLED codes "over 460" as 460: the stated number counts as inside the bounds
        low, high = low + min(f_low, f.value), high + max(f_high, f.value)
    return low, high


def _whole_killed(figures: Iterable[FigureMention]) -> list[FigureMention]:
    return [f for f in figures if f.kind == "killed" and f.part_of is None and f.share is None and not f.superseded]


def _coded(figure: FigureMention) -> int:
    if figure.value is None:
        return 0
    if figure.qualifier == "range" and figure.low is not None:
        return figure.low
    return figure.value


def run(pipeline, *, gold_dir: Path, split: str, limit: int | None) -> Report:
    events = load(gold_dir, split=split, limit=limit)
    honest = _score("honest (coder bookkeeping removed)", events, pipeline, strip=True)
    coded = _score("notes as coded (bookkeeping kept)", events, pipeline, strip=False)
    split_events = sum(1 for e in events if is_split_event(e.notes))
    report = Report(NAME, split, len(events), tables=[honest.table, coded.table])
    report.figures.update({f"honest {k}": v for k, v in honest.figures.items()})
    report.figures.update({f"as coded {k}": v for k, v in coded.figures.items()})
    report.notes += [
        "prediction = sum of whole, current killed figures (stated numbers; range → low; dozens 12); none → 0",
        "honest = notes with ACLED coder bookkeeping removed ('coded as N', 'split across', '[size=…]'); "
        "this is the number that transfers to news text",
        f"{split_events} events say their fatalities were split across events (not recoverable from text); "
        "kept in the split",
        "table classes: zero vs nonzero fatalities (gold vs predicted)",
    ]
    return report


@dataclass
class _Scored:
    table: ScoreTable
    figures: dict[str, float]


def _score(title: str, events: Sequence[GoldEvent], pipeline, *, strip: bool) -> _Scored:
    texts = [strip_bookkeeping(e.notes) if strip else e.notes for e in events]
    nlp = pipeline.nlp
    extra = [name for name in nlp.pipe_names if name.startswith("polemos_") and name != "polemos_paragraphs"]
    table = ScoreTable(f"{title}: zero vs nonzero")
    exact = within = 0
    with nlp.select_pipes(disable=extra):
        for event, doc in zip(events, nlp.pipe(texts, batch_size=BATCH)):
            figures = find_figures(doc)
            guess = predicted_fatalities(figures)
            low, high = predicted_bounds(figures)
            exact += guess == event.fatalities
            within += low <= event.fatalities <= high
            table.add("nonzero" if event.fatalities else "zero", "nonzero" if guess else "zero")
    n = len(events) or 1
    return _Scored(table, {"exact": exact / n, "within bounds": within / n})
