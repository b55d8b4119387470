"""Cross-article event merging: the same event from ten outlets is one event with ten sources.

Two reported events are the same when they have the same PLOVER type, the same dates, the
same place and the same modality. Actors are not part of the key: outlets name the same
attackers differently ("gunmen", "JNIM fighters"), and keying on them split most real
duplicates in our demo; the price is that two attacks of one type in one town on one day are
merged (their reports stay listed under ``mentions``). Events that lack a date or a place are
never merged: a wrong merge on that little evidence would hide a second incident.
"""
from __future__ import annotations

import hashlib

from polemos.model import ArticleDocument, Event


def canonical_id(document: ArticleDocument, event: Event) -> str:
    place = document.place(event.place)
    if event.date.start is None or place is None:
        return "ce_" + event.id.removeprefix("ev_")
    where = str(place.geonameid) if place.geonameid else place.name.casefold()
    key = "|".join([event.type, event.date.start, event.date.end or "", where, ",".join(sorted(event.modality))])
    return "ce_" + hashlib.sha256(key.encode()).hexdigest()[:16]
