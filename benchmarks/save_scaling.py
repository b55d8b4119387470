"""The cost of one ``Store.save`` as the store grows: milliseconds per save at each store size.

Article documents are generated directly (no pipeline: extraction is far too slow for thousands
of articles): news of invented incidents over 20 countries, each reported by one to four
outlets at ``--per-day`` articles a day (a larger store covers more days, as a real one does),
each article with a main event and one to three side events, actors with knowledge-base ids,
places with coordinates, tolls, a tenth of the events undated, a sixth without a place, and a
tenth of the articles syndicated copies of another outlet's story (near duplicates). The text
is made of sentences drawn from templates and a vocabulary, so articles are about as alike as
templated wire copy.

One store is filled through ``Store.save``, article after article; when it reaches each size,
the next ``--probe`` articles are timed one save each (wall and this process's CPU time: the
machine may be shared; SQLite runs in this process, PostgreSQL's server time is only in the
wall figure). Printed: ms per save at each size and its ratio to the smallest size's, measured
in the same run (absolute times mean little on a shared machine; the ratio is the figure).
``--digest`` prints a hash of the store's merging results (events' canonical ids, canonical
events, copies), so two runs (before and after a change, two hash seeds) can be compared.

    python benchmarks/save_scaling.py --sizes 100 1000 10000
    python benchmarks/save_scaling.py --sizes 100 1000 --db postgresql://localhost/polemos_bench
    python benchmarks/save_scaling.py --sizes 100 1000 --profile /tmp/save.prof   # cProfile of the probes
    python benchmarks/save_scaling.py --sizes 10000 --start /tmp/kept-10000.db   # probes on a kept store
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import json
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from polemos.model import Actor, ArticleDocument, ArticleMeta, DateValue, Event, Figure, Place, Span
from polemos.store import Store
from polemos.store.decisions import decisions

COUNTRIES = ["LY", "SD", "SY", "YE", "UA", "ML", "SO", "IQ", "AF", "CD", "ET", "NG", "MM", "BF", "NE",
             "MX", "CO", "PK", "IN", "PS"]
TYPES = ["ASSAULT", "ASSAULT", "ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "ACCUSE", "CONSULT", "AID", "THREATEN"]
SIDE_TYPES = ["ACCUSE", "CONSULT", "REQUEST", "DISAPPROVE", "AGREE", "SUPPORT"]
OUTLETS = [f"outlet-{i}.example" for i in range(40)]
GROUPS = [f"Armed Group {i}" for i in range(300)] + [f"Ministry of Defence {i}" for i in range(60)]
WORDS = [f"w{i}" for i in range(2500)]
FIRST_DAY = dt.date(2024, 1, 1).toordinal()
PIPELINE = "bench-1"
LEADS = ["{a} attacked positions of {b} near {p} on {d}, killing at least {k} people, officials said.",
         "At least {k} people were killed when {a} clashed with {b} in {p} on {d}, witnesses said.",
         "{a} shelled villages outside {p} on {d}; {k} civilians died, a local aid group said.",
         "Protesters marched through central {p} on {d} against {b}, and {k} were hurt, police said."]


def _places(rng: random.Random) -> list[tuple[str, float, float, str]]:
    out = []
    for i, country in enumerate(COUNTRIES):
        base = i * 7.0
        out += [(f"Town {i}-{j}", base + rng.uniform(0, 5), base + rng.uniform(0, 5), country) for j in range(12)]
    return out


def documents(n: int, *, per_day: int = 200, seed: int = 14) -> Iterator[ArticleDocument]:
    """``n`` article documents in arrival order (about in publication order)."""
    rng = random.Random(seed)
    places = _places(rng)
    made, recent = 0, []
    while made < n:
        day = FIRST_DAY + made // per_day
        if recent and rng.random() < 0.1:  # a syndicated copy of a recent story, lightly edited
            batch = [_copy(rng, rng.choice(recent[-50:]), day)]
        else:
            incident = _incident(rng, places, day)
            batch = [_article(rng, incident, day) for _outlet in range(rng.randint(1, 4))]
            recent += batch
        for doc in batch[:n - made]:
            made += 1
            yield doc


def _incident(rng: random.Random, places: list, day: int) -> dict:
    where = rng.choice(places)
    return {"place": where, "type": rng.choice(TYPES), "day": day - rng.randint(0, 2),
            "actors": rng.sample(GROUPS, 2), "killed": rng.randint(1, 60), "words": rng.sample(WORDS, 30),
            "near": [p for p in places if p[3] == where[3]]}


def _article(rng: random.Random, incident: dict, published: int) -> ArticleDocument:
    a, b = incident["actors"]
    place = incident["place"] if rng.random() > 1 / 6 else None
    dated = rng.random() > 0.1
    day = incident["day"] + (1 if rng.random() < 0.03 else 0)
    killed = incident["killed"] + (rng.choice([0, 0, 0, 2, 5]))
    when = dt.date.fromordinal(day).strftime("%A") if dated else "recently"
    lead = rng.choice(LEADS).format(a=a, b=b, p=(place or incident["place"])[0], d=when, k=killed)
    body = [lead] + [_sentence(rng, incident["words"]) for _ in range(rng.randint(4, 9))]
    sides = []
    for _ in range(rng.randint(1, 3)):
        other = rng.choice(incident["near"])
        side = f"{rng.choice(GROUPS)} met officials in {other[0]} about {' '.join(rng.sample(WORDS, 4))}."
        sides.append((side, other))
        body.append(side)
    text = f"{a} and {b}: fighting near {incident['place'][0]} ({rng.randrange(10**6)})\n\n" + " ".join(body)
    outlet = rng.choice(OUTLETS)
    return _document(text, outlet, published, incident, lead, sides, place=place, dated=dated, day=day,
                     killed=killed)


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.sample(words, 6) + rng.sample(WORDS, 6)) + "."


def _copy(rng: random.Random, original: ArticleDocument, published: int) -> ArticleDocument:
    """The original's text with its headline changed and one sentence added: a near duplicate."""
    text = original.article.text.replace("fighting near", "clashes near", 1) + " " + _sentence(rng, WORDS)
    moved = len("clashes near") - len("fighting near")  # every span after the headline moves by this
    outlet = rng.choice([o for o in OUTLETS if o != original.article.source])
    aid = hashlib.sha256(text.encode()).hexdigest()[:20]

    def span(s: Span) -> Span:
        return Span(s.start + moved, s.end + moved, s.text)

    events = tuple(Event(id=_event_id(aid, i, e.type), type=e.type, evidence=span(e.evidence), actors=e.actors,
                         recipients=e.recipients, place=e.place, date=e.date, confidence=e.confidence,
                         trigger=span(e.trigger) if e.trigger else None)
                   for i, e in enumerate(original.events))
    ids = {old.id: new.id for old, new in zip(original.events, events)}
    figures = tuple(Figure(f.id, f.kind, span(f.evidence), f.value, f.low, f.high, event=ids.get(f.event),
                           date=f.date) for f in original.figures)
    meta = ArticleMeta(aid, text, original.article.title, _iso(published), outlet, None, "en", PIPELINE, {})
    return ArticleDocument(meta, original.actors, events, (), figures, original.places, ())


