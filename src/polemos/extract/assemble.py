"""Link the finders' mentions into the contract's records.

Finders work on tokens; this step turns token indices into actor and place ids, attaches
dates, places and attribution chains to events and figures, orders events by salience, and
gives events content-hash ids (article id + trigger offsets + type) so that re-ingesting an
article updates rather than duplicates.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from polemos.extract._spans import SpanIndex
from polemos.extract.actors import ActorFindings
from polemos.extract.dedupe import Names, dedupe_events
from polemos.extract.places import PlaceFindings, contains, finest
from polemos.mentions import DateMention, EventMention, FigureMention, QuoteMention
from polemos.model import (
    UNKNOWN_DATE,
    AcledType,
    Actor,
    ArticleDocument,
    ArticleMeta,
    DateValue,
    Event,
    Figure,
    Place,
    Quote,
    Span,
)
from polemos.resolve.dates import impossible_date, is_ongoing

VIOLENT_TYPES = {"ASSAULT", "COERCE"}
# "stronger than ever today, said the official after the meeting": a present-time word dates the
# statement, not the events the sentence names, so it never dates an event by proximity alone
PRESENT_WORDS = {"today", "now", "currently", "right now", "at present", "nowadays", "these days"}
# How sure a date is, by how it was tied to the event (times the sureness of what it counted from)
BASIS_CONFIDENCE = {"stated": 0.9, "sentence": 0.8, "nearest": 0.6, "report": 0.6}
# A sentence that continues the report before it: "During the operation, ...", "The attack also ...",
# "The security force detained ...": its event happened when and where the last dated one did.
CONTINUES = re.compile(
    r"\b(?:during|in|after|following|throughout|before|since) (?:the|this|that) (?:\w+ )?(?:operation|attack|raid|assault"
    r"|strike|airstrike|clash|fighting|ambush|incident|engagement|battle|offensive|mission|patrol|search|bombing"
    r"|explosion|blast|shelling|offensive)s?\b|\b(?:the|this|that) (?:same )?(?:operation|attack|raid|assault|strike"
    r"|airstrike|ambush|incident|engagement|clash|bombing|blast|explosion)s? (?:also |then |later )?\w+(?:ed|ing)\b"
    r"|\bthe (?:same|following) (?:day|night|morning|evening)\b|^\W*(?:also|additionally|in addition|later|afterwards?"
    r"|subsequently|then)\b|\bthe (?:security|assault|combined|joint|coalition|afghan|patrol|strike) (?:force|team|unit)s?\b",
    re.IGNORECASE)
REPORT_SENTENCES = 3  # how far back a continuing sentence may take its date from
_Record = TypeVar("_Record", Actor, Place)


@dataclass(frozen=True)
class Findings:
    """Everything the finders produced for one document."""

    places: PlaceFindings
    actors: ActorFindings
    dates: Sequence[DateMention]
    quotes: Sequence[QuoteMention]
    events: Sequence[EventMention]
    figures: Sequence[FigureMention]
    sentences: Sequence[tuple[int, int]]  # char offsets of each sentence
    dateline: Span | None = None  # "GAO, Mali, March 3 (Polemos Wire) -", when the article has one


@dataclass(frozen=True)
class _Context:
    """What the article's ingest says around the findings: boilerplate lines, the reference date."""

    boilerplate: SpanIndex
    reference: str | None       # what relative dates counted from: "dateline", "published", ...
    reference_confidence: float

    @classmethod
    def of(cls, article: ArticleMeta) -> _Context:
        meta = article.metadata or {}
        ranges = [(b[0], b[1]) for b in meta.get("boilerplate") or () if len(b) >= 2]
        ref = meta.get("reference_date") or {}
        source = ref.get("source") or ("published" if article.published else None)
        if source in ("given", "html-metadata", "url", "html-text"):
            source = "published"
        return cls(SpanIndex.of(ranges), source, float(ref.get("confidence") or 1.0))

    def in_boilerplate(self, span: Span) -> bool:
        return bool(self.boilerplate.around(span.start, span.end))


