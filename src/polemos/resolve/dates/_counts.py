"""Four-digit numbers that count people or homes, not years: "1023 families fled", "1999 civilians".

The small model tags such numbers DATE, and a year read from them either invents a date (the
year 1023) or loses the figure. A number written with four digits is a count when a counted noun
comes straight after it (perhaps past an adjective: "1023 displaced families") and no word that
introduces a year comes before it ("in 1998 civilians fled", "the 1948 refugees" stay years).
Used by the date finder (to skip the span) and by the figures grammar (to read the count).
"""
from __future__ import annotations

import re

from spacy.tokens import Token

FOUR_DIGITS = re.compile(r"\d{4}")
# Plural nouns that casualty and displacement counts are made of (news counts people, families,
# households and homes); event nouns ("the 2011 protests") and things named by year are not here.
COUNTED_NOUNS = frozenset({
    "people", "persons", "individuals", "civilians", "families", "households", "residents", "inhabitants",
    "villagers", "refugees", "migrants", "idps", "returnees", "children", "women", "men", "girls", "boys",
    "students", "pupils", "soldiers", "troops", "fighters", "militants", "rebels", "insurgents", "police",
    "policemen", "officers", "protesters", "protestors", "demonstrators", "detainees", "prisoners", "hostages",
    "victims", "patients", "workers", "farmers", "herders", "passengers", "worshippers", "journalists",
    "homes", "houses", "dwellings", "shelters",
})
# Words that put a year after them: "in 1998 civilians fled", "since 2014 people have left".
YEAR_LEADS = frozenset({
    "in", "since", "until", "till", "by", "during", "before", "after", "from", "through", "throughout",
    "the", "early", "mid", "late", "fiscal", "year", "circa",
})
# What may stand between the number and its noun: "1023 more families", "1999 Syrian refugees".
_BETWEEN_TAGS = frozenset({"JJ", "JJR", "VBN", "VBG"})
_BETWEEN_WORDS = frozenset({"more", "other", "additional", "further"})


def is_head_count(token: Token) -> bool:
    """Is this four-digit number a count of the people or homes named right after it?"""
    if not FOUR_DIGITS.fullmatch(token.text):
        return False
    doc = token.doc
    if token.i > 0 and doc[token.i - 1].lower_ in YEAR_LEADS:
        return False
    for nxt in doc[token.i + 1:token.i + 4]:
        if nxt.lower_ in COUNTED_NOUNS:
            return True
        if not (nxt.tag_ in _BETWEEN_TAGS or nxt.lower_ in _BETWEEN_WORDS or nxt.ent_type_ == "NORP"):
            return False
    return False
