"""Who did what to whom, where and when: the arguments of one event trigger in the parse.

Used by ``extract/events/__init__.py`` after a trigger is found. Agents are subjects (through control
verbs, conjunctions and relative clauses), ``by X`` agents of passives, possessives and
nationality modifiers of event nouns; patients are objects, ``told X``, passive subjects and
``against/on/with X``. Returns token indices (heads of noun phrases); the assembler maps them
to actors. Also: the date expression and the places attached to a trigger, and a coarse kind
of the participants (armed, state, civilian, protester) that ACLED typing needs.
"""
from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
LIGHT_VERBS = frozenset({"launch", "carry", "conduct", "stage", "hold", "make", "mount", "begin", "start",
                         "continue", "resume", "lead", "wage", "perpetrate", "commit", "organize",
                         "organise", "impose", "announce", "declare", "issue", "give", "lodge", "file",
                         "step", "intensify", "escalate", "undertake", "unleash", "open", "reach", "sign",
                         "conclude", "strike", "broker", "seal", "observe", "order", "have",
                         "stag"})  # the model lemmatises "staged" as "stag"
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "into", "from"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_NOUNS = frozenset({"village", "town", "city", "capital", "area", "district", "province", "region",
                         "locality", "commune", "department", "market", "camp", "border", "outskirt"})
STATE = frozenset({"army", "soldier", "troop", "force", "military", "police", "policeman", "gendarme",
                   "gendarmerie", "government", "regime", "security", "officer", "commando", "navy",
                   "marine", "jet", "aircraft", "helicopter", "authority", "battalion", "brigade",
                   "detachment", "unit", "patrol", "convoy", "garrison", "vdp", "fds", "defence", "defense",
                   "personnel", "guard", "coalition", "barrack", "barracks", "post", "base", "checkpoint",
                   "position", "outpost", "station"})
NONSTATE = frozenset({"militant", "jihadist", "rebel", "insurgent", "gunman", "gunmen", "fighter", "militia",
                      "militiaman", "terrorist", "extremist", "assailant", "attacker", "bandit", "koglweogo",
                      "dozo", "separatist", "combatant", "faction", "islamist", "group", "jnim", "isgs",
                      "ansaroul", "hunter", "volunteer", "self-defense", "self-defence", "armed"})
CIVILIAN = frozenset({"civilian", "villager", "resident", "people", "person", "man", "woman", "child",
                      "farmer", "herder", "pastoralist", "student", "teacher", "worker", "trader", "merchant",
                      "driver", "passenger", "family", "pastor", "priest", "imam", "chief", "councillor",
                      "councilor", "inhabitant", "population", "worshipper", "traveler", "traveller", "miner",
                      "citizen", "boy", "girl", "baby", "elder", "nurse", "doctor", "journalist", "official",
                      "mayor", "catechist", "shepherd", "member", "village", "school", "church", "mosque",
                      "house", "home", "shop", "market", "vehicle", "bus", "truck", "motorcyclist",
                      "individual", "displaced", "refugee", "local", "deputy", "prefect", "agent",
                      "tradesman", "christian", "muslim", "fulani", "peul", "mossi", "gold", "site", "occupant",
                      "marketgoer", "customer", "idp", "herdsman", "youth", "victim", "hostage", "patient"})
PROTESTER = frozenset({"protester", "protestor", "demonstrator", "rioter", "marcher",
                       "striker", "union", "unionist", "striking", "demonstrating", "protesting"})
MOB = frozenset({"mob", "crowd", "villager", "resident", "youth"})


PARTICIPANT_WORDS = STATE | NONSTATE | CIVILIAN | PROTESTER | MOB


def participant_word(word: str) -> bool:
    """Is ``word`` (any case, singular or plural: "Gunmen", "Soldiers") a word for a participant?"""
    word = word.lower()
    forms = {word, word[:-1] if word.endswith("s") else word, word[:-2] if word.endswith("es") else word,
             word[:-3] + "man" if word.endswith("men") else word}
    return bool(forms & PARTICIPANT_WORDS)


def governing_verb(token: Token) -> Token | None:
    """The verb a noun trigger depends on ("launched an attack" → launched), or None."""
    head = token
    for _ in range(4):
        if head.dep_ == "ROOT" or head.head.i == head.i:
            return None
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.pos_ not in ("ADP", "SCONJ"):
            return None
    return None


INTRANSITIVE = frozenset({"protest", "demonstrate", "riot", "clash", "march", "rally", "gather", "strike",
                          "retreat", "negotiate", "cooperate", "fight"})
QUANTITY_HEADS = frozenset({"thousand", "hundred", "dozen", "score", "number", "million", "group", "crowd",
                            "handful", "couple", "lot", "majority", "hundreds", "thousands", "dozens"})


