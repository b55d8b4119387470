"""How the HTTP API fails: impossible dates are refused naming the parameter, non-finite numbers
in stored documents are written as null, every Polemos error gets the status of its class, and
an unexpected error still answers in the one JSON shape with the security headers, logged."""
from __future__ import annotations

import logging

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")
from fastapi.testclient import TestClient
from web_fixtures import STORIES, document, fill

from polemos import errors
from polemos.store import queries
from polemos.store.corrections import CorrectionError
from polemos.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    path = tmp_path_factory.mktemp("errors") / "e.db"
    fill(path)
    # raise_server_exceptions=False: see what a real client gets when the server fails
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        yield c


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message", "details"}
    assert body["error"]["status"] == status and body["error"]["message"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    return body["error"]


REPORT = {"country": "LY", "from": "2024-03-01", "to": "2024-03-31"}


@pytest.mark.parametrize("path, params, name", [
    ("/api/timeline", {"from": "2023-02-31"}, "from"),
    ("/api/timeline", {"to": "2024-13-01"}, "to"),
    ("/api/events", {"from": "2023-02-29"}, "from"),
    ("/api/map", {"to": "2024-04-31"}, "to"),
    ("/api/figures", {"from": "2024-00-10"}, "from"),
    ("/api/figures/series", {"from": "2023-02-31"}, "from"),
    ("/api/places", {"to": "2023-02-31"}, "to"),
    ("/api/actors/links", {"from": "2023-02-31"}, "from"),
    ("/api/export/acled-csv", {"from": "2023-02-31"}, "from"),
    ("/api/quotes", {"to": "2023-02-31"}, "to"),
    ("/api/articles", {"from": "2023-02-31"}, "from"),
    ("/api/report", {**REPORT, "to": "2024-02-30"}, "to"),
])
def test_a_date_not_on_the_calendar_is_refused_naming_the_parameter(client, path, params, name):
    error = assert_error(client.get(path, params=params), 422)
    assert error["code"] == "invalid_parameter"
    assert error["message"].startswith(f"query.{name}:") and "YYYY-MM-DD" in error["message"]


@pytest.mark.parametrize("path, params", [
    ("/api/timeline", {"from": "2024-02-29", "to": "2024-12-31"}),  # a leap day is a real date
    ("/api/report", {**REPORT, "to": "2024-02-29", "from": "2024-02-01"}),
])
def test_real_dates_are_accepted(client, path, params):
    assert client.get(path, params=params).status_code == 200


def test_non_finite_numbers_in_a_document_are_written_as_null(tmp_path):
    """JSON has no NaN or Infinity; a stored document may still hold them (written by an older
    Polemos or another program: the JSON text is set here directly), and the answer writes them
    as null instead of failing the request."""
    import sqlalchemy as sa

    doc = document(STORIES[0])
    path = tmp_path / "nan.db"
    with queries.open_store(path) as store:
        store.save(doc)
        with store.engine.begin() as conn:
            conn.execute(sa.text("UPDATE articles SET metadata = :raw WHERE id = :id"),
                         {"raw": '{"score": NaN, "spread": Infinity, "nested": [1.5, -Infinity]}', "id": doc.article.id})
    with TestClient(create_app(path), raise_server_exceptions=False) as c:
        response = c.get(f"/api/articles/{doc.article.id}")
        assert response.status_code == 200, response.text
        assert response.json()["article"]["metadata"] == {"score": None, "spread": None, "nested": [1.5, None]}


def test_an_unexpected_error_answers_500_in_the_error_shape_and_is_logged(client, monkeypatch, caplog):
    def broken(*_args, **_kwargs):
        raise RuntimeError("internal detail: /srv/secret.db")

    monkeypatch.setattr(queries, "search", broken)
    with caplog.at_level(logging.ERROR, logger="polemos.web"):
        error = assert_error(client.get("/api/search", params={"q": "Khartoum"}), 500)
    assert error["code"] == "internal_error" and "secret" not in error["message"]
    [record] = [r for r in caplog.records if r.name == "polemos.web"]
    assert record.levelno == logging.ERROR and record.exc_info and "GET /api/search" in record.getMessage()
    assert "internal detail" in caplog.text  # the traceback is in the log, not in the answer


@pytest.mark.parametrize("error, status, code", [
    (errors.InputError("feed.xml", "not UTF-8"), 400, "bad_request"),
    (errors.TooLargeError("a.txt", "over 1,000,000 characters"), 400, "bad_request"),
    (CorrectionError("type must be a PLOVER type"), 422, "invalid_parameter"),
    (CorrectionError("no event 'ce_1'", status=404), 404, "not_found"),
    (errors.StoreError("cannot write to store x: disk full"), 503, "store_unavailable"),
    (errors.StoreURLError("--db x: unknown database scheme"), 503, "store_unavailable"),
    (errors.PipelineError("step 'x' requires 'y'"), 500, "internal_error"),
    (errors.DataFileError("kb.tsv", 3, "no name"), 500, "internal_error"),
    (errors.ExtractionError("a1", "figures", "boom"), 500, "internal_error"),
    (errors.PolemosError("anything else"), 500, "internal_error"),
])
def test_polemos_errors_answer_the_status_of_their_class(client, monkeypatch, error, status, code):
    def failing(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(queries, "search", failing)
    body = assert_error(client.get("/api/search", params={"q": "Khartoum"}), status)
    assert body["code"] == code and body["message"] == str(error)


def test_a_store_failure_says_when_to_retry(client, monkeypatch):
    def down(*_args, **_kwargs):
        raise errors.StoreError("cannot open store x: connection refused")

    monkeypatch.setattr(queries, "search", down)
    response = client.get("/api/search", params={"q": "Khartoum"})
    assert response.status_code == 503 and int(response.headers["retry-after"]) > 0
