"""Events (placeholder until the event finder lands)."""
from __future__ import annotations

from spacy.tokens import Doc

from polemos.extract.mentions import EventMention


def find_events(doc: Doc) -> list[EventMention]:
    return []
