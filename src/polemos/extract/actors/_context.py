"""What the words around a name say about the actor: titles, appositions, relative clauses.

Helpers of ``extract/actors/__init__.py``. Each function reads a few tokens of a parsed spaCy ``Doc``
around one mention and returns a small frozen record (``Facts``); none of them stores state.
"French President Emmanuel Macron" gives role President, country FRA, sector GOV; "Gen.
Khalifa Haftar, who is leading the self-proclaimed Libyan National Army" gives role General
and the token of the army it leads; "Ghassan Salame, the UN secretary-general's special
representative for Libya" gives role Special Representative and the token of the UN.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from polemos.extract.actors._lexicon import LEAD_VERBS, Title, demonyms, longest_title, titles

_PORTFOLIO_TITLES = frozenset({"Minister", "Secretary"})
# Words allowed between a title and the modifiers before it: "UN-backed", "self-proclaimed".
_JOINERS = frozenset({"-", "backed", "led", "self", "proclaimed", "'s", "’s", "former", "then", "acting", "interim"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


@dataclass(frozen=True, slots=True)
class Facts:
    """What the text around one mention says; every field may be unknown."""

    role: str | None = None
    sector: str | None = None
    country: str | None = None
    affiliation_token: int | None = None  # a token of the organisation the actor belongs to
    title_tokens: tuple[int, int] | None = None  # token range of a title written before the name
    description: tuple[int, int] | None = None  # token range of an apposition describing the actor

    def merged(self, other: Facts) -> Facts:
        """Fill this record's unknown fields from ``other``."""
        return Facts(
            self.role or other.role, self.sector or other.sector, self.country or other.country,
            self.affiliation_token if self.affiliation_token is not None else other.affiliation_token,
            self.title_tokens or other.title_tokens, self.description or other.description,
        )


def demonym_country(token: Token) -> str | None:
    """ISO3 for "French", "Libyans", "France", "U.S." — only capitalised words, so "us" is not the USA."""
    if not token.text[:1].isupper():
        return None
    found = demonyms().get(token.text.lower().rstrip("’'"))
    if found is None and token.ent_type_ in ("GPE", "LOC", "NORP") and token.ent_iob_ in ("B", "I"):
        name = _entity_text(token).lower().replace("’", "'").removesuffix("'s")
        found = demonyms().get(name.removeprefix("the "))  # "Ivory Coast rebels": the whole name
    return found


def _entity_text(token: Token) -> str:
    """The text of the entity holding ``token``, read from the IOB tags around it (no scan of doc.ents)."""
    doc, start, end = token.doc, token.i, token.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end].text


def title_ending_at(doc: Doc, end: int, *, lower: int) -> tuple[Title, int] | None:
    """The longest title whose last token is ``end - 1`` and which starts at or after ``lower``."""
    table = titles()
    for size in range(min(longest_title(), end - lower), 0, -1):
        key = doc[end - size:end].text.lower()
        if key in table:
            return _portfolio(doc, table[key], end - size, lower=lower)
    return None


def _portfolio(doc: Doc, title: Title, start: int, *, lower: int) -> tuple[Title, int]:
    """"Planning and Investment Minister": capitalised words before a minister's title name the portfolio."""
    if title.role not in _PORTFOLIO_TITLES:
        return title, start
    first = start
    while first - 1 >= lower and (doc[first - 1].is_title or doc[first - 1].lower_ == "and") \
            and doc[first - 1].pos_ in ("PROPN", "NOUN", "CCONJ") and not demonym_country(doc[first - 1]):
        first -= 1
    if first == start:
        return title, start
    while doc[first].lower_ == "and":
        first += 1
    return Title(f"{doc[first:start].text} {title.role}", title.sector), first


def modifiers_country(doc: Doc, start: int, *, lower: int) -> str | None:
    """A state named just before ``start``: "French", "France's", "Libya's" (skipping "UN-backed")."""
    i = start - 1
    while i >= lower and start - i <= 6:
        token = doc[i]
        country = demonym_country(token)
        if i > lower and doc[i - 1].text[:1].isupper():  # "South African", "North Korean"
            country = demonyms().get(doc[i - 1:i + 1].text.lower()) or country
        if country and token.ent_type_ in ("NORP", "GPE", ""):
            return country
        if token.lower_ not in _JOINERS and token.ent_type_ not in ("ORG", "NORP", "GPE") and token.pos_ != "ADJ":
            return None
        i -= 1
    return None