@dataclass(frozen=True)
class _Lookup:
    """The findings with their spans indexed once per document: linking each event and figure
    by scanning every sentence, date and place mention made long articles quadratic."""

    found: Findings
    context: _Context
    sentences: SpanIndex
    dates: SpanIndex
    place_mentions: SpanIndex
    place_of_mention: tuple[int, ...]   # for each indexed mention, its place's position
    event_places: frozenset[str]

    @classmethod
    def of(cls, found: Findings, context: _Context) -> _Lookup:
        owners = [(k, s) for k, place in enumerate(found.places.places) for s in place.mentions]
        return cls(found, context, SpanIndex.of(found.sentences),
                   SpanIndex.of([(d.span.start, d.span.end) for d in found.dates]),
                   SpanIndex.of([(s.start, s.end) for _, s in owners]), tuple(k for k, _ in owners),
                   frozenset(getattr(found.places, "event_places", ()) or ()))


@dataclass(frozen=True)
class _Quotes:
    """The linked quotes, their contents and cues indexed (every event and figure asks)."""

    quotes: tuple[Quote, ...]
    contents: SpanIndex
    cues: SpanIndex

    @classmethod
    def of(cls, quotes: Sequence[Quote]) -> _Quotes:
        return cls(tuple(quotes), SpanIndex.of([(q.content.start, q.content.end) for q in quotes]),
                   SpanIndex.of([(q.cue.start, q.cue.end) for q in quotes]))


def assemble(article: ArticleMeta, found: Findings) -> ArticleDocument:
    warnings: list[str] = [*(article.metadata or {}).get("ingest_warnings", ()), *found.places.warnings,
                           *found.actors.warnings]
    context = _Context.of(article)
    look = _Lookup.of(found, context)
    quotes = [q for q in link_quotes(found, warnings, text=article.text) if not context.in_boilerplate(q.content)]
    linked = _Quotes.of(quotes)
    events = link_events(article, look, linked)
    figures = drop_headline_repeats(link_figures(look, linked, events, warnings), title_end=_title_end(article))
    figures = _outside(figures, context)
    warnings += _date_warnings(article, found)
    actors, places = _kept_records(found, context, events, quotes, figures)
    gone = {p.name for p in found.places.places if p.lat is None} - {p.name for p in places}
    warnings = [w for w in warnings if not any(w == f"place {name!r} not found in the gazetteer" for name in gone)]
    return ArticleDocument(
        article=article, actors=actors, events=tuple(events), quotes=tuple(quotes),
        figures=tuple(figures), places=places, warnings=tuple(dict.fromkeys(warnings)),
    )


def _date_warnings(article: ArticleMeta, found: Findings) -> list[str]:
    warnings = [f"date {d.span.text!r} is not a real date ({reason}); left without a value"
                for d in found.dates if d.value.start is None and (reason := impossible_date(d.span.text))]
    if not article.published:
        relative = [d for d in found.dates if d.value.start is None and d.value.text and not impossible_date(d.span.text)]
        if relative:
            warnings.append(f"no publication date: {len(relative)} relative date(s) left unresolved "
                            f"(e.g. {relative[0].value.text!r}); give --published")
    return warnings


def _outside(figures: list[Figure], context: _Context) -> list[Figure]:
    """Figures outside boilerplate ("Release No. 2014-03-011" counts nothing), and their parts."""
    dropped = {f.id for f in figures if context.in_boilerplate(f.evidence)}
    return [f for f in figures if f.id not in dropped and f.part_of not in dropped]


