"""Casualty and displacement figures: the grammar that turns "over 460 dead, 29 of them civilians" into records.

Place in the pipeline: runs on the parsed ``Doc`` (component ``polemos_figures``) and returns
``FigureMention`` records; the assembler links them to events, places, dates and actors.

How a figure is read, per sentence (sentences without a casualty word are skipped by a set look-up):
1. ``figure_numbers`` finds every quantity with its qualifier, bounds and form (count, zero,
   unspecified, share) — see docs/figures.md for the conventions.
2. Each quantity is attached to what it counts: a casualty word on the number's own noun ("deaths",
   "refugees"), on a modifier of that noun ("people killed"), on the verb that governs it ("killed 12",
   "12 were wounded", "remain trapped", "left 5 dead"), or just to its right when the parse is noisy.
3. Subsets ("29 of them civilians", "including 5 children", "the majority of them", "over half of
   the displaced") point at the figure they are part of and take its kind.
4. Scope, source and evidence come from ``figure_context``.
A singular victim ("killed a soldier", "assassinated Norbert Zongo") counts 1; a bare plural
("civilians were killed") gives a figure with no value (qualifier ``unspecified``) — never a guess.
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from polemos.extract.figures._context import (
    evidence_span,
    same_paragraph,
    scope_of,
    source_in_sentence,
    token_span,
    trailing_source,
)
from polemos.extract.figures._lexicon import group_of, is_group_word, precheck_words, trigger_kind
from polemos.extract.figures._numbers import NumberPhrase, number_phrases
from polemos.mentions import FigureMention

NOUN_LINKS = frozenset({"nummod", "quantmod", "compound", "det", "amod", "advmod", "npadvmod"})
MODIFIER_DEPS = frozenset({"acl", "relcl", "amod", "appos", "acomp", "oprd", "xcomp", "attr", "ccomp", "conj"})
PREDICATE_DEPS = frozenset({"acomp", "oprd", "xcomp", "attr"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "appos", "npadvmod", "oprd", "ROOT", "dep", "conj",
                           "ccomp"})
# Kinds whose verb outranks the counted noun's own word: "two refugees were killed" counts the killed.
EVENT_KINDS = frozenset({"killed", "injured", "abducted", "detained", "missing"})
# Verbs whose subject can name the toll: "the death toll rose to 15", "casualties numbered 40".
TOLL_VERBS = frozenset({"rise", "climb", "increase", "jump", "grow", "soar", "reach", "be", "stand", "number", "hit",
                        "total", "exceed", "top", "put", "go"})
COUNT_PREPS = frozenset({"of", "to", "at", "among", "including", "from"})
SUBSET_CUES = (("including",), ("among", "them"), ("among", "whom"), ("of", "whom"), ("among", "those"))
OF_PRONOUNS = frozenset({"them", "whom", "those", "these", "which"})
# Nouns a number can count that are never people: "3 km", "five motorbikes", "two attacks".
NOT_PEOPLE = frozenset({
    "km", "kilometre", "kilometer", "mile", "metre", "meter", "hour", "day", "week", "month", "year", "minute",
    "time", "attack", "vehicle", "car", "truck", "motorbike", "motorcycle", "house", "home", "building", "school",
    "village", "town", "weapon", "rifle", "gun", "round", "bomb", "incident", "event", "clash", "operation",
    "airstrike", "strike", "position", "camp", "base", "cattle", "head", "livestock", "percent", "%", "dollar",
})
PERSON_VERB_KINDS = frozenset({"killed", "injured", "abducted", "detained"})
SINGLE_DETS = frozenset({"a", "an", "the", "one", "another"})
NO_SINGLE_LEMMAS = frozenset({"capture", "affect", "impact", "trap", "force", "displace", "evacuate"})
EVERYONE = frozenset({"men", "women", "children"})
# Verbs whose subject is the victim: "a soldier died of his wounds".
INTRANSITIVE = frozenset({"die", "perish", "succumb"})


@dataclass(frozen=True, slots=True)
class _Attached:
    """What a quantity counts: its kind, the counted noun (for the group) and, for a subset, its whole."""

    kind: str
    noun: Token | None
    parent: int | None = None    # index into the figures found so far, for subsets


def find_figures(doc: Doc) -> list[FigureMention]:
    """Every casualty or displacement figure in the document, in text order; subsets point at their whole."""
    words = precheck_words()
    text = doc.text  # once: spaCy rebuilds it from every token on each access
    sents = list(doc.sents)
    found: list[FigureMention] = []
    for k, sent in enumerate(sents):
        if not any(t.lower_ in words or t.lemma_.lower() in words for t in sent):
            continue
        nxt = sents[k + 1] if k + 1 < len(sents) else None
        follower = nxt if nxt is not None and same_paragraph(sent, nxt, text=text) else None
        found.extend(_sentence_figures(sent, found, follower=follower, text=text))
    return found


def _sentence_figures(sent: SpacySpan, before: list[FigureMention], *,
                      follower: SpacySpan | None, text: str) -> list[FigureMention]:
    phrases = number_phrases(sent)
    covered = {i for p in phrases for i in range(p.start, p.end)}
    phrases = sorted(phrases + _bare_victims(sent, covered), key=lambda p: p.start)
    evidence = evidence_span(sent, text=text)
    scope = scope_of(sent)
    fallback_source = trailing_source(follower) if follower is not None else None
    out: list[FigureMention] = []
    first_in_sentence = len(before)
    for phrase in phrases:
        so_far = before + out
        attached = _attach(sent, phrase, so_far, first_in_sentence)
        if attached is None:
            continue
        anchor = sent.doc[phrase.anchor]
        source = source_in_sentence(sent, anchor)
        parent = so_far[attached.parent] if attached.parent is not None else None
        out.append(FigureMention(
            kind=attached.kind, evidence=evidence,
            number=token_span(sent, phrase.start, phrase.end, text=text),
            value=phrase.value, low=phrase.low, high=phrase.high, qualifier=phrase.qualifier,
            group=_group(sent, phrase, attached),
            part_of=attached.parent, share=phrase.share,
            scope=parent.scope if parent is not None else scope,
            source_head=source if source is not None else fallback_source,
            sentence_start=sent.start_char, superseded=phrase.superseded,
        ))
    return out


# --- attachment --------------------------------------------------------------------------------

def _attach(sent: SpacySpan, phrase: NumberPhrase, so_far: list[FigureMention],
            first_in_sentence: int) -> _Attached | None:
    doc = sent.doc
    subset = _subset_parent(sent, phrase, so_far, first_in_sentence)
    if subset is not None:
        return subset
    if phrase.form == "share":
        return None  # a share of something that is not a figure ("half of the city")
    anchor = doc[phrase.anchor]
    if phrase.form == "count" and _is_label(anchor):
        return None
    bare = phrase.form == "single" or (phrase.form == "unspecified" and anchor.pos_ in {"NOUN", "PROPN", "PRON"})
    noun = anchor if bare or phrase.form == "zero" else _counted_noun(anchor)
    if not bare and phrase.form == "count" and phrase.end < sent.end and doc[phrase.end].lower_ == "of":
        # "one of the assailants killed": the partitive's object is what is counted
        objects = [c for c in doc[phrase.end].children if c.dep_ == "pobj" and c.pos_ in {"NOUN", "PROPN"}]
        noun = objects[0] if objects else noun
    # a victim named without a number takes the verb's kind ("killed a male IDP" is killed, not displaced)
    kind = _kind_above(noun) if bare else _kind_for(sent, phrase, anchor, noun)
    if kind is None:
        return None
    counted = noun if noun is not anchor or bare else None
    if _in_parentheses(sent, phrase.start):
        # "killed at least 10 militants (7 corpses recovered)": a detail of the count before it
        whole = _last_whole(so_far, kind=kind, since=first_in_sentence)
        if whole is not None:
            return _Attached(kind, counted, whole)
    return _Attached(kind, counted)


def _in_parentheses(sent: SpacySpan, i: int) -> bool:
    for tok in reversed(sent.doc[sent.start:i]):
        if tok.text == ")":
            return False
        if tok.text == "(":
            return True
    return False


def _is_label(anchor: Token) -> bool:
    """A number after its noun names it, it does not count it: "geoprecision 2", "Route 5", "Phase 3"."""
    head = anchor.head
    return (anchor.dep_ in {"nummod", "appos", "npadvmod", "compound"} and head.i == anchor.i - 1
            and head.pos_ in {"NOUN", "PROPN"} and trigger_kind(head) is None)


def _counted_noun(anchor: Token) -> Token:
    """The noun a number counts: "75,000 people" → people; a bare number ("over 460 dead") counts itself."""
    token = anchor
    for _ in range(3):
        head = token.head
        between = anchor.doc[min(token.i, head.i) + 1:max(token.i, head.i)]
        if any(t.pos_ == "CCONJ" or (t.pos_ == "VERB" and t.dep_ not in {"amod", "compound"}) for t in between):
            break  # "killing three and stealing weapons": the number does not modify "weapons"
        # "about 20 ISGS militants": the small model may hang the number on a name inside the noun phrase
        inside = token.dep_ in NOUN_LINKS or (token.dep_ == "nsubj" and head.pos_ in {"NOUN", "PROPN"})
        if inside and head.i > token.i and (head.pos_ in {"NOUN", "PROPN", "ADJ"} or is_group_word(head)):
            token = head
        elif (token.dep_ in NOUN_LINKS | {"nsubj"} and head.i > token.i and head.dep_ in {"amod", "compound", "nmod"}
              and trigger_kind(head) is None
              and head.head.i > head.i and head.head.pos_ in {"NOUN", "PROPN"}):
            token = head.head  # "two presumed Malian refugees": the number hung on "presumed"
        else:
            break
    return token


def _kind_for(sent: SpacySpan, phrase: NumberPhrase, anchor: Token, noun: Token) -> str | None:
    if noun is not anchor and noun.lemma_.lower() in NOT_PEOPLE:
        return None
    own = trigger_kind(noun) if noun.pos_ in {"NOUN", "PROPN", "ADJ"} else None
    participle = _participle_after(noun)
    if participle is not None and noun is not anchor:
        return participle  # "one assailant killed, and two assailants … wounded"
    above = _kind_above(noun, skip=range(phrase.start, phrase.end))
    if above in EVENT_KINDS and noun.dep_ in {"nsubj", "nsubjpass", "dobj"} and trigger_kind(noun.head) == above:
        return above
    if own is not None:
        return own
    if above is not None:
        return above
    for child in noun.children:  # "people killed", "people forced from their homes"; not "(three died)"
        if child.dep_ in MODIFIER_DEPS and child.i > noun.i and not any(
                g.dep_ in {"nsubj", "nsubjpass"} for g in child.children):
            kind = trigger_kind(child)
            if kind is not None:
                return kind
    kind = _kind_below(noun)
    if kind is not None:
        return kind
    return _kind_right(sent, phrase) or _kind_left(sent, phrase)


def _kind_left(sent: SpacySpan, phrase: NumberPhrase) -> str | None:
    """A casualty verb right before the number ("killing three and stealing weapons")."""
    if phrase.start > sent.start:
        before = sent.doc[phrase.start - 1]
        if before.pos_ == "VERB":
            return trigger_kind(before)
    return None


def _participle_after(noun: Token) -> str | None:
    """A casualty participle right after the counted noun and hanging on it ("one assailant killed")."""
    doc = noun.doc
    joined = {c.i for c in noun.conjuncts}
    for child in noun.rights:
        if child.dep_ in {"acl", "amod"} and child.tag_ == "VBN":
            # only the noun's own conjuncts may stand between: "two gendarmes and soldiers killed"
            between = doc[noun.i + 1:child.i]
            if all(t.i in joined or t.dep_ in {"cc", "punct", "det", "amod", "compound"} for t in between):
                return trigger_kind(child)
    return None


def _kind_above(noun: Token, *, skip: range = range(0)) -> str | None:
    """Walk up from the counted noun: "killed [12]", "[12] were wounded", "[5] remain trapped", "toll of [15]".

    ``skip`` holds the number phrase's own tokens ("between" in "executed between 15 and 25 men")."""
    node = noun
    for _ in range(4):
        while node.dep_ in {"conj", "appos"} and node.head.i != node.i:
            node = node.head  # "two soldiers and [three] civilians": the first conjunct's role
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ == "pobj":
            if head.lower_ not in COUNT_PREPS and head.i not in skip:
                return None  # "injured in [3] attacks" counts attacks, not people
            node = head
            continue
        if node.dep_ == "prep":
            kind = trigger_kind(head)
            if kind is None and head.lemma_.lower() in TOLL_VERBS:
                kind = _kind_of_subject(head, skip=node)
            if kind is not None:
                return kind
            node = head
            continue
        if node.dep_ not in ARGUMENT_DEPS and node.dep_ not in PREDICATE_DEPS | {"advcl", "acl", "relcl"}:
            return None
        kind = trigger_kind(head) or _kind_of_predicates(head, skip=node) or _kind_of_conjoined(head)
        if kind is not None:
            return kind
        if head.lemma_.lower() in TOLL_VERBS:
            kind = _kind_of_subject(head, skip=node)
            if kind is not None:
                return kind
        return None
    return None


