"""``polemos evaluate acled-libya``: the project's own held-out stand-in — overall figures only.

Gold: ``gold_dir/acled-libya-2011-2012`` (740 ACLED events of 2011–2012 with coders' notes;
ACLED terms: evaluation only). **Nobody working on Polemos reads these rows or their errors**:
this evaluation prints only whole-split averages, so that it stays a fair stand-in for news no
one has seen (see docs/evaluation.md). The notes use ACLED's pre-2019 taxonomy; each old event
type is mapped to the 2019 event type it became ("Remote violence" → Explosions/Remote
violence; "Battle-…" → Battles; "Riots/Protests" → Protests or Riots, either counts; the
strategic kinds → Strategic developments). The prediction is the pipeline's own main ACLED-typed
event of the note (no note re-reading); a note with none is a miss.
"""
from __future__ import annotations

import csv
from pathlib import Path

from polemos.evaluate._gold import gold_path
from polemos.evaluate.coders.select import event_docs, primary_acled
from polemos.evaluate.metrics import Report, ScoreTable

NAME = "acled-libya"
SPLITS = ("all",)
DESCRIPTION = "held-out stand-in: ACLED event type of Libya 2011-12 notes, overall figures only (never read the rows)"
PATH = Path("acled-libya-2011-2012") / "2011-01-31-2012-03-01-Libya.csv"

OLD_TO_NEW = {
    "Battle-No change of territory": "Battles", "Battle-Non-state actor overtakes territory": "Battles",
    "Battle-Government regains territory": "Battles", "Remote violence": "Explosions/Remote violence",
    "Violence against civilians": "Violence against civilians", "Riots/Protests": "Protests or Riots",
    "Strategic development": "Strategic developments", "Headquarters or base established": "Strategic developments",
    "Non-violent transfer of territory": "Strategic developments",
}


def run(pipeline: object, *, gold_dir: Path, split: str = "all", limit: int | None = None) -> Report:
    path = gold_path(gold_dir, PATH, name=NAME, split=split, splits=SPLITS)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["event_type"] in OLD_TO_NEW and r["notes"].strip()]
    rows = rows[:limit] if limit is not None else rows
    table = ScoreTable(f"ACLED event type, 2019 taxonomy ({NAME})")
    for row, (doc, found) in zip(rows, event_docs(pipeline, [r["notes"] for r in rows])):
        main = primary_acled(found, doc=doc, reread=False)
        guess = main.acled_event_type if main else None
        gold = OLD_TO_NEW[row["event_type"]]
        if gold == "Protests or Riots" and guess in ("Protests", "Riots"):
            guess = gold
        table.add(gold, guess)
    averages = table.averages()
    figures = {"event type weighted F1": averages["weighted"][2], "event type macro F1": averages["macro"][2],
               "event type micro F1": averages["micro"][2]}
    return Report(name=NAME, split=split, items=len(rows), figures=figures,
                  notes=["overall figures only, by design: this set is the project's unseen stand-in"])
