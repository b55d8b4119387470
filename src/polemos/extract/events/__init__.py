"""Events: PLOVER event mentions found by rules over the dependency parse.

Place in the pipeline: ``polemos_events`` runs after the parser, NER, places, actors, dates and
quotes; it returns ``EventMention`` records (``mentions.py``) that the assembler links to
actor, place and date ids. One pass over the sentences: a sentence whose lemmas hit no trigger in
the lexicon (``data/event_lexicon.csv``) costs one set look-up per token. For the others:

1. lexicon hits filtered by syntax (``event_rules.accept``);
2. sentence rules: intent → AGREE / THREATEN, content of requests and rejections is no fact,
   negated cooperation in speech → REJECT (``event_rules``);
3. arguments, date and places (``event_args``), modality (``event_modality``);
4. crosswalks to CAMEO and ACLED (``resolve/ontology.py``).

Speech verbs alone ("said") are not events; the lead links events inside quotes to the quote.
"""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from polemos.extract.events._args import (
    PLACE_LABELS,
    PLACE_NOUNS,
    find_date,
    find_places,
    governing_verb,
    is_participant,
    noun_agents,
    noun_patients,
    participant_kind,
    participant_word,
    verb_patients,
    verb_subject,
)
from polemos.extract.events._lexicon import TriggerEntry, lexicon, trigger_lemmas
from polemos.extract.events._modality import modality
from polemos.extract.events._rules import (
    COOP_NOUNS,
    INSTRUMENTS,
    WEAPON_OBJECTS,
    Candidate,
    accept,
    apply_content,
    apply_instruments,
    apply_intent,
    match_entry,
    refine_type,
    speech_rejections,
    state_protest,
)
from polemos.mentions import EventMention
from polemos.model import Span
from polemos.resolve.ontology import crosswalk

SPEECH_REJECT = TriggerEntry("tell", "V", "REJECT", None, None, 0.7)
CONTEXT_WORDS = {
    "ceasefire": "diplomatic", "truce": "diplomatic", "peace": "diplomatic", "talk": "diplomatic",
    "negotiation": "diplomatic", "dialogue": "diplomatic", "ambassador": "diplomatic", "summit": "diplomatic",
    "election": "election", "vote": "election", "ballot": "election", "parliament": "legislative",
    "terrorist": "terrorism", "jihadist": "terrorism", "terrorism": "terrorism", "refugee": "migration",
    "migrant": "migration", "asylum": "asylum", "troop": "military", "army": "military", "military": "military",
    "soldier": "military", "court": "legal", "judge": "legal", "trade": "economic", "economic": "economic",
    "oil": "natural_resource", "territory": "territory", "border": "territory", "peacekeeper": "peacekeeping",
    "peacekeeping": "peacekeeping", "corruption": "corruption", "drug": "illegal_drugs", "church": "religion_ethnicity",
    "mosque": "religion_ethnicity", "ethnic": "religion_ethnicity", "journalist": "rights_freedoms",
    "humanitarian": "human_security", "hospital": "health", "cyber": "cyber", "chemical": "cbrn",
}
TWO_SIDED_HINTS = frozenset({"clash"})


def find_events(doc: Doc, *, published: dt.date | None = None) -> list[EventMention]:
    """Every event mention in the document, in text order."""
    published = published or _published(doc)
    lemmas = trigger_lemmas()
    table = lexicon()
    text = doc.text  # once: spaCy rebuilds it from every token on each access
    out: list[EventMention] = []
    for sent in doc.sents:
        if not any(_lemma(t) in lemmas or t.lower_ in lemmas for t in sent):
            continue
        out.extend(_sentence_events(sent, table, published=published, text=text))
    return out


def _published(doc: Doc) -> dt.date | None:
    """The article's publication date when the pipeline put the article on the doc."""
    if not Doc.has_extension("polemos_article"):
        return None
    article = doc._.polemos_article
    value = getattr(article, "published", None) if article is not None else None
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _sentence_events(sent: SpacySpan, table: dict, *, published: dt.date | None,
                     text: str) -> list[EventMention]:
    if _is_opinion(sent):
        return []
    cands = _candidates(sent, table)
    for verb, mode in speech_rejections(list(sent), cands):
        cands.append(Candidate(verb, [verb], SPEECH_REJECT, "REJECT", mode, noun=False, conf=0.7))
    apply_intent(cands)
    apply_content(cands)
    apply_instruments(list(sent), cands)
    _merge_same_event(cands)
    return [_mention(c, sent, published=published, text=text)
            for c in sorted(cands, key=lambda c: c.head.i) if not c.dropped]


