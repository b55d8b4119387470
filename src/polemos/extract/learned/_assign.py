"""Who did it to whom, by the role head: the decisions laid over the rules' roles.

For each event the role head scores every candidate of its sentence (``_roles``). The rules'
agents and patients stay (their patterns are precise where they match); the head fills a role the
rules left empty with its best candidate when that candidate is at least ``AGENT_MIN`` /
``PATIENT_MIN`` likely in the role (and the role is its most likely reading), together with the
candidate's conjuncts that the head also puts in the role. A role's words that no actor owns yet
("five worshippers", "a military post": the rules' or the head's) become an actor of their own,
named by the noun phrase, so the event can point at them; places and pronouns do not. Actor ids are then renumbered in order of first mention.
"""
from __future__ import annotations

import dataclasses

import numpy as np
from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from polemos.extract.actors import ActorFindings
from polemos.extract.events import INSTRUMENTS, WEAPON_OBJECTS, lexicon, participant_kind
from polemos.extract.learned._heads import ROLES, Head
from polemos.extract.learned._roles import candidates, pair_features, pair_vector, trigger_words
from polemos.mentions import EventMention
from polemos.model import Actor, Span

AGENT_MIN = 0.5
PATIENT_MIN = 0.5
SECTORS = {"civilian": "CVL", "armed": "UAF", "protester": "CVL", "mob": "CVL"}
MODIFIERS = frozenset({"amod", "compound", "nmod"})
PHRASE = MODIFIERS | {"det", "nummod", "quantmod", "poss"}
PLACES = frozenset({"GPE", "LOC", "FAC"})
# Nouns for people and for sites that news names as targets, beyond the participant kinds'
# words (``extract/events`` STATE, NONSTATE, CIVILIAN, PROTESTER): written for this step.
PEOPLE = frozenset({"worshipper", "mourner", "pilgrim", "shopper", "commuter", "bystander", "pedestrian", "employee",
                    "staff", "crew", "inmate", "prisoner", "detainee", "suspect", "guest", "tourist", "visitor",
                    "fisherman", "farmhand", "labourer", "laborer", "contractor", "engineer",
                    "humanitarian", "volunteer", "medic", "paramedic", "rescuer", "firefighter", "lawmaker",
                    "politician", "candidate", "activist", "opponent", "dissident", "critic", "leader", "commander",
                    "chief", "governor", "minister", "president", "general", "colonel", "captain", "lieutenant",
                    "sergeant", "major", "recruit", "cadet", "conscript", "veteran", "militiamen", "kidnapper",
                    "abductor", "smuggler", "trafficker", "gang", "cartel", "pirate", "sniper", "bomber", "gunner",
                    "infantry", "peacekeeper", "observer", "monitor", "delegate", "envoy", "diplomat", "ambassador",
                    "consul", "reporter", "photographer", "cameraman", "blogger", "clergy", "cleric", "monk", "nun",
                    "parishioner", "congregation", "family", "relative", "neighbour", "neighbor", "community",
                    "tribe", "clan", "minority", "pupil", "schoolchild", "schoolgirl", "schoolboy", "infant",
                    "toddler", "teenager", "adult", "wife", "husband", "mother", "father", "son", "daughter",
                    "brother", "sister", "crowd", "mob", "protest", "rally", "convoy", "motorist", "cyclist"})
SITES = frozenset({"hospital", "clinic", "bank", "embassy", "consulate", "hotel", "restaurant", "cafe", "mall",
                   "station", "airport", "port", "harbour", "harbor", "bridge", "office", "headquarters", "compound",
                   "building", "plant", "factory", "refinery", "pipeline", "warehouse", "depot", "tower", "temple",
                   "synagogue", "shrine", "cathedral", "chapel", "monastery", "university", "college", "academy",
                   "kindergarten", "orphanage", "courthouse", "prison", "jail", "parliament", "ministry", "palace",
                   "residence", "apartment", "block", "dormitory", "tent", "shelter", "facility", "installation",
                   "airbase", "airfield", "ship", "vessel", "tanker", "boat", "train", "car", "ambulance",
                   "motorcade", "plane", "aircraft", "helicopter", "tank", "hall", "stadium", "nightclub", "bar",
                   "supermarket", "bakery", "pharmacy", "substation", "dam", "grid", "infrastructure", "camp",
                   "settlement", "hamlet", "neighbourhood", "neighborhood", "quarter"})
