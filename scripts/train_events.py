"""Train the sentence quad-class head (``polemos.evaluate.coders.classifier``) and write its weights.

Training data: the ConfliBERT ``cameo_class`` **train** split only (``conflibert-data``, *train ok*
in ``shared/gold/README.md``; GPL-3.0 repository eventdata/ConfliBERT; mostly CAMEO-manual example
sentences). It shares no sentence with ``cameo_class`` test or ``plover-gsr`` (checked below), so
both evaluations stay held out. Reproducible: no randomness (full-batch gradient descent from zero
weights, folds by row index), the L2 strength picked by 5-fold cross-validation on train.

Usage: ``.venv/bin/python scripts/train_events.py [--gold-dir DIR] [--out PATH]``
"""
from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from polemos.evaluate.cameo_class import load as load_cameo
from polemos.evaluate.coders.classifier import CLASSES, QuadModel, doc_features, write_weights
from polemos.extract.events import find_events

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src" / "polemos" / "data" / "event_quad_weights.tsv"
MIN_COUNT = 2
L2_GRID = (0.3, 1.0, 3.0)
STEPS = 400
RATE = 1.0


def text_features(nlp, texts: list[str]) -> list[list[str]]:
    """Features of each text, parsed whole, with the rules' primary fact event."""
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        out.append(doc_features(doc, find_events(doc)))
    return out


@dataclass(frozen=True)
class Sparse:
    """Binary feature rows as column indices (every row holds column 0, the bias)."""

    cols: np.ndarray      # column of each non-zero
    rows: np.ndarray      # row of each non-zero
    starts: np.ndarray    # where each row's non-zeros begin
    n: int

    def times(self, w: np.ndarray) -> np.ndarray:
        return np.add.reduceat(w[self.cols], self.starts, axis=0)

    def transpose_times(self, g: np.ndarray, columns: int) -> np.ndarray:
        out = np.zeros((columns, g.shape[1]))
        np.add.at(out, self.cols, g[self.rows])
        return out


def fit(x: Sparse, y: np.ndarray, *, columns: int, l2: float, steps: int = STEPS) -> np.ndarray:
    """Multinomial logistic regression by full-batch gradient descent from zero (deterministic).

    Column 0 is the bias (not regularised); returns the (columns, classes) weight matrix.
    """
    k = len(CLASSES)
    w = np.zeros((columns, k))
    onehot = np.eye(k)[y]
    penalty = np.full((columns, 1), l2 / x.n)
    penalty[0] = 0.0
    for _ in range(steps):
        z = x.times(w)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        w -= RATE * (x.transpose_times(p - onehot, columns) / x.n + penalty * w)
    return w


def matrix(rows: list[list[str]], vocab: dict[str, int]) -> Sparse:
    cols, owners, starts = [], [], []
    for i, feats in enumerate(rows):
        starts.append(len(cols))
        found = sorted({0} | {vocab[f] for f in feats if f in vocab})
        cols += found
        owners += [i] * len(found)
    return Sparse(np.array(cols), np.array(owners), np.array(starts), len(rows))


def build_vocab(rows: list[list[str]]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for feats in rows:
        for name in set(feats):
            counts[name] = counts.get(name, 0) + 1
    names = sorted(n for n, c in counts.items() if c >= MIN_COUNT and n != "bias")
    return {"bias": 0} | {n: i for i, n in enumerate(names, 1)}


def cross_validate(rows: list[list[str]], y: np.ndarray, *, l2: float, folds: int = 5) -> float:
    right = 0
    for fold in range(folds):
        test = [i for i in range(len(rows)) if i % folds == fold]
        train = [i for i in range(len(rows)) if i % folds != fold]
        vocab = build_vocab([rows[i] for i in train])
        w = fit(matrix([rows[i] for i in train], vocab), y[train], columns=len(vocab), l2=l2)
        guess = matrix([rows[i] for i in test], vocab).times(w).argmax(axis=1)
        right += int((guess == y[test]).sum())
    return right / len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold-dir", type=Path, default=Path(os.environ.get("POLEMOS_GOLD", "/work/shared/gold")))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()
    from polemos.pipeline import Pipeline  # heavy import only when training

    train = load_cameo(args.gold_dir, split="train")
    held_out = {t.strip() for t, _ in load_cameo(args.gold_dir, split="test")}
    plover = args.gold_dir / "plover-gsr" / "gold_standard_records" / "PLOVER_GSR_CAMEO.txt"
    if plover.is_file():
        held_out |= {str(r.get("text", "")).strip() for r in json.loads(plover.read_text("utf-8"))}
    overlap = sum(t.strip() in held_out for t, _ in train)
    if overlap:
        raise SystemExit(f"{overlap} training sentences also stand in a held-out set; refusing to train")

    nlp = Pipeline.create().nlp
    later = [n for n in nlp.pipe_names if n.startswith("polemos_") and n != "polemos_paragraphs"]
    with nlp.select_pipes(disable=later):
        rows = text_features(nlp, [t for t, _ in train])
    y = np.array([label for _, label in train])
    scores = {l2: cross_validate(rows, y, l2=l2) for l2 in L2_GRID}
    best = max(L2_GRID, key=lambda l2: (scores[l2], -l2))
    print("5-fold accuracy on train by L2:", {k: round(v, 3) for k, v in scores.items()}, "chosen", best)
    vocab = build_vocab(rows)
    w = fit(matrix(rows, vocab), y, columns=len(vocab), l2=best)
    weights = {n: tuple(float(v) for v in w[j]) for n, j in vocab.items() if n != "bias"}
    header = [
        "Sentence quad-class weights for polemos.evaluate.coders.classifier (multinomial logistic regression).",
        "Produced by scripts/train_events.py from the ConfliBERT cameo_class TRAIN split only",
        f"({len(train)} sentences; eventdata/ConfliBERT, GPL-3.0; CAMEO-manual examples; train ok).",
        f"Held out: cameo_class test and plover-gsr (0 shared sentences). L2 {best}, {STEPS} steps,",
        f"features seen in >= {MIN_COUNT} training sentences. Columns: feature, weight for quad 0..4.",
    ]
    write_weights(str(args.out), QuadModel(bias=tuple(float(v) for v in w[0]), weights=weights), header=header)
    print(f"wrote {len(weights)} features to {args.out}")


if __name__ == "__main__":
    main()
