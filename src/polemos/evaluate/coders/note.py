"""One event told in several clauses: the ACLED sub-event of a whole note from all its mentions.

Place in the pipeline: used by ``event_select.primary_acled`` after it has picked the note's main
mention. An ACLED note (or a short report of one incident) describes ONE event across several
clauses — "students protested and burned the police station", "militants abducted the imam; his
body was found", "the army discovered and defused an IED" — so the sub-event depends on what the
other clauses add. The rules follow ACLED's codebook definitions (2019), not any one note:

* protesters' violence anywhere in the note (burning, looting, vandalism, riots, clashes with
  the police) makes a protest a *Violent demonstration*; a mutiny is one too;
* a note whose only harm is to property, with a non-armed target, is *Looting/property destruction*;
* an abduction or an arrest whose victims are found dead or executed is an *Attack*;
* an explosive that was found, defused or seized did not go off: *Disrupted weapons use*.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Token

from polemos.extract.events import participant_kind
from polemos.mentions import EventMention
from polemos.resolve.ontology import ACLED_EVENT_OF

# Harm to people (lemmas); a note without any is about property only.
HARM_WORDS = frozenset({
    "kill", "wound", "injure", "execute", "murder", "die", "dead", "death", "body", "corpse", "behead",
    "slit", "shoot", "beat", "torture", "rape", "hurt", "injury", "injured", "wounded", "abduct", "kidnap",
    "assault", "lynch", "assassinate", "assassination", "casualty", "fatality", "victim", "hostage",
    "clash", "exchange", "ambush", "fight", "gunfire", "skirmish", "whip", "flog", "threaten", "chase", "stab",
    "hack", "harass", "intimidate", "molest", "mistreat", "expel",
})
# Two armed sides: whatever else the note says, it was a battle (ACLED: Armed clash).
BATTLE_WORDS = frozenset({"repel", "repulse", "exchange", "firefight", "gunfight", "counterattack",
                          "counter-attack", "retaliate", "neutralize", "neutralise", "clash", "fighting",
                          "battle", "skirmish", "combat"})
# Death of a captive: turns an abduction or arrest into an attack.
LETHAL_WORDS = frozenset({"kill", "execute", "murder", "dead", "body", "corpse", "behead", "assassinate",
                          "execution", "killing", "slaughter"})
# Verbs under which a named explosive did not explode.
DISRUPT_VERBS = frozenset({"defuse", "dismantle", "discover", "uncover", "recover", "find", "detect",
                           "neutralize", "neutralise", "seize", "clear", "disarm", "destroy", "locate"})
EXPLOSIVE_SUBS = frozenset({"Remote explosive/landmine/IED", "Grenade"})
PROTESTER_VIOLENCE = frozenset({"Violent demonstration", "Mob violence", "Looting/property destruction"})
VIOLENT_WORDS = frozenset({"violent", "riotous", "rowdy", "angry"})
# Police action on a protest that did not turn violent (ACLED: Protest with intervention).
INTERVENTION_WORDS = frozenset({"intervene", "disperse", "gas", "baton", "teargas", "tear-gas", "arrest", "detain",
                                "cleared", "clear", "truncheon", "repress", "break"})
# Where a told act sits: the main clause, its conjuncts and their arguments (not "protested
# against the shooting", "in the context of the mutiny", "following last year's mutinies").
_TOLD_DEPS = frozenset({"ROOT", "conj", "nsubj", "nsubjpass", "amod", "compound", "dobj", "agent", "advcl", "xcomp",
                        "ccomp", "parataxis"})
MUTINY = frozenset({"mutiny", "mutineer", "mutinous", "mutinying"})


def note_sub_event(main: EventMention, typed: Sequence[EventMention], *, doc: Doc | None) -> EventMention:
    """``main`` re-typed from what the whole note says (see the module docstring)."""
    if doc is None:
        return main
    sub = main.acled_sub_event_type
    words = _plain_lemmas(doc)
    protest = any(e.acled_event_type == "Protests" and not e.modality for e in typed)
    if sub in ("Peaceful protest", "Armed clash", "Attack") and any(
            t.lower_ in MUTINY or t.lemma_.lower() in MUTINY for t in doc if _told(t)):
        return _retype(main, "Violent demonstration")
    if protest and sub in ("Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                           "Armed clash", "Attack", "Looting/property destruction", "Mob violence"):
        violent = [e for e in typed if not e.modality and _told(_head(doc, e)) and (
            e.acled_sub_event_type in PROTESTER_VIOLENCE or e.acled_sub_event_type in ("Armed clash", "Attack")
            and e.acled_sub_event_type == sub)]
        if violent:
            return _retype(main, "Violent demonstration")
        head = _head(doc, main)
        if head is not None and any(c.lower_ in VIOLENT_WORDS for c in head.children if c.dep_ == "amod"):
            return _retype(main, "Violent demonstration")  # "violent protests", "riotous demonstrations"
        if sub == "Peaceful protest" and words & INTERVENTION_WORDS:
            return _retype(main, "Protest with intervention")
    if sub in ("Attack", "Armed clash"):
        hit = _targets(doc, typed)
        if "armed" in hit or words & BATTLE_WORDS:
            return _retype(main, "Armed clash")
    if sub in ("Abduction/forced disappearance", "Arrests") and words & LETHAL_WORDS:
        return _retype(main, "Attack")
    if sub == "Attack" and not words & HARM_WORDS and any(
            e.acled_sub_event_type == "Looting/property destruction" for e in typed):
        return _retype(main, "Looting/property destruction")
    if sub in EXPLOSIVE_SUBS and _disrupted(doc, main):
        return _retype(main, "Disrupted weapons use")
    if sub in EXPLOSIVE_SUBS and any(e.acled_sub_event_type == "Armed clash" and e.agent_heads and not e.modality
                                     and _told(_head(doc, e)) for e in typed):
        return _retype(main, "Armed clash")  # a bomb as one means of an assault on a post or convoy
    return main


def _plain_lemmas(doc: Doc) -> frozenset[str]:
    """Lemmas of the note, leaving out what is denied ("no casualties", "nobody was killed")."""
    return frozenset(t.lemma_.lower() for t in doc if not _denied(t)) | frozenset(
        t.lower_ for t in doc if not _denied(t))


def _denied(token: Token) -> bool:
    """"no casualties", "was not killed", "nobody was hurt"."""
    for child in token.children:
        if child.dep_ == "neg" or child.lower_ in ("no", "never", "nobody", "none"):
            return True
        if child.dep_ in ("nsubj", "nsubjpass") and any(c.lower_ == "no" for c in child.children):
            return True
    return False


def told(doc: Doc, event: EventMention) -> bool:
    """Whether the note tells ``event`` as what happened (not a protest's cause or a background)."""
    return _told(_head(doc, event))


def _head(doc: Doc, event: EventMention) -> Token | None:
    span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _told(token: Token | None) -> bool:
    """Whether ``token`` is part of what the note tells happened, not a cause, aim or background."""
    node = token
    for _ in range(8):
        if node is None:
            return False
        headline = node.dep_ == "acl" and node.head.dep_ == "ROOT"  # "1 soldier killed in attack"
        if node.dep_ not in _TOLD_DEPS and not headline and not (node.dep_ == "pobj" and node.head.lower_ == "by"):
            return False
        if node.dep_ == "ROOT":
            return True
        node = node.head if node.dep_ != "pobj" else node.head.head
    return False


def _targets(doc: Doc, typed: Sequence[EventMention]) -> set[str]:
    """Who the note's plain, told attacks hit: ``armed`` (state or non-state forces), ``civilian``."""
    found = set()
    for event in typed:
        if event.type != "ASSAULT" or set(event.modality) - {"ongoing"} or not _told(_head(doc, event)):
            continue
        heads = [doc[i] for i in event.patient_heads]
        heads += [p for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "including"
                  for p in c.children if p.dep_ == "pobj" for p in (p, *p.conjuncts)]  # "seven people including five militiamen"
        kind = participant_kind(heads)
        if kind in ("armed", "state"):
            found.add("armed")
        elif kind == "civilian":
            found.add("civilian")
    return found


def _disrupted(doc: Doc, main: EventMention) -> bool:
    span = doc.char_span(main.trigger.start, main.trigger.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    node = span.root
    for _ in range(3):  # "defused an IED", "IEDs were uncovered", "discovered and defused an IED"
        if node.lemma_.lower() in DISRUPT_VERBS:
            return True
        if node.head is node:
            return False
        node = node.head
    return False


def _retype(main: EventMention, sub: str) -> EventMention:
    return dataclasses.replace(main, acled_event_type=ACLED_EVENT_OF[sub], acled_sub_event_type=sub)


__all__ = ["note_sub_event", "told"]
