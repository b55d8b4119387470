"""GeoJSON FeatureCollection: one Point feature per canonical event with a located place
(events without coordinates are left out; QGIS and Leaflet read it directly). ``articles`` lists
the ids of the reporting articles (the caller's ids when the input gave them)."""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, BinaryIO

from polemos.export.acled_csv import article_ids, fatalities

NAME = "geojson"
EXTENSION = "geojson"
MEDIA_TYPE = "application/geo+json"
DESCRIPTION = "GeoJSON points (events with coordinates)"


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    out.write(b'{"type": "FeatureCollection", "features": [\n')
    count = 0
    for event in events:
        feature = to_feature(event)
        if feature is None:
            continue
        out.write((",\n" if count else "").encode() + json.dumps(feature, ensure_ascii=False).encode())
        count += 1
    out.write(b"\n]}\n")
    return count


def to_feature(event: dict[str, Any]) -> dict[str, Any] | None:
    place = event.get("place") or {}
    if place.get("lat") is None or place.get("lon") is None:
        return None
    date = event.get("date") or {}
    return {
        "type": "Feature",
        "id": event["id"],
        "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
        "properties": {
            "id": event["id"], "type": event["type"], "date_start": date.get("start"), "date_end": date.get("end"),
            "date_precision": date.get("precision"), "place": place.get("name"), "country": place.get("country"),
            "geo_precision": place.get("precision"),
            "actors": "; ".join(a.get("name") or "?" for a in event.get("actors", [])),
            "recipients": "; ".join(a.get("name") or "?" for a in event.get("recipients", [])),
            "modality": ",".join(event.get("modality", [])), "sources": event.get("sources"),
            "confidence": event.get("confidence"), "fatalities": fatalities(event.get("figures", [])),
            "evidence": (event.get("evidence") or {}).get("text"), "reviewed": bool(event.get("reviewed")),
            "articles": article_ids(event),
        },
    }
