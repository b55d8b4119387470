"""Attribution nouns of the quote finder: "Trump's claim that …", "his call for a ceasefire".

Place in the pipeline: ``quotes.find_quotes`` asks ``noun_site_parts`` about every noun whose
lemma is in ``data/speech_nouns.csv``; a noun is a cue only when the text names its holder
with a possessive (a noun with no holder — "the claim that …" — is nobody's attribution) and
says what it holds (a "that" clause, an infinitive, or a "for"/"of"/"on"… phrase).
"""
from __future__ import annotations

import csv
import functools
from importlib import resources

from spacy.tokens import Token

from polemos.errors import DataFileError
from polemos.extract.quotes._parse import TokenRange, trim_punct

NOUN_TABLE = "speech_nouns.csv"
HEADER = "lemma,source"
CONTENT_PREPS = frozenset({"for", "of", "on", "against", "about", "to"})


def parse_noun_rows(lines: list[str], *, path: str = NOUN_TABLE) -> frozenset[str]:
    """The noun lemmas of the CSV lines (``#`` lines are comments); DataFileError on a bad row."""
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not numbered or numbered[0][1].strip() != HEADER:
        raise DataFileError(path, numbered[0][0] if numbered else 1, f"header must be {HEADER}")
    lemmas: set[str] = set()
    for n, line in numbered[1:]:
        row = next(csv.reader([line]))
        if len(row) != 2 or not all(cell.strip() for cell in row):
            raise DataFileError(path, n, f"expected 2 non-empty cells, got {row!r}")
        lemmas.add(row[0].strip())
    return frozenset(lemmas)


@functools.cache
def attribution_nouns() -> frozenset[str]:
    """The shipped noun table (read once)."""
    text = resources.files("polemos.data").joinpath(NOUN_TABLE).read_text("utf-8")
    return parse_noun_rows(text.splitlines())


def noun_site_parts(noun: Token) -> tuple[Token, TokenRange, Token | None] | None:
    """(holder, content, content head) of an attribution noun, or None when it has no possessive
    holder or no content."""
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    if holder is None:
        return None
    for child in noun.children:
        if child.i <= noun.i:
            continue
        if child.dep_ in ("acl", "relcl", "ccomp") and any(
                c.dep_ in ("mark", "aux") and c.lower_ in ("that", "to") and c.i < child.i for c in child.children):
            return holder, trim_punct(noun.doc, TokenRange(child.left_edge.i, child.right_edge.i),
                                      keep_marks=True), child
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS and child.i == noun.i + 1:
            objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
            if objects:
                return holder, trim_punct(noun.doc, TokenRange(child.i, objects[-1].right_edge.i),
                                          keep_marks=True), None
    return None
