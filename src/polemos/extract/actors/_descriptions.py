"""Actors referred to without a name: descriptions, common nouns and pronouns.

Passes 2 and 3 of ``extract/actors/__init__.py``, run once the names are known (so "the Haftar-led
army" can find the army Haftar leads even when the article names it later):

- "the Haftar-led army" -> the organisation the KB or the article ties to Haftar;
- "the French presidential office", "the French presidency" -> that state's presidency;
- "an official with the French presidential office", "the general" -> a person, unnamed or
  the last one holding that role;
- "Libyan forces", "the army", "gunmen", "protesters" -> an actor coded from the noun (sector)
  and its demonym (country), even when no KB knows it;
- "he" / "she" -> the subject of the speech verb governing the pronoun, else the nearest
  person before it; "they" only when exactly one group or organisation fits.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from polemos.extract.actors._context import demonym_country, phrase_name
from polemos.extract.actors._lexicon import (
    LED_WORDS,
    OFFICE_NOUNS,
    PERSON_ROLE_NOUNS,
    PLURAL_SUBJECT_PRONOUNS,
    PRESIDENTIAL_ADJECTIVES,
    SINGULAR_PRONOUNS,
    SPEECH_VERBS,
    actor_nouns,
    country_names,
    titles,
)
from polemos.extract.actors._registry import Cluster, Registry
from polemos.resolve.actor_kb import normalise_name

_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "agent", "dative", "ROOT", "attr", "oprd"})
_PREMODIFIERS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "predet"})
_ARMED = frozenset({"MIL", "PRM", "REB", "UAF", "COP"})
_DEFINITE = frozenset({"the", "this", "that"})
_STATE_SERVANTS = frozenset({"official", "spokesman", "spokeswoman", "spokesperson", "diplomat", "envoy", "aide",
                             "adviser", "advisor", "minister", "representative"})
_IT = frozenset({"it", "its"})
_AFFILIATION_PREPS = frozenset({"with", "from", "of", "at", "in"})


class _Describer:
    """Resolves description phrases of one document; memoises each noun token it has read."""

    def __init__(self, doc: Doc, registry: Registry) -> None:
        self.doc = doc
        self.registry = registry
        self.owners = registry.owners()
        self.done: dict[int, Cluster | None] = {}

    def run(self) -> None:
        for token in self.doc:
            if token.lower_ in LED_WORDS:
                self.led(token)
        for token in self.doc:
            if token.pos_ in ("NOUN", "PROPN") and not token.ent_type_ and token.i not in self.owners:
                self.describe(token)

    def describe(self, token: Token) -> Cluster | None:
        if token.i in self.done:
            return self.done[token.i]
        self.done[token.i] = None
        cluster = self.presidency(token) or self.person_noun(token) or self.common_noun(token)
        self.done[token.i] = cluster
        return cluster

    # "the Haftar-led army"
    def led(self, token: Token) -> None:
        doc, i = self.doc, token.i
        if i < 2 or doc[i - 1].text != "-" or doc[i - 2].pos_ != "PROPN":
            return
        leader_key = self.owners.get(i - 2) or self._person_by_name(doc[i - 2].text)
        noun = next((t for t in doc[i + 1:i + 4] if t.pos_ in ("NOUN", "PROPN")), None)
        if leader_key is None or noun is None or noun.i in self.done:
            return
        leader = self.registry.get(leader_key)
        if (i - 2) not in self.owners:
            self.registry.mention(leader, i - 2, i - 1)
        info = actor_nouns().get(noun.lower_)
        target_key = self.registry.resolve_affiliation(leader, self.owners)
        target = self.registry.get(target_key) if target_key else None
        if target is None or (info is not None and not _compatible(info.sector, target.sector)):
            name = phrase_name(doc, phrase_start(noun), noun.i + 1)
            target = self.registry.generic(f"gen:led:{leader_key}:{noun.lower_}", name, kind="group",
                                           country=leader.country, sector=info.sector if info else None,
                                           noun=info.name if info else noun.lower_)
            target.affiliation = leader_key
        self.registry.mention(target, phrase_start(noun), noun.i + 1, description=True)
        self.done[noun.i] = target

    def _person_by_name(self, text: str) -> str | None:
        key = self.registry.surnames.get(normalise_name(text))
        if key is not None and self.registry.has(key):
            return key
        entry = self.registry.kb_match(text)
        if entry is not None and self.registry.has(f"kb:{entry.kb_id}"):
            return f"kb:{entry.kb_id}"
        return None

    # "the French presidential office", "the French presidency"
    def presidency(self, token: Token) -> Cluster | None:
        presidential = any(c.lower_ in PRESIDENTIAL_ADJECTIVES for c in token.children)
        if not (token.lower_ == "presidency" or (token.lower_ in OFFICE_NOUNS and presidential)):
            return None
        country = self._country(token)
        if country is None:
            return None
        cluster = self._presidency_of(country)
        self.registry.mention(cluster, phrase_start(token), token.i + 1, description=True)
        return cluster

    def _presidency_of(self, country: str) -> Cluster:
        entry = self.registry.kb.office_holder("Presidency", country, on=self.registry.on)
        if entry is not None:
            return self.registry.from_entry(entry)
        name = f"{country_names().get(country, country)} presidency"
        return self.registry.generic(f"gen:presidency:{country}", name, kind="organization", country=country,
                                     sector="GOV", noun="presidency")

    def _country(self, token: Token) -> str | None:
        """"French", "Libya's" before the noun, or "of Armenia" after it."""
        for child in token.children:
            if child.dep_ in ("amod", "compound", "poss", "nmod", "npadvmod"):
                country = demonym_country(child)
                if country:
                    return country
            elif child.dep_ == "prep" and child.lower_ == "of":
                for obj in child.children:
                    if obj.dep_ == "pobj" and obj.ent_type_ == "GPE" and demonym_country(obj):
                        return demonym_country(obj)
        return None

    # "an official with the French presidential office", "the general"
    def person_noun(self, token: Token) -> Cluster | None:
        word = token.lower_
        if word not in PERSON_ROLE_NOUNS or token.dep_ in ("compound", "amod", "poss"):
            return None
        if any(c.ent_type_ == "PERSON" for c in token.children):
            return None
        determiner = next((c.lower_ for c in token.children if c.dep_ == "det"), None)
        country = self._country(token)
        if determiner is None and country is None:
            return None
        affiliation = self._affiliation(token, country)
        if country is None and affiliation is not None:
            country = affiliation.country
        pair = f"{self.doc[token.i - 1].lower_} {word}" if token.i else word
        title = titles().get(pair) or titles().get(word)  # "the prime minister", not just "minister"
        role = title.role if title else word.capitalize()
        start = phrase_start(token)
        if determiner in _DEFINITE:
            antecedent = self._antecedent(token, role, country)
            # "the prime minister" with no state named: the office holder of the state the article is about
            antecedent = antecedent or self._office_holder(role, country or self.registry.focus_country)
            if antecedent is not None:
                self.registry.mention(antecedent, start, token.i + 1, description=True)
                return antecedent
        name = phrase_name(self.doc, start, token.i + 1)
        if affiliation is not None and affiliation.name.lower() not in name.lower():
            name = f"{name} ({affiliation.name})"
        sector = (title.sector if title else None) or (affiliation.sector if affiliation else None)
        if sector is None and country is not None and word in _STATE_SERVANTS:
            sector = "GOV"  # "a Russian official": a state's official unless the text says otherwise
        cluster = self.registry.generic(f"anon:{token.i}", name, kind="person", country=country, sector=sector,
                                        role=role, noun=word)
        if affiliation is not None:
            cluster.affiliation = affiliation.key
        self.registry.mention(cluster, start, token.i + 1, description=True)
        return cluster

    def _affiliation(self, token: Token, country: str | None) -> Cluster | None:
        if country and any(c.lower_ in PRESIDENTIAL_ADJECTIVES for c in token.children):
            return self._presidency_of(country)  # "a French presidential official"
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in _AFFILIATION_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if obj.i in self.owners:
                    return self.registry.get(self.owners[obj.i])
                if obj.pos_ == "NOUN" and not obj.ent_type_:
                    return self.describe(obj)
        return None

    def _office_holder(self, role: str, country: str | None) -> Cluster | None:
        """"the French president" with no name in the article: whoever held the office that day."""
        if country is None:
            return None
        entry = self.registry.kb.office_holder(role, country, on=self.registry.on)
        return self.registry.from_entry(entry) if entry is not None and entry.kind == "person" else None

    def _antecedent(self, token: Token, role: str, country: str | None) -> Cluster | None:
        best: tuple[int, Cluster] | None = None
        for cluster in self.registry.clusters():
            if cluster.kind != "person" or not cluster.role or role.lower() not in cluster.role.lower():
                continue
            if country and cluster.country and cluster.country != country:
                continue
            before = [s for s, _ in cluster.mentions if s < token.i]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), cluster)
        return best[1] if best else None

    # "Libyan forces", "the army", "gunmen"
    def common_noun(self, token: Token) -> Cluster | None:
        if token.dep_ not in _ARGUMENT_DEPS or any(c.dep_ == "nsubj" for c in token.children):
            return None  # a verbless predicate ("all of them civilians") describes a figure, not an actor
        pair = f"{self.doc[token.i - 1].lower_} {token.lower_}" if token.i else ""
        info = actor_nouns().get(pair) or actor_nouns().get(token.lower_)
        if info is None:
            return None
        start = phrase_start(token)
        phrase = _common_name(token)
        entry = self.registry.kb_match(phrase)
        if entry is not None:
            cluster = self.registry.from_entry(entry)
            self.registry.mention(cluster, start, token.i + 1, description=True)
            return cluster
        leader = next((self.owners[c.i] for c in token.children if c.dep_ in ("poss", "compound") and c.i in self.owners
                       and self.registry.get(self.owners[c.i]).kind == "person"), None)
        if leader is not None:  # "Gaddafi's government": the one that person led
            cluster = self.registry.generic(f"gen:led:{leader}:{info.name}", phrase, kind=info.kind,
                                            country=self.registry.get(leader).country, sector=info.sector,
                                            noun=info.name)
            cluster.affiliation = leader
            self.registry.mention(cluster, start, token.i + 1, description=True)
            return cluster
        country = self._country(token)
        extras = sorted(c.lower_ for c in token.children if c.dep_ in ("amod", "compound")
                        and c.pos_ in ("ADJ", "NOUN", "VERB") and not demonym_country(c))
        cluster = self._known_government(info.name, country, extras) or \
            self._national_body(info.name, country, extras) or self._same_noun(info.name, country, extras, token)
        if cluster is None:
            key = f"gen:{info.name}:{country or '-'}:{'-'.join(extras)}"
            cluster = self.registry.generic(key, phrase, kind=info.kind, country=country, sector=info.sector,
                                            noun=info.name)
        self.registry.mention(cluster, start, token.i + 1, description=True)
        return cluster

    def _known_government(self, noun: str, country: str | None, extras: list[str]) -> Cluster | None:
        if noun != "government" or country is None or extras:
            return None
        kb = self.registry.kb
        entry = kb.office_holder("Government", country, on=self.registry.on) or kb.entry(f"country:{country.lower()}")
        return self.registry.from_entry(entry) if entry is not None else None

    def _national_body(self, noun: str, country: str | None, extras: list[str]) -> Cluster | None:
        """"Sudan's army", "the army of Sudan": the KB's "Sudanese army" (the Sudanese Armed Forces)."""
        if country is None or extras:
            return None
        entry = self.registry.kb.national_body(country, noun, on=self.registry.on)
        if entry is None:
            return None
        cluster = self.registry.from_entry(entry)
        cluster.noun = cluster.noun or noun  # so "the army" later in the article finds it
        return cluster

    def _same_noun(self, noun: str, country: str | None, extras: list[str], token: Token) -> Cluster | None:
        """"the forces" after "Libyan forces": the last actor described with the same noun."""
        if country is not None or extras or any(c.dep_ == "poss" for c in token.children):
            return None
        best: tuple[int, Cluster] | None = None
        for cluster in self.registry.clusters():
            if cluster.noun != noun:
                continue
            before = [s for s, _ in cluster.mentions if s < token.i]
            if before and (best is None or max(before) > best[0]):
                best = (max(before), cluster)
        return best[1] if best else None


