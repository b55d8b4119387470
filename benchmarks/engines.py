"""The engines against each other, on the same articles, each in a fresh process:

    bare    spaCy's own ``nlp.pipe(texts, n_process=N)`` with the same model: the ceiling
    local   ``Pipeline.analyse_many(n_process=N)``: Polemos' whole pipeline, the default engine
    ray     ``polemos.scale.analyse_with_ray(workers=N)`` on a local Ray started for the run

Each figure is docs/s over the whole run, worker start and model load included (what a user
waits for), and also after the first result (the steady rate a long run approaches). Peak RSS
is sampled every 0.2 s for every process the run started (workers, and Ray's own daemons).
Run: ``python benchmarks/engines.py [--articles 400] [--jobs 2]``; prints a table, asserts nothing.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def corpus(n: int, *, seed: int = 1) -> list[str]:
    """``n`` invented wire stories of about 450 words (four generated reports each)."""
    import re

    from warc_fixtures import article_html

    rng = random.Random(seed)
    texts = []
    for i in range(n):
        parts = [article_html(rng, i * 4 + k)[1] for k in range(4)]
        paragraphs = [p for page in parts for p in re.findall(r"<p>(.*?)</p>", page)]
        title = re.search(r"<title>(.*?)</title>", parts[0]).group(1)
        texts.append(title + "\n\n" + "\n\n".join(paragraphs))
    return texts


def run_mode(mode: str, texts: list[str], jobs: int) -> dict:
    """In this process: analyse ``texts`` the ``mode`` way; the times and the sampled memory."""
    sampler = _Sampler()
    sampler.start()
    began = time.perf_counter()
    first = None
    count = 0
    for _ in _results(mode, texts, jobs):
        count += 1
        first = first or time.perf_counter()
    ended = time.perf_counter()
    sampler.stop()
    steady = (count - 1) / (ended - first) if first and ended > first else None
    return {"mode": mode, "docs": count, "seconds": ended - began, "docs_per_s": count / (ended - began),
            "steady_docs_per_s": steady, "first_result_s": (first or ended) - began, **sampler.report()}


def _results(mode: str, texts: list[str], jobs: int):
    if mode == "bare":
        import spacy

        from polemos.settings import MODEL_PACKAGE

        nlp = spacy.load(MODEL_PACKAGE)
        yield from nlp.pipe(texts, n_process=jobs, batch_size=32)
        return
    from polemos.ingest.normalize import RawArticle
    from polemos.pipeline import Pipeline
    from polemos.settings import Settings

    settings = Settings(n_process=jobs)
    pipeline = Pipeline.create(settings)
    articles = [pipeline.article(RawArticle(origin=str(i), text=t, published="2024-05-02")) for i, t in enumerate(texts)]
    if mode == "local":
        yield from pipeline.analyse_many(articles, n_process=jobs)
    else:
        from polemos.scale import analyse_with_ray

        yield from analyse_with_ray(articles, settings=settings, workers=jobs)


class _Sampler:
    """Peak RSS of this process and of every process below it, by what each one is."""

    def __init__(self) -> None:
        self.peaks: dict[int, tuple[str, int]] = {}
        self._done = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._loop, daemon=True).start()

    def stop(self) -> None:
        self._sample()
        self._done.set()

    def _loop(self) -> None:
        while not self._done.wait(0.2):
            self._sample()

    def _sample(self) -> None:
        for pid in [os.getpid(), *_descendants(os.getpid())]:
            kb = _rss_kb(pid)
            if kb:  # the name again each time: an idle Ray worker becomes an actor later
                self.peaks[pid] = (_name(pid), max(self.peaks.get(pid, ("", 0))[1], kb))

    def report(self) -> dict:
        driver, own = self.peaks.get(os.getpid(), ("", 0))
        workers = sorted(kb for pid, (name, kb) in self.peaks.items()
                         if pid != os.getpid() and ("ray::_Worker" in name or name == driver))
        total = sum(kb for _, kb in self.peaks.values())
        return {"driver_peak_mb": own / 1024, "worker_peak_mb": [round(kb / 1024) for kb in workers],
                "all_processes_peak_sum_mb": total / 1024, "processes": len(self.peaks)}


def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")[:120]
    except OSError:
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--modes", default="bare,local,ray")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one mode in this process
    args = parser.parse_args()
    texts = corpus(args.articles)
    if args.one:
        print(json.dumps(run_mode(args.one, texts, args.jobs)))
        return
    words = sum(len(t.split()) for t in texts)
    print(f"{len(texts)} articles, {words:,} words, {args.jobs} processes, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    results = {}
    for mode in args.modes.split(","):
        out = subprocess.run([sys.executable, __file__, "--articles", str(args.articles), "--jobs", str(args.jobs),
                              "--one", mode], capture_output=True, text=True, env={**os.environ, "RAY_AUTH_MODE":
                                                                                      "disabled"})
        lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
        if out.returncode or not lines:
            print(f"{mode}: failed\n{out.stderr[-2000:]}")
            continue
        results[mode] = json.loads(lines[-1])
    _table(results)


def _table(results: dict) -> None:
    print("| engine | docs/s (whole run) | docs/s after the first result | first result | driver peak RSS "
          "| peak RSS per worker | all processes (sum of peaks) |")
    print("|---|---|---|---|---|---|---|")
    for mode, r in results.items():
        steady = f"{r['steady_docs_per_s']:.1f}" if r["steady_docs_per_s"] else "–"
        print(f"| {mode} | {r['docs_per_s']:.1f} | {steady} | {r['first_result_s']:.1f} s | {r['driver_peak_mb']:.0f} MB "
              f"| {', '.join(map(str, r['worker_peak_mb'])) or '–'} MB | {r['all_processes_peak_sum_mb']:.0f} MB "
              f"({r['processes']} processes) |")
    base = results.get("local")
    for mode in ("bare", "ray"):
        if base and mode in results:
            ratio = results[mode]["docs_per_s"] / base["docs_per_s"]
            steady = (results[mode]["steady_docs_per_s"] or 0) / (base["steady_docs_per_s"] or 1)
            print(f"{mode} / local: {ratio:.2f} whole run, {steady:.2f} after the first result")


if __name__ == "__main__":
    main()
