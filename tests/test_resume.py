"""Runs that resume exactly: a run stopped at any commit, then resumed, ends with the store, the
failures and the counts of a run that was never stopped.

The first tests stop a run at every write it makes, once just before the write commits and once
just after, with a stand-in engine (no spaCy), so that each of the run's transactions is a
place where it was killed. The last one kills a real ``polemos ingest`` with SIGKILL.
"""
from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from polemos import batch
from polemos.batch import StoreSink, run_batch
from polemos.errors import ExtractionError
from polemos.model import ArticleDocument, ArticleMeta, content_hash
from polemos.settings import Settings
from polemos.store import Store
from polemos.store.journal import Ledger, save_receipt

sys.path.insert(0, str(Path(__file__).parent))
from warc_fixtures import canonical_store, final_run, write_ccnews_warc

STORY = "Gunmen killed {n} people in Kano on Monday, police said, and burned {n} houses in the town."


class FakePipeline:
    """What ``run_batch`` needs of a pipeline: settings for normalising, and a version."""

    settings = Settings(check_language=False)
    version = "fake 1"


def local_engine(articles: Iterable[ArticleMeta]) -> Iterator[ArticleDocument | ExtractionError]:
    """One result per article, in input order, a batch of 3 at a time: like the real engines it
    reads ahead of what it has returned, so rejections read meanwhile must wait their turn."""
    iterator = iter(articles)
    while batch_ := list(itertools.islice(iterator, 3)):
        for article in batch_:
            if "FAIL" in article.text:
                yield ExtractionError(article.metadata["origin"], "polemos_events", "ValueError: boom")
            else:
                yield ArticleDocument(article)


def writing_engine(db: str, run_id: str | None):
    """Like the Ray engine with a store: the 'worker' writes, the run gets receipts."""
    def engine(articles: Iterable[ArticleMeta]):
        with Store.open(db) as store:
            for result in local_engine(articles):
                yield result if isinstance(result, ExtractionError) else save_receipt(store, result, run_id=run_id)
    return engine


def corpus(folder: Path) -> list[str]:
    lines = [{"text": STORY.format(n=n)} for n in range(3, 9)]
    lines[2:2] = [{"text": STORY.format(n=3)}, {"text": "FAIL " + STORY.format(n=1)}]  # a duplicate, a failure
    lines.append({"text": "FAIL " + STORY.format(n=1)})  # the failing article again: a duplicate, not a failure
    jsonl = folder / "a.jsonl"
    jsonl.write_text("\n".join(json.dumps(line) for line in lines) + "\n{broken\n" + json.dumps({"text": "x"}) + "\n")
    write_ccnews_warc(folder / "b.warc.gz", 5, seed=6)  # 3 articles, a syndicated copy, a revisit
    return [str(jsonl), str(folder / "b.warc.gz")]


class Stop(BaseException):
    """Stands for SIGKILL: raised out of the run at one transaction (a BaseException, so that
    nothing on the way can catch it and go on, as nothing survives a SIGKILL)."""