def _common_name(token: Token) -> str:
    """"three villagers" -> "villagers", "The Libyan forces" -> "Libyan forces", "Police" -> "police"."""
    kept = [c for c in token.lefts if c.dep_ in _PREMODIFIERS and c.dep_ not in ("det", "nummod", "quantmod", "predet")]
    start = min((c.left_edge.i for c in kept), default=token.i)
    words = [t for t in token.doc[start:token.i + 1] if t.dep_ not in ("nummod", "quantmod", "det")
             or t.head.i != token.i]
    text = "".join(t.text_with_ws for t in words).strip()
    if words[0].is_sent_start and (words[0].pos_ == "NOUN" or words[0].lower_ in actor_nouns()):
        text = text[:1].lower() + text[1:]
    return text


def phrase_start(token: Token) -> int:
    """First token of a noun's pre-modifiers ("the Haftar-led army"), leaving out appositions and clauses."""
    starts = [c.left_edge.i for c in token.lefts if c.dep_ in _PREMODIFIERS]
    return min(starts, default=token.i)


def _compatible(noun_sector: str, actor_sector: str | None) -> bool:
    if actor_sector is None or noun_sector == actor_sector:
        return True
    return noun_sector in _ARMED and actor_sector in _ARMED


def add_descriptions(doc: Doc, registry: Registry) -> None:
    _Describer(doc, registry).run()


