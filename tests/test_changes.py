"""``polemos changes --since``: what was added, changed and deleted, so a downstream copy stays in sync."""
from __future__ import annotations

import json
import time

import pytest
from test_merge import Report, document, shelling

from polemos.cli import main
from polemos.errors import PolemosError
from polemos.store import changes, corrections, queries
from polemos.store.queries import open_store


def replay(copy: dict[str, dict], entries: list[dict]) -> dict[str, dict]:
    """What a downstream copy does with the lines: upsert added and changed, remove deleted."""
    for entry in entries:
        if entry["op"] == "deleted":
            copy.pop(entry["id"], None)
        else:
            copy[entry["id"]] = entry["event"]
    return copy


def current(store) -> dict[str, dict]:
    return {e["id"]: e for e in queries.events(store, limit=None).items}


def test_a_copy_kept_from_the_changes_equals_the_store(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        start = changes.now()
        late = shelling("Daily", tail="Later.", published="2024-03-15")
        store.save(late)
        copy = replay({}, list(queries.changes_since(store, start)))
        assert copy == current(store)
        middle = changes.now()
        store.save(shelling("Wire", published="2024-03-13"))  # renames the cluster: delete + add
        store.save(document(Report("Protesters marched in Khartoum on Friday.", "Post", type="PROTEST",
                                   place=("Khartoum", 15.5, 32.53, "SD"), day="2024-03-15")))
        entries = list(queries.changes_since(store, middle))
        assert {e["op"] for e in entries} == {"added", "deleted"}
        [gone] = [e for e in entries if e["op"] == "deleted"]
        assert gone["id"] == "ce_" + late.events[0].id.removeprefix("ev_") and gone["merged_into"] in current(store)
        assert replay(copy, entries) == current(store)


def test_a_correction_is_a_change(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        store.save(shelling("Wire"))
        [event] = current(store).values()
        since = changes.now()
        corrections.add(store.engine, corrections.Correction(event["id"], "type", "COERCE", reviewer="ana"))
        [entry] = queries.changes_since(store, since)
        assert (entry["op"], entry["event"]["type"], entry["event"]["reviewed"]) == ("changed", "COERCE", True)


def test_nothing_changed_is_no_entry(tmp_path):
    with open_store(tmp_path / "c.db") as store:
        doc = shelling("Wire")
        store.save(doc)
        since = changes.now()
        time.sleep(0.01)
        assert store.save(doc) == "unchanged"
        assert list(queries.changes_since(store, since)) == []


def test_the_command_writes_jsonl_and_says_where_to_go_on(tmp_path, capsys):
    db = tmp_path / "c.db"
    with open_store(db) as store:
        store.save(shelling("Wire"))
    assert main(["changes", "--db", str(db), "--since", "2000-01-01"]) == 0
    out, err = capsys.readouterr()
    [line] = [json.loads(x) for x in out.splitlines()]
    assert line["op"] == "added" and line["event"]["sources"] == 1
    assert f"next --since {line['at']}" in err


@pytest.mark.parametrize("value, expected", [
    ("2024-05-02", "2024-05-02T00:00:00.000000+00:00"),
    ("2024-05-02T10:00:00Z", "2024-05-02T10:00:00.000000+00:00"),
    ("2024-05-02T12:00:00+02:00", "2024-05-02T10:00:00.000000+00:00"),
])
def test_since_accepts_dates_and_times(value, expected):
    assert changes.parse_since(value) == expected


def test_a_bad_since_is_one_clear_error():
    with pytest.raises(PolemosError, match="not a date or time"):
        changes.parse_since("yesterday")
