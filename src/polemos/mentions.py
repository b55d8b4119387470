"""Mention records: what each finder returns before the assembler links them together.

Offsets are character offsets into ``doc.text`` (== ``article.text``). Token indices
(``*_head``) let the assembler map a speaker, agent or victim to the actor that owns that
token. Finders never invent ids for actors; the assembler does.
"""
from __future__ import annotations

from dataclasses import dataclass

from polemos.model import DateValue, Span


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    value: DateValue


@dataclass(frozen=True, slots=True)
class FigureMention:
    kind: str                      # killed, injured, displaced, trapped, affected, missing, ...
    evidence: Span                 # the clause or sentence that states it
    number: Span | None            # the words of the number ("over 460", "dozens")
    value: int | None
    low: int | None
    high: int | None
    qualifier: str                 # exact, over, at least, about, up to, fewer than, fraction, ...
    group: str | None = None       # civilians, children, ... or None for all
    part_of: int | None = None     # index of the including figure in the finder's list
    share: float | str | None = None
    scope: str = "incident"        # incident | cumulative
    source_head: int | None = None  # token index of whoever the figure is attributed to
    sentence_start: int = 0        # char offset of the sentence (to link events, dates, places)
    superseded: bool = False       # an earlier toll replaced by a later one in the same article


@dataclass(frozen=True, slots=True)
class QuoteMention:
    kind: str                      # direct | indirect | mixed
    cue: Span
    content: Span
    speaker: Span | None = None    # the words naming the speaker, None when the text does not say
    speaker_head: int | None = None  # token index of the speaker's head (may be a pronoun)
    addressee: Span | None = None
    addressee_head: int | None = None
    reporter_heads: tuple[int, ...] = ()  # outer reporters, outermost first (France 24, the official)
    warning: str | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    type: str                      # PLOVER type
    trigger: Span
    evidence: Span                 # usually the sentence
    mode: str | None = None
    context: tuple[str, ...] = ()
    agent_heads: tuple[int, ...] = ()      # token indices of who acted
    patient_heads: tuple[int, ...] = ()    # token indices of recipients / targets
    modality: tuple[str, ...] = ()
    cameo: str | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    confidence: float = 0.5
    date_text: Span | None = None  # the date expression governing the event, if found
    place_heads: tuple[int, ...] = ()  # tokens of places the event happened at (prep "in X")
