"""``polemos evaluate wikievents``: who attacked whom, and who died, against WikiEvents (KAIROS).

Gold: ``gold_dir/wikievents/data/wikievents/{split}.jsonl`` with coreference clusters in
``coref/{split}.jsonlines`` (MIT repository raspberryice/gen-arg; evaluation only — no rule may
be derived from its rows). Only ``dev`` is here; ``test`` is held out and scored when present.

Each document's ``text`` is analysed as given, as one article (its sentences run together without
spaces: that is how the set stores them). Gold offsets are token indices; the ``sentences`` field
carries each token's characters, counted within its sentence, and ``text`` is the sentences
joined with nothing between them, so a token's place in ``text`` is its sentence's start plus its
offset from the sentence's first token (``token_offsets`` checks every token against the text).

Scored, for each gold ``Conflict.Attack.*`` mention (and the same for ``Life.Die.*``):

- *found*: an assembled Polemos event of PLOVER type ASSAULT (deaths: of any type) whose evidence
  span holds the gold trigger's characters. When several do, the matched event is the one whose
  trigger overlaps the gold trigger, else the one whose trigger is nearest to it.
- *attacker right* (deaths: *killer right*): of gold mentions with an ``Attacker`` (``Killer``)
  argument, the share whose matched event has among its ``actors`` (the sources) one with a
  mention overlapping the argument's entity mention or any mention of its coreference cluster,
  or whose name has the argument text's head word (last word, case-insensitive).
- *target right* (deaths: *victim right*): the same for ``Target`` or ``Victim`` arguments
  against the event's ``recipients``.

Each role figure is given over all gold mentions with that role and over the found ones only.
Misses are counted by cause (``miss_cause``) so that the figures say what to work on; no gold
sentence is printed.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from polemos.errors import PolemosError
from polemos.evaluate._gold import gold_path
from polemos.evaluate.metrics import Report
from polemos.model import ArticleDocument

NAME = "wikievents"
SPLITS = ("dev", "test")
DESCRIPTION = "attacks and deaths found, attacker/target and killer/victim right vs WikiEvents (KAIROS, coref-aware)"
ROOT = Path("wikievents") / "data" / "wikievents"
BATCH = 4  # documents per pipeline batch: some are 10,000 characters long

Chars = tuple[int, int]  # start, end characters of the article text
PRONOUNS = frozenset({"i", "we", "you", "he", "she", "it", "they", "me", "us", "him", "her", "them", "his", "its",
                      "their", "our", "who", "whom", "which", "that", "this", "these", "those", "one"})


@dataclass(frozen=True, slots=True)
class GoldMention:
    id: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Argument:
    role: str
    entity: str   # the entity mention's id
    text: str


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    type: str                       # KAIROS type, e.g. Conflict.Attack.DetonateExplode
    trigger: Chars
    arguments: tuple[Argument, ...] = ()


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    text: str
    mentions: Mapping[str, GoldMention]
    clusters: Mapping[str, frozenset[str]]   # mention id → the ids of its coreference cluster
    events: tuple[GoldEvent, ...]

    def coreferent(self, entity: str) -> list[GoldMention]:
        """The mention and every mention in its cluster."""
        return [self.mentions[i] for i in sorted(self.clusters.get(entity, {entity})) if i in self.mentions]


@dataclass(frozen=True, slots=True)
class PredictedActor:
    name: str
    mentions: tuple[Chars, ...] = ()


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    type: str
    evidence: Chars
    trigger: Chars | None = None
    sources: tuple[PredictedActor, ...] = ()
    targets: tuple[PredictedActor, ...] = ()
    references: tuple[Chars, ...] = ()  # other sentences folded into the event (Event.references)


@dataclass(frozen=True, slots=True)
class Prediction:
    """What Polemos made of one document: its events, and every actor (on an event or not)."""

    events: tuple[PredictedEvent, ...] = ()
    actors: tuple[PredictedActor, ...] = ()


@dataclass(frozen=True, slots=True)
class Role:
    """A measured role: which gold roles count, and which side of the Polemos event must hold them."""

    name: str                 # "attacker", "target", ...
    gold: frozenset[str]      # KAIROS role names
    side: str                 # "sources" or "targets"


@dataclass(frozen=True, slots=True)
class Measure:
    """One kind of gold event and how it is matched."""

    name: str                        # "attacks", "deaths"
    prefix: str                      # KAIROS type prefix
    types: frozenset[str] | None     # PLOVER types that may match; None = any
    roles: tuple[Role, ...]


MEASURES = (
    Measure("attacks", "Conflict.Attack.", frozenset({"ASSAULT"}),
            (Role("attacker", frozenset({"Attacker"}), "sources"),
             Role("target", frozenset({"Target", "Victim"}), "targets"))),
    Measure("deaths", "Life.Die.", None,
            (Role("killer", frozenset({"Killer"}), "sources"),
             Role("victim", frozenset({"Victim"}), "targets"))),
)


@dataclass(frozen=True, slots=True)
class RoleOutcome:
    role: str
    right: bool
    cause: str | None = None   # why it was missed (None when right)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One gold event mention and what Polemos made of it."""

    measure: str
    found: bool
    roles: tuple[RoleOutcome, ...] = ()
    unfound: str | None = None   # why it was not found (None when found)


