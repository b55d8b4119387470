"""Context of a figure: its evidence span, its scope (one incident or a running total) and its source.

The source is the token of whoever the figure is attributed to, read only from the figure's own
sentence ("…, said Salame", "according to the UN", "humanitarian actors estimate that …") or, for a
sentence with no attribution of its own, from the next sentence of the same paragraph when that
one ends in a trailing attribution ("…: over 460 dead. Over half are women, said Salame."): news
style attributes a paragraph by its closing "said X". The token may be a pronoun ("he said"); the
assembler resolves it to an actor.
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from polemos.extract.figures._lexicon import CUMULATIVE_PHRASES, CUMULATIVE_WORDS, SPEECH_LEMMAS
from polemos.model import Span

SUBJECTS = frozenset({"nsubj", "nsubjpass"})


# Every function here that slices characters takes ``text``, the document's text read once by the
# caller: spaCy rebuilds ``Doc.text`` from all its tokens on each access, so reading it per sentence
# made long articles quadratic.


def evidence_span(sent: SpacySpan, *, text: str) -> Span:
    """The sentence without surrounding whitespace, as a contract Span."""
    tokens = [t for t in sent if not t.is_space]
    if not tokens:
        return Span(sent.start_char, sent.start_char, "")
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return Span(start, end, text[start:end])


def token_span(sent: SpacySpan, start: int, end: int, *, text: str) -> Span:
    doc = sent.doc
    a, b = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return Span(a, b, text[a:b])


def scope_of(sent: SpacySpan) -> str:
    """"cumulative" when the sentence speaks of a running total ("since", "so far", "death toll")."""
    words = [t.lower_ for t in sent]
    lemmas = {t.lemma_.lower() for t in sent}
    if CUMULATIVE_WORDS & set(words):
        return "cumulative"
    present = set(words)
    for phrase in CUMULATIVE_PHRASES:
        n = len(phrase)
        if n == 1 and phrase[0] in lemmas:
            return "cumulative"
        if phrase[0] in present and any(tuple(words[k:k + n]) == phrase for k, w in enumerate(words) if w == phrase[0]):
            return "cumulative"
    return "incident"


def source_in_sentence(sent: SpacySpan, anchor: Token) -> int | None:
    """Token index of the innermost speaker whose clause holds the figure, else None."""
    for ancestor in anchor.ancestors:
        if ancestor.lemma_.lower() in SPEECH_LEMMAS:
            speaker = _subject(ancestor, exclude=anchor)
            if speaker is not None:
                return speaker.i
    according = _according_to(sent)
    if according is not None:
        return according
    root = sent.root
    if root.lemma_.lower() in SPEECH_LEMMAS and anchor not in list(_subject_subtree(root)):
        speaker = _subject(root, exclude=anchor)
        if speaker is not None:
            return speaker.i
    return None


def trailing_source(sent: SpacySpan) -> int | None:
    """The speaker of a sentence that ends in its attribution ("…, said Salame." / "…, he said.")."""
    root = sent.root
    if root.lemma_.lower() not in SPEECH_LEMMAS:
        return None
    content = [c for c in root.children if c.dep_ in {"ccomp", "parataxis"} and c.i < root.i]
    speaker = _subject(root, exclude=None)
    if not content or speaker is None:
        return None
    return speaker.i


def same_paragraph(a: SpacySpan, b: SpacySpan, *, text: str) -> bool:
    """No blank line between the end of sentence ``a``'s words and the start of ``b``."""
    words = [t for t in a if not t.is_space]
    if not words:
        return False
    gap = text[words[-1].idx + len(words[-1].text):b.start_char]
    return gap.count("\n") < 2


def _subject(verb: Token, *, exclude: Token | None) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECTS and (exclude is None or exclude not in list(child.subtree)):
            # "1 reported missing": a counted subject is not a speaker
            if child.like_num or child.pos_ not in {"NOUN", "PROPN", "PRON"}:
                return None
            return child
    return None


def _subject_subtree(verb: Token) -> list[Token]:
    return [t for c in verb.children if c.dep_ in SUBJECTS for t in c.subtree]


def _according_to(sent: SpacySpan) -> int | None:
    for tok in sent:
        if tok.lower_ == "according":
            for child in tok.children:
                if child.lower_ == "to":
                    objects = [g for g in child.children if g.dep_ == "pobj"]
                    if objects:
                        return objects[0].i
            nxt = tok.i + 2
            if tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to" and nxt < sent.end:
                return _phrase_head(sent.doc[nxt]).i
    return None


def _phrase_head(token: Token) -> Token:
    while token.dep_ in {"compound", "amod", "det", "poss"} and token.head.i > token.i:
        token = token.head
    return token