def _kind_of_predicates(verb: Token, *, skip: Token) -> str | None:
    """"remain trapped", "were found dead", "went missing", "left 5 dead" (the nearest such word wins)."""
    for child in sorted(verb.children, key=lambda c: (c.i < skip.i, abs(c.i - skip.i))):
        adjacent_clause = child.dep_ == "advcl" and child.i == verb.i + 1  # "went missing"
        if child is not skip and (child.dep_ in PREDICATE_DEPS or adjacent_clause):
            kind = trigger_kind(child)
            if kind is not None:
                return kind
    return None


def _kind_of_conjoined(verb: Token) -> str | None:
    """"was tortured and killed": a casualty verb conjoined to the one that governs the count."""
    for child in verb.rights:
        if child.dep_ == "conj" and child.pos_ == "VERB" and not any(
                g.dep_ in {"nsubj", "nsubjpass"} for g in child.children):
            kind = trigger_kind(child)
            if kind is not None:
                return kind
    return None


def _kind_of_subject(verb: Token, *, skip: Token) -> str | None:
    for child in verb.children:
        if child is not skip and child.dep_ in {"nsubj", "nsubjpass"}:
            kind = trigger_kind(child)
            if kind is not None:
                return kind
    return None


def _kind_below(noun: Token) -> str | None:
    """"400,000 more in areas directly impacted": a casualty word inside the number's own phrase."""
    for child in noun.children:
        if child.dep_ != "prep":
            continue
        for obj in child.children:
            if obj.dep_ != "pobj":
                continue
            for mod in obj.children:
                if mod.dep_ in {"acl", "relcl", "amod"}:
                    kind = trigger_kind(mod)
                    if kind is not None:
                        return kind
    return None


