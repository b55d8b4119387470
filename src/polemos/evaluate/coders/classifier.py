"""A small trained head: the PLOVER quad class of a sentence, from its parse and the rules' events.

Place in the pipeline: not a pipeline step. The rule-based finder (``extract/events/__init__.py``) emits
event mentions (precision first: it stays silent when unsure). Sentence classification — the
``cameo-class`` evaluation, or any user who needs one label per sentence — asks this head, which
weighs the rules' verdict against the sentence's words, so that a sentence the rules left
unlabelled ("… denounced the decision", a trigger the lexicon lacks) still gets its quad class.

Model: multinomial logistic regression over sparse binary features (the rules' primary type and
quad, lemmas, the root verb, its object, negation and modals), weights in
``data/event_quad_weights.tsv``. The weights are produced by ``scripts/train_events.py`` from the
ConfliBERT ``cameo_class`` **train** split only (*train ok*; GPL-3.0 repository eventdata/ConfliBERT,
mostly CAMEO-manual sentences); that split shares no sentence with ``cameo_class`` test or with
``plover-gsr``, so both stay held out. Scoring costs one dict look-up per feature.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from polemos.errors import DataFileError
from polemos.evaluate.coders.select import primary_event
from polemos.mentions import EventMention
from polemos.resolve.ontology import quad_class

WEIGHTS_FILE = "event_quad_weights.tsv"
CLASSES = (0, 1, 2, 3, 4)
# Function words and reporting verbs carry no event class on their own.
_SKIP_POS = frozenset({"DET", "ADP", "PUNCT", "CCONJ", "SCONJ", "PRON", "NUM", "SPACE", "X", "SYM", "PART"})


@dataclass(frozen=True, slots=True)
class QuadGuess:
    """A sentence's quad class (0 neutral … 4 material conflict) and the model's probability."""

    quad: int
    probability: float


@dataclass(frozen=True, slots=True)
class QuadModel:
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]


def features(sent: SpacySpan, main: EventMention | None) -> list[str]:
    """Binary features of one sentence, given the rules' primary (fact) event or None."""
    out = ["bias"]
    if main is None:
        out.append("R=none")
    else:
        out += [f"R={main.type}", f"Q={quad_class(main.type)}"]
        if main.cameo:
            out.append(f"C={main.cameo}")
        if main.mode:
            out.append(f"M={main.type}:{main.mode}")
    root = sent.root
    out.append(f"ROOT={root.lemma_.lower()}")
    for child in root.children:
        if child.dep_ in ("dobj", "xcomp", "ccomp", "prep", "attr"):
            out.append(f"{child.dep_}={root.lemma_.lower()}_{child.lemma_.lower()}")
            out.append(f"{child.dep_}:{child.lemma_.lower()}")
        elif child.dep_ == "neg":
            out.append("NEG")
        elif child.dep_ == "aux" and child.tag_ == "MD":
            out.append(f"MD={child.lower_}")
    for token in sent:
        if token.pos_ in _SKIP_POS or not token.is_alpha or token.is_stop:
            continue
        out.append(f"L={token.lemma_.lower()}")
        if token.pos_ == "VERB" and token.i != root.i:  # "refused to meet", "agreed to talks"
            out += [f"VP={token.lemma_.lower()}_{c.lemma_.lower()}" for c in token.children
                    if c.dep_ in ("dobj", "xcomp", "prep")]
    return out


def doc_features(doc: Doc, events: Sequence[EventMention]) -> list[str]:
    """Features of a short text: its main event's sentence in full, the other sentences' lemmas,
    and every mention the rules found (with its modality: "refused to negotiate" is a REJECT cue)."""
    main = primary_event(doc, events, facts_only=True)
    span = doc.char_span(main.trigger.start, main.trigger.end, alignment_mode="expand") if main else None
    sent = span[0].sent if span is not None and len(span) else next(iter(doc.sents), doc[:])
    out = features(sent, main)
    for other in doc.sents:
        if other.start != sent.start:
            out += [f for f in features(other, None) if f.startswith("L=")]
    for event in events:
        out.append(f"E={event.type}")
        out += [f"E={event.type}:{m}" for m in event.modality]
    if main is not None:
        out.append(f"T={main.trigger.text.lower()}")
    return out


@functools.cache
def model() -> QuadModel:
    """The shipped weights (``data/event_quad_weights.tsv``)."""
    path = resources.files("polemos.data").joinpath(WEIGHTS_FILE)
    return parse_weights(path.read_text("utf-8"), path=str(path))


def parse_weights(text: str, *, path: str = WEIGHTS_FILE) -> QuadModel:
    """``feature<TAB>w0 … w4`` rows and one ``bias`` row; ``#`` lines are the header."""
    weights: dict[str, tuple[float, ...]] = {}
    bias: tuple[float, ...] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#"):
            continue
        name, *values = line.split("\t")
        if len(values) != len(CLASSES):
            raise DataFileError(path, number, f"expected a feature and {len(CLASSES)} weights")
        try:
            row = tuple(float(v) for v in values)
        except ValueError as error:
            raise DataFileError(path, number, f"bad weight: {error}") from None
        if name == "bias":
            bias = row
        else:
            weights[name] = row
    if bias is None:
        raise DataFileError(path, 0, "no bias row")
    return QuadModel(bias=bias, weights=weights)


def probabilities(feats: Iterable[str], *, weights: QuadModel | None = None) -> list[float]:
    """Softmax over the five quad classes."""
    m = weights or model()
    scores = list(m.bias)
    for name in set(feats):
        row = m.weights.get(name)
        if row is not None:
            scores = [s + w for s, w in zip(scores, row)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def text_quad(doc: Doc, events: Sequence[EventMention]) -> QuadGuess:
    """The quad class of a short text (a sentence or two) from its parse and its event mentions."""
    probs = probabilities(doc_features(doc, events))
    best = max(CLASSES, key=lambda c: probs[c])
    return QuadGuess(best, round(probs[best], 4))


def write_weights(path: str, model_: QuadModel, *, header: Sequence[str]) -> None:
    """Write weights as the TSV ``model()`` reads (used by ``scripts/train_events.py``)."""
    lines = [f"# {h}" for h in header]
    lines.append("bias\t" + "\t".join(f"{w:.4f}" for w in model_.bias))
    for name in sorted(model_.weights):
        row = model_.weights[name]
        if any(abs(w) >= 0.0005 for w in row):
            lines.append(name + "\t" + "\t".join(f"{w:.4f}" for w in row))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")


__all__ = ["QuadGuess", "doc_features", "features", "model", "parse_weights", "probabilities", "text_quad", "write_weights"]
