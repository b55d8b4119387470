"""Divisions, datelines and "here": what a place name's neighbours say about it.

Called by the place finder (``extract/places/__init__.py``):

- ``division_of`` — "Nad Ali district", "Helmand Province", "the province of Helmand": the word
  that says a name is a province or a district, so the gazetteer's division of that type is chosen
  (``resolve.gazetteer.by_division``) over a town of the name;
- ``dateline_spans`` — the dateline's place as ``polemos.ingest`` found it (``metadata["dateline"]``:
  "KABUL, Afghanistan (March 3, 2014) –", "Geneva/Nairobi, 3 May 2024 –"), any capitalisation;
- ``here_mentions`` — "fighting here", "the capital": the dateline's place in a story filed from it.
"""
from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from polemos.resolve.gazetteer import DIVISION_WORDS, GazEntry, Gazetteer, Mention, county_states

AT_PARENT = "polemos: a division the gazetteer lacks, at its parent's point"

# "state media", "state television": "state" before these is the government, not a division
_STATE_OWNED = frozenset({"media", "television", "tv", "news", "agency", "radio", "broadcaster", "department",
                          "officials", "forces", "security", "run", "-", "owned", "funeral", "visit", "of"})


def division_word(word: str) -> str | None:
    """The division a word names ("provinces" → "province"), or None."""
    low = word.lower()
    if low in DIVISION_WORDS:
        return low
    return low[:-1] if low.endswith("s") and low[:-1] in DIVISION_WORDS else None


def division_of(doc: Doc, start: int, end: int) -> tuple[int, int, str | None]:
    """The mention's token range widened over its division word, and the word (None when none)."""
    if doc[end:end + 3].text.lower() == "local government area":  # Nigeria's LGAs
        return start, end + 3, "lga"
    if end < len(doc):
        word = division_word(doc[end].text)
        following = doc[end + 1] if end + 1 < len(doc) else None
        if word and not (word == "state" and following is not None and following.lower_ in _STATE_OWNED):
            return start, end + 1, word
    if start >= 2 and doc[start - 1].lower_ == "of":
        word = division_word(doc[start - 2].text)
        if word:  # "the province of Helmand": the name is the mention; the words before only say what it is
            return start, end, word
    return start, end, None


def dateline_spans(doc: Doc) -> list[SpacySpan]:
    """The dateline's place, from the article's metadata (set by ``polemos.ingest``)."""
    article = doc._.polemos_article if doc.has_extension("polemos_article") else None
    line = (getattr(article, "metadata", None) or {}).get("dateline") or {}
    start, end = line.get("place_start"), line.get("place_end")
    if not isinstance(start, int) or not isinstance(end, int):
        return []
    span = doc.char_span(start, end, alignment_mode="expand")
    return [span] if span is not None and len(span) <= 6 else []


def here_mentions(doc: Doc, dateline: GazEntry | None, taken: set[int]) -> dict[Mention, GazEntry]:
    """"here" in a story filed from the dateline's town is that town."""
    if dateline is None or dateline.feature not in ("city", "locality"):
        return {}
    return {Mention(t.i, t.i + 1, t.text, (dateline,)): dateline for t in doc
            if t.lower_ == "here" and t.i not in taken and t.dep_ in ("advmod", "pobj", "npadvmod")
            and t.head.lemma_ not in _SPEECH}


# "a spokesman said here": where the words were said, which is no event's place
_SPEECH = frozenset({"say", "tell", "announce", "add", "state", "report", "speak", "confirm", "quote"})


def dateline_capital(dateline: GazEntry | None, gaz: Gazetteer) -> GazEntry | None:
    """The dateline's town when it is its country's capital: "the capital" in a story filed from Kabul."""
    if dateline is None or not dateline.country:
        return None
    capital = gaz.capital(dateline.country)
    return dateline if capital is not None and capital.geonameid == dateline.geonameid else None