# --- reading the gold ---------------------------------------------------------------------------

def load(gold_dir: Path, *, split: str = "dev", limit: int | None = None) -> list[GoldDocument]:
    path = gold_path(gold_dir, ROOT / f"{split}.jsonl", name=NAME, split=split, splits=SPLITS)
    coref_path = gold_path(gold_dir, ROOT / "coref" / f"{split}.jsonlines", name=NAME, split=split, splits=SPLITS)
    clusters = {row["doc_key"]: row["clusters"] for row in _jsonl(coref_path)}
    rows = _jsonl(path)
    rows = rows[:limit] if limit is not None else rows
    return [parse_document(row, clusters.get(row["doc_id"], [])) for row in rows]


def _jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def token_offsets(text: str, sentences: Sequence[Sequence]) -> list[Chars]:
    """Characters of every token in ``text``. The set's offsets count within a sentence (from a
    start that drifts across sentences), and ``text`` is the sentences joined with nothing between."""
    offsets: list[Chars] = []
    base = 0
    for tokens, sentence in sentences:
        if not tokens:
            base += len(sentence)
            continue
        lead = sentence.find(tokens[0][0])
        for token, start, end in tokens:
            at = base + lead + start - tokens[0][1]
            if text[at:at + end - start] != token:
                raise PolemosError(f"wikievents: token {token!r} is not at {at} of the text; has the format changed?")
            offsets.append((at, at + end - start))
        base += len(sentence)
    return offsets


def parse_document(row: dict, clusters: Iterable[Sequence[str]]) -> GoldDocument:
    text = row["text"]
    chars = token_offsets(text, row["sentences"])

    def span(start: int, end: int) -> Chars:  # token indices, end exclusive
        return chars[start][0], chars[end - 1][1]

    mentions = {m["id"]: GoldMention(m["id"], *span(m["start"], m["end"]), m["text"]) for m in row["entity_mentions"]}
    members = {i: frozenset(c) for c in clusters for i in c}
    events = tuple(
        GoldEvent(e["id"], e["event_type"], span(e["trigger"]["start"], e["trigger"]["end"]),
                  tuple(Argument(a["role"], a["entity_id"], a["text"]) for a in e["arguments"]))
        for e in row["event_mentions"])
    return GoldDocument(row["doc_id"], text, mentions, members, events)


# --- what Polemos said ----------------------------------------------------------------------------

def prediction(document: ArticleDocument) -> Prediction:
    """The document's events with their source and target actors, and those actors' mentions."""
    actors = {a.id: PredictedActor(a.name, tuple((m.start, m.end) for m in a.mentions)) for a in document.actors}
    events = tuple(PredictedEvent(e.type, (e.evidence.start, e.evidence.end),
                                  (e.trigger.start, e.trigger.end) if e.trigger else None,
                                  tuple(actors[i] for i in e.actors if i in actors),
                                  tuple(actors[i] for i in e.recipients if i in actors),
                                  tuple((r.start, r.end) for r in e.references))
                   for e in document.events)
    return Prediction(events, tuple(actors.values()))


def predict(pipeline, documents: Sequence[GoldDocument]) -> list[Prediction]:
    out = []
    for i in range(0, len(documents), BATCH):
        chunk = documents[i:i + BATCH]
        for gold, analysed in zip(chunk, pipeline.extract_batch([(d.text, None) for d in chunk])):
            if analysed.article.text != gold.text:  # every offset compared below assumes the same text
                raise PolemosError(f"wikievents: the analysed text of {gold.id} differs from the gold text")
            out.append(prediction(analysed))
    return out


# --- scoring ------------------------------------------------------------------------------------

