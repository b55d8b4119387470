"""Places: find place names in a parsed Doc, resolve them against the gazetteer, and say which
places are where something happened.

Step ``polemos_places`` (after NER, before actors): GPE/LOC/FAC entities, a dateline, place names
after "in/at/near" that NER missed, and descriptions ("the French capital", "the capital", "the
eastern city") become ``Place`` records. Ambiguous names are resolved in two passes: the first by
population alone gives the document's country focus (countries, demonyms, states, places named),
the second weighs each candidate by that focus, by its distance to the other places of the
document, and by population. "Tripoli said" (a place name as the subject of a speech or action
verb) is an actor: its tokens go into ``metonyms`` and never into ``event_places``. US county names
are state evidence and get a point in their state (``place_counties.py``).
"""
from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from polemos.extract.places._chains import contains as contains  # re-exported for the assembler
from polemos.extract.places._chains import finest as finest
from polemos.extract.places._counties import county_focus, resolve_counties
from polemos.extract.places._descriptions import DIRECTIONS, descriptions
from polemos.extract.places._divisions import (
    AT_PARENT,
    bracketed_names,
    dateline_spans,
    division_names,
    division_of,
    division_word,
    here_mentions,
    unlisted_divisions,
)
from polemos.extract.places._embedded import address_place, organisation_places
from polemos.model import Place, Span
from polemos.resolve.gazetteer import (
    COUNTY_WORDS,
    GazEntry,
    Gazetteer,
    Mention,
    best,
    country_of_address,
    country_of_demonym,
    county_states,
    default_gazetteer,
    in_area,
    normalize,
    spatial_support,
)

# "Tripoli said", "Washington warned", "Moscow denied", "Ankara sent troops": the capital or country
# stands for its government, so the name is an actor here, not where anything happened.
METONYM_VERBS = frozenset({
    "say", "warn", "deny", "announce", "accuse", "urge", "claim", "insist", "reject", "condemn", "call",
    "demand", "threaten", "agree", "sign", "vow", "pledge", "respond", "retaliate", "impose", "sanction",
    "send", "deploy", "recognize", "recognise", "welcome", "criticize", "criticise", "blame", "dismiss",
    "refuse", "offer", "propose", "ask", "tell", "confirm", "state", "declare", "argue", "approve", "expel",
    "summon", "veto", "back", "support", "oppose", "protest", "denounce", "demand", "suspend", "recall",
    "negotiate", "decide", "want", "hope", "fear", "believe", "seek", "push", "press", "insist", "signal",
    "announce", "order", "allow", "ban", "block", "halt", "retort", "counter", "complain", "invite",
})

# Prepositions that put an action at a place: "fighting in Tripoli", "clashes near Tripoli".
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "around", "inside", "across", "into", "throughout",
                            "on", "off", "within", "towards", "toward", "from"})

# Nouns naming something that happens, so that "clashes near X" makes X an event place.
EVENT_NOUNS = frozenset({
    "fighting", "clash", "operation", "attack", "strike", "airstrike", "protest", "battle", "offensive",
    "bombing", "shelling", "meeting", "talk", "explosion", "blast", "raid", "ambush", "killing", "violence",
    "demonstration", "rally", "war", "conflict", "siege", "assault", "campaign", "massacre", "incident",
    "shooting", "fire", "arrest", "kidnapping", "abduction", "summit", "visit", "election", "riot",
})

# Feature → ACLED geo_precision (1: the town itself; 2: a part of a region / near a town; 3: a region or larger).
PRECISION = {"city": 1, "locality": 1, "other": 2, "admin2": 2, "admin1": 3, "region": 3, "country": 3}
PLACE_LABELS = ("GPE", "LOC", "FAC")
DATELINE_ENDS = frozenset({"-", "—", "–", "(", ":", "_"})


