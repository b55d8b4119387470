"""Modality of an event mention: negated, hypothetical, conditional, future, historical, ongoing.

Precision first: a statement about an event that did not happen, may happen, is planned or
happened long ago must never reach the record as a plain fact. ``clause_chain`` walks from a
trigger up to its clause (through objects, prepositions, control verbs and conjunctions, but
not across reported-speech or relative-clause boundaries); ``modality`` reads the cues on
that chain: negation ("not", "no ceasefire", "failed to"), modals ("could", "would", "may"),
"if/unless" clauses, "will"/"plans to", perfect progressives and "since" ("has been fighting
since April"), and dates before the publication year or "former"/"ago".
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

CHAIN_DEPS = frozenset({"xcomp", "acomp", "conj", "pobj", "prep", "dobj", "nsubj", "nsubjpass", "attr",
                        "pcomp", "dative", "appos", "compound", "oprd", "agent", "acl"})
HYPOTHETICAL_MODALS = frozenset({"could", "would", "might", "may", "should", "must", "can", "ought"})
FUTURE_AUX = frozenset({"will", "shall", "'ll"})
FUTURE_HEADS = frozenset({"plan", "intend", "expect", "prepare", "aim", "schedule", "due", "set", "go",
                          "decide", "want", "hope", "wish", "propose"})
ATTEMPT_HEADS = frozenset({"seek", "try", "attempt", "threaten", "consider", "mull", "weigh", "contemplate",
                           "study", "explore", "hope"})
NEGATING_HEADS = frozenset({"fail", "refuse", "decline", "avoid", "stop", "cease", "halt", "abandon",
                            "postpone", "cancel", "deny", "prevent", "reject"})
HYPOTHETICAL_NOUNS = frozenset({"threat", "risk", "danger", "possibility", "verge", "prospect", "fear",
                                "chance", "likelihood", "plan", "call", "demand", "need", "attempt", "bid",
                                "proposal", "offer", "condition", "hope", "warning", "brink", "option",
                                "readiness", "willingness", "intention", "order", "request", "appeal"})
ONGOING_HEADS = frozenset({"continue", "keep", "remain", "persist"})
FUTURE_MODIFIERS = frozenset({"planned", "proposed", "upcoming", "future", "possible", "potential",
                              "imminent", "expected", "likely", "prospective", "threatened"})
HISTORICAL_WORDS = frozenset({"ago", "former", "previous", "past", "formerly", "once"})
CONDITION_MARKS = frozenset({"if", "unless", "provided", "providing", "whether"})
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those", "each"})
HAPPENED_MODIFIERS = frozenset({"previous", "recent", "past", "earlier", "last", "latest", "deadly"})
REALISING_VERBS = frozenset({"carry", "conduct", "commit", "perpetrate", "launch", "stage", "claim", "mount"})
# nouns whose own happening is the event's ("the resumption of the fighting", "a wave of attacks"); under
# any other noun ("responsibility for the bombing") a definite event is only referred to
ASPECT_NOUNS = frozenset({"resumption", "escalation", "outbreak", "renewal", "start", "beginning", "end", "surge",
                          "flare", "upsurge", "bout", "round", "wave", "series", "spate", "string", "continuation",
                          "halt", "cessation", "suspension", "day", "week", "month", "year", "night", "hour"})
# "the anniversary of the massacre": what is remembered happened long ago
REMEMBERING_NOUNS = frozenset({"anniversary", "commemoration", "remembrance", "memorial", "memory"})


def presupposed(noun: Token) -> bool:
    """Whether a noun event is taken as having happened: named definitely ("the attack", "Saturday's
    bombing", "these attacks", "the Bloody Sunday killings", "each explosion"), as past ("previous
    attacks") or as carried out ("attacks carried out by ..."). A definite description keeps its
    presupposition under "refused responsibility for", "plans to avenge" and the like."""
    modifiers = [noun, *(c for c in noun.children if c.dep_ == "compound")]
    for child in (c for m in modifiers for c in m.children):
        if child.dep_ == "det" and child.lower_ in DEFINITE_DETS or child.dep_ == "poss":
            return True
        if child.dep_ == "amod" and child.lower_ in HAPPENED_MODIFIERS:
            return True
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in REALISING_VERBS:
            return True
    return False


def referring_owner(trigger: Token) -> Token | None:
    """The noun a presupposed event hangs from ("denied responsibility for the bombing", "still hunting
    the ringleader of Saturday's attack"): the clause above it says what is done about the event, not
    whether it happened, so its negation, modals and aspect stop there."""
    if trigger.pos_ not in ("NOUN", "PROPN") or trigger.dep_ != "pobj" or not presupposed(trigger):
        return None
    owner = trigger.head.head
    if owner.i == trigger.i or owner.pos_ not in ("NOUN", "PROPN") or owner.lemma_.lower() in ASPECT_NOUNS:
        return None
    return owner


def clause_chain(trigger: Token) -> list[Token]:
    """The trigger and the heads that carry its clause's modality, innermost first."""
    chain = [trigger]
    token = trigger
    for _ in range(8):
        if token.dep_ not in CHAIN_DEPS or token.head.i == token.i:
            break
        token = token.head
        chain.append(token)
    return chain


def modality(trigger: Token, *, date: SpacySpan | None = None,
             published: dt.date | None = None) -> tuple[str, ...]:
    """The modality labels of one trigger (empty for a plain asserted fact)."""
    found: set[str] = set()
    chain = clause_chain(trigger)
    owner = referring_owner(trigger)
    if owner is not None:
        chain = [t for t in chain if t.i == trigger.i or t.i == trigger.head.i or t.i == owner.i]
        if owner.lemma_.lower() in REMEMBERING_NOUNS:
            found.add("historical")
    for position, node in enumerate(chain):
        _cues_on(node, below=chain[position - 1] if position else None, found=found)
    top = chain[-1]
    if top.dep_ == "advcl":
        mark = {c.lower_ for c in top.children if c.dep_ == "mark"}
        if mark & CONDITION_MARKS:
            found.add("conditional")
        elif any(c.dep_ == "aux" and c.tag_ == "TO" for c in top.children):
            found.add("hypothetical")  # a purpose clause: "fighting ... to take over the capital"
    if top.dep_ in ("xcomp", "ccomp") and top.head.lemma_.lower() in FUTURE_HEADS:
        found.add("future")
    if top.dep_ == "relcl":
        for c in top.children:
            if c.dep_ == "aux" and c.lower_ in HYPOTHETICAL_MODALS:
                found.add("hypothetical")
    sent = trigger.sent
    if sent.text.rstrip().endswith("?"):
        found.add("hypothetical")
    if date is not None:
        _date_cues(date, published=published, found=found)
    order = ("negated", "hypothetical", "conditional", "future", "historical", "ongoing")
    return tuple(m for m in order if m in found)


def _cues_on(node: Token, *, below: Token | None, found: set[str]) -> None:
    """Cues on one chain node; ``below`` is the chain node under it (None for the trigger)."""
    lemma = node.lemma_.lower()
    link = below.dep_ if below is not None else None
    if link in ("prep", "pobj", "acl", "compound") and lemma in HYPOTHETICAL_NOUNS and node.pos_ == "NOUN":
        found.add("hypothetical")
    if link in ("xcomp", "dobj") and lemma in NEGATING_HEADS and node.pos_ == "VERB":
        found.add("negated")
    if link in ("xcomp", "dobj") and lemma in ONGOING_HEADS and node.pos_ == "VERB":
        found.add("ongoing")
    if link == "xcomp" and lemma in FUTURE_HEADS and node.pos_ in ("VERB", "ADJ", "AUX"):
        found.add("future")
    if link in ("xcomp", "dobj", "pcomp") and lemma in ATTEMPT_HEADS:
        found.add("hypothetical")
    if node.tag_ == "VBG" and _progressive_present(node):
        found.add("ongoing")
    for child in node.children:
        dep, low = child.dep_, child.lower_
        if dep == "neg" or (dep == "det" and low == "no") or (dep == "advmod" and low in ("never", "no")):
            found.add("negated")
        elif dep == "aux" and child.tag_ == "MD":
            found.add("future" if low in FUTURE_AUX or child.lemma_ in FUTURE_AUX else "hypothetical")
        elif dep == "advcl" and {c.lower_ for c in child.children if c.dep_ == "mark"} & CONDITION_MARKS:
            found.add("conditional")
        elif dep == "amod" and low in FUTURE_MODIFIERS:
            found.add("hypothetical" if low in ("possible", "potential", "likely", "threatened") else "future")
        elif dep == "amod" and low in ("ongoing", "continuing", "continued"):
            found.add("ongoing")
        elif dep == "amod" and low in HISTORICAL_WORDS:
            found.add("historical")
        elif dep == "prep" and low == "since" and node.pos_ in ("VERB", "AUX", "NOUN"):
            found.add("ongoing")


def _progressive_present(verb: Token) -> bool:
    auxes = [c for c in verb.children if c.dep_ == "aux"]
    if any(a.lower_ == "been" for a in auxes):
        return any(a.lemma_ == "have" and a.tag_ in ("VBZ", "VBP") for a in auxes)
    return any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes)


def _date_cues(date: SpacySpan, *, published: dt.date | None, found: set[str]) -> None:
    words = {t.lower_ for t in date}
    if words & {"ago", "last", "previous"} and words & {"year", "years", "decade", "decades", "ago"}:
        found.add("historical")
    if words & {"next", "tomorrow", "coming"}:
        found.add("future")
    if date[0].lower_ == "since":
        found.add("ongoing")
    years = [int(y) for y in YEAR.findall(date.text)]
    if years and published is not None and max(years) < published.year:
        found.add("historical")
