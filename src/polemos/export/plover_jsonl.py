"""PLOVER JSON Lines: one PLOVER record per canonical event (fields of the PLOVER manual's
"Data Fields" chapter; entities as objects with code, sector, entity_text)."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

NAME = "plover-jsonl"
EXTENSION = "jsonl"
MEDIA_TYPE = "application/x-ndjson"
DESCRIPTION = "PLOVER records, one JSON object per line"

# PLOVER quad codes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1, "COOPERATE": 2, "AID": 2, "RETREAT": 2,
         "REQUEST": 1, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "PROTEST": 3, "SANCTION": 3, "MOBILIZE": 4,
         "COERCE": 4, "ASSAULT": 4}


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    today = dt.date.today().isoformat()
    count = 0
    for event in events:
        out.write((json.dumps(record(event, coded_date=today), ensure_ascii=False) + "\n").encode())
        count += 1
    return count


def record(event: dict[str, Any], *, coded_date: str) -> dict[str, Any]:
    date = event.get("date") or {}
    place = event.get("place") or {}
    size: dict[str, int] = {}
    for figure in event.get("figures", []):
        key = {"killed": "dead", "injured": "injured", "arrested": "arrested"}.get(figure.get("kind"))
        if key and figure.get("value") is not None:
            size[key] = min(size.get(key, figure["value"]), figure["value"])  # most conservative report
    first = (event.get("mentions") or [{}])[0]
    return {
        "id": event["id"],
        "date": date.get("start"),
        "enddate": date.get("end") if date.get("end") != date.get("start") else None,
        "event": event["type"],
        "mode": event.get("mode"),
        "context": event.get("context", []),
        "actor": [_entity(a) for a in event.get("actors", [])],
        "recipient": [_entity(a) for a in event.get("recipients", [])],
        "event_loc": None if not place else {
            "extracted_place": place.get("name"), "resolved_place": place.get("name"),
            "geonameid": place.get("geonameid"), "lat": place.get("lat"), "lon": place.get("lon"),
            "province": place.get("admin1"), "country_code": place.get("country"),
            "feature_class": place.get("feature"), "resolution": place.get("precision")},
        "event_text": (event.get("evidence") or {}).get("text"),
        "quad_code": _QUAD.get(event["type"]),
        "size": size or None,
        "text_info": [{"article": m["article"], "start": m["evidence"]["start"], "end": m["evidence"]["end"],
                       "text_story": m["evidence"]["text"]} for m in event.get("mentions", [])],
        "cite_info": [{"publication": m.get("source"), "citation": m["article"], "coder": "polemos"}
                      for m in event.get("mentions", [])],
        "comment": ", ".join(event.get("modality", [])) or None,
        "cameo": event.get("cameo"),
        "confidence": event.get("confidence"),
        "sources": event.get("sources"),
        "reviewed": bool(event.get("reviewed")),
        "coder": "polemos",
        "coded_date": coded_date,
        "first_report": first.get("article"),
    }


def _entity(actor: dict[str, Any]) -> dict[str, Any]:
    return {"code": actor.get("country"), "sector": actor.get("sector"), "entity_text": actor.get("name"),
            "identifier_id": actor.get("kb_id"), "office": actor.get("role")}