def _kind_right(sent: SpacySpan, phrase: NumberPhrase) -> str | None:
    """Noisy parses: a casualty word right after the number ("over 2,400 injured")."""
    doc = sent.doc
    for i in range(phrase.end, min(phrase.end + 7, sent.end)):
        tok = doc[i]
        kind = trigger_kind(tok)
        if kind is not None:
            return kind
        # "eighty militants were reportedly killed", "four militants and one Dozo were killed": skip the
        # counted nouns, auxiliaries and adverbs only
        if not (tok.lower_ in {"more", "others", "other", "people", "persons"} or is_group_word(tok)
                or tok.pos_ in {"ADV", "ADJ", "AUX", "CCONJ", "NUM", "PROPN"}):
            return None
    return None


# --- subsets -----------------------------------------------------------------------------------

def _subset_parent(sent: SpacySpan, phrase: NumberPhrase, so_far: list[FigureMention],
                   first_in_sentence: int) -> _Attached | None:
    """"29 of them civilians", "including 5 children", "the majority of them", "over half of the displaced"."""
    doc = sent.doc
    if phrase.form == "share" or _followed_by_of(sent, phrase):
        of_object = doc[phrase.end + 1] if phrase.end + 1 < sent.end else None
        if of_object is None:
            return None
        if of_object.lower_ in OF_PRONOUNS:
            parent = _last_whole(so_far, kind=None, since=0)
        else:
            kind = _kind_in(sent, phrase.end + 1)
            parent = _last_whole(so_far, kind=kind, since=0) if kind else None
        return _Attached(so_far[parent].kind, None, parent) if parent is not None else None
    if _after_subset_cue(sent, phrase):
        parent = _last_whole(so_far, kind=None, since=first_in_sentence)
        if parent is not None:
            return _Attached(so_far[parent].kind, _counted_noun(doc[phrase.anchor]), parent)
    previous = so_far[-1] if len(so_far) > first_in_sentence else None
    if previous is not None and previous.part_of is not None and previous.share is None and previous.number:
        # "including 2 in Ndidka and 2 in Sibe": a list of subsets continues until a verb
        between = doc.char_span(previous.number.end, doc[phrase.start].idx, alignment_mode="expand")
        if between is not None and any(t.lower_ == "and" for t in between) and not any(
                t.pos_ in {"VERB", "AUX"} for t in between):
            return _Attached(previous.kind, _counted_noun(doc[phrase.anchor]), previous.part_of)
    return None


