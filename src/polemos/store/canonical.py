"""The canonical event: one row per cluster of reports, recomputed from its reports at each save.

For each field (type, mode, date, place, actors, recipients, modality, reported_by, cameo, acled)
the canonical event shows the value chosen and the reports behind it, under ``fields``: the value
most distinct outlets gave (then the surest reports), and every other value with its own reports —
conflicting values are kept, never averaged; a missing value is chosen only when no report gives
one. ``sources`` counts distinct outlets, an outlet that only republished a story (a near
duplicate, ``polemos.store.near_duplicates``) counted as the original's. ``figures_reconciled``
gives, per kind and group, a low / best / high with the reports behind each value, never a sum
of duplicate reports (``polemos.store.tolls``). Every add, change and deletion is written to the
change log (``polemos.store.changes``), and the analysts' corrections of a cluster whose id went
away move to the cluster that took most of its reports.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from polemos.store import changes, near_duplicates, records, schema, tolls
from polemos.store.schema_review import corrections as corrections_table

FIELDS = ("type", "mode", "date", "place", "actors", "recipients", "modality", "reported_by", "cameo", "acled",
          "context")
EMPTY = (None, [], {})


def refresh(conn: sa.Connection, ids: Iterable[str], *, moved_to: dict[str, str] | None = None) -> None:
    """Recompute each canonical event from the reports that remain; log what changed."""
    ce = schema.canonical_events
    moved_to = moved_to or {}
    for cid in sorted(set(ids)):
        old = conn.execute(sa.select(ce.c.data).where(ce.c.id == cid)).scalar_one_or_none()
        conn.execute(ce.delete().where(ce.c.id == cid))
        reports = _reports(conn, cid)
        row = build(conn, cid, reports) if reports else None
        if row is not None:
            conn.execute(ce.insert().values(**row))
        changes.record(conn, cid, old=old, new=row["data"] if row else None, merged_into=moved_to.get(cid))
        if row is None and moved_to.get(cid):
            conn.execute(corrections_table.update().where(corrections_table.c.event_id == cid)
                         .values(event_id=moved_to[cid]))


def _reports(conn: sa.Connection, cid: str) -> list[Any]:
    ev, art = schema.events, schema.articles
    query = (sa.select(ev.c.data, ev.c.id, ev.c.article_id, ev.c.evidence_start, ev.c.evidence_end, ev.c.evidence_text,
                       ev.c.actor_names, ev.c.modality, ev.c.confidence, art.c.source, art.c.published)
             .join(art, art.c.id == ev.c.article_id).where(ev.c.canonical_id == cid)
             .order_by(ev.c.confidence.desc(), ev.c.id))
    return conn.execute(query).all()


def build(conn: sa.Connection, cid: str, reports: list[Any]) -> dict[str, Any]:
    """The ``canonical_events`` row of one cluster from its reports (surest first)."""
    article_ids = {r.article_id for r in reports}
    linked = records.linked_records(conn, article_ids)
    copies = near_duplicates.originals(conn, article_ids)
    outlet_of = _outlets(conn, reports, copies)
    expanded = [records.expand_event(r.data, *linked[r.article_id]) for r in reports]
    data = dict(expanded[0])
    data["fields"] = {name: field_provenance(name, expanded, reports, outlet_of) for name in FIELDS}
    for name in FIELDS:
        data[name] = data["fields"][name]["value"]
    data["id"] = cid
    data["sources"] = len(set(outlet_of.values()))
    data["mentions"] = [_mention(r, event, copies) for r, event in zip(reports, expanded)]
    data["figures_reconciled"] = tolls.reconcile(conn, reports, outlet_of)
    place = data.get("place") or {}
    date = data.get("date") or {}
    names = {n for r in reports for n in r.actor_names.split("|") if n}
    return dict(
        id=cid, type=data["type"], modality=",".join(data.get("modality") or ()), date_start=date.get("start"),
        date_end=date.get("end"), place_name=place.get("name"), country=place.get("country"),
        lat=place.get("lat"), lon=place.get("lon"), actor_names="|".join(sorted(names)),
        search_text=" ".join(r.evidence_text for r in reports), sources=data["sources"], reports=len(reports),
        confidence=data.get("confidence"), data=data,
    )


def _outlets(conn: sa.Connection, reports: list[Any], copies: dict[str, str]) -> dict[str, str]:
    """Report (event id) → the outlet it counts as: a copy counts as its original's outlet."""
    art = schema.articles
    originals = sorted(set(copies.values()))
    source_of = dict(conn.execute(sa.select(art.c.id, art.c.source).where(art.c.id.in_(originals))).all()) \
        if originals else {}
    out = {}
    for r in reports:
        original = copies.get(r.article_id)
        if original is not None:
            out[r.id] = source_of.get(original) or original
        else:
            out[r.id] = r.source or r.article_id
    return out


def _mention(r: Any, event: dict[str, Any], copies: dict[str, str]) -> dict[str, Any]:
    mention = {"article": r.article_id, "source": r.source, "published": r.published, "event": r.data["id"],
               "evidence": {"start": r.evidence_start, "end": r.evidence_end, "text": r.evidence_text},
               "reported_by": [a.get("name") for a in event["reported_by"]]}
    if r.article_id in copies:
        mention["copy_of"] = copies[r.article_id]
    return mention


def field_provenance(name: str, expanded: list[dict[str, Any]], reports: list[Any],
                     outlet_of: dict[str, str]) -> dict[str, Any]:
    """``{"value", "reports", "alternatives": [{"value", "reports"}]}`` for one field."""
    groups: dict[str, dict[str, Any]] = {}
    for position, (event, report) in enumerate(zip(expanded, reports)):
        value = event.get(name)
        key = _key(name, value)
        group = groups.setdefault(key, {"value": value, "reports": [], "outlets": set(), "weight": 0.0,
                                        "first": position})
        group["reports"].append(report.id)
        group["outlets"].add(outlet_of[report.id])
        group["weight"] += report.confidence or 0.0
    ranked = sorted(groups.values(),
                    key=lambda g: (_empty(name, g["value"]), -len(g["outlets"]), -g["weight"], g["first"]))
    chosen, others = ranked[0], ranked[1:]
    out: dict[str, Any] = {"value": chosen["value"], "reports": chosen["reports"]}
    if others:
        out["alternatives"] = [{"value": g["value"], "reports": g["reports"]} for g in others]
    return out


def _empty(name: str, value: Any) -> bool:
    if name == "date":
        return not value or value.get("start") is None
    return value in EMPTY


def _key(name: str, value: Any) -> str:
    """What makes two reports' values the same: names for actors and places, not per-article ids."""
    if name in ("actors", "recipients", "reported_by"):
        return json.dumps(sorted((a.get("kb_id") or a.get("name") or "") for a in value or ()))
    if name == "place":
        return json.dumps(None if not value else [value.get("geonameid") or value.get("name"), value.get("country")])
    if name == "date":
        return json.dumps(None if not value else [value.get("start"), value.get("end")])
    if name in ("modality", "context"):
        return json.dumps(sorted(value or ()))
    return json.dumps(value, sort_keys=True, default=str)
