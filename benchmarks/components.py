"""Where the pipeline's time goes: seconds per step over a corpus, and each step's share.

    python benchmarks/components.py [--limit N] [--corpus FILE.jsonl]

One process, the whole pipeline, steps timed one after another over the same batches (what
``Pipeline.analyse_many`` does). The default corpus is the news articles of GeoWebNews, LGL and
GeoVirus read from ../shared/gold at run time. Issue 4's goal: places and dates together under
15 % of the pipeline's time.
"""
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from throughput import gritta_articles

from polemos.ingest.normalize import RawArticle
from polemos.pipeline import Pipeline, _chunks, run_step


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--limit", type=int, default=400)
    args = parser.parse_args()
    rows = ([json.loads(line) for line in args.corpus.open()] if args.corpus else gritta_articles())[: args.limit]
    pipeline = Pipeline.create()
    articles = [pipeline.article(RawArticle(origin=str(i), text=r["text"], title=r.get("title"),
                                            published=r.get("published"))) for i, r in enumerate(rows)]
    spent: dict[str, float] = defaultdict(float)
    for batch in _chunks(articles, pipeline.settings.batch_size):
        docs = pipeline.make_docs(batch)
        for name, proc in pipeline.nlp.pipeline:
            start = time.perf_counter()
            docs = run_step(proc, docs)
            spent[name] += time.perf_counter() - start
    total = sum(spent.values())
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words:,} words, {total:.1f} s in the pipeline")
    print(f"{'step':<22} {'seconds':>8} {'share':>7}")
    for name, seconds in spent.items():
        print(f"{name:<22} {seconds:8.2f} {seconds / total:7.1%}")
    polemos = sum(s for n, s in spent.items() if n.startswith("polemos_") and n != "polemos_paragraphs")
    places_dates = spent["polemos_places"] + spent["polemos_dates"]
    print(f"Polemos extraction steps: {polemos / total:.1%} of pipeline time")
    print(f"places + dates: {places_dates / total:.1%} of pipeline time (goal < 15%)")


if __name__ == "__main__":
    main()
