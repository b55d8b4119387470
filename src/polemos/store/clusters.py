"""Cross-article event merging, the incremental part: candidates, edges, clusters, canonical ids.

At each save (``Store.save``), inside the article's transaction:

1. ``forget`` removes the article's earlier events from the graph and returns their neighbours;
2. ``add`` files each new report under its blocking keys (``merge.blocking_keys``), scores it
   against the reports filed under the keys it looks up — never all pairs — and stores the pairs
   at or above ``merge.THRESHOLD`` as edges;
3. ``recluster`` takes the connected components of the edge graph around what changed and clusters
   each one: average linkage over the strongest edges first, never joining two clusters that hold
   a vetoed pair (two days stated, two far places). The edge set depends only on which reports are
   stored, and a component's clustering only on its reports, so the result does not depend on the
   order articles arrive in. A cluster is named after its earliest published report
   (``merge.representative_key``), so its id rarely changes as later reports join.

A component larger than ``MAX_COMPONENT`` is clustered from the ``MAX_COMPONENT`` reports nearest
the change (breadth first); the rest keep their clusters. That bound keeps a save cheap on a store
of a million events, at the price of order independence inside such giant components.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from polemos.store import schema_merge as sm
from polemos.store.locks import lock_keys
from polemos.store.merge import THRESHOLD, VETO, Features, blocking_keys, canonical_id_of, representative_key, score

MAX_COMPONENT = 150
_IDS = sa.bindparam("ids", expanding=True)
# Built once: the hot lookups of a save (an expanding IN is compiled and cached once, not per call)
_EDGES_OF = sa.select(sm.merge_edges.c.a, sm.merge_edges.c.b, sm.merge_edges.c.score).where(
    sa.or_(sm.merge_edges.c.a.in_(_IDS), sm.merge_edges.c.b.in_(_IDS)))
_FILED_UNDER = sa.select(sm.merge_keys.c.event_id).where(sm.merge_keys.c.key.in_(_IDS)).distinct()
_FEATURES_OF = sa.select(sm.merge_events.c.event_id, sm.merge_events.c.features).where(
    sm.merge_events.c.event_id.in_(_IDS))
CLUSTER_MEAN = 0.55  # the mean score over every pair of two clusters that may be joined
CHUNK = 500


@dataclass(frozen=True)
class Added:
    """What ``add`` did: the reports that got at least one edge, and how many candidates it scored."""

    linked: frozenset[str]
    candidates: int


def add(conn: sa.Connection, reports: Sequence[Features]) -> Added:
    """File ``reports`` (in order) and store their edges."""
    keys = [blocking_keys(r) for r in reports]
    lock_keys(conn, "merge", {k for filed, looked in keys for k in filed | looked})
    linked: set[str] = set()
    scored = 0
    for report, (filed, looked) in zip(reports, keys):
        candidates = _candidates(conn, looked, exclude=report.event)
        edges = []
        for other in (_features(conn, candidates).values() if candidates else ()):
            value = score(report, other)
            if value >= THRESHOLD:
                a, b = sorted((report.event, other.event))
                edges.append({"a": a, "b": b, "score": round(value, 6)})
        scored += len(candidates)
        conn.execute(sm.merge_events.insert().values(event_id=report.event, article_id=report.article,
                                                     features=report.to_json()))
        conn.execute(sm.merge_keys.insert(), [{"key": k, "event_id": report.event} for k in sorted(filed)])
        if edges:
            conn.execute(sm.merge_edges.insert(), edges)
            linked |= {report.event} | {e["a"] for e in edges} | {e["b"] for e in edges}
    return Added(frozenset(linked), scored)


def forget(conn: sa.Connection, event_ids: Iterable[str]) -> set[str]:
    """Remove reports from the graph; returns the reports they were linked to."""
    ids = sorted(set(event_ids))
    neighbours: set[str] = set()
    e = sm.merge_edges
    for chunk in _chunks(ids):
        for a, b in conn.execute(sa.select(e.c.a, e.c.b).where(sa.or_(e.c.a.in_(chunk), e.c.b.in_(chunk)))):
            neighbours |= {a, b}
        conn.execute(e.delete().where(sa.or_(e.c.a.in_(chunk), e.c.b.in_(chunk))))
        conn.execute(sm.merge_keys.delete().where(sm.merge_keys.c.event_id.in_(chunk)))
        conn.execute(sm.merge_events.delete().where(sm.merge_events.c.event_id.in_(chunk)))
    return neighbours - set(ids)


def recluster(conn: sa.Connection, seeds: Iterable[str], *, alone: Iterable[str] = ()) -> dict[str, str]:
    """Event id → canonical id for every report in the components around ``seeds``; the reports
    in ``alone`` are known to have no edge (each is its own cluster, no lookup needed)."""
    assigned: dict[str, str] = {event_id: canonical_id_of(event_id) for event_id in alone}
    for seed in sorted(set(seeds) - set(assigned)):
        if seed in assigned:
            continue
        members, edges = component(conn, seed)
        if not edges:
            assigned[seed] = canonical_id_of(seed)
            continue
        reports = _features(conn, members)
        for cluster in cluster_reports(reports, edges):
            rep = min((reports[e] for e in cluster), key=representative_key)
            for event_id in cluster:
                assigned[event_id] = canonical_id_of(rep.event)
    return assigned


def component(conn: sa.Connection, seed: str, *, limit: int = MAX_COMPONENT) -> tuple[set[str], dict]:
    """The reports reachable from ``seed`` over edges (breadth first, at most ``limit``) and their edges."""
    members, frontier = {seed}, [seed]
    edges: dict[tuple[str, str], float] = {}
    while frontier and len(members) < limit:
        found: list[str] = []
        for chunk in _chunks(sorted(frontier)):
            for a, b, value in conn.execute(_EDGES_OF, {"ids": chunk}):
                edges[(a, b)] = value
                for node in (a, b):
                    if node not in members and len(members) < limit:
                        members.add(node)
                        found.append(node)
        frontier = found
    return members, {pair: v for pair, v in edges.items() if pair[0] in members and pair[1] in members}


def cluster_reports(reports: dict[str, Features], edges: dict[tuple[str, str], float]) -> list[set[str]]:
    """Average-linkage clusters of one component, strongest edges first; deterministic for a given set."""
    owner = {event_id: event_id for event_id in reports}
    groups: dict[str, set[str]] = {event_id: {event_id} for event_id in reports}
    pair_scores: dict[tuple[str, str], float] = dict(edges)
    for (a, b), _value in sorted(edges.items(), key=lambda item: (-item[1], item[0])):
        if a not in owner or b not in owner or owner[a] == owner[b]:
            continue
        ga, gb = groups[owner[a]], groups[owner[b]]
        if not _may_join(ga, gb, reports, pair_scores):
            continue
        keep, gone = sorted((owner[a], owner[b]))
        groups[keep] |= groups.pop(gone)
        for event_id in groups[keep]:
            owner[event_id] = keep
    return sorted(groups.values(), key=min)


def _may_join(ga: set[str], gb: set[str], reports: dict[str, Features], cache: dict[tuple[str, str], float]) -> bool:
    total, n = 0.0, 0
    for x in ga:
        for y in gb:
            key = (x, y) if x < y else (y, x)
            if key not in cache:
                cache[key] = score(reports[x], reports[y])
            if cache[key] == VETO:
                return False
            total, n = total + cache[key], n + 1
    return n > 0 and total / n >= CLUSTER_MEAN


def _candidates(conn: sa.Connection, keys: set[str], *, exclude: str) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(keys)):
        found |= {r[0] for r in conn.execute(_FILED_UNDER, {"ids": chunk})}
    found.discard(exclude)
    return found


def _features(conn: sa.Connection, event_ids: Iterable[str]) -> dict[str, Features]:
    out: dict[str, Features] = {}
    for chunk in _chunks(sorted(event_ids)):
        for event_id, data in conn.execute(_FEATURES_OF, {"ids": chunk}):
            out[event_id] = Features.from_json(data)
    return out


def _chunks(items: Sequence[str]) -> Iterable[list[str]]:
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]
