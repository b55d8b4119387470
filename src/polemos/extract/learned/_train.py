"""Training the heads, reproducibly: the same corpus always gives the same weight file.

Multinomial logistic regression by full-batch gradient descent from zero weights (no random
start, no shuffling); the dev split is every example whose id hashes to 0 mod 5; the L2 strength
is chosen on dev, the softmax temperature fitted on dev (calibration), then each head is refitted
on train and dev together for shipping. ``scripts/train_heads.py`` is the command.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from polemos.extract.learned._features import DENSE_SIZE, dense_features, sentence_features
from polemos.extract.learned._heads import HEADS, ROLES, Head

MIN_COUNT = 2
STEPS = 300
RATE = 2.0
L2_GRID = (0.1, 0.3, 1.0)
TEMPERATURES = (0.5, 0.7, 0.85, 1.0, 1.2, 1.5, 2.0, 3.0)
MODALITIES = ("asserted", "negated", "hypothetical", "conditional", "future", "historical", "ongoing", "reported")


@dataclass(frozen=True)
class Unit:
    """One training example as the heads see it: features, vector and a label per head."""

    id: str
    features: list[str]
    vector: np.ndarray
    labels: dict[str, str]


def read_corpus(folder: Path) -> list[dict]:
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        rows += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return rows


def labels_of(example: dict) -> dict[str, str]:
    return {"plover": example["plover"], "acled": example.get("acled") or "none", "modality": example["modality"]}


def parse(nlp: object, examples: list[dict], *, batch_size: int = 64) -> list:
    """Each example parsed once by ``nlp`` (the pipeline up to ``polemos_events``), for every head."""
    return list(nlp.pipe((e["text"] for e in examples), batch_size=batch_size))


def units(examples: list[dict], docs: list) -> list[Unit]:
    """The sentence heads' unit of each parsed example."""
    out = []
    for example, doc in zip(examples, docs):
        sent = labelled_sentence(doc, example)
        rule = next((e for e in doc._.polemos_events or () if sent.start_char <= e.trigger.start < sent.end_char), None)
        out.append(Unit(example["id"], sentence_features(sent, rule), dense_features(sent), labels_of(example)))
    return out


def labelled_sentence(doc: object, example: dict) -> object:
    """The sentence holding most of the labelled words (the first sentence when none is found)."""
    text = example["text"]
    marks = [text.find(s) for s in [*(example.get("actors") or ()), *(example.get("targets") or ()),
                                    example.get("place"), example.get("time")] if s and s in text]
    sents = list(doc.sents)
    return max(sents, key=lambda s: (sum(s.start_char <= m < s.end_char for m in marks), -s.start))


def is_dev(unit_id: str) -> bool:
    return int(hashlib.sha256(unit_id.encode()).hexdigest(), 16) % 5 == 0


# --- the classifier -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Design:
    """Sparse binary rows (as column indices) and dense vectors of a set of units."""

    cols: np.ndarray
    owners: np.ndarray
    dense: np.ndarray

    @property
    def n(self) -> int:
        return len(self.dense)

    def scores(self, sparse: np.ndarray, dense: np.ndarray, bias: np.ndarray) -> np.ndarray:
        z = np.zeros((self.n, sparse.shape[1]))
        np.add.at(z, self.owners, sparse[self.cols])
        return z + self.dense @ dense + bias


def vocabulary(units_: Iterable[Unit]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for unit in units_:
        for name in set(unit.features):
            counts[name] = counts.get(name, 0) + 1
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= MIN_COUNT and n != "bias"))}


def design(units_: list[Unit], vocab: dict[str, int]) -> Design:
    cols, owners = [], []
    for i, unit in enumerate(units_):
        found = sorted({vocab[f] for f in unit.features if f in vocab})
        cols += found
        owners += [i] * len(found)
    dense = np.stack([u.vector for u in units_]).astype(np.float64) if units_ else np.zeros((0, DENSE_SIZE))
    return Design(np.array(cols, dtype=np.int64), np.array(owners, dtype=np.int64), dense)


