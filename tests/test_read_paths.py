"""One read path: a correction is seen the same by ``polemos events``, the API and every export."""
from __future__ import annotations

import csv
import io
import json

import pytest
from web_fixtures import fill

from polemos.cli import main
from polemos.export import FORMATS, export
from polemos.store import EventFilter
from polemos.store.corrections import Correction, add
from polemos.store.queries import open_store

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from polemos.web.app import create_app  # noqa: E402

NEW_TYPE = "COERCE"


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """A filled store with one event's type corrected to a type no other event has."""
    path = tmp_path_factory.mktemp("paths") / "p.db"
    fill(path)
    with open_store(path) as store:
        event = next(e for e in store.events() if e["type"] != NEW_TYPE)
        assert not store.events(EventFilter(type=NEW_TYPE))
        add(store.engine, Correction(event_id=event["id"], field="type", value=NEW_TYPE, reviewer="ana"))
    return path, event


def cli_events(capsys, path, *args: str) -> list[dict]:
    assert main(["events", "--db", str(path), "--format", "jsonl", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_polemos_events_filters_and_prints_the_corrected_type(corrected, capsys):
    path, event = corrected
    [listed] = cli_events(capsys, path, "--type", NEW_TYPE)
    assert (listed["id"], listed["type"], listed["reviewed"]) == (event["id"], NEW_TYPE, True)
    assert event["id"] not in {e["id"] for e in cli_events(capsys, path, "--type", event["type"])}


def test_the_table_and_csv_print_the_corrected_type(corrected, capsys):
    path, event = corrected
    assert main(["events", "--db", str(path), "--format", "csv", "--type", NEW_TYPE]) == 0
    [row] = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert (row["id"], row["type"]) == (event["id"], NEW_TYPE)
    assert main(["events", "--db", str(path), "--type", NEW_TYPE]) == 0
    assert "1 of 1 events" in capsys.readouterr().out


def test_the_api_lists_what_the_cli_lists(corrected, capsys):
    path, event = corrected
    with TestClient(create_app(path)) as client:
        api = client.get("/api/events", params={"type": NEW_TYPE}).json()["items"]
        detail = client.get(f"/api/events/{event['id']}").json()
    cli = cli_events(capsys, path, "--type", NEW_TYPE)
    assert [e["id"] for e in api] == [e["id"] for e in cli] == [event["id"]]
    assert api[0]["type"] == cli[0]["type"] == detail["type"] == NEW_TYPE


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_export_selects_and_writes_the_corrected_event(corrected, fmt):
    path, event = corrected
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = io.BytesIO()
    with open_store(path) as store:
        assert export(store, EventFilter(type=NEW_TYPE), fmt, out) == 1
        assert export(store, EventFilter(type=event["type"]), fmt, io.BytesIO()) == len(
            store.events(EventFilter(type=event["type"])))
    data = out.getvalue()
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(io.BytesIO(data)).to_pylist()
        assert [(r["id"], r["type"]) for r in table] == [(event["id"], NEW_TYPE)]
    elif fmt == "acled-csv":
        [row] = list(csv.DictReader(io.StringIO(data.decode())))
        assert row["event_id_cnty"].endswith(event["id"])
    elif fmt == "geojson":
        [feature] = json.loads(data)["features"]
        assert (feature["properties"]["id"], feature["properties"]["type"]) == (event["id"], NEW_TYPE)
    else:
        [record] = [json.loads(line) for line in data.decode().splitlines()]
        assert record["event"] == NEW_TYPE
