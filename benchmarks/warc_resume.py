"""A CC-NEWS-like crawl archive ingested end to end, then the same run killed with SIGKILL at
three random moments and resumed, compared with the uninterrupted run.

The archive is generated (``tests/warc_fixtures.py``: invented pages, with the redirects, 404s,
images, script-only pages, a French page, syndicated copies and revisit records of a news crawl);
nothing is downloaded. Printed: the counts of each run (read = stored + duplicate + skipped +
rejected), the time of the uninterrupted run, where each kill fell, and whether the resumed
store equals the uninterrupted one (every table, timestamps and row ids left out).
Run: ``python benchmarks/warc_resume.py [--pages 3000] [--jobs 2] [--seed 1]``; asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from warc_fixtures import canonical_store, final_run, write_ccnews_warc


def ingest(warc: Path, db: Path, jobs: int, *, resume: bool) -> subprocess.Popen:
    command = [sys.executable, "-m", "polemos", "ingest", str(warc), "--db", str(db), "--jobs", str(jobs),
               "--published", "2024-05-02", "--quiet"] + (["--resume"] if resume else [])
    # merging no longer depends on the hash seed or arrival order (tests/test_merge_determinism.py);
    # one seed is kept anyway so that runs of this benchmark compare like with like
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "PYTHONHASHSEED": "0"})


def stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="polemos-warc-"))
    warc = folder / "ccnews.warc.gz"
    kinds = write_ccnews_warc(warc, args.pages, seed=args.seed)
    print(f"archive: {warc.stat().st_size / 1e6:.1f} MB, {sum(kinds.values())} page records: "
          + ", ".join(f"{n} {k}" for k, n in kinds.most_common()))

    reference = folder / "reference.db"
    began = time.perf_counter()
    proc = ingest(warc, reference, args.jobs, resume=False)
    err = proc.communicate()[1]
    seconds = time.perf_counter() - began
    print(f"uninterrupted: {seconds:.0f} s, {kinds['article'] / seconds:.1f} articles stored/s; "
          f"{err.strip().splitlines()[-1]}")
    expected = final_run(reference)
    print(f"  journal: {expected['items']} read = " + " + ".join(f"{n} {k}" for k, n in expected["counts"].items())
          + f" = {sum(expected['counts'].values())}")

    killed = folder / "killed.db"
    rng = random.Random(args.seed)
    targets = sorted(rng.sample(range(1, kinds["article"]), 3))
    for target in targets:
        proc = ingest(warc, killed, args.jobs, resume=True)
        while proc.poll() is None and stored(killed) < target:
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        print(f"  SIGKILL after {stored(killed)} articles stored (aimed at {target}); journal at "
              f"{final_run(killed)['items']} items")
    proc = ingest(warc, killed, args.jobs, resume=True)
    err = proc.communicate()[1]
    print(f"resumed to the end: {err.strip().splitlines()[-1]}")
    same_store = canonical_store(killed) == canonical_store(reference)
    same_run = final_run(killed) == expected
    print(f"resumed store == uninterrupted store: {same_store}; same counts in the journal: {same_run}")
    with sqlite3.connect(killed) as conn:
        dupes = conn.execute("SELECT count(*) - count(DISTINCT input) FROM failures").fetchone()[0]
    print(f"failures recorded twice: {dupes}")


if __name__ == "__main__":
    main()