def expand(token: Token) -> list[Token]:
    """A noun phrase head and its conjuncts; a relative pronoun stands for the noun it modifies,
    and a quantity ("thousands of students", "a group of gunmen") for what it counts."""
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        token = token.head.head
    if token.lemma_.lower() in QUANTITY_HEADS or token.ent_type_ == "CARDINAL":
        counted = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                   for p in c.children if p.dep_ == "pobj"]
        if counted:
            token = counted[0]
    return [token, *token.conjuncts]


def verb_subject(verb: Token) -> list[Token]:
    """The doer of a verb: its subject, the ``by`` agent of a passive, or a controller's subject."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return expand(child)
        if child.dep_ == "agent":
            return [t for c in child.children if c.dep_ == "pobj" for t in expand(c)]
    if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") and verb.head.i != verb.i:
        return verb_subject(verb.head)
    if verb.dep_ == "relcl" and not any(c.dep_ in ("nsubjpass",) for c in verb.children):
        return expand(verb.head)
    if verb.dep_ == "acl" and (verb.tag_ == "VBG" or verb.lemma_.lower() in INTRANSITIVE):
        return expand(verb.head)  # "students protested in X" parsed as a reduced relative
    return []


HEDGES = frozenset({"presume", "suspect", "allege", "believe"})


def verb_patients(verb: Token, *, plover_type: str) -> list[Token]:
    out: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "nsubjpass", "obj"):
            out += expand(child)
        elif child.dep_ == "prep" and _prep_patient(child.lower_, plover_type):
            out += [t for c in child.children if c.dep_ == "pobj" for t in expand(c)]
    if any(c.dep_ == "dobj" and c.pos_ == "NUM" for c in verb.children):
        # "killed 26 presumed militants" parsed as "killed 26, presumed militants"
        out += [o for c in verb.children if c.dep_ == "advcl" and c.lemma_.lower() in HEDGES
                for o in c.children if o.dep_ == "dobj"]
    out = [t for t in out if is_participant(t)]  # "On March 31": a date is no patient to fall back from
    if not out and verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN" and verb.lemma_.lower() not in INTRANSITIVE:  # "civilians killed by ..."
        out = expand(verb.head)
    if not out:  # "shot and wounded a young man": conjoined verbs share their object
        for other in verb.conjuncts:
            out += [t for c in other.children if c.dep_ in ("dobj", "nsubjpass") for t in expand(c)]
    return [t for t in out if is_participant(t)]


def is_participant(token: Token) -> bool:
    """Whether a token can name a participant (not a date, a number or a relative pronoun)."""
    return (token.pos_ in ("NOUN", "PROPN", "PRON") and token.lower_ not in RELATIVE_PRONOUNS
            and token.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"))


def _prep_patient(prep: str, plover_type: str) -> bool:
    if prep in ("against", "on", "upon"):
        return plover_type not in ("CONSULT", "AGREE", "SUPPORT")
    if prep == "with":
        return plover_type in ("CONSULT", "COOPERATE", "AGREE", "ASSAULT")
    if prep == "to":
        return plover_type in ("REQUEST", "AID", "RETREAT", "CONCEDE", "THREATEN")
    if prep == "at":
        return plover_type == "ASSAULT"
    return False


def noun_agents(noun: Token, *, plover_type: str) -> list[Token]:
    out: list[Token] = []
    for child in noun.children:
        if child.dep_ == "poss":
            out += expand(child)
        elif child.dep_ == "prep" and child.lower_ == "by":
            out += [t for c in child.children if c.dep_ == "pobj" for t in expand(c)]
        elif child.dep_ == "prep" and child.lower_ == "between":
            out += [t for c in child.children if c.dep_ == "pobj" for t in expand(c)]
        elif child.dep_ in ("amod", "compound") and (child.ent_type_ in ("NORP", "GPE", "ORG", "PERSON") or
                                                     child.lemma_.lower() in STATE | NONSTATE):
            out.append(child)  # "Israeli airstrike", "police firing", "militant attack"
        elif child.dep_ == "prep" and child.lower_ == "of" and plover_type not in ("ASSAULT", "COERCE"):
            out += [t for c in child.children if c.dep_ == "pobj" for t in expand(c)]
    if not out:
        verb = governing_verb(noun)
        if verb is not None and verb.lemma_.lower() in LIGHT_VERBS and noun.dep_ == "dobj":
            out = verb_subject(verb)
    return out or _claimed_by(noun)


CLAIMING_VERBS = frozenset({"claim", "accept", "admit", "assume", "acknowledge", "take", "bear"})
REFUSING_VERBS = frozenset({"refuse", "decline", "fail", "deny", "reject"})


def _claimed_by(noun: Token) -> list[Token]:
    """Who claims an attack: "the group claimed responsibility for the bombing" names its author."""
    owner = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "for" else None
    if owner is None or owner.lemma_.lower() != "responsibility" or owner.dep_ != "dobj":
        return []
    verb = owner.head
    refused = verb.dep_ == "xcomp" and verb.head.lemma_.lower() in REFUSING_VERBS  # "refused to accept ..."
    if verb.lemma_.lower() not in CLAIMING_VERBS or refused or any(c.dep_ == "neg" for c in verb.children):
        return []
    return [s for s in verb_subject(verb) if not any(c.dep_ == "det" and c.lower_ == "no" for c in s.children)]


def noun_patients(noun: Token, *, plover_type: str) -> list[Token]:
    out: list[Token] = []
    for child in noun.children:
        if child.dep_ != "prep":
            continue
        prep = child.lower_
        if _prep_patient(prep, plover_type) or (prep == "of" and plover_type in ("ASSAULT", "COERCE")):
            out += [t for c in child.children if c.dep_ == "pobj" for t in expand(c)]
    return out


def find_date(trigger: Token, sent: SpacySpan, *, clause: Token | None) -> SpacySpan | None:
    """The date expression governing the trigger: "on Thursday", "since early April", "in 2011"."""
    for anchor in (trigger, clause):
        if anchor is None:
            continue
        for child in anchor.children:
            span = _date_child(child)
            if span is not None:
                return span
    return None


def _date_child(child: Token) -> SpacySpan | None:
    doc = child.doc
    if child.ent_type_ == "DATE" and child.dep_ in ("npadvmod", "tmod", "advmod", "obl", "nmod"):
        ent = _ent_of(child)
        return ent
    if child.dep_ == "prep" and child.lower_ in ("on", "in", "since", "during", "until", "from", "at",
                                                 "by", "before", "after", "between", "throughout"):
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            if pobj.ent_type_ == "DATE":
                ent = _ent_of(pobj)
                return doc[child.i:ent.end] if ent is not None else None
            if child.lower_ in ("since", "after", "before"):  # "since the fall of X in 2011"
                dated = [t for t in pobj.subtree if t.ent_type_ == "DATE"]
                if dated:
                    ent = _ent_of(dated[-1])
                    return doc[child.i:ent.end] if ent is not None else None
    return None


def _ent_of(token: Token) -> SpacySpan | None:
    """The entity holding ``token``, read from the IOB tags around it: ``doc.ents`` rebuilds
    every entity of the document on each access, which made long articles quadratic."""
    if token.ent_iob_ not in ("B", "I") or not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return SpacySpan(doc, start, end, label=doc[start].ent_type)


def find_places(trigger: Token, *, clause: Token | None) -> tuple[int, ...]:
    """Tokens of places attached to the trigger (or its verb) by "in/at/near X"."""
    out: list[int] = []
    for anchor in (trigger, clause):
        if anchor is None:
            continue
        # "attacked a base near Kidal": the parser often hangs the place on the object
        objects = [c for c in anchor.children if c.dep_ in ("dobj", "nsubjpass")]
        for owner in (anchor, *objects):
            for child in owner.children:
                if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
                    out += [t.i for p in child.children if p.dep_ == "pobj" and _is_place(p) for t in expand(p)]
        if out:
            break
    return tuple(dict.fromkeys(out))


def _is_place(token: Token) -> bool:
    if token.ent_type_ in PLACE_LABELS or token.lemma_.lower() in PLACE_NOUNS:
        return True
    return token.pos_ == "PROPN" and token.ent_type_ in ("", "NORP")


def participant_kind(tokens: list[Token]) -> str | None:
    """``state``, ``armed`` (non-state), ``protester``, ``civilian`` or None from the heads' words."""
    kinds = []
    for token in tokens:
        words = {token.lemma_.lower(), token.lower_} | {c.lemma_.lower() for c in token.children
                                                        if c.dep_ in ("compound", "amod")}
        if words & {"mob", "lynch"}:
            kinds.append("mob")
        elif words & PROTESTER:
            kinds.append("protester")
        elif words & NONSTATE:
            kinds.append("armed")
        elif words & STATE or token.ent_type_ == "ORG" and words & {"army", "forces", "police"}:
            kinds.append("state")
        elif words & CIVILIAN or token.ent_type_ == "PERSON":
            kinds.append("civilian")
    for kind in ("state", "armed", "mob", "protester", "civilian"):
        if kind in kinds:
            return kind
    return None