def _document(text: str, outlet: str, published: int, incident: dict, lead: str, sides: list, *,
              place: tuple | None, dated: bool, day: int, killed: int) -> ArticleDocument:
    aid = hashlib.sha256(text.encode()).hexdigest()[:20]
    a, b = incident["actors"]
    actors = (Actor("a1", a, "group", kb_id=_kb(a)), Actor("a2", b, "group", kb_id=_kb(b)))
    places, events, figures = [], [], []
    if place:
        places.append(Place("p1", place[0], None, place[1], place[2], place[3], "city", 1))
    date = DateValue(_iso(day), _iso(day), "day", None) if dated else DateValue(None, None)
    at = text.index(lead)
    main = Event(id=_event_id(aid, 0, incident["type"]), type=incident["type"],
                 evidence=Span(at, at + len(lead), lead), actors=("a1",), recipients=("a2",),
                 place="p1" if place else None, date=date, confidence=0.8,
                 trigger=Span(at, at + 3, lead[:3]))
    events.append(main)
    if incident["type"] != "PROTEST" and incident["type"] != "CONSULT":
        figures.append(Figure("f1", "killed", main.evidence, killed, event=main.id, date=date))
    for i, (side, other) in enumerate(sides, start=1):
        pid = f"p{len(places) + 1}"
        places.append(Place(pid, other[0], None, other[1], other[2], other[3], "city", 1))
        at = text.index(side)
        kind = SIDE_TYPES[_pick(side, len(SIDE_TYPES))]
        events.append(Event(id=_event_id(aid, i, kind), type=kind, evidence=Span(at, at + len(side), side),
                            actors=(), place=pid, date=DateValue(_iso(published), _iso(published), "day", None)
                            if i % 2 else DateValue(None, None), confidence=0.6,
                            trigger=Span(at, at + 3, side[:3])))
    meta = ArticleMeta(aid, text, text.split("\n")[0], _iso(published), outlet, None, "en", PIPELINE, {})
    return ArticleDocument(meta, actors, tuple(events), (), tuple(figures), tuple(places), ())


def _pick(text: str, n: int) -> int:
    """An index below ``n`` chosen by the text (the same on every run, whatever the hash seed)."""
    return int(hashlib.blake2b(text.encode(), digest_size=4).hexdigest(), 16) % n


def _kb(name: str) -> str:
    return name.lower().replace(" ", "_")


