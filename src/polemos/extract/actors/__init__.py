"""Actors: who is named, described or referred to in an article, and which words refer to whom.

Runs after spaCy (entities, parse) and the place finder, before quotes, events and figures,
which map their speakers, agents and sources to actors through ``token_actor``. Three passes
over the document, all dict look-ups:

1. names: PERSON / ORG entities, NORP used as a noun ("Libyans"), places used for their
   government ("Tripoli said"); each grouped with the others naming the same actor (KB id,
   surname after a full name, acronym defined in the text) and described by its title,
   apposition or relative clause (``actor_context``);
2. descriptions (``actor_descriptions``): "the Haftar-led army", "the French presidential
   office", "an official", "Libyan forces", "gunmen"; then demonyms standing for their state
   ("A Russian missile hit", ``actor_demonym_refs``);
3. pronouns: "he" / "she" to a person, "they" only when a single group fits.

Actor ids are "a1", "a2", … in order of first mention. Nothing here invents an actor for a
sentence that names or describes none.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from polemos.extract.actors import _descriptions as descriptions
from polemos.extract.actors._context import demonym_country, facts_after, facts_before, name_start
from polemos.extract.actors._demonym_refs import add_demonym_refs
from polemos.extract.actors._lexicon import (
    LIGHT_VERBS,
    RECIPIENT_VERBS,
    capitals,
    demonyms,
    iso2_to_iso3,
    state_names,
)
from polemos.extract.actors._registry import Cluster, Registry
from polemos.extract.places import PlaceFindings
from polemos.model import Actor, Span
from polemos.resolve.actor_kb import ActorKB, normalise_name

# Verbs whose subject, when it is a place, stands for the government seated there.
_ACTING_VERBS = frozenset({
    "say", "tell", "announce", "warn", "condemn", "reject", "demand", "send", "deploy", "impose", "sanction",
    "recognise", "recognize", "expel", "support", "back", "agree", "sign", "launch", "attack", "strike", "seek",
    "call", "want", "refuse", "respond", "retaliate", "offer", "pledge", "approve", "order", "summon", "accuse",
    "deny", "urge", "threaten", "insist", "vow", "declare", "claim", "criticise", "criticize", "welcome",
    "negotiate", "talk", "meet", "cooperate", "fight", "clash", "talks", "negotiations", "meeting",
    "agreement", "deal", "war", "treaty", "relations",
})


# "France is ready to": a state described as willing is acting.
_WILLING = frozenset({"ready", "willing", "prepared", "determined", "eager", "keen", "reluctant", "unwilling",
                      "committed", "able", "unable"})
# Nouns that make "between Syria and Iraq" a relation of two actors, not a stretch of land.
_RELATION_NOUNS = frozenset({"mediation", "dispute", "conflict", "ceasefire", "war", "relations", "talks", "tension",
                             "tensions", "rift", "border", "agreement", "deal", "treaty", "meeting", "summit"})
# Verbs whose object or "to"-phrase is a destination or a route: "left Iraq", "flew to France".
_MOTION_VERBS = frozenset({
    "go", "come", "travel", "return", "flee", "fly", "move", "arrive", "head", "migrate", "escape", "relocate",
    "leave", "enter", "cross", "reach", "tour", "journey", "march", "sail", "drive", "walk", "transit", "spread",
    "extend", "stretch", "border", "roam", "smuggle", "deport", "evacuate", "divide", "occupy", "control",
    "annex", "liberate", "capture", "seize", "rule", "govern", "overrun", "take", "retake", "hold",
    "invade", "visit", "bomb", "shell", "strike", "hit", "attack",
})
_REGION_WORDS = frozenset({"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
                           "northeastern", "northwestern", "southeastern", "southwestern", "rural", "coastal"})
# Nouns whose "to"-phrase names a receiving state: "aid to Romania", "an apology to Brazil".
_TRANSFER_NOUNS = frozenset({"aid", "assistance", "support", "loan", "loans", "grant", "help", "offer", "apology",
                             "message", "letter", "appeal", "request", "ultimatum", "warning", "threat", "sale",
                             "arms", "exports", "shipment", "delivery", "donation", "credit", "visit"})
# Nouns naming what a state does: "Turkey's efforts", "Haiti's decision".
_DEED_NOUNS = frozenset({"effort", "decision", "call", "offer", "plan", "proposal", "demand", "refusal", "support",
                         "policy", "position", "response", "stance", "bid", "attempt", "move", "request", "threat",
                         "warning", "statement", "announcement", "invasion", "attack", "occupation", "withdrawal",
                         "record", "role", "involvement", "intervention", "commitment", "pledge", "promise",
                         "accusation", "claim", "recognition", "rejection", "approval", "ban", "sanction"})


@dataclass
class ActorFindings:
    actors: list[Actor] = field(default_factory=list)
    token_actor: dict[int, str] = field(default_factory=dict)  # token index -> actor id (names, pronouns, descriptions)
    warnings: list[str] = field(default_factory=list)


def find_actors(doc: Doc, *, kb: ActorKB | None = None, published: dt.date | None = None,
                places: PlaceFindings | None = None) -> ActorFindings:
    """Every actor the article names or describes, with the tokens that refer to each."""
    registry = Registry(kb or ActorKB.load(), published, doc=doc)
    registry.focus_country = _focus_country(places)
    metonyms = _metonym_tokens(doc, places)
    _add_names(doc, registry, metonyms, places)
    descriptions.add_descriptions(doc, registry)
    add_demonym_refs(doc, registry)
    descriptions.add_pronouns(doc, registry)
    return _finish(doc, registry)


def _focus_country(places: PlaceFindings | None) -> str | None:
    """The state most of the article's place mentions lie in (ties: the first named); None when none."""
    if places is None:
        return None
    counts: dict[str, int] = {}
    for place in places.places:
        if place.country:
            counts[place.country] = counts.get(place.country, 0) + len(place.mentions)
    if not counts:
        return None
    return iso2_to_iso3().get(max(counts, key=lambda c: counts[c]))


