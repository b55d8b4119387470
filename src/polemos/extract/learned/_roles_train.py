"""Training units of the role head, from three sources that may be trained on.

- the project's own corpus (``data/training/*.jsonl``, CC0): each example names its acting
  ``actors`` and its ``targets``; the event is the rules' event in the labelled sentence;
- GENEVA (CC BY 3.0, FrameNet sentences; ``../shared/gold/geneva``, *train ok*): gold triggers
  with Assailant / Victim, Killer / Victim, Side_1 / Side_2, Suspect, Signatory, … roles;
- RAMS (CC BY-SA 4.0, news; ``../shared/gold/rams``, *train ok*): gold triggers with attacker /
  target, killer / victim, jailer / detainee, communicator / recipient, … roles.

For the gold sets the event is the gold trigger, typed to PLOVER by ``GENEVA_TYPES`` /
``RAMS_TYPES``; the rules' verdict on each candidate is ``rule_roles`` on that trigger. A unit's
label is ``agent`` or ``patient`` when the candidate lies inside an argument of that role
(the innermost argument when they nest), else ``none``.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from polemos.extract.events import rule_roles
from polemos.extract.learned._roles import candidates, pair_features, pair_vector, words_at
from polemos.extract.learned._train import Unit, labelled_sentence

GENEVA_FILES = ("data/val.json", "data/test.json", "data/zs/zs1-s300/train.json", "data/zs/zs1-s300/dev.json",
                "data/lr/lr1200/train-s160.json")
GENEVA_TYPES = {"Attack": "ASSAULT", "Killing": "ASSAULT", "Terrorism": "ASSAULT", "Hostile_encounter": "ASSAULT",
                "Bodily_harm": "ASSAULT", "Destroying": "ASSAULT", "Damaging": "ASSAULT", "Theft": "ASSAULT",
                "Arrest": "COERCE", "Protest": "PROTEST", "Request": "REQUEST", "Sign_agreement": "AGREE",
                "Commerce_sell": "AID", "Supply": "AID", "Assistance": "AID", "Collaboration": "COOPERATE"}
GENEVA_AGENTS = frozenset({"Assailant", "Killer", "Terrorist", "Side_1", "Sides", "Destroyer", "Agent", "Authorities",
                           "Arguer", "Signatory", "Speaker", "Perpetrator", "Seller", "Supplier", "Helper",
                           "Partner_1", "Partners"})
GENEVA_PATIENTS = frozenset({"Victim", "Side_2", "Patient", "Suspect", "Addressee", "Buyer", "Recipient", "Benefited_party",
                             "Partner_2"})
RAMS_TYPES = {"conflict.attack": "ASSAULT", "life.die": "ASSAULT", "life.injure": "ASSAULT",
              "artifactexistence.damagedestroy": "ASSAULT", "justice.arrestjaildetain": "COERCE",
              "contact.discussion": "CONSULT", "contact.negotiate": "CONSULT", "contact.collaborate": "COOPERATE",
              "contact.threatencoerce": "THREATEN", "contact.requestadvise": "REQUEST",
              "government.agreements": "AGREE", "conflict.yield": "RETREAT", "conflict.demonstrate": "PROTEST",
              "contact.prevarication": "ACCUSE", "transaction.transferownership": "AID"}
RAMS_AGENTS = frozenset({"attacker", "killer", "injurer", "damager", "destroyer", "damagerdestroyer", "jailer",
                         "communicator", "retreater", "surrenderer", "yielder", "demonstrator", "giver"})
RAMS_PATIENTS = frozenset({"target", "victim", "detainee", "recipient", "artifact"})
ROLE_NAME = re.compile(r"^evt\d+arg\d+")


@dataclass(frozen=True)
class Argument:
    start: int  # character offsets into the text
    end: int
    role: str   # agent | patient | none


@dataclass(frozen=True)
class GoldEvent:
    """One event of a gold example: its trigger's characters, PLOVER type and arguments."""

    id: str
    text: str
    trigger: tuple[int, int]
    plover: str
    arguments: tuple[Argument, ...]


# --- the project's corpus --------------------------------------------------------------------------

def corpus_units(examples: list[dict], docs: list) -> list[Unit]:
    """Pairs of the rules' event in each parsed example's labelled sentence with that sentence's candidates."""
    out: list[Unit] = []
    for example, doc in zip(examples, docs):
        sent = labelled_sentence(doc, example)
        events = [e for e in doc._.polemos_events or () if sent.start_char <= e.trigger.start < sent.end_char]
        event = next((e for e in events if e.type == example["plover"]), events[0] if events else None)
        if event is None:
            continue
        words = words_at(doc, event.trigger.start, event.trigger.end)
        trigger = None if words is None else words.root
        args = [*_spans(sent, example.get("actors"), "agent"), *_spans(sent, example.get("targets"), "patient")]
        rules = {**{i: "patient" for i in event.patient_heads}, **{i: "agent" for i in event.agent_heads}}
        out += _pair_units(example["id"], doc, sent, trigger, event.type, args, rules)
    return out


