"""Link the finders' mentions into the contract's records.

Finders work on tokens; this step turns token indices into actor and place ids, attaches
dates, places and attribution chains to events and figures, orders events by salience, and
gives events content-hash ids (article id + trigger offsets + type) so that re-ingesting an
article updates rather than duplicates.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from polemos.extract.actors import ActorFindings
from polemos.extract.places import PlaceFindings
from polemos.mentions import DateMention, EventMention, FigureMention, QuoteMention
from polemos.model import (
    UNKNOWN_DATE,
    AcledType,
    ArticleDocument,
    ArticleMeta,
    DateValue,
    Event,
    Figure,
    Quote,
    Span,
)
from polemos.resolve.dates import is_ongoing

VIOLENT_TYPES = {"ASSAULT", "COERCE"}
SYMMETRIC_TYPES = {"CONSULT", "COOPERATE", "AGREE"}  # "X met Y" and "the meeting between X and Y" are one act
# "stronger than ever today, said the official after the meeting": a present-time word dates the
# statement, not the events the sentence names, so it never dates an event by proximity alone
PRESENT_WORDS = {"today", "now", "currently", "right now", "at present", "nowadays", "these days"}


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


def assemble(article: ArticleMeta, found: Findings) -> ArticleDocument:
    warnings: list[str] = [*found.places.warnings, *found.actors.warnings]
    quotes = link_quotes(found, warnings, text=article.text)
    events = link_events(article, found, quotes)
    figures = drop_headline_repeats(link_figures(found, quotes, events, warnings), title_end=_title_end(article))
    if not article.published:
        relative = [d for d in found.dates if d.value.start is None and d.value.text]
        if relative:
            warnings.append(f"no publication date: {len(relative)} relative date(s) left unresolved "
                            f"(e.g. {relative[0].value.text!r}); give --published")
    return ArticleDocument(
        article=article, actors=tuple(found.actors.actors), events=tuple(events), quotes=tuple(quotes),
        figures=tuple(figures), places=tuple(found.places.places), warnings=tuple(dict.fromkeys(warnings)),
    )


def _actor(found: Findings, token: int | None) -> str | None:
    return None if token is None else found.actors.token_actor.get(token)


def _actors(found: Findings, tokens: Sequence[int]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a for a in (_actor(found, t) for t in tokens) if a))


def _inside(span: Span, outer: Span) -> bool:
    return outer.start <= span.start and span.end <= outer.end


def _sentence_of(found: Findings, offset: int) -> tuple[int, int]:
    for start, end in found.sentences:
        if start <= offset < end:
            return start, end
    return offset, offset


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


def _quote_for(span: Span, quotes: Sequence[Quote]) -> Quote | None:
    """The innermost quote whose content holds ``span``: its chain is the fullest."""
    holders = [q for q in quotes if _inside(span, q.content)]
    return min(holders, key=lambda q: q.content.end - q.content.start) if holders else None


def _quote_cued_by(span: Span, quotes: Sequence[Quote]) -> Quote | None:
    return next((q for q in quotes if q.cue.start <= span.start < q.cue.end), None)


# --- events -------------------------------------------------------------------------------------

def link_events(article: ArticleMeta, found: Findings, quotes: Sequence[Quote]) -> list[Event]:
    events = [_event(article, found, quotes, m) for m in found.events]
    title_end = _title_end(article)
    headline_types = {e.type for e in events if e.evidence.start < title_end}
    return order_by_salience(dedupe_events(events), title_end=title_end, headline_types=headline_types)


def trimmed(span: Span) -> Span:
    """A sentence span without the paragraph break that spaCy keeps at its end."""
    text = span.text.rstrip()
    return span if text == span.text else Span(span.start, span.start + len(text), text)


def _event(article: ArticleMeta, found: Findings, quotes: Sequence[Quote], m: EventMention) -> Event:
    date = _date_for(found, m.date_text, m.evidence, anchor=m.trigger.start)
    modality = list(m.modality)
    if date.text and is_ongoing(date.text) and "ongoing" not in modality:
        modality.append("ongoing")
    return Event(
        id=_event_id(article.id, m), type=m.type, evidence=trimmed(m.evidence), mode=m.mode, context=tuple(m.context),
        actors=_actors(found, m.agent_heads), recipients=_actors(found, m.patient_heads),
        place=_place_for(found, m.place_heads, m.evidence, outside=_quoted_elsewhere(m.trigger, m.evidence)),
        date=date, modality=tuple(modality),
        reported_by=_reported_by(m, quotes), cameo=m.cameo,
        acled=AcledType(m.acled_event_type, m.acled_sub_event_type) if m.acled_event_type else None,
        confidence=round(m.confidence, 3), trigger=m.trigger,
    )


def _event_id(article_id: str, m: EventMention) -> str:
    key = f"{article_id}:{m.trigger.start}:{m.trigger.end}:{m.type}"
    return "ev_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def _reported_by(m: EventMention, quotes: Sequence[Quote]) -> tuple[str, ...]:
    """Who the event reaches us through: a speech act's outer reporters, or a quote's whole chain."""
    cued = _quote_cued_by(m.trigger, quotes)
    if cued is not None:
        return tuple(a for a in cued.chain if a != cued.speaker)
    inside = _quote_for(m.trigger, quotes)
    return inside.chain if inside is not None else ()


def _date_for(found: Findings, date_text: Span | None, evidence: Span, *, anchor: int | None = None) -> DateValue:
    """The date governing an event: the one the finder attached, else the only dated expression
    in its sentence, else the one nearest the trigger. A dateline's date is when the article was
    filed, not when the event happened, so it counts only when nothing else dates the sentence."""
    if date_text is not None:
        for d in found.dates:
            if d.span.start < date_text.end and date_text.start < d.span.end:
                return d.value
    in_sentence = [d for d in found.dates if _inside(d.span, evidence) and d.value.start
                   and d.span.text.casefold() not in PRESENT_WORDS]
    if found.dateline is not None and len(in_sentence) > 1:
        in_sentence = [d for d in in_sentence if not _inside(d.span, found.dateline)] or in_sentence
    if len(in_sentence) == 1:
        return in_sentence[0].value
    if in_sentence and anchor is not None:
        return min(in_sentence, key=lambda d: abs(d.span.start - anchor)).value
    return UNKNOWN_DATE


QUOTED = re.compile(r"[“\"«]([^”\"»]*)[”\"»]")


def _quoted_elsewhere(trigger: Span, evidence: Span) -> list[Span]:
    """Quoted words in the sentence that the trigger is not part of: a place someone is quoted
    naming ("… near Tripoli”, the statement said) is not where the sentence's event happened."""
    spans = [Span(evidence.start + m.start(), evidence.start + m.end(), m.group())
             for m in QUOTED.finditer(evidence.text)]
    return [q for q in spans if not _inside(trigger, q)]


def _place_for(found: Findings, heads: Sequence[int], evidence: Span, *,
               outside: Sequence[Span] = ()) -> str | None:
    for token in heads:
        if token in found.places.token_place:
            return found.places.token_place[token]
    event_places = set(getattr(found.places, "event_places", ()) or ())
    candidates = [p for p in found.places.places
                  if any(_inside(s, evidence) and not any(_inside(s, q) for q in outside) for s in p.mentions)]
    preferred = [p for p in candidates if p.id in event_places] or [p for p in candidates if p.feature != "country"]
    return preferred[0].id if len(preferred) == 1 else None


def dedupe_events(events: list[Event]) -> list[Event]:
    """One event per sentence and type when their participants agree (one includes the other),
    and one per (type, participants, modality) across the document: the headline repeats the
    body, and a sentence often names the same attack twice ("a drone strike hit …, injuring").
    A bare back-reference ("areas impacted by the clashes": no actor, place or date) to a type
    the article already codes with its actors adds nothing and is dropped."""
    kept: list[Event] = []
    for event in sorted(events, key=_richness, reverse=True):
        if not any(_same_event(event, other) for other in kept):
            kept.append(event)
    described = {e.type for e in kept if e.actors or e.recipients}
    kept = [e for e in kept if not (_bare(e) and e.type in described)]
    return sorted(kept, key=lambda e: e.evidence.start)


def _bare(event: Event) -> bool:
    return not (event.actors or event.recipients or event.place or event.date.start or event.modality)


def _same_event(a: Event, b: Event) -> bool:
    if a.type != b.type or set(a.modality) != set(b.modality):
        return False
    if a.evidence.start == b.evidence.start:
        return _compatible(a.actors, b.actors) and _compatible(a.recipients, b.recipients)
    if not (a.actors or a.recipients):
        return False
    if a.type in SYMMETRIC_TYPES:
        return set(a.actors) | set(a.recipients) == set(b.actors) | set(b.recipients)
    return (set(a.actors), set(a.recipients)) == (set(b.actors), set(b.recipients))


def _compatible(x: tuple[str, ...], y: tuple[str, ...]) -> bool:
    return set(x) <= set(y) or set(y) <= set(x)


def _richness(event: Event) -> tuple:
    return (len(event.actors) + len(event.recipients), event.place is not None, event.date.start is not None,
            event.confidence, -event.evidence.start)


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

def link_figures(found: Findings, quotes: Sequence[Quote], events: Sequence[Event],
                 warnings: list[str]) -> list[Figure]:
    ids = [f"f{n}" for n in range(1, len(found.figures) + 1)]
    violent = [e for e in events if e.type in VIOLENT_TYPES
               and not set(e.modality) & {"negated", "hypothetical", "conditional", "historical"}]
    figures = []
    for fid, m in zip(ids, found.figures):
        sentence = Span(*_sentence_of(found, m.evidence.start), "")
        event = _event_for_figure(m, sentence, violent)
        quote = _quote_for(m.evidence, quotes)
        source = _actor(found, m.source_head) or (quote.speaker if quote else None)
        if m.value is None and m.share is None:
            warnings.append(f"figure {m.number.text if m.number else m.evidence.text!r}: no number could be read "
                            f"({m.qualifier}); no count recorded")
        date = _date_for(found, None, Span(sentence.start, sentence.end, ""))
        figures.append(Figure(
            id=fid, kind=m.kind, evidence=trimmed(m.evidence), value=m.value, low=m.low, high=m.high, qualifier=m.qualifier,
            group=m.group, part_of=ids[m.part_of] if m.part_of is not None and m.part_of < len(ids) else None,
            share=m.share, scope=m.scope, source=source, event=event.id if event else None,
            place=_place_for(found, (), Span(sentence.start, sentence.end, "")) or (event.place if event else None),
            date=date if date.start else (event.date if event else UNKNOWN_DATE), current=not m.superseded,
        ))
    return figures


def drop_headline_repeats(figures: list[Figure], *, title_end: int) -> list[Figure]:
    """A headline toll ("Gunmen kill 14") that the body states again is one figure, not two."""
    body = {(f.kind, f.value) for f in figures if f.evidence.start >= title_end}
    dropped = {f.id for f in figures if f.evidence.start < title_end and (f.kind, f.value) in body}
    return [f for f in figures if f.id not in dropped and f.part_of not in dropped]


def _event_for_figure(m: FigureMention, sentence: Span, violent: Sequence[Event]) -> Event | None:
    """The violent event a toll belongs to: one in its sentence with known actors, else for a
    running total the one ongoing campaign, else the article's only violent event."""
    same = [e for e in violent if e.evidence.start <= m.evidence.start < e.evidence.end]
    if same and (same[0].actors or m.scope != "cumulative"):
        return same[0]
    if m.scope == "cumulative":
        ongoing = [e for e in violent if "ongoing" in e.modality]
        if len(ongoing) == 1:
            return ongoing[0]
    return violent[0] if len(violent) == 1 else None
