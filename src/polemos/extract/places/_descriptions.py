"""Descriptions of places: "the French capital" → Paris, "the capital" → the dateline's capital or the
focus country's, "the eastern city" → the one town named just before it.

Called by the place finder (``extract/places/__init__.py``) after names are resolved.
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter

from spacy.tokens import Doc, Token

from polemos.extract.places._divisions import dateline_capital
from polemos.resolve.gazetteer import GazEntry, Gazetteer, Mention, country_of_demonym, is_iso2

# Compass words that carve a region out of a country: "western Libya", "north-east Nigeria".
DIRECTIONS = frozenset({
    "northern", "southern", "eastern", "western", "central", "northeastern", "northwestern", "southeastern",
    "southwestern", "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "north-eastern", "north-western", "south-eastern", "south-western", "north-east", "north-west",
    "south-east", "south-west", "upper", "lower",
})

# Kinds of settlement a description may name: "the eastern city", "the northern town".
SETTLEMENT_NOUNS = frozenset({"city", "town", "village", "port", "capital", "oasis"})



def descriptions(doc: Doc, resolved: dict[Mention, GazEntry | None], focus: Counter,
                 gaz: Gazetteer, *, dateline: GazEntry | None = None) -> dict[Mention, GazEntry | None]:
    """"the French capital" → Paris; "the capital" → the focus country's capital; "the eastern city"."""
    found: dict[Mention, GazEntry | None] = {}
    taken = {i for m in resolved for i in range(m.start, m.end)}
    # settlements by first token, sorted once: "the eastern city" looks back a few sentences, and
    # scanning every resolved mention for each description made long articles quadratic
    named = sorted(((m.start, e) for m, e in resolved.items() if e is not None and e.feature in ("city", "locality")),
                   key=lambda pair: pair[0])
    towns = ([start for start, _ in named], [e for _, e in named])
    for token in doc:
        if token.lower_ not in SETTLEMENT_NOUNS or token.i in taken or token.i == 0:
            continue
        if token.i + 1 < len(doc) and (doc[token.i + 1].lower_ == "of" or doc[token.i + 1].pos_ in ("PROPN", "NOUN")):
            continue  # "the capital of Libya", "the capital city": the name follows and is its own mention
        start = token.i - 1
        modifier = doc[start] if doc[start].lower_ != "the" else None
        if modifier is not None:
            start -= 1
        if start < 0 or doc[start].lower_ != "the":
            continue
        entry = _describe(token.lower_, modifier, token, towns, focus, gaz, dateline)
        if entry is not None:
            found[Mention(start, token.i + 1, doc[start:token.i + 1].text, (entry,))] = entry
    return found


def _describe(noun: str, modifier: Token | None, token: Token, towns: tuple[list[int], list[GazEntry]],
              focus: Counter, gaz: Gazetteer, dateline: GazEntry | None = None) -> GazEntry | None:
    if noun == "capital":
        if modifier is not None:
            iso = country_of_demonym(modifier.text)
            return gaz.capital(iso) if iso else None
        filed_from = dateline_capital(dateline, gaz)  # "the capital" in a story filed from Kabul is Kabul
        if filed_from is not None:
            return filed_from
        iso = _dominant_country(focus)
        return gaz.capital(iso) if iso else None
    if modifier is None or modifier.lower_ not in DIRECTIONS:
        return None
    # "the eastern city": only when exactly one settlement was named in the three sentences before.
    sent_start = token.sent.start
    window_start = max(0, sent_start - 1)
    for _ in range(3):
        window_start = token.doc[window_start].sent.start
        if window_start == 0:
            break
        window_start -= 1
    starts, entries = towns
    recent = set(entries[bisect_left(starts, window_start):bisect_left(starts, token.i)])
    return next(iter(recent)) if len(recent) == 1 else None


def _dominant_country(focus: Counter) -> str | None:
    countries = {k: v for k, v in focus.items() if is_iso2(k)}
    if not countries:
        return None
    top, weight = max(countries.items(), key=lambda kv: kv[1])
    return top if weight >= 0.6 * sum(countries.values()) else None
