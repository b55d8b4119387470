"""ACLED-shaped CSV: ACLED's column names and coding conventions, one row per canonical event.

Conventions followed (see shared/design/ontologies.md §3.2 and the ACLED codebook):
- ``event_type``/``sub_event_type`` from the event's ACLED crosswalk; events with none (e.g.
  CONSULT) are "Strategic developments"/"Other", tagged ``polemos:no-acled-crosswalk``.
- ``disorder_type`` from the event type table; ``interaction`` = the two inter codes, lower first.
- ``fatalities``: the most conservative reported figure of ``killed`` (the lowest best value
  over the reports), 0 when none was reported; injuries are not fatalities.
- ``time_precision`` 1 day, 2 week, 3 month or coarser; ``geo_precision`` the place's 1–3.
- ``admin1``/``admin2``: the place's province and district ("Helmand", "Nad Ali"); ``location`` the
  place's name — for an event known only to a province, the province (at its main town's point).
- Actor 1 / Actor 2 are PLOVER's actor and recipient (ACLED itself implies no direction).
- ``tags`` also name each reporting article, ``polemos:article=<id>``: the caller's id when the
  input gave one (ACLED's columns have no place for it).
"""
from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterable
from typing import Any, BinaryIO

from polemos.resolve import countries

NAME = "acled-csv"
EXTENSION = "csv"
MEDIA_TYPE = "text/csv; charset=utf-8"
DESCRIPTION = "ACLED-shaped CSV (ACLED column names and conventions)"

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

_POLITICAL_VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians"}
_DEMONSTRATIONS = {"Protests", "Riots"}
_TIME_PRECISION = {"day": 1, "week": 2}
# PLOVER sector → ACLED inter code (1 state forces, 2 rebels, 3 political militias, 6 protesters, 7 civilians).
_INTER = {"MIL": 1, "GOV": 1, "COP": 1, "SPY": 1, "PRM": 1, "JUD": 1, "LEG": 1, "REB": 2, "UAF": 3, "PTY": 3,
          "OPP": 3, "CVL": 7, "REF": 7, "MED": 7, "EDU": 7, "JRN": 7, "REL": 7, "LAB": 6}


def write(events: Iterable[dict[str, Any]], out: BinaryIO) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=COLUMNS)
    writer.writeheader()
    stamp = int(time.time())
    count = 0
    for event in events:
        writer.writerow(row(event, timestamp=stamp))
        count += 1
    text.flush()
    text.detach()  # leave ``out`` open for the caller
    return count


def row(event: dict[str, Any], *, timestamp: int) -> dict[str, Any]:
    place = event.get("place") or {}
    cc = place.get("country")
    acled = event.get("acled") or {}
    event_type = acled.get("event_type") or "Strategic developments"
    sub_type = acled.get("sub_event_type") or "Other"
    actors = [a.get("name") or "" for a in event.get("actors", [])]
    recipients = [a.get("name") or "" for a in event.get("recipients", [])]
    inter1 = _inter(event.get("actors", []), cc) if actors else ""
    inter2 = _inter(event.get("recipients", []), cc) if recipients else ""
    date = event.get("date") or {}
    day = date.get("start") or ""
    tags = []
    if not acled:
        tags.append("polemos:no-acled-crosswalk")
    tags += [f"polemos:modality={m}" for m in event.get("modality", [])]
    if event.get("reviewed"):
        tags.append("polemos:reviewed")
    tags.append(f"polemos:{event['id']}")
    tags += [f"polemos:article={a}" for a in article_ids(event)]
    return {
        "event_id_cnty": f"{countries.alpha3(cc) or 'XXX'}-{event['id']}",
        "event_date": day, "year": day[:4],
        "time_precision": _TIME_PRECISION.get(date.get("precision"), 3),
        "disorder_type": _disorder(event_type, sub_type),
        "event_type": event_type, "sub_event_type": sub_type,
        "actor1": actors[0] if actors else "", "assoc_actor_1": "; ".join(actors[1:]), "inter1": inter1,
        "actor2": recipients[0] if recipients else "", "assoc_actor_2": "; ".join(recipients[1:]), "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if inter2 == 7 else "",
        "iso": countries.numeric(cc) or "", "region": "", "country": countries.name(cc),
        "admin1": place.get("admin1") or "", "admin2": place.get("admin2") or "", "admin3": "",
        "location": place.get("name") or "", "latitude": _coord(place.get("lat")),
        "longitude": _coord(place.get("lon")), "geo_precision": place.get("precision") or "",
        "source": "; ".join(sorted({m.get("source") or "" for m in event.get("mentions", [])} - {""})),
        "source_scale": "",
        "notes": _notes(event),
        "fatalities": fatalities(event.get("figures", [])),
        "tags": "; ".join(tags), "timestamp": timestamp,
    }


def fatalities(figures: list[dict[str, Any]]) -> int:
    """ACLED's convention: the most conservative reported death toll; injuries never count."""
    values = [f["value"] if f.get("value") is not None else f.get("low") for f in figures
              if f.get("kind") == "killed" and f.get("scope", "incident") == "incident" and f.get("current", True)]
    values = [v for v in values if v is not None]
    return min(values) if values else 0


def article_ids(event: dict[str, Any]) -> list[str]:
    """The ids of the articles that report the event, in the order of its mentions, each once."""
    return list(dict.fromkeys(m["article"] for m in event.get("mentions", []) if m.get("article")))


def _disorder(event_type: str, sub_type: str) -> str:
    if sub_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if sub_type == "Mob violence" or event_type in _POLITICAL_VIOLENCE:
        return "Political violence"
    if event_type in _DEMONSTRATIONS:
        return "Demonstrations"
    return "Strategic developments"


def _inter(actors: list[dict[str, Any]], event_country: str | None) -> int:
    """ACLED inter code of the first actor: a state acting abroad is 8 (external forces)."""
    first = actors[0]
    if first.get("kind") == "country":
        return 1 if first.get("country") and first.get("country") == countries.alpha3(event_country) else 8
    return _INTER.get(first.get("sector") or "", 8)


def _interaction(inter1: Any, inter2: Any) -> str:
    if inter1 == "":
        return ""
    if inter2 == "":
        return f"{inter1}0"
    low, high = sorted((inter1, inter2))
    return f"{low}{high}"


def _coord(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _notes(event: dict[str, Any]) -> str:
    evidence = (event.get("evidence") or {}).get("text", "")
    day = (event.get("date") or {}).get("start")
    return f"On {day}, {evidence}" if day else evidence
