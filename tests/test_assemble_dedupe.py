"""The assembler's de-duplication of events within one article (``extract/dedupe.py``).

A later sentence that only refers back to an incident ("after the attack") is the same incident;
a sentence that gives the incident its own toll, date or place is evidence and is kept; the same
participants in two sentences are two incidents when a place, date or toll tells them apart.
"""
from __future__ import annotations

import dataclasses

import pytest

from polemos.extract.dedupe import Names, dedupe_events
from polemos.mentions import FigureMention
from polemos.model import UNKNOWN_DATE, DateValue, Event, Place, Span

# An invented article, one sentence per line: each event below points at its sentence.
SENTENCES = [
    "Gunmen attacked a police post in Gao on Monday, killing three officers.",
    "After the attack, the governor imposed a curfew.",
    "Later, a bomb exploded at the market, where at least six people were killed.",
    "The explosion shattered windows along the street.",
    "Gunmen also attacked a checkpoint in Ansongo, killing five officers.",
    "The blast on 3 March was heard across the town.",
]
TEXT = "\n".join(SENTENCES)


def sentence(n: int) -> Span:
    start = sum(len(s) + 1 for s in SENTENCES[:n])
    return Span(start, start + len(SENTENCES[n]), SENTENCES[n])


def event(n: int, trigger: str, **fields) -> Event:
    where = sentence(n)
    at = where.start + where.text.index(trigger)
    return Event(id=f"ev{n}-{trigger}", type=fields.pop("type", "ASSAULT"), evidence=where,
                 trigger=Span(at, at + len(trigger), trigger), **fields)


def toll(n: int, value: int, kind: str = "killed", *, part_of: int | None = None) -> FigureMention:
    where = sentence(n)
    return FigureMention(kind=kind, evidence=where, number=None, value=value, low=value, high=value,
                         qualifier="exact", part_of=part_of, sentence_start=where.start)


MONDAY = DateValue("2024-03-04", "2024-03-04", "day", "on Monday", basis="stated")
GAO_ATTACK = event(0, "attacked", actors=("a1",), recipients=("a2",), place="p1", date=MONDAY)

# (what the case shows, events, tolls, triggers kept in text order)
CASES = [
    ("a bare back-reference in a later sentence adds nothing",
     [GAO_ATTACK, event(1, "attack")], [toll(0, 3)], ["attacked"]),
    ("a sentence that counts its own dead is evidence of an incident",
     [GAO_ATTACK, event(2, "exploded")], [toll(0, 3), toll(2, 6)], ["attacked", "exploded"]),
    ("a toll that another sentence states is a restatement, not the mention's own",
     [GAO_ATTACK, event(3, "explosion")], [toll(0, 3), toll(3, 3)], ["attacked"]),
    ("a subgroup of a toll ('of them, two were children') is not a toll of its own",
     [GAO_ATTACK, event(3, "explosion")], [toll(0, 3), toll(3, 2, part_of=0)], ["attacked"]),
    ("a bare mention with nothing of its own is still dropped",
     [GAO_ATTACK, event(3, "explosion")], [toll(0, 3)], ["attacked"]),
    ("a stated date, even one that could not be resolved, is the mention's own",
     [GAO_ATTACK, event(5, "blast", date=DateValue(None, None, "unknown", "on 3 March", basis="stated"))],
     [toll(0, 3)], ["attacked", "blast"]),
    ("a date carried over from an earlier sentence is not the mention's own",
     [GAO_ATTACK, event(1, "attack", date=DateValue(None, None, "unknown", "on Monday", basis="report"))],
     [toll(0, 3)], ["attacked"]),
    ("a sentence continuing the report at the same place is the same incident",
     [GAO_ATTACK, event(1, "attack", place="p1", date=dataclasses.replace(MONDAY, basis="report"))],
     [toll(0, 3)], ["attacked"]),
    ("a sentence continuing the report at a place of its own is another incident",
     [GAO_ATTACK, event(3, "explosion", place="p2", date=dataclasses.replace(MONDAY, basis="report"))],
     [toll(0, 3)], ["attacked", "explosion"]),
    ("the same attackers and victims at another place are another incident",
     [GAO_ATTACK, event(4, "attacked", actors=("a1",), recipients=("a2",), place="p2")],
     [toll(0, 3), toll(4, 5)], ["attacked", "attacked"]),
    ("the same participants on another day are another incident",
     [GAO_ATTACK, event(4, "attacked", actors=("a1",), recipients=("a2",),
                        date=DateValue("2024-03-08", "2024-03-08", "day", "on Friday", basis="stated"))],
     [], ["attacked", "attacked"]),
    ("the same participants in the week of the attack may be the same attack",
     [GAO_ATTACK, event(4, "attacked", actors=("a1",), recipients=("a2",),
                        date=DateValue("2024-03-04", "2024-03-10", "week", "this week", basis="stated"))],
     [], ["attacked"]),
    ("the same participants with different tolls are two incidents",
     [GAO_ATTACK, event(4, "attacked", actors=("a1",), recipients=("a2",))],
     [toll(0, 3), toll(4, 5)], ["attacked", "attacked"]),
    ("the same participants with the same toll and nothing else apart are one",
     [GAO_ATTACK, event(4, "attacked", actors=("a1",), recipients=("a2",))],
     [toll(0, 3), toll(4, 3)], ["attacked"]),
    ("two bare mentions in one sentence are one event",
     [event(2, "bomb", confidence=0.4), event(2, "exploded", confidence=0.7)], [toll(2, 6)], ["exploded"]),
    ("a bare mention stays when no event of its type has actors",
     [event(3, "explosion")], [], ["explosion"]),
]


