"""The HTTP API: every route on a real SQLite store filled with hand-built documents, bad
parameters (each a 4xx in the one JSON error shape), security headers and token-guarded writes."""
from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from conftest import postgres_schema  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from web_fixtures import fill  # noqa: E402

from polemos.web.app import create_app  # noqa: E402

TOKEN = "s3cret-token"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path_factory):
    """The same filled store on SQLite and on a real PostgreSQL (POLEMOS_PG_URL; CI starts one)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("api") / "api.db"
        fill(path)
        yield path
        return
    with postgres_schema("api") as url:
        fill(url)
        yield url


@pytest.fixture
def client(db):
    with TestClient(create_app(db, token=TOKEN)) as c:
        yield c


@pytest.fixture
def fresh(tmp_path):
    """A client on a store of its own, for tests that write."""
    path = tmp_path / "w.db"
    fill(path)
    with TestClient(create_app(path, token=TOKEN)) as c:
        yield c


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["message"]
    return body["error"]


def ain_zara(client) -> dict:
    [event] = client.get("/api/events", params={"place": "Ain Zara"}).json()["items"]
    return event


@pytest.mark.parametrize("params, expected", [
    ({}, 5),
    ({"type": "assault"}, 3),
    ({"type": "PROTEST"}, 1),
    ({"country": "ly"}, 3),
    ({"country": "LY", "from": "2024-03-14"}, 2),
    ({"from": "2024-03-13", "to": "2024-03-13"}, 1),
    ({"actor": "national army"}, 2),
    ({"place": "khartoum"}, 1),
    ({"text": "seven civilians"}, 1),
    ({"modality": "asserted"}, 5),
    ({"modality": "negated"}, 0),
    ({"text": "100%_"}, 0),  # LIKE wildcards are matched literally
])
def test_events_filter(client, params, expected):
    body = client.get("/api/events", params=params).json()
    assert body["total"] == expected == len(body["items"])
    assert set(body) == {"items", "total", "limit", "offset"}


def test_events_are_paginated_newest_first(client):
    first = client.get("/api/events", params={"limit": 2}).json()
    second = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert (first["limit"], first["offset"], second["offset"]) == (2, 0, 2)
    days = [e["date"]["start"] for e in first["items"] + second["items"]]
    assert days == sorted(days, reverse=True)
    assert not {e["id"] for e in first["items"]} & {e["id"] for e in second["items"]}


def test_an_event_page_has_every_report_with_its_text_and_evidence(client):
    event = ain_zara(client)
    detail = client.get(f"/api/events/{event['id']}").json()
    assert detail["sources"] == 2 and len(detail["reports"]) == 2
    for report in detail["reports"]:
        text, evidence = report["article"]["text"], report["evidence"]
        assert text[evidence["start"]:evidence["end"]] == evidence["text"]
        assert report["reported_by"] == ["Health Ministry"]
        assert report["quotes"][0]["chain"] == ["Health Ministry"]
        assert [f["kind"] for f in report["figures"]] == ["killed"]
        assert report["confidence"] == 0.8


def test_aggregates_for_the_dashboard(client):
    points = client.get("/api/map").json()["items"]
    assert {p["place"] for p in points} == {"Ain Zara", "Gharyan", "Khartoum", "Tunis", "Sabha"}
    assert all({"lat", "lon", "type", "count"} <= set(p) for p in points)
    assert sum(p["count"] for p in client.get("/api/map", params={"country": "LY"}).json()["items"]) == 3
    timeline = client.get("/api/timeline").json()["items"]
    assert sum(t["count"] for t in timeline) == 5
    [day] = client.get("/api/figures/series", params={"kind": "killed"}).json()["items"]
    assert (day["low"], day["best"], day["high"], day["reports"], day["sources"]) == (5, 7, 9, 2, 2)
    links = client.get("/api/actors/links", params={"type": "ASSAULT"}).json()["items"]
    assert {"actor": "Libyan National Army", "recipient": "Government of National Accord", "type": "ASSAULT",
            "count": 1} in links


@pytest.mark.parametrize("path, params, check", [
    ("/api/actors", {}, lambda b: b["total"] >= 6),
    ("/api/actors", {"q": "health"}, lambda b: [i["name"] for i in b["items"]] == ["Health Ministry"]),
    ("/api/actors", {"country": "SDN"}, lambda b: b["total"] == 2),
    ("/api/places", {}, lambda b: b["total"] == 5),
    ("/api/places", {"country": "SD"}, lambda b: [i["name"] for i in b["items"]] == ["Khartoum"]),
    ("/api/figures", {}, lambda b: sorted(i["value"] for i in b["items"]) == [5, 7]),
    ("/api/figures", {"kind": "injured"}, lambda b: b["total"] == 0),
    ("/api/figures", {"country": "SD"}, lambda b: b["total"] == 0),
    ("/api/quotes", {}, lambda b: b["total"] == 3),
    ("/api/quotes", {"speaker": "spokesman"}, lambda b: b["total"] == 1),
    ("/api/articles", {}, lambda b: b["total"] == 6),
    ("/api/articles", {"source": "Wire"}, lambda b: b["total"] == 2),
    ("/api/articles", {"from": "2024-04-01"}, lambda b: b["total"] == 1),
    ("/api/search", {"q": "Khartoum"}, lambda b: len(b["events"]) == 1 and b["places"][0]["name"] == "Khartoum"),
    ("/api/search", {"q": "National Army"}, lambda b: b["actors"][0]["name"] == "Libyan National Army"),
    ("/api/config", {}, lambda b: b["writes"] is True and b["tiles"] is None and "ASSAULT" in b["types"]),
])
def test_lists(client, path, params, check):
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    assert check(response.json())


def test_an_article_document(client):
    article = client.get("/api/articles", params={"source": "Gazette"}).json()["items"][0]
    document = client.get(f"/api/articles/{article['id']}").json()
    assert document["article"]["source"] == "Gazette" and document["events"][0]["type"] == "CONSULT"


@pytest.mark.parametrize("path, params, status", [
    ("/api/events", {"type": "BOMBING"}, 422),
    ("/api/events", {"from": "13/03/2024"}, 422),
    ("/api/events", {"from": "2024-03-20", "to": "2024-03-01"}, 422),
    ("/api/events", {"country": "LBY"}, 422),
    ("/api/events", {"modality": "maybe"}, 422),
    ("/api/events", {"limit": 0}, 422),
    ("/api/events", {"limit": 100000}, 422),
    ("/api/events", {"offset": -1}, 422),
    ("/api/events", {"limit": "ten"}, 422),
    ("/api/events", {"text": ""}, 422),
    ("/api/events/ce_0000000000000000", {}, 404),
    ("/api/events/not-an-id", {}, 422),
    ("/api/articles/0123456789abcdef0123", {}, 404),
    ("/api/articles/x'; DROP TABLE articles;--", {}, 404),  # a possible caller's id, bound as a parameter
    ("/api/articles/" + "a" * 201, {}, 422),                 # over the 200 characters an id may have
    ("/api/articles/bad%01id", {}, 422),                     # a control character
    ("/api/search", {}, 422),
    ("/api/search", {"q": "a"}, 422),
    ("/api/figures", {"kind": "Killed!"}, 422),
    ("/api/actors", {"country": "L"}, 422),
    ("/api/export/xlsx", {}, 422),
    ("/api/report", {"country": "LY"}, 422),
    ("/api/report", {"country": "LY", "from": "2024-03-01", "to": "2024-03-31", "format": "pdf"}, 422),
    ("/api/nothing-here", {}, 404),
])
def test_bad_requests_get_the_one_error_shape(client, path, params, status):
    assert_error(client.get(path, params=params), status)


def test_wrong_method_gets_the_error_shape(client):
    assert_error(client.delete("/api/events"), 405)


def test_security_headers_on_pages_and_api(client):
    for path in ("/", "/api/events", "/static/js/main.js"):
        response = client.get(path)
        assert response.status_code == 200
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"


def test_the_dashboard_page_has_no_inline_script(client):
    page = client.get("/").text
    assert "<script src=" in page
    assert "<script>" not in page and " on" + "click=" not in page and "style=" not in page


def test_untrusted_markup_comes_back_as_data_not_markup_changes(client):
    [event] = client.get("/api/events", params={"place": "Sabha"}).json()["items"]
    assert event["actors"][0]["name"] == "Militants <b>X</b>"  # JSON keeps it verbatim; the page shows it as text


def test_openapi_describes_every_route(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/events", "/api/events/{event_id}", "/api/actors", "/api/places", "/api/figures",
                 "/api/quotes", "/api/articles", "/api/search", "/api/export/{fmt}", "/api/report",
                 "/api/events/{event_id}/corrections", "/api/map", "/api/timeline", "/api/figures/series"):
        assert path in spec["paths"], path


@pytest.mark.parametrize("fmt, media, first", [
    ("acled-csv", "text/csv", b"event_id_cnty,"),
    ("plover-jsonl", "application/x-ndjson", b'{"id": "ce_'),
    ("geojson", "application/geo+json", b'{"type": "FeatureCollection"'),
    ("parquet", "application/vnd.apache.parquet", b"PAR1"),
])
def test_exports_from_the_api(client, fmt, media, first):
    response = client.get(f"/api/export/{fmt}", params={"country": "LY"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(first)


def test_report_from_the_api(client):
    params = {"country": "LY", "from": "2024-03-01", "to": "2024-03-31"}
    html = client.get("/api/report", params=params)
    assert html.status_code == 200 and "<script" not in html.text.replace("&lt;script", "")
    assert "script-src" not in html.headers["content-security-policy"]  # default-src 'none' forbids scripts
    markdown = client.get("/api/report", params={**params, "format": "md"}).text
    assert markdown.startswith("# Situation report: Libya")


@pytest.mark.parametrize("headers, status", [
    ({}, 401),
    ({"Authorization": "Bearer wrong"}, 401),
    ({"Authorization": f"Basic {TOKEN}"}, 401),
])
def test_writes_need_the_token(fresh, headers, status):
    event = ain_zara(fresh)
    response = fresh.post(f"/api/events/{event['id']}/corrections", json={"field": "type", "value": "COERCE"},
                          headers=headers)
    assert_error(response, status)
    assert ain_zara(fresh)["type"] == "ASSAULT"


def test_writes_are_disabled_without_a_configured_token(db):
    with TestClient(create_app(db)) as c:
        event = ain_zara(c)
        response = c.post(f"/api/events/{event['id']}/corrections", json={"field": "type", "value": "COERCE"},
                          headers={"Authorization": "Bearer anything"})
        assert_error(response, 403)
        assert c.get("/api/config").json()["writes"] is False


AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.parametrize("field, value, check", [
    ("type", "coerce", lambda e: e["type"] == "COERCE" and e["original"]["type"] == "ASSAULT"),
    ("actors", ["Tripoli Protection Force"], lambda e: e["actors"][0]["name"] == "Tripoli Protection Force"),
    ("recipients", ["Residents"], lambda e: e["recipients"][0]["name"] == "Residents"),
    ("place", {"name": "Tajoura", "country": "LY", "lat": 32.88, "lon": 13.35},
     lambda e: e["place"]["name"] == "Tajoura" and e["original"]["place"]["name"] == "Ain Zara"),
])
def test_a_correction_is_a_reviewed_override(fresh, field, value, check):
    event = ain_zara(fresh)
    response = fresh.post(f"/api/events/{event['id']}/corrections", json={"field": field, "value": value,
                                                                           "note": "checked", "reviewer": "ana"},
                          headers=AUTH)
    assert response.status_code == 201, response.text
    detail = fresh.get(f"/api/events/{event['id']}").json()
    assert detail["reviewed"] is True and detail["corrections"][0]["reviewer"] == "ana"
    assert check(detail)


def test_a_corrected_type_is_found_by_the_new_type(fresh):
    event = ain_zara(fresh)
    assert {p["type"] for p in fresh.get("/api/map", params={"place": "Ain Zara"}).json()["items"]} == {"ASSAULT"}
    fresh.post(f"/api/events/{event['id']}/corrections", json={"field": "type", "value": "COERCE"}, headers=AUTH)
    [found] = fresh.get("/api/events", params={"type": "COERCE"}).json()["items"]
    assert found["id"] == event["id"] and found["reviewed"] is True
    # the cached aggregates are dropped on a write
    assert {p["type"] for p in fresh.get("/api/map", params={"place": "Ain Zara"}).json()["items"]} == {"COERCE"}
    links = fresh.get("/api/actors/links", params={"place": "Ain Zara"}).json()["items"]
    assert [link["type"] for link in links] == ["COERCE"]


def test_the_aggregate_cache_expires_and_is_bounded():
    from polemos.web.cache import TTLCache

    calls = []
    cache = TTLCache(ttl=0.0, maxsize=2)
    assert cache.get("k", lambda: calls.append(1) or 1) == 1
    assert cache.get("k", lambda: calls.append(2) or 2) == 2  # ttl 0: always recomputed
    kept = TTLCache(ttl=60, maxsize=2)
    for key in ("a", "b", "c"):
        kept.get(key, lambda key=key: key)
    assert kept.get("a", lambda: "again") == "again"  # evicted, least recently used
    assert kept.get("c", lambda: "not used") == "c"


def test_a_figure_correction_shows_on_the_event_and_in_exports(fresh):
    event = ain_zara(fresh)
    report = fresh.get(f"/api/events/{event['id']}").json()["reports"][0]
    target = report["figures"][0]["target"]
    response = fresh.post(f"/api/events/{event['id']}/corrections",
                          json={"field": "figure", "target": target, "value": {"value": 3, "low": 2, "high": 4}},
                          headers=AUTH)
    assert response.status_code == 201, response.text
    detail = fresh.get(f"/api/events/{event['id']}").json()
    figure = next(f for r in detail["reports"] for f in r["figures"] if f["target"] == target)
    assert (figure["value"], figure["low"], figure["high"], figure["reviewed"]) == (3, 2, 4, True)
    csv_text = fresh.get("/api/export/acled-csv", params={"place": "Ain Zara"}).text
    assert csv_text.splitlines()[1].split(",")[-3] == "3"  # fatalities: the most conservative, now 3


@pytest.mark.parametrize("body, status", [
    ({"field": "type", "value": "BOMBING"}, 422),
    ({"field": "colour", "value": "red"}, 422),
    ({"field": "actors", "value": "not a list"}, 422),
    ({"field": "place", "value": {"name": "X", "lat": 123}}, 422),
    ({"field": "place", "value": {"name": "X", "country": "Libya"}}, 422),
    ({"field": "figure", "value": {"value": 3}}, 422),
    ({"field": "figure", "target": "0123456789abcdef0123/f1", "value": {"value": 3}}, 422),
    ({"field": "figure", "target": "x/f1", "value": {"value": -3}}, 422),
    ({"value": "COERCE"}, 422),
])
def test_bad_corrections_are_refused(fresh, body, status):
    event = ain_zara(fresh)
    assert_error(fresh.post(f"/api/events/{event['id']}/corrections", json=body, headers=AUTH), status)


def test_correcting_a_missing_event_is_404(fresh):
    response = fresh.post("/api/events/ce_00000000000000ff/corrections", json={"field": "type", "value": "AID"},
                          headers=AUTH)
    assert_error(response, 404)


def test_serving_beyond_localhost_without_a_token_is_refused():
    from polemos.errors import PolemosError
    from polemos.web.cli import check_exposure

    check_exposure("127.0.0.1", None)
    check_exposure("0.0.0.0", "tok")
    with pytest.raises(PolemosError, match="refusing to serve on 0.0.0.0 without a token"):
        check_exposure("0.0.0.0", None)


def test_serve_command_refuses_open_host(tmp_path, capsys, monkeypatch):
    from polemos.cli import main

    monkeypatch.delenv("POLEMOS_TOKEN", raising=False)
    assert main(["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0"]) == 2
    assert "refusing to serve on 0.0.0.0 without a token" in capsys.readouterr().err


# --- summary tables and corrections across re-ingest -------------------------------------------

def _summaries(store) -> dict:
    import sqlalchemy as sa

    from polemos.store import aggregates

    with store.engine.connect() as conn:
        tables = (*aggregates.TABLES, *aggregates.ACTOR_TABLES)
        return {t.name: sorted(tuple(r) for r in conn.execute(sa.select(t))) for t in tables}


def _rebuilt(store) -> dict:
    from polemos.store import aggregates

    with store.engine.begin() as conn:
        aggregates.rebuild(conn)
    return _summaries(store)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db(request, tmp_path):
    """An empty store on SQLite and on PostgreSQL, for tests that write."""
    if request.param == "sqlite":
        yield tmp_path / "empty.db"
        return
    with postgres_schema("w") as url:
        yield url


def test_summary_tables_kept_at_ingest_equal_a_recount(empty_db):
    """Saving, re-ingesting with a new pipeline version and correcting keep the map, timeline
    and figure summaries equal to a count from scratch."""
    from web_fixtures import STORIES, document

    from polemos.store.corrections import Correction, add
    from polemos.store.queries import open_store

    with open_store(empty_db) as store:
        docs = [document(s) for s in STORIES]
        for doc in docs:
            store.save(doc)
        kept = _summaries(store)
        assert all(kept.values())
        assert kept == _rebuilt(store)
        store.save(document(STORIES[0], pipeline="test-2"))
        assert _summaries(store) == _rebuilt(store)
        cid = store.events()[0]["id"]
        add(store.engine, Correction(cid, "place", {"name": "Misrata", "country": "LY", "lat": 32.4, "lon": 15.1}))
        add(store.engine, Correction(cid, "type", "COERCE"))
        assert _summaries(store) == _rebuilt(store)


@pytest.mark.parametrize("field, value, filters, seen", [
    ("type", "COERCE", {"type": "COERCE"}, lambda e: e["type"] == "COERCE"),
    ("place", {"name": "Misrata", "country": "LY", "lat": 32.4, "lon": 15.1}, {"place": "Misrata"},
     lambda e: e["place"]["name"] == "Misrata"),
    ("actors", ["Tripoli Protection Force"], {"actor": "Tripoli Protection"},
     lambda e: [a["name"] for a in e["actors"]] == ["Tripoli Protection Force"]),
])
def test_corrections_survive_reingest_with_a_new_pipeline(empty_db, field, value, filters, seen):
    """A correction is keyed by canonical id: re-ingesting the article (same events, another
    pipeline version) keeps it applied — in the event, in the filters and on the map."""
    from web_fixtures import STORIES, document

    from polemos.store import EventFilter, queries
    from polemos.store.corrections import Correction, add
    from polemos.store.queries import open_store

    story = STORIES[2]  # Gharyan: one article, one event
    with open_store(empty_db) as store:
        assert store.save(document(story, pipeline="v1")) == "stored"
        [event] = store.events()
        add(store.engine, Correction(event["id"], field, value))
        assert store.save(document(story, pipeline="v2")) == "updated"
        [again] = queries.events(store, EventFilter(**filters)).items
        assert again["id"] == event["id"] and again["reviewed"] and seen(again)
        assert seen(queries.event_detail(store, event["id"]))
        if field == "type":
            assert {p["type"] for p in queries.map_points(store)} == {"COERCE"}
            assert {p["type"] for p in queries.timeline(store)} == {"COERCE"}


@pytest.mark.parametrize("field, words", [
    ("actor", "National Army"), ("actor", "national army"), ("actor", "ARMY"), ("actor", "<b>"),
    ("actor", "Accord"), ("actor", "zzz"), ("actor", "Li"), ("actor", "50%"),
    ("text", "killed"), ("text", "Ain Zara"), ("text", "AIN ZARA"), ("text", "Sabha"), ("text", "envoys in"),
])
def test_indexed_actor_and_text_search_finds_what_a_scan_finds(empty_db, field, words):
    """The search index (FTS5 trigrams on SQLite) answers like the ILIKE scan it replaces."""
    from web_fixtures import STORIES, document

    from polemos.store import EventFilter, queries
    from polemos.store.queries import open_store

    with open_store(empty_db) as store:
        for story in STORIES:
            store.save(document(story))
        store.save(document(STORIES[1], pipeline="test-2"))  # re-ingest: the index follows
        filters = EventFilter(**{field: words})
        scanned = [e["id"] for e in store.events(filters)]  # the store's own ILIKE filter
        page = queries.events(store, filters)
        assert [e["id"] for e in page.items] == scanned and page.total == len(scanned)


@pytest.mark.parametrize("sort_cost", [0, 10**9])  # always sort the actor's events / always read newest first
@pytest.mark.parametrize("words", ["National Army", "army", "Protesters", "Li", "zzz"])
def test_an_actor_page_is_the_same_found_either_way(empty_db, monkeypatch, sort_cost, words):
    """Filtered by actor alone, a page is found by sorting the actor's events or, on SQLite when
    the actor is named often, by reading the newest events first and keeping those that name it
    (``queries._actor_in_date_order``): the same events, in the same order, at every offset."""
    import sqlalchemy as sa
    from web_fixtures import STORIES, document

    from polemos.store import EventFilter, queries, schema
    from polemos.store.queries import open_store
    from polemos.store.store import apply_filters

    monkeypatch.setattr(queries, "SORT_COST", sort_cost)
    ce, filters = schema.canonical_events, EventFilter(actor=words)
    with open_store(empty_db) as store:
        for story in STORIES:
            store.save(document(story))
        with store.engine.connect() as conn:  # the store's own ILIKE filter over every event
            scanned = conn.execute(apply_filters(sa.select(ce.c.id), filters)
                                   .order_by(ce.c.date_start.desc().nulls_last(), ce.c.id)).scalars().all()
            in_order = queries._actor_in_date_order(conn, filters, wanted=1)
        assert in_order == (bool(scanned) and sort_cost > 0 and store.engine.dialect.name == "sqlite")
        for offset, limit in ((0, 50), (0, 1), (1, 2), (3, 1)):
            page = queries.events(store, filters, limit=limit, offset=offset)
            assert [e["id"] for e in page.items] == scanned[offset:offset + limit]
            assert page.total == len(scanned)


def test_who_acts_on_whom_leaves_out_events_without_a_named_actor(tmp_path):
    """An event read without its actor is counted under ``without_actor``, never drawn as '(unknown)'."""
    import dataclasses

    from web_fixtures import STORIES, document

    from polemos.store import queries
    from polemos.store.queries import open_store

    with open_store(tmp_path / "l.db") as store:
        for story in STORIES[2:4]:  # Gharyan (LNA → GNA) and Khartoum (Protesters → Council)
            store.save(document(story))
        doc = document(STORIES[4])  # Tunis, saved with its actor taken away
        store.save(dataclasses.replace(doc, events=(dataclasses.replace(doc.events[0], actors=()),)))
        body = queries.actor_links(store)
    assert body["events"] == 3 and body["without_actor"] == 1
    assert {(i["actor"], i["recipient"]) for i in body["items"]} == {
        ("Libyan National Army", "Government of National Accord"), ("Protesters", "Transitional Council")}


@pytest.mark.parametrize("params, bucket, dates", [
    ({}, "day", ["2024-03-13", "2024-03-20", "2024-03-22", "2024-03-25", "2024-04-05"]),
    ({"bucket": "month"}, "month", ["2024-03-01", "2024-04-01"]),
    ({"bucket": "month", "country": "LY"}, "month", ["2024-03-01"]),
    ({"bucket": "month", "actor": "Protesters"}, "month", ["2024-04-01"]),  # not a summary filter: grouped live
    ({"from": "2023-01-01", "to": "2024-12-31"}, "month", ["2024-03-01", "2024-04-01"]),  # auto: over a year
])
def test_timeline_by_day_or_month(client, params, bucket, dates):
    body = client.get("/api/timeline", params=params).json()
    assert body["bucket"] == bucket and sorted({i["date"] for i in body["items"]}) == dates


def test_timeline_bucket_must_be_known(client):
    assert_error(client.get("/api/timeline", params={"bucket": "year"}), 422)


@pytest.mark.parametrize("filters", [{}, {"type": "ASSAULT"}, {"country": "LY"}, {"country": "SD", "type": "PROTEST"},
                                     {"date_from": "2024-03-14", "date_to": "2024-03-31"}])
def test_summaries_answer_like_the_events_they_count(db, filters):
    """The map and timeline read from the summary tables equal the same grouping done live
    (the live path is taken when a filter the summaries lack is set: modality 'asserted' here,
    which every fixture event is)."""
    from polemos.store import EventFilter, queries

    with queries.open_store(db) as store:
        fast, live = EventFilter(**filters), EventFilter(**filters, modality="asserted")
        def points(f):
            return sorted((p["place"], p["type"], p["count"]) for p in queries.map_points(store, f))

        assert points(fast) == points(live)
        assert queries.timeline(store, fast) == queries.timeline(store, live)
