"""Exports: each format parsed back; ACLED's columns and conventions; the CLI command."""
from __future__ import annotations

import csv
import io
import json

import pytest
from web_fixtures import fill

from polemos.export import FORMATS, ExportFormatError, export, get
from polemos.export.acled_csv import COLUMNS, fatalities
from polemos.store import EventFilter
from polemos.store.queries import open_store

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "e.db"
    fill(path)
    s = open_store(path)
    yield s
    s.close()


def run(store, fmt, **filters) -> bytes:
    out = io.BytesIO()
    export(store, EventFilter(**filters), fmt, out)
    return out.getvalue()


def acled_rows(store, **filters) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(run(store, "acled-csv", **filters).decode())))


def test_acled_csv_has_acleds_columns_in_order(store):
    header = run(store, "acled-csv").decode().splitlines()[0].split(",")
    assert header == ACLED_COLUMNS == list(COLUMNS)


def test_acled_row_for_a_shelling_reported_by_two_outlets(store):
    [row] = acled_rows(store, place="Ain Zara")
    assert row["event_id_cnty"].startswith("LBY-ce_")
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-03-13", "2024", "1")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert (row["actor1"], row["inter1"], row["actor2"], row["interaction"]) == ("Libyan National Army", "1", "", "10")
    assert (row["iso"], row["country"], row["admin1"], row["location"]) == ("434", "Libya", "Tripoli", "Ain Zara")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("32.8000", "13.2000", "1")
    assert row["source"] == "Daily; Wire"
    assert row["fatalities"] == "5"  # the most conservative of 5 and 7
    assert row["notes"].startswith("On 2024-03-13,")


@pytest.mark.parametrize("place, disorder, interaction, targeting", [
    ("Gharyan", "Political violence", "11", ""),  # army against government: both state forces
    ("Khartoum", "Demonstrations", "17", ""),  # protesters (CVL) at the council
    ("Tunis", "Strategic developments", "10", ""),  # CONSULT: no ACLED crosswalk
])
def test_acled_conventions(store, place, disorder, interaction, targeting):
    [row] = acled_rows(store, place=place)
    assert (row["disorder_type"], row["interaction"], row["civilian_targeting"]) == (disorder, interaction, targeting)


def test_events_without_acled_type_are_tagged(store):
    [row] = acled_rows(store, type="CONSULT")
    assert (row["event_type"], row["sub_event_type"]) == ("Strategic developments", "Other")
    assert "polemos:no-acled-crosswalk" in row["tags"]


@pytest.mark.parametrize("figures, expected", [
    ([], 0),
    ([{"kind": "killed", "value": 7}, {"kind": "killed", "value": 5}], 5),
    ([{"kind": "injured", "value": 9}], 0),
    ([{"kind": "killed", "value": None, "low": 10}], 10),
    ([{"kind": "killed", "value": 40, "scope": "cumulative"}, {"kind": "killed", "value": 3}], 3),
    ([{"kind": "killed", "value": 12, "current": False}, {"kind": "killed", "value": 15}], 15),
])
def test_fatalities_are_the_most_conservative_incident_toll(figures, expected):
    assert fatalities(figures) == expected


def test_plover_jsonl(store):
    lines = run(store, "plover-jsonl").decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 5
    shelling = next(r for r in records if r["event_loc"] and r["event_loc"]["resolved_place"] == "Ain Zara")
    assert shelling["event"] == "ASSAULT" and shelling["quad_code"] == 4 and shelling["date"] == "2024-03-13"
    assert shelling["actor"][0] == {"code": "LBY", "sector": "MIL", "entity_text": "Libyan National Army",
                                    "identifier_id": None, "office": None}
    assert shelling["size"] == {"dead": 5}
    assert {c["publication"] for c in shelling["cite_info"]} == {"Wire", "Daily"}
    assert all(set(r) >= {"id", "date", "actor", "event"} for r in records)  # PLOVER's required fields


def test_geojson(store):
    data = json.loads(run(store, "geojson", country="LY"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 3
    sabha = next(f for f in data["features"] if f["properties"]["place"] == "Sabha")
    assert sabha["geometry"] == {"type": "Point", "coordinates": [14.43, 27.04]}  # GeoJSON is lon, lat


def test_geojson_of_nothing_is_valid(store):
    assert json.loads(run(store, "geojson", country="FR")) == {"type": "FeatureCollection", "features": []}


def test_parquet(store):
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(io.BytesIO(run(store, "parquet")))
    assert table.num_rows == 5
    rows = {r["place"]: r for r in table.to_pylist()}
    assert str(rows["Ain Zara"]["date_start"]) == "2024-03-13"
    assert rows["Ain Zara"]["outlets"] == ["Daily", "Wire"] and rows["Ain Zara"]["fatalities"] == 5
    assert rows["Gharyan"]["recipients"] == ["Government of National Accord"]


def test_an_unknown_format_is_a_clear_error():
    with pytest.raises(ExportFormatError, match="choose one of acled-csv"):
        get("xlsx")
    assert set(FORMATS) == {"acled-csv", "plover-jsonl", "geojson", "parquet"}


@pytest.mark.parametrize("fmt, check", [
    ("acled-csv", lambda p: len(list(csv.DictReader(p.open()))) == 3),
    ("geojson", lambda p: len(json.loads(p.read_text())["features"]) == 3),
    ("plover-jsonl", lambda p: len(p.read_text().splitlines()) == 3),
])
def test_export_command(tmp_path, capsys, fmt, check):
    from polemos.cli import main

    db = tmp_path / "c.db"
    fill(db)
    out = tmp_path / "out" / f"events.{fmt}"
    assert main(["export", "--db", str(db), "--country", "LY", "--format", fmt, "--output", str(out)]) == 0
    assert check(out)
    assert "exported 3 events" in capsys.readouterr().err


@pytest.mark.parametrize("place, admin1, admin2, location, precision", [
    ({"name": "Nad Ali", "country": "AF", "admin1": "Helmand", "admin2": "Nad Ali", "feature": "admin2",
      "lat": 31.6, "lon": 64.2, "precision": 2}, "Helmand", "Nad Ali", "Nad Ali", "2"),
    ({"name": "Djibo", "country": "BF", "admin1": "Sahel", "admin2": "Soum", "feature": "city",
      "lat": 14.1, "lon": -1.63, "precision": 1}, "Sahel", "Soum", "Djibo", "1"),
    ({"name": "Helmand", "country": "AF", "admin1": "Helmand", "feature": "admin1", "lat": 31.6, "lon": 64.4,
      "precision": 3}, "Helmand", "", "Helmand", "3"),
    (None, "", "", "", ""),
])
def test_acled_row_gives_province_and_district(place, admin1, admin2, location, precision):
    from polemos.export.acled_csv import row

    got = row({"id": "ev_1", "type": "ASSAULT", "place": place}, timestamp=0)
    assert (got["admin1"], got["admin2"], got["location"], str(got["geo_precision"])) == (
        admin1, admin2, location, precision)
