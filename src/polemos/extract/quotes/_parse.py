"""Dependency helpers of the quote finder: who speaks, to whom, and what the reported clause is.

Each function reads one cue verb's neighbourhood in the spaCy parse and returns token indices
(never spaCy objects beyond this package). ``quotes.py`` combines them with the quotation
marks of ``quote_marks.py``.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# A subject is inherited from the governing verb through these arcs ("… and added that",
# "…, adding that", "went on to say").
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp"})
OBJECT_DEPS = frozenset({"dobj", "dative"})
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Children cut from a speaker's or addressee's words: the relative clause in "Haftar, who is
# visiting the French capital," says nothing about who he is for attribution purposes.
CUT_DEPS = frozenset({"relcl", "acl"})
# "said the official after the meeting": the parser hangs time adjuncts on the speaker
TIME_PREPS = frozenset({"after", "before", "during", "since", "until", "following", "amid", "on", "at"})
CONTENT_DEPS = ("ccomp",)
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
NAMING_LEMMAS = frozenset({"call", "label", "brand", "dub"})
QUOTE_MARK_TEXTS = frozenset({"“", "”", "\"", "'", "‘", "’", "«", "»", "``", "''"})


@dataclass(frozen=True, slots=True)
class TokenRange:
    """Tokens ``start..end`` inclusive."""

    start: int
    end: int


def subject_of(verb: Token) -> Token | None:
    """The verb's subject, inherited through conj/advcl/xcomp and "by saying" (pcomp), the noun a
    participle modifies ("officials saying that …"), a relative pronoun replaced by its antecedent."""
    current: Token = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                return _antecedent(child)
        if current.dep_ in ("relcl", "acl") and current.head.pos_ in NOMINAL_POS:
            return current.head  # "the official who said that …", "officials saying that …"
        if current.dep_ == "pcomp" and current.head.dep_ == "prep" and current.head.head is not current.head:
            current = current.head.head  # "responded by saying that …"
            continue
        if current.dep_ not in INHERIT_DEPS or current.head is current:
            return None
        current = current.head
    return None


def passive_agent(verb: Token) -> Token | None:
    """The "by X" of a passive cue ("was announced by the ministry")."""
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def _antecedent(token: Token) -> Token | None:
    if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":
        return token.head.head
    if token.lower_ == "it" and token.dep_ == "nsubj" and any(c.dep_ == "ccomp" for c in token.head.children):
        return None  # "it is said that": no speaker named
    return token


def head_for_actor(token: Token) -> Token:
    """The token the actor map should look up: a common noun followed by a name in apposition
    ("the state-owned TV network France 24") is represented by the name."""
    if token.pos_ == "NOUN" and not token.ent_type_:
        for child in token.children:
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                return child
    return token


def noun_phrase(token: Token) -> TokenRange:
    """The words of the noun phrase headed by ``token``: its subtree without relative clauses,
    stopping before the first cut clause, with punctuation trimmed at both edges."""
    start, end = token.left_edge.i, token.right_edge.i
    for child in token.children:
        if child.i > token.i and (child.dep_ in CUT_DEPS or (child.dep_ == "prep" and child.lower_ in TIME_PREPS)):
            end = min(end, child.left_edge.i - 1)
    return trim_punct(token.doc, TokenRange(start, max(end, token.i)), keep_marks=False)


def trim_punct(doc: Doc, rng: TokenRange, *, keep_marks: bool) -> TokenRange:
    """Drop punctuation and spaces at both ends (quotation marks stay when ``keep_marks``)."""
    start, end = rng.start, rng.end
    while start < end and _droppable(doc[start], keep_marks):
        start += 1
    while end > start and _droppable(doc[end], keep_marks):
        end -= 1
    return TokenRange(start, end)


def _droppable(token: Token, keep_marks: bool) -> bool:
    if token.is_space:
        return True
    if not token.is_punct:
        return False
    return not (keep_marks and token.text in QUOTE_MARK_TEXTS)


def addressee_of(verb: Token, rule: str) -> Token | None:
    """Whom the words were addressed to: the object of "told X", the "to X" of "said to X"."""
    if rule == "object":
        for child in verb.children:
            if child.dep_ in OBJECT_DEPS and child.pos_ in NOMINAL_POS:
                return child
    if rule in ("to", "object"):
        for child in verb.children:
            if child.dep_ in ("prep", "dative") and child.lower_ == "to":
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj" and grandchild.pos_ in NOMINAL_POS:
                        return grandchild
    return None


def content_head(verb: Token) -> Token | None:
    """The head of the reported clause: the verb's clausal complement."""
    for child in verb.children:
        if child.dep_ in CONTENT_DEPS:
            return child
    for child in verb.children:  # "said legalizing it could put …": sm misreads the clause as xcomp
        if child.dep_ == "xcomp" and child.i > verb.i and any(t.tag_ in FINITE_TAGS for t in child.subtree):
            return child
    return None


def statement_clause(verb: Token) -> Token | None:
    """"said in a statement that …": the parser hangs the reported clause on "statement"."""
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            for clause in noun.children:
                if clause.dep_ in ("acl", "relcl") and any(c.dep_ == "mark" and c.lower_ == "that"
                                                           for c in clause.children):
                    return clause
    return None


def object_range(verb: Token) -> TokenRange | None:
    """"claimed responsibility for the attack", "denied the allegations": the object as content."""
    for child in verb.children:
        if child.dep_ == "dobj" and child.pos_ in ("NOUN", "PROPN") and child.i > verb.i:
            return noun_phrase_with_modifiers(child)
    return None