def unlisted_divisions(resolved: dict[Mention, GazEntry | None], gaz: Gazetteer) -> dict[Mention, GazEntry]:
    """A name the gazetteer lacks, placed in the division or country that qualifies it:
    "Nad-e Ali district, Helmand province" is a district of Helmand, "Imiougou, Bam Province" a place
    in Bam, both at their parent's point — rather than an unknown name that hides the province."""
    out = {}
    for m, entry in resolved.items():
        if entry is not None or not m.qualifier:
            continue
        parent = _parent(m.qualifier, gaz)
        if parent is None:
            continue
        level = DIVISION_WORDS.get(m.division or "", 0)
        feature = ("admin2" if level == 2 and parent.feature == "admin1" else
                   "admin1" if level == 1 and parent.feature == "country" else "other")
        admin1 = parent.admin1 if parent.feature in ("admin1", "admin2") else (m.text if feature == "admin1" else None)
        admin2 = parent.admin2 if parent.feature == "admin2" else (m.text if feature == "admin2" else None)
        out[m] = GazEntry(None, m.text, parent.lat, parent.lon, parent.country, admin1, feature, 0, AT_PARENT,
                          admin2, m.division)
    return out


def _parent(code: str, gaz: Gazetteer) -> GazEntry | None:
    """The division (by name) or country (by ISO2) a qualifier names."""
    if len(code) == 2 and code.isupper():
        country = gaz.country(code)
        return country.entry if country is not None else None
    return next((e for e in gaz.candidates(code) if (e.feature == "admin1" and e.admin1 == code)
                 or (e.feature == "admin2" and e.admin2 == code)), None)


def bracketed_names(doc: Doc, gaz: Gazetteer) -> list[SpacySpan]:
    """"near Touro (Gorom-Gorom, Oudalan)", "Tin-Akoff (Oudalan, Sahel)": names in brackets after a
    name, the places it lies in, found whatever NER made of them (the gazetteer must know them)."""
    out = []
    for token in doc:
        if token.text != "(" or token.i == 0 or not (doc[token.i - 1].is_title or doc[token.i - 1].is_upper):
            continue
        close = next((t.i for t in doc[token.i + 1:token.i + 12] if t.text == ")"), None)
        if close is None:
            continue
        start = token.i + 1
        for k in range(token.i + 1, close + 1):
            if doc[k].text in (",", ")"):
                part = doc[start:k]
                if 0 < len(part) <= 4 and part[0].is_title and gaz.candidates(part.text):
                    out.append(part)
                start = k + 1
    return out


_JOINERS = frozenset({"-", "e", "ye", "i", "al", "el", "ad", "as", "ash", "an", "ar", "az", "de", "du", "la"})


def division_names(doc: Doc, gaz: Gazetteer) -> list[SpacySpan]:
    """"Nad-e Zari district", "Gao region", "Bam Province": the name before a division word, whatever NER
    made of it (the small model misses most district names). Labelled GPE: a division name the
    gazetteer lacks is still a place, placed later by what qualifies it — so one it lacks is taken only
    after "in", "near", ... or before ", <place>" / "of <place>" ("the Police Department" is no place)."""
    out = []
    for token in doc:
        if token.i == 0 or division_word(token.text) is None or token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "of":
            continue
        start = token.i
        while start > 0 and token.i - start < 5 and (doc[start - 1].is_title or doc[start - 1].is_upper
                                                     or doc[start - 1].lower_ in _JOINERS):
            start -= 1
        while start < token.i and not (doc[start].is_title or doc[start].is_upper):
            start += 1
        if start == token.i or doc[start].lower_ in ("the", "a", "an", "in", "of"):
            continue
        name = doc[start:token.i]
        if county_states(doc[start:token.i + 1].text):
            continue  # "Rapides Parish": a US county (``_counties``)
        if gaz.candidates(name.text) or _placed_by_context(doc, start, token.i + 1):
            out.append(SpacySpan(doc, start, token.i, label="GPE"))
    return out


def _placed_by_context(doc: Doc, start: int, end: int) -> bool:
    before = doc[start - 1].lower_ if start else ""
    after = doc[end:end + 2]
    qualified = len(after) == 2 and after[0].lower_ in (",", "of") and (after[1].is_title or after[1].is_upper)
    return before in ("in", "near", "at", "outside", "across", "around", "of") or qualified
