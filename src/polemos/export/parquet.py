"""Parquet: one row per canonical event, typed columns (dates as date32, lists as list<string>),
for pandas, R (arrow) and DuckDB; ``articles`` holds the reporting articles' ids (the caller's
when the input gave them). Needs pyarrow (the ``[export]`` extra)."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from polemos.export.acled_csv import article_ids, fatalities

NAME = "parquet"
EXTENSION = "parquet"
MEDIA_TYPE = "application/vnd.apache.parquet"
DESCRIPTION = "Parquet table (typed columns)"

SCHEMA = pa.schema([
    ("id", pa.string()), ("type", pa.dictionary(pa.int32(), pa.string())), ("date_start", pa.date32()),
    ("date_end", pa.date32()), ("date_precision", pa.string()), ("actors", pa.list_(pa.string())),
    ("recipients", pa.list_(pa.string())), ("place", pa.string()), ("country", pa.string()),
    ("admin1", pa.string()), ("lat", pa.float64()), ("lon", pa.float64()), ("geo_precision", pa.int32()),
    ("modality", pa.list_(pa.string())), ("acled_event_type", pa.string()), ("acled_sub_event_type", pa.string()),
    ("cameo", pa.string()), ("fatalities", pa.int64()), ("sources", pa.int32()), ("outlets", pa.list_(pa.string())),
    ("confidence", pa.float64()), ("evidence", pa.string()), ("reviewed", pa.bool_()), ("mentions", pa.string()),
    ("articles", pa.list_(pa.string())),
])
_BATCH = 5000


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    count = 0
    with pq.ParquetWriter(out, SCHEMA, compression="zstd") as writer:
        rows: list[dict[str, Any]] = []
        for event in events:
            rows.append(row(event))
            if len(rows) >= _BATCH:
                writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
                count += len(rows)
                rows = []
        writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA))
        count += len(rows)
    return count


def row(event: dict[str, Any]) -> dict[str, Any]:
    place = event.get("place") or {}
    date = event.get("date") or {}
    acled = event.get("acled") or {}
    return {
        "id": event["id"], "type": event["type"], "date_start": _date(date.get("start")),
        "date_end": _date(date.get("end")), "date_precision": date.get("precision"),
        "actors": [a.get("name") or "?" for a in event.get("actors", [])],
        "recipients": [a.get("name") or "?" for a in event.get("recipients", [])],
        "place": place.get("name"), "country": place.get("country"), "admin1": place.get("admin1"),
        "lat": place.get("lat"), "lon": place.get("lon"), "geo_precision": place.get("precision"),
        "modality": list(event.get("modality", [])), "acled_event_type": acled.get("event_type"),
        "acled_sub_event_type": acled.get("sub_event_type"), "cameo": event.get("cameo"),
        "fatalities": fatalities(event.get("figures", [])), "sources": event.get("sources"),
        "outlets": sorted({m.get("source") or "" for m in event.get("mentions", [])} - {""}),
        "confidence": event.get("confidence"), "evidence": (event.get("evidence") or {}).get("text"),
        "reviewed": bool(event.get("reviewed")), "mentions": json.dumps(event.get("mentions", []), ensure_ascii=False),
        "articles": article_ids(event),
    }


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
