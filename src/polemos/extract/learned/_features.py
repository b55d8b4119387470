"""What the learned heads read: sparse words-and-parse features and the parser's own vectors.

One unit is a sentence (the evidence of an event), with the rules' verdict on it when there is
one: the heads are stacked on the rules and learn where those are right. Dense part: the mean of
the sm model's ``tok2vec`` vectors over the sentence (``doc.tensor``, computed by the parse
anyway, so it costs nothing extra), scaled to unit length.
"""
from __future__ import annotations

import numpy as np
from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from polemos.mentions import EventMention

CONTENT = frozenset({"NOUN", "VERB", "ADJ", "PROPN", "ADV", "NUM"})
NEGATION = frozenset({"not", "no", "never", "without", "deny", "neither", "nor", "fail", "refuse"})
DENSE_SIZE = 96


def sentence_features(sent: SpacySpan, rule: EventMention | None) -> list[str]:
    """Binary features of one sentence, given the rules' event in it (or None)."""
    out = ["bias"] + _rule_features(rule)
    content = [t for t in sent if t.pos_ in CONTENT and not t.is_stop]
    words = [_word(t) for t in content]
    out += [f"L={w}" for w in words]
    out += [f"B={a}_{b}" for a, b in zip(words, words[1:])]
    out += _clause_features(sent)
    out += [f"E={t.ent_type_}" for t in sent if t.ent_iob_ == "B"]
    out += [f"N={t.head.lemma_.lower()}" for t in sent if t.like_num and t.head.pos_ == "NOUN"]
    return out


def dense_features(sent: SpacySpan) -> np.ndarray:
    """The sentence's mean ``tok2vec`` vector, unit length (zeros when the parse kept none)."""
    tensor = sent.doc.tensor
    if tensor is None or tensor.size == 0 or tensor.shape[-1] != DENSE_SIZE:
        return np.zeros(DENSE_SIZE, dtype=np.float32)
    mean = tensor[sent.start:sent.end].mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm else mean).astype(np.float32)


def _rule_features(rule: EventMention | None) -> list[str]:
    if rule is None:
        return ["R=none"]
    out = [f"R={rule.type}", f"RM={rule.type}:{rule.mode}"]
    if rule.acled_sub_event_type:
        out.append(f"RA={rule.acled_sub_event_type}")
    out += [f"RQ={m}" for m in rule.modality]
    return out


def _clause_features(sent: SpacySpan) -> list[str]:
    root = sent.root
    out = [f"ROOT={root.lemma_.lower()}"]
    for child in root.children:
        if child.dep_ in ("dobj", "nsubj", "nsubjpass", "attr", "prep", "agent", "xcomp", "ccomp"):
            out.append(f"{child.dep_}={_word(child)}")
        if child.dep_ == "nsubjpass":
            out.append("PASSIVE")
    for t in sent:
        lemma = t.lemma_.lower()
        if t.dep_ == "neg" or lemma in NEGATION:
            out.append(f"NEG={lemma}")
        if t.tag_ == "MD":
            out.append(f"MD={lemma}")
        if t.pos_ == "SCONJ" and lemma in ("if", "unless"):
            out.append("IF")
        if t.tag_ == "VBD":
            out.append("PAST")
    return out


def _word(token: Token) -> str:
    if token.ent_type_ and token.pos_ == "PROPN":
        return f"<{token.ent_type_}>"
    if token.like_num:
        return "<NUM>"
    return token.lemma_.lower()
