"""Casualty and displacement figures (placeholder until the figures grammar lands)."""
from __future__ import annotations

from spacy.tokens import Doc

from polemos.extract.mentions import FigureMention


def find_figures(doc: Doc) -> list[FigureMention]:
    return []
