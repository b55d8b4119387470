"""Collect a situation report from the store: key events, figures with ranges, statements, places."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from polemos.resolve import countries
from polemos.store import EventFilter, Store, queries, schema

KEY_EVENTS = 12
KEY_STATEMENTS = 8
_CONFLICT_FIRST = {"ASSAULT": 0, "COERCE": 1, "MOBILIZE": 2, "THREATEN": 3, "PROTEST": 4, "SANCTION": 5}


@dataclass(frozen=True)
class Source:
    number: int
    article: str
    outlet: str
    title: str
    url: str | None
    published: str | None


@dataclass(frozen=True)
class Line:
    """One sentence and the numbers of the sources it rests on."""

    text: str
    cites: tuple[int, ...]


@dataclass(frozen=True)
class PlaceRow:
    name: str
    admin1: str
    events: int
    first: str
    last: str
    cites: tuple[int, ...]
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class Situation:
    country: str
    country_name: str
    date_from: str
    date_to: str
    total_events: int
    summary: Line | None
    events: tuple[Line, ...]
    figures: tuple[Line, ...]
    statements: tuple[Line, ...]
    places: tuple[PlaceRow, ...]
    sources: tuple[Source, ...]


class _Citations:
    """Numbers sources in order of first use."""

    def __init__(self, meta: dict[str, dict[str, Any]]) -> None:
        self.meta = meta
        self.numbers: dict[str, int] = {}

    def cite(self, article_ids: list[str]) -> tuple[int, ...]:
        out = []
        for aid in dict.fromkeys(article_ids):
            if aid not in self.meta:
                continue
            out.append(self.numbers.setdefault(aid, len(self.numbers) + 1))
        return tuple(sorted(out))

    def sources(self) -> tuple[Source, ...]:
        return tuple(Source(n, aid, self.meta[aid].get("source") or "unknown outlet",
                            self.meta[aid].get("title") or "(untitled)", self.meta[aid].get("url"),
                            self.meta[aid].get("published")) for aid, n in self.numbers.items())


def build(store: Store, *, country: str, date_from: str, date_to: str, max_events: int = 5000) -> Situation:
    country = country.upper()
    filters = EventFilter(country=country, date_from=date_from, date_to=date_to)
    page = queries.events(store, filters, limit=max_events)
    article_ids = {m["article"] for e in page.items for m in e.get("mentions", [])}
    cites = _Citations(_article_meta(store, article_ids))
    key = sorted(page.items, key=lambda e: (-(e.get("sources") or 0), _CONFLICT_FIRST.get(e["type"], 9),
                                            -(e.get("confidence") or 0), e["id"]))[:KEY_EVENTS]
    key.sort(key=lambda e: ((e.get("date") or {}).get("start") or "", e["id"]))
    event_lines = tuple(Line(_event_sentence(e), cites.cite([m["article"] for m in e.get("mentions", [])]))
                        for e in key)
    figure_lines = _figure_lines(store, filters, cites)
    statements = _statements(store, sorted(article_ids), cites)
    places = _places(page.items, cites)
    name = countries.name(country) or country
    summary = None
    if page.items:
        by_type = defaultdict(int)
        for e in page.items:
            by_type[e["type"]] += 1
        parts = ", ".join(f"{n} {t}" for t, n in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0])))
        summary = Line(f"Between {date_from} and {date_to}, {len(article_ids)} articles reported "
                       f"{page.total} events in {name} ({parts}).",
                       cites.cite([m["article"] for e in page.items for m in e.get("mentions", [])]))
    return Situation(country, name, date_from, date_to, page.total, summary, event_lines, figure_lines, statements,
                     places, cites.sources())


def _article_meta(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    art = schema.articles
    query = sa.select(art.c.id, art.c.title, art.c.source, art.c.url, art.c.published).where(art.c.id.in_(sorted(ids)))
    with store.engine.connect() as conn:
        return {r.id: dict(r._mapping) for r in conn.execute(query)}


def _names(actors: list[dict[str, Any]]) -> str:
    names = [a.get("name") or "an unnamed actor" for a in actors]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def _event_sentence(event: dict[str, Any]) -> str:
    date = (event.get("date") or {}).get("start") or "an unknown date"
    place = (event.get("place") or {}).get("name")
    who = _names(event.get("actors", [])) or "Unidentified actors"
    whom = _names(event.get("recipients", []))
    where = f" in {place}" if place else ""
    target = f" against {whom}" if whom else ""
    modality = f" ({', '.join(event['modality'])})" if event.get("modality") else ""
    evidence = (event.get("evidence") or {}).get("text", "")
    reviewed = " [reviewed]" if event.get("reviewed") else ""
    return (f"On {date}, {who}: {event['type']}{target}{where}{modality}{reviewed} — "
            f"“{evidence}” ({event.get('sources', 1)} source{'s' if event.get('sources', 1) != 1 else ''}).")


def _figure_lines(store: Store, filters: EventFilter, cites: _Citations) -> tuple[Line, ...]:
    page = queries.figures(store, queries.FigureFilter(None, filters), limit=500)
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for figure in page.items:
        if figure.get("value") is None or figure.get("scope", "incident") != "incident":
            continue
        groups[(figure["day"] or "", figure["kind"])].append(figure)
    lines = []
    for (day, kind), items in sorted(groups.items()):
        lows = [f.get("low") if f.get("low") is not None else f["value"] for f in items]
        highs = [f.get("high") if f.get("high") is not None else f["value"] for f in items]
        best = sorted(f["value"] for f in items)[(len(items) - 1) // 2]  # lower median: the conservative middle
        low, high = min(lows), max(highs)
        span = f"{low}" if low == high else f"{low}–{high}"
        outlets = sorted({f["article"]["source"] or "?" for f in items})
        lines.append(Line(f"On {day}, reports gave {span} {kind} (median of {len(items)} report"
                          f"{'s' if len(items) != 1 else ''}: {best}; outlets: {', '.join(outlets)}).",
                          cites.cite([f["article"]["id"] for f in items])))
    return tuple(lines)


def _statements(store: Store, article_ids: list[str], cites: _Citations) -> tuple[Line, ...]:
    found: list[dict[str, Any]] = []
    for aid in article_ids:
        found.extend(queries.quotes(store, article=aid, limit=20).items)
    found.sort(key=lambda q: (q["kind"] != "direct", q["speaker_name"] is None, q["article"]["published"] or "",
                              q["article"]["id"], q["id"]))
    lines = []
    for quote in found[:KEY_STATEMENTS]:
        speaker = quote["speaker_name"] or "An unnamed source"
        verb = "said" if quote["kind"] == "direct" else "said that"
        lines.append(Line(f"{speaker} {verb}: “{quote['content']['text']}”", cites.cite([quote["article"]["id"]])))
    return tuple(lines)


def _places(events: list[dict[str, Any]], cites: _Citations) -> tuple[PlaceRow, ...]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        if event.get("place"):
            groups[event["place"]["name"]].append(event)
    rows = []
    for name, items in groups.items():
        days = sorted(d for d in ((e.get("date") or {}).get("start") for e in items) if d)
        rows.append(PlaceRow(name, items[0]["place"].get("admin1") or "", len(items), days[0] if days else "",
                             days[-1] if days else "",
                             cites.cite([m["article"] for e in items for m in e.get("mentions", [])][:10]),
                             items[0]["place"].get("lat"), items[0]["place"].get("lon")))
    rows.sort(key=lambda r: (-r.events, r.name))
    return tuple(rows)
