"""API routes under ``/api``: thin wrappers over ``polemos.store.queries``, exports and reports.

Parameters are validated here (dates on the calendar, PLOVER types, country codes, page sizes)
so a bad request gets a 422 in the one error shape before any query runs; the queries bind every
value. A correction's body is bounded too (list lengths, string lengths, counts), on top of the
byte limit that ``polemos.web.middleware`` sets on every body.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from pydantic import AfterValidator, BaseModel, Field, Strict

from polemos.model import MODALITIES, PLOVER_TYPES
from polemos.store import EventFilter, Store, queries
from polemos.store.corrections import Correction, add
from polemos.store.schema_review import TARGET_MAX
from polemos.web.errors import SafeJSONResponse
from polemos.web.middleware import require_token

router = APIRouter(prefix="/api")

DATE = r"^\d{4}-\d{2}-\d{2}$"
TYPE = "^(?i:" + "|".join(PLOVER_TYPES) + ")$"
MODALITY = "^(?i:asserted|" + "|".join(MODALITIES) + ")$"
COUNTRY = r"^[A-Za-z]{2}$"
EVENT_ID = r"^ce_[0-9a-f]{6,40}$"
ARTICLE_ID = r"^[^\x00-\x1f\x7f]{1,200}$"  # a caller's id (ingest/ids.py) or the content hash
FIGURE_KIND = r"^[a-z_]{2,20}$"

Limit = Annotated[int, Query(ge=1, le=500, description="page size (1–500)")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="items to skip")]
Text = Annotated[str | None, Query(min_length=1, max_length=200)]


def calendar_day(value: str | None) -> str | None:
    """The pattern lets 2023-02-31 through, and the queries would compare it as text or fail on it."""
    if value is not None:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a day on the calendar; send a real date as YYYY-MM-DD, "
                             "e.g. 2024-02-29") from None
    return value


OnDay = AfterValidator(calendar_day)
From = Annotated[str | None, Query(alias="from", pattern=DATE, description="on or after YYYY-MM-DD"), OnDay]
To = Annotated[str | None, Query(alias="to", pattern=DATE, description="on or before YYYY-MM-DD"), OnDay]
FirstDay = Annotated[str, Query(alias="from", pattern=DATE, description="first day, YYYY-MM-DD"), OnDay]
LastDay = Annotated[str, Query(alias="to", pattern=DATE, description="last day, YYYY-MM-DD"), OnDay]


def store(request: Request) -> Store:
    return request.app.state.store


def event_filter(
    type: Annotated[str | None, Query(pattern=TYPE, description="PLOVER event type")] = None,
    actor: Text = None,
    place: Text = None,
    country: Annotated[str | None, Query(pattern=COUNTRY, description="ISO 3166-1 alpha-2")] = None,
    date_from: From = None,
    date_to: To = None,
    text: Text = None,
    modality: Annotated[str | None, Query(pattern=MODALITY, description="'asserted' or a modality")] = None,
) -> EventFilter:
    if date_from and date_to and date_from > date_to:
        raise HTTPException(422, f"from {date_from} is after to {date_to}")
    return EventFilter(actor=actor, type=type, place=place, country=country, date_from=date_from, date_to=date_to,
                       text=text, modality=modality.lower() if modality else None)


StoreDep = Annotated[Store, Depends(store)]
Filters = Annotated[EventFilter, Depends(event_filter)]


def fast(content: Any) -> JSONResponse:
    """Plain JSON data straight to the response: skips FastAPI's per-item encoder, which costs
    more than the query on the dashboard's large answers (the data is JSON already; a NaN in it
    is written as null)."""
    return SafeJSONResponse(content)


def cached(request: Request, key: tuple, compute: Any) -> Any:
    """Aggregates are cached for a minute (see polemos.web.cache); lists and pages never are."""
    return request.app.state.cache.get(key, compute)


# --- reading ------------------------------------------------------------------------------------

@router.get("/config", summary="What the dashboard may do: online tiles, writing")
def config(request: Request) -> JSONResponse:
    from polemos.web.app import TILE_URL

    return fast({"tiles": TILE_URL if request.app.state.allow_tiles else None, "writes": bool(request.app.state.token),
                 "types": list(PLOVER_TYPES), "modalities": ["asserted", *MODALITIES]})


@router.get("/events", summary="Canonical events, newest first, filtered and paginated")
def list_events(s: StoreDep, f: Filters, limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    return fast(queries.events(s, f, limit=limit, offset=offset).to_json())


@router.get("/events/{event_id}", summary="One event with every report: article text, evidence, attribution")
def get_event(s: StoreDep, event_id: Annotated[str, Path(pattern=EVENT_ID)]) -> JSONResponse:
    event = queries.event_detail(s, event_id)
    if event is None:
        raise HTTPException(404, f"no event {event_id}")
    return fast(event)


@router.get("/map", summary="Events grouped by place and type, for the map")
def get_map(request: Request, s: StoreDep, f: Filters,
            limit: Annotated[int, Query(ge=1, le=20000)] = 5000) -> JSONResponse:
    items = cached(request, ("map", f, limit), lambda: queries.map_points(s, f, limit=limit))
    return fast({"items": items, "total": len(items)})


@router.get("/timeline", summary="Events per day (or month) and type")
def get_timeline(request: Request, s: StoreDep, f: Filters,
                 bucket: Annotated[str, Query(pattern="^(auto|day|month)$",
                                              description="day, month, or auto: month beyond a year")] = "auto"
                 ) -> JSONResponse:
    chosen = queries.timeline_bucket(s, f) if bucket == "auto" else bucket
    items = cached(request, ("timeline", f, chosen), lambda: queries.timeline(s, f, bucket=chosen))
    return fast({"items": items, "bucket": chosen})


@router.get("/figures", summary="Reported figures (killed, injured, displaced, ...) with their articles")
def list_figures(s: StoreDep, f: Filters, kind: Annotated[str | None, Query(pattern=FIGURE_KIND)] = None,
                 limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    return fast(queries.figures(s, queries.FigureFilter(kind, f), limit=limit, offset=offset).to_json())


@router.get("/figures/series", summary="Figures per day and kind with low / best / high and source counts")
def figure_series(request: Request, s: StoreDep, f: Filters,
                  kind: Annotated[str | None, Query(pattern=FIGURE_KIND)] = None) -> JSONResponse:
    series = cached(request, ("series", f, kind), lambda: queries.figure_series(s, queries.FigureFilter(kind, f)))
    return fast({"items": series})


@router.get("/actors", summary="Actors by name, with the number of articles that mention them")
def list_actors(s: StoreDep, q: Text = None,
                country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3")] = None,
                limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    return fast(queries.actors(s, q=q, country=country, limit=limit, offset=offset).to_json())


@router.get("/actors/links", summary="Who acts on whom, by event type (newest matching events)")
def actor_links(request: Request, s: StoreDep, f: Filters,
                sample: Annotated[int, Query(ge=1, le=20000)] = 1000) -> JSONResponse:
    return fast(cached(request, ("links", f, sample), lambda: queries.actor_links(s, f, sample=sample)))


@router.get("/places", summary="Places of events, with event counts")
def list_places(s: StoreDep, f: Filters, limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    return fast(queries.places(s, f, limit=limit, offset=offset).to_json())


@router.get("/quotes", summary="Quotes with speaker, attribution chain and article")
def list_quotes(s: StoreDep, speaker: Text = None, article: Annotated[str | None, Query(pattern=ARTICLE_ID)] = None,
                date_from: From = None, date_to: To = None,
                limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    return fast(queries.quotes(s, speaker=speaker, article=article, date_from=date_from, date_to=date_to,
                               limit=limit, offset=offset).to_json())


@router.get("/articles", summary="Stored articles, newest first")
def list_articles(s: StoreDep, q: Text = None, source: Text = None,
                  date_from: From = None, date_to: To = None,
                  limit: Limit = 50, offset: Offset = 0) -> JSONResponse:
    return fast(queries.articles(s, q=q, source=source, date_from=date_from, date_to=date_to, limit=limit,
                                 offset=offset).to_json())


@router.get("/articles/{article_id:path}", summary="One article document (text and every record found in it)")
def get_article(s: StoreDep, article_id: Annotated[str, Path(pattern=ARTICLE_ID)]) -> JSONResponse:
    document = s.document(article_id)
    if document is None:
        raise HTTPException(404, f"no article {article_id}")
    return fast(document)


@router.get("/search", summary="Search events (evidence), actors, places and article titles")
def search(s: StoreDep, q: Annotated[str, Query(min_length=2, max_length=200)],
           limit: Annotated[int, Query(ge=1, le=50)] = 10) -> JSONResponse:
    return fast(queries.search(s, q, limit=limit))


@router.get("/export/{fmt}", summary="Export the filtered events: acled-csv, plover-jsonl, geojson, parquet",
            response_class=Response)
def export(s: StoreDep, f: Filters,
           fmt: Annotated[str, Path(pattern="^(acled-csv|plover-jsonl|geojson|parquet)$")]) -> Response:
    from polemos import export as exports

    module = exports.get(fmt)
    spool = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # big selections go to disk, not memory
    exports.export(s, f, fmt, spool)
    spool.seek(0)

    def chunks() -> Any:
        with spool:
            while block := spool.read(1 << 16):
                yield block

    headers = {"Content-Disposition": f'attachment; filename="polemos-events.{module.EXTENSION}"'}
    return StreamingResponse(chunks(), media_type=module.MEDIA_TYPE, headers=headers)


@router.get("/report", summary="A situation report for a country and period (Markdown or HTML)",
            response_class=Response)
def report(s: StoreDep, country: Annotated[str, Query(pattern=COUNTRY)],
           date_from: FirstDay, date_to: LastDay,
           format: Annotated[str, Query(pattern="^(md|html)$")] = "html") -> Response:
    from polemos.report import build, to_html, to_markdown

    if date_from > date_to:
        raise HTTPException(422, f"from {date_from} is after to {date_to}")
    situation = build(s, country=country, date_from=date_from, date_to=date_to)
    if format == "md":
        return PlainTextResponse(to_markdown(situation, map_file=None), media_type="text/markdown; charset=utf-8")
    # The report is a standalone page with its own stylesheet inline and no script at all.
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'"
    return HTMLResponse(to_html(situation), headers={"Content-Security-Policy": csp})


# --- writing ------------------------------------------------------------------------------------

MAX_NAMES = 50  # actors or recipients of one event
MAX_COUNT = 10_000_000_000  # a toll past ten billion is a typo, and would overflow the store's columns
Name = Annotated[str, Field(max_length=200)]
Count = Annotated[int, Strict(), Field(ge=0, le=MAX_COUNT)]  # strict: 3.0 or true is not a count


class _CorrectionBody(BaseModel):
    """What every correction carries; the value's shape depends on ``field`` (the subclasses).
    Meaning (a PLOVER type, a known figure) is checked by ``polemos.store.corrections.validate``."""

    target: str = Field("", max_length=TARGET_MAX, description="for a figure: '<article id>/<figure id>'")
    note: str = Field("", max_length=2000)
    reviewer: str = Field("", max_length=200)
    value: Any

    def stored_value(self) -> Any:
        """The value as ``validate`` takes it: objects as dicts of the keys the client sent."""
        value = self.value
        return value.model_dump(exclude_unset=True) if isinstance(value, BaseModel) else value


class TypeCorrection(_CorrectionBody):
    field: Literal["type"]
    value: str = Field(max_length=20, description="a PLOVER type, e.g. COERCE")


class NamesCorrection(_CorrectionBody):
    field: Literal["actors", "recipients"]
    value: list[Name] = Field(max_length=MAX_NAMES, description=f"actor names (at most {MAX_NAMES})")


class PlaceValue(BaseModel):
    name: str = Field(max_length=200)
    country: str | None = Field(None, max_length=2, description="ISO 3166-1 alpha-2")
    lat: float | None = None
    lon: float | None = None


class PlaceCorrection(_CorrectionBody):
    field: Literal["place"]
    value: PlaceValue


class FigureValue(BaseModel):
    value: Count | None = None
    low: Count | None = None
    high: Count | None = None
    kind: str | None = Field(None, max_length=20)


class FigureCorrection(_CorrectionBody):
    field: Literal["figure"]
    value: FigureValue


CorrectionIn = Annotated[TypeCorrection | NamesCorrection | PlaceCorrection | FigureCorrection,
                         Body(discriminator="field")]


@router.post("/events/{event_id}/corrections", status_code=201, summary="Correct an event (needs the token)",
             dependencies=[Depends(require_token)])
def correct_event(request: Request, s: StoreDep, event_id: Annotated[str, Path(pattern=EVENT_ID)],
                  body: CorrectionIn) -> JSONResponse:
    correction = Correction(event_id, body.field, body.stored_value(), body.target, body.note, body.reviewer)
    stored = add(s.engine, correction)
    request.app.state.cache.clear()  # the aggregates must show the correction at once
    return stored
