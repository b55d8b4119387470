"""The command line as contract.md specifies it: stdout holds documents only, stderr one line
per rejected input, exit status says whether anything was rejected, the store is idempotent."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polemos.cli import main
from polemos.schema import validate_document

ARTICLE = ("Clashes near the airport\n\nFighting between the army and rebels near the airport killed at least "
           "12 people on Monday, a military spokesman said. The rebels said they had captured two villages.\n")


def run(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polemos", *args], capture_output=True, text=True, input=stdin,
                          env={**os.environ, **(env or {})}, timeout=300)


def test_extract_running_example_validates_with_consistent_spans(running_example, tmp_path):
    path = tmp_path / "haftar-macron.txt"
    path.write_text(running_example, "utf-8")
    result = run("extract", str(path), "--published", "2019-05-24")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert validate_document(document) == []
    assert document["article"]["published"] == "2019-05-24"
    assert document["article"]["title"] == "Gen. Haftar tells France’s Macron no ceasefire for now"
    assert document["article"]["text"] == running_example


def test_stdin_and_jsonl_formats(tmp_path):
    result = run("extract", "-", "--format", "jsonl", "--published", "2024-01-08", "--no-text", stdin=ARTICLE)
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    document = json.loads(line)
    assert "text" not in document["article"] and document["article"]["published"] == "2024-01-08"


def test_a_batch_with_bad_inputs_processes_the_rest_and_says_what_was_rejected(tmp_path):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE, "utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (folder / "latin1.txt").write_bytes("Déclaration: les combats ont repris à Tripoli.".encode("latin-1"))
    (folder / "french.txt").write_text("Les combats ont repris lundi dans la capitale libyenne, selon des "
                                       "responsables locaux qui ont demandé l'anonymat pour parler.", "utf-8")
    (folder / "huge.txt").write_text("Big\n\n" + ("Fighting continued in the city. " * 40000), "utf-8")
    lines = [json.dumps({"text": ARTICLE.replace("12", "13"), "id": "ok-1"}), "{broken", json.dumps({"title": "x"})]
    (folder / "items.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    result = run("extract", str(folder), "--format", "jsonl", "--no-text", "--published", "2024-01-08")
    assert result.returncode == 1
    documents = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(documents) == 2  # good.txt and the first JSONL line
    rejected = [line for line in result.stderr.splitlines() if line.startswith("polemos: rejected")]
    named = " ".join(rejected)
    for name in ("empty.txt", "binary.txt", "latin1.txt", "french.txt", "huge.txt", "items.jsonl:2", "items.jsonl:3"):
        assert name in named
    assert len(rejected) == 7
    assert "Traceback" not in result.stderr


def test_ingest_twice_changes_nothing_and_events_lists_them(tmp_path):
    db = tmp_path / "store.db"
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    first = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--published", "2024-01-08", "--quiet")
    assert first.returncode == 0, first.stderr
    counts = _counts(db)
    second = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--published", "2024-01-08", "--quiet")
    assert second.returncode == 0 and "1 unchanged" in second.stderr
    assert _counts(db) == counts
    listed = run("events", "--db", str(db), "--format", "jsonl")
    assert listed.returncode == 0
    for line in listed.stdout.splitlines():
        event = json.loads(line)
        assert event["sources"] >= 1 and event["mentions"]


@pytest.mark.parametrize("db, words", [
    ("mysql://u@h/d", "unknown database scheme 'mysql'"),
    ("/proc/nope/store.db", "choose a writable location"),
])
def test_bad_store_gets_one_line_and_status_2(tmp_path, db, words):
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    result = run("ingest", str(tmp_path / "a.txt"), "--db", db)
    assert result.returncode == 2
    assert words in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_rejected_inputs_are_recorded_in_the_failures_table(tmp_path):
    db = tmp_path / "store.db"
    (tmp_path / "bad.jsonl").write_text('{"text": 5}\n', "utf-8")
    assert run("ingest", str(tmp_path / "bad.jsonl"), "--db", str(db), "--quiet").returncode == 1
    listed = run("failures", "--db", str(db))
    assert "bad.jsonl:1" in listed.stdout and "no 'text'" in listed.stdout


@pytest.mark.parametrize("sig, jobs", [(signal.SIGINT, "1"), (signal.SIGTERM, "2")])
def test_interrupted_ingest_leaves_a_consistent_store_and_a_rerun_finishes(tmp_path, sig, jobs):
    corpus = tmp_path / "corpus.jsonl"
    with corpus.open("w") as out:
        for i in range(40):
            out.write(json.dumps({"text": ARTICLE.replace("12", str(100 + i)), "source": f"outlet-{i % 3}"}) + "\n")
    db = tmp_path / "store.db"
    args = [sys.executable, "-m", "polemos", "ingest", str(corpus), "--db", str(db), "--published", "2024-01-08",
            "--jobs", jobs]
    # a session of its own, so the signal reaches the whole group, as Ctrl-C or `kill 0` would
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and _counts(db).get("articles", 0) < 3:
        time.sleep(0.2)
    os.killpg(proc.pid, sig)
    _out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err
    assert _consistent(db)
    rerun = run("ingest", str(corpus), "--db", str(db), "--published", "2024-01-08", "--quiet")
    assert rerun.returncode == 0, rerun.stderr
    assert _counts(db)["articles"] == 40 and _consistent(db)


def test_main_maps_errors_to_one_line(capsys):
    assert main(["evaluate", "no-such-evaluation"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("polemos: error: no evaluation named") and len(err.strip().splitlines()) == 1


def _counts(db: Path) -> dict[str, int]:
    if not db.exists():
        return {}
    try:
        with sqlite3.connect(db) as conn:
            return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("articles", "events", "figures", "quotes", "canonical_events")}
    except sqlite3.OperationalError:
        return {}


def _consistent(db: Path) -> bool:
    """Every event, figure and quote belongs to a stored article; every event to a canonical event."""
    with sqlite3.connect(db) as conn:
        orphans = sum(conn.execute(f"SELECT count(*) FROM {t} WHERE article_id NOT IN (SELECT id FROM articles)")
                      .fetchone()[0] for t in ("events", "figures", "quotes", "actors", "places"))
        loose = conn.execute("SELECT count(*) FROM events WHERE canonical_id NOT IN "
                             "(SELECT id FROM canonical_events)").fetchone()[0]
    return orphans == 0 and loose == 0


def test_resume_finishes_the_last_run_and_then_has_nothing_to_do(tmp_path):
    db = tmp_path / "r.db"
    (tmp_path / "a.txt").write_text(ARTICLE, "utf-8")
    first = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--published", "2024-01-08", "--resume")
    assert first.returncode == 0 and "starting from the beginning" in first.stderr, first.stderr
    again = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--published", "2024-01-08", "--resume")
    assert again.returncode == 0 and "is finished; nothing to do: 1 read, 1 stored" in again.stderr, again.stderr
    other = run("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--published", "2024-01-09", "--resume", "-q")
    assert "1 read, 1 unchanged" in other.stderr  # other options: another run, which reads the input again
    listed = run("runs", "--db", str(db))
    assert listed.returncode == 0 and listed.stdout.count("finished") == 2 and "1 read: 1 stored" in listed.stdout


def test_progress_says_articles_per_second_and_an_eta():
    from polemos.cli import ProgressLine

    line = ProgressLine(enabled=True)
    line.start = (100.0, 0, 0.0)
    assert line.text(500, 0.25, 150.0) == "500 read · 10.0 articles/s · 25% · ETA 0:02:30"
    assert line.text(10, None, 101.0) == "10 read · 10.0 articles/s"  # stdin: no size, no ETA
