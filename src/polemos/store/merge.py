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
from typing import Any

from polemos.model import ArticleDocument, Event


def canonical_id(document: ArticleDocument, event: Event) -> str:
    place = document.place(event.place)
    if event.date.start is None or place is None:
        return "ce_" + event.id.removeprefix("ev_")
    where = str(place.geonameid) if place.geonameid else place.name.casefold()
    key = "|".join([event.type, event.date.start, event.date.end or "", where, ",".join(sorted(event.modality))])
    return "ce_" + hashlib.sha256(key.encode()).hexdigest()[:16]


def expand_event(document: ArticleDocument, event: Event, as_json: dict[str, Any]) -> dict[str, Any]:
    """The event with actors, recipients and place as objects, as ``polemos events`` prints it."""
    data = dict(as_json)
    data["actors"] = [_actor_json(document, a) for a in event.actors]
    data["recipients"] = [_actor_json(document, a) for a in event.recipients]
    data["reported_by"] = [_actor_json(document, a) for a in event.reported_by]
    place = document.place(event.place)
    data["place"] = None if place is None else {k: v for k, v in _json(place).items() if k != "mentions"}
    return data


def _actor_json(document: ArticleDocument, actor_id: str) -> dict[str, Any]:
    actor = document.actor(actor_id)
    if actor is None:
        return {"id": actor_id, "name": None}
    return {k: v for k, v in _json(actor).items() if k != "mentions"}


def _json(record: Any) -> dict[str, Any]:
    from polemos.model import to_json

    return to_json(record)