MATERIAL = frozenset({"ASSAULT", "COERCE", "PROTEST"})
NUMERIC = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "MONEY", "PERCENT"})
ABSTRACT_ENDINGS = ("tion", "sion", "ment", "ance", "ence", "ity", "ness", "ism", "ship", "ing", "ure")
# Nouns a role can hold that are not targets: messages, media, times, amounts, ideas, the
# implements of force and the places where it happens (written for this step, from the project's
# own training corpus' role errors).
NOT_TARGETS = frozenset({"statement", "report", "video", "photo", "photograph", "picture", "footage", "image",
                         "letter", "news", "information", "message", "post", "claim", "proposal", "plan", "process",
                         "campaign", "memorandum", "communique", "communiqué", "time", "rise", "war", "decision",
                         "dispute", "result", "series", "safety", "swap", "charter", "scale", "ransom", "justice",
                         "dawn", "day", "night", "week", "month", "year", "hour", "way", "part", "number", "amount",
                         "quantity", "lot", "kind", "type", "case", "issue", "matter", "effort", "activity", "law",
                         "rule", "policy", "demand", "call", "warning", "threat", "order", "step", "measure",
                         "idea", "reason", "fact", "sign", "level", "rate", "cost", "price", "tax", "tariff", "levy",
                         "one", "x", "election", "vote", "trial", "charge", "sentence", "death", "life", "fire",
                         "violence", "unrest", "tension", "situation", "crisis", "conflict", "fighting", "battle",
                         "cannon", "pellet", "machete", "tyre", "tire", "dynamite", "cartridge", "baton", "round",
                         "canister", "shot", "vest", "gas", "teargas", "stone", "rock", "knife", "spear", "arrow",
                         "axe", "stick", "flag", "plate", "damage", "casualty", "item", "bill", "fee", "reform",
                         "change", "overhaul", "guarantee", "title", "wage", "access", "delay", "account", "contact",
                         "opinion", "eve", "road", "highway", "path", "street", "route", "area", "outskirts", "edge",
                         "centre", "center", "shore", "border", "zone", "region", "side", "direction"})
PARTS = frozenset({"delegation", "member", "representative", "fighter", "unit", "element", "envoy", "contingent",
                   "detachment", "faction", "wing", "branch", "militant", "soldier", "troop", "force", "official",
                   "gunman", "supporter", "loyalist", "group", "team", "squad", "cell", "battalion", "brigade"})


def read_roles(doc: Doc, events: list[EventMention], actors: ActorFindings, *,
               head: Head) -> tuple[list[EventMention], ActorFindings]:
    """The events with the roles the head adds, and the actors with any it had to create."""
    new: dict[int, Actor] = {}  # head token -> actor made for it
    text = doc.text  # once: spaCy rebuilds it from every token on each access
    out = []
    for event in events:
        words = trigger_words(doc, event)
        if words is None:
            out.append(event)
            continue
        agents, patients = (tuple(_through_parts(doc[i], actors) for i in heads)
                            for heads in _decide(words, event, actors, head))
        for i in (*agents, *patients):
            if i not in actors.token_actor and i not in new and _can_be_actor(doc[i], event.type):
                new[i] = _new_actor(doc[i], text)
        out.append(dataclasses.replace(event, agent_heads=agents, patient_heads=patients))
    return out, (_with_actors(doc, actors, new) if new else actors)


