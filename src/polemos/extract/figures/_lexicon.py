"""Word tables for the figures grammar: casualty words → kind, nouns → group, vague quantities.

Loaded once from ``polemos/data/figure_*.csv`` (each file records its source and licence in its
header) and cached as immutable mappings. ``trigger_kind`` is the one place that decides whether
a token names a casualty or displacement, including the few multi-word cues ("forced from their
homes", "shot dead", "lost their lives", "death toll") that need a look at the token's children.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from spacy.tokens import Token

from polemos.errors import DataFileError

KINDS = ("killed", "injured", "casualties", "displaced", "refugees", "trapped", "affected", "missing",
         "detained", "abducted", "besieged")
CONDITIONS = ("", "from_home", "shot_dead", "lose_claim", "death_toll")
QUANTITY_KINDS = ("about", "vague", "unspecified")

# Speech and estimate cues whose subject is the source of a figure in their clause.
SPEECH_LEMMAS = frozenset({
    "say", "tell", "report", "state", "announce", "claim", "estimate", "confirm", "add", "declare", "warn",
    "note", "explain", "allege", "insist", "indicate", "reveal", "record", "document", "count", "tally",
    "put", "brief", "quote", "write", "tweet", "disclose",
})
# Words that make a figure a running total rather than one incident's count.
CUMULATIVE_WORDS = frozenset({"since", "toll", "total", "overall", "already", "cumulative", "altogether", "tally"})
CUMULATIVE_PHRASES = (("so", "far"), ("to", "date"), ("thus", "far"), ("in", "total"), ("up", "to", "now"),
                      ("rose", "to"), ("risen", "to"), ("climbed", "to"), ("rise", "to"), ("reached",),
                      ("of", "the", "conflict"), ("of", "the", "war"), ("of", "the", "offensive"),
                      ("of", "the", "fighting"), ("of", "the", "crisis"), ("remain",))
UNREAL_ADVERBS = frozenset({"nearly", "almost", "narrowly"})
UNREAL_HEADS = frozenset({"attempt", "try", "threaten", "plan", "vow", "seek", "want", "fail", "aim", "intend"})
HOME_WORDS = frozenset({"home", "homes", "house", "houses", "village", "villages", "town", "towns", "land", "lands"})
LEAVE_LEMMAS = frozenset({"flee", "leave", "abandon", "evacuate"})


@dataclass(frozen=True, slots=True)
class Trigger:
    kind: str
    condition: str


def _rows(name: str) -> list[tuple[int, list[str]]]:
    """Non-comment CSV rows after the header, with their 1-based line numbers."""
    text = resources.files("polemos.data").joinpath(name).read_text("utf-8")
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    parsed = [(n, row) for (n, _), row in zip(lines, csv.reader(line for _, line in lines))]
    return parsed[1:]


@functools.cache
def triggers() -> Mapping[str, Trigger]:
    table: dict[str, Trigger] = {}
    for n, row in _rows("figure_lexicon.csv"):
        if len(row) != 3 or row[1] not in KINDS or row[2] not in CONDITIONS:
            raise DataFileError("polemos/data/figure_lexicon.csv", n, f"expected term,kind,condition; got {row}")
        table[row[0].lower()] = Trigger(row[1], row[2])
    return MappingProxyType(table)


@functools.cache
def groups() -> Mapping[str, str | None]:
    table: dict[str, str | None] = {}
    for n, row in _rows("figure_groups.csv"):
        if len(row) != 2 or not row[0]:
            raise DataFileError("polemos/data/figure_groups.csv", n, f"expected word,group; got {row}")
        table[row[0].lower()] = row[1] or None
    return MappingProxyType(table)


@functools.cache
def quantities() -> Mapping[tuple[str, ...], tuple[str, int | None]]:
    """Vague quantity phrases as word tuples → (kind, value)."""
    table: dict[tuple[str, ...], tuple[str, int | None]] = {}
    for n, row in _rows("figure_quantities.csv"):
        if len(row) != 3 or row[1] not in QUANTITY_KINDS or (row[1] != "unspecified") != row[2].isdigit():
            raise DataFileError("polemos/data/figure_quantities.csv", n, f"expected phrase,kind,value; got {row}")
        table[tuple(row[0].lower().split())] = (row[1], int(row[2]) if row[2] else None)
    return MappingProxyType(table)


@functools.cache
def precheck_words() -> frozenset[str]:
    """Every word whose presence in a sentence makes it worth walking the parse."""
    return frozenset(triggers()) | {"casualties", "casualty"}


def group_of(token: Token) -> str | None:
    """The group label of a noun ("soldiers" → soldiers); None for people in general or non-group words."""
    table = groups()
    for key in (token.lower_, token.lemma_.lower()):
        if key in table:
            return table[key]
    return None


def is_group_word(token: Token) -> bool:
    table = groups()
    return token.lower_ in table or token.lemma_.lower() in table


def trigger_kind(token: Token) -> str | None:
    """The figure kind this token names, or None; multi-word cues are checked on the parse."""
    table = triggers()
    trig = table.get(token.lower_) or table.get(token.lemma_.lower())
    if trig is None and token.pos_ == "VERB" and _to_death(token):
        return "killed"  # "beaten to death", "stabbed to death"
    if trig is None or not _condition_holds(trig.condition, token):
        return None
    if token.pos_ in {"VERB", "AUX"} and not _asserted(token):
        return None
    return trig.kind


def _asserted(verb: Token) -> bool:
    """"were not killed", "nearly lynched", "attempted to assassinate" state no casualty."""
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in UNREAL_ADVERBS) for c in verb.children):
        return False
    return not (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in UNREAL_HEADS)


def _to_death(verb: Token) -> bool:
    return any(c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in verb.children)


def _condition_holds(condition: str, token: Token) -> bool:
    if not condition:
        return True
    if condition == "from_home":  # "forced from their homes", "forced to flee"
        return any((c.lower_ == "from" and any(g.lower_ in HOME_WORDS for g in c.children))
                   or (c.dep_ == "xcomp" and c.lemma_.lower() in LEAVE_LEMMAS) for c in token.children)
    if condition == "shot_dead":
        return any(c.lower_ == "dead" for c in token.children) or (
            token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "dead")
    if condition == "lose_claim":  # "lost their lives", "claimed the lives of"
        return token.head.lemma_.lower() in {"lose", "claim", "take", "cost"}
    if condition == "death_toll":  # a bare "toll" in casualty reporting is the death toll
        return not any(c.lower_ in {"injury", "economic", "human", "road"} for c in token.children)
    return False