def _candidates(sent: SpacySpan, table: dict) -> list[Candidate]:
    out = []
    for token in sent:
        pos = "V" if token.pos_ == "VERB" else "N" if token.pos_ == "NOUN" or (
            token.pos_ == "PROPN" and not token.ent_type_) else None
        if pos is None:
            continue
        entries = table.get((_lemma(token), pos)) or table.get((token.lower_, pos))
        if not entries:
            continue
        found = _accepted(token, entries)
        if found is None:
            continue
        entry, tokens = found
        etype, mode = refine_type(token, entry)
        if etype == "AID" and any(o.lemma_.lower() in _TROOPS for o in token.children if o.dep_ == "dobj"):
            etype, mode = "MOBILIZE", "troops"  # "sent troops"
        out.append(Candidate(token, tokens, entry, etype, mode, noun=pos == "N", conf=entry.conf))
    return out


QUOTE_MARKS = "\"'“”‘’«»"


def _lemma(token: Token) -> str:
    """The lemma to look up: a quote mark the tokenizer left on the word ('."Shootings' in text
    run together without spaces) is not part of it."""
    return token.lemma_.lower().strip(QUOTE_MARKS)


def _accepted(token: Token, entries: tuple[TriggerEntry, ...]) -> tuple[TriggerEntry, list[Token]] | None:
    """The first entry (phrasal ones first) that the token realises and the syntax accepts:
    "block" is a protest on a road, censorship on a website."""
    for entry in entries:
        found = match_entry(token, (entry,))
        if found is not None and accept(token, found[0]):
            return found
    return None


_TROOPS = frozenset({"troop", "soldier", "force", "police", "warship", "tank", "reinforcement", "unit",
                     "battalion", "gendarme", "contingent"})


def _is_opinion(sent: SpacySpan) -> bool:
    """Analysis, not news: "The distrust we see ... is stronger than ever" (copula + comparative)."""
    root = sent.root
    if root.lemma_ != "be":
        return False
    return any(c.dep_ == "acomp" and c.tag_ in ("JJR", "JJS") for c in root.children)


def _merge_same_event(cands: list[Candidate]) -> None:
    """"killed in an attack", "killed and wounded": one event, kept on the verb."""
    live = [c for c in cands if not c.dropped]
    by_token = {c.head.i: c for c in live}
    for cand in live:
        if cand.noun:
            verb = governing_verb(cand.head)
            other = by_token.get(verb.i) if verb is not None else None
            if other is not None and other is not cand and other.type == cand.type and not other.dropped:
                cand.dropped = True
        elif cand.head.dep_ == "conj" and not _own_object(cand.head) and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in cand.head.children):
            # "attacked and wounded two men" is one event; "attacked the village, three were killed" tells two
            other = by_token.get(cand.head.head.i)
            if other is not None and other.type == cand.type and not other.dropped:
                cand.dropped = True


def _own_object(verb: Token) -> bool:
    return any(c.dep_ == "dobj" for c in verb.children) and verb.i > verb.head.i and any(
        c.dep_ == "dobj" for c in verb.head.children)


def _mention(cand: Candidate, sent: SpacySpan, *, published: dt.date | None, text: str) -> EventMention:
    head = cand.head
    clause = governing_verb(head) if cand.noun else head
    agents, patients = _raw_roles(head, cand.tokens, noun=cand.noun, plover_type=cand.type)
    places = find_places(head, clause=clause if cand.noun else None)
    if cand.mode == "visit":  # "visiting the French capital": a place, not a recipient
        places += tuple(p.i for p in patients if p.ent_type_ in PLACE_LABELS or p.lemma_.lower() in PLACE_NOUNS)
        patients = [p for p in patients if p.i not in places]
    agents, patients = _clean_roles(agents, patients)
    state_protest(cand, agents)
    date = find_date(head, sent, clause=clause if cand.noun else None)
    mod = set(modality(head, date=date, published=published)) | cand.extra_modality
    two_sided = cand.hint in TWO_SIDED_HINTS or (cand.type == "ASSAULT" and len(agents) > 1 and not patients)
    agent_kind = participant_kind(agents)
    if agent_kind == "civilian" and not any(a.tag_ in ("NNS", "NNPS") for a in agents):
        agent_kind = None  # one person's violence ("a herder killed a farmer") is no mob (ACLED: Attack)
    walk = crosswalk(cand.type, mode=cand.mode, hint=cand.hint, agent_kind=agent_kind,
                     patient_kind=participant_kind(patients), two_sided=two_sided,
                     appeal="appeal" in cand.entry.flags)
    order = ("negated", "hypothetical", "conditional", "future", "historical", "ongoing")
    return EventMention(
        type=cand.type,
        trigger=_span(text, cand.tokens),
        evidence=Span(sent.start_char, sent.end_char, text[sent.start_char:sent.end_char]),
        mode=cand.mode,
        context=_contexts(sent),
        agent_heads=tuple(dict.fromkeys(a.i for a in agents)),
        patient_heads=tuple(dict.fromkeys(p.i for p in patients)),
        modality=tuple(m for m in order if m in mod),
        cameo=walk.cameo,
        acled_event_type=walk.acled_event_type,
        acled_sub_event_type=walk.acled_sub_event_type,
        confidence=_confidence(cand, agents, patients),
        date_text=Span(date.start_char, date.end_char, date.text) if date is not None else None,
        place_heads=tuple(dict.fromkeys(places)),
    )