def _metonym_tokens(doc: Doc, places: PlaceFindings | None) -> set[int]:
    if places is None:
        return set()
    return {i for start, end in places.metonyms for i in range(start, end)}


# --- pass 1: names ---------------------------------------------------------------------------

def _add_names(doc: Doc, registry: Registry, metonyms: set[int], places: PlaceFindings | None) -> None:
    surnames = _surname_keys(doc, registry)
    registry.surnames = surnames
    acronyms: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            _add_person(ent, registry, surnames)
        elif ent.label_ == "ORG":
            _add_organization(ent, registry, acronyms)
        elif ent.label_ == "NORP":
            _add_people(ent, registry)
        elif ent.label_ in ("GPE", "LOC") and (ent.start in metonyms or _acts(ent, state=_is_state(ent))):
            _add_state(ent, registry, places)
    _add_bare_surnames(doc, registry, surnames, {i: len(ent) for ent in doc.ents for i in range(ent.start, ent.end)})


def _surname_keys(doc: Doc, registry: Registry) -> dict[str, str | None]:
    """Last name -> key of the full name it abbreviates; None when two full names share it."""
    keys: dict[str, str | None] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start, _ = name_start(ent)
        words = normalise_name(doc[start:ent.end].text).split()
        if len(words) < 2:
            continue
        key = registry.person_key(doc[start:ent.end].text)
        if keys.get(words[-1], key) != key:
            key = None
        keys[words[-1]] = key
    return keys


def _add_person(ent: SpacySpan, registry: Registry, surnames: dict[str, str | None]) -> None:
    start, inner_title = name_start(ent)
    text = ent.doc[start:ent.end].text
    words = normalise_name(text).split()
    if not words:
        return
    key = None
    if len(words) == 1:
        if words[0] in surnames and surnames[words[0]] is None:
            registry.warn(f"{text!r} at character {ent.start_char}: two people in the article share this surname; "
                          "the nearest full name was not chosen")
            return
        key = surnames.get(words[0])
    cluster = registry.person(text, key=key)
    if cluster.kind not in ("person", "unknown"):  # the KB says this "person" is an organisation
        registry.mention(cluster, start, ent.end)
        return
    facts = facts_before(ent, start, inner_title, lower=registry.sentence_start(ent.start)).merged(facts_after(ent))
    registry.mention(cluster, start, ent.end)
    if facts.title_tokens:
        registry.attach_tokens(cluster, *facts.title_tokens)
    if facts.description:
        registry.mention(cluster, *facts.description, description=True)
    registry.learn(cluster, facts)