def _event_id(aid: str, i: int, kind: str) -> str:
    return "ev_" + hashlib.sha256(f"{aid}|{i}|{kind}".encode()).hexdigest()[:16]


def _iso(day: int) -> str:
    return dt.date.fromordinal(day).isoformat()


# --- the run --------------------------------------------------------------------------------------

def run(db: str, sizes: list[int], *, probe: int, per_day: int, profile: str | None) -> list[dict[str, float]]:
    """Fill the store at ``db`` to each size and time ``probe`` saves there (a store that already
    holds articles of this stream goes on from where it stands)."""
    results: list[dict[str, float]] = []
    profiler = cProfile.Profile() if profile else None
    with Store.open(db) as store:
        stored = store.counts()["articles"]
        stream = documents(max(sizes) + probe * len(sizes) + stored, per_day=per_day)
        for _ in range(stored):
            next(stream)
        for size in sorted({max(s, stored) for s in sizes}):  # a size the store passed: timed where it stands
            began = time.perf_counter()
            while stored < size:
                store.save(next(stream))
                stored += 1
            fill = time.perf_counter() - began
            walls, cpus = _probe(store, [next(stream) for _ in range(probe)], profiler)
            stored += probe
            counts = store.counts()
            results.append({"size": size, "ms": statistics.median(walls), "mean_ms": statistics.fmean(walls),
                            "p90_ms": statistics.quantiles(walls, n=10)[-1], "cpu_ms": statistics.median(cpus),
                            "cpu_mean_ms": statistics.fmean(cpus), "events": counts["events"],
                            "canonical": counts["canonical_events"], "fill_s": fill})
            _print(results)
    if profiler:
        profiler.dump_stats(profile)
    return results


def _probe(store: Store, docs: list[ArticleDocument], profiler: cProfile.Profile | None) -> tuple[list, list]:
    """Each document's save timed: wall and this process's CPU milliseconds."""
    walls, cpus = [], []
    for doc in docs:
        wall, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        store.save(doc)
        if profiler:
            profiler.disable()
        walls.append((time.perf_counter() - wall) * 1e3)
        cpus.append((time.process_time() - cpu) * 1e3)
    return walls, cpus


def _print(results: list[dict[str, float]]) -> None:
    base, r = results[0], results[-1]
    print(f"{r['size']:>7,} articles ({r['events']:,} events, {r['canonical']:,} canonical; filled in "
          f"{r['fill_s']:6.1f} s)  ms/save wall median {r['ms']:6.1f} mean {r['mean_ms']:6.1f} p90 {r['p90_ms']:6.1f}"
          f"  CPU median {r['cpu_ms']:6.1f} mean {r['cpu_mean_ms']:6.1f}  ratio to {base['size']:,}: "
          f"wall median {r['ms'] / base['ms']:.2f} mean {r['mean_ms'] / base['mean_ms']:.2f}  "
          f"CPU median {r['cpu_ms'] / base['cpu_ms']:.2f} mean {r['cpu_mean_ms'] / base['cpu_mean_ms']:.2f}", flush=True)


def digest(db: str) -> str:
    """A hash of what merging decided (``polemos.store.decisions``)."""
    with Store.open(db) as store, store.engine.connect() as conn:
        found = decisions(conn)
    return hashlib.sha256(json.dumps(found, sort_keys=True, default=str).encode()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--probe", type=int, default=30, help="saves timed at each size")
    parser.add_argument("--per-day", type=int, default=200, help="articles published a day")
    parser.add_argument("--db", default=None, help="a postgresql:// URL (a fresh schema); default a SQLite file")
    parser.add_argument("--keep", default=None, help="SQLite: keep the store at this path")
    parser.add_argument("--start", default=None,
                        help="SQLite: go on from a copy of this store (one this script kept), without changing it")
    parser.add_argument("--digest", action="store_true", help="print a hash of the merging results at the end")
    parser.add_argument("--profile", default=None, help="write a cProfile of the timed saves to this file")
    args = parser.parse_args()
    print(f"save scaling on {'PostgreSQL' if args.db else 'SQLite'}: {args.probe} saves timed at each size, "
          f"{args.per_day} articles a day", flush=True)
    if args.db:
        from merge import _fresh_schema

        with _fresh_schema(args.db, 0) as url:
            run(url, args.sizes, probe=args.probe, per_day=args.per_day, profile=args.profile)
            if args.digest:
                print("digest", digest(url))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or str(Path(folder) / "scaling.db")
        if args.start:
            with sqlite3.connect(args.start) as source, sqlite3.connect(path) as target:
                source.backup(target)
        run(path, args.sizes, probe=args.probe, per_day=args.per_day, profile=args.profile)
        if args.digest:
            print("digest", digest(path))


if __name__ == "__main__":
    main()