@dataclass
class PlaceFindings:
    places: list[Place] = field(default_factory=list)
    token_place: dict[int, str] = field(default_factory=dict)   # token index -> place id
    metonyms: list[tuple[int, int]] = field(default_factory=list)  # token ranges used as actors ("Tripoli said")
    warnings: list[str] = field(default_factory=list)
    event_places: list[str] = field(default_factory=list)  # place ids governed by in/at/near under an action
    demonyms: list[tuple[int, int, str]] = field(default_factory=list)  # token range, ISO2 ("French" -> FR)


def find_places(doc: Doc, *, gazetteer: Gazetteer | None = None) -> PlaceFindings:
    """Every place the document names or describes, resolved, with ids p1, p2... in order of first mention."""
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    mentions = name_mentions(doc, gaz)
    support = spatial_support(mentions)
    resolved = {m: best(m, Counter(), [], support) for m in mentions}
    # Each pass resolves with the focus of the last: a state named once ("Georgia" among Texas towns)
    # flips from the country to the state in pass two, and the towns near it follow in pass three.
    keys = {m: normalize(m.text) for m in mentions}
    for _ in range(2):
        focus = country_focus(doc, resolved, gaz)
        # A name is no evidence for itself: "Georgia" read as the country must not keep itself there.
        own = _focus_by_name(doc, resolved, keys, gaz)
        anchors_besides = _anchors_besides([(m, e) for m, e in resolved.items() if e is not None
                                            and len(m.candidates) == 1 and e.feature in ("city", "locality")])
        resolved = {m: best(m, focus - own.get(keys[m], Counter()), anchors_besides(m), support) for m in mentions}
    resolved.update(resolve_counties(resolved, focus, gaz))
    line = _dateline_entry(doc, resolved)
    resolved.update(descriptions(doc, resolved, focus, gaz, dateline=line))
    resolved.update(here_mentions(doc, line, {i for m in resolved for i in range(m.start, m.end)}))
    placed = unlisted_divisions(resolved, gaz)
    resolved.update(placed)
    findings = build_findings(doc, resolved, gaz)
    findings.warnings += [f"{m.division or 'place'} {m.text!r} is not in the gazetteer; placed in {m.qualifier}"
                          for m in placed]
    findings.demonyms = demonym_mentions(doc)
    return findings


def _dateline_entry(doc: Doc, resolved: dict[Mention, GazEntry | None]) -> GazEntry | None:
    """The place the story is filed from: the resolved mention at the dateline's place."""
    spans = dateline_spans(doc)
    if not spans:
        return None
    return next((e for m, e in resolved.items() if m.start <= spans[0].start < m.end), None)


def _focus_by_name(doc: Doc, resolved: dict[Mention, GazEntry | None], keys: dict[Mention, str],
                   gaz: Gazetteer) -> dict[str, Counter]:
    """Each ambiguous name's own share of the focus, from all its mentions. Grouped in one pass:
    filtering every mention against every other made long articles quadratic."""
    groups: dict[str, dict[Mention, GazEntry | None]] = {}
    for m, e in resolved.items():
        groups.setdefault(keys[m], {})[m] = e
    ambiguous = dict.fromkeys(keys[m] for m in keys if len(m.candidates) > 1)
    return {key: country_focus(doc, groups.get(key, {}), gaz, demonyms=False) for key in ambiguous}


def _anchors_besides(anchors: list[tuple[Mention, GazEntry]]) -> Callable[[Mention], list[GazEntry]]:
    """The anchor places for a mention: every anchor but the mention itself. ``best`` only looks
    for the nearest anchor, so one copy of each place is enough; the list then grows with the
    places an article names, not with how often it names them (else long articles are quadratic)."""
    counts = Counter(e for _, e in anchors)
    distinct = list(counts)
    own = {id(m): e for m, e in anchors}
    # a place only the mention itself anchors is dropped; one that others name too stays
    without = {e: [x for x in distinct if x != e] for e, n in counts.items() if n == 1}
    return lambda m: without.get(own.get(id(m)), distinct)


# --- finding mentions -------------------------------------------------------------------------

