"""The working table of one article's actors while ``extract/actors/__init__.py`` builds it.

A ``Registry`` lives for one ``find_actors`` call: it groups mentions into clusters (one per
actor) under a key — ``kb:<kb_id>`` for KB actors, ``per:`` / ``org:`` + normalised name for
others, ``gen:`` / ``anon:`` for described actors — and records what the text says about each.
It is mutable on purpose and never outlives the call; what leaves is frozen ``Actor`` records.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from polemos.extract.actors._context import Facts
from polemos.extract.actors._lexicon import organization_hints
from polemos.resolve.actor_kb import ActorKB, KBEntry, normalise_name

# Roles with no sector of their own that, with a state named beside them, mean its government.
_NATIONAL_ROLES = frozenset({"Leader", "Official", "Envoy", "Special Envoy", "Representative", "Spokesperson",
                             "Secretary-General", "Chairman"})


@dataclass
class Cluster:
    key: str
    name: str
    kind: str
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    kb_id: str | None = None
    affiliation: str | None = None        # key of another cluster, set from the text
    affiliation_token: int | None = None  # a token of the affiliated actor's name, resolved at the end
    affiliation_kb: str | None = None     # the KB's affiliation, used when the text says nothing
    noun: str | None = None               # the common noun of a described actor ("army")
    gender: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    names: set[tuple[int, int]] = field(default_factory=set)
    extra_tokens: list[tuple[int, int]] = field(default_factory=list)
    role_from_text: bool = False

    def first(self) -> int:
        return min(start for start, _ in self.mentions)

    def name_tokens(self) -> list[tuple[int, int]]:
        return sorted(self.names)

    def other_tokens(self) -> list[tuple[int, int]]:
        return [m for m in self.mentions if m not in self.names] + self.extra_tokens


class Registry:
    """Clusters of one article, keyed; KB look-ups on the article's date."""

    def __init__(self, kb: ActorKB, on: dt.date | None, *, doc: Doc) -> None:
        self.kb = kb
        self.on = on
        # token index -> first token of its sentence, and each sentence's start in order:
        # computed once, because spaCy's token.sent walks the document on every call
        self.sentence_starts: list[int] = [sent.start for sent in doc.sents]
        self.token_sentence: list[int] = []
        for number, sent in enumerate(doc.sents):
            self.token_sentence.extend([number] * len(sent))
        self.warnings: list[str] = []
        self.surnames: dict[str, str | None] = {}  # last name in the article -> key of the full name
        self.focus_country: str | None = None  # ISO3 of the state the article is mostly about, if any
        self._clusters: dict[str, Cluster] = {}

    # look-ups
    def sentence_start(self, token_index: int, *, back: int = 0) -> int:
        """First token of the sentence holding ``token_index``, or of the ``back``-th one before it."""
        number = max(self.token_sentence[token_index] - back, 0)
        return self.sentence_starts[number]

    def kb_match(self, text: str) -> KBEntry | None:
        return self.kb.match(text, on=self.on)

    def has(self, key: str) -> bool:
        return key in self._clusters

    def get(self, key: str) -> Cluster:
        return self._clusters[key]

    def clusters(self) -> list[Cluster]:
        return list(self._clusters.values())

    def person_key(self, text: str) -> str:
        entry = self.kb_match(text)
        return f"kb:{entry.kb_id}" if entry is not None else f"per:{normalise_name(text)}"

    def owners(self) -> dict[int, str]:
        """Token index -> cluster key, names before descriptions."""
        owner: dict[int, str] = {}
        for cluster in self._clusters.values():
            for start, end in cluster.names:
                for i in range(start, end):
                    owner.setdefault(i, cluster.key)
        for cluster in self._clusters.values():
            for start, end in cluster.other_tokens():
                for i in range(start, end):
                    owner.setdefault(i, cluster.key)
        return owner

    # building
    def person(self, text: str, *, key: str | None = None) -> Cluster:
        if key is not None and key in self._clusters:
            return self._clusters[key]
        entry = self.kb_match(text)
        if key is None and entry is not None:
            return self.from_entry(entry)
        if key is not None and key.startswith("kb:"):
            return self.from_entry(self.kb.entry(key[3:], on=self.on))
        key = key or f"per:{normalise_name(text)}"
        cluster = self._clusters.setdefault(key, Cluster(key, text, "person"))
        if len(text) > len(cluster.name):
            cluster.name = text  # the full name, whichever came first
        return cluster

    def organization(self, text: str, *, key: str | None = None) -> Cluster:
        if key is not None and key in self._clusters:
            return self._clusters[key]
        entry = self.kb_match(text)
        if entry is not None:
            return self.from_entry(entry)
        key = f"org:{normalise_name(text)}"
        if key not in self._clusters:
            country, sector = organization_hints(text)
            self._clusters[key] = Cluster(key, text, "organization", country, sector)
        return self._clusters[key]

    def from_entry(self, entry: KBEntry) -> Cluster:
        key = f"kb:{entry.kb_id}"
        if key not in self._clusters:
            self._clusters[key] = Cluster(key, entry.name, entry.kind, entry.country, entry.sector, entry.role,
                                          entry.kb_id, affiliation_kb=entry.affiliation)
        return self._clusters[key]

    def generic(self, key: str, name: str, *, kind: str, country: str | None = None, sector: str | None = None,
                role: str | None = None, noun: str | None = None) -> Cluster:
        if key not in self._clusters:
            self._clusters[key] = Cluster(key, name, kind, country, sector, role, noun=noun)
        return self._clusters[key]

    def mention(self, cluster: Cluster, start: int, end: int, *, description: bool = False) -> None:
        if end <= start:
            return
        cluster.mentions.append((start, end))
        if not description:
            cluster.names.add((start, end))

    def attach_tokens(self, cluster: Cluster, start: int, end: int) -> None:
        if end > start:
            cluster.extra_tokens.append((start, end))

    def learn(self, cluster: Cluster, facts: Facts) -> None:
        """What the text says wins over the KB for the role (first statement kept); fills gaps otherwise."""
        if facts.role and not cluster.role_from_text:
            cluster.role, cluster.role_from_text = facts.role, True
        sector = facts.sector
        if sector is None and facts.country and facts.role in _NATIONAL_ROLES:
            sector = "GOV"  # "Palestinian leader Yasser Arafat": a state's leader leads its government
        cluster.sector = cluster.sector or sector
        cluster.country = cluster.country or facts.country
        if facts.affiliation_token is not None and cluster.affiliation_token is None:
            cluster.affiliation_token = facts.affiliation_token

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def resolve_affiliation(self, cluster: Cluster, owners: dict[int, str] | None = None) -> str | None:
        """Key of the actor ``cluster`` belongs to: from the text first, then the KB."""
        if cluster.affiliation is not None and cluster.affiliation != cluster.key:
            return cluster.affiliation
        if cluster.affiliation_token is not None:
            owner = (owners if owners is not None else self.owners()).get(cluster.affiliation_token)
            if owner is not None and owner != cluster.key:
                return owner
        if cluster.affiliation_kb and f"kb:{cluster.affiliation_kb}" in self._clusters:
            return f"kb:{cluster.affiliation_kb}"
        return None
