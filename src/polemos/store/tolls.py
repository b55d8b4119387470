"""Figures reconciled per canonical event: a low / best / high with the reports behind each value.

Reports of one incident repeat its toll; summing them would count the dead once per outlet. So
per kind and group ("killed", "civilians"), over the figures the cluster's reports give:

- ``incident`` figures: every distinct value is kept with its reports and outlets; ``low`` is
  the smallest lower bound, ``high`` the largest upper bound (12 against 15 stays 12–15, each
  with its sources). ``best`` is the value of the latest reports (a toll that rises as bodies are
  counted is an update, not a dispute); among reports of that same day, the value most outlets
  give, then the lowest (ACLED's conservative convention). Figures the same article itself marks
  superseded ("rose from 12 to 15": ``current`` false) are listed but never chosen.
- ``cumulative`` figures (a campaign's toll) form a time series by date: each point keeps its
  reports, and the latest total supersedes earlier ones as ``current``; they are never added.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa

from polemos.store import schema


def reconcile(conn: sa.Connection, reports: list[Any], outlet_of: dict[str, str]) -> list[dict[str, Any]]:
    """The reconciled figures of one cluster (``reports``: its event rows with source and published)."""
    by_event = {r.id: r for r in reports}
    f = schema.figures
    # in the order of the articles' own records, not of their arrival: the reports behind each value
    # are listed the same whatever order the articles were stored in
    rows = conn.execute(sa.select(f.c.article_id, f.c.data).where(
        f.c.event_id.in_(sorted(by_event)), f.c.article_id.in_(sorted({r.article_id for r in reports})))
        .order_by(f.c.article_id, f.c.position, f.c.id)).all()
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for article_id, figure in rows:
        report = by_event.get(figure.get("event"))
        if report is None or report.article_id != article_id or figure.get("value") is None:
            continue
        item = _item(article_id, figure, report, outlet_of)
        groups[(figure.get("scope") or "incident", figure["kind"], figure.get("group") or "")].append(item)
    return [summarise(scope, kind, group or None, items) for (scope, kind, group), items in sorted(groups.items())]


def _item(article_id: str, figure: dict[str, Any], report: Any, outlet_of: dict[str, str]) -> dict[str, Any]:
    low = figure["low"] if figure.get("low") is not None else figure["value"]
    high = figure["high"] if figure.get("high") is not None else max(figure["value"], low)
    date = (figure.get("date") or {}).get("start") or report.published
    return {"article": article_id, "figure": figure["id"], "event": report.id, "value": figure["value"],
            "low": low, "high": high, "qualifier": figure.get("qualifier"), "date": date,
            "published": report.published, "source": report.source, "outlet": outlet_of.get(report.id),
            "current": figure.get("current", True)}


def summarise(scope: str, kind: str, group: str | None, items: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {"scope": scope, "kind": kind, "group": group, "low": min(i["low"] for i in items),
                           "high": max(i["high"] for i in items)}
    if scope == "cumulative":
        out["series"] = series(items)
        out["best"] = out["series"][-1]["value"]
        return out
    out["values"] = values(items)
    out["best"] = best(items)
    return out


def values(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each distinct (value, low, high) with the reports and outlets behind it, most outlets first."""
    grouped: dict[tuple[int, int, int], list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        grouped[(item["value"], item["low"], item["high"])].append(item)
    out = [{"value": v, "low": lo, "high": hi, "outlets": sorted({i["outlet"] or "" for i in group}),
            "reports": [{k: i[k] for k in ("article", "figure", "event", "source", "published", "current")}
                        for i in group]}
           for (v, lo, hi), group in grouped.items()]
    return sorted(out, key=lambda g: (-len(g["outlets"]), g["value"], g["low"], g["high"]))


def best(items: list[dict[str, Any]]) -> int:
    current = [i for i in items if i["current"]] or items
    latest = max(i["published"] or "" for i in current)
    recent = [i for i in current if (i["published"] or "") == latest]
    outlets: dict[int, set[str]] = defaultdict(set)
    for item in recent:
        outlets[item["value"]].add(item["outlet"] or "")
    return min(outlets, key=lambda v: (-len(outlets[v]), v))


def series(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A cumulative toll by date: per date the value most outlets give (then the highest), with its
    reports; ``current`` marks the latest point."""
    by_date: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        by_date[item["date"] or ""].append(item)
    points = []
    for date in sorted(by_date):
        group = by_date[date]
        outlets: dict[int, set[str]] = defaultdict(set)
        for item in group:
            outlets[item["value"]].add(item["outlet"] or "")
        value = min(outlets, key=lambda v: (-len(outlets[v]), -v))
        points.append({"date": date or None, "value": value, "low": min(i["low"] for i in group),
                       "high": max(i["high"] for i in group),
                       "reports": [{k: i[k] for k in ("article", "figure", "source")} for i in group],
                       "current": False})
    points[-1]["current"] = True
    return points