def _followed_by_of(sent: SpacySpan, phrase: NumberPhrase) -> bool:
    doc = sent.doc
    return (phrase.end + 1 < sent.end and doc[phrase.end].lower_ == "of"
            and (doc[phrase.end + 1].lower_ in OF_PRONOUNS or doc[phrase.end + 1].lower_ == "the"))


def _kind_in(sent: SpacySpan, start: int) -> str | None:
    """The casualty word of an "of the displaced" / "of the dead" phrase (up to its first noun)."""
    for tok in sent.doc[start:min(start + 4, sent.end)]:
        kind = trigger_kind(tok)
        if kind is not None:
            return kind
        if tok.is_punct or tok.pos_ in {"NOUN", "PROPN"}:
            return None
    return None


def _after_subset_cue(sent: SpacySpan, phrase: NumberPhrase) -> bool:
    doc = sent.doc
    if any(a.lower_ == "including" for a in list(doc[phrase.anchor].ancestors)[:4]):
        return True  # "ten civilians including members of X and three Dogons"
    for cue in SUBSET_CUES:
        n = len(cue)
        left = tuple(t.lower_ for t in doc[max(sent.start, phrase.start - n):phrase.start])
        if left == cue:
            return True
    return False


def _last_whole(so_far: list[FigureMention], *, kind: str | None, since: int) -> int | None:
    """The latest figure that is not itself a subset (optionally of one kind, from index ``since``)."""
    for index in range(len(so_far) - 1, since - 1, -1):
        fig = so_far[index]
        if fig.part_of is None and fig.share is None and (kind is None or fig.kind == kind):
            return index
    return None


