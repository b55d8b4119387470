"""Events told twice in one article become one: repeats and back-references folded into the
event they tell of (``dedupe_events``), used by the assembler (``extract/assemble.py``).

The store never merges two events of one article (``store/merge.py``), so an incident told in
three sentences must leave here as one event, or it is counted three times."""
from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

from polemos.extract.places import contains as _contains
from polemos.mentions import FigureMention
from polemos.model import DateValue, Event, Place, Span

SYMMETRIC_TYPES = {"CONSULT", "COOPERATE", "AGREE"}  # "X met Y" and "the meeting between X and Y" are one act


@dataclass(frozen=True)
class Names:
    """What tells a headline's participants and places from the body's beyond their ids: actors by
    their names ("a church" in the headline and in the lead are two actor records, one church),
    places by containment ("northern Burkina Faso" holds Djibo). In the body two actor records
    of one name stay two ("police" in two sentences may be two forces)."""

    actors: Mapping[str, str] = field(default_factory=dict)  # actor id -> casefolded name
    places: Mapping[str, Place] = field(default_factory=dict)  # place id -> place
    title_end: int = 0  # the headline's end in the text (0: none)

    def people(self, ids: Sequence[str], *, by_name: bool = True) -> frozenset[str]:
        return frozenset(self.actors.get(i, i) if by_name else i for i in ids)

    def in_headline(self, event: Event) -> bool:
        return event.evidence.start < self.title_end

    def places_apart(self, a: Event, b: Event) -> bool:
        """Two places, neither holding the other when one event is the headline's."""
        if not (a.place and b.place) or a.place == b.place:
            return False
        pa, pb = self.places.get(a.place), self.places.get(b.place)
        nested = pa is not None and pb is not None and (_contains(pa, pb) or _contains(pb, pa) or _part_of(pa, pb))
        return not (nested and self.in_headline(a) != self.in_headline(b))


NO_NAMES = Names()


def _part_of(a: Place, b: Place) -> bool:
    """A part named from the whole ("northern Kabul" and Kabul), in one country."""
    x, y = a.name.casefold(), b.name.casefold()
    return a.country == b.country and (x.endswith(f" {y}") or y.endswith(f" {x}"))


def dedupe_events(events: list[Event], *, figures: Sequence[FigureMention] = (),
                  names: Names = NO_NAMES) -> list[Event]:
    """One event per sentence and type when their participants agree (one includes the other),
    and one per (type, participants, modality) across the document unless a place, date or toll
    tells them apart: the headline repeats the body, and a sentence often names the same attack
    twice ("a drone strike hit …, injuring"). In one sentence, the same attackers' acts at one
    place and time are one incident whose targets and victims add up ("gunmen attacked a church,
    killing five worshippers"). A bare back-reference ("areas impacted by the
    clashes", "after the explosion": no actor, place, date or toll of its own) to a type the
    article already codes with its actors adds nothing and is dropped; a sentence that counts
    its own dead ("at least six people were killed in the explosion") is evidence of an incident
    and stays. ``figures`` are the finder's tolls, by sentence.

    What is dropped is not lost: its sentence joins the kept event's ``references`` (a repeat, to
    the event it repeats; a back-reference, to the nearest earlier event of its type coded with
    actors, else the first later one), so every sentence that tells of the incident stays tied to it."""
    tolls = _Tolls.of(figures)
    kept: list[Event] = []
    rivals: dict[tuple, list[tuple[Event, Event]]] = {}  # key -> (mention to compare, event it folds into)
    folded: dict[str, list[Span]] = {}
    joined: dict[str, list[Event]] = {}  # kept event id -> the mentions folded into it that add participants
    for event in sorted(events, key=lambda e: _richness(e, names), reverse=True):
        keys = _rival_keys(event, names)
        owner = next((owner for key in keys for other, owner in rivals.get(key, ())
                      if _same_event(event, other, tolls=tolls, names=names)), None)
        if owner is None:
            owner = event
            kept.append(event)
        else:
            folded.setdefault(owner.id, []).extend((event.evidence, *event.references))
            joined.setdefault(owner.id, []).append(event)
        for key in keys:
            rivals.setdefault(key, []).append((event, owner))
    kept = [_joined(e, joined.get(e.id, ()), names) for e in kept]
    described = {e.type for e in kept if e.actors or e.recipients}
    known = {(e.type, e.place) for e in kept if (e.actors or e.recipients) and e.place}
    dropped = [e for e in kept if e.type in described and _bare(e, tolls=tolls, known=known)]
    kept = [e for e in kept if e not in dropped]
    for event in dropped:
        folded.setdefault(_referent(event, kept).id, []).extend((event.evidence, *event.references))
    for event, body in _headline_summaries(kept, tolls=tolls, names=names):
        kept.remove(event)
        folded.setdefault(body.id, []).extend((event.evidence, *event.references, *folded.pop(event.id, ())))
    return sorted((_with_references(e, folded.get(e.id, ())) for e in kept), key=lambda e: e.evidence.start)