def _add_organization(ent: SpacySpan, registry: Registry, acronyms: dict[str, str]) -> None:
    doc = ent.doc
    start = ent.start + (1 if doc[ent.start].lower_ == "the" and len(ent) > 1 else 0)
    end = next((t.i for t in doc[start + 1:ent.end] if t.text == "("), ent.end)  # "Accord (GNA" in one entity
    text = doc[start:end].text
    key = acronyms.get(normalise_name(text))
    cluster = registry.organization(text, key=key)
    if cluster.country is None and cluster.kb_id is None:
        cluster.country = _owner_country(ent)  # "Israel's Cabinet", "US Congress"
    registry.mention(cluster, start, end)
    acronym = _defined_acronym(doc, end)
    if acronym is not None:
        acronyms[normalise_name(acronym)] = cluster.key
        if end < ent.end:  # the acronym inside the entity is a mention too
            registry.mention(cluster, end + 1, end + 2)
    root = ent.root  # "the state-owned TV network France 24": the description is a mention too
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and not root.head.ent_type_ and root.head.i < ent.start:
        registry.mention(cluster, root.head.left_edge.i, root.head.i + 1, description=True)
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not child.ent_type_ and child.i >= ent.end:
            registry.mention(cluster, child.left_edge.i, child.right_edge.i + 1, description=True)


def _owner_country(ent: SpacySpan) -> str | None:
    for child in ent.root.children:
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < ent.start:
            country = demonym_country(child)
            if country:
                return country
    return None


