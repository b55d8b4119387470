"""Choosing an event's place among the places its sentence names: the finest level of a chain.

"in Nad Ali district, Helmand province, Afghanistan" names three places, one inside the next; the
event happened at the innermost (ACLED codes the district, with the province as admin1). The
assembler (``extract/assemble.py``) asks ``finest`` to drop every place that contains another
of the candidates, and ``contains`` whether one place lies inside another.
"""
from __future__ import annotations

from collections.abc import Sequence

from polemos.model import Place

_SETTLEMENTS = ("city", "locality", "other", "region")


def contains(outer: Place, inner: Place) -> bool:
    """Does ``inner`` lie inside ``outer`` by the records' own country, admin1 and admin2?"""
    if outer.id == inner.id or not outer.country or outer.country != inner.country:
        return False
    if outer.feature == "country":
        return inner.feature != "country"
    if outer.feature == "admin1":
        return inner.feature != "admin1" and bool(outer.admin1) and inner.admin1 == outer.admin1
    if outer.feature == "admin2":
        return inner.feature in _SETTLEMENTS and bool(outer.admin2) and inner.admin2 == outer.admin2
    return False


def finest(places: Sequence[Place]) -> list[Place]:
    """The places that contain none of the others."""
    return [p for p in places if not any(contains(p, q) for q in places)]