# --- pronouns --------------------------------------------------------------------------------

def add_pronouns(doc: Doc, registry: Registry) -> None:
    owners = registry.owners()
    persons = sorted((start, cluster.key) for cluster in registry.clusters() if cluster.kind == "person"
                     for start, _ in cluster.mentions)
    for token in doc:
        word = token.lower_
        if word in SINGULAR_PRONOUNS and token.tag_ in ("PRP", "PRP$"):
            key = _speaker_of(token, owners, registry, SINGULAR_PRONOUNS[word]) or \
                _nearest_person(token, persons, owners, registry, SINGULAR_PRONOUNS[word])
            if key is None:
                registry.warn(f"{token.text!r} at character {token.idx}: no person it could refer to")
                continue
            cluster = registry.get(key)
            cluster.gender = cluster.gender or SINGULAR_PRONOUNS[word]
            registry.mention(cluster, token.i, token.i + 1, description=True)
            owners[token.i] = key
        elif word in _IT and token.tag_ in ("PRP", "PRP$"):  # "the army said it had retaken": only inside speech
            key = _speaker_of(token, owners, registry, None)
            if key is not None:
                registry.mention(registry.get(key), token.i, token.i + 1, description=True)
                owners[token.i] = key
        elif word in PLURAL_SUBJECT_PRONOUNS and token.dep_ in ("nsubj", "nsubjpass"):
            key = _single_group(token, registry)
            if key is not None:
                registry.mention(registry.get(key), token.i, token.i + 1, description=True)
                owners[token.i] = key


