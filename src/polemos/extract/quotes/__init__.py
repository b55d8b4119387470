"""Quotes and attribution chains: who said what, to whom, according to whom.

Place in the pipeline: reads a parsed spaCy ``Doc`` (after the parser and NER) and returns
``QuoteMention`` records; the assembler maps ``speaker_head``, ``addressee_head`` and
``reporter_heads`` to actors. Steps, one pass each:

1. cue verbs from the cue table (``quote_cues``) with their speaker, addressee and reported
   clause (``_parse``); "according to X" and "X quoted Y as saying" too;
2. attribution chains: a speech verb inside another speech verb's reported clause ("Haftar
   told Macron …, France 24 reported") keeps the outer speakers as ``reporter_heads``;
3. quotation marks (``quote_marks``) become direct quotes of the cue beside them, or make an
   indirect quote "mixed"; a quoted stretch that no cue claims is returned with no speaker and
   a warning when it reads like speech, and dropped when it reads like a title or scare quote;
4. colon attributions ("Haftar: no ceasefire for now", ``quote_colon``) where no quote stands.

Content spans follow PolNeAR: a direct quote's content includes its quotation marks (and the
comma inside them); an indirect quote's content is the reported clause with "that".
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from polemos.extract.quotes._colon import colon_quotes
from polemos.extract.quotes._cues import Cue, cue_lexicon, phrasal_cues, phrasal_heads
from polemos.extract.quotes._marks import QuoteRegion, find_regions, paragraph_bounds
from polemos.extract.quotes._nouns import attribution_nouns, noun_site_parts
from polemos.extract.quotes._parse import (
    NAMING_LEMMAS,
    TokenRange,
    addressee_of,
    as_saying_host,
    clause_range,
    complement_range,
    content_head,
    direct_object,
    has_as_phrase,
    head_for_actor,
    naming_range,
    noun_phrase,
    parenthetical_range,
    particle_of,
    passive_agent,
    statement_clause,
    subject_of,
    trim_punct,
)
from polemos.mentions import QuoteMention
from polemos.model import Span

VERB_POS = frozenset({"VERB", "AUX"})
# Words right before a quoted stretch that mark it as a name or a scare quote, not speech.
NAMING_WORDS = frozenset({"so-called", "dubbed", "called", "titled", "entitled", "named", "nicknamed", "labelled",
                          "labeled", "branded", "term", "word", "phrase", "slogan", "hashtag"})
SENTENCE_END = frozenset(".?!…")
# Speech verbs whose infinitive complement is what was said: promises, threats, requests, orders
# ("vowed to retake the city", "urged civilians to leave"); "continued to", "added to" are not.
INFINITIVE_SPEECH = frozenset({"promise", "vow", "pledge", "threaten", "agree", "urge", "ask", "tell", "warn",
                               "demand", "propose", "claim", "advise", "caution", "remind", "offer", "order"})
MAX_CUE_GAP = 12
# Documents whose findings are attributed with "in" ("In a Quinnipiac poll, …")
DOCUMENT_NOUNS = frozenset({"poll", "survey", "study", "analysis", "average", "census"})  # tokens between a closing mark and the cue of "…,” said the official"


@dataclass(frozen=True, slots=True)
class CueSite:
    """One cue in the parse: the cue words, who speaks, to whom, and the reported clause (if any)."""

    cue: TokenRange
    verb: int                       # token index of the cue verb (or "according")
    lexeme: Cue | None
    speaker: int | None
    addressee: int | None
    content: TokenRange | None
    content_head: int | None
    reporters: tuple[int, ...] = ()
    via_object: int | None = None   # the "an official" of "quoted an official as saying"


def find_quotes(doc: Doc) -> list[QuoteMention]:
    """Every quote in ``doc``: direct, indirect and mixed, with speakers, addressees and chains."""
    lexicon, heads, nouns = cue_lexicon(), phrasal_heads(), attribution_nouns()
    cue_tokens = [t for t in doc if ((t.pos_ in VERB_POS and (t.lemma_ in lexicon or t.lemma_ in heads))
                                     or (t.pos_ == "NOUN" and t.lemma_ in nouns) or _is_according(t)
                                     or _in_document(t) is not None)
                  and not (t.i > 0 and doc[t.i - 1].text == "-")]  # "so-called", "self-declared"
    text = doc.text  # built from the tokens on every access: read it once
    regions = find_regions(text)
    if not cue_tokens and not regions and ":" not in text:
        return []
    marks = _region_tokens(doc, regions)
    # a cue inside somebody's quoted words is part of those words, not a new quote
    inside = {i for (a, b), region in marks if region.closed for i in range(a, b + 1)}
    sites = {t.i: site for t in cue_tokens if t.i not in inside and (site := _cue_site(t, lexicon)) is not None}
    quotes = _assemble(doc, text, _link_chains(_drop_nested_stance(sites)), marks)
    taken = [(q.content.start, q.content.end) for q in quotes]
    extra = [q for q in colon_quotes(doc, text, paragraph_bounds(text))
             if not any(s < q.content.end and q.content.start < e for s, e in taken)]
    return sorted(quotes + extra, key=lambda q: (q.content.start, q.cue.start)) if extra else quotes


# --- 1. cue sites -------------------------------------------------------------------------

def _is_according(token: Token) -> bool:
    return token.lower_ == "according" and any(c.lower_ == "to" for c in token.children)


def _in_document(token: Token) -> Token | None:
    """The poll of "In the latest CNN poll, he fell to 10 percent": a finding attributed to a
    document by "in" (the host clause is the content), unless the host is itself a cue verb."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.head.pos_ not in VERB_POS:
        return None
    source = next((c for c in token.children if c.dep_ == "pobj"), None)
    if source is None or source.lemma_ not in DOCUMENT_NOUNS or token.head.lemma_ in cue_lexicon():
        return None
    return source