def rule_roles(trigger: Token, *, plover_type: str) -> tuple[list[Token], list[Token]]:
    """Who acted and whom it was done to, by the rules, for an event at ``trigger`` (a noun or a
    verb): what the learned role head is stacked on."""
    noun = trigger.pos_ in ("NOUN", "PROPN")
    return _clean_roles(*_raw_roles(trigger, [trigger], noun=noun, plover_type=plover_type))


def _raw_roles(head: Token, tokens: list[Token], *, noun: bool, plover_type: str) -> tuple[list[Token], list[Token]]:
    if noun:
        return noun_agents(head, plover_type=plover_type), noun_patients(head, plover_type=plover_type)
    agents = verb_subject(head)
    patients = verb_patients(head, plover_type=plover_type)
    own = {t.i for t in tokens}
    if any(p.i in own for p in patients):  # "opened fire on the post": the target, not "fire"
        patients = [p for p in patients if p.i not in own] + [
            t for o in tokens if o.i != head.i for c in o.children
            if c.dep_ == "prep" and c.lower_ in ("on", "at", "against", "upon")
            for t in c.children if t.dep_ == "pobj"]
    return agents, patients


def _clean_roles(agents: list[Token], patients: list[Token]) -> tuple[list[Token], list[Token]]:
    patients = [p for p in patients if is_participant(p) and p.lemma_.lower() not in COOP_NOUNS]
    agents = [a for a in agents if is_participant(a) and a.i not in {p.i for p in patients}]
    return [m for a in agents for m in _owner_of_weapon(a)], patients


def _owner_of_weapon(token: Token) -> list[Token]:
    """"A Russian missile hit …": the attacker is whoever the weapon's modifier names."""
    if token.lemma_.lower() not in INSTRUMENTS:
        return [token]
    owners = [c for c in token.children if c.dep_ in ("amod", "compound", "poss")
              and c.ent_type_ in ("NORP", "GPE", "ORG")]
    return owners or [token]


def _span(text: str, tokens: list[Token]) -> Span:
    tokens = sorted(tokens, key=lambda t: t.i)
    if tokens[-1].i - tokens[0].i > 4:
        tokens = [tokens[-1]] if tokens[-1].pos_ in ("VERB", "NOUN") else [tokens[0]]
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    lead = len(tokens[0].text) - len(tokens[0].text.lstrip(QUOTE_MARKS))  # '"Shootings' names "Shootings"
    trail = len(tokens[-1].text) - len(tokens[-1].text.rstrip(QUOTE_MARKS))
    if start + lead < end - trail:
        start, end = start + lead, end - trail
    return Span(start, end, text[start:end])


def _contexts(sent: SpacySpan) -> tuple[str, ...]:
    found = {CONTEXT_WORDS[t.lemma_.lower()] for t in sent if t.lemma_.lower() in CONTEXT_WORDS}
    return tuple(sorted(found))


def _confidence(cand: Candidate, agents: list[Token], patients: list[Token]) -> float:
    conf = cand.conf
    if agents:
        conf += 0.1
    if patients:
        conf += 0.05
    if cand.noun and not agents and not patients:
        # a bare "the clashes" mostly refers back to an event told elsewhere
        definite = any(c.dep_ == "det" and c.lower_ == "the" for c in cand.head.children)
        conf -= 0.25 if definite else 0.1
    return round(max(0.05, min(conf, 0.95)), 2)


__all__ = ["find_events", "participant_kind", "rule_roles"]
