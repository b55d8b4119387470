"""Trigger rules: which lexicon hits are events, and the sentence-level rules that retype them.

``accept`` filters one lexicon hit by its syntax (a passive "conditions are met" is no
meeting; "UN-backed" is no act of support; "declined to comment" is no rejection). The
sentence rules then work on all of a sentence's candidates together:

- *intent*: a cooperative event under "willing/ready/agree/offer/promise to" is AGREE (PLOVER:
  "indicate willingness to cooperate"); a conflict event under "vow/pledge/promise to" is
  THREATEN;
- *content*: an event inside what is requested, rejected, threatened, agreed or alleged is
  not a fact; it gives the outer event its mode and is not emitted on its own;
- *negated cooperation in speech*: "told Macron no ceasefire", "said that conditions for a
  ceasefire were not in place" is a REJECT by the speaker, never a ceasefire.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from polemos.extract.events._args import LIGHT_VERBS, participant_kind, verb_subject
from polemos.extract.events._lexicon import TriggerEntry
from polemos.extract.events._modality import presupposed

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID", "RETREAT", "CONCEDE", "AGREE"})
CONFLICT = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
CONTENT_TYPES = frozenset({"REQUEST", "REJECT", "THREATEN", "AGREE", "ACCUSE"})
INTENT_WORDS = frozenset({"willing", "ready", "prepared", "agree", "offer", "promise", "pledge", "commit",
                          "vow", "intend", "eager", "keen", "open"})
THREAT_WORDS = frozenset({"vow", "pledge", "promise", "swear"})
SPEECH_VERBS = frozenset({"say", "tell", "announce", "declare", "insist", "state", "reiterate", "stress",
                          "inform", "add", "claim", "maintain", "assert", "repeat", "warn", "write"})
SPEECH_CONTENT = frozenset({"comment", "say", "elaborate", "confirm", "discuss", "specify", "answer", "give",
                            "identify", "disclose", "reveal", "name", "speak"})
COOP_NOUNS = frozenset({"ceasefire", "truce", "talk", "negotiation", "dialogue", "peace", "deal", "agreement",
                        "compromise", "withdrawal", "settlement", "accord", "armistice"})
COOP_VERBS = frozenset({"negotiate", "talk", "withdraw", "agree", "accept", "stop", "cease", "retreat",
                        "compromise", "meet", "halt"})
NOT_MET_OBJECTS = frozenset({"condition", "demand", "requirement", "need", "target", "deadline", "expectation",
                             "standard", "criterion", "goal", "obligation", "end", "fate", "death", "resistance",
                             "opposition", "criticism", "challenge", "approval", "success", "failure"})
BORDERS = frozenset({"border", "airspace", "port", "airport", "crossing", "embassy", "consulate", "frontier"})
MISPARSED_ACTS = frozenset({"assault", "attack", "abduct", "kidnap", "kill", "rob", "beat", "torture", "rape",
                            "arrest", "detain", "shoot", "loot", "ambush"})
ROADS = frozenset({"road", "street", "traffic", "access", "route", "highway", "bridge", "entrance", "junction",
                   "intersection", "railway", "axis"})
RESTRICTIONS = frozenset({"tariff", "sanction", "restriction", "ban", "embargo", "curfew", "blockade", "barrier",
                          "duty", "siege", "boycott", "quota", "limit", "control", "checkpoint", "roadblock",
                          "emergency", "law"})
ADMIN_RESTRICTIONS = frozenset({"curfew", "restriction", "ban", "emergency", "law", "control", "checkpoint",
                                "roadblock", "censorship", "limit", "prohibition", "lockdown", "rule"})
ECONOMIC_RESTRICTIONS = frozenset({"sanction", "embargo", "tariff", "duty", "quota", "blockade", "siege", "boycott",
                                   "economic", "trade", "arm"})
SANCTION_OBJECTS = frozenset({"sanction", "embargo", "tariff", "duty", "quota", "boycott"})
DISSENT_ENDING_VERBS = frozenset({"call", "suspend", "end", "halt", "stop"})
DISSENT_OBJECTS = frozenset({"strike", "protest", "demonstration", "boycott", "sit", "march", "rally", "walkout",
                             "stoppage", "campaign", "hunger"})
DIPLOMATS = frozenset({"diplomat", "ambassador", "envoy", "attache", "consul", "charge", "embassy", "mission"})
ACCESS_OBJECTS = frozenset({"access", "inspector", "inspection", "monitor", "observer", "peacekeeper", "convoy",
                            "entry", "investigator", "aid", "delegation", "visit", "passage", "evacuation",
                            "humanitarian"})
MEDIA_OBJECTS = frozenset({"website", "site", "internet", "medium", "platform", "network", "account", "app",
                           "channel", "broadcast", "newspaper", "service", "facebook", "twitter", "youtube",
                           "telegram", "whatsapp", "online", "social"})
POLICY_OBJECTS = frozenset({"decision", "policy", "plan", "move", "action", "stance", "position", "choice",
                            "deal", "agreement", "measure", "handling", "record", "right", "law", "reform",
                            "approach", "strategy", "operation", "campaign", "government", "leader", "president"})
COURTESY_OBJECTS = frozenset({"condolence", "sympathy", "congratulation", "thanks", "respect", "prayer",
                              "greeting", "regret", "apology", "comment", "view", "opinion", "explanation"})
COUNTERPARTS = frozenset({"counterpart", "president", "minister", "leader", "chancellor", "king", "premier",
                          "secretary", "ambassador", "envoy"})
EXPRESSING_VERBS = frozenset({"express", "voice", "pledge", "offer", "declare", "reiterate", "give", "lend", "show",
                              "announce", "extend", "reaffirm", "affirm", "signal", "throw"})
AGREEMENT_NOUNS = frozenset({"agreement", "deal", "accord", "settlement", "compromise", "truce", "ceasefire",
                             "understanding", "consensus", "pact", "treaty"})
AID_OBJECTS = frozenset({"aid", "assistance", "food", "medicine", "supply", "fund", "money", "relief", "loan",
                         "grant", "equipment", "weapon", "arm", "ammunition", "help", "support", "shelter",
                         "water", "vaccine", "tent", "blanket", "fuel", "cash", "donation", "expertise",
                         "training", "material", "medical", "drug", "grain", "wheat", "rice", "package",
                         "asylum", "refuge", "humanitarian", "vehicle", "aircraft", "clothing", "item"})
TROOP_OBJECTS = frozenset({"troop", "soldier", "force", "police", "warship", "tank", "army", "reinforcement",
                           "unit", "battalion", "jet", "plane", "ship", "vessel", "gendarme", "contingent",
                           "reservist", "reserve", "conscript", "presence", "military", "division", "brigade",
                           "artillery", "missile", "fighter", "militia", "navy", "destroyer", "submarine",
                           "security"})
NON_PERSON_OBJECTS = frozenset({"plan", "order", "strategy", "program", "programme", "operation", "task",
                                "contract", "policy", "project", "warrant", "mission", "move"})
INSTRUMENTS = frozenset({"airstrike", "strike", "bomb", "mine", "ied", "missile", "rocket", "shell", "mortar",
                         "explosion", "blast", "explosive", "device", "landmine", "grenade", "drone", "bullet"})
OF_EVENT_HEADS = frozenset({"day", "week", "month", "year", "hour", "wave", "series", "round", "spate", "string",
                            "night", "resumption", "escalation", "outbreak", "renewal", "start", "surge",
                            "flare", "upsurge", "bout", "campaign", "act", "victim", "aftermath", "wake"})
REJECT_MODE_OF = {"ceasefire": "yield", "truce": "yield", "withdrawal": "yield", "withdraw": "yield",
                  "retreat": "yield", "stop": "yield", "cease": "yield", "halt": "yield", "compromise": "yield",
                  "talk": "meet", "negotiation": "meet", "dialogue": "meet", "negotiate": "meet", "meet": "meet"}
MODE_OF_CONTENT = {"CONSULT": "meet", "RETREAT": "yield", "CONCEDE": "yield", "AID": "assist",
                   "COOPERATE": "assist", "SUPPORT": "assist"}
THREAT_MODE_OF_CONTENT = {"ASSAULT": "violence", "COERCE": "restrict", "SANCTION": "relations",
                          "MOBILIZE": "violence"}


@dataclass
class Candidate:
    """One trigger while the sentence rules work on it (internal; never leaves the finder)."""

    head: Token
    tokens: list[Token]
    entry: TriggerEntry
    type: str
    mode: str | None
    noun: bool
    conf: float
    extra_modality: set[str] = field(default_factory=set)
    hint: str | None = None      # the ACLED hint in force (the entry's, or the sentence's weapon)
    dropped: bool = False

    def __post_init__(self) -> None:
        if self.hint is None:
            self.hint = self.entry.hint


def match_entry(token: Token, entries: tuple[TriggerEntry, ...]) -> tuple[TriggerEntry, list[Token]] | None:
    """The lexicon entry a token realises (phrasal entries first) and its trigger tokens."""
    for entry in entries:
        if entry.other is None:
            return entry, [token]
        for child in token.children:
            # a verb's particle follows it: "On Monday, X called ..." is no "call on"
            if entry.pos == "V" and child.dep_ in ("prt", "prep", "dobj", "oprd", "acomp", "ccomp") and \
                    child.lower_ == entry.other and child.i > token.i:
                return entry, [token, child]
            if entry.pos == "N" and child.dep_ in ("compound", "amod") and child.lower_ == entry.other:
                return entry, [child, token]
    return None


CROWD_WORDS = frozenset({"crowd", "thousand", "hundred", "dozen", "people", "community", "society", "youth",
                         "population", "union"})


def accept(token: Token, entry: TriggerEntry) -> bool:
    """Whether a lexicon hit names an event here (False for the syntax that says it does not)."""
    if entry.pos == "V":
        return _accept_verb(token, entry)
    return _accept_noun(token, entry)


def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _accept_verb(token: Token, entry: TriggerEntry) -> bool:
    if "needs_street" in entry.flags and not any(
            p.lemma_.lower() in ("street", "road") for c in token.children if c.dep_ == "prep" for p in c.children):
        return False  # "took to the streets", not "taken to hospital"
    if "needs_crowd" in entry.flags and (_children(token, "dobj", "nsubjpass") or not any(
            s.tag_ in ("NNS", "NNPS") or s.lemma_.lower() in CROWD_WORDS for s in verb_subject(token))):
        return False  # "thousands gathered at the stadium", not "gathered evidence" or "he gathered"
    if "needs_road" in entry.flags and not (
            {o.lemma_.lower() for o in token.children if o.dep_ == "dobj"} & ROADS
            and participant_kind(verb_subject(token)) not in ("state", "armed")):
        return False  # "residents blocked the road" (a protest); an army roadblock is not
    # "militants assaulted women" misparsed as an adjective; "injured", "wounded" really are adjectives
    harmful = token.tag_ == "VBN" and token.lemma_.lower() in MISPARSED_ACTS and token.i < token.head.i
    if token.dep_ in ("amod", "compound") and not harmful or token.tag_ == "VBN" and token.dep_ == "acl" and \
            entry.type in ("SUPPORT", "AGREE"):
        return False  # "UN-backed", "self-proclaimed", "the government backed by": attributes, not acts
    objects = [o.lemma_.lower() for o in _children(token, "dobj", "nsubjpass")]
    flags = entry.flags
    if entry.type == "CONSULT" and (_children(token, "auxpass") or set(objects) & NOT_MET_OBJECTS):
        return False  # "if certain conditions are met"
    if "needs_with" in flags and not any(c.lower_ in ("with", "to") for c in _children(token, "prep")):
        return False
    if "needs_request" in flags and not (_children(token, "xcomp", "ccomp") or
                                        any(c.lower_ == "for" for c in _children(token, "prep"))):
        return False
    if "needs_agreement" in flags and not set(objects) & AGREEMENT_NOUNS:
        return False
    if "needs_person" in flags and entry.type != "CONSULT" and (not objects or set(objects) & NON_PERSON_OBJECTS):
        return False
    if "needs_object" in flags and not objects:
        return False
    if "needs_ties" in flags and not set(objects) & {"tie", "relation", "relations", "contact"}:
        return False  # "established diplomatic ties"
    if "needs_border" in flags and not set(objects) & BORDERS:
        return False
    if "needs_troops" in flags and not set(objects) & TROOP_OBJECTS:
        return False  # "strengthened its forces"
    if "needs_restriction" in flags and not set(_objects_with_of(token)) & RESTRICTIONS:
        return False  # "lifted the ban", "cut tariffs", "lifted the state of emergency": easing; "cut aid" is not
    if "needs_access" in flags and not set(_objects_with_of(token, deps=("dobj", "dative", "nsubjpass", "ccomp"))) \
            & ACCESS_OBJECTS:
        return False  # "allowed inspectors into the sites", not "allowed the bill to pass"
    if "needs_media" in flags and not set(_objects_with_of(token, preps=("to",))) & MEDIA_OBJECTS:
        return False  # "blocked access to social media"
    if "needs_aid" in flags and not (set(objects) & AID_OBJECTS or _money_object(token)):
        return False  # "cut aid to the region" (CAMEO 162), not "cut the cable"
    if "needs_policy" in flags and not set(objects) & POLICY_OBJECTS:
        return False  # "defended the decision" (verbal support), not "defended the town"
    if entry.type == "AID" and "needs_object" in flags and not (
            set(objects) & (AID_OBJECTS | TROOP_OBJECTS) or _money_object(token)):
        return False
    if entry.type in ("AGREE", "SUPPORT") and set(objects) & COURTESY_OBJECTS:
        return False  # "offered his condolences": a statement, not an offer to cooperate
    if token.lemma_.lower() == "agree" and any(c.lower_ == "with" for c in _children(token, "prep")) and not (
            _children(token, "xcomp", "dobj") or any(c.lower_ in ("on", "to", "upon") for c in _children(token, "prep"))):
        return False  # "agree with X that ...": an opinion shared, not a commitment
    if "needs_person" in flags and entry.type == "CONSULT":
        people = [o for o in _children(token, "dobj") if o.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
                  or o.lemma_.lower() in COUNTERPARTS]
        if not people or _children(token, "oprd"):
            return False
    if entry.type == "REJECT":
        content = [c.lemma_.lower() for c in _children(token, "xcomp")]
        if set(content) & SPEECH_CONTENT:
            return False  # "declined to comment" rejects nothing
    if "needs_armed" in flags:
        subjects = verb_subject(token)
        words = {s.lemma_.lower() for s in subjects}
        if not (words & INSTRUMENTS or participant_kind(subjects) in ("state", "armed")):
            return False
    if "needs_weapon" in flags and not {w.lemma_.lower() for w in [*verb_subject(token), *_children(
            token, "dobj", "nsubjpass")]} & (INSTRUMENTS | WEAPON_OBJECTS):
        return False  # "a bomb went off", not "the alarm went off"
    if token.lemma_.lower() == "strike" and set(objects) & AGREEMENT_NOUNS:
        return False  # "strike a deal": the deal is the event
    if entry.type == "AGREE" and set(objects) & RESPONSIBILITY:
        return False  # "accepted responsibility for the bombing" claims an attack, agrees to nothing
    return True


def _objects_with_of(verb: Token, *, deps: tuple[str, ...] = ("dobj", "nsubjpass"),
                     preps: tuple[str, ...] = ("of",)) -> list[str]:
    """Object lemmas and the nouns they govern through ``preps`` ("state of emergency", "access to websites")."""
    out = []
    for obj in _children(verb, *deps):
        out.append(obj.lemma_.lower())
        out.extend(p.lemma_.lower() for c in obj.children if c.dep_ == "prep" and c.lower_ in preps
                   for p in c.children if p.dep_ == "pobj")
        out.extend(c.lemma_.lower() for c in obj.children if c.dep_ in ("compound", "amod"))
    return out


def refine_type(token: Token, entry: TriggerEntry) -> tuple[str, str | None]:
    """Type and mode of an accepted verb hit where its object decides (CAMEO 081–083 against 084–087).

    Easing an administrative restriction (curfew, ban, state of emergency) or calling off one's own
    protest is a concession (CONCEDE); easing economic sanctions or a blockade stays RETREAT. Expelling
    diplomats reduces relations (SANCTION); expelling other people is coercion (COERCE deport).
    """
    if entry.pos != "V":
        return entry.type, entry.mode
    objects = set(_objects_with_of(token))
    if entry.type == "RETREAT" and "needs_restriction" in entry.flags and objects & ADMIN_RESTRICTIONS and \
            not objects & ECONOMIC_RESTRICTIONS:
        return "CONCEDE", None
    if entry.type in ("RETREAT", "SANCTION") and token.lemma_.lower() in DISSENT_ENDING_VERBS and \
            objects & DISSENT_OBJECTS:
        return "CONCEDE", None  # "called off the strike", "suspended their protests"
    if entry.type == "COERCE" and entry.mode == "restrict" and objects & SANCTION_OBJECTS:
        return "SANCTION", None  # "imposed sanctions / an arms embargo" (CAMEO 163)
    if entry.type == "COERCE" and entry.mode == "restrict" and objects & {"martial", "curfew"}:
        return "COERCE", "martial-law" if "martial" in objects else "curfew"  # the noun's mode, kept on the verb
    if entry.type == "COERCE" and entry.mode == "deport" and objects & DIPLOMATS:
        return "SANCTION", "expel"
    return entry.type, entry.mode


def _money_object(verb: Token) -> bool:
    return any(t.ent_type_ == "MONEY" for o in _children(verb, "dobj") for t in o.subtree)


def _accept_noun(token: Token, entry: TriggerEntry) -> bool:
    if "needs_joint" in entry.flags and not {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")} & {
            "joint", "military", "naval", "combined", "bilateral", "multinational", "war"}:
        return False
    if "needs_expressed" in entry.flags:
        verb = token.head if token.dep_ == "dobj" else None
        if verb is None or verb.lemma_.lower() not in EXPRESSING_VERBS:
            return False
    if "needs_on" in entry.flags and not (token.dep_ == "pobj" and token.head.lower_ == "on"):
        return False  # "put its forces on high alert", not "a terror alert"
    if "needs_military" in entry.flags and not {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")} & {
            "military", "offensive", "armed", "counter-terrorism", "counterterrorism", "counterinsurgency", "air",
            "ground", "combat", "security"}:
        return False
    if token.dep_ in ("compound", "amod", "nmod") and token.head.pos_ in ("NOUN", "PROPN") and \
            token.head.lemma_.lower() not in EFFORT_HEADS and not (
            entry.type == "ASSAULT" and token.head.lemma_.lower() in INCIDENT_HEADS):
        return False  # "ceasefire talks": the head noun is the event ("mediation effort", "shooting incident": this one is)
    if "plural" in entry.flags and token.tag_ != "NNS":
        return False
    if token.lemma_.lower() == "strike" and entry.other is None:
        mods = {c.lower_ for c in token.children if c.dep_ in ("amod", "compound")}
        if mods & {"drone", "missile", "rocket", "aerial", "military", "artillery"}:
            return True
        on_strike = token.dep_ == "pobj" and token.head.lower_ in ("on", "in") or (
            token.dep_ in ("dobj", "nsubj") and token.head.lemma_.lower() in STRIKE_VERBS)
        if not (on_strike or mods & {"general", "hunger", "nationwide", "workers", "teachers"}):
            return False
    head = token.head
    if token.dep_ == "pobj" and head.head.pos_ in ("NOUN", "PROPN") and head.head.i != token.i:
        owner = head.head.lemma_.lower()
        # "conditions for a ceasefire", "victims of the attack": only a few heads make the noun an event,
        # but a violent incident named as known ("the ringleader of Saturday's attack", "responsibility
        # for the bombings") happened whatever noun it hangs from, unless that noun only plans or fears it
        return owner in OF_EVENT_HEADS or owner in _HYPOTHETICAL_OWNERS or (
            entry.type == "ASSAULT" and presupposed(token) and owner not in UNREALISED_OWNERS)
    if any(c.dep_ == "det" and c.lower_ in ("any",) for c in token.children):
        return False
    return True


EFFORT_HEADS = frozenset({"effort", "process", "initiative", "bid", "mission", "attempt"})
# "the shooting incident", "a bombing campaign", "the attack site": the violent modifier is the event
INCIDENT_HEADS = frozenset({"incident", "outrage", "atrocity", "spree", "campaign", "wave", "site", "scene",
                            "victim", "survivor"})
# nouns under which a named attack has not (yet) happened: "plans for the attack", "a drill of the raid"
UNREALISED_OWNERS = frozenset({"plan", "plot", "preparation", "call", "demand", "order", "warning", "rumour",
                               "rumor", "scenario", "simulation", "drill", "rehearsal", "idea", "condition",
                               "proposal", "request", "intention", "threat", "risk", "fear", "possibility"})
RESPONSIBILITY = frozenset({"responsibility", "blame", "credit", "liability"})
STRIKE_VERBS = frozenset({"stage", "stag", "hold", "launch", "observe", "call", "begin", "start", "continue", "end",
                          "go", "join", "declare", "announce", "suspend", "cancel", "extend"})
_HYPOTHETICAL_OWNERS = frozenset({"threat", "risk", "danger", "possibility", "verge", "prospect", "fear", "brink"})


INSTRUMENT_HINTS = {
    "ied": "ied", "landmine": "ied", "explosive": "ied", "airstrike": "air", "aircraft": "air",
    "plane": "air", "jet": "air", "helicopter": "air", "drone": "air", "aerial": "air", "grenade": "grenade",
    "shell": "shell", "shelling": "shell", "mortar": "shell", "artillery": "shell", "rocket": "shell",
    "missile": "shell", "suicide": "suicide", "chemical": "chemical",
}
WEAPON_OBJECTS = frozenset({"weapon", "arm", "ammunition", "explosive", "gun", "rifle", "bomb", "ied", "device",
                            "cache", "munition", "grenade", "firearm", "material", "motorbike", "motorcycle"})


WEAPON_VERBS = frozenset({"strike", "hit", "detonate", "explode", "trigger", "step", "conduct", "carry", "launch",
                          "fire", "drop", "use", "target"})


def _weapon_of(weapon: Token, trigger: Token) -> bool:
    """Whether a weapon word is how this attack was done: near it in the parse, or the subject or
    object of a verb of striking/detonating ("their cart struck an IED")."""
    node = weapon
    for _ in range(4):  # tokens are views: compare positions, never identities
        if node.i == trigger.i or any(c.i == trigger.i for c in node.children):
            return True
        if node.head.i == node.i:
            break
        node = node.head
    head = weapon.head if weapon.dep_ != "pobj" else weapon.head.head
    return head.lemma_.lower() in WEAPON_VERBS or weapon.head.i == trigger.i or trigger.head.i == weapon.i


def apply_instruments(sent_tokens: list[Token], cands: list[Candidate]) -> None:
    """A weapon named in the sentence ("killed when their cart struck an IED") types its attacks."""
    weapons = [t for t in sent_tokens if t.lemma_.lower() in INSTRUMENT_HINTS
               and not any(c.dep_ == "neg" for c in t.head.children)]
    for cand in cands:
        if cand.type == "ASSAULT" and cand.hint in (None, "clash"):
            used = [w for w in weapons if _weapon_of(w, cand.head)]
            if used and not (cand.hint == "clash" and INSTRUMENT_HINTS[used[0].lemma_.lower()] != "air"):
                cand.hint = INSTRUMENT_HINTS[used[0].lemma_.lower()]
        if cand.hint == "weapons":
            objects = {c.lemma_.lower() for c in cand.head.children if c.dep_ in ("dobj", "nsubjpass")}
            if not objects & WEAPON_OBJECTS:
                cand.hint = "loot"  # "seized livestock": ACLED's looting, not disrupted weapons use


def apply_intent(cands: list[Candidate]) -> None:
    """Cooperation under "willing/ready/offer to" → AGREE; conflict under "vow to" → THREATEN."""
    for cand in cands:
        head = cand.head
        if head.dep_ != "xcomp":
            continue
        word = head.head.lemma_.lower()
        if word in INTENT_WORDS and cand.type in COOPERATIVE - {"AGREE"}:
            cand.type, cand.mode = "AGREE", None
            if 0 < head.i - head.head.i <= 3:
                cand.tokens = [head.head, *cand.tokens]
        elif word in THREAT_WORDS and cand.type in CONFLICT:
            cand.mode = THREAT_MODE_OF_CONTENT.get(cand.type)
            cand.type = "THREATEN"
            if 0 < head.i - head.head.i <= 3:
                cand.tokens = [head.head, *cand.tokens]


def apply_content(cands: list[Candidate]) -> None:
    """Drop events that are only the content of a request, rejection, threat, promise or allegation."""
    by_token = {c.head.i: c for c in cands}
    for cand in cands:
        outer = _content_owner(cand.head, by_token)
        if outer is None or outer is cand:
            continue
        if outer.type == "ACCUSE" and cand.noun and cand.head.dep_ == "dobj":
            continue  # "condemned the attack": the attack is presupposed
        if cand.noun and cand.type == "ASSAULT" and presupposed(cand.head) and not (
                cand.head.dep_ == "dobj" and cand.head.head.lemma_.lower() in LIGHT_VERBS):
            # "denied responsibility for the bombing", "vowed to avenge the killings": it happened;
            # "threatened to launch the offensive" is the threat's content all the same
            continue
        if outer.type == "SUPPORT":
            continue
        cand.dropped = True
        if outer.mode is None:
            table = THREAT_MODE_OF_CONTENT if outer.type == "THREATEN" else MODE_OF_CONTENT
            if outer.type in ("REQUEST", "REJECT", "THREATEN"):
                outer.mode = table.get(cand.type)


def _content_owner(token: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    node = token
    for _ in range(8):
        if node.head.i == node.i:
            return None
        if node.dep_ in ("nsubj", "nsubjpass", "csubj", "relcl", "agent"):
            return None
        if node.dep_ == "ccomp" and node.tag_ == "VBD":
            return None  # what is demanded is subjunctive or modal; a past-tense clause is a report
        node = node.head
        owner = by_token.get(node.i)
        if owner is not None and not owner.dropped and owner.type in CONTENT_TYPES:
            return owner
    return None


def speech_rejections(sent_tokens: list[Token], cands: list[Candidate]) -> list[tuple[Token, str | None]]:
    """Speech verbs whose content negates a cooperative proposal ("no ceasefire"): REJECT triggers
    with the REJECT mode the proposal implies (a ceasefire → yield, talks → meet)."""
    out = []
    for verb in sent_tokens:
        if verb.pos_ != "VERB" or verb.lemma_.lower() not in SPEECH_VERBS:
            continue
        for node in _content_nodes(verb):
            if _negated_cooperation(node):
                out.append((verb, REJECT_MODE_OF.get(node.lemma_.lower())))
                for cand in cands:
                    if cand.head.i in {t.i for t in node.subtree} or cand.head.i == node.i:
                        cand.dropped = True
                break
    return out


def _content_nodes(verb: Token) -> list[Token]:
    out = []
    for child in verb.children:
        if child.dep_ in ("ccomp", "dobj", "xcomp"):
            out.extend(t for t in child.subtree if t.dep_ not in ("relcl",))
    return out


def _negated_cooperation(token: Token) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ == "NOUN" and lemma in COOP_NOUNS:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
            return True
        clause = token
        for _ in range(4):  # "conditions for a ceasefire were not in place"
            clause = clause.head
            if clause.pos_ in ("VERB", "AUX"):
                return any(c.dep_ == "neg" for c in clause.children)
            if clause.head.i == clause.i:
                break
    if token.pos_ == "VERB" and lemma in COOP_VERBS:
        return any(c.dep_ == "neg" for c in token.children)
    return False


GOVERNMENT_WORDS = frozenset({"government", "ministry", "minister", "embassy", "ambassador", "president",
                              "state", "country", "foreign", "administration", "cabinet", "regime"})


def state_protest(cand: Candidate, agents: list[Token]) -> None:
    """A government "protesting" is a verbal complaint (ACCUSE), not a street protest.

    Only the word "protest" itself: a sit-in, strike or march by state employees (police,
    soldiers, civil servants) is a real protest.
    """
    if cand.type != "PROTEST" or not agents or cand.head.lemma_.lower() != "protest":
        return
    if any(a.ent_type_ == "GPE" or a.lemma_.lower() in GOVERNMENT_WORDS for a in agents):
        cand.type, cand.mode = "ACCUSE", "disapprove"