def _cue_site(token: Token, lexicon: dict[str, Cue]) -> CueSite | None:
    if _is_according(token):
        return _according_site(token)
    if token.lower_ == "in":
        return _according_site(token, source=_in_document(token), cue_end=token.i)
    if token.pos_ == "NOUN":
        return _noun_site(token)
    particle = particle_of(token, phrasal_cues())
    lexeme = lexicon.get(f"{token.lemma_} {particle.lower_}") if particle is not None else lexicon.get(token.lemma_)
    if lexeme is None:
        return None
    if lexeme.needs_speaker and _is_purpose(token):
        return None
    if _names_not_says(token):
        return None
    speaker, reporters, via = _speaker(token)
    if speaker is None and lexeme.needs_speaker:
        return None
    addressee = addressee_of(token, lexeme.addressee)
    head = content_head(token) or statement_clause(token)
    if addressee is not None and head is not None and head.left_edge.i <= addressee.i <= head.right_edge.i:
        addressee = None  # "warned that X would hit Y": Y belongs to the reported clause
    content = clause_range(head, exclude=token) if head is not None else None
    if content is None:
        content = naming_range(token) or parenthetical_range(token)
    if content is None and _complement_is_content(token, lexeme, particle):
        content = complement_range(token, particle=particle)
        if content is not None and addressee is not None and content.start <= addressee.i <= content.end:
            addressee = None  # "urged Democrats to vote": PolNeAR's content keeps the object
    if content is None and lexeme.needs_speaker:
        return None
    cue = TokenRange(token.i, particle.i if particle is not None else token.i)
    return CueSite(cue, token.i, lexeme, speaker, addressee.i if addressee is not None else None, content,
                   head.i if head is not None else None, reporters, via)


# a holder's claim, call or support is a stance: never a link of a chain, dropped inside a report
NOUN_CUE = Cue("(noun)", "stance", "none", "content", "data/speech_nouns.csv")


def _noun_site(token: Token) -> CueSite | None:
    """"Trump's claim that …", "his call for a ceasefire": the possessive is the speaker."""
    parts = noun_site_parts(token)
    if parts is None:
        return None
    holder, content, head = parts
    return CueSite(TokenRange(token.i, token.i), token.i, NOUN_CUE, head_for_actor(holder).i, None, content,
                   head.i if head is not None else None)


def _names_not_says(verb: Token) -> bool:
    """"an airfield also called “Q-West”", "rebels who call themselves the “Army of the Just”":
    a naming verb used as a modifier, or naming oneself, gives a name, not a statement."""
    if verb.lemma_ not in NAMING_LEMMAS:
        return False
    if verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN":
        return True
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is not None and following.is_quote and any(c.dep_ == "oprd" for c in verb.children):
        return True  # ", also called “Q-West”": the name follows the verb with nobody called anything
    return any(c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in verb.children)


def _is_purpose(verb: Token) -> bool:
    """"To support the offensive, the army moved …": an infinitive adverbial is a purpose, not a stance."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _complement_is_content(verb: Token, lexeme: Cue, particle: Token | None) -> bool:
    """Whether a verb with no reported clause conveys its complement: a phrasal cue's object, an
    object-content cue's object, an infinitive, or an object characterised with "as"."""
    if _is_passive(verb):
        return False
    return (particle is not None or lexeme.object == "content" or _has_infinitive(verb, lexeme)
            or (lexeme.object == "as" and has_as_phrase(verb)))


