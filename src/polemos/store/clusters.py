"""Cross-article event merging, the incremental part: candidates, edges, clusters, canonical ids.

At each save (``Store.save``), inside the article's transaction:

1. ``forget`` removes the article's earlier events from the graph and returns the reports that
   were clustered with them;
2. ``add`` files each new report under its blocking keys (``merge.blocking_keys``), scores it
   against the reports filed under the keys it looks up — never all pairs — and stores the pairs
   at or above ``merge.THRESHOLD`` as edges;
3. ``recluster`` brings the clusters up to date around the change.

The clustering of the whole edge graph is one function of the stored reports (``cluster_reports``):
average linkage taking edges strongest first (ties by the pair's ids), never joining two clusters
that hold a vetoed pair (two days stated, two far places), and only while the mean score of all
their cross pairs stays at least ``CLUSTER_MEAN``. It does not depend on the order articles arrive
in, nor on Python's hash seed (every set is taken in sorted order or summed exactly). A cluster is
named after its earliest published report (``merge.representative_key``), so its id rarely changes
as later reports join.

``recluster`` gives that clustering without redoing the whole graph, whatever its size: it replays
the strongest-edge-first pass only where the change can alter a decision (``_Replay``). Reports
away from the change follow their stored cluster's own history (a cluster replayed alone takes
the same joins at the same edges as in the whole graph), and a report is replayed only once an edge
decided against it could come out differently. Each report's cluster is kept in
``merge_events.cluster``, so a save reads the few clusters it touches, not the graph.
"""
from __future__ import annotations

import heapq
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from polemos.store import schema_merge as sm
from polemos.store.locks import lock_keys
from polemos.store.merge import (
    THRESHOLD,
    VETO,
    Features,
    blocking_keys,
    canonical_id_of,
    lock_plan,
    representative_key,
    score,
)

CLUSTER_MEAN = 0.55  # the mean score over every pair of two clusters that may be joined
CHUNK = 500
_IDS = sa.bindparam("ids", expanding=True)
# Built once: the hot lookups of a save (an expanding IN is compiled and cached once, not per call)
_EDGES_OF = sa.select(sm.merge_edges.c.a, sm.merge_edges.c.b, sm.merge_edges.c.score).where(
    sa.or_(sm.merge_edges.c.a.in_(_IDS), sm.merge_edges.c.b.in_(_IDS)))
_FILED_UNDER = sa.select(sm.merge_keys.c.event_id).where(sm.merge_keys.c.key.in_(_IDS)).distinct()
_NODES = sa.select(sm.merge_events.c.event_id, sm.merge_events.c.features, sm.merge_events.c.cluster)
_FEATURES_OF = _NODES.where(sm.merge_events.c.event_id.in_(_IDS))
_MEMBERS_OF = _NODES.where(sm.merge_events.c.cluster.in_(_IDS))
_SET_CLUSTER = sm.merge_events.update().where(sm.merge_events.c.event_id == sa.bindparam("event")).values(
    cluster=sa.bindparam("to"))

_STREAM = {"stream_results": True}  # whole-table reads of the migration: rows as they come, not all at once
Pair = tuple[str, str]  # (a, b) with a < b
Key = tuple[float, str, str]  # (-score, a, b): edges are taken in ascending key order


@dataclass(frozen=True)
class Added:
    """What ``add`` did: the new reports that got at least one edge, and how many candidates it scored."""

    linked: frozenset[str]
    candidates: int


def add(conn: sa.Connection, reports: Sequence[Features]) -> Added:
    """File ``reports`` (in order) and store their edges; each starts as a cluster of its own."""
    keys = [blocking_keys(r) for r in reports]
    _lock(conn, reports)
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
                                                     features=report.to_json(),
                                                     cluster=canonical_id_of(report.event)))
        conn.execute(sm.merge_keys.insert(), [{"key": k, "event_id": report.event} for k in sorted(filed)])
        if edges:
            conn.execute(sm.merge_edges.insert(), sorted(edges, key=lambda e: (e["a"], e["b"])))
            linked.add(report.event)
    return Added(frozenset(linked), scored)