def overlaps(a: Chars, b: Chars) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def holds(outer: Chars, inner: Chars) -> bool:
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def head_word(phrase: str) -> str:
    """The last word, lower-cased, without a possessive: English noun phrases end in their head."""
    words = re.findall(r"[\w-]+", re.sub(r"['’]s\b", "", phrase.casefold()))
    return words[-1] if words else ""


def candidates(gold: GoldEvent, events: Sequence[PredictedEvent], measure: Measure) -> list[PredictedEvent]:
    return [e for e in events if (measure.types is None or e.type in measure.types) and holds(e.evidence, gold.trigger)]


def match(gold: GoldEvent, events: Sequence[PredictedEvent], measure: Measure) -> PredictedEvent | None:
    """The event that stands for ``gold``: its trigger overlapping the gold one, else the nearest."""
    def distance(e: PredictedEvent) -> tuple[int, int]:
        if e.trigger is None:
            return 1, 10**9
        if overlaps(e.trigger, gold.trigger):
            return 0, 0
        return 1, min(abs(e.trigger[0] - gold.trigger[1]), abs(gold.trigger[0] - e.trigger[1]))

    found = candidates(gold, events, measure)
    return min(found, key=lambda e: (*distance(e), e.evidence[0])) if found else None


def names(actor: PredictedActor, argument: Argument, doc: GoldDocument) -> bool:
    """Whether ``actor`` is the gold argument: a mention of it overlaps the argument's cluster, or
    its name has the argument's head word."""
    spans = [(m.start, m.end) for m in doc.coreferent(argument.entity)]
    if any(overlaps(m, g) for m in actor.mentions for g in spans):
        return True
    head = head_word(argument.text)
    return bool(head) and head_word(actor.name) == head


def side(event: PredictedEvent, name: str) -> tuple[PredictedActor, ...]:
    return event.sources if name == "sources" else event.targets


def other_side(name: str) -> str:
    return "targets" if name == "sources" else "sources"


def role_right(event: PredictedEvent | None, arguments: Sequence[Argument], role: Role, doc: GoldDocument) -> bool:
    if event is None:
        return False
    return any(names(actor, arg, doc) for arg in arguments for actor in side(event, role.side))


def score_event(gold: GoldEvent, predicted: Prediction, measure: Measure, doc: GoldDocument) -> Outcome:
    event = match(gold, predicted.events, measure)
    roles = []
    for role in measure.roles:
        arguments = [a for a in gold.arguments if a.role in role.gold]
        if not arguments:
            continue
        right = role_right(event, arguments, role, doc)
        cause = None if right else miss_cause(gold, event, arguments, role, doc, predicted, measure)
        roles.append(RoleOutcome(role.name, right, cause))
    unfound = None if event is not None else unfound_cause(gold, predicted, measure)
    return Outcome(measure.name, event is not None, tuple(roles), unfound)


def unfound_cause(gold: GoldEvent, predicted: Prediction, measure: Measure) -> str:
    """What Polemos had where a gold event was not found: the sentence folded into an event of the
    type as a reference ("after the attack": the article's one incident, told again), nothing, or
    events of other types."""
    if any(holds(r, gold.trigger) for e in predicted.events if measure.types is None or e.type in measure.types
           for r in e.references):
        return FOLDED
    held = sorted({e.type for e in predicted.events if holds(e.evidence, gold.trigger)})
    return f"only {'/'.join(held)} holds the trigger" if held else "no event holds the trigger"


def miss_cause(gold: GoldEvent, event: PredictedEvent | None, arguments: Sequence[Argument], role: Role,
               doc: GoldDocument, predicted: Prediction, measure: Measure) -> str:
    """Why a gold role was missed, the first that applies, from the outside in."""
    if event is None:
        return "event not found"
    if any(names(actor, arg, doc) for arg in arguments for actor in side(event, other_side(role.side))):
        return "actor attached on the other side"
    rivals = [e for e in candidates(gold, predicted.events, measure) if e is not event]
    if any(role_right(e, arguments, role, doc) for e in rivals):
        return "actor on another event of the sentence"
    spans = [(doc.mentions[a.entity].start, doc.mentions[a.entity].end) for a in arguments if a.entity in doc.mentions]
    if spans and not any(holds(event.evidence, s) for s in spans):
        return "argument outside the event's sentence"
    if not any(overlaps(m, s) for a in predicted.actors for m in a.mentions for s in spans):
        return f"not made an actor ({mention_kind(arguments[0].text)})"
    if any(after_by(doc.text, s) for s in spans):
        return "passive 'by' agent not attached"
    return "actor in the sentence, other actor attached" if side(event, role.side) else "actor in the sentence, side empty"