def _has_infinitive(verb: Token, lexeme: Cue) -> bool:
    """"promised to meet", "expects to win", "asked it to be fetched": an infinitive complement is
    what a commissive, directive, belief or stance verb conveys ("continued to fight" is no quote)."""
    return (lexeme.kind in ("belief", "stance") or lexeme.lemma in INFINITIVE_SPEECH) and any(
        c.dep_ == "xcomp" and c.i > verb.i for c in verb.children)


def _is_passive(verb: Token) -> bool:
    """"was expected to survive", "is called X": the subject is not the holder of the words."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _speaker(verb: Token) -> tuple[int | None, tuple[int, ...], int | None]:
    """(speaker head, reporters, quoted-object) for a cue verb."""
    host = as_saying_host(verb)
    if host is not None:  # "France 24 quoted an official … as saying that …"
        quoted = direct_object(host)
        reporter = subject_of(host)
        reporters = (head_for_actor(reporter).i,) if reporter is not None else ()
        return (head_for_actor(quoted).i if quoted is not None else None), reporters, None
    subject = subject_of(verb) or passive_agent(verb)
    if subject is None:
        return None, (), None
    via = direct_object(verb) if verb.lemma_ == "quote" else None
    return head_for_actor(subject).i, (), (head_for_actor(via).i if via is not None else None)


def _according_site(token: Token, *, source: Token | None = None, cue_end: int | None = None) -> CueSite | None:
    """"…, according to the ministry" (and "In the latest poll, …" with ``source`` given): the
    host clause without the attributing phrase is the content."""
    if source is None:
        to = next(c for c in token.children if c.lower_ == "to")
        source = next((c for c in to.children if c.dep_ == "pobj"), None)
        cue_end = to.i
    host = token.head
    if source is None or host.i == token.i:
        return None
    start, end = host.left_edge.i, host.right_edge.i
    phrase = TokenRange(token.left_edge.i, token.right_edge.i)
    if phrase.end < host.i:
        start = phrase.end + 1
    elif phrase.start > host.i:
        end = phrase.start - 1
    content = trim_punct(host.doc, TokenRange(start, end), keep_marks=True)
    return CueSite(TokenRange(token.i, cue_end), token.i, None, head_for_actor(source).i, None, content, host.i)


def _drop_nested_stance(sites: dict[int, CueSite]) -> dict[int, CueSite]:
    """A stance inside somebody's reported words ("Murphy said he supports the bill") is part of
    that report, not a second attribution: the outer quote already carries it."""
    stance = [v for v, s in sites.items() if s.lexeme is not None and s.lexeme.kind == "stance"]
    if not stance:
        return sites
    spans = [s.content for v, s in sites.items() if s.content is not None and v not in stance]
    nested = {v for v in stance if any(c.start <= v <= c.end for c in spans)}
    return {v: s for v, s in sites.items() if v not in nested} if nested else sites


# --- 2. attribution chains ----------------------------------------------------------------

def _link_chains(sites: dict[int, CueSite]) -> dict[int, CueSite]:
    """Give each site whose verb heads another site's reported clause that site's speakers as
    reporters; a speech or report verb absorbs its outer reporter ("Haftar told Macron …,
    France 24 reported" is one quote by Haftar), a belief verb leaves it standing ("Humanitarian
    actors estimate …, he said" is his quote, and theirs through him). "Haftar said X, according
    to France 24" is Haftar's quote with France 24 as reporter."""
    outer_of: dict[int, int] = {}
    for verb, site in sites.items():
        if site.content_head is None or site.content_head == verb or not _nests(site):
            continue
        inner = sites.get(site.content_head)
        if inner is not None and inner.content is not None:
            outer_of[inner.verb] = verb
    # only an inner reported clause makes the outer a pure reporter: "the Elysee said Macron asked
    # Haftar to …" stays the Elysee's quote, and Macron's request carries the Elysee as reporter
    absorbed = {outer for inner, outer in outer_of.items()
                if _nests(sites[inner]) and sites[inner].content_head is not None}
    kept: dict[int, CueSite] = {}
    for verb, site in sites.items():
        if verb in absorbed:
            continue  # a pure reporter: it lives on in its inner site's chain
        chain: list[int] = []
        outer = outer_of.get(verb)
        while outer is not None:
            link = sites[outer]
            chain[:0] = [*link.reporters, *(h for h in (link.speaker, link.via_object) if h is not None)]
            outer = outer_of.get(outer)
        kept[verb] = replace(site, reporters=tuple(chain) + site.reporters) if chain else site
    return kept


def _nests(site: CueSite) -> bool:
    return site.lexeme is None or site.lexeme.nests  # no lexeme: "according to", a report


# --- 3. quotation marks and assembly ------------------------------------------------------

def _assemble(doc: Doc, text: str, open_sites: dict[int, CueSite],
              marks: list[tuple[tuple[int, int], QuoteRegion]]) -> list[QuoteMention]:
    used: set[int] = set()
    quotes: list[QuoteMention] = []
    paragraphs = paragraph_bounds(text)
    previous: tuple[QuoteMention, int, int] | None = None  # last direct quote, its paragraph, cue token
    for (a, b), region in marks:
        if not region.closed:
            quotes.extend(_unclosed(doc, text, region, a, open_sites, used))
            continue
        site, kind = _claiming_site(doc, a, b, open_sites, used)
        if kind == "mixed":
            continue  # the indirect quote of that site is emitted below, as mixed
        para = _paragraph_index(paragraphs, region.start)
        if site is not None:
            used.add(site.verb)
            site = _speaker_before_cue(doc, site, a, b)
            quote = _mention(doc, text, site, "direct", content=(region.start, region.end))
            previous = (quote, para, site.verb)
            quotes.append(quote)
        elif previous is not None and previous[1] == para and _only_cue_between(doc, text, previous, region):
            quote = replace(previous[0], content=_span(text, region.start, region.end))
            previous = (quote, para, previous[2])
            quotes.append(quote)
        elif _reads_like_speech(doc, text, region, a, b):
            quotes.append(_dangling(text, region))
    for verb, site in open_sites.items():
        if verb in used or site.content is None or site.content.end < site.content.start:
            continue
        c = _close_marks(doc, site.content, marks)
        kind = "mixed" if _has_quoted_part(doc, c, marks) else "indirect"
        quotes.append(_mention(doc, text, site, kind, content=(doc[c.start].idx, _end_char(doc[c.end]))))
    return sorted(quotes, key=lambda q: (q.content.start, q.cue.start))


def _speaker_before_cue(doc: Doc, site: CueSite, a: int, b: int) -> CueSite:
    """"“…,” Robert Shrum, a strategist, said": when the parse gives the cue no subject, or one
    inside the quoted words, the noun phrase between the closing mark and the cue speaks."""
    if site.verb <= b + 1 or (site.speaker is not None and not a <= site.speaker <= b):
        return site
    gap = doc[b + 1:site.verb]
    root = gap.root if len(gap) else None
    if root is None or root.pos_ not in ("PROPN", "NOUN", "PRON") or any(t.pos_ in VERB_POS for t in gap):
        return site
    return replace(site, speaker=head_for_actor(root).i)


def _region_tokens(doc: Doc, regions: list[QuoteRegion]) -> list[tuple[tuple[int, int], QuoteRegion]]:
    out = []
    for region in regions:
        span = doc.char_span(region.start, region.end, alignment_mode="expand")
        if span is not None and len(span):
            out.append(((span.start, span.end - 1), region))
    return out


def _claiming_site(doc: Doc, a: int, b: int, sites: dict[int, CueSite],
                   used: set[int]) -> tuple[CueSite | None, str | None]:
    """The cue that reports the quoted tokens a..b, and whether they are its whole content."""
    for site in sites.values():
        c = site.content
        if site.verb in used or c is None or c.end < a or c.start > b:
            continue
        if c.start >= a and c.end <= b:
            return site, "direct"
        if c.start < a or c.end > b:
            return site, "mixed"
    after = _cue_after(doc, b, sites, used)
    if after is not None:
        return after, "direct"
    return _cue_before(doc, a, sites, used), "direct"


def _cue_after(doc: Doc, b: int, sites: dict[int, CueSite], used: set[int]) -> CueSite | None:
    """"…,” said the official" / "…,” he told reporters": a cue just after the closing mark."""
    sent_end = doc[b].sent.end if b + 1 >= len(doc) else doc[b + 1].sent.end
    for i in range(b + 1, min(b + 1 + MAX_CUE_GAP, len(doc), sent_end + MAX_CUE_GAP)):
        token = doc[i]
        if token.text in SENTENCE_END or "\n" in token.text:
            return None
        site = sites.get(i)
        if site is not None and i not in used and (site.content is None or site.content.end <= b):
            return site
    return None


def _cue_before(doc: Doc, a: int, sites: dict[int, CueSite], used: set[int]) -> CueSite | None:
    """"He said: “…”" / "He told reporters, “…”": a cue whose clause ends at the opening mark."""
    i = a - 1
    while i >= 0 and (doc[i].is_space or doc[i].text in (",", ":")):
        i -= 1
    if i < 0 or "\n" in doc[i].whitespace_:
        return None
    token = doc[i]
    for candidate in (token, token.head, token.head.head):
        site = sites.get(candidate.i)
        if site is not None and candidate.i not in used and site.cue.end <= i and (
                site.content is None or site.content.start >= a):
            return site
    return None


def _only_cue_between(doc: Doc, text: str, previous: tuple[QuoteMention, int, int], region: QuoteRegion) -> bool:
    """True when only the previous quote's cue clause separates it from this region (same paragraph)."""
    gap = text[previous[0].content.end:region.start]
    return len(gap) < 120 and doc[previous[2]].idx < region.start and not any(m in gap for m in "“\"«")


def _reads_like_speech(doc: Doc, text: str, region: QuoteRegion, a: int, b: int) -> bool:
    """A full sentence in marks (ends with , . ? ! inside, or holds a clause), not a name or scare quote."""
    if a > 0 and doc[a - 1].lower_ in NAMING_WORDS:
        return False
    inner = text[region.start + 1:region.end - 1].rstrip()
    words = inner.split()
    if len(words) < 3:
        return False
    if inner[-1:] in SENTENCE_END or inner[-1:] == ",":
        return True
    return len(words) >= 6 and any(t.dep_ in ("nsubj", "nsubjpass") for t in doc[a:b + 1])


def _close_marks(doc: Doc, content: TokenRange, marks: list) -> TokenRange:
    """Extend a clause that stops inside quotation marks to the closing mark ("… do so.”"): the
    parser hangs the final period and mark on the cue verb."""
    for (a, b), region in marks:
        if region.closed and content.start <= a <= content.end < b and all(
                t.is_punct or t.is_space for t in doc[content.end + 1:b + 1]):
            return TokenRange(content.start, b)
    return content


def _has_quoted_part(doc: Doc, content: TokenRange, marks: list) -> bool:
    for (a, b), region in marks:
        if (region.closed and a >= content.start and b <= content.end and (b - a) >= 2
                and not (a > 0 and doc[a - 1].lower_ in NAMING_WORDS)):
            return True
    return False


def _unclosed(doc: Doc, text: str, region: QuoteRegion, a: int, sites: dict[int, CueSite],
              used: set[int]) -> list[QuoteMention]:
    """An opening mark with no closing one: content to the paragraph's end, speaker unknown."""
    claimed = [v for v, s in sites.items() if s.content is not None and s.content.end >= a
               and doc[s.content.start].idx < region.end]
    used.update(claimed)  # whatever the parse says, these words are no indirect quote
    if len(text[region.start:region.end].split()) < 4:
        return []
    site = sites[claimed[0]] if claimed else _cue_before(doc, a, sites, set())
    cue = _span(text, doc[site.cue.start].idx, _end_char(doc[site.cue.end])) if site else _span(
        text, region.start, region.start)
    return [QuoteMention("direct", cue, _span(text, region.start, region.end),
                         warning=f"unclosed quotation mark at character {region.start}: speaker not assigned")]


def _dangling(text: str, region: QuoteRegion) -> QuoteMention:
    return QuoteMention("direct", _span(text, region.start, region.start), _span(text, region.start, region.end),
                        warning=f"quotation at character {region.start} has no cue or speaker in its paragraph")


def _mention(doc: Doc, text: str, site: CueSite, kind: str, *, content: tuple[int, int]) -> QuoteMention:
    speaker = addressee = None
    if site.speaker is not None:
        rng = noun_phrase(doc[site.speaker] if doc[site.speaker].dep_ != "appos" else doc[site.speaker].head)
        speaker = _span(text, doc[rng.start].idx, _end_char(doc[rng.end]))
    if site.addressee is not None:
        rng = noun_phrase(doc[site.addressee])
        addressee = _span(text, doc[rng.start].idx, _end_char(doc[rng.end]))
    cue = _span(text, doc[site.cue.start].idx, _end_char(doc[site.cue.end]))
    return QuoteMention(kind, cue, _span(text, *content), speaker=speaker, speaker_head=site.speaker,
                        addressee=addressee, addressee_head=site.addressee, reporter_heads=site.reporters)


def _paragraph_index(paragraphs: list[tuple[int, int]], offset: int) -> int:
    for n, (start, end) in enumerate(paragraphs):
        if start <= offset < end or offset < start:
            return n
    return len(paragraphs) - 1


def _end_char(token: Token) -> int:
    return token.idx + len(token.text)


def _span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])
