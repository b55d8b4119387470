"""Merge time as the store grows: 10k, 100k and 1M synthetic reports, on SQLite and PostgreSQL.

Each synthetic incident (a type, a country, a place, a day, actors, a toll) is reported by one to
four outlets, at ``PER_DAY`` reports a day over 20 countries, arriving about in date order (a
larger store covers more days, as a real one does: ACLED codes a few hundred events a day
worldwide), with the noise real reports have: a tenth give no date, a sixth no place, the
wording varies, a few add a day of error in their date. Every report is merged as ``Store.save``
merges it — filed under its blocking keys, scored against its candidates, its component
reclustered (``polemos.store.clusters``) — in a fresh store, one transaction per 500 reports. The
article, record and summary tables are left out: they cost the same with or without merging.
Printed: total seconds (and this process's CPU seconds: the machine may be shared),
microseconds per report for each tenth of the run (flat = linear growth), mean candidates per
report, pairwise precision/recall against the synthetic incidents, and (up to 200,000 reports)
whether the clusters kept report by report are those of the whole graph clustered from scratch.

    python benchmarks/merge.py --sizes 10000 100000            # SQLite files under /tmp
    python benchmarks/merge.py --sizes 10000 --db postgresql://localhost/polemos_bench
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

from polemos.store import Store, clusters
from polemos.store import schema_merge as sm
from polemos.store.merge import Features

COUNTRIES = ["LY", "SD", "SY", "YE", "UA", "ML", "SO", "IQ", "AF", "CD", "ET", "NG", "MM", "BF", "NE",
             "MX", "CO", "PK", "IN", "PS"]
TYPES = [("ASSAULT", 4), ("PROTEST", 4), ("COERCE", 4), ("CONSULT", 1), ("ACCUSE", 3), ("AGREE", 1), ("AID", 2)]
WORDS = [f"w{i}" for i in range(3000)]
FIRST_DAY = 17897  # 2019-01-01
PER_DAY = 400
MAIN = 0.3  # the share of reports that are their article's main event (articles hold about three events)
BATCH = 500


def reports(n: int, *, seed: int = 14) -> Iterator[tuple[int, Features]]:
    """(incident number, report features), ``n`` reports in arrival order."""
    rng = random.Random(seed)
    made, incident = 0, 0
    while made < n:
        incident += 1
        country = rng.choice(COUNTRIES)
        base = COUNTRIES.index(country) * 7.0
        lat, lon = base + rng.uniform(0, 5), base + rng.uniform(0, 5)
        type_, family = rng.choice(TYPES)
        day = FIRST_DAY + made // PER_DAY  # news arrives about in date order
        actors = tuple(sorted({f"kb:group{rng.randrange(300)}" for _ in range(rng.randint(1, 2))}))
        words = rng.sample(WORDS, 8)
        killed = rng.choice([None, rng.randint(1, 40)])
        for outlet in range(min(rng.randint(1, 4), n - made)):
            made += 1
            yield incident, _report(rng, made, outlet, country, (lat, lon), type_, family, day, actors, words, killed)


def _report(rng: random.Random, number: int, outlet: int, country: str, where: tuple[float, float], type_: str,
            family: int, day: int, actors: tuple[str, ...], words: list[str], killed: int | None) -> Features:
    dated = rng.random() > 0.1
    placed = rng.random() > 0.16
    shift = 1 if rng.random() < 0.03 else 0
    said = tuple(sorted(set(rng.sample(words, 5)) | set(rng.sample(WORDS, 3))))
    place = {"geonameid": None, "name": f"place {where[0]:.3f}", "lat": where[0], "lon": where[1], "precision": 1,
             "feature": "city", "country": country} if placed else None
    return Features(
        event=f"ev_{number:016x}", article=f"{number:020x}", type=type_, family=family, modality=(),
        date_lo=day + shift if dated else None, date_hi=day + shift if dated else None,
        precision="day" if dated else "unknown", published=day + rng.randint(0, 2), country=country if placed else None,
        place=place, actors=actors if rng.random() > 0.2 else (), words=said,
        figures=(("killed", killed, killed),) if killed is not None and rng.random() > 0.5 else (),
        countries=() if placed else (country,), main=rng.random() < MAIN)


def run(db: str, n: int) -> dict[str, float]:
    with Store.open(db) as store:
        truth: dict[str, int] = {}
        tenths: list[float] = []
        candidates = 0
        started, cpu = time.perf_counter(), time.process_time()
        mark = started
        conn = store.engine.connect()
        trans = conn.begin()
        for i, (incident, report) in enumerate(reports(n), start=1):
            truth[report.event] = incident
            added = clusters.add(conn, [report])
            candidates += added.candidates
            clusters.recluster(conn, added.linked, alone={report.event} - added.linked)
            if i % BATCH == 0:
                trans.commit()
                trans = conn.begin()
            if i % max(1, n // 10) == 0:
                now = time.perf_counter()
                tenths.append((now - mark) / max(1, n // 10) * 1e6)
                mark = now
                print(f"  {i:,} reports merged, {now - started:.0f} s, {tenths[-1]:.0f} µs/report in this tenth",
                      flush=True)
        trans.commit()
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
        me = sm.merge_events
        predicted = dict(conn.execute(sa.select(me.c.event_id, me.c.cluster)).all())
        exact = clusters.recluster_all(conn) == predicted if n <= 200_000 else None
        conn.close()
    figures = {"seconds": total, "cpu_seconds": cpu, "us_per_report": total / n * 1e6, "candidates": candidates / n}
    figures.update(_pairwise(truth, predicted))
    print(f"{n:>9,} reports  {total:8.1f} s (this process's CPU {cpu:.1f} s)  {total / n * 1e6:7.0f} µs/report  "
          f"candidates/report {candidates / n:5.1f}  µs/report by tenth: {' '.join(f'{t:.0f}' for t in tenths)}"
          + f"  P {figures['precision']:.3f} R {figures['recall']:.3f}"
          + ("" if exact is None else f"  clusters kept == from scratch: {exact}"), flush=True)
    return figures


def _pairwise(truth: dict[str, int], predicted: dict[str, str]) -> dict[str, float]:
    """Pairwise precision and recall, counted per group (no all-pairs loop)."""
    def pairs(counter: Counter) -> int:
        return sum(c * (c - 1) // 2 for c in counter.values())

    gold = pairs(Counter(truth.values()))
    pred = pairs(Counter(predicted.values()))
    both = pairs(Counter((truth[e], predicted[e]) for e in truth))
    return {"precision": both / pred if pred else 1.0, "recall": both / gold if gold else 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--db", default=None, help="a postgresql:// URL (each size in a fresh schema); default SQLite")
    args = parser.parse_args()
    print(f"merge benchmark on {'PostgreSQL' if args.db else 'SQLite'}")
    for n in args.sizes:
        if args.db:
            with _fresh_schema(args.db, n) as url:
                run(url, n)
        else:
            with tempfile.TemporaryDirectory() as folder:
                run(str(Path(folder) / f"merge-{n}.db"), n)


class _fresh_schema:
    """A throwaway schema on the PostgreSQL server at ``url`` (dropped afterwards)."""

    def __init__(self, url: str, n: int) -> None:
        from polemos.store import engine_url

        self.url, self.name = url, f"merge_bench_{n}"
        self.admin = sa.create_engine(engine_url(url))

    def __enter__(self) -> str:
        with self.admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {self.name} CASCADE"))
            conn.execute(sa.text(f"CREATE SCHEMA {self.name}"))
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}options=-csearch_path%3D{self.name}"

    def __exit__(self, *exc: object) -> None:
        with self.admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {self.name} CASCADE"))
        self.admin.dispose()


if __name__ == "__main__":
    main()