def _kept_records(found: Findings, context: _Context, events: Sequence[Event], quotes: Sequence[Quote],
                  figures: Sequence[Figure]) -> tuple[tuple, tuple]:
    """Actors and places less those named only in boilerplate (a byline's reporter, a caption's
    photographer) that no kept record refers to; their boilerplate mentions are dropped too. A
    dateline's place ("KABUL (Reuters) -") is where the story was filed, not an actor: an actor
    mention on it is dropped the same way; so is a "person" no record refers to whose every
    mention is a gazetteer place's (the small model tags "Gao" a PERSON as often as a GPE)."""
    used = {a for e in events for a in (*e.actors, *e.recipients, *e.reported_by)}
    used |= {a for q in quotes for a in (q.speaker, q.addressee, *q.chain) if a}
    used |= {f.source for f in figures if f.source}
    used |= {a.affiliation for a in found.actors.actors if a.affiliation}
    placed = {e.place for e in events} | {f.place for f in figures}
    gazetteer = {(m.start, m.end) for p in found.places.places if p.geonameid is not None for m in p.mentions}
    candidates = [a for a in found.actors.actors if a.id in used or not _a_place_taken_for_a_person(a, gazetteer)]
    filed = _dateline_places(found)
    actors = tuple(a for a in (_trim_mentions(a, context, also=filed) for a in candidates) if a.mentions or a.id in used)
    places = tuple(p for p in (_trim_mentions(p, context) for p in found.places.places) if p.mentions or p.id in placed)
    return actors, places


def _trim_mentions(record: _Record, context: _Context, *, also: Sequence[Span] = ()) -> _Record:
    kept = tuple(m for m in record.mentions
                 if not context.in_boilerplate(m) and not any(m.start < s.end and s.start < m.end for s in also))
    return record if len(kept) == len(record.mentions) else dataclasses.replace(record, mentions=kept)


def _a_place_taken_for_a_person(actor: Actor, places: set[tuple[int, int]]) -> bool:
    return (actor.kind == "person" and not actor.kb_id and bool(actor.mentions)
            and all((m.start, m.end) in places for m in actor.mentions))


def _dateline_places(found: Findings) -> list[Span]:
    """The place names of the article's dateline ("GAO, Mali, March 3 (Polemos Wire) -")."""
    if found.dateline is None:
        return []
    return [m for p in found.places.places for m in p.mentions if _inside(m, found.dateline)]


def _actor(found: Findings, token: int | None) -> str | None:
    return None if token is None else found.actors.token_actor.get(token)


def _actors(found: Findings, tokens: Sequence[int]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for a in (_actor(found, t) for t in tokens) if a))


def _inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


def _sentence_of(look: _Lookup, offset: int) -> tuple[int, int]:
    holders = look.sentences.at(offset)
    return look.found.sentences[holders[0]] if holders else (offset, offset)


# --- quotes -------------------------------------------------------------------------------------

STATEMENT_WORDS = {"statement", "communique", "communiqué", "declaration", "release"}


def link_quotes(found: Findings, warnings: list[str], *, text: str = "") -> list[Quote]:
    quotes: list[Quote] = []
    for n, q in enumerate(found.quotes, start=1):
        speaker = _actor(found, q.speaker_head) or _statement_author(q, quotes, text)
        chain = [a for a in (_actor(found, h) for h in q.reporter_heads) if a]
        if speaker:
            chain.append(speaker)
        if q.warning:
            warnings.append(q.warning)
        elif q.speaker is not None and speaker is None:
            warnings.append(f"quote at {q.content.start}: speaker {q.speaker.text!r} not resolved to an actor")
        quotes.append(Quote(
            id=f"q{n}", cue=q.cue, content=q.content, kind=q.kind, speaker=speaker, speaker_text=q.speaker,
            chain=tuple(dict.fromkeys(chain)), addressee=_actor(found, q.addressee_head),
        ))
    return quotes


def _statement_author(q: QuoteMention, earlier: Sequence[Quote], text: str) -> str | None:
    """"The statement said" speaks for whoever last spoke "in a statement" in this article."""
    if q.speaker is None or q.speaker.text.split()[-1].casefold() not in STATEMENT_WORDS:
        return None
    for quote in reversed(earlier):
        around = text[quote.cue.start:quote.cue.end + 30].casefold()
        if quote.speaker and any(word in around for word in STATEMENT_WORDS):
            return quote.speaker
    return None


