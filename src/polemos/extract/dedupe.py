"""Events told twice in one article become one: repeats and back-references folded into the
event they tell of (``dedupe_events``), used by the assembler (``extract/assemble.py``)."""
from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from polemos.mentions import FigureMention
from polemos.model import DateValue, Event, Span

SYMMETRIC_TYPES = {"CONSULT", "COOPERATE", "AGREE"}  # "X met Y" and "the meeting between X and Y" are one act


def dedupe_events(events: list[Event], *, figures: Sequence[FigureMention] = ()) -> list[Event]:
    """One event per sentence and type when their participants agree (one includes the other),
    and one per (type, participants, modality) across the document unless a place, date or toll
    tells them apart: the headline repeats the body, and a sentence often names the same attack
    twice ("a drone strike hit …, injuring"). A bare back-reference ("areas impacted by the
    clashes", "after the explosion": no actor, place, date or toll of its own) to a type the
    article already codes with its actors adds nothing and is dropped; a sentence that counts
    its own dead ("at least six people were killed in the explosion") is evidence of an incident
    and stays. ``figures`` are the finder's tolls, by sentence.

    What is dropped is not lost: its sentence joins the kept event's ``references`` (a repeat, to
    the event it repeats; a back-reference, to the nearest earlier event of its type coded with
    actors, else the first later one), so every sentence that tells of the incident stays tied to it."""
    tolls = _Tolls.of(figures)
    kept: list[Event] = []
    rivals: dict[tuple, list[Event]] = {}
    folded: dict[str, list[Span]] = {}
    for event in sorted(events, key=_richness, reverse=True):
        keys = _rival_keys(event)
        twin = next((other for key in keys for other in rivals.get(key, ())
                     if _same_event(event, other, tolls=tolls)), None)
        if twin is not None:
            folded.setdefault(twin.id, []).extend((event.evidence, *event.references))
            continue
        kept.append(event)
        for key in keys:
            rivals.setdefault(key, []).append(event)
    described = {e.type for e in kept if e.actors or e.recipients}
    known = {(e.type, e.place) for e in kept if (e.actors or e.recipients) and e.place}
    dropped = [e for e in kept if e.type in described and _bare(e, tolls=tolls, known=known)]
    kept = [e for e in kept if e not in dropped]
    for event in dropped:
        folded.setdefault(_referent(event, kept).id, []).extend((event.evidence, *event.references))
    return sorted((_with_references(e, folded.get(e.id, ())) for e in kept), key=lambda e: e.evidence.start)


def _referent(back: Event, kept: list[Event]) -> Event:
    """The event a back-reference points at: the nearest earlier one of its type with actors."""
    coded = sorted((e for e in kept if e.type == back.type and (e.actors or e.recipients)),
                   key=lambda e: e.evidence.start)
    earlier = [e for e in coded if e.evidence.start <= back.evidence.start]
    return earlier[-1] if earlier else coded[0]


def _with_references(event: Event, spans: Sequence[Span]) -> Event:
    if not spans:
        return event
    own = (event.evidence.start, event.evidence.end)
    unique = {(s.start, s.end): s for s in (*event.references, *spans) if (s.start, s.end) != own}
    return dataclasses.replace(event, references=tuple(unique[k] for k in sorted(unique)))


@dataclass(frozen=True)
class _Tolls:
    """The finder's exact incident tolls, by the start of their sentence; ``fresh``: the sentences
    with a toll of their own, one that no other sentence states and that counts no subgroup
    ("Of the 130 injured, 77 were women" restates one incident's toll)."""

    by_sentence: dict[int, frozenset[tuple[str, int]]]
    fresh: frozenset[int] = frozenset()

    @classmethod
    def of(cls, figures: Sequence[FigureMention]) -> _Tolls:
        found = [f for f in figures if f.value is not None and f.scope == "incident" and not f.superseded]
        by_sentence: dict[int, set[tuple[str, int]]] = {}
        for f in found:
            by_sentence.setdefault(f.sentence_start, set()).add((f.kind, f.value))
        stated = Counter(pair for pairs in by_sentence.values() for pair in pairs)
        fresh = {f.sentence_start for f in found if f.part_of is None and stated[(f.kind, f.value)] == 1}
        return cls({k: frozenset(v) for k, v in by_sentence.items()}, frozenset(fresh))

    def at(self, sentence_start: int) -> frozenset[tuple[str, int]]:
        return self.by_sentence.get(sentence_start, frozenset())


