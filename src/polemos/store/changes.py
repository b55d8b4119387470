"""The change log: canonical events added, changed and deleted, so a downstream copy stays in sync.

Every recomputation of a canonical event (``polemos.store.canonical.refresh``) and every analyst's
correction writes one row to ``changes`` inside the same transaction, with a UTC timestamp to the
microsecond. ``since`` reads them back compacted: one entry per event, its last operation, and for
an added or changed event its current reading, corrections applied (the one read path,
``polemos.store.queries``). A deleted event says which event took its reports (``merged_into``)
when one did. Replaying entries is idempotent, so a reader may ask again from a little before the
last timestamp it saw (two writers may commit out of timestamp order).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from polemos.errors import PolemosError
from polemos.store import schema_merge as sm

OPS = ("added", "changed", "deleted")


@dataclass(frozen=True)
class Change:
    seq: int
    at: str
    op: str
    id: str
    detail: dict[str, Any] | None


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def record(conn: sa.Connection, event_id: str, *, old: dict[str, Any] | None, new: dict[str, Any] | None,
           merged_into: str | None = None) -> str | None:
    """Log one canonical event's recomputation; returns the operation, or None when nothing changed."""
    if old is None and new is None:
        return None
    if old is not None and new is not None and old == new:
        return None
    op = "added" if old is None else "deleted" if new is None else "changed"
    detail = {"merged_into": merged_into} if op == "deleted" and merged_into else None
    log(conn, event_id, op, detail=detail)
    return op


def log(conn: sa.Connection, event_id: str, op: str, *, detail: dict[str, Any] | None = None) -> None:
    conn.execute(sm.changes.insert().values(at=now(), kind="event", item_id=event_id, op=op, detail=detail))


def parse_since(value: str) -> str:
    """An ISO date or date-time (naive = UTC) as the log's timestamp form; raises PolemosError."""
    try:
        moment = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise PolemosError(f"--since {value!r} is not a date or time; give e.g. 2024-05-02 or "
                           "2024-05-02T10:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


def since(conn: sa.Connection, moment: str) -> list[Change]:
    """One entry per canonical event changed at or after ``moment``: its last operation, in log order."""
    c = sm.changes
    rows = conn.execute(sa.select(c.c.seq, c.c.at, c.c.op, c.c.item_id, c.c.detail)
                        .where(c.c.at >= moment, c.c.kind == "event").order_by(c.c.seq)).all()
    last: dict[str, Change] = {}
    first_op: dict[str, str] = {}
    for seq, at, op, item, detail in rows:
        first_op.setdefault(item, op)
        last.pop(item, None)  # keep log order of each event's last entry
        last[item] = Change(seq, at, op, item, detail)
    out = []
    for item, change in last.items():
        if change.op == "changed" and first_op[item] == "added":
            change = Change(change.seq, change.at, "added", item, change.detail)
        if change.op == "deleted" and first_op[item] == "added":
            continue  # added and gone again within the window: nothing for a copy to do
        out.append(change)
    return out