def _lock(conn: sa.Connection, reports: Sequence[Features]) -> None:
    """Wait for every other writer whose reports could be linked to these (``merge.lock_plan``)."""
    plans = [lock_plan(r) for r in reports]
    lock_keys(conn, "merge", {k for keys, _, _ in plans for k in keys})
    exclusive = {k for _, keys, alone in plans if alone for k in keys}
    lock_keys(conn, "merge", exclusive)
    lock_keys(conn, "merge", {k for _, keys, alone in plans if not alone for k in keys} - exclusive, shared=True)


def forget(conn: sa.Connection, event_ids: Iterable[str]) -> set[str]:
    """Remove reports from the graph; returns the reports that were in their clusters (their
    clusters must be made again without them)."""
    ids = sorted(set(event_ids))
    mates: set[str] = set()
    e, me = sm.merge_edges, sm.merge_events
    for chunk in _chunks(ids):
        held = sorted({r[0] for r in conn.execute(sa.select(me.c.cluster).where(me.c.event_id.in_(chunk)))
                       if r[0] is not None})
        for part in _chunks(held):
            mates |= {r[0] for r in conn.execute(sa.select(me.c.event_id).where(me.c.cluster.in_(part)))}
        conn.execute(e.delete().where(sa.or_(e.c.a.in_(chunk), e.c.b.in_(chunk))))
        conn.execute(sm.merge_keys.delete().where(sm.merge_keys.c.event_id.in_(chunk)))
        conn.execute(me.delete().where(me.c.event_id.in_(chunk)))
    return mates - set(ids)


def recluster(conn: sa.Connection, seeds: Iterable[str], *, alone: Iterable[str] = ()) -> dict[str, str]:
    """Event id → canonical id for every report whose cluster may have changed, in id order.

    ``seeds``: the reports changed (new ones with edges, and those ``forget`` returned); the
    reports in ``alone`` are new and known to have no edge (each its own cluster, no lookup)."""
    alone = set(alone)
    assigned = {event_id: canonical_id_of(event_id) for event_id in alone}
    seeds = set(seeds) - alone
    if seeds:
        replay = _Replay(conn, exclude=alone)
        for group in replay.run(seeds):
            cid = canonical_id_of(min((replay.features[e] for e in group), key=representative_key).event)
            assigned.update((event_id, cid) for event_id in group)
        _store_clusters(conn, assigned, replay.stored)
    return dict(sorted(assigned.items()))


def recluster_all(conn: sa.Connection) -> dict[str, str]:
    """Event id → canonical id for every stored report, from scratch, one connected component at a
    time (migrations; the incremental ``recluster`` gives the same)."""
    assigned: dict[str, str] = {}
    stored: dict[str, str | None] = {}
    for members in _components(conn):
        reports: dict[str, Features] = {}
        edges: dict[Pair, float] = {}
        for chunk in _chunks(members):
            for event_id, data, cluster in conn.execute(_FEATURES_OF, {"ids": chunk}):
                reports[event_id], stored[event_id] = Features.from_json(data), cluster
            edges.update(((a, b), v) for a, b, v in conn.execute(_EDGES_OF, {"ids": chunk}))
        for group in cluster_reports(reports, edges):
            cid = canonical_id_of(min((reports[x] for x in group), key=representative_key).event)
            assigned.update((event_id, cid) for event_id in group)
    me = sm.merge_events
    for event_id, cluster in conn.execute(sa.select(me.c.event_id, me.c.cluster), execution_options=_STREAM):
        if event_id not in assigned:  # no edge: a cluster of its own
            assigned[event_id], stored[event_id] = canonical_id_of(event_id), cluster
    _store_clusters(conn, assigned, stored)
    return dict(sorted(assigned.items()))


