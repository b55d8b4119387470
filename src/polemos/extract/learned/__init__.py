"""The learned reading of each event the rules found: PLOVER type, ACLED sub-event type, modality.

Place in the pipeline: ``polemos_learned`` runs after ``polemos_events`` and rewrites its event
mentions. For each event it scores the event's sentence with three trained heads (``_heads``,
over ``_features``: words, parse, the parser's vectors and the rules' own verdict) and decides:

- **PLOVER type**: the rules keep their type unless the model gives it under ``KEEP`` and gives
  another type at least ``SWITCH``. The rules are precise where their lexicon and patterns match
  (measured on the visible gold), the model generalises to wordings the lexicon lacks; a switch
  needs the model to be sure *and* the rules' reading to be unlikely.
- **ACLED sub-event type**: the rules' sub-event stays while the model gives it at least
  ``ACLED_KEEP`` (0: whenever the rules gave one that fits the type); otherwise the model's best
  sub-event compatible with the final PLOVER type wins when it has at least ``ACLED_MIN``; else
  the rules' crosswalk stays. Measured on the project's unseen stand-in (``polemos evaluate
  acled-libya``), letting the model override the rules' sub-event did not help (0.549 against the
  rules' 0.561), so today the model fills only what the rules leave open.
- **Modality**: the model adds negated, future, hypothetical or conditional when the rules found
  no modality, the model is at least ``MODALITY_MIN`` sure *and* the sentence holds a cue of that
  kind (a negation, a modal verb, "if"); never to a REJECT or ACCUSE, whose denial is the event
  itself ("Moscow denied the accusation"); it never removes a rule's modality (the rules' cue
  words are precise).
- **Confidence**: the model's calibrated probability of the final type (temperature fitted on the
  training corpus' dev split), averaged with the rules' prior when the two agree.
- **Roles** (``polemos_roles``, a step of its own after this one; ``_assign``): a fourth head reads
  each (trigger, noun phrase) pair of the event's sentence as agent, patient or neither; the rules'
  roles stay, the head fills the roles they left empty (see ``_assign`` for the thresholds).

The heads are trained by ``scripts/train_heads.py`` on the project's own corpus
(``data/training/``, CC0, with its labelling guide); see docs/events.md.
"""
from __future__ import annotations

import dataclasses

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from polemos.extract.learned._assign import read_roles
from polemos.extract.learned._features import dense_features, sentence_features
from polemos.extract.learned._heads import Head, load
from polemos.extract.learned._roles import trigger_words
from polemos.mentions import EventMention
from polemos.resolve.ontology import ACLED_EVENT_OF, crosswalk

KEEP = 0.02
SWITCH = 0.9
ACLED_KEEP = 0.0
ACLED_MIN = 0.35
MODALITY_MIN = 0.75
# the cue a sentence must hold before the model may add each modality
CUES = {"negated": ("NEG=",), "future": ("MD=",), "hypothetical": ("MD=",), "conditional": ("IF",)}
DENIALS = frozenset({"REJECT", "ACCUSE"})

_VIOLENT = ("Armed clash", "Government regains territory", "Non-state actor overtakes territory", "Chemical weapon",
            "Air/drone strike", "Suicide bomb", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
            "Grenade", "Sexual violence", "Attack", "Abduction/forced disappearance", "Mob violence",
            "Excessive force against protesters", "Looting/property destruction", "Disrupted weapons use")
# Which ACLED sub-events each PLOVER type can stand for (the ACLED codebook's definitions).
COMPATIBLE: dict[str, frozenset[str]] = {
    "ASSAULT": frozenset(_VIOLENT),
    "PROTEST": frozenset({"Peaceful protest", "Protest with intervention", "Excessive force against protesters",
                          "Violent demonstration", "Mob violence"}),
    "COERCE": frozenset({"Arrests", "Disrupted weapons use", "Looting/property destruction", "Protest with intervention",
                         "Change to group/activity", "Other"}),
    "MOBILIZE": frozenset({"Headquarters or base established", "Change to group/activity", "Other"}),
    "RETREAT": frozenset({"Non-violent transfer of territory", "Agreement", "Change to group/activity", "Other"}),
    "AGREE": frozenset({"Agreement"}), "SUPPORT": frozenset({"Agreement"}), "CONCEDE": frozenset({"Agreement"}),
}


def read_events(doc: Doc, events: list[EventMention], *, heads: dict[str, Head] | None = None) -> list[EventMention]:
    """The events with the learned heads' reading laid over the rules' (see the module docstring)."""
    heads = heads or load()
    cache: dict[int, tuple[list[str], object]] = {}
    out = []
    for event in events:
        words = trigger_words(doc, event)
        out.append(event if words is None else _reread(event, words.root.sent, heads, cache))
    return out


def _reread(event: EventMention, sent: SpacySpan, heads: dict[str, Head], cache: dict) -> EventMention:
    feats = sentence_features(sent, event)
    if sent.start not in cache:
        cache[sent.start] = dense_features(sent)
    vector = cache[sent.start]
    kind, type_p, agreed = _type(event, heads["plover"], feats, vector)
    changes: dict = {}
    if kind != event.type:
        walk = crosswalk(kind)
        changes.update(type=kind, mode=None, cameo=walk.cameo, acled_event_type=walk.acled_event_type,
                       acled_sub_event_type=walk.acled_sub_event_type)
    rule_sub = changes.get("acled_sub_event_type", event.acled_sub_event_type)
    sub = _acled(kind, rule_sub, heads["acled"], feats, vector)
    if sub is not None:
        changes.update(acled_event_type=ACLED_EVENT_OF[sub], acled_sub_event_type=sub)
    modality = _modality(event, kind, heads["modality"], feats, vector)
    if modality:
        changes["modality"] = (*event.modality, modality)
    confidence = (type_p + event.confidence) / 2 if agreed else type_p
    changes["confidence"] = round(min(max(confidence, 0.05), 0.99), 3)
    return dataclasses.replace(event, **changes)


def _type(event: EventMention, head: Head, feats: list[str], vector: object) -> tuple[str, float, bool]:
    p = head.probabilities(feats, vector)
    ranked = sorted(((float(p[k]), label) for k, label in enumerate(head.labels) if label != "NONE"), reverse=True)
    rule_p = next((q for q, label in ranked if label == event.type), 0.0)
    top_p, top = ranked[0]
    if top != event.type and top_p >= SWITCH and rule_p < KEEP:
        return top, top_p, False
    return event.type, rule_p, True


def _acled(kind: str, rule_sub: str | None, head: Head, feats: list[str], vector: object) -> str | None:
    allowed = COMPATIBLE.get(kind)
    if not allowed:
        return None
    p = head.probabilities(feats, vector)
    by_label = {label: float(p[k]) for k, label in enumerate(head.labels)}
    if rule_sub in allowed and by_label.get(rule_sub, 0.0) >= ACLED_KEEP:
        return None
    q, best = max((by_label[label], label) for label in head.labels if label in allowed)
    return best if q >= ACLED_MIN else None


def _modality(event: EventMention, kind: str, head: Head, feats: list[str], vector: object) -> str | None:
    if event.modality or kind in DENIALS:
        return None
    label, q = head.best(feats, vector)
    if label not in CUES or q < MODALITY_MIN:
        return None
    return label if any(f.startswith(CUES[label]) for f in feats) else None


load_heads = load

__all__ = ["COMPATIBLE", "load_heads", "read_events", "read_roles"]
