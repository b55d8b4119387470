"""Date resolution (placeholder until the resolver lands)."""
from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from polemos.extract.mentions import DateMention
from polemos.model import DateValue


def resolve_date(text: str, *, published: dt.date | None) -> DateValue | None:
    return None


def find_dates(doc: Doc, *, published: dt.date | None) -> list[DateMention]:
    return []
