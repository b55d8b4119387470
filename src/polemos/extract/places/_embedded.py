"""Place names inside other names: "Texas Department of Health", "Alexandria Police", "1935 Orchard
St., Alexandria".

Called by the place finder (``extract/places/__init__.py``) after its own mentions are collected. News
names places inside organisation names and street addresses; the geoparsing corpora count them
and so does a reader ("the Alexandria Police" says the story is in Alexandria). The rule is kept
narrow so as not to read "Paris Hilton" or "Jordan Peterson" as places: an organisation's leading
words count only when they are a country or a US state, or a name the document already uses as
a place; a town's name before a civic word ("Gainesville Police", "Dublin Mayor ...", in an
organisation or person entity); a country or state after "of" ("University of Kentucky"); an
address's last part when the gazetteer knows it. These mentions are compound
modifiers, never the object of "in"/"at", so they are never event places.
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from polemos.resolve.gazetteer import Gazetteer, Mention, county_states, normalize

MAX_PREFIX = 3  # "New York City Council", "District of Columbia Public Schools"

# Words that, right after a town's name, make the name a town's institution: "Gainesville Police",
# "Dublin Mayor Marilee ...", "Alexandria City Public Schools". A person is never "Paris Police".
CIVIC_WORDS = frozenset({
    "police", "mayor", "city", "county", "fire", "public", "school", "schools", "council", "sheriff",
    "township", "village", "borough", "town", "municipal", "department", "planning", "board", "library",
    "housing", "water", "utilities", "parks", "recreation", "chamber", "area", "community", "district",
    "commission", "commissioners", "selectmen", "aldermen", "zoning", "high", "elementary", "middle",
})


def organisation_places(doc: Doc, known: set[str], taken: set[int], gaz: Gazetteer) -> list[Mention]:
    """Leading place names of ORG entities; ``known`` holds the normalised names already read as places."""
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ not in ("ORG", "PERSON") or taken.intersection(range(ent.start, ent.end)):
            continue
        if ent.ent_id_:
            continue  # a known name from the entity ruler ("France 24", a KB actor): an actor, not a place
        mention = _leading_place(ent, known, gaz)
        if mention is not None:
            out.append(mention)
            taken.update(range(mention.start, mention.end))
    return out


def _leading_place(ent: SpacySpan, known: set[str], gaz: Gazetteer) -> Mention | None:
    doc = ent.doc
    start = ent.start + (doc[ent.start].lower_ == "the")
    for size in range(min(MAX_PREFIX, ent.end - start - 1), 0, -1):
        end = start + size
        part = doc[start:end]
        if not part[0].is_title and not part[0].is_upper:
            continue
        if doc[end - 1].is_punct:
            continue
        if county_states(part.text):
            # "Anderson County Sheriff's Office": the county (placed later), not a town called Anderson.
            return Mention(start, end, part.text, ())
        candidates = gaz.candidates(part.text)
        if not candidates:
            continue
        broad = any(c.feature == "country" or (c.feature == "admin1" and c.country == "US") for c in candidates)
        civic = doc[end].lower_ in CIVIC_WORDS
        if civic or (ent.label_ == "ORG" and (broad or normalize(part.text) in known)):
            return Mention(start, end, part.text, candidates)
    return _of_place(ent, known, gaz) if ent.label_ == "ORG" else None


def _of_place(ent: SpacySpan, known: set[str], gaz: Gazetteer) -> Mention | None:
    # "University of Kentucky", "State of Ohio", "Bank of America": the place after "of".
    doc = ent.doc
    ofs = [t.i for t in ent if t.lower_ == "of"]
    if not ofs:
        return None
    start, end = ofs[0] + 1, ent.end
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end or not doc[start].is_title:
        return None
    for stop in range(min(end, start + MAX_PREFIX), start, -1):  # "University of Kentucky Medical Center"
        text = doc[start:stop].text
        if county_states(text):
            return Mention(start, stop, text, ())
        candidates = gaz.candidates(text)
        broad = any(c.feature == "country" or (c.feature == "admin1" and c.country == "US") for c in candidates)
        if broad or (candidates and normalize(text) in known):
            return Mention(start, stop, text, candidates)
    return None


def address_place(span: SpacySpan, gaz: Gazetteer) -> Mention | None:
    """"1935 Orchard St., Alexandria": the part after the last comma, when the gazetteer knows it."""
    doc = span.doc
    commas = [t.i for t in span if t.text == ","]
    if not commas:
        return None
    start, end = commas[-1] + 1, span.end
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end or not doc[start].is_title:
        return None
    text = doc[start:end].text
    candidates = () if county_states(text) else gaz.candidates(text)
    return Mention(start, end, doc[start:end].text, candidates) if candidates else None
