"""Precision, recall and F1 per class, with weighted and macro averages, and the report shape."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class ScoreTable:
    """Per-class counts; ``rows()`` gives P/R/F1 per class plus micro, macro and weighted."""

    title: str
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)

    def add(self, gold: str | None, predicted: str | None) -> None:
        """One single-label item (None = no label)."""
        if gold is not None and gold == predicted:
            self.tp[gold] += 1
            return
        if predicted is not None:
            self.fp[predicted] += 1
        if gold is not None:
            self.fn[gold] += 1

    def add_counts(self, label: str, *, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp[label] += tp
        self.fp[label] += fp
        self.fn[label] += fn

    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def prf(self, label: str | None = None) -> tuple[float, float, float, int]:
        """P, R, F1 and support (gold count) for one label, or micro over all when None."""
        if label is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[label], self.fp[label], self.fn[label]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn

    def averages(self) -> dict[str, tuple[float, float, float]]:
        labels = [lab for lab in self.labels() if self.tp[lab] + self.fn[lab] > 0]
        if not labels:
            return {"micro": (0.0, 0.0, 0.0), "macro": (0.0, 0.0, 0.0), "weighted": (0.0, 0.0, 0.0)}
        scores = {lab: self.prf(lab) for lab in labels}
        total = sum(s[3] for s in scores.values())
        macro = tuple(sum(s[i] for s in scores.values()) / len(labels) for i in range(3))
        weighted = tuple(sum(s[i] * s[3] for s in scores.values()) / total for i in range(3))
        return {"micro": self.prf()[:3], "macro": macro, "weighted": weighted}

    def format(self) -> str:
        lines = [self.title, f"{'class':<40} {'P':>6} {'R':>6} {'F1':>6} {'support':>8}"]
        for lab in self.labels():
            p, r, f, n = self.prf(lab)
            lines.append(f"{lab[:40]:<40} {p:6.3f} {r:6.3f} {f:6.3f} {n:8d}")
        for name, (p, r, f) in self.averages().items():
            lines.append(f"{name + ' avg':<40} {p:6.3f} {r:6.3f} {f:6.3f}")
        return "\n".join(lines)


@dataclass
class Report:
    """What an evaluation prints: the dataset and split, what was excluded, the tables, key figures."""

    name: str
    split: str
    items: int
    tables: list[ScoreTable] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def format(self) -> str:
        head = [f"# {self.name} — split {self.split} — {self.items} items"]
        head += [f"note: {n}" for n in self.notes]
        body = [t.format() for t in self.tables]
        figs = [f"{k}: {v:.3f}" if isinstance(v, float) else f"{k}: {v}" for k, v in self.figures.items()]
        return "\n\n".join(["\n".join(head), *body, "\n".join(figs)]).strip() + "\n"


def score_labels(title: str, pairs: Iterable[tuple[str | None, str | None]]) -> ScoreTable:
    table = ScoreTable(title)
    for gold, predicted in pairs:
        table.add(gold, predicted)
    return table


def accuracy(pairs: Sequence[tuple[object, object]]) -> float:
    return sum(1 for g, p in pairs if g == p) / len(pairs) if pairs else 0.0
