"""API latency of the dashboard's queries on a large synthetic SQLite store.

Builds a store of N canonical events (default 1,000,000) by direct bulk inserts of synthetic
article documents (4 events per article, a killed figure on 30 % of events, one quote per
article), then times each dashboard request through the real FastAPI app in-process
(``TestClient``: routing, validation, queries and JSON, without a network) and prints p50/p95.
Goal: p95 < 100 ms for the default views, uncached: the map, timeline and figure series read
summary tables kept at ingest (``polemos.store.aggregates``), not the events themselves.

    python benchmarks/api_latency.py                      # 1M events in /tmp/polemos-bench-1000000.db
    python benchmarks/api_latency.py --events 100000 --repeat 20
    python benchmarks/api_latency.py --db /tmp/big.db     # reuse a store built before
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

EVENTS_PER_ARTICLE = 4
TYPES = [("ASSAULT", 40), ("PROTEST", 12), ("COERCE", 8), ("CONSULT", 8), ("ACCUSE", 8), ("THREATEN", 5),
         ("MOBILIZE", 5), ("AGREE", 4), ("AID", 4), ("REQUEST", 3), ("SANCTION", 3)]
COUNTRIES = ["LY", "SD", "SY", "YE", "UA", "ML", "SO", "IQ", "AF", "CD", "ET", "NG", "MM", "BF", "NE"]
OUTLETS = ["Wire", "Daily", "Gazette", "Herald", "Tribune", "Observer", "Post", "Times"]


def build(path: Path, n_events: int, *, seed: int = 7) -> float:
    """Create the schema through Store.open, then bulk-insert; returns seconds spent."""
    from polemos.store import Store

    started = time.perf_counter()
    Store.open(path).close()  # schema and migrations as the application makes them
    rng = random.Random(seed)
    places = [(f"Place {i}", rng.uniform(-30, 45), rng.uniform(-15, 70), COUNTRIES[i % len(COUNTRIES)])
              for i in range(2000)]
    actors = [f"Armed Group {i}" for i in range(400)] + [f"Ministry {i}" for i in range(100)]
    type_names = [t for t, _ in TYPES]
    weights = [w for _, w in TYPES]
    first_day = dt.date(2019, 1, 1).toordinal()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=OFF")
    n_articles = (n_events + EVENTS_PER_ARTICLE - 1) // EVENTS_PER_ARTICLE
    batch: dict[str, list[tuple]] = {k: [] for k in ("articles", "events", "canonical", "figures", "quotes", "actors",
                                                      "places")}
    made = 0
    for a in range(n_articles):
        aid = f"{a:020x}"
        outlet = OUTLETS[a % len(OUTLETS)]
        day = dt.date.fromordinal(first_day + rng.randrange(6 * 365)).isoformat()
        parts, doc_events, doc_figures, doc_actors, doc_places = [f"Report {a}. "], [], [], [], []
        for k in range(min(EVENTS_PER_ARTICLE, n_events - made)):
            made += 1
            kind = rng.choices(type_names, weights)[0]
            place = places[rng.randrange(len(places))]
            actor, target = rng.sample(actors, 2)
            killed = rng.randrange(1, 40) if rng.random() < 0.3 else None
            sentence = f"{actor} clashed with {target} in {place[0]} on {day}"
            start = sum(len(p) for p in parts)
            parts.append(sentence + (f", killing {killed} people. " if killed else ". "))
            evidence = {"start": start, "end": start + len(sentence), "text": sentence}
            eid, cid = f"ev_{aid[-12:]}{k}", f"ce_{a:014x}{k:02x}"
            a1, a2, p1 = f"a{2 * k + 1}", f"a{2 * k + 2}", f"p{k + 1}"
            doc_actors += [{"id": a1, "name": actor, "kind": "group", "country": None, "sector": "REB"},
                           {"id": a2, "name": target, "kind": "group", "country": None, "sector": "MIL"}]
            place_json = {"id": p1, "name": place[0], "geonameid": None, "lat": place[1], "lon": place[2],
                          "country": place[3], "admin1": None, "feature": "locality", "precision": 1}
            doc_places.append(place_json)
            event = {"id": eid, "type": kind, "evidence": evidence, "actors": [a1], "recipients": [a2], "place": p1,
                     "date": {"start": day, "end": day, "precision": "day", "text": None}, "modality": [],
                     "reported_by": [], "confidence": 0.7, "trigger": None, "acled": None}
            doc_events.append(event)
            expanded = dict(event, actors=[doc_actors[-2]], recipients=[doc_actors[-1]], place=place_json)
            mention = {"article": aid, "source": outlet, "published": day, "event": eid, "evidence": evidence,
                       "reported_by": []}
            canonical = dict(expanded, id=cid, sources=1, mentions=[mention])
            batch["events"].append((aid, eid, cid, kind, "", day, day, place[0], place[3], f"{actor}|{target}",
                                    evidence["start"], evidence["end"], sentence, 0.7, "bench", json.dumps(event)))
            batch["canonical"].append((cid, kind, "", day, day, place[0], place[3], place[1], place[2],
                                       f"{actor}|{target}", sentence, 1, 1, 0.7, json.dumps(canonical)))
            batch["actors"] += [(aid, a1, actor, "group", None, "REB", None, None, json.dumps(doc_actors[-2])),
                                (aid, a2, target, "group", None, "MIL", None, None, json.dumps(doc_actors[-1]))]
            batch["places"].append((aid, p1, place[0], None, place[1], place[2], place[3], None, "locality", 1,
                                    json.dumps(place_json)))
            if killed:
                fid = f"f{k + 1}"
                at = start + len(sentence) + 10
                fig = {"id": fid, "kind": "killed", "evidence": {"start": at, "end": at + len(str(killed)) + 7,
                       "text": f"{killed} people"}, "value": killed, "low": killed, "high": killed,
                       "qualifier": "exact", "scope": "incident", "event": eid, "date": event["date"]}
                doc_figures.append(fig)
                batch["figures"].append((aid, fid, "killed", killed, killed, killed, "incident", eid, day,
                                         fig["evidence"]["start"], fig["evidence"]["end"], json.dumps(fig)))
        text = "".join(parts)
        quote = {"id": "q1", "kind": "direct", "cue": doc_events[0]["evidence"], "content": doc_events[0]["evidence"],
                 "speaker": doc_actors[0]["id"], "chain": [doc_actors[0]["id"]]}
        batch["quotes"].append((aid, "q1", doc_actors[0]["name"], "direct", quote["content"]["start"],
                                quote["content"]["end"], json.dumps(quote)))
        batch["articles"].append((aid, f"Report {a}", text, day, outlet, None, "en", "bench", "{}", "[]",
                                  "2026-01-01T00:00:00+00:00"))
        if len(batch["articles"]) >= 20000 or a == n_articles - 1:
            _flush(conn, batch)
            print(f"  {made:,} events inserted ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    conn.close()
    # The bulk inserts bypass Store.save, which keeps the summary tables and the search index
    # current: recompute them once, as after any bulk load.
    from polemos.store import aggregates

    with Store.open(path) as store, store.engine.begin() as c:
        aggregates.rebuild(c)
    return time.perf_counter() - started


def _flush(conn: sqlite3.Connection, batch: dict[str, list[tuple]]) -> None:
    statements = {
        "articles": "INSERT INTO articles (id, title, text, published, source, url, language, pipeline, metadata, "
                    "warnings, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        "events": "INSERT INTO events (article_id, id, canonical_id, type, modality, date_start, date_end, place_name, "
                  "country, actor_names, evidence_start, evidence_end, evidence_text, confidence, pipeline, data) "
                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "canonical": "INSERT INTO canonical_events (id, type, modality, date_start, date_end, place_name, country, "
                     "lat, lon, actor_names, search_text, sources, reports, confidence, data) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        "figures": "INSERT INTO figures (article_id, id, kind, value, low, high, scope, event_id, date_start, "
                   "evidence_start, evidence_end, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        "quotes": "INSERT INTO quotes (article_id, id, speaker_name, kind, content_start, content_end, data) "
                  "VALUES (?,?,?,?,?,?,?)",
        "actors": "INSERT INTO actors (article_id, id, name, kind, country, sector, role, kb_id, data) "
                  "VALUES (?,?,?,?,?,?,?,?,?)",
        "places": "INSERT INTO places (article_id, id, name, geonameid, lat, lon, country, admin1, feature, precision, "
                  "data) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    }
    with conn:
        for name in ("articles", "events", "canonical", "figures", "quotes", "actors", "places"):
            conn.executemany(statements[name], batch[name])
            batch[name].clear()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(db: Path, repeat: int, *, cache_seconds: float) -> list[tuple[str, float, float]]:
    from fastapi.testclient import TestClient

    from polemos.web.app import create_app, freeze_startup_heap

    started = time.perf_counter()
    app = create_app(db, cache_seconds=cache_seconds)  # creates the review table and indexes when missing
    freeze_startup_heap()  # as `polemos serve` does: full garbage collections skip the start-up heap
    print(f"app ready in {time.perf_counter() - started:.1f} s (index build included the first time)",
          file=sys.stderr)
    client = TestClient(app)
    some = client.get("/api/events", params={"limit": 1}).json()["items"][0]["id"]
    requests = [
        ("events (table, default page)", "/api/events", {"limit": 25}),
        ("events page 3", "/api/events", {"limit": 25, "offset": 50}),
        ("map (default)", "/api/map", {}),
        ("timeline (default)", "/api/timeline", {}),
        ("figures series (default)", "/api/figures/series", {}),
        ("actor links (default)", "/api/actors/links", {}),
        ("event page", f"/api/events/{some}", {}),
        ("events country=LY", "/api/events", {"country": "LY", "limit": 25}),
        ("events type=PROTEST", "/api/events", {"type": "PROTEST", "limit": 25}),
        ("events last 30 days", "/api/events", {"from": "2024-12-01", "to": "2024-12-31", "limit": 25}),
        ("map country=LY", "/api/map", {"country": "LY"}),
        ("timeline country=LY", "/api/timeline", {"country": "LY"}),
        ("map last 90 days", "/api/map", {"from": "2024-10-01", "to": "2024-12-31"}),
        ("actor text search", "/api/events", {"actor": "Group 17", "limit": 25}),
    ]
    results = []
    for label, path, params in requests:
        for _ in range(2):  # warm the page cache
            _check(client.get(path, params=params), db)
        times = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            response = client.get(path, params=params)
            times.append((time.perf_counter() - t0) * 1000)
            _check(response, db)
        results.append((label, statistics.median(times), percentile(times, 0.95)))
    return results


def _check(response: httpx.Response, db: Path) -> None:
    """Every request must succeed; a failure names the request and says what to do (a store
    built by an older version of this script may lack what the routes read: build it again)."""
    if response.status_code != 200:
        raise SystemExit(f"GET {response.request.url} answered {response.status_code}: {response.text[:300]}\n"
                         f"the server's log is above; if {db} was built by an older version of this script, "
                         "delete it and run again to rebuild it")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None, help="store to use; built when it does not exist")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    db = args.db or Path(f"/tmp/polemos-bench-{args.events}.db")
    if not db.exists():
        seconds = build(db, args.events)
        print(f"built {args.events:,} events in {seconds:.0f} s ({args.events / seconds:,.0f} events/s) → {db} "
              f"({db.stat().st_size / 1e6:,.0f} MB)")
    cold = measure(db, args.repeat, cache_seconds=0)  # every request runs its query
    warm = measure(db, args.repeat, cache_seconds=60)  # the server's aggregate cache on (lists are never cached)
    print(f"{'request':<32} {'p50 ms':>8} {'p95 ms':>8}   {'cached p50':>10} {'cached p95':>10}")
    for (label, p50, p95), (_, c50, c95) in zip(cold, warm):
        flag = "" if p95 < 100 else "  (uncached p95 over 100 ms)"
        print(f"{label:<32} {p50:8.1f} {p95:8.1f}   {c50:10.1f} {c95:10.1f}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