# --- groups and bare victims -------------------------------------------------------------------

def _group(sent: SpacySpan, phrase: NumberPhrase, attached: _Attached) -> str | None:
    if attached.parent is not None and attached.noun is None:
        return _group_after(sent, phrase.end)
    noun = attached.noun
    if noun is None or not is_group_word(noun):
        return None
    # "men, women and children" is one count; "five soldiers and three civilians" are two
    conjuncts = [c for c in noun.conjuncts if c.i > noun.i and is_group_word(c)
                 and not any(g.dep_ in {"nummod", "det"} for g in c.children)]
    return _join_groups([noun, *conjuncts])


def _group_after(sent: SpacySpan, start: int) -> str | None:
    """Group words after a subset ("of them civilians", "of the displaced are women and children")."""
    doc = sent.doc
    found = []
    for tok in doc[start:sent.end]:
        if tok.is_punct and tok.text not in {"-"}:
            break
        if is_group_word(tok) and group_of(tok) is not None:
            found.append(tok)
    return _join_groups(found) if found else None


def _join_groups(tokens: list[Token]) -> str | None:
    labels = list(dict.fromkeys(g for g in (group_of(t) for t in tokens) if g))
    if not labels or set(labels) >= EVERYONE:
        return None
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _bare_victims(sent: SpacySpan, covered: set[int]) -> list[NumberPhrase]:
    """Victims named without a number: "killed a soldier" (1), "civilians were wounded" (no count)."""
    out = []
    for verb in sent:
        kind = trigger_kind(verb)
        if kind not in PERSON_VERB_KINDS or verb.lemma_.lower() in NO_SINGLE_LEMMAS:
            continue
        # Only verbs: "the death of Justin Zongo" is usually an earlier death that a protest recalls.
        if verb.pos_ != "VERB":
            continue
        subjects = {"dobj", "nsubjpass"} | ({"nsubj"} if verb.lemma_.lower() in INTRANSITIVE else set())
        args = [a for a in verb.children if a.dep_ in subjects]
        if not args and verb.dep_ == "conj" and verb.head.pos_ == "VERB":
            # "was tortured and killed": the victim is the first verb's passive subject
            args = [a for a in verb.head.children if a.dep_ == "nsubjpass"]
        for arg in args:
            for victim in (arg, *arg.conjuncts):
                phrase = _victim_phrase(sent, victim, covered)
                if phrase is not None:
                    out.append(phrase)
                    covered.update(range(phrase.start, phrase.end))
    return out


