"""Locks that make concurrent writers merge as one writer would (PostgreSQL).

Two reports can only be linked when one's filed keys meet the other's looked-up keys
(``merge.blocking_keys``), and two articles only be near duplicates when they share a band hash.
So a save first takes a transaction-level advisory lock on each such key, all of them in sorted
order: two writers whose articles could meet wait for each other, the second then sees the first's
rows; writers of unrelated articles never wait. A main event with no time at all may meet every
dated main event of its countries (``merge.lock_plan``): dated ones share a lock per country, which
a timeless one takes exclusively, so they do not wait for each other. A deadlock (keys taken across two saves in
different orders cannot happen within one sorted call, but may across calls) is a lost race that
``Store._write`` runs again. SQLite has one writer at a time already.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable

import sqlalchemy as sa

# One round trip for all of a save's keys, taken in ascending order
_LOCK = sa.text("SELECT count(pg_advisory_xact_lock(k)) FROM "
                "(SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS ordered")
# The same, shared: holders of a shared lock wait only for a holder of the exclusive one
_SHARED = sa.text("SELECT count(pg_advisory_xact_lock_shared(k)) FROM "
                  "(SELECT k FROM unnest(CAST(:keys AS bigint[])) AS k ORDER BY k) AS ordered")


def lock_keys(conn: sa.Connection, namespace: str, keys: Iterable[str], *, shared: bool = False) -> None:
    if conn.dialect.name != "postgresql":
        return
    ordered = sorted({_key(namespace, k) for k in keys})
    if ordered:
        conn.execute(_SHARED if shared else _LOCK, {"keys": ordered})


def _key(namespace: str, key: str) -> int:
    digest = hashlib.blake2b(f"{namespace}|{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
