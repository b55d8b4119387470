"""Batch runs: a failure is one record from the step to the store, in any process layout."""
from __future__ import annotations

import json
import math
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from polemos.batch import JsonSink
from polemos.errors import (
    DataFileError,
    EmptyInputError,
    ExtractionError,
    InputError,
    PipelineError,
    StoreError,
    TooLargeError,
)
from polemos.model import ArticleDocument, ArticleMeta

# A URL that urllib cannot parse makes the place step fail for that article only.
BAD_URL_LINE = {"text": "Gunmen killed 11 people in Kano on Monday, police said.", "url": "http://[x"}
GOOD_LINE = {"text": "Gunmen killed 5 people in Kano on Monday, police said."}


def polemos(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polemos", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


@pytest.mark.parametrize("error", [
    ExtractionError("a.jsonl:3", "polemos_places", "ValueError: boom", traceback="Traceback ..."),
    InputError("a.txt", "is empty"),
    EmptyInputError("a.txt", "is empty"),
    TooLargeError("b.txt", "too long"),
    DataFileError("kb.csv", 4, "expected 3 columns"),
    StoreError("cannot write"),
    PipelineError("misconfigured"),
])
def test_every_error_survives_a_process_boundary(error):
    back = pickle.loads(pickle.dumps(error))
    assert type(back) is type(error) and str(back) == str(error) and vars(back) == vars(error)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_failing_article_is_rejected_and_recorded_with_any_number_of_processes(tmp_path, jobs):
    corpus = tmp_path / "p.jsonl"
    corpus.write_text("\n".join(json.dumps(line) for line in (BAD_URL_LINE, GOOD_LINE)) + "\n", "utf-8")
    db = tmp_path / "p.db"
    result = polemos("ingest", "--db", str(db), "--jobs", jobs, str(corpus), "--quiet")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "2 read, 1 stored, 1 rejected" in result.stderr
    listed = polemos("failures", "--db", str(db)).stdout
    assert "p.jsonl:1" in listed and "[polemos_places]" in listed


def test_verbose_logs_the_traceback_of_a_failed_step(tmp_path):
    corpus = tmp_path / "p.jsonl"
    corpus.write_text(json.dumps(BAD_URL_LINE) + "\n", "utf-8")
    quiet = polemos("extract", str(corpus), "--quiet")
    verbose = polemos("extract", str(corpus), "--verbose")
    assert quiet.returncode == verbose.returncode == 1
    assert "p.jsonl:1: ValueError" in quiet.stderr and "Traceback" not in quiet.stderr
    assert "Traceback" in verbose.stderr and "polemos_places" in verbose.stderr


def test_a_read_rejection_counts_as_read(tmp_path):
    (tmp_path / "empty.txt").write_text("", "utf-8")
    result = polemos("extract", str(tmp_path / "empty.txt"), "--quiet")
    assert result.returncode == 1 and "1 read, 1 rejected" in result.stderr


@pytest.mark.parametrize("command", [["events"], ["failures"], ["export", "--format", "geojson"],
                                     ["report", "--country", "LY", "--from", "2024-01-01", "--to", "2024-01-31"]])
def test_reading_commands_do_not_create_a_store_at_a_mistyped_path(tmp_path, command):
    result = polemos(*command, "--db", str(tmp_path / "mistyped.db"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "no store at" in result.stderr
    assert not (tmp_path / "mistyped.db").exists()


def test_extract_writes_json_even_when_metadata_holds_nan():
    import io

    out = io.StringIO()
    document = ArticleDocument(ArticleMeta(id="x", text="t", metadata={"score": math.nan, "n": [math.inf]}))
    JsonSink(out).write(document)
    data = json.loads(out.getvalue(), parse_constant=lambda c: pytest.fail(f"{c} is not JSON"))
    assert data["article"]["metadata"] == {"score": None, "n": [None]}


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_kill_9_of_a_pool_run_leaves_no_workers_behind(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"text": f"Gunmen killed {i} people in Kano on Monday, police said."}) + "\n"
                              for i in range(3, 400)), "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "polemos", "ingest", str(corpus), "--db", str(tmp_path / "k.db"),
                             "--jobs", "2", "--quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    workers: set[int] = set()
    while time.time() < deadline and len(workers) < 2 and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.2)
    assert len(workers) >= 2, "the run did not start its workers"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 30
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"workers {left} outlived their parent"


@pytest.mark.parametrize("name, expected", [
    ("pyarrow", "format 'parquet' needs 'pyarrow': run `pip install 'polemos[export]'`"),
])
def test_a_missing_optional_dependency_gets_advice(name, expected):
    from polemos.errors import missing_extra

    assert str(missing_extra(ModuleNotFoundError(f"No module named {name!r}", name=name),
                             needs="format 'parquet'", extra="export")) == expected


def test_an_import_error_inside_polemos_is_never_turned_into_advice():
    from polemos.errors import missing_extra

    broken = ImportError("cannot import name 'x' from 'polemos.store'", name="polemos.store")
    with pytest.raises(ImportError):
        missing_extra(broken, needs="format 'parquet'", extra="export")


def test_a_nul_character_anywhere_rejects_that_article_on_every_store(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Gunmen killed 5 people in Kano on Monday, police said. " * 200 + "\x00 end.", "utf-8")
    (folder / "b.txt").write_text("Gunmen killed 7 people in Kano on Tuesday, police said.", "utf-8")
    result = polemos("ingest", str(folder), "--db", str(tmp_path / "n.db"), "--quiet")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "a.txt: has a NUL character at offset " in result.stderr
    assert "2 read, 1 stored, 1 rejected" in result.stderr