def mention_kind(text: str) -> str:
    """name, nominal or pronoun, from the words alone (the set's mention types are all UNK)."""
    if text.casefold() in PRONOUNS:
        return "pronoun"
    return "name" if text[:1].isupper() else "nominal"


def after_by(text: str, span: Chars) -> bool:
    """"killed by an improvised explosive device": "by" within four words before the mention."""
    before = re.findall(r"[\w'’-]+|[^\w\s]", text[max(0, span[0] - 60):span[0]])[-5:]
    words = [w.casefold() for w in before]
    return "by" in words and not any(p in words[words.index("by"):] for p in ",.;:")


def score(documents: Sequence[GoldDocument], predictions: Sequence[Prediction], *, split: str) -> Report:
    outcomes = [score_event(g, predicted, measure, doc)
                for doc, predicted in zip(documents, predictions)
                for measure in MEASURES for g in doc.events if g.type.startswith(measure.prefix)]
    report = Report(NAME, split, len(documents))
    for measure in MEASURES:
        report.figures.update(figures(measure, [o for o in outcomes if o.measure == measure.name]))
    report.figures.update(event_counts(documents, predictions))
    for measure in MEASURES:
        unfound = Counter(o.unfound for o in outcomes if o.measure == measure.name and not o.found)
        report.figures.update({f"{measure.name} not found: {cause}": n for cause, n in unfound.most_common()})
        for role in measure.roles:
            causes = Counter(r.cause for o in outcomes if o.measure == measure.name for r in o.roles
                             if r.role == role.name and not r.right)
            report.figures.update({f"{role.name} missed: {cause}": n for cause, n in causes.most_common()})
    report.notes += [
        ("found = an ASSAULT event (deaths: any event) whose evidence holds the gold trigger; roles on the "
         "matched event: sources for attacker/killer, recipients for target/victim; coreference-aware"),
        ("'counting references' also counts a gold mention whose sentence the assembler folded into an event "
         "of the type as one of its references (a repeat or back-reference of the same incident)"),
        "each role figure over all gold mentions with that role, and over found ones ('found only'); n = its count",
        f"splits: {', '.join(SPLITS)} (test is held out and scored only when its files are present)",
    ]
    return report


FOLDED = "a reference of an event of the type (folded into it) holds the trigger"


def figures(measure: Measure, outcomes: Sequence[Outcome]) -> dict[str, float | int]:
    out: dict[str, float | int] = {}
    found = sum(o.found for o in outcomes)
    out[f"{measure.name} found"] = _share(found, len(outcomes))
    out[f"{measure.name} found n"] = len(outcomes)
    out[f"{measure.name} found, counting references"] = _share(
        found + sum(o.unfound == FOLDED for o in outcomes), len(outcomes))
    for role in measure.roles:
        scored = [(o.found, r.right) for o in outcomes for r in o.roles if r.role == role.name]
        right = sum(r for _, r in scored)
        on_found = sum(f for f, _ in scored)
        out[f"{role.name} right"] = _share(right, len(scored))
        out[f"{role.name} right n"] = len(scored)
        out[f"{role.name} right, found only"] = _share(right, on_found)
        out[f"{role.name} right, found only n"] = on_found
    return out


def event_counts(documents: Sequence[GoldDocument], predictions: Sequence[Prediction]) -> dict[str, int]:
    """How many events each side has, and how many Polemos ASSAULT events hold some gold attack."""
    attacks = [[g.trigger for g in d.events if g.type.startswith("Conflict.Attack.")] for d in documents]
    assaults = [[e for e in p.events if e.type == "ASSAULT"] for p in predictions]
    return {
        "gold event mentions": sum(len(d.events) for d in documents),
        "gold attack mentions": sum(len(a) for a in attacks),
        "gold death mentions": sum(1 for d in documents for g in d.events if g.type.startswith("Life.Die.")),
        "polemos events": sum(len(p.events) for p in predictions),
        "polemos ASSAULT events": sum(len(a) for a in assaults),
        "polemos ASSAULT events holding a gold attack": sum(
            1 for triggers, found in zip(attacks, assaults) for e in found if any(holds(e.evidence, t) for t in triggers)),
    }


def _share(hits: int, n: int) -> float:
    return hits / n if n else 0.0


def run(pipeline, *, gold_dir: Path, split: str = "dev", limit: int | None = None) -> Report:
    documents = load(Path(gold_dir), split=split, limit=limit)
    return score(documents, predict(pipeline, documents), split=split)