def noun_phrase_with_modifiers(token: Token) -> TokenRange:
    return trim_punct(token.doc, TokenRange(token.left_edge.i, token.right_edge.i), keep_marks=True)


def naming_range(verb: Token) -> TokenRange | None:
    """"called Trump “unhinged”", "calling Trump a fascist": the object and what it is called."""
    if verb.lemma_ not in NAMING_LEMMAS:
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "xcomp") and c.pos_ in NOMINAL_POS]
    predicates = [c for c in verb.children if c.dep_ in ("oprd", "xcomp", "ccomp", "dobj") and c not in objects[:1]]
    if not objects or not predicates:
        return None
    start = min(objects[0].left_edge.i, predicates[0].left_edge.i)
    end = max(objects[0].right_edge.i, predicates[-1].right_edge.i)
    return trim_punct(verb.doc, TokenRange(start, end), keep_marks=True) if start > verb.i else None


def parenthetical_range(verb: Token) -> TokenRange | None:
    """"This campaign, he says, is different": the clause around a parenthetical cue (the longer side)."""
    if verb.dep_ != "parataxis" or content_head(verb) is not None:
        return None
    host = verb.head
    left = TokenRange(host.left_edge.i, verb.left_edge.i - 1)
    right = TokenRange(verb.right_edge.i + 1, host.right_edge.i)
    side = right if right.end - right.start >= left.end - left.start else left
    return trim_punct(verb.doc, side, keep_marks=True) if side.end >= side.start else None


def clause_range(head: Token, *, exclude: Token) -> TokenRange:
    """The words of the clause headed by ``head`` ("that" included), never reaching ``exclude``
    (the cue verb) nor anything past it."""
    start, end = head.left_edge.i, head.right_edge.i
    if start <= exclude.i <= end:
        if exclude.i > head.i:
            end = exclude.i - 1
        else:
            start = exclude.i + 1
    return trim_punct(head.doc, TokenRange(start, end), keep_marks=True)


def as_saying_host(verb: Token) -> Token | None:
    """For "saying" in "X quoted Y as saying …": the verb "quoted"; else None."""
    prep = verb.head
    if verb.dep_ in ("pcomp", "pobj", "advcl") and prep.lower_ == "as":
        host = prep.head
        if host.lemma_ == "quote":
            return host
    return None


def direct_object(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.pos_ in NOMINAL_POS:
            return child
    return None


# Children that carry what a stance or speech verb is about ("wants [to build a wall]", "urged
# [Democrats] [to vote]", "criticized [the plan] [as a disaster]"); a prepositional child counts
# only with one of COMPLEMENT_PREPS, so time and place adjuncts ("during a stop in Flint") stay out.
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "dative", "oprd", "acomp", "attr"})
COMPLEMENT_PREPS = frozenset({"as", "for", "to", "of", "about", "on", "with", "against", "over"})
QUESTION_MARKS = frozenset({"if", "whether"})


def complement_range(verb: Token, *, particle: Token | None = None) -> TokenRange | None:
    """What a stance or speech verb is about, when it has no reported clause: the contiguous
    run of its complements after the verb (object, infinitive, "as"/"for" phrase, "if"/"whether"
    question), or the object of its particle ("called for [the repeal]", "pointed to [reports]")."""
    if particle is not None and particle.dep_ == "mark":  # "called for him to resign"
        return trim_punct(verb.doc, TokenRange(particle.i + 1, particle.head.right_edge.i), keep_marks=True)
    if particle is not None:
        objects = [c for c in particle.children if c.dep_ in ("pobj", "pcomp")]
        if objects:
            last = objects[-1]
            rest = [c for c in verb.children if c.i > last.right_edge.i and (
                c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "as"))]  # "referred to X as Y"
            end = max([last.right_edge.i, *(c.right_edge.i for c in rest)])
            return trim_punct(verb.doc, TokenRange(particle.i + 1, end), keep_marks=True)
    parts = []
    for child in verb.children:
        if child.i <= verb.i or (particle is not None and child.i <= particle.i):
            continue
        if child.dep_ in COMPLEMENT_DEPS or (child.dep_ == "prep" and child.lower_ in COMPLEMENT_PREPS and parts) or (
                child.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in QUESTION_MARKS for c in child.children)):
            parts.append(child)
        elif parts or child.dep_ in ("punct", "cc", "conj"):
            break  # a comma, "and …" or an adjunct after the complement ends it
    if not parts:
        return None
    start = parts[0].left_edge.i
    if start <= verb.i:
        return None
    return trim_punct(verb.doc, TokenRange(start, parts[-1].right_edge.i), keep_marks=True)


def particle_of(verb: Token, phrasal: frozenset[str]) -> Token | None:
    """The particle of a phrasal cue ("called for", "pointed out", "referring to") when
    ``verb.lemma_ + " " + particle`` is in ``phrasal``; the particle must follow the verb directly."""
    if verb.i + 1 >= len(verb.doc):
        return None
    nxt = verb.doc[verb.i + 1]
    if f"{verb.lemma_} {nxt.lower_}" not in phrasal:
        return None
    if nxt.head.i == verb.i and nxt.dep_ in ("prep", "prt", "dative"):
        return nxt
    if nxt.dep_ == "mark" and nxt.head.head.i == verb.i and nxt.head.dep_ in ("advcl", "ccomp"):
        return nxt  # sm reads "called for him to resign" as a clause introduced by "for"
    return None


def has_as_phrase(verb: Token) -> bool:
    """"described the plan as a disaster", "sees Cruz as a uniter": the verb characterises its object."""
    objects = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    return bool(objects) and any(c.dep_ == "prep" and c.lower_ == "as" and c.i > objects[0].i for c in verb.children)
