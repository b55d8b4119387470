"""Actors (placeholder until the actor finder lands)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from spacy.tokens import Doc

from polemos.extract.places import PlaceFindings
from polemos.model import Actor


@dataclass
class ActorFindings:
    actors: list[Actor] = field(default_factory=list)
    token_actor: dict[int, str] = field(default_factory=dict)  # token index -> actor id (names, pronouns, descriptions)
    warnings: list[str] = field(default_factory=list)


def find_actors(doc: Doc, *, kb: object | None = None, published: dt.date | None = None,
                places: PlaceFindings | None = None) -> ActorFindings:
    return ActorFindings()