def _components(conn: sa.Connection) -> list[list[str]]:
    """The connected components of the edge graph (reports with at least one edge), each sorted."""
    e = sm.merge_edges
    parent: dict[str, str] = {}
    for a, b in conn.execute(sa.select(e.c.a, e.c.b), execution_options=_STREAM):
        ra, rb = _root(parent, a), _root(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[str, list[str]] = {}
    for node in sorted(parent):
        components.setdefault(_root(parent, node), []).append(node)
    return list(components.values())


def cluster_reports(reports: dict[str, Features], edges: dict[Pair, float]) -> list[set[str]]:
    """Average-linkage clusters of one component, strongest edges first (from scratch)."""
    return _greedy(reports, edges, _Scores(reports, edges))[0]


# --- the clustering pass -------------------------------------------------------------------------

class _Scores:
    """Pair → score: a stored edge's (rounded) score, else ``merge.score`` of the two reports."""

    def __init__(self, features: dict[str, Features], edges: dict[Pair, float]) -> None:
        self.features, self.edges = features, edges
        self.computed: dict[Pair, float] = {}

    def of(self, x: str, y: str) -> float:
        pair = (x, y) if x < y else (y, x)
        value = self.edges.get(pair)
        if value is None:
            value = self.computed.get(pair)
            if value is None:
                value = self.computed[pair] = score(self.features[x], self.features[y])
        return value


def _greedy(reports: dict[str, Features], edges: dict[Pair, float],
            scores: _Scores) -> tuple[list[set[str]], list[Key]]:
    """The clusters, and the keys of the edges that joined two of them (in the order taken)."""
    owner = {event_id: event_id for event_id in reports}
    groups: dict[str, set[str]] = {event_id: {event_id} for event_id in reports}
    joins: list[Key] = []
    for key in sorted((-value, a, b) for (a, b), value in edges.items()):
        a, b = key[1], key[2]
        if a not in owner or b not in owner or owner[a] == owner[b]:
            continue
        if not may_join(groups[owner[a]], groups[owner[b]], scores):
            continue
        keep, gone = sorted((owner[a], owner[b]))
        groups[keep] |= groups.pop(gone)
        for event_id in groups[keep]:
            owner[event_id] = keep
        joins.append(key)
    return sorted(groups.values(), key=min), joins


def may_join(ga: set[str], gb: set[str], scores: _Scores) -> bool:
    """No vetoed pair between the two clusters, and the mean of their cross pairs at least
    ``CLUSTER_MEAN``; the mean is summed exactly (``math.fsum``), so the order the sets are
    taken in cannot tip a mean that lies on the bound."""
    values = []
    for x in ga:
        for y in gb:
            value = scores.of(x, y)
            if value == VETO:
                return False
            values.append(value)
    return bool(values) and math.fsum(values) / len(values) >= CLUSTER_MEAN


@dataclass(frozen=True)
class _History:
    """How one stored cluster was built: its members and the keys of the edges that joined them."""

    members: frozenset[str]
    joins: tuple[Key, ...]

    def before(self, event_id: str, key: Key) -> set[str]:
        """The part of the cluster that held ``event_id`` just before the edge ``key`` was taken."""
        links: dict[str, list[str]] = {}
        for join in self.joins:
            if join >= key:
                break
            links.setdefault(join[1], []).append(join[2])
            links.setdefault(join[2], []).append(join[1])
        part, frontier = {event_id}, [event_id]
        while frontier:
            node = frontier.pop()
            for other in links.get(node, ()):
                if other not in part:
                    part.add(other)
                    frontier.append(other)
        return part

    def joined(self, key: Key) -> bool:
        """Whether the cluster's history joined two of its parts at the edge ``key``."""
        return key in self.joins


class _Restart(Exception):
    """A stored cluster its own history does not rebuild (a store clustered another way): replay it too."""

    def __init__(self, members: set[str]) -> None:
        super().__init__(f"{len(members)} reports to replay")
        self.members = members


class _Replay:
    """The strongest-edge-first pass over the whole graph, replayed only where the change reaches.

    Taking the graph's edges in key order, a report is *replayed* (its cluster followed here) from
    the moment an edge could be decided otherwise than in the stored clustering; every other report
    is, at that moment, in the part of its stored cluster that the cluster's own history had built
    (``_History.before``). The changed reports are replayed from the start, each with all its
    stored cluster. An edge with a replayed end is decided again; its other end becomes replayed
    when the edge now joins it, or when the stored history had joined it there. Edges between two
    reports that are not replayed are decided as they were, so their clusters stand."""

    def __init__(self, conn: sa.Connection, *, exclude: set[str]) -> None:
        self.conn, self.exclude = conn, exclude
        self.features: dict[str, Features] = {}
        self.stored: dict[str, str | None] = {}  # report → the cluster stored for it
        self.edges: dict[Pair, float] = {}
        self.adjacent: dict[str, set[Pair]] = {}  # report → its edges (fetched)
        self.histories: dict[str, _History] = {}
        self.scores = _Scores(self.features, self.edges)
        self._start()

    def _start(self) -> None:
        """The pass's own state (what was read from the store stays for a restart)."""
        self.owner: dict[str, str] = {}  # replayed report → its cluster's id here
        self.groups: dict[str, set[str]] = {}
        self.heap: list[Key] = []
        self.done: set[Pair] = set()

    def run(self, seeds: set[str]) -> list[set[str]]:
        """The clusters of every replayed report (those whose cluster may have changed)."""
        seeds = set(seeds)
        while True:
            try:
                return self._replay(seeds)
            except _Restart as restart:
                seeds |= restart.members

    def _replay(self, seeds: set[str]) -> list[set[str]]:
        self._start()
        self._follow([{event_id} for event_id in sorted(self._whole_clusters(seeds))], after=None)
        while self.heap:
            key = heapq.heappop(self.heap)
            a, b = key[1], key[2]
            if (a, b) in self.done:
                continue
            self.done.add((a, b))
            self._decide(a, b, key)
        return sorted(self.groups.values(), key=min)

    def _decide(self, a: str, b: str, key: Key) -> None:
        if a not in self.features or b not in self.features:
            return  # an edge to a report without features is passed over, as from scratch
        ga, gb = self._part(a, key), self._part(b, key)
        if ga is gb:
            return
        join = may_join(ga, gb, self.scores)
        self._follow([part for node, part in ((a, ga), (b, gb))
                      if node not in self.owner and (join or self._history(node).joined(key))], after=key)
        if join:
            keep, gone = sorted((self.owner[a], self.owner[b]))
            self.groups[keep] |= self.groups.pop(gone)
            for event_id in self.groups[keep]:
                self.owner[event_id] = keep

    def _part(self, event_id: str, key: Key) -> set[str]:
        if event_id in self.owner:
            return self.groups[self.owner[event_id]]
        return self._history(event_id).before(event_id, key)

    def _follow(self, parts: list[set[str]], *, after: Key | None) -> None:
        """Replay the reports of each part (one cluster each now) from the edge ``after`` on."""
        if not parts:
            return
        nodes = {e for part in parts for e in part}
        self._fetch_edges(nodes)
        for part in parts:
            gid = min(part)
            self.groups[gid] = set(part)
            for event_id in part:
                self.owner[event_id] = gid
        ends = set()
        for event_id in sorted(nodes):
            for pair in sorted(self.adjacent[event_id]):
                key = (-self.edges[pair], *pair)
                if pair not in self.done and (after is None or key > after):
                    heapq.heappush(self.heap, key)
                    ends.update(pair)
        self._load(ends)
        self._histories({self.stored[e] for e in ends if e not in self.owner and e in self.features})

    def _history(self, event_id: str) -> _History:
        return self.histories[self.stored[event_id]]

    # --- reading the store ---------------------------------------------------------------------

    def _whole_clusters(self, seeds: set[str]) -> set[str]:
        self._load(seeds)
        clusters = sorted({self.stored[e] for e in seeds if self.stored.get(e) is not None})
        members = (seeds - self.exclude) & set(self.features)
        for chunk in _chunks(clusters):
            for event_id, data, cluster in self.conn.execute(_MEMBERS_OF, {"ids": chunk}):
                if event_id not in self.exclude:
                    self._keep(event_id, data, cluster)
                    members.add(event_id)
        return members

    def _load(self, event_ids: Iterable[str]) -> None:
        missing = sorted(set(event_ids) - set(self.features))
        for chunk in _chunks(missing):
            for event_id, data, cluster in self.conn.execute(_FEATURES_OF, {"ids": chunk}):
                self._keep(event_id, data, cluster)

    def _keep(self, event_id: str, data: dict, cluster: str | None) -> None:
        if event_id not in self.features:
            self.features[event_id] = Features.from_json(data)
            self.stored[event_id] = cluster

    def _fetch_edges(self, event_ids: Iterable[str]) -> None:
        missing = sorted(set(event_ids) - set(self.adjacent))
        found: dict[str, set[Pair]] = {event_id: set() for event_id in missing}
        for chunk in _chunks(missing):
            for a, b, value in self.conn.execute(_EDGES_OF, {"ids": chunk}):
                self.edges.setdefault((a, b), value)
                for end in (a, b):
                    if end in found:
                        found[end].add((a, b))
        self.adjacent.update(found)

    def _histories(self, clusters: set[str | None]) -> None:
        """Rebuild the history of each stored cluster not yet read (its members and inner edges)."""
        if None in clusters:
            raise _Restart({e for e, c in self.stored.items() if c is None})
        wanted = sorted(c for c in clusters if c not in self.histories)
        members: dict[str, set[str]] = {c: set() for c in wanted}
        for chunk in _chunks(wanted):
            for event_id, data, cluster in self.conn.execute(_MEMBERS_OF, {"ids": chunk}):
                self._keep(event_id, data, cluster)
                members[cluster].add(event_id)
        self._fetch_edges({e for group in members.values() for e in group})
        for cluster in wanted:
            group = members[cluster]
            inner = {pair: self.edges[pair] for e in group for pair in self.adjacent[e]
                     if pair[0] in group and pair[1] in group}
            built, joins = _greedy({e: self.features[e] for e in group}, inner, self.scores)
            if len(built) != 1 or self.exclude & group:
                raise _Restart(group)
            self.histories[cluster] = _History(frozenset(group), tuple(joins))


# --- helpers ---------------------------------------------------------------------------------------

def _store_clusters(conn: sa.Connection, assigned: dict[str, str], stored: dict[str, str | None]) -> None:
    changed = [{"event": e, "to": cid} for e, cid in sorted(assigned.items()) if e in stored and stored[e] != cid]
    if changed:
        conn.execute(_SET_CLUSTER, changed)


def _root(parent: dict[str, str], node: str) -> str:
    parent.setdefault(node, node)
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def _candidates(conn: sa.Connection, keys: set[str], *, exclude: str) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(sorted(keys)):
        found |= {r[0] for r in conn.execute(_FILED_UNDER, {"ids": chunk})}
    found.discard(exclude)
    return found


def _features(conn: sa.Connection, event_ids: Iterable[str]) -> dict[str, Features]:
    out: dict[str, Features] = {}
    for chunk in _chunks(sorted(event_ids)):
        for event_id, data, _cluster in conn.execute(_FEATURES_OF, {"ids": chunk}):
            out[event_id] = Features.from_json(data)
    return out


def _chunks(items: Sequence[str] | Iterable[str]) -> Iterable[list[str]]:
    items = list(items)
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]
