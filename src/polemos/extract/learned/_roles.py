"""The role head's reading: for one event trigger and one noun phrase of its sentence, is that
phrase who acted (``agent``), whom it was done to (``patient``), or neither (``none``)?

One unit is a (trigger, candidate) pair. Candidates are the heads of the sentence's noun phrases
and the nationality / organisation modifiers that name a side ("Russian shelling"). Features are
the dependency path between the two (labels, directions and the prepositions on it), the voice
of the trigger, what kind of participant the candidate is (armed, state, civilian, …), its
entity type, where it stands, and the rules' own verdict on it: the head is stacked on the rules
and learns where those are right. Dense part: the candidate's ``tok2vec`` vector (computed by the
parse anyway), unit length.
"""
from __future__ import annotations

import numpy as np
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from polemos.extract.events import participant_kind
from polemos.extract.learned._features import DENSE_SIZE
from polemos.mentions import EventMention

MAX_PATH = 4
NOT_PARTICIPANTS = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
SIDE_MODIFIERS = frozenset({"NORP", "GPE", "ORG"})
PREPOSITIONS = frozenset({"prep", "agent"})


def trigger_words(doc: Doc, event: EventMention) -> SpacySpan | None:
    """The tokens of an event's trigger (None when they do not align with tokens); ``.root`` is its head."""
    return words_at(doc, event.trigger.start, event.trigger.end)


def words_at(doc: Doc, start: int, end: int) -> SpacySpan | None:
    """The tokens covering characters ``start``–``end``, or None when there are none."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None or not len(span) else span


def candidates(sent: SpacySpan, trigger: Token, own: frozenset[int] = frozenset()) -> list[Token]:
    """Tokens of the sentence that could name a participant of the event at ``trigger``."""
    out = []
    for token in sent:
        if token.i == trigger.i or token.i in own:
            continue
        if token.ent_type_ in NOT_PARTICIPANTS or token.lower_ in ("who", "which", "that", "whom"):
            continue
        if token.pos_ in ("NOUN", "PROPN", "PRON") and token.dep_ not in ("compound", "flat"):
            out.append(token)
        elif token.dep_ in ("amod", "compound", "poss") and token.ent_type_ in SIDE_MODIFIERS:
            out.append(token)  # "Israeli airstrike", "Russia's attack"
    return out


def pair_features(trigger: Token, cand: Token, *, event_type: str, rule_role: str, has_actor: bool) -> list[str]:
    """Binary features of one (trigger, candidate) pair."""
    path, preps = _path(trigger, cand)
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in trigger.children)
    kind = participant_kind([cand]) or "other"
    pos = "N" if trigger.pos_ in ("NOUN", "PROPN") else "V"
    where = "before" if cand.i < trigger.i else "after"
    out = ["bias", f"RULE={rule_role}", f"T={event_type}", f"P={path}", f"TP={event_type}:{path}",
           f"VP={pos}:{'pass' if passive else 'act'}:{path}", f"K={kind}", f"KT={kind}:{event_type}",
           f"KP={kind}:{path}", f"D={cand.dep_}", f"DV={cand.dep_}:{'pass' if passive else 'act'}",
           f"E={cand.ent_type_ or '-'}", f"W={where}", f"WK={where}:{kind}", f"DIST={_bucket(abs(cand.i - trigger.i))}",
           f"L={cand.lemma_.lower()}", f"TL={trigger.lemma_.lower()}", f"A={has_actor}", f"RK={rule_role}:{kind}",
           f"CP={cand.pos_}", f"NUM={cand.tag_ in ('NNS', 'NNPS')}"]
    out += [f"PR={p}" for p in preps] + [f"PRT={p}:{event_type}" for p in preps]
    out += [f"M={c.lemma_.lower()}" for c in cand.children if c.dep_ in ("amod", "compound")][:3]
    return out


def pair_vector(cand: Token) -> np.ndarray:
    tensor = cand.doc.tensor
    if tensor is None or tensor.size == 0 or tensor.shape[-1] != DENSE_SIZE:
        return np.zeros(DENSE_SIZE, dtype=np.float32)
    vector = tensor[cand.i]
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else vector).astype(np.float32)


def _path(a: Token, b: Token) -> tuple[str, list[str]]:
    """The dependency path from ``a`` up to the common ancestor and down to ``b`` ("far" past
    ``MAX_PATH`` steps), and the prepositions on it ("by", "against")."""
    up = [a, *a.ancestors]
    down = [b, *b.ancestors]
    down_ids = {t.i: n for n, t in enumerate(down)}
    common = next((n for n, t in enumerate(up) if t.i in down_ids), None)
    if common is None:
        return "none", []
    rising, falling = up[:common], list(reversed(down[:down_ids[up[common].i]]))
    steps = [f"^{t.dep_}" for t in rising] + [f"v{t.dep_}" for t in falling]
    preps = [t.lower_ for t in (*rising, *falling) if t.dep_ in PREPOSITIONS]
    return ("far" if len(steps) > MAX_PATH else "".join(steps) or "self"), preps


def _bucket(distance: int) -> str:
    for limit in (1, 2, 5, 10):
        if distance <= limit:
            return str(limit)
    return "more"
