"""Request limits on the HTTP API: the write token is checked from the headers before a byte of
the body is read, bodies are capped (declared or streamed), and a correction's lists and strings
are bounded. The ASGI app is driven directly so the test sees how much of the body was pulled."""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient
from web_fixtures import fill

from polemos.web.app import create_app

TOKEN = "limit-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
MIB = 1 << 20


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    pulled: list[int] = field(default_factory=list)  # sizes of the body messages the app read

    def error(self) -> dict:
        parsed = json.loads(self.body)
        assert set(parsed) == {"error"} and set(parsed["error"]) == {"status", "code", "message", "details"}
        assert parsed["error"]["status"] == self.status and parsed["error"]["message"]
        return parsed["error"]


def call(app, path: str, *, headers: dict[str, str], chunks: list[bytes], declare_length: bool = True) -> Answer:
    """One POST through the ASGI interface, the body sent as ``chunks``; counts what the app reads."""
    pending = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]
    pulled: list[int] = []
    sent: list[dict] = []
    raw = {k.lower(): v for k, v in headers.items()}
    raw.setdefault("content-type", "application/json")
    if declare_length:
        raw["content-length"] = str(sum(len(c) for c in chunks))

    async def receive() -> dict:
        if pending:
            message = pending.pop(0)
            pulled.append(len(message["body"]))
            return message
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(k.encode(), v.encode()) for k, v in raw.items()], "client": ("127.0.0.1", 5000),
             "server": ("testserver", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Answer(start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body, pulled)


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "limits.db"
    fill(path)
    return path


@pytest.fixture
def event_path(store_path) -> str:
    with TestClient(create_app(store_path)) as c:
        [event] = c.get("/api/events", params={"place": "Ain Zara"}).json()["items"]
    return f"/api/events/{event['id']}/corrections"


def big_body(size: int, chunk: int = 256 * 1024) -> list[bytes]:
    """A JSON-looking body of ``size`` bytes in ``chunk``-sized messages."""
    text = (b'{"field": "actors", "value": [' + b'"x",' * (size // 4))[:size]
    return [text[i:i + chunk] for i in range(0, len(text), chunk)]


@pytest.mark.parametrize("token, headers, status", [
    (TOKEN, {}, 401),
    (TOKEN, {"Authorization": "Bearer wrong"}, 401),
    (None, AUTH, 403),  # writes disabled
])
def test_an_unauthorised_write_is_refused_before_its_body_is_read(store_path, event_path, token, headers, status):
    """401/403 from the headers alone, before 413 and before any parsing: a stranger's 56 MB
    POST must cost the server nothing."""
    app = create_app(store_path, token=token)
    answer = call(app, event_path, headers=headers, chunks=big_body(3 * MIB))
    assert answer.status == status and answer.error()["code"] in ("unauthorized", "forbidden")
    assert answer.pulled == []
    assert answer.headers["x-content-type-options"] == "nosniff"


def test_a_declared_body_over_the_limit_is_413_without_reading_it(store_path, event_path):
    answer = call(create_app(store_path, token=TOKEN), event_path, headers=AUTH, chunks=big_body(2 * MIB))
    assert answer.status == 413
    error = answer.error()
    assert error["code"] == "too_large" and "1048576 bytes" in error["message"]
    assert answer.pulled == []
    assert "content-security-policy" in answer.headers


def test_a_streamed_body_without_a_length_is_cut_at_the_limit(store_path, event_path):
    """No Content-Length (chunked upload): the body is counted as it arrives and refused once past
    the limit, so the server never holds more than the limit and one chunk."""
    chunks = big_body(4 * MIB, chunk=64 * 1024)
    answer = call(create_app(store_path, token=TOKEN), event_path, headers=AUTH, chunks=chunks,
                  declare_length=False)
    assert answer.status == 413 and answer.error()["code"] == "too_large"
    assert sum(answer.pulled) <= MIB + 64 * 1024 < sum(len(c) for c in chunks)


def test_the_body_limit_is_a_setting(store_path, event_path):
    small = create_app(store_path, token=TOKEN, max_body=64)
    body = json.dumps({"field": "type", "value": "COERCE", "note": "n" * 100}).encode()
    assert call(small, event_path, headers=AUTH, chunks=[body]).status == 413
    fits = json.dumps({"field": "type", "value": "COERCE"}).encode()
    assert call(small, event_path, headers=AUTH, chunks=[fits]).status == 201


def test_serve_takes_the_body_limit_from_the_option_or_the_environment(tmp_path, monkeypatch):
    import gc

    import uvicorn

    from polemos.cli import main

    served, frozen = [], []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(len(served)))  # not this test process's heap
    monkeypatch.setenv("POLEMOS_MAX_BODY", "2048")
    assert main(["serve", "--db", str(tmp_path / "s.db")]) == 0
    assert main(["serve", "--db", str(tmp_path / "s.db"), "--max-body", "4096"]) == 0
    assert [app.state.max_body for app in served] == [2048, 4096]
    assert frozen == [0, 1]  # the start-up heap is frozen once the app is built, before serving


NAME = "n" * 200
BOUNDS = [  # (body, accepted): just inside each limit is stored, just past it is refused
    ({"field": "actors", "value": [f"{NAME[:-3]}{i:03d}" for i in range(50)]}, True),
    ({"field": "actors", "value": [f"actor {i}" for i in range(51)]}, False),
    ({"field": "recipients", "value": [NAME + "x"]}, False),
    ({"field": "type", "value": "C" * 21}, False),
    ({"field": "place", "value": {"name": NAME, "country": "LY"}}, True),
    ({"field": "place", "value": {"name": NAME + "x", "country": "LY"}}, False),
    ({"field": "figure", "target": "TARGET", "value": {"value": 10 ** 13}}, False),
    ({"field": "figure", "target": "TARGET", "value": {"value": 3, "kind": "k" * 21}}, False),
    ({"field": "figure", "target": "TARGET", "value": {"value": 10 ** 10, "kind": "killed"}}, True),
    ({"field": "type", "value": "COERCE", "reviewer": "r" * 201}, False),
]


@pytest.mark.parametrize("body, accepted", BOUNDS)
def test_correction_lists_and_strings_are_bounded(store_path, event_path, body, accepted):
    with TestClient(create_app(store_path, token=TOKEN)) as c:
        if body.get("target") == "TARGET":  # a real figure of the event, so only the bound can refuse it
            report = c.get(event_path.removesuffix("/corrections")).json()["reports"][0]
            body = {**body, "target": report["figures"][0]["target"]}
        response = c.post(event_path, json=body, headers=AUTH)
        assert response.status_code == (201 if accepted else 422), response.text
        if not accepted:
            assert set(response.json()["error"]) == {"status", "code", "message", "details"}
            event = c.get(event_path.removesuffix("/corrections")).json()
            assert not event.get("corrections")


def test_the_correction_body_takes_every_correctable_field():
    """The request models are one per shape of value; together they cover the store's FIELDS."""
    from typing import get_args

    from polemos.store.corrections import FIELDS
    from polemos.web.routes import CorrectionIn

    models = get_args(get_args(CorrectionIn)[0])
    assert sorted(tag for m in models for tag in get_args(m.model_fields["field"].annotation)) == sorted(FIELDS)