def _spans(sent: SpacySpan, names: Iterable[str] | None, role: str) -> list[Argument]:
    text, out = sent.doc.text, []
    for name in names or ():
        at = text.find(name, sent.start_char, sent.end_char)
        if at >= 0:
            out.append(Argument(at, at + len(name), role))
    return out


# --- gold sets marked train ok -------------------------------------------------------------------

def geneva_events(folder: Path) -> list[GoldEvent]:
    seen: set[str] = set()
    out: list[GoldEvent] = []
    for name in GENEVA_FILES:
        path = folder / name
        if not path.exists():
            continue
        for row in _json_rows(path):
            if row["wnd_id"] in seen:
                continue
            seen.add(row["wnd_id"])
            out += _geneva_row(row)
    return out


def _geneva_row(row: dict) -> list[GoldEvent]:
    tokens = row["tokens"]
    starts, at = [], 0
    for token in tokens:
        starts.append(at)
        at += len(token) + 1
    text = " ".join(tokens)
    mentions = {m["id"]: (m["start"], m["end"]) for m in row["entity_mentions"]}
    out = []
    for n, event in enumerate(row["event_mentions"]):
        plover = GENEVA_TYPES.get(event["event_type"])
        if plover is None:
            continue
        trig = event["trigger"]
        args = []
        for arg in event["arguments"]:
            role = "agent" if arg["role"] in GENEVA_AGENTS else "patient" if arg["role"] in GENEVA_PATIENTS else "none"
            first, last = mentions[arg["entity_id"]]
            args.append(Argument(starts[first], starts[last - 1] + len(tokens[last - 1]), role))
        out.append(GoldEvent(f"geneva-{row['wnd_id']}-{n}", text,
                             (starts[trig["start"]], starts[trig["end"] - 1] + len(tokens[trig["end"] - 1])),
                             plover, tuple(args)))
    return out


def rams_events(folder: Path) -> list[GoldEvent]:
    path = folder / "data" / "rams" / "dev.jsonlines"
    if not path.exists():
        return []
    out = []
    for row in _json_rows(path):
        tokens = [t for sentence in row["sentences"] for t in sentence]
        starts, at = [], 0
        for token in tokens:
            starts.append(at)
            at += len(token) + 1
        text = " ".join(tokens)
        first, last, labels = row["evt_triggers"][0]
        kind = ".".join(labels[0][0].split(".")[:2])
        plover = RAMS_TYPES.get(kind)
        if plover is None:
            continue
        args = []
        for _trigger, (a, b), role in row["gold_evt_links"]:
            name = ROLE_NAME.sub("", role)  # "evt089arg01victim" -> "victim"
            label = "agent" if name in RAMS_AGENTS else "patient" if name in RAMS_PATIENTS else "none"
            args.append(Argument(starts[a], starts[b] + len(tokens[b]), label))
        out.append(GoldEvent(f"rams-{row['doc_key']}", text, (starts[first], starts[last] + len(tokens[last])),
                             plover, tuple(args)))
    return out


def gold_units(nlp: object, events: list[GoldEvent], *, batch_size: int = 64) -> list[Unit]:
    """Pairs of each gold trigger with the candidates of its sentence."""
    out: list[Unit] = []
    texts = list(dict.fromkeys(e.text for e in events))
    docs = dict(zip(texts, nlp.pipe(texts, batch_size=batch_size)))
    for event in events:
        doc = docs[event.text]
        words = words_at(doc, *event.trigger)
        trigger = None if words is None else words.root
        if trigger is None:
            continue
        agents, patients = rule_roles(trigger, plover_type=event.plover)
        rules = {**{t.i: "patient" for t in patients}, **{t.i: "agent" for t in agents}}
        out += _pair_units(event.id, doc, trigger.sent, trigger, event.plover, list(event.arguments), rules)
    return out


def _json_rows(path: Path) -> Iterator[dict]:
    text = path.read_text("utf-8")
    try:
        yield from json.loads(text)
    except json.JSONDecodeError:
        yield from (json.loads(line) for line in text.splitlines() if line.strip())


# --- shared -------------------------------------------------------------------------------------------

def _pair_units(unit_id: str, doc: Doc, sent: SpacySpan, trigger: Token | None, plover: str,
                args: list[Argument], rules: dict[int, str]) -> list[Unit]:
    if trigger is None:
        return []
    actors = doc._.polemos_actors.token_actor if doc._.polemos_actors else {}
    out = []
    for cand in candidates(sent, trigger):
        feats = pair_features(trigger, cand, event_type=plover, rule_role=rules.get(cand.i, "none"),
                              has_actor=cand.i in actors)
        out.append(Unit(f"{unit_id}:{cand.i}", feats, pair_vector(cand), {"role": label_of(cand, args)}))
    return out


def label_of(cand: Token, args: list[Argument]) -> str:
    """The role of the innermost argument holding the candidate's characters, else ``none``."""
    start, end = cand.idx, cand.idx + len(cand.text)
    holding = [a for a in args if a.start <= start and end <= a.end]
    if not holding:
        return "none"
    return min(holding, key=lambda a: a.end - a.start).role
