"""Exports of any filtered selection of canonical events, as small plugins.

Each format is a module with ``NAME``, ``EXTENSION``, ``MEDIA_TYPE``, ``DESCRIPTION`` and
``write(events, out) -> int`` (events: an iterable of canonical event dicts, each with a
``figures`` list added by ``selection``; out: a binary file; returns the number of rows). The
CLI (``polemos export``) and the API (``/api/export/{format}``) both go through ``export``.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from importlib import import_module
from types import ModuleType
from typing import Any, BinaryIO

import sqlalchemy as sa

from polemos.errors import PolemosError, missing_extra
from polemos.store import EventFilter, Store, schema

FORMATS = {
    "acled-csv": "polemos.export.acled_csv",
    "plover-jsonl": "polemos.export.plover_jsonl",
    "geojson": "polemos.export.geojson",
    "parquet": "polemos.export.parquet",
}


class ExportFormatError(PolemosError):
    pass


def get(name: str) -> ModuleType:
    if name not in FORMATS:
        raise ExportFormatError(f"unknown export format {name!r}; choose one of {', '.join(FORMATS)}")
    try:
        return import_module(FORMATS[name])
    except ImportError as exc:  # parquet needs pyarrow (the [export] extra)
        raise ExportFormatError(str(missing_extra(exc, needs=f"format {name!r}", extra="export"))) from None


def export(store: Store, filters: EventFilter, fmt: str, out: BinaryIO) -> int:
    """Write every event matching ``filters`` to ``out`` in format ``fmt``; returns the row count."""
    return get(fmt).write(selection(store, filters), out)


def selection(store: Store, filters: EventFilter, *, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """The matching events (corrections applied), each with the figures its reports give."""
    from polemos.store import queries

    chunk: list[dict[str, Any]] = []
    for event in queries.iter_events(store, filters, batch=batch):
        chunk.append(event)
        if len(chunk) >= batch:
            yield from _with_figures(store, chunk)
            chunk = []
    yield from _with_figures(store, chunk)


def _with_figures(store: Store, events: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    if not events:
        return []
    report_ids = {m["event"] for e in events for m in e.get("mentions", [])}
    f, a = schema.figures, schema.articles
    query = (sa.select(f.c.data, f.c.article_id, f.c.event_id, a.c.source).join(a, a.c.id == f.c.article_id)
             .where(f.c.event_id.in_(sorted(report_ids))))
    by_report: dict[str, list[dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            by_report.setdefault(row.event_id, []).append(dict(row.data, article=row.article_id, outlet=row.source))
    from polemos.store.corrections import figure_overrides

    out = []
    for event in events:
        overrides = figure_overrides(event.get("corrections", []))
        figures = []
        for mention in event.get("mentions", []):
            for figure in by_report.get(mention["event"], []):
                figures.append({**figure, **overrides.get(f"{figure['article']}/{figure['id']}", {})})
        out.append(dict(event, figures=figures))
    return out
