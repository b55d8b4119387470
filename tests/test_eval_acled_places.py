"""The ACLED places evaluation's scoring on records written here (no gold needed), and short runs
on both splits when ``../shared/gold`` is present (Libya: overall figures only)."""
from __future__ import annotations

import pytest

from polemos.cli import main
from polemos.evaluate import acled_places as ap
from polemos.model import ArticleDocument, ArticleMeta, Event, Place, Span

# An invented note's gold: a village near Djibo (the points are the project's own, not ACLED's).
GOLD = ap.GoldPlace("X1", "Militants attacked a village.", "Sahel", "Tongomayel", 14.10, -1.62)


@pytest.mark.parametrize("name, folded", [
    ("Centre-Nord", "centre nord"), ("Ségou", "segou"), ("  Boucle du  Mouhoun ", "boucle du mouhoun"),
    ("Ti-n-Akof", "ti n akof"), ("N'Djamena", "n djamena"), ("", ""), (None, ""),
])
def test_fold(name, folded):
    assert ap.fold(name) == folded


@pytest.mark.parametrize("place, expected", [
    (None, None),
    (Place("p1", "Djibo", 1, 14.10, -1.63, "BF", "Sahel", "city"), ap.PredictedPlace("Djibo", "Sahel", 14.10, -1.63)),
    (Place("p2", "Sahel", 2, 14.0, -0.5, "BF", None, "admin1"), ap.PredictedPlace("Sahel", "Sahel", 14.0, -0.5)),
    (Place("p3", "western Libya", feature="region"), ap.PredictedPlace("western Libya", None, None, None)),
])
def test_predicted_place(place, expected):
    assert ap.predicted_place(place) == expected


@pytest.mark.parametrize("predicted, admin1, within, name", [
    (None, False, False, False),
    (ap.PredictedPlace("Tongomayel", "Sahel", 14.10, -1.62), True, True, True),
    (ap.PredictedPlace("Djibo", "sahel", 14.10, -1.63), True, True, False),           # 1 km away, folded admin1
    (ap.PredictedPlace("Soum", "Sahel", 14.00, -1.40), True, False, False),           # about 26 km
    (ap.PredictedPlace("Ouahigouya", "Nord", 13.58, -2.42), False, False, False),
    (ap.PredictedPlace("tongomayel", None, None, None), False, False, True),           # no point, no admin1
])
def test_score_place(predicted, admin1, within, name):
    outcome = ap.score_place(GOLD, predicted)
    assert (outcome.placed, outcome.admin1, outcome.within, outcome.name) == (predicted is not None, admin1, within, name)


def test_a_gold_row_without_admin1_never_matches_an_empty_prediction():
    blank = ap.GoldPlace("X2", "note", "", "", None, None)
    assert ap.score_place(blank, ap.PredictedPlace("Somewhere", None, None, None)).admin1 is False


def _event(trigger: tuple[int, int], kind: str = "ASSAULT", place: str | None = None) -> Event:
    text = "Militants attacked Djibo and killed two."
    return Event(f"e{trigger[0]}", kind, Span(0, len(text), text), place=place,
                 trigger=Span(*trigger, text[trigger[0]:trigger[1]]))


class _Mention:  # the only field note_event reads from an EventMention
    def __init__(self, start: int, kind: str = "ASSAULT") -> None:
        self.trigger, self.type = Span(start, start + 1, "x"), kind


DOCUMENT = ArticleDocument(ArticleMeta("a", "Militants attacked Djibo and killed two."),
                           events=(_event((29, 35), place="p1"), _event((10, 18), place="p2")))


@pytest.mark.parametrize("main, expected", [
    (_Mention(10), "e10"),               # the main mention's own event
    (_Mention(12), "e29"),               # merged away: the first event of its type that holds it
    (_Mention(12, "PROTEST"), "e29"),    # nothing of its type: the document's most salient event
    (None, "e29"),
])
def test_note_event(main, expected):
    assert ap.note_event(DOCUMENT, main).id == expected


def test_a_note_without_events_has_no_event():
    assert ap.note_event(ArticleDocument(ArticleMeta("b", "Nothing happened.")), None) is None


def test_figures_are_over_all_notes_and_over_placed_ones():
    outcomes = [ap.PlaceOutcome(True, True, True, False, 3.0), ap.PlaceOutcome(True, True, False, False, 80.0),
                ap.PlaceOutcome(False, False, False, False), ap.PlaceOutcome(False, False, False, False)]
    figures = ap.figures(outcomes)
    assert (figures["notes"], figures["event with a place"]) == (4, 0.5)
    assert (figures["admin1 exact"], figures["admin1 exact, placed only"]) == (0.5, 1.0)
    assert (figures["location within 25 km"], figures["location within 25 km, placed only"]) == (0.25, 0.5)


@pytest.mark.parametrize("split, table", [("burkina-faso", True), ("libya", False)])
def test_both_splits_run_with_a_limit(gold_dir, capsys, split, table):
    # rules only: this checks the evaluation's plumbing, not the learned heads
    args = ["evaluate", "acled-places", "--split", split, "--limit", "5", "--gold", str(gold_dir), "--rules-only"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"split {split} — 5 items" in out and "location within 25 km:" in out
    assert ("admin1 of the main event's place" in out) is table  # Libya: overall figures only