def _quote_for(span: Span, linked: _Quotes) -> Quote | None:
    """The innermost quote whose content holds ``span``: its chain is the fullest."""
    holders = [linked.quotes[p] for p in linked.contents.around(span.start, span.end)]
    return min(holders, key=lambda q: q.content.end - q.content.start) if holders else None


def _quote_cued_by(span: Span, linked: _Quotes) -> Quote | None:
    cued = linked.cues.at(span.start)
    return linked.quotes[cued[0]] if cued else None


# --- events -------------------------------------------------------------------------------------

def link_events(article: ArticleMeta, look: _Lookup, linked: _Quotes) -> list[Event]:
    mentions = [m for m in look.found.events if not look.context.in_boilerplate(m.trigger)]
    events = carry_report(look, [_event(article, look, linked, m) for m in mentions])
    title_end = _title_end(article)
    headline_types = {e.type for e in events if e.evidence.start < title_end}
    names = Names({a.id: a.name.casefold() for a in look.found.actors.actors},
                  {p.id: p for p in look.found.places.places}, title_end)
    return order_by_salience(dedupe_events(events, figures=look.found.figures, names=names), title_end=title_end,
                             headline_types=headline_types)


def trimmed(span: Span) -> Span:
    """A sentence span without the paragraph break that spaCy keeps at its end."""
    text = span.text.rstrip()
    return span if text == span.text else Span(span.start, span.start + len(text), text)


def _event(article: ArticleMeta, look: _Lookup, linked: _Quotes, m: EventMention) -> Event:
    found = look.found
    date = _date_for(look, m.date_text, m.evidence, anchor=m.trigger.start)
    modality = list(m.modality)
    if date.text and is_ongoing(date.text) and "ongoing" not in modality:
        modality.append("ongoing")
    return Event(
        id=_event_id(article.id, m), type=m.type, evidence=trimmed(m.evidence), mode=m.mode, context=tuple(m.context),
        actors=_actors(found, m.agent_heads), recipients=_actors(found, m.patient_heads),
        place=_place_for(look, m.place_heads, m.evidence, outside=_quoted_elsewhere(m.trigger, m.evidence)),
        date=date, modality=tuple(modality),
        reported_by=_reported_by(m, linked), cameo=m.cameo,
        acled=AcledType(m.acled_event_type, m.acled_sub_event_type) if m.acled_event_type else None,
        confidence=round(m.confidence, 3), trigger=m.trigger,
    )


def carry_report(look: _Lookup, events: list[Event]) -> list[Event]:
    """An undated event in a sentence that continues the report ("During the operation, the force
    seized weapons") takes the date — and, when it names none, the place — of the last dated event
    at most ``REPORT_SENTENCES`` sentences before it."""
    out: list[Event] = []
    last: tuple[int, Event] | None = None
    for event in sorted(events, key=lambda e: e.evidence.start):
        sentence = _sentence_number(look, event.evidence.start)
        if (event.date.start is None and last is not None and sentence - last[0] <= REPORT_SENTENCES
                and _asserted(event) and CONTINUES.search(event.evidence.text)):
            date = dataclasses.replace(last[1].date, basis="report",
                                       confidence=round((last[1].date.confidence or 0.6) * 0.8, 2))
            event = dataclasses.replace(event, date=date, place=event.place or last[1].place)
        if event.date.start is not None and _asserted(event):
            last = (sentence, event)
        out.append(event)
    return out


def _asserted(event: Event) -> bool:
    return not set(event.modality) & {"negated", "hypothetical", "conditional", "future"}


def _sentence_number(look: _Lookup, offset: int) -> int:
    holders = look.sentences.at(offset)
    return holders[0] if holders else -1


def _event_id(article_id: str, m: EventMention) -> str:
    key = f"{article_id}:{m.trigger.start}:{m.trigger.end}:{m.type}"
    return "ev_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _reported_by(m: EventMention, linked: _Quotes) -> tuple[str, ...]:
    """Who the event reaches us through: a speech act's outer reporters, or a quote's whole chain."""
    cued = _quote_cued_by(m.trigger, linked)
    if cued is not None:
        return tuple(a for a in cued.chain if a != cued.speaker)
    inside = _quote_for(m.trigger, linked)
    return inside.chain if inside is not None else ()