def _fits(key: str | None, registry: Registry, gender: str | None) -> bool:
    """A person of a compatible gender for "he"/"she"; a non-person for "it" (gender None)."""
    if key is None:
        return False
    cluster = registry.get(key)
    if gender is None:
        return cluster.kind in ("organization", "group", "country")
    return cluster.kind == "person" and cluster.gender in (None, gender)


def _speaker_of(token: Token, owners: dict[int, str], registry: Registry, gender: str | None) -> str | None:
    """"Haftar said he was willing": a pronoun inside what a person said is usually that person."""
    head = token
    for _ in range(4):
        if head.head.i == head.i:
            return None
        head = head.head
        if head.lemma_ in SPEECH_VERBS:
            for child in head.children:
                if child.dep_ == "nsubj" and child.i != token.i and _fits(owners.get(child.i), registry, gender):
                    return owners[child.i]
    return None


def _nearest_person(token: Token, persons: list[tuple[int, str]], owners: dict[int, str], registry: Registry,
                    gender: str) -> str | None:
    """The nearest person before the pronoun, subjects first, within this and the two previous sentences."""
    doc = token.doc
    earliest = registry.sentence_start(token.i, back=2)
    window = [(start, key) for start, key in persons if earliest <= start < token.i and _fits(key, registry, gender)]
    if not window:
        return None
    subjects = [(s, k) for s, k in window if doc[s].head.dep_ in ("nsubj",) or _is_subject(doc, s, owners)]
    return max(subjects or window)[1]


def _is_subject(doc: Doc, start: int, owners: dict[int, str]) -> bool:
    key = owners.get(start)
    i = start
    while i < len(doc) and owners.get(i) == key:
        if doc[i].dep_ in ("nsubj", "nsubjpass"):
            return True
        i += 1
    return False


def _single_group(token: Token, registry: Registry) -> str | None:
    earliest = registry.sentence_start(token.i, back=1)
    keys = {cluster.key for cluster in registry.clusters() if cluster.kind in ("group", "organization")
            for start, _ in cluster.mentions if earliest <= start < token.i}
    return keys.pop() if len(keys) == 1 else None