@pytest.mark.parametrize(("case", "events", "tolls", "kept"), CASES, ids=[c[0] for c in CASES])
def test_dedupe(case, events, tolls, kept):
    assert TEXT[events[-1].trigger.start:events[-1].trigger.end] == events[-1].trigger.text
    found = dedupe_events(events, figures=tolls)
    assert [e.trigger.text for e in found] == kept


def test_without_figures_a_bare_mention_is_still_dropped_and_its_sentence_kept_as_a_reference():
    back = event(2, "exploded")
    [kept] = dedupe_events([GAO_ATTACK, back])
    assert kept.id == GAO_ATTACK.id and kept.references == (back.evidence,)


def test_a_repeat_in_another_sentence_becomes_a_reference_of_the_event_it_repeats():
    repeat = event(4, "attacked", actors=("a1",), recipients=("a2",))
    [kept] = dedupe_events([GAO_ATTACK, repeat])
    assert kept.references == (repeat.evidence,)


def test_unknown_date_is_not_own_information():
    bare = event(3, "explosion", date=UNKNOWN_DATE)
    assert [e.id for e in dedupe_events([GAO_ATTACK, bare], figures=[toll(0, 3)])] == [GAO_ATTACK.id]


# A second invented article with a headline: actors a1.. and places p1.. named below.
HEADLINE = "Gunmen kill five at church in northern Burkina Faso"
BODY = ["Gunmen attacked a church in Djibo on Sunday, killing five worshippers, and burned the market in Arbinda.",
        "Gunmen attacked a church in Titao on Monday.",
        "Soldiers shelled the hills while gunmen attacked a convoy."]
ARTICLE = "\n".join([HEADLINE, *BODY])
ACTORS = {"h1": "gunmen", "h2": "church", "a1": "gunmen", "a2": "church", "a3": "worshippers", "a4": "market",
          "a5": "gunmen", "a6": "church", "a7": "soldiers", "a8": "hills", "a9": "convoy"}
PLACES = {"bf": Place("bf", "Burkina Faso", country="BF", feature="country"),
          "djibo": Place("djibo", "Djibo", country="BF", admin1="Sahel", feature="city"),
          "arbinda": Place("arbinda", "Arbinda", country="BF", admin1="Sahel", feature="city"),
          "titao": Place("titao", "Titao", country="BF", admin1="Nord", feature="city"),
          "north-djibo": Place("north-djibo", "northern Djibo", country="BF", admin1="Sahel", feature="region")}
