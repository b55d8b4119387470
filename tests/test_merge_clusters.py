"""Clusters kept at each save are the clusters of the whole graph: however large a connected component
grows, whatever order the reports come in, and after reports are taken out again."""
from __future__ import annotations

import random
from collections import Counter

import pytest
import sqlalchemy as sa

from polemos.store import Store, clusters
from polemos.store import schema_merge as sm
from polemos.store.merge import Features

TOWNS = [("ain zara", 32.80, 13.20), ("tripoli", 32.89, 13.19), ("tajura", 32.88, 13.35)]
WORDS = [f"w{i}" for i in range(40)]
FIRST_DAY = 19_700


def reports(seed: int, n: int = 160) -> list[Features]:
    """Reports of one country and type family over three weeks, a third undated (each such report
    may link reports of several days): edges chain them into components of a hundred reports or more."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        day = FIRST_DAY + rng.randrange(21)
        dated = rng.random() > 0.3
        town = rng.choice(TOWNS) if rng.random() > 0.15 else None
        place = {"geonameid": None, "name": town[0], "lat": town[1], "lon": town[2], "precision": 1,
                 "feature": "city", "country": "LY"} if town else None
        out.append(Features(
            event=f"ev_{seed:04x}{i:012x}", article=f"art{seed}-{i}", type=rng.choice(["ASSAULT", "ASSAULT", "COERCE"]),
            family=4, modality=(), date_lo=day if dated else None, date_hi=day if dated else None,
            precision="day" if dated else "unknown", published=day + rng.randint(0, 2),
            country="LY" if town else None, place=place,
            actors=tuple(sorted({f"kb:g{rng.randrange(4)}" for _ in range(rng.randint(0, 2))})),
            words=tuple(sorted(rng.sample(WORDS, 6))), countries=() if town else ("LY",), main=rng.random() < 0.3,
            story=tuple(sorted(rng.sample(WORDS, 8))), names=("libya", "tripoli")))
    return out


def merge(conn: sa.Connection, items: list[Features]) -> None:
    """Each report as ``Store.save`` merges it."""
    for report in items:
        added = clusters.add(conn, [report])
        clusters.recluster(conn, added.linked, alone={report.event} - added.linked)


def stored(conn: sa.Connection) -> dict[str, str]:
    return dict(conn.execute(sa.select(sm.merge_events.c.event_id, sm.merge_events.c.cluster)).all())


def from_scratch(conn: sa.Connection) -> dict[str, str]:
    """The clustering of the whole graph, computed again (and not kept)."""
    nested = conn.begin_nested()
    try:
        return clusters.recluster_all(conn)
    finally:
        nested.rollback()


def largest_component(conn: sa.Connection) -> int:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in conn.execute(sa.select(sm.merge_edges.c.a, sm.merge_edges.c.b)):
        parent[root(a)] = root(b)
    return max(Counter(root(x) for x in list(parent)).values())


@pytest.fixture
def conn(tmp_path):
    with Store.open(tmp_path / "c.db") as store, store.engine.begin() as connection:
        yield connection


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_clusters_kept_are_those_of_the_whole_graph(conn, seed):
    items = reports(seed)
    random.Random(seed).shuffle(items)
    merge(conn, items)
    assert largest_component(conn) > 100  # one component far larger than any cluster
    assert stored(conn) == from_scratch(conn)


def test_the_clusters_do_not_depend_on_the_order_reports_arrive_in(tmp_path):
    items = reports(4)
    kept = []
    for order in range(3):
        shuffled = list(items)
        random.Random(order).shuffle(shuffled)
        with Store.open(tmp_path / f"o{order}.db") as store, store.engine.begin() as conn:
            merge(conn, shuffled if order else list(reversed(items)))
            kept.append(stored(conn))
    assert kept[0] == kept[1] == kept[2]
    assert len(set(kept[0].values())) < len(items) * 0.8  # reports did merge


def test_taking_reports_out_leaves_the_clusters_of_what_remains(conn):
    items = reports(5)
    merge(conn, items)
    rng = random.Random(5)
    for _ in range(4):  # re-ingest: an article's reports taken out, then filed again (as Store.save does)
        gone = rng.sample(items, 6)
        mates = clusters.forget(conn, [r.event for r in gone])
        added = clusters.add(conn, gone[:3])
        new = {r.event for r in gone[:3]}
        clusters.recluster(conn, mates | added.linked, alone=new - added.linked - mates)
        items = [r for r in items if r not in gone[3:]]
        assert stored(conn) == from_scratch(conn)
    assert set(stored(conn)) == {r.event for r in items}


def test_replaying_every_report_is_the_pass_from_scratch_whatever_was_stored(conn):
    """Clusters written otherwise (as by the 150 nearest reports of earlier versions, split or
    merged wrongly): replayed from the start, every report comes out as from scratch."""
    items = reports(6)
    merge(conn, items)
    me = sm.merge_events
    kept = stored(conn)
    biggest = Counter(kept.values()).most_common(1)[0][0]
    members = sorted(e for e, c in kept.items() if c == biggest)
    conn.execute(me.update().where(me.c.event_id.in_(members[: len(members) // 2])).values(cluster=biggest + "x"))
    conn.execute(me.update().where(me.c.event_id.in_(sorted(kept)[:20])).values(cluster="ce_elsewhere"))
    assert clusters.recluster(conn, kept) == from_scratch(conn) == kept == stored(conn)