def ingest(db: Path, paths: list[str], *, resume: bool, writer: bool, stop_at: int | None = None,
           after: bool = False) -> int:
    """One ``polemos ingest``-like run; stops at its ``stop_at``-th transaction, by any store
    (the workers' too), just before it commits or just after; returns the transactions made."""
    writes = 0
    write = Store._write

    def stopping(self, work, *, what):
        nonlocal writes
        writes += 1
        if writes != stop_at:
            return write(self, work, what=what)
        if not after:
            def dies(conn):
                work(conn)
                raise Stop  # killed with the transaction's work done but not committed
            return write(self, dies, what=what)
        write(self, work, what=what)
        raise Stop  # killed just after it committed

    Store._write = stopping
    try:
        with Store.open(db) as store:
            ledger = Ledger.begin(store, inputs=paths, options={"pipeline": FakePipeline.version}, resume=resume)
            if ledger.state.finished:  # as `polemos ingest --resume` does
                return writes
            engine = writing_engine(str(db), ledger.state.id) if writer else local_engine
            run_batch(paths, pipeline=FakePipeline(), engine=engine, sink=StoreSink(store, ledger=ledger))
            ledger.finish()
    finally:
        Store._write = write
    return writes


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    return corpus(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def empty_store(tmp_path_factory) -> Path:
    """A migrated empty store, copied for each run: migrating a new file each time costs more
    than the run itself."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    Store.open(path).close()
    return path


@pytest.fixture(autouse=True)
def small_lazy_batches(monkeypatch):
    monkeypatch.setattr(batch, "LAZY_ITEMS", 3)  # so that runs of skipped records are committed mid-way too


@pytest.mark.parametrize("writer", [False, True], ids=["driver-writes", "workers-write"])
def test_a_run_stopped_at_any_write_and_resumed_ends_as_an_uninterrupted_run(tmp_path, inputs, empty_store, writer):
    reference = shutil.copy(empty_store, tmp_path / "reference.db")
    writes = ingest(reference, inputs, resume=False, writer=writer)
    expected, expected_run = canonical_store(reference), final_run(reference)
    counts = expected_run["counts"]
    assert expected_run["items"] == sum(counts.values()) == 8 + 2 + 5 + 1  # every line and page record
    assert counts["duplicate"] >= 2 and counts["rejected"] >= 3 and counts["skipped"] >= 1
    assert_every_stop_resumes(tmp_path, empty_store, inputs, writer=writer, writes=writes,
                              expected=(expected, expected_run))


def assert_every_stop_resumes(tmp_path: Path, empty_store: Path, inputs: list[str], *, writer: bool, writes: int,
                              expected: tuple) -> None:
    """Stopped just before and just after each write commits, then resumed: the store and the
    run's record are those of the uninterrupted run."""
    for stop_at in range(1, writes + 1):
        for after in (False, True):
            db = shutil.copy(empty_store, tmp_path / f"stopped-{stop_at}-{after}.db")
            with pytest.raises(Stop):
                ingest(db, inputs, resume=True, writer=writer, stop_at=stop_at, after=after)
            ingest(db, inputs, resume=True, writer=writer)
            where = f"stopped at write {stop_at} of {writes}, {'after' if after else 'before'} it committed"
            assert (canonical_store(db), final_run(db)) == expected, where


def caller_id_corpus(folder: Path) -> list[str]:
    """Caller ids (issue 13): the same text under another id, a bad id, an id given new text, a
    failing article twice under two ids, a line with no id, the first line again."""
    lines = [{"id": "k-1", "text": STORY.format(n=3)}, {"id": "k-2", "text": STORY.format(n=4)},
             {"id": "k-1-again", "text": STORY.format(n=3)}, {"id": " ", "text": STORY.format(n=9)},
             {"id": "k-2", "text": STORY.format(n=5)}, {"id": "k-3", "text": "FAIL " + STORY.format(n=1)},
             {"id": "k-3b", "text": "FAIL " + STORY.format(n=1)}, {"text": STORY.format(n=6)},
             {"id": "k-1", "text": STORY.format(n=3)}]
    path = folder / "ids.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    return [str(path)]


@pytest.mark.parametrize("writer", [False, True], ids=["driver-writes", "workers-write"])
def test_a_run_of_caller_ids_stopped_anywhere_and_resumed_ends_as_an_uninterrupted_run(tmp_path, empty_store, writer):
    """The journal remembers articles by content hash, as the run's own duplicate check does:
    an id given new text is an update, not a duplicate, after a resume too."""
    inputs = caller_id_corpus(tmp_path)
    reference = shutil.copy(empty_store, tmp_path / "reference.db")
    writes = ingest(reference, inputs, resume=False, writer=writer)
    expected, expected_run = canonical_store(reference), final_run(reference)
    assert expected_run["counts"] == {"stored": 3, "updated": 1, "duplicate": 3, "rejected": 2}
    with sqlite3.connect(reference) as conn:
        stored = dict(conn.execute("SELECT id, text FROM articles").fetchall())
    assert set(stored) == {"k-1", "k-2", content_hash(STORY.format(n=6))}  # no id: the hash, as before
    assert stored["k-2"] == STORY.format(n=5)
    assert_every_stop_resumes(tmp_path, empty_store, inputs, writer=writer, writes=writes,
                              expected=(expected, expected_run))


def test_a_finished_run_resumed_does_nothing(tmp_path, inputs):
    db = tmp_path / "s.db"
    ingest(db, inputs, resume=False, writer=False)
    with sqlite3.connect(db) as conn:  # what the run remembered of each article was only for resuming
        assert conn.execute("SELECT count(*) FROM run_articles").fetchone()[0] == 0
    before = canonical_store(db)
    assert ingest(db, inputs, resume=True, writer=False) == 0  # not one transaction
    assert canonical_store(db) == before


def test_resuming_inputs_that_changed_is_refused(tmp_path, inputs):
    from polemos.errors import PolemosError

    db = tmp_path / "c.db"
    with pytest.raises(Stop):
        ingest(db, inputs, resume=False, writer=False, stop_at=3)
    moved = tmp_path / "moved.jsonl"
    moved.write_text(Path(inputs[0]).read_text())
    with Store.open(db) as store:  # the same run key, but its first input now has another name
        ledger = Ledger.begin(store, inputs=inputs, options={"pipeline": FakePipeline.version}, resume=True)
        with pytest.raises(PolemosError, match="inputs changed since the run began"):
            run_batch([str(moved), inputs[1]], pipeline=FakePipeline(), engine=local_engine,
                      sink=StoreSink(store, ledger=ledger))


def test_sigkill_of_a_real_ingest_then_resume_gives_the_uninterrupted_store(tmp_path):
    """One real kill -9 at a random moment (benchmarks/warc_resume.py does three, on thousands of pages)."""
    warc = tmp_path / "cc.warc.gz"
    write_ccnews_warc(warc, 40, seed=5)
    command = [sys.executable, "-m", "polemos", "ingest", str(warc), "--published", "2024-05-02", "--quiet"]
    # one hash seed for every process: canonical merging still depends on set order (store/, not
    # the journal), so two uninterrupted runs with different seeds can differ (noted in issue 12)
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    reference = tmp_path / "reference.db"
    subprocess.run([*command, "--db", str(reference)], capture_output=True, timeout=300, env=env)
    db = tmp_path / "killed.db"
    proc = subprocess.Popen([*command, "--db", str(db), "--resume"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True, env=env)
    target = random.Random().randint(2, 25)  # articles stored before the kill
    deadline = time.time() + 240
    while time.time() < deadline and proc.poll() is None and _stored(db) < target:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    resumed = subprocess.run([*command, "--db", str(db), "--resume"], capture_output=True, text=True, timeout=300,
                             env=env)
    assert resumed.returncode in (0, 1) and "Traceback" not in resumed.stderr, resumed.stderr
    assert canonical_store(db) == canonical_store(reference), f"killed after {target} articles"
    assert final_run(db) == final_run(reference)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0
