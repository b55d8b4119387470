"""Reviewed overrides: an analyst's correction of an event's type, actors, place or a figure.

Corrections live in their own table (``schema_review.corrections``) and are laid over the
machine's reading when events are read (``apply``), so the original stays visible and
re-ingesting an article never loses a review. Writing one also updates the canonical event's
filter columns so the corrected event is found by the corrected type, actor or place.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from polemos.errors import PolemosError
from polemos.model import PLOVER_TYPES
from polemos.store import aggregates, changes, schema
from polemos.store.schema_review import corrections as table

FIELDS = ("type", "actors", "recipients", "place", "figure")


class CorrectionError(PolemosError):
    """A correction that cannot be applied (unknown event, bad field or value)."""

    def __init__(self, reason: str, *, status: int = 422) -> None:
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Correction:
    event_id: str
    field: str
    value: Any
    target: str = ""  # for a figure: "<article id>/<figure id>"
    note: str = ""
    reviewer: str = ""


def validate(correction: Correction) -> Any:
    """The value in its stored form; raises CorrectionError with what is wrong."""
    field, value = correction.field, correction.value
    if field not in FIELDS:
        raise CorrectionError(f"field {field!r} cannot be corrected; choose one of {', '.join(FIELDS)}")
    if field == "type":
        if not isinstance(value, str) or value.upper() not in PLOVER_TYPES:
            raise CorrectionError(f"type must be a PLOVER type ({', '.join(PLOVER_TYPES)})")
        return value.upper()
    if field in ("actors", "recipients"):
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise CorrectionError(f"{field} must be a list of actor names")
        return [{"id": None, "name": v.strip(), "reviewed": True} for v in value]
    if field == "place":
        if not isinstance(value, dict) or not str(value.get("name") or "").strip():
            raise CorrectionError("place must be an object with a name (and optionally country, lat, lon)")
        place = {"name": str(value["name"]).strip(), "country": _country(value.get("country")),
                 "lat": _coordinate(value.get("lat"), 90), "lon": _coordinate(value.get("lon"), 180), "reviewed": True}
        return place
    if "/" not in correction.target:
        raise CorrectionError("a figure correction needs target '<article id>/<figure id>'")
    if not isinstance(value, dict) or not {"value", "low", "high"} & set(value):
        raise CorrectionError("figure must be an object with value, low and/or high")
    out = {}
    for key in ("value", "low", "high"):
        if value.get(key) is not None:
            if not isinstance(value[key], int) or isinstance(value[key], bool) or value[key] < 0:
                raise CorrectionError(f"figure {key} must be a whole number >= 0")
            out[key] = value[key]
    if "kind" in value:
        out["kind"] = str(value["kind"])
    return out


def add(engine: sa.Engine, correction: Correction) -> dict[str, Any]:
    """Store one correction (after validating it) and return it as stored."""
    value = validate(correction)
    ce = schema.canonical_events
    with engine.begin() as conn:
        row = conn.execute(sa.select(ce.c.id, ce.c.data).where(ce.c.id == correction.event_id)).first()
        if row is None:
            raise CorrectionError(f"no event {correction.event_id!r}", status=404)
        if correction.field == "figure":
            _check_figure_target(conn, row.data, correction.target)
        created = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        new_id = conn.execute(table.insert().values(
            event_id=correction.event_id, field=correction.field, target=correction.target, value=value,
            note=correction.note, reviewer=correction.reviewer, created_at=created)).inserted_primary_key[0]
        aggregates.subtract(conn, [correction.event_id])  # the summaries follow the corrected type / place
        _update_filter_columns(conn, correction.event_id, correction.field, value)
        aggregates.add(conn, [correction.event_id])
        changes.log(conn, correction.event_id, "changed")  # a downstream copy reads it corrected
    return {"id": new_id, "event_id": correction.event_id, "field": correction.field, "target": correction.target,
            "value": value, "note": correction.note, "reviewer": correction.reviewer, "created_at": created}


def for_events(conn: sa.Connection, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Corrections per canonical event id, oldest first."""
    if not event_ids:
        return {}
    out: dict[str, list[dict[str, Any]]] = {}
    query = sa.select(table).where(table.c.event_id.in_(event_ids)).order_by(table.c.id)
    for row in conn.execute(query):
        out.setdefault(row.event_id, []).append(dict(row._mapping))
    return out


