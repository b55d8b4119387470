"""The trained heads: multinomial logistic regression over sparse features and dense vectors.

The weights ship as ``data/learned_heads.npz``; ``data/learned_heads.json`` records how they were
made (data, sizes, dev scores) and the file's sha256, which is checked when the heads load: a
missing or altered file stops the pipeline from starting, with one line saying what to do.
Scoring one sentence is a few dict look-ups and a 96×K product.
"""
from __future__ import annotations

import functools
import hashlib
import io
import json
from dataclasses import dataclass
from importlib import resources

import numpy as np

from polemos.errors import PipelineError

WEIGHTS_FILE = "learned_heads.npz"
MANIFEST_FILE = "learned_heads.json"
HEADS = ("plover", "acled", "modality", "role")  # role: one (trigger, noun phrase) pair, not a sentence
ROLES = ("agent", "none", "patient")
REINSTALL = "reinstall Polemos (`pip install --force-reinstall -e .`) or retrain: `python scripts/train_heads.py`"


@dataclass(frozen=True)
class Head:
    """One classifier: ``labels[k]`` for column k."""

    labels: tuple[str, ...]
    vocab: dict[str, int]          # feature → row of ``sparse``
    sparse: np.ndarray             # (features, classes)
    dense: np.ndarray              # (96, classes)
    bias: np.ndarray               # (classes,)
    temperature: float = 1.0       # fitted on held-out dev data so that probabilities are calibrated

    def probabilities(self, features: list[str], vector: np.ndarray) -> np.ndarray:
        rows = [self.vocab[f] for f in set(features) if f in self.vocab]
        z = self.bias + vector @ self.dense + (self.sparse[rows].sum(axis=0) if rows else 0.0)
        z = z / self.temperature
        z -= z.max()
        p = np.exp(z)
        return p / p.sum()

    def best(self, features: list[str], vector: np.ndarray) -> tuple[str, float]:
        p = self.probabilities(features, vector)
        k = int(p.argmax())
        return self.labels[k], float(p[k])


def to_arrays(heads: dict[str, Head]) -> dict[str, np.ndarray]:
    out: dict[str, np.ndarray] = {}
    for name, head in heads.items():
        names = sorted(head.vocab, key=head.vocab.get)
        out[f"{name}.labels"] = np.array(head.labels)
        out[f"{name}.vocab"] = np.array(names)
        out[f"{name}.sparse"] = head.sparse.astype(np.float32)
        out[f"{name}.dense"] = head.dense.astype(np.float32)
        out[f"{name}.bias"] = head.bias.astype(np.float32)
        out[f"{name}.temperature"] = np.array([head.temperature], dtype=np.float32)
    return out


def from_arrays(arrays: dict[str, np.ndarray]) -> dict[str, Head]:
    heads = {}
    for name in HEADS:
        vocab = {str(f): i for i, f in enumerate(arrays[f"{name}.vocab"])}
        heads[name] = Head(tuple(str(x) for x in arrays[f"{name}.labels"]), vocab, arrays[f"{name}.sparse"],
                           arrays[f"{name}.dense"], arrays[f"{name}.bias"], float(arrays[f"{name}.temperature"][0]))
    return heads


def encode(heads: dict[str, Head]) -> bytes:
    """The weight file's bytes (the same heads always give the same bytes)."""
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **to_arrays(heads))
    return buffer.getvalue()


@functools.cache
def load() -> dict[str, Head]:
    """The shipped heads, checked against the manifest's sha256."""
    data = resources.files("polemos.data")
    try:
        raw = data.joinpath(WEIGHTS_FILE).read_bytes()
        manifest = json.loads(data.joinpath(MANIFEST_FILE).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise PipelineError(f"the learned event heads (polemos/data/{WEIGHTS_FILE}) cannot be read ({exc}); "
                            f"{REINSTALL}") from None
    return checked(raw, manifest)


def checked(raw: bytes, manifest: dict) -> dict[str, Head]:
    """The heads in ``raw`` if its sha256 is the manifest's; else a PipelineError saying what to do."""
    digest = hashlib.sha256(raw).hexdigest()
    if digest != manifest.get("sha256"):
        raise PipelineError(f"polemos/data/{WEIGHTS_FILE} is altered (sha256 {digest[:12]}…, the manifest says "
                            f"{str(manifest.get('sha256'))[:12]}…); {REINSTALL}")
    with np.load(io.BytesIO(raw), allow_pickle=False) as arrays:
        return from_arrays(dict(arrays))