def fit(x: Design, y: np.ndarray, *, features: int, classes: int, l2: float) -> tuple[np.ndarray, ...]:
    sparse, dense, bias = np.zeros((features, classes)), np.zeros((DENSE_SIZE, classes)), np.zeros(classes)
    onehot = np.eye(classes)[y]
    for _ in range(STEPS):
        p = softmax(x.scores(sparse, dense, bias))
        g = (p - onehot) / x.n
        grad_sparse = np.zeros_like(sparse)
        np.add.at(grad_sparse, x.cols, g[x.owners])
        sparse -= RATE * (grad_sparse + l2 / x.n * sparse)
        dense -= RATE * (x.dense.T @ g + l2 / x.n * dense)
        bias -= RATE * g.sum(axis=0)
    return sparse, dense, bias


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


def head_labels(name: str, units_: list[Unit]) -> tuple[str, ...]:
    if name == "modality":
        return MODALITIES
    return tuple(sorted({u.labels[name] for u in units_}))


def train_head(name: str, train: list[Unit], dev: list[Unit], *, labels: tuple[str, ...]) -> tuple[Head, dict]:
    """Pick L2 and temperature on ``dev``; return the head refitted on train + dev, and dev scores."""
    index = {label: k for k, label in enumerate(labels)}
    vocab = vocabulary(train)
    x_train, x_dev = design(train, vocab), design(dev, vocab)
    y_train = np.array([index[u.labels[name]] for u in train])
    y_dev = np.array([index[u.labels[name]] for u in dev])
    trials = {}
    for l2 in L2_GRID:
        w = fit(x_train, y_train, features=len(vocab), classes=len(labels), l2=l2)
        trials[l2] = (x_dev.scores(*w), w)
    l2 = max(L2_GRID, key=lambda v: (float((trials[v][0].argmax(axis=1) == y_dev).mean()), -v))
    z_dev = trials[l2][0]
    temperature = min(TEMPERATURES, key=lambda t: _nll(z_dev / t, y_dev))
    scores = {"dev accuracy": float((z_dev.argmax(axis=1) == y_dev).mean()),
              "dev weighted F1": weighted_f1(y_dev, z_dev.argmax(axis=1)), "l2": l2, "temperature": temperature,
              "dev": len(dev), "train": len(train),
              "dev calibration error": expected_calibration_error(softmax(z_dev / temperature), y_dev)}
    everything = train + dev
    vocab = vocabulary(everything)
    y_all = np.array([index[u.labels[name]] for u in everything])
    sparse, dense, bias = fit(design(everything, vocab), y_all, features=len(vocab), classes=len(labels), l2=l2)
    return Head(labels, vocab, sparse.astype(np.float32), dense.astype(np.float32), bias.astype(np.float32),
                temperature), scores


def _nll(z: np.ndarray, y: np.ndarray) -> float:
    p = softmax(z)
    return float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())


def weighted_f1(gold: np.ndarray, guess: np.ndarray) -> float:
    total, score = len(gold), 0.0
    for label in set(gold.tolist()):
        tp = int(((guess == label) & (gold == label)).sum())
        p = tp / max(int((guess == label).sum()), 1)
        r = tp / max(int((gold == label).sum()), 1)
        score += (2 * p * r / (p + r) if p + r else 0.0) * int((gold == label).sum()) / total
    return score


def expected_calibration_error(p: np.ndarray, y: np.ndarray, *, bins: int = 10) -> float:
    confidence, guess = p.max(axis=1), p.argmax(axis=1)
    error = 0.0
    for low in np.linspace(0, 1, bins, endpoint=False):
        inside = (confidence >= low) & (confidence < low + 1 / bins)
        if inside.any():
            error += inside.mean() * abs(float((guess[inside] == y[inside]).mean()) - float(confidence[inside].mean()))
    return float(error)


def train_all(all_units: list[Unit], role_units: list[Unit]) -> tuple[dict[str, Head], dict[str, dict]]:
    """Every head: the sentence heads on ``all_units``, the role head on its (trigger, phrase) pairs,
    split by example (a pair's id is its example's id, ":" and the token) so no example is on both sides."""
    heads, scores = {}, {}
    for name in HEADS:
        units_ = role_units if name == "role" else all_units
        train = [u for u in units_ if not is_dev(example_of(u.id))]
        dev = [u for u in units_ if is_dev(example_of(u.id))]
        labels = ROLES if name == "role" else head_labels(name, units_)
        heads[name], scores[name] = train_head(name, train, dev, labels=labels)
    return heads, scores


def example_of(unit_id: str) -> str:
    return unit_id.split(":", 1)[0]