def _defined_acronym(doc: Doc, end: int) -> str | None:
    """"Government of National Accord (GNA)": the acronym written in brackets after a name."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        candidate = doc[end + 1].text
        if candidate.isupper() and 2 <= len(candidate) <= 8:
            return candidate
    return None


def _add_people(ent: SpacySpan, registry: Registry) -> None:
    """NORP as a noun ("the Houthis said", "Libyans fled"); as an adjective it only gives a country."""
    root = ent.root
    if root.pos_ not in ("NOUN", "PROPN") or root.dep_ in ("amod", "compound", "poss", "nmod"):
        return
    if root.tag_ not in ("NNS", "NNPS") and not root.text.endswith("s"):
        return
    start = ent.start + (1 if ent.doc[ent.start].lower_ == "the" and len(ent) > 1 else 0)
    text = ent.doc[start:ent.end].text
    entry = registry.kb_match(text)
    if entry is not None and entry.kind != "country":
        cluster = registry.from_entry(entry)
    else:
        country = demonyms().get(text.lower()) or next(  # "Iraqi Kurds": the state is the adjective's
            (demonym_country(c) for c in root.children if c.dep_ == "amod" and demonym_country(c)), None)
        cluster = registry.generic(f"people:{normalise_name(text)}", text, kind="group", country=country, sector="CVL")
    registry.mention(cluster, start, ent.end)


def _acts(ent: SpacySpan, *, state: bool = False) -> bool:
    """A place acting stands for its government: "Washington warned Moscow", "talks with Israel".

    ``state``: the place is a whole state (not a city), which may also be an actor as the object of
    any verb but a verb of motion ("give Tanzania a grant", "defend Saudi Arabia"), the receiver
    after "to" ("hand over to Great Britain"), the owner of a deed ("Turkey's efforts") or the
    subject of "is ready to" — positions where a city is still usually a place.
    """
    root = ent.root
    head = root.head
    if root.dep_ in ("nsubj", "agent") and head.pos_ in ("VERB", "AUX") and head.lemma_ not in LIGHT_VERBS:
        return True
    if root.dep_ == "nsubj" and head.lemma_ == "be" and any(
            c.dep_ == "acomp" and c.lower_ in _WILLING for c in head.children):
        return True  # "France is ready to contribute troops"
    if root.dep_ == "dobj" and head.lemma_ in RECIPIENT_VERBS:
        return True
    if root.dep_ == "pobj" and head.lower_ in ("with", "against", "by", "between") and \
            head.head.pos_ in ("VERB", "NOUN"):
        return head.head.lemma_ in _ACTING_VERBS or head.head.lemma_ in RECIPIENT_VERBS or head.lower_ == "by" or \
            head.head.lemma_ in _RELATION_NOUNS
    if state and _acts_as_state(root):
        return True
    if root.dep_ == "conj":
        first = root.head
        while first.dep_ == "conj":
            first = first.head
        return first.ent_type_ in ("GPE", "NORP", "ORG", "PERSON") and \
            first.dep_ in ("nsubj", "dobj", "pobj", "dative", "poss") and \
            _acts(first.doc[first.i:first.i + 1], state=state)
    return False


def _acts_as_state(root: Token) -> bool:
    head = root.head
    if any(c.lower_ in _REGION_WORDS for c in root.children):
        return False  # "western Libya" is a region of the state, not the state acting
    if root.dep_ in ("dobj", "dative") and head.pos_ == "VERB":
        return head.lemma_ not in _MOTION_VERBS and head.lemma_ not in LIGHT_VERBS
    if root.dep_ == "pobj" and head.lower_ in ("to", "from") and head.head.pos_ == "VERB":
        return head.head.lemma_ not in _MOTION_VERBS and head.head.lemma_ not in LIGHT_VERBS
    if root.dep_ == "pobj" and head.lower_ == "to" and head.head.pos_ == "NOUN":
        return head.head.lemma_ in _TRANSFER_NOUNS  # "aid to Romania"
    if root.dep_ == "poss" and head.pos_ == "NOUN":
        return head.lemma_ in _DEED_NOUNS  # "Turkey's efforts", not "Syria's capital"
    return False


def _is_state(ent: SpacySpan) -> bool:
    """The entity names a whole state ("Tanzania", "Great Britain"), not a city or region."""
    text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    return text.lower() in state_names()


def _add_state(ent: SpacySpan, registry: Registry, places: PlaceFindings | None) -> None:
    text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
    iso3 = _place_country(ent, places)
    entry = registry.kb_match(text)
    if entry is not None and entry.kind == "country":
        cluster = registry.from_entry(entry)
    elif iso3 is not None:
        holder = registry.kb.office_holder("Government", iso3, on=registry.on)
        cluster = registry.from_entry(holder or registry.kb.entry(f"country:{iso3.lower()}"))
    else:
        registry.warn(f"{text!r} at character {ent.start_char} seems to stand for a government, "
                      "but its country is unknown")
        return
    registry.mention(cluster, ent.start + (len(ent.text) - len(text) > 0), ent.end)


def _place_country(ent: SpacySpan, places: PlaceFindings | None) -> str | None:
    if places is not None:
        place_id = next((places.token_place[i] for i in range(ent.start, ent.end) if i in places.token_place), None)
        place = next((p for p in places.places if p.id == place_id), None)
        if place is not None and place.country:
            return iso2_to_iso3().get(place.country)
    return demonyms().get(ent.text.lower()) or capitals().get(ent.text.lower())


def _add_bare_surnames(doc: Doc, registry: Registry, surnames: dict[str, str | None],
                       ent_length: dict[int, int]) -> None:
    """A known surname the model did not tag ("Haftar" in a headline) is still a mention."""
    known = {word: key for word, key in surnames.items() if key is not None}
    for token in doc:
        if token.pos_ != "PROPN" or token.ent_type_ == "PERSON" or ent_length.get(token.i, 1) > 1:
            continue
        key = known.get(normalise_name(token.text))
        if key is not None and registry.has(key):
            registry.mention(registry.get(key), token.i, token.i + 1)


# --- output ----------------------------------------------------------------------------------

def _span(doc: Doc, text: str, start: int, end: int) -> Span:
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return Span(first, last, text[first:last])


def _finish(doc: Doc, registry: Registry) -> ActorFindings:
    clusters = sorted((c for c in registry.clusters() if c.mentions), key=lambda c: c.first())
    ids = {c.key: f"a{n}" for n, c in enumerate(clusters, start=1)}
    owners = registry.owners()
    text = doc.text  # spaCy rebuilds doc.text on every access
    actors = [_actor(doc, text, cluster, ids, registry, owners) for cluster in clusters]
    token_actor: dict[int, str] = {}
    for cluster in clusters:  # names first, so a description never takes a name's tokens
        for start, end in cluster.name_tokens():
            for i in range(start, end):
                token_actor.setdefault(i, ids[cluster.key])
    for cluster in clusters:
        for start, end in cluster.other_tokens():
            for i in range(start, end):
                token_actor.setdefault(i, ids[cluster.key])
    return ActorFindings(actors, token_actor, list(registry.warnings))


def _actor(doc: Doc, text: str, cluster: Cluster, ids: dict[str, str], registry: Registry,
           owners: dict[int, str]) -> Actor:
    mentions = tuple(_span(doc, text, start, end) for start, end in sorted(set(cluster.mentions)))
    affiliation = registry.resolve_affiliation(cluster, owners)
    country = cluster.country
    if country is None and affiliation is not None and cluster.sector != "IGO":
        country = registry.get(affiliation).country
    sector = cluster.sector or (registry.get(affiliation).sector if affiliation else None)
    return Actor(
        id=ids[cluster.key], name=cluster.name, kind=cluster.kind, country=country, sector=sector,
        role=cluster.role, affiliation=ids.get(affiliation) if affiliation else None, mentions=mentions,
        kb_id=cluster.kb_id,
    )


__all__ = ["ActorFindings", "find_actors"]