def name_start(ent: Span) -> tuple[int, Title | None]:
    """Where the name proper starts when the entity includes its title ("Gen. Haftar")."""
    doc = ent.doc
    best: tuple[int, Title | None] = (ent.start, None)
    for size in range(min(longest_title(), len(ent) - 1), 0, -1):
        key = doc[ent.start:ent.start + size].text.lower()
        if key in titles():
            return ent.start + size, titles()[key]
    return best


def facts_before(ent: Span, start: int, inner_title: Title | None, *, lower: int) -> Facts:
    """Title and state written before a person's name ("French President Emmanuel Macron"), from ``lower`` on."""
    doc = ent.doc
    found = title_ending_at(doc, ent.start, lower=lower)
    if inner_title is not None:
        found = found or (inner_title, ent.start)
    if found is None:
        country = modifiers_country(doc, ent.start, lower=lower)
        return Facts(country=country)
    title, title_start = found
    country = modifiers_country(doc, title_start, lower=lower)
    return Facts(title.role, title.sector, country, title_tokens=(title_start, start))


def facts_after(ent: Span) -> Facts:
    """An apposition or relative clause after a name: ", the UN envoy", ", who leads the LNA"."""
    facts = Facts()
    root = ent.root
    for child in root.children:
        if child.i < ent.end:
            continue
        if child.dep_ == "appos" and child.pos_ in ("NOUN", "PROPN") and not child.ent_type_:
            facts = facts.merged(_apposition(child))
        elif child.dep_ == "relcl" and child.lemma_ in LEAD_VERBS:
            facts = facts.merged(_led_object(child))
        elif child.dep_ == "prep" and child.lower_ == "of":  # "King Hassan of Morocco"
            country = next((demonym_country(o) for o in child.children
                            if o.dep_ == "pobj" and o.ent_type_ == "GPE"), None)
            facts = facts.merged(Facts(country=country))
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and not root.head.ent_type_ and root.head.i < ent.start:
        facts = facts.merged(_apposition(root.head, exclude=ent))
    return facts


def _apposition(head: Token, *, exclude: Span | None = None) -> Facts:
    doc = head.doc
    left = head.left_edge.i
    right = head.right_edge.i + 1 if exclude is None else head.i + 1
    found = title_ending_at(doc, head.i + 1, lower=left)
    role, sector = (found[0].role, found[0].sector) if found else (None, None)
    if found is None and head.lower_ not in _ROLE_HEADS:
        return Facts()
    affiliation = None
    country = None
    for token in doc[left:right]:
        if exclude is not None and exclude.start <= token.i < exclude.end:
            continue
        if token.ent_type_ == "ORG" and affiliation is None and token.lower_ != "the":
            affiliation = token.i
        elif token.ent_type_ == "NORP" and country is None and token.head.i == head.i:
            country = demonym_country(token)
    for prep in head.children:  # "leader of Hamas", "commander of the LNA"
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.ent_type_ == "ORG":
                    affiliation = obj.i
    if role is None:
        role = _ROLE_HEADS[head.lower_]
    return Facts(role, sector, country, affiliation, description=(left, right))


def _led_object(verb: Token) -> Facts:
    for child in verb.children:
        if child.dep_ in ("dobj", "attr") and child.ent_type_ == "ORG":
            return Facts(role="Commander", affiliation_token=child.i)
    return Facts()


# Apposition heads that describe a role although they are not titles before a name.
_ROLE_HEADS = {"leader": "Leader", "head": "Head", "chief": "Chief", "founder": "Founder",
               "commander": "Commander", "spokesman": "Spokesperson", "spokeswoman": "Spokesperson",
               "envoy": "Envoy", "representative": "Representative", "president": "President",
               "minister": "Minister", "official": "Official"}


def phrase_name(doc: Doc, start: int, end: int) -> str:
    """A phrase without its leading determiner, as written: "the Libyan forces" -> "Libyan forces"."""
    while start < end - 1 and doc[start].lower_ in _DETERMINERS:
        start += 1
    return doc[start:end].text
