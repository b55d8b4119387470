"""Time per length for long articles: Polemos beside bare spaCy ``nlp.pipe`` in the same run.

A long article is built by repeating several short invented conflict paragraphs until it
reaches 10k, 50k and 100k characters (200k with ``--large``). Each goes through
``Pipeline.create().extract_text`` and through bare ``nlp.pipe`` with the same model. Cost
must grow linearly with length: seconds per 10k characters should stay flat down the column,
and the ratio polemos/bare with it (these machines are noisy, so the ratio is what matters).

    python benchmarks/long_articles.py            # 10k, 50k, 100k characters
    python benchmarks/long_articles.py --large    # and 200k
    python benchmarks/long_articles.py --sizes 300000   # any lengths
    python benchmarks/long_articles.py --profile 50000   # cProfile, top 25 by cumulative time
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import time
from collections.abc import Callable

import spacy
from spacy.language import Language

from polemos.pipeline import Pipeline

TITLE = "Fighting spreads across the north as talks stall"
PARAGRAPHS = (
    ("GAO, Mali, March 3 (Polemos Wire) - Gunmen attacked a military convoy near Gao on Monday, "
     "killing 12 soldiers and wounding 7, the army said in a statement."),
    ("About 1,200 families fled their homes in Ansongo after the attack, according to the UN "
     "refugee agency, which said more than 4,000 people were now sheltering in schools."),
    ("\"We will not negotiate while our villages burn,\" said Colonel Amadou Keita, a spokesman "
     "for the armed forces, speaking to reporters in Bamako on Tuesday."),
    ("A Russian missile hit an apartment block in Kharkiv on Oct. 8, killing three people and "
     "injuring 21, regional governor Oleh Syniehubov said."),
    ("Ukraine's foreign ministry accused Russia of targeting civilians. Moscow denied the accusation "
     "and said its forces had struck only military targets."),
    ("The Rapid Support Forces shelled markets in Omdurman, killing at least 30 civilians, local "
     "medics said. The army and the RSF agreed to resume talks in Jeddah next week."),
    ("Since April last year, the conflict has killed more than 14,000 people and displaced "
     "8.2 million, the United Nations said on Wednesday."),
    ("Police arrested 45 protesters in Khartoum on Thursday after demonstrators demanded an end to "
     "the war, witnesses told Reuters."),
)
SIZES = (10_000, 50_000, 100_000)


def long_article(chars: int) -> str:
    """Title, then the paragraphs in turn (blank lines between) until ``chars`` is reached."""
    parts = [TITLE]
    length = len(TITLE)
    while length < chars:
        paragraph = PARAGRAPHS[(len(parts) - 1) % len(PARAGRAPHS)]
        parts.append(paragraph)
        length += len(paragraph) + 2
    return "\n\n".join(parts)


def seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def timed(pipeline: Pipeline, bare: Language, text: str) -> tuple[float, float]:
    """Seconds for the whole Polemos pipeline and for bare spaCy on the same text."""
    bare.max_length = pipeline.nlp.max_length = max(bare.max_length, len(text) + 1)
    ours = seconds(lambda: pipeline.extract_text(text, published="2024-05-01"))
    return ours, seconds(lambda: list(bare.pipe([text])))


def profile(pipeline: Pipeline, chars: int) -> None:
    text = long_article(chars)
    profiler = cProfile.Profile()
    profiler.runcall(pipeline.extract_text, text, published="2024-05-01")
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="add a 200k-character article")
    parser.add_argument("--sizes", type=int, nargs="+", metavar="CHARS", help="lengths to run instead of the defaults")
    parser.add_argument("--profile", type=int, metavar="CHARS", help="profile one article of CHARS characters")
    args = parser.parse_args()
    pipeline = Pipeline.create()
    if args.profile:
        profile(pipeline, args.profile)
        return
    # the baseline is the same pinned model, loaded fresh: no Polemos components at all
    bare = spacy.load(pipeline.settings.model)
    warm = long_article(2_000)  # first calls load the gazetteer, KB and language model: not what is measured
    pipeline.extract_text(warm, published="2024-05-01")
    list(bare.pipe([warm]))
    sizes = tuple(args.sizes or SIZES) + ((200_000,) if args.large else ())
    print(f"{'characters':>10} {'polemos s':>10} {'s/10k':>7} {'bare s':>8} {'s/10k':>7} {'ratio':>6} {'peak MB':>8}")
    for chars in sizes:
        text = long_article(chars)
        ours, base = timed(pipeline, bare, text)
        per = 10_000 / len(text)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the process's high-water mark so far
        print(f"{len(text):>10,} {ours:10.1f} {ours * per:7.2f} {base:8.1f} {base * per:7.2f} {ours / base:6.2f}"
              f" {peak:8.0f}")


if __name__ == "__main__":
    main()