def _date_for(look: _Lookup, date_text: Span | None, evidence: Span, *, anchor: int | None = None) -> DateValue:
    """The date governing an event: the one the finder attached, else the only dated expression
    in its sentence, else the one nearest the trigger. A dateline's date is when the article was
    filed, not when the event happened, so it counts only when nothing else dates the sentence;
    a date in boilerplate ("Posted: March 3") never counts. The value says how it was tied."""
    found = look.found
    if date_text is not None:
        overlapping = look.dates.overlapping(date_text.start, date_text.end)
        if overlapping:
            return _with_basis(look, found.dates[overlapping[0]], "stated")
    in_sentence = [d for d in (found.dates[p] for p in look.dates.inside(evidence.start, evidence.end))
                   if d.value.start and d.span.text.casefold() not in PRESENT_WORDS
                   and not (look.context.in_boilerplate(d.span) and not _in_dateline(found, d.span))]
    if found.dateline is not None and len(in_sentence) > 1:
        in_sentence = [d for d in in_sentence if not _inside(d.span, found.dateline)] or in_sentence
    if len(in_sentence) == 1:
        return _with_basis(look, in_sentence[0], "sentence")
    if in_sentence and anchor is not None:
        return _with_basis(look, min(in_sentence, key=lambda d: abs(d.span.start - anchor)), "nearest")
    return UNKNOWN_DATE


def _in_dateline(found: Findings, span: Span) -> bool:
    return found.dateline is not None and _inside(span, found.dateline)


_YEAR_WRITTEN = re.compile(r"\b(?:1[5-9]|20|21)\d\d\b")


def _with_basis(look: _Lookup, mention: DateMention, basis: str) -> DateValue:
    """The mention's value, saying how it was tied and what it counted from (None: written in full)."""
    value = mention.value
    absolute = bool(_YEAR_WRITTEN.search(mention.span.text))
    reference = None if absolute else look.context.reference
    sure = BASIS_CONFIDENCE[basis] * (1.0 if absolute else look.context.reference_confidence)
    return dataclasses.replace(value, basis=basis, reference=reference, confidence=round(sure, 2))


QUOTED = re.compile(r"[“\"«]([^”\"»]*)[”\"»]")


def _quoted_elsewhere(trigger: Span, evidence: Span) -> list[Span]:
    """Quoted words in the sentence that the trigger is not part of: a place someone is quoted
    naming ("… near Tripoli”, the statement said) is not where the sentence's event happened."""
    spans = [Span(evidence.start + m.start(), evidence.start + m.end(), m.group())
             for m in QUOTED.finditer(evidence.text)]
    return [q for q in spans if not _inside(trigger, q)]


def _place_for(look: _Lookup, heads: Sequence[int], evidence: Span, *,
               outside: Sequence[Span] = ()) -> str | None:
    """The place an event happened: one its finder attached, else the one event place (or the one
    place below country level) its sentence names; of a chain ("Nad Ali district, Helmand
    province") the finest level. The dateline's place is where the story was filed, not a candidate."""
    places = look.found.places
    spans = look.place_mentions
    named = {look.place_of_mention[k] for k in spans.inside(evidence.start, evidence.end)
             if not any(q.start <= spans.spans[k][0] and spans.spans[k][1] <= q.end for q in outside)
             and not _in_dateline(look.found, Span(*spans.spans[k], ""))}
    candidates = [places.places[k] for k in sorted(named)]
    for token in heads:
        if token in places.token_place:
            return _finer(places.token_place[token], candidates)
    preferred = (finest([p for p in candidates if p.id in look.event_places])
                 or finest([p for p in candidates if p.feature != "country"]))
    return preferred[0].id if len(preferred) == 1 else None


