"""Choosing among a text's event mentions, and getting them from whatever pipeline is at hand.

Sentence-level evaluations (PLOVER gold records, CAMEO quad classes, ACLED notes, police-event
sentences) need one label per text: ``primary_event`` picks the mention highest in the parse
(the main clause's event, not one inside it), then the surest. ``event_docs`` parses texts with
``pipeline.nlp`` (or a bare spaCy ``Language``) and returns each doc with its event mentions,
read from ``doc._.polemos_events`` when the events component ran, else found directly.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from polemos.evaluate.coders.note import note_sub_event, told
from polemos.extract.events import find_events
from polemos.mentions import EventMention

# When a note tells several events, ACLED codes the defining one: how the violence was done first
# (a remote weapon), then who fought whom, then what was done to civilians, then unrest, then the rest.
ACLED_PRIORITY = {sub: rank for rank, sub in enumerate((
    "Chemical weapon", "Suicide bomb", "Air/drone strike", "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED", "Grenade", "Government regains territory", "Non-state actor overtakes territory",
    "Armed clash", "Excessive force against protesters", "Sexual violence", "Mob violence",
    "Violent demonstration", "Attack", "Abduction/forced disappearance", "Protest with intervention", "Peaceful protest",
    "Looting/property destruction", "Arrests", "Disrupted weapons use", "Agreement",
    "Non-violent transfer of territory", "Headquarters or base established", "Change to group/activity", "Other"))}


def language_of(pipeline: object) -> Language:
    """``pipeline.nlp`` for a Polemos ``Pipeline``, or the object itself when it is a spaCy Language."""
    nlp = getattr(pipeline, "nlp", pipeline)
    if not isinstance(nlp, Language):
        raise TypeError(f"expected a Pipeline or a spaCy Language, got {type(pipeline).__name__}")
    return nlp


def event_docs(pipeline: object, texts: Sequence[str], *, published: dt.date | None = None,
               batch_size: int = 64) -> Iterable[tuple[Doc, list[EventMention]]]:
    nlp = language_of(pipeline)
    for doc in nlp.pipe(texts, batch_size=batch_size):
        found = doc._.polemos_events if Doc.has_extension("polemos_events") else None
        if found is None or published is not None:
            found = find_events(doc, published=published)
        yield doc, list(found)


def depth(doc: Doc, char: int) -> int:
    """How deep in its sentence's parse the token at ``char`` sits (0 = the root)."""
    token = doc.char_span(char, char + 1, alignment_mode="expand")
    if token is None or not len(token):
        return 99
    node, steps = token[0], 0
    while node.head.i != node.i and steps < 50:
        node, steps = node.head, steps + 1
    return steps


STATEMENT_ROOTS = frozenset({"express", "claim", "voice", "convey", "pay", "extend", "acknowledge", "admit",
                             "send", "offer"})
UNREAL = frozenset({"hypothetical", "conditional", "negated"})


def primary_event(doc: Doc, events: Sequence[EventMention], *, plain_first: bool = False,
                  facts_only: bool = False) -> EventMention | None:
    """The mention highest in the parse, then the surest; plain facts first when asked.

    ``facts_only`` (sentence classification) leaves out what did not or may not happen, and
    events told inside a statement ("claimed that they had attacked", "expressed condolences
    over the attack"), which CAMEO codes as the statement, not the event.
    """
    if facts_only:
        events = [e for e in events if not UNREAL & set(e.modality) and not _inside_statement(doc, e)]
    if not events:
        return None
    return min(events, key=lambda e: ((bool(e.modality) if plain_first else False),
                                      depth(doc, e.trigger.start), -e.confidence, e.trigger.start))


def primary_acled(events: Sequence[EventMention], *, doc: Doc | None = None,
                  reread: bool = True) -> EventMention | None:
    """The note's ACLED event: plain facts first, then the most severe ACLED kind, then the surest;
    its sub-event then re-read from the whole note (``coders.note.note_sub_event``) unless
    ``reread`` is False (what the pipeline itself gives a user)."""
    typed = [e for e in events if e.acled_sub_event_type]
    if not typed:
        return None
    main = min(typed, key=lambda e: (bool(set(e.modality) - {"ongoing", "historical"}),
                                     _in_relative_clause(doc, e) if doc is not None else False,
                                     not told(doc, e) if doc is not None else False,
                                     not (e.patient_heads or e.agent_heads) and e.acled_event_type in _BY_TARGET,
                                     ACLED_PRIORITY.get(e.acled_sub_event_type or "", 99), -e.confidence,
                                     e.trigger.start))
    return note_sub_event(main, typed, doc=doc) if reread else main


# sub-events that depend on who was hit: a mention without participants is a weak witness for them
_BY_TARGET = frozenset({"Battles", "Violence against civilians"})


def _inside_statement(doc: Doc, event: EventMention) -> bool:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    head = span.root
    root = head.sent.root
    if root.lemma_.lower() not in STATEMENT_ROOTS or head.i == root.i:
        return False
    return not (head.dep_ == "dobj" and head.head.i == root.i)


def _in_relative_clause(doc: Doc, event: EventMention) -> bool:
    """Background: "against the attack that targeted their colleagues"."""
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    node = span.root if span is not None and len(span) else None
    for _ in range(6):
        if node is None or node.head is node:
            return False
        if node.dep_ in ("relcl", "acl"):
            return True
        node = node.head
    return False
