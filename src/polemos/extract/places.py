"""Places (placeholder until the gazetteer and place finder land)."""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from polemos.model import Place


@dataclass
class PlaceFindings:
    places: list[Place] = field(default_factory=list)
    token_place: dict[int, str] = field(default_factory=dict)   # token index -> place id
    metonyms: list[tuple[int, int]] = field(default_factory=list)  # token ranges used as actors ("Tripoli said")
    warnings: list[str] = field(default_factory=list)


def find_places(doc: Doc, *, gazetteer: object | None = None) -> PlaceFindings:
    return PlaceFindings()