def _joined(event: Event, others: Sequence[Event], names: Names = NO_NAMES) -> Event:
    """``event`` with the participants of the mentions folded into it added, in order (one actor
    of a name once: the headline's "church" and the body's are one)."""
    actors, recipients = list(event.actors), list(event.recipients)
    seen = set(names.people(actors)) | set(names.people(recipients))
    for other in others:
        for side, ids in ((actors, other.actors), (recipients, other.recipients)):
            for i in ids:
                if names.actors.get(i, i) not in seen:
                    side.append(i)
                    seen.add(names.actors.get(i, i))
    if (tuple(actors), tuple(recipients)) == (event.actors, event.recipients):
        return event
    return dataclasses.replace(event, actors=tuple(actors), recipients=tuple(recipients))


def _headline_summaries(kept: list[Event], *, tolls: _Tolls, names: Names) -> list[tuple[Event, Event]]:
    """Headline events without participants ("Blast at Kabul mosque kills 12") with the body's
    event of their type that tells the incident with its participants and that no place, date or
    toll tells apart from them: the headline sums up the lead."""
    body = sorted((e for e in kept if not names.in_headline(e) and (e.actors or e.recipients)),
                  key=lambda e: e.evidence.start)
    out = []
    for event in kept:
        if not names.in_headline(event) or event.actors or event.recipients or event.modality:
            continue
        told = next((b for b in body if b.type == event.type and not b.modality
                     and not _told_apart(event, b, tolls=tolls, names=names)), None)
        if told is not None:
            out.append((event, told))
    return out


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


def _rival_keys(event: Event, names: Names = NO_NAMES) -> tuple[tuple, ...]:
    """The buckets holding every event that ``_same_event`` could match: same type and modality,
    and the same sentence or (when it has any) the same participants. Comparing each event with
    all those kept made long articles quadratic; ``_same_event`` still decides within a bucket."""
    kind = (event.type, frozenset(event.modality))
    sentence = (*kind, "sentence", event.evidence.start)
    if not (event.actors or event.recipients):
        return (sentence,)  # a bare event matches only within its own sentence
    keys = [sentence]
    for by_name in (False, True) if names.title_end else (False,):
        if event.type in SYMMETRIC_TYPES:
            people: tuple = (names.people(event.actors, by_name=by_name) | names.people(event.recipients, by_name=by_name),)
        else:
            people = (names.people(event.actors, by_name=by_name), names.people(event.recipients, by_name=by_name))
        keys.append((*kind, "participants", by_name, *people))
    return tuple(keys)


def _same_event(a: Event, b: Event, *, tolls: _Tolls = NO_TOLLS, names: Names = NO_NAMES) -> bool:
    if a.type != b.type or set(a.modality) != set(b.modality):
        return False
    by_name = names.in_headline(a) != names.in_headline(b)  # the headline and the body
    agents_a, agents_b = names.people(a.actors, by_name=by_name), names.people(b.actors, by_name=by_name)
    targets_a, targets_b = names.people(a.recipients, by_name=by_name), names.people(b.recipients, by_name=by_name)
    if a.evidence.start == b.evidence.start:
        if not _compatible(agents_a, agents_b):
            return False
        # the same attackers' acts in one sentence, at one place and time: one incident
        return _compatible(targets_a, targets_b) or (bool(agents_a and agents_b) and not _told_apart(a, b, names=names))
    if not (a.actors or a.recipients) or _told_apart(a, b, tolls=tolls, names=names):
        return False
    if a.type in SYMMETRIC_TYPES:
        return agents_a | targets_a == agents_b | targets_b
    return (agents_a, targets_a) == (agents_b, targets_b)


def _told_apart(a: Event, b: Event, *, tolls: _Tolls = NO_TOLLS, names: Names = NO_NAMES) -> bool:
    """Two incidents with the same participants in different sentences: "gunmen attacked Gao …
    three killed" and "gunmen attacked Ansongo … five killed" differ in place, date or toll."""
    if names.places_apart(a, b):
        return True
    if a.date.start and b.date.start and not _overlap(a.date, b.date):
        return True  # "on Monday" and "that week" may be one day; "on Monday" and "on Friday" are not
    ta, tb = tolls.at(a.evidence.start), tolls.at(b.evidence.start)
    kinds = {k for k, _ in ta} & {k for k, _ in tb}
    return any({v for k, v in ta if k == kind}.isdisjoint(v for k, v in tb if k == kind) for kind in kinds)


def _overlap(a: DateValue, b: DateValue) -> bool:
    return str(a.start)[:10] <= str(b.end or b.start)[:10] and str(b.start)[:10] <= str(a.end or a.start)[:10]


def _compatible(x: Collection[str], y: Collection[str]) -> bool:
    return set(x) <= set(y) or set(y) <= set(x)


def _richness(event: Event, names: Names = NO_NAMES) -> tuple:
    """Which of two tellings is kept: the one with more participants, a place, a date; then the
    body's over the headline's (its sentence is the fuller evidence), the surer, the earlier."""
    return (len(event.actors) + len(event.recipients), event.place is not None, event.date.start is not None,
            not names.in_headline(event), event.confidence, -event.evidence.start)
