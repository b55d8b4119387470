"""Colon attributions: "Haftar: no ceasefire for now" (a headline) and "WALLACE: Let's start …"
(a transcript). Part of the quote finder (``quotes.py``), run once per paragraph.

A paragraph that opens with a short name-like phrase and a colon attributes the rest of the
paragraph to that phrase. Labels that are not speakers ("Photo:", "Update:", times such as
"12:05") are refused; the speaker must hold a noun and no verb.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from polemos.extract.quotes._parse import head_for_actor
from polemos.mentions import QuoteMention
from polemos.model import Span

MAX_SPEAKER_TOKENS = 6
MIN_CONTENT_WORDS = 3
NOT_SPEAKERS = frozenset({
    "photo", "photos", "video", "source", "sources", "note", "update", "updated", "related", "watch", "read",
    "see", "advertisement", "correction", "image", "caption", "credit", "tags", "topics", "click", "editor",
    "warning", "breaking", "exclusive", "analysis", "opinion", "live", "listen", "q", "a", "question", "answer",
    "subscribe", "follow", "contact", "email", "phone", "share", "more", "also", "file", "reporting", "writing",
    "editing", "by", "date", "time", "location", "summary", "background", "context", "tl;dr", "ps", "p.s.",
})
MARKS = "“”\"'‘’«»"


def colon_quotes(doc: Doc, text: str, paragraphs: list[tuple[int, int]]) -> list[QuoteMention]:
    """One quote per paragraph of the form "Speaker: words"."""
    out = []
    for start, end in paragraphs:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) < 3:
            continue
        quote = _colon_quote(doc, text, span.start, span.end)
        if quote is not None:
            out.append(quote)
    return out


def _colon_quote(doc: Doc, text: str, first: int, stop: int) -> QuoteMention | None:
    lead = first
    while lead < stop and (doc[lead].is_space or doc[lead].text in MARKS):
        lead += 1
    colon = next((i for i in range(lead, min(lead + MAX_SPEAKER_TOKENS + 1, stop)) if doc[i].text == ":"), None)
    if colon is None or colon == lead or not _speaker_like(doc[lead:colon]):
        return None
    body_start = colon + 1
    while body_start < stop and doc[body_start].is_space:
        body_start += 1
    body_end = stop - 1
    while body_end > body_start and (doc[body_end].is_space or doc[body_end].text in (".", ":")):
        body_end -= 1
    if body_end < body_start or len(doc[body_start:body_end + 1].text.split()) < MIN_CONTENT_WORDS:
        return None
    speaker = Span(doc[lead].idx, doc[colon - 1].idx + len(doc[colon - 1]),
                   text[doc[lead].idx:doc[colon - 1].idx + len(doc[colon - 1])])
    content_start, content_end = doc[body_start].idx, doc[body_end].idx + len(doc[body_end])
    kind = "direct" if text[content_start] in MARKS else "indirect"
    return QuoteMention(kind, Span(doc[colon].idx, doc[colon].idx + 1, ":"),
                        Span(content_start, content_end, text[content_start:content_end]),
                        speaker=speaker, speaker_head=_head(doc[lead:colon]).i)


def _speaker_like(tokens) -> bool:
    words = [t for t in tokens if not t.is_punct]
    if not words or words[0].lower_ in NOT_SPEAKERS or not words[0].text[:1].isupper():
        return False
    if any(t.pos_ in ("VERB", "AUX", "NUM") or t.like_num or "\n" in t.text for t in tokens):
        return False
    return any(t.pos_ in ("PROPN", "NOUN") for t in words)


def _head(tokens) -> Token:
    root = next((t for t in tokens if t.head.i < tokens.start or t.head.i >= tokens.end or t.head is t), tokens[-1])
    return head_for_actor(root)
