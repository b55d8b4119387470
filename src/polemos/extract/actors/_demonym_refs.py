"""A demonym standing for its state: "A Russian missile hit", "the Turkish side agreed".

Pass 2b of ``extract/actors/__init__.py``, run after the descriptions (so "Libyan forces" and "Russian
officials" are already actors of their own and are left alone). When a demonym modifies a
noun that is not itself an actor — a weapon, a strike, a side, a delegation — the state is
the one acting, so the demonym token is mapped to the state's actor (kind ``country``,
sector ``GOV``: a state acting as a whole is coded as its government, as the KB's state
entries are; see docs/actor-kb.md). Event finders then read "Russian" as the agent of "hit".

Only those nouns count (a closed list below), so "the Russian economy shrank" or "a Russian
speaker" do not make Russia an actor.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from polemos.extract.actors._context import demonym_country
from polemos.extract.actors._registry import Registry

# Nouns whose demonym names the state behind them: weapons and strikes it fires, sides and
# delegations that speak for it. Written by the Polemos project (CC0).
STATE_INSTRUMENT_NOUNS = frozenset({
    "missile", "missiles", "rocket", "rockets", "drone", "drones", "shell", "shells", "bomb", "bombs",
    "strike", "strikes", "airstrike", "airstrikes", "raid", "raids", "jet", "jets", "warplane", "warplanes",
    "plane", "planes", "aircraft", "helicopter", "helicopters", "bomber", "bombers", "tank", "tanks",
    "artillery", "warship", "warships", "gunboat", "gunboats", "submarine", "submarines", "vessel", "vessels",
    "attack", "attacks", "offensive", "shelling", "bombardment", "bombing", "invasion", "blockade",
    "side", "sides", "delegation", "delegations", "team", "negotiating",
})
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod"})


def add_demonym_refs(doc: Doc, registry: Registry) -> None:
    """Map each demonym that stands for its state to that state's actor."""
    owners = registry.owners()
    for token in doc:
        if token.dep_ not in _MODIFIER_DEPS and token.dep_ != "conj":
            continue
        if token.i in owners or token.ent_type_ not in ("NORP", "GPE", ""):
            continue
        head = _modified_noun(token)
        if head is None or head.i in owners or head.lower_ not in STATE_INSTRUMENT_NOUNS:
            continue
        iso3 = demonym_country(token)
        if iso3 is None:
            continue
        entry = registry.kb.entry(f"country:{iso3.lower()}")
        if entry is None:
            continue
        registry.mention(registry.from_entry(entry), token.i, token.i + 1)


def _modified_noun(token: Token) -> Token | None:
    """The noun a demonym modifies, through "Turkish and Greek sides" (Greek is a conj of Turkish)."""
    while token.dep_ == "conj":
        token = token.head
    if token.dep_ not in _MODIFIER_DEPS or token.head.pos_ not in ("NOUN", "PROPN"):
        return None
    return token.head