NAMES = Names(ACTORS, PLACES, title_end=len(HEADLINE))


def told(line: int, trigger: str, *, nth: int = 0, **fields) -> Event:
    lines = [HEADLINE, *BODY]
    start = sum(len(s) + 1 for s in lines[:line])
    at = start + [i for i in range(len(lines[line])) if lines[line].startswith(trigger, i)][nth]
    return Event(id=f"e{line}-{trigger}-{nth}", type="ASSAULT", evidence=Span(start, start + len(lines[line]), lines[line]),
                 trigger=Span(at, at + len(trigger), trigger), **fields)


IN_DJIBO = told(1, "attacked", actors=("a1",), recipients=("a2",), place="djibo")

# (what the case shows, events, (trigger, actors, recipients) of each event kept, in text order)
ARTICLE_CASES = [
    ("one attackers' acts in one sentence are one incident whose targets and victims add up",
     [IN_DJIBO, told(1, "killing", actors=("a1",), recipients=("a3",))],
     [("attacked", ("a1",), ("a2", "a3"))]),
    ("the same attackers' act at another place in the sentence is another incident",
     [IN_DJIBO, told(1, "burned", actors=("a1",), recipients=("a4",), place="arbinda")],
     [("attacked", ("a1",), ("a2",)), ("burned", ("a1",), ("a4",))]),
    ("other attackers in the same sentence are another incident",
     [told(3, "shelled", actors=("a7",), recipients=("a8",)), told(3, "attacked", actors=("a5",), recipients=("a9",))],
     [("shelled", ("a7",), ("a8",)), ("attacked", ("a5",), ("a9",))]),
    ("the headline's participants are the body's when their names are",
     [told(0, "kill", actors=("h1",), recipients=("h2",), place="bf"), IN_DJIBO],
     [("attacked", ("a1",), ("a2",))]),
    ("a headline without participants sums up the body's incident of its type",
     [told(0, "kill", place="bf"), IN_DJIBO], [("attacked", ("a1",), ("a2",))]),
    ("a headline without participants stays when a date tells it from the body's incident",
     [told(0, "kill", date=DateValue("2024-02-01", "2024-02-01", "day", "1 February", basis="stated")),
      dataclasses.replace(IN_DJIBO, date=DateValue("2024-03-03", "2024-03-03", "day", "on Sunday", basis="stated"))],
     [("kill", (), ()), ("attacked", ("a1",), ("a2",))]),
    ("a headline place named from the body's ('northern Kabul', Kabul) is the same place",
     [told(0, "kill", actors=("h1",), recipients=("h2",), place="north-djibo"), IN_DJIBO],
     [("attacked", ("a1",), ("a2",))]),
    ("in the body, actors of one name are still told apart by place",
     [IN_DJIBO, told(2, "attacked", actors=("a5",), recipients=("a6",), place="titao")],
     [("attacked", ("a1",), ("a2",)), ("attacked", ("a5",), ("a6",))]),
    ("in the body, two actor records of one name are two actors",
     [told(1, "attacked", actors=("a1",), recipients=("a2",)), told(2, "attacked", actors=("a5",), recipients=("a6",))],
     [("attacked", ("a1",), ("a2",)), ("attacked", ("a5",), ("a6",))]),
]


@pytest.mark.parametrize(("case", "events", "kept"), ARTICLE_CASES, ids=[c[0] for c in ARTICLE_CASES])
def test_dedupe_with_names_and_places(case, events, kept):
    for e in events:
        assert ARTICLE[e.trigger.start:e.trigger.end] == e.trigger.text
    found = dedupe_events(events, names=NAMES)
    assert [(e.trigger.text, e.actors, e.recipients) for e in found] == kept


def test_the_headline_folded_into_the_body_is_kept_as_a_reference():
    headline = told(0, "kill", actors=("h1",), recipients=("h2",), place="bf")
    [kept] = dedupe_events([headline, IN_DJIBO], names=NAMES)
    assert kept.id == IN_DJIBO.id and kept.references == (headline.evidence,)