def name_mentions(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Place names: entities, a dateline, and gazetteer names after a locative preposition."""
    found: list[Mention] = []
    taken: set[int] = set()
    spans = [e for e in doc.ents if e.label_ in PLACE_LABELS]
    spans += [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP") and _after_locative(e)]
    spans += dateline_spans(doc) + _dateline(doc) + bracketed_names(doc, gaz) + division_names(doc, gaz)
    spans += _county_names(doc)
    for span in sorted(spans, key=lambda s: s.start):
        if taken.intersection(range(span.start, span.end)):
            continue
        mention = _mention(span, gaz)
        if mention is not None:
            found.append(mention)
            taken.update(range(mention.start, mention.end))
    found = _qualify(doc, found, gaz)
    found += _same_names(doc, found, taken, gaz)
    known = {normalize(m.text) for m in found if m.candidates}
    return found + organisation_places(doc, known, taken, gaz)


def _same_names(doc: Doc, found: list[Mention], taken: set[int], gaz: Gazetteer) -> list[Mention]:
    """One sense per document: a name tagged as a place once is a place wherever NER tagged it otherwise."""
    known = {normalize(m.text) for m in found if m.candidates and doc[m.start].ent_type_ in PLACE_LABELS}
    extra = []
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG") and normalize(ent.text) in known and not taken.intersection(
                range(ent.start, ent.end)):
            mention = _mention(ent, gaz)
            if mention is not None:
                extra.append(mention)
                taken.update(range(mention.start, mention.end))
    return extra


def demonym_mentions(doc: Doc) -> list[tuple[int, int, str]]:
    """"French", "Libyans": country adjectives and nouns (they set the focus; evaluations may score them)."""
    out = []
    for ent in doc.ents:
        if ent.label_ in ("NORP", "GPE"):
            iso = country_of_demonym(ent.text)
            if iso:
                out.append((ent.start, ent.end, iso))
    return out


def _after_locative(span: SpacySpan) -> bool:
    # NER calls small towns PERSON or ORG; after "in"/"near", or before ", Texas", a gazetteer name is a place.
    doc = span.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    if prev is not None and prev.lower_ in ("in", "near", "at", "outside") and span.label_ != "NORP":
        return True
    if span.label_ == "NORP":
        return False
    if span.end + 1 < len(doc) and doc[span.end].text == "," and doc[span.end + 1].ent_type_ == "GPE":
        return True
    # "Benghazi and Derna": conjoined with a place name.
    root = span.root
    return root.dep_ == "conj" and root.head.ent_type_ == "GPE"


def _dateline(doc: Doc) -> list[SpacySpan]:
    """"BEIRUT (Reuters) -", "COLUMBUS, Ohio —": capitals at the start of the body or of the text."""
    starts = [0] + [s.start for s in list(doc.sents)[1:3]]
    out = []
    for start in starts:
        end = start
        while end < min(len(doc), start + 5) and doc[end].is_upper and doc[end].is_alpha:
            end += 1
        if end > start and end < len(doc) and (doc[end].text in DATELINE_ENDS or doc[end].text == ","):
            out.append(doc[start:end])
    return out


def _county_names(doc: Doc) -> list[SpacySpan]:
    """"Rapides Parish", "Henry County": US county names, whatever NER made of them (often PERSON, NORP)."""
    out = []
    for token in doc:
        if token.lower_ in COUNTY_WORDS and token.is_title and token.i > 0:
            for size in (1, 2, 3):
                start = token.i - size
                if start >= 0 and doc[start].is_title and county_states(doc[start:token.i + 1].text):
                    out.append(doc[start:token.i + 1])
                    break
    return out


def _mention(span: SpacySpan, gaz: Gazetteer) -> Mention | None:
    """The place a span names, with the division word around it ("Helmand province") when there is one."""
    mention = _name_mention(span, gaz)
    if mention is None or county_states(mention.text):
        return mention
    return _with_division(span.doc, mention, gaz)


def _with_division(doc: Doc, m: Mention, gaz: Gazetteer) -> Mention:
    inner = division_word(doc[m.end - 1].text) if m.end - m.start > 1 else None
    if inner is not None and normalize(m.text).endswith(inner):  # "Helmand Province" tagged as one entity
        shorter = doc[m.start:m.end - 1].text
        candidates = gaz.candidates(shorter)
        if candidates:
            return dataclasses.replace(m, text=shorter, candidates=candidates, division=inner)
        return dataclasses.replace(m, division=inner)
    start, end, word = division_of(doc, m.start, m.end)
    return dataclasses.replace(m, end=end, division=word) if word else m


def _name_mention(span: SpacySpan, gaz: Gazetteer) -> Mention | None:
    doc = span.doc
    start, end = span.start, span.end
    while start < end and doc[start].lower_ in ("the", "a"):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
        end -= 1
    if start >= end:
        return None
    tokens = doc[start:end]
    qualifier = None
    if "," in tokens.text:  # "Alexandria, La." tagged as one entity
        head, _, tail = tokens.text.partition(",")
        qualifier = _qualifier_code(tail.strip(), gaz)
        text = head.strip()
        if qualifier is None and not gaz.candidates(text):
            return address_place(tokens, gaz)  # "1935 Orchard St., Alexandria"
    else:
        text = tokens.text
    if span.label_ == "NORP" or (country_of_demonym(text) and not gaz.country_named(text)):
        return None  # "French", "Sri Lankan": a demonym, counted in the focus, not a place mention
    # "Orange County": the US county, not a town that has the county among its alternate names.
    candidates = () if county_states(text) else gaz.candidates(text)
    region_of = None
    first_word = doc[start].lower_
    if not candidates and first_word in DIRECTIONS and end - start > 1:
        # "North Texas", "Northeast Georgia" tagged as one entity
        rest = gaz.candidates(doc[start + 1:end].text)
        if any(c.feature in ("country", "admin1") for c in rest):
            return Mention(start, end, doc[start + 1:end].text, rest, qualifier, first_word)
    if not candidates and span.label_ not in PLACE_LABELS and not county_states(text):
        return None
    if not candidates and qualifier is None and not county_states(text):
        # "Springfield City Area", "Dublin City Council": an unknown name that starts with a known
        # one is about that place; the mention shrinks to the known name.
        shrunk = _known_part(doc, start, end, gaz)
        if shrunk is not None:
            return shrunk
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.lower_ in DIRECTIONS and any(c.feature in ("country", "admin1") for c in candidates):
        region_of = before.lower_
        start -= 1
    return Mention(start, end, text, candidates, qualifier, region_of)


def _known_part(doc: Doc, start: int, end: int, gaz: Gazetteer) -> Mention | None:
    """The known place inside an unknown place-labelled name, or None.

    A prefix first: the head of "Springfield City Area" is its place, while the tail of "Liberty Park
    Area" is not. Then a name after compass words ("South Philadelphia", "East Oxford": a part of the
    city, at the city's point). Last, a country or US state anywhere inside ("United Way of America").
    """
    for size in range(end - start - 1, 0, -1):
        part = doc[start:start + size]
        if county_states(part.text):
            return Mention(start, start + size, part.text, ())  # "Montgomery County Democrats": the county
        candidates = gaz.candidates(part.text)
        if candidates:
            return Mention(start, start + size, part.text, candidates)
    head = start
    while head < end - 1 and doc[head].lower_.replace(".", "") in DIRECTIONS | {"se", "sw", "ne", "nw"}:
        head += 1
    if head > start:
        candidates = gaz.candidates(doc[head:end].text)
        if candidates:
            return Mention(head, end, doc[head:end].text, candidates)
    for size in range(end - start - 1, 0, -1):
        for a in range(start + 1, end - size + 1):
            part = doc[a:a + size]
            if not (part[0].is_title or part[0].is_upper):
                continue
            broad = tuple(c for c in gaz.candidates(part.text)
                          if c.feature == "country" or (c.feature == "admin1" and c.country == "US"))
            if broad:
                return Mention(a, a + size, part.text, broad)
    return None


def _qualifier_code(text: str, gaz: Gazetteer) -> str | None:
    """The ISO2 of a country, or the name of a state, province or district that ``text`` names."""
    candidates = gaz.candidates(text)
    for feature, code in (("country", "country"), ("admin1", "admin1"), ("admin2", "admin2")):
        found = next((getattr(e, code) for e in candidates if e.feature == feature and getattr(e, code)), None)
        if found:
            return found
    return None


def _qualify(doc: Doc, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """"Tripoli, Libya", "Nad Ali district, Helmand province", "Konduga ... of Borno state", "Touro
    (Gorom-Gorom, Oudalan)": a name followed by a comma (or "of", "in", a bracket) and a country or
    division is in it. A name the gazetteer lacks there keeps the qualifier, to be placed in it; after a
    bracket, which only ever says where a place is, a namesake elsewhere (Touro, Spain) gives way."""
    out = list(mentions)
    for i in range(len(out) - 1):
        m, nxt = out[i], out[i + 1]
        separator = doc[m.end].lower_ if m.end < len(doc) else ""
        if m.qualifier is not None or separator not in (",", "of", "in", "("):
            continue
        if separator == "(":  # the first name in the bracket that is a country or division
            closing = _closing(doc, m.end)
            code = next((c for later in out[i + 1:i + 4] if later.start < closing
                         and (c := _qualifier_code(later.text, gaz))), None)
        elif nxt.start == m.end + 1:
            code = _qualifier_code(nxt.text, gaz)
        else:
            continue
        if code is None:
            continue
        inside = tuple(c for c in m.candidates if in_area(c, code))
        if inside or (not m.candidates and not county_states(m.text)) or separator == "(":
            out[i] = dataclasses.replace(m, qualifier=code, candidates=m.candidates if inside or separator != "(" else ())
            # The qualifier itself is the state or country: "Albany, New York" is not New York City.
            broad = tuple(c for c in nxt.candidates if c.feature in ("country", "admin1"))
            if broad and separator != "(":
                out[i + 1] = dataclasses.replace(nxt, candidates=broad)
    return out


def _closing(doc: Doc, opening: int) -> int:
    return next((t.i for t in doc[opening:opening + 12] if t.text == ")"), opening)


def country_focus(doc: Doc, first: dict[Mention, GazEntry | None], gaz: Gazetteer, *,
                  demonyms: bool = True) -> Counter:
    """How strongly the document is about each country (ISO2) and US state (name)."""
    focus: Counter = Counter()
    for m, e in first.items():
        if e is None:
            # "Walton County", "Rapides Parish": American, and a name only one state has names the state.
            focus.update(county_focus(m.text))
            continue
        if e.feature == "country":
            focus[e.country] += 2
        elif e.feature == "admin1" and e.country:
            focus[e.country] += 2
        elif e.country:
            # A name with one candidate is good evidence; a name shared by many is weak.
            focus[e.country] += 1.0 if len(m.candidates) == 1 else 0.5
        if e.feature == "admin1" and e.admin1:
            focus[e.admin1] += 2
        if m.qualifier:
            focus[m.qualifier] += 2
    if demonyms:
        # "lfpress.ca": a country-code web address is where the paper is, and local news is local.
        site = _site_country(doc)
        if site:
            focus[site] += 2
    for ent in doc.ents if demonyms else ():
        if ent.label_ == "ORG":
            # "Indiana State Police", "Ohio Department of Transportation": a state's own body says where.
            state = _state_prefix(ent, gaz)
            if state is not None:
                focus[state] += 1
                focus["US"] += 1
        if ent.label_ == "NORP":
            iso = country_of_demonym(ent.text)
            if iso:
                focus[iso] += 1
    return focus


def _site_country(doc: Doc) -> str | None:
    article = doc._.polemos_article if doc.has_extension("polemos_article") else None
    if article is None:
        return None
    return country_of_address(article.url) or country_of_address(article.source)


def _state_prefix(ent: SpacySpan, gaz: Gazetteer) -> str | None:
    for size in (2, 1):
        if len(ent) > size and ent[size].is_title:
            for e in gaz.candidates(ent[:size].text):
                if e.feature == "admin1" and e.country == "US":
                    return e.admin1
    return None


# --- records ---------------------------------------------------------------------------------

def build_findings(doc: Doc, resolved: dict[Mention, GazEntry | None], gaz: Gazetteer) -> PlaceFindings:
    """Place records (one per distinct place, ids in order of first mention), token map, metonyms."""
    findings = PlaceFindings()
    groups: dict[tuple, list[Mention]] = {}
    records: dict[tuple, tuple[str, GazEntry | None, Mention]] = {}
    for m in sorted(resolved, key=lambda m: m.start):
        entry = resolved[m]
        if entry is None:
            if doc[m.start].ent_type_ == "FAC" or not m.text.strip():
                continue
            findings.warnings.append(f"place {m.text!r} not found in the gazetteer")
        key = _place_key(m, entry)
        groups.setdefault(key, []).append(m)
        records.setdefault(key, (m.text, entry, m))
    for number, key in enumerate(groups, start=1):
        pid = f"p{number}"
        text, entry, first = records[key]
        mentions = groups[key]
        findings.places.append(_place(pid, entry, first, mentions, doc))
        for m in mentions:
            for i in range(m.start, m.end):
                findings.token_place[i] = pid
            if _is_metonym(doc, m, entry):
                findings.metonyms.append((m.start, m.end))
            elif _is_event_place(doc, m) and pid not in findings.event_places:
                findings.event_places.append(pid)
    return findings


def _place_key(m: Mention, entry: GazEntry | None) -> tuple:
    if entry is None:
        return ("unknown", normalize(m.text))
    base = (entry.geonameid, entry.name, entry.lat, entry.lon)
    return ("region", m.region_of, *base) if m.region_of else base


def _place(pid: str, entry: GazEntry | None, first: Mention, mentions: list[Mention], doc: Doc) -> Place:
    spans = tuple(_span(doc, m) for m in mentions)
    if entry is None:
        return Place(pid, first.text, feature="other", precision=3, mentions=spans)
    if first.region_of:
        # "western Libya": a part of the country or state, located (precision 3) at its parent's point.
        return Place(pid, f"{first.region_of} {entry.name}", None, entry.lat, entry.lon, entry.country,
                     entry.admin1 if entry.feature != "admin1" else entry.name, "region", 3, spans,
                     entry.admin2 if entry.feature != "admin2" else entry.name)
    admin1 = entry.name if entry.feature == "admin1" else entry.admin1
    admin2 = entry.name if entry.feature == "admin2" else entry.admin2
    precision = 3 if entry.source == AT_PARENT else PRECISION.get(entry.feature, 3)  # at its province's point
    return Place(pid, entry.name, entry.geonameid, entry.lat, entry.lon, entry.country, admin1, entry.feature,
                 precision, spans, admin2)


def _span(doc: Doc, m: Mention) -> Span:
    # Span.text, not doc.text[...]: Doc.text rebuilds the whole text on every call.
    span = doc[m.start:m.end]
    return Span(span.start_char, span.end_char, span.text)


def _is_metonym(doc: Doc, m: Mention, entry: GazEntry | None) -> bool:
    """"Tripoli said", "Washington warned": a country or city name as subject of a speech/action verb."""
    if entry is None or m.region_of or entry.feature not in ("country", "city", "admin1"):
        return False
    root = doc[m.start:m.end].root
    if root.dep_ not in ("nsubj", "nsubjpass") and not (root.dep_ == "conj" and root.head.dep_ == "nsubj"):
        return False
    verb = root.head if root.dep_ != "conj" else root.head.head
    return verb.lemma_.lower() in METONYM_VERBS


def _is_event_place(doc: Doc, m: Mention) -> bool:
    """"fighting in Tripoli", "clashes near Tripoli": the place an action happened."""
    root = doc[m.start:m.end].root
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in LOCATIVE_PREPS:
        return False
    governor = prep.head
    if governor.pos_ in ("VERB", "AUX") or governor.lemma_.lower() in EVENT_NOUNS:
        return True
    # "attacked a checkpoint in Misrata": the object of an action, located by the phrase.
    return governor.dep_ in ("dobj", "nsubjpass") and governor.head.pos_ == "VERB"