def _decide(words: SpacySpan, event: EventMention, actors: ActorFindings,
            head: Head) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The rules' agents and patients, each role the rules left empty filled by the head's best;
    only the candidates the rules gave no role are scored (the others are never chosen)."""
    if event.agent_heads and event.patient_heads:
        return event.agent_heads, event.patient_heads
    trigger, taken = words.root, {*event.agent_heads, *event.patient_heads}
    free = [c for c in candidates(trigger.sent, trigger, frozenset(t.i for t in words)) if c.i not in taken]
    scored = {c.i: head.probabilities(pair_features(trigger, c, event_type=event.type, rule_role="none",
                                                    has_actor=c.i in actors.token_actor), pair_vector(c))
              for c in free}
    agents = event.agent_heads or _best(free, scored, "agent", AGENT_MIN)
    patients = event.patient_heads or _best([c for c in free if c.i not in agents], scored, "patient", PATIENT_MIN)
    return agents, patients


def _through_parts(token: Token, actors: ActorFindings) -> int:
    """"Delegations of the Rapid Support Forces", "members of the militia": the group named after
    "of" when an actor owns it; else the token itself."""
    if token.i in actors.token_actor or token.lemma_.lower() not in PARTS:
        return token.i
    owned = [p.i for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
             for p in c.children if p.dep_ == "pobj" and p.i in actors.token_actor]
    return owned[0] if owned else token.i


def _can_be_actor(token: Token, event_type: str) -> bool:
    """A role's words that may become an actor: a name, or a noun for people, a force or a site
    that is attacked ("worshippers", "a convoy", "the embassy"); never a place (the event's place),
    a pronoun, a weapon or an event ("shelling killed …": the attacker is unknown, not the shells).
    In a material conflict (an attack, a coercion, a protest) what is hit or blocked may be any
    concrete thing ("homes", "a minibus", "the aqueduct"): there any noun the head puts in a role
    is one, unless it names an event, a weapon, a time or an idea (``_abstract``); in talk and
    agreements the other side is an actor the finders already know ("rejected the proposal":
    the proposal is not a recipient)."""
    if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in PLACES:
        return False
    if token.ent_type_ in ("PERSON", "ORG", "NORP"):
        return True
    lemma = token.lemma_.lower()
    if lemma in PEOPLE or lemma in SITES or participant_kind([token]) is not None:
        return True
    return (event_type in MATERIAL and token.pos_ == "NOUN" and token.ent_type_ not in NUMERIC
            and not _abstract(lemma))


def _abstract(lemma: str) -> bool:
    """An event, a weapon, a time, a message or an idea, not a thing that can be hit: the event
    lexicon's nouns, the rules' weapons, and nouns of action or quality by their ending."""
    return ((lemma, "N") in lexicon() or lemma in INSTRUMENTS or lemma in WEAPON_OBJECTS or lemma in NOT_TARGETS
            or lemma.endswith(ABSTRACT_ENDINGS))


def _best(cands: list[Token], scored: dict[int, np.ndarray], role: str, least: float) -> tuple[int, ...]:
    k = ROLES.index(role)
    fits = [c for c in cands if scored[c.i][k] >= least and int(scored[c.i].argmax()) == k]
    if not fits:
        return ()
    best = max(fits, key=lambda c: (scored[c.i][k], -c.i))
    return (best.i, *(c.i for c in best.conjuncts if c in fits))


def _new_actor(token: Token, text: str) -> Actor:
    """An actor for a noun phrase the finders did not make one of: "five worshippers"."""
    doc = token.doc
    start = _phrase_start(token)
    named = [c for c in token.lefts if c.dep_ in MODIFIERS] + [token]
    name = " ".join(t.text for t in sorted(named, key=lambda t: t.i))
    kind_words = participant_kind([token])
    if token.ent_type_ == "PERSON":
        kind = "person"
    elif token.ent_type_ == "ORG":
        kind = "organization"
    elif token.tag_ in ("NNS", "NNPS") or kind_words in ("armed", "protester", "mob"):
        kind = "group"
    elif kind_words is not None:
        kind = "person" if kind_words == "civilian" and token.lemma_.lower() not in _THINGS else "unknown"
    else:
        kind = "unknown"
    first, last = doc[start].idx, token.idx + len(token.text)
    return Actor(id="", name=name, kind=kind, sector=SECTORS.get(kind_words or ""),
                 mentions=(Span(first, last, text[first:last]),))


def _phrase_start(token: Token) -> int:
    """The first token of the noun phrase ``token`` heads: "five" in "five worshippers"."""
    return min((c.left_edge.i for c in token.lefts if c.dep_ in PHRASE), default=token.i)


_THINGS = frozenset({"village", "school", "church", "mosque", "house", "home", "shop", "market", "vehicle", "bus",
                     "truck", "site"})


def _with_actors(doc: Doc, found: ActorFindings, new: dict[int, Actor]) -> ActorFindings:
    """``found`` plus the new actors, every id renumbered in order of first mention."""
    token_actor = dict(found.token_actor)
    actors = list(found.actors)
    for n, (token, actor) in enumerate(sorted(new.items())):
        temp = f"new{n}"
        actors.append(dataclasses.replace(actor, id=temp))
        for i in range(_phrase_start(doc[token]), token + 1):
            token_actor.setdefault(i, temp)
    actors.sort(key=lambda a: (a.mentions[0].start if a.mentions else 1 << 62, a.id))
    ids = {a.id: f"a{n}" for n, a in enumerate(actors, start=1)}
    renamed = [dataclasses.replace(a, id=ids[a.id], affiliation=ids.get(a.affiliation) if a.affiliation else None)
               for a in actors]
    return ActorFindings(renamed, {i: ids[a] for i, a in token_actor.items()}, list(found.warnings))