def _victim_phrase(sent: SpacySpan, victim: Token, covered: set[int]) -> NumberPhrase | None:
    left = victim.left_edge.i
    if any(i in covered for i in range(left, victim.i + 1)) or any(c.dep_ == "nummod" for c in victim.children):
        return None
    if victim.lemma_.lower() in NOT_PEOPLE or victim.ent_type_ in {"GPE", "LOC", "FAC", "DATE", "TIME"}:
        return None
    if any(a.lower_ in {"including", "among"} for a in list(victim.ancestors)[:3]):
        return None  # "killed three civilians including a local leader": part of the count
    dets = [c for c in victim.children if c.dep_ in {"det", "poss"}]
    one = any(d.lower_ in {"a", "an", "another"} for d in dets)
    if victim.ent_type_ in {"ORG", "NORP"} and not one:  # "a Koglweogo" is one person; "the ISGS" is not
        return None
    singular = victim.tag_ == "NN" or (victim.tag_ == "NNP" and one)
    if singular and any(d.lower_ in SINGLE_DETS or d.dep_ == "poss" for d in dets):
        start = min(left, dets[0].i)
        return NumberPhrase(start, victim.i + 1, victim.i, 1, 1, 1, "exact", "single")
    if victim.tag_ == "NNP" and victim.ent_type_ == "PERSON":
        return NumberPhrase(left, victim.i + 1, victim.i, 1, 1, 1, "exact", "single")
    if victim.lower_ in {"him", "her"} or (victim.lower_ in {"he", "she"} and victim.dep_ in {"nsubjpass", "nsubj"}):
        return NumberPhrase(victim.i, victim.i + 1, victim.i, 1, 1, 1, "exact", "single")
    if victim.tag_ == "NNS" and group_of(victim) is not None and not dets:
        return NumberPhrase(victim.i, victim.i + 1, victim.i, None, None, None, "unspecified", "unspecified")
    return None