def _finer(place_id: str, candidates: Sequence[Place]) -> str:
    """The attached place, or the one place of the sentence inside it ("in Helmand" with "Nad Ali district")."""
    outer = next((p for p in candidates if p.id == place_id), None)
    inner = finest([p for p in candidates if outer is not None and contains(outer, p)])
    return inner[0].id if len(inner) == 1 else place_id


def _title_end(article: ArticleMeta) -> int:
    return len(article.title) if article.title and article.text.startswith(article.title) else 0


def order_by_salience(events: list[Event], *, title_end: int, headline_types: set[str] = frozenset()) -> list[Event]:
    """The article's main event first: asserted facts, echoed by the headline, early in the text."""
    def score(event: Event) -> tuple:
        asserted = not (set(event.modality) & {"negated", "hypothetical", "conditional", "future", "historical"})
        return (not asserted, event.type not in headline_types, event.evidence.start >= title_end + 600,
                -event.confidence, event.evidence.start)

    return sorted(events, key=score)


# --- figures ------------------------------------------------------------------------------------

def link_figures(look: _Lookup, linked: _Quotes, events: Sequence[Event],
                 warnings: list[str]) -> list[Figure]:
    found = look.found
    ids = [f"f{n}" for n in range(1, len(found.figures) + 1)]
    violent = _Violent.of(events)
    figures = []
    for fid, m in zip(ids, found.figures):
        sentence = Span(*_sentence_of(look, m.evidence.start), "")
        event = _event_for_figure(m, violent)
        quote = _quote_for(m.evidence, linked)
        source = _actor(found, m.source_head) or (quote.speaker if quote else None)
        if m.value is None and m.share is None:
            warnings.append(f"figure {m.number.text if m.number else m.evidence.text!r}: no number could be read "
                            f"({m.qualifier}); no count recorded")
        date = _date_for(look, None, Span(sentence.start, sentence.end, ""))
        figures.append(Figure(
            id=fid, kind=m.kind, evidence=trimmed(m.evidence), value=m.value, low=m.low, high=m.high, qualifier=m.qualifier,
            group=m.group, part_of=ids[m.part_of] if m.part_of is not None and m.part_of < len(ids) else None,
            share=m.share, scope=m.scope, source=source, event=event.id if event else None,
            place=_place_for(look, (), Span(sentence.start, sentence.end, "")) or (event.place if event else None),
            date=date if date.start else (event.date if event else UNKNOWN_DATE), current=not m.superseded,
        ))
    return figures


def drop_headline_repeats(figures: list[Figure], *, title_end: int) -> list[Figure]:
    """A headline toll ("Gunmen kill 14") that the body states again is one figure, not two."""
    body = {(f.kind, f.value) for f in figures if f.evidence.start >= title_end}
    dropped = {f.id for f in figures if f.evidence.start < title_end and (f.kind, f.value) in body}
    return [f for f in figures if f.id not in dropped and f.part_of not in dropped]


@dataclass(frozen=True)
class _Violent:
    """The asserted violent events, in salience order, with their sentences indexed."""

    events: tuple[Event, ...]
    evidence: SpanIndex
    ongoing: tuple[Event, ...]

    @classmethod
    def of(cls, events: Sequence[Event]) -> _Violent:
        violent = tuple(e for e in events if e.type in VIOLENT_TYPES
                        and not set(e.modality) & {"negated", "hypothetical", "conditional", "historical"})
        return cls(violent, SpanIndex.of([(e.evidence.start, e.evidence.end) for e in violent]),
                   tuple(e for e in violent if "ongoing" in e.modality))


def _event_for_figure(m: FigureMention, violent: _Violent) -> Event | None:
    """The violent event a toll belongs to: one in its sentence with known actors, else for a
    running total the one ongoing campaign, else the article's only violent event."""
    same = [violent.events[p] for p in violent.evidence.at(m.evidence.start)]
    if same and (same[0].actors or m.scope != "cumulative"):
        return same[0]
    if m.scope == "cumulative" and len(violent.ongoing) == 1:
        return violent.ongoing[0]
    return violent.events[0] if len(violent.events) == 1 else None