NO_TOLLS = _Tolls({})


def _bare(event: Event, *, tolls: _Tolls = NO_TOLLS, known: Collection[tuple[str, str]] = ()) -> bool:
    """Nothing of its own: no participants, modality or toll in its sentence, and no date or place
    but those of the report it continues ("After the attack, …" took the attack's date and place:
    ``carry_report``); ``known`` are the (type, place) pairs of the events coded with actors."""
    if event.actors or event.recipients or event.modality or event.evidence.start in tolls.fresh:
        return False
    if event.date.basis == "report":
        return not event.place or (event.type, event.place) in known
    return not (event.place or event.date.start or event.date.text)


def _rival_keys(event: Event) -> tuple[tuple, ...]:
    """The buckets holding every event that ``_same_event`` could match: same type and modality,
    and the same sentence or (when it has any) the same participants. Comparing each event with
    all those kept made long articles quadratic; ``_same_event`` still decides within a bucket."""
    kind = (event.type, frozenset(event.modality))
    sentence = (*kind, "sentence", event.evidence.start)
    if not (event.actors or event.recipients):
        return (sentence,)  # a bare event matches only within its own sentence
    if event.type in SYMMETRIC_TYPES:
        people: tuple = (frozenset(event.actors) | frozenset(event.recipients),)
    else:
        people = (frozenset(event.actors), frozenset(event.recipients))
    return sentence, (*kind, "participants", *people)


def _same_event(a: Event, b: Event, *, tolls: _Tolls = NO_TOLLS) -> bool:
    if a.type != b.type or set(a.modality) != set(b.modality):
        return False
    if a.evidence.start == b.evidence.start:
        return _compatible(a.actors, b.actors) and _compatible(a.recipients, b.recipients)
    if not (a.actors or a.recipients) or _told_apart(a, b, tolls=tolls):
        return False
    if a.type in SYMMETRIC_TYPES:
        return set(a.actors) | set(a.recipients) == set(b.actors) | set(b.recipients)
    return (set(a.actors), set(a.recipients)) == (set(b.actors), set(b.recipients))


def _told_apart(a: Event, b: Event, *, tolls: _Tolls) -> bool:
    """Two incidents with the same participants in different sentences: "gunmen attacked Gao …
    three killed" and "gunmen attacked Ansongo … five killed" differ in place, date or toll."""
    if a.place and b.place and a.place != b.place:
        return True
    if a.date.start and b.date.start and not _overlap(a.date, b.date):
        return True  # "on Monday" and "that week" may be one day; "on Monday" and "on Friday" are not
    ta, tb = tolls.at(a.evidence.start), tolls.at(b.evidence.start)
    kinds = {k for k, _ in ta} & {k for k, _ in tb}
    return any({v for k, v in ta if k == kind}.isdisjoint(v for k, v in tb if k == kind) for kind in kinds)


def _overlap(a: DateValue, b: DateValue) -> bool:
    return str(a.start)[:10] <= str(b.end or b.start)[:10] and str(b.start)[:10] <= str(a.end or a.start)[:10]


def _compatible(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    return set(x) <= set(y) or set(y) <= set(x)


def _richness(event: Event) -> tuple:
    return (len(event.actors) + len(event.recipients), event.place is not None, event.date.start is not None,
            event.confidence, -event.evidence.start)