def reapply(conn: sa.Connection, event_ids: frozenset[str] | set[str]) -> None:
    """Lay the corrections back onto the filter columns of canonical events just recomputed from
    their reports (a re-ingest rebuilds them from the machine's reading); the JSON is corrected
    when read (``apply``), so only the columns that filters and summaries use need this."""
    if not event_ids:
        return
    for event_id, reviews in for_events(conn, sorted(event_ids)).items():
        exists = conn.execute(sa.select(schema.canonical_events.c.id)
                              .where(schema.canonical_events.c.id == event_id)).first()
        if exists is None:
            continue  # the event is gone for now; its corrections wait for it to come back
        for review in reviews:
            _update_filter_columns(conn, event_id, review["field"], review["value"])


def apply(event: dict[str, Any], reviews: list[dict[str, Any]]) -> dict[str, Any]:
    """The event with its corrections laid over it; the machine's values kept under ``original``."""
    if not reviews:
        return event
    data = dict(event)
    original: dict[str, Any] = {}
    for review in reviews:  # oldest first: the latest correction of a field wins
        field = review["field"]
        if field == "figure":
            continue  # figures are laid over where figures are read (event page, exports)
        original.setdefault(field, event.get(field))
        data[field] = review["value"]
    data["original"] = original
    data["corrections"] = reviews
    data["reviewed"] = True
    return data


def figure_overrides(reviews: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """``{"<article>/<figure>": {value, low, high}}`` from an event's corrections (latest wins)."""
    out: dict[str, dict[str, Any]] = {}
    for review in reviews:
        if review["field"] == "figure":
            out.setdefault(review["target"], {}).update(review["value"])
    return out


def _check_figure_target(conn: sa.Connection, event: dict[str, Any], target: str) -> None:
    article_id, figure_id = target.rsplit("/", 1)  # a caller's article id may hold a "/"; a figure id never does
    if article_id not in {m["article"] for m in event.get("mentions", [])}:
        raise CorrectionError(f"article {article_id!r} does not report this event")
    f = schema.figures
    found = conn.execute(sa.select(f.c.id).where(f.c.article_id == article_id, f.c.id == figure_id)).first()
    if found is None:
        raise CorrectionError(f"article {article_id!r} has no figure {figure_id!r}", status=404)


def _update_filter_columns(conn: sa.Connection, event_id: str, field: str, value: Any) -> None:
    ce = schema.canonical_events
    if field == "type":
        conn.execute(ce.update().where(ce.c.id == event_id).values(type=value))
    elif field == "place":
        conn.execute(ce.update().where(ce.c.id == event_id).values(
            place_name=value["name"], country=value["country"], lat=value["lat"], lon=value["lon"]))
    elif field in ("actors", "recipients"):
        current = conn.execute(sa.select(ce.c.actor_names).where(ce.c.id == event_id)).scalar_one()
        names = set(filter(None, current.split("|"))) | {v["name"] for v in value}
        conn.execute(ce.update().where(ce.c.id == event_id).values(actor_names="|".join(sorted(names))))


def _country(value: Any) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or len(value) != 2 or not value.isalpha():
        raise CorrectionError("place country must be an ISO 3166-1 alpha-2 code, e.g. LY")
    return value.upper()


def _coordinate(value: Any, bound: float) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise CorrectionError("place lat/lon must be numbers") from None
    if not -bound <= number <= bound:
        raise CorrectionError(f"coordinate {number} is out of range ±{bound}")
    return number
