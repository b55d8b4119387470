"""Ranking a place name's gazetteer candidates: population, the document's focus, nearby places.

Used by the place finder (``extract/places/__init__.py``) after it has collected the mentions of a
document. Nothing here touches spaCy: a ``Mention`` is token offsets, the looked-up text and
its candidates. ``best`` picks one candidate per mention; ``spatial_support`` measures how
many other names of the document have a reading beside a candidate ("Athens" with "Georgia").
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from polemos.resolve.gazetteer._admin import DIVISION_WORDS
from polemos.resolve.gazetteer._build import km
from polemos.resolve.gazetteer._names import normalize
from polemos.resolve.gazetteer._table import GazEntry


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of tokens that names or describes a place, with what the gazetteer offers for it."""

    start: int                       # token range [start, end)
    end: int
    text: str                        # the name looked up (without "the", without ", Libya")
    candidates: tuple[GazEntry, ...]
    qualifier: str | None = None     # ISO2 or admin1 name from "Tripoli, Libya" / "Alexandria, La."
    region_of: str | None = None     # "western" when the mention is "western Libya"
    division: str | None = None      # "province" in "Helmand province", "district" in "the district of Nad Ali"


# Base scores of the divisions GeoNames lists (``_admin``): below a town of the name ("Gao" the city,
# not the region) unless the text says "province" or "district", above a village ("Kunar" the province).
DIVISION_BASE = {"admin1": 4.5, "admin2": 3.6}
ADMIN_FEATURES = ("admin1", "admin2")


def in_area(entry: GazEntry, code: str) -> bool:
    """Is the place inside the country (ISO2), first-level or second-level division (by name) ``code``?"""
    return (entry.country == code or entry.admin1 == code or entry.admin2 == code) and entry.feature != "country"


def score(entry: GazEntry, mention: Mention, focus: Counter, anchors: list[GazEntry]) -> float:
    """Higher is likelier: population, an exact (not alternate) name, the document's focus, nearby places."""
    if entry.feature == "country":
        base = 8.0  # a country's name means the country, unless the focus says a state ("Georgia" among Texas towns)
    elif entry.feature in DIVISION_BASE and entry.source == "GeoNames admin":
        base = DIVISION_BASE[entry.feature]
    elif entry.feature in ("admin1", "region"):
        base = 6.5
    else:
        base = math.log10(entry.population + 10)
    if normalize(entry.name) == normalize(mention.text):
        base += 1.0
    total = sum(v for k, v in focus.items() if is_iso2(k))
    if total and entry.country:
        base += 3.0 * focus[entry.country] / total
        if entry.admin1 and focus[entry.admin1] and entry.feature != "admin1":
            base += 1.5
    if anchors and entry.feature in ("city", "locality", "other"):
        nearest = min(km(entry.lat, entry.lon, a.lat, a.lon) for a in anchors)
        base += 2.0 if nearest < 150 else 1.0 if nearest < 400 else 0.0
    return base


def best(mention: Mention, focus: Counter, anchors: list[GazEntry],
         support: dict[tuple[str, GazEntry], int] | None = None) -> GazEntry | None:
    options = mention.candidates
    if mention.qualifier:
        options = tuple(c for c in options if in_area(c, mention.qualifier)) or options
    if mention.region_of:
        options = tuple(c for c in options if c.feature in ("country", "admin1")) or options
    if mention.division:
        options = by_division(options, mention.division)
    if not options:
        return None
    key = normalize(mention.text)
    if not mention.qualifier and any(c.feature == "country" for c in options):
        # "China", "Mexico": a country's name means the country, not China, Texas or Mexico City, unless
        # the document names the town's state and nothing else in it points to that country
        # ("Jordan" in a Minnesota story; not "China" beside "Chinese exporters" in a Texas one).
        countries = {c.country for c in options if c.feature == "country"}
        options = tuple(c for c in options if c.feature not in ("city", "locality")
                        or (c.admin1 and focus[c.admin1] > 0 and not any(focus[k] for k in countries))) or options
    if not mention.qualifier and any(_broad(c, focus) for c in options):
        # "the Atlantic", "California", "Soum": the ocean, region, state or province, not a village of
        # the name (Atlantic, Iowa; California, Pennsylvania; Soum, Senegal).
        options = tuple(c for c in options if c.feature != "locality") or options
    support = support or {}
    return max(options, key=lambda e: (score(e, mention, focus, anchors) + 1.2 * support.get((key, e), 0),
                                       e.population))


def _broad(entry: GazEntry, focus: Counter) -> bool:
    """A region or division that outranks a village of its name: the supplement's always; one of
    GeoNames' thousands of divisions only when the document is about its country, or about none
    (a Dublin, Ohio story's "Dublin" is not Dublin City, Ireland)."""
    if entry.feature not in ("region", "admin1", "admin2"):
        return False
    if entry.source != "GeoNames admin":
        return entry.feature != "admin2"
    return not any(focus[k] for k in focus if is_iso2(k)) or focus[entry.country] > 0


def by_division(options: tuple[GazEntry, ...], word: str) -> tuple[GazEntry, ...]:
    """"Helmand province", "Soum province", "Nad Ali district": the divisions of that type, else of
    the word's usual level, else any division; the towns of the name only when no division has it."""
    word = word.lower().rstrip("s")
    divisions = tuple(c for c in options if c.feature in ADMIN_FEATURES)
    typed = tuple(c for c in divisions if c.division == word)
    level = f"admin{DIVISION_WORDS.get(word, 1)}"
    return typed or tuple(c for c in divisions if c.feature == level) or divisions or options


SUPPORT_CANDIDATES = 12   # per name, the most populous; enough for "Athens" or "Alexandria"
SUPPORT_NAMES = 40        # distinct names looked at per document (keeps the cost bounded)


def spatial_support(mentions: list[Mention]) -> dict[tuple[str, GazEntry], int]:
    """For each (name, candidate): how many other names in the document have a candidate beside it.

    Places named together tend to lie together: "Athens" with "Georgia" is Athens, Georgia, and
    "Georgia" with "Athens" is the state. A candidate is supported by another name when one of
    that name's candidates contains it (its state or country) or lies within about 150 km.
    Capped at 3 so that support never outweighs a clear focus.
    """
    names: dict[str, tuple[GazEntry, ...]] = {}
    for m in mentions:
        key = normalize(m.text)
        if key not in names and len(names) < SUPPORT_NAMES and m.candidates:
            names[key] = tuple(sorted(m.candidates, key=lambda e: -e.population)[:SUPPORT_CANDIDATES])
    if len(names) < 2 or all(len(c) == 1 for c in names.values()):
        return {}
    # A supporter must be a plausible reading of its own name: Paris, Ontario (12,000 people) does not
    # vouch for London, Ontario when Paris, France is the other reading.
    plausible = {key: tuple(d for d in cands if _plausible(d, cands)) for key, cands in names.items()}
    out: dict[tuple[str, GazEntry], int] = {}
    for key, cands in names.items():
        if len(cands) == 1:
            continue
        for c in cands:
            n = sum(1 for other, ocands in plausible.items() if other != key and any(_beside(c, d) for d in ocands))
            if n:
                out[(key, c)] = min(n, 3)
    return out


def _plausible(d: GazEntry, cands: tuple[GazEntry, ...]) -> bool:
    if d.feature not in ("city", "locality"):
        return True
    top = max((c.population for c in cands if c.feature in ("city", "locality")), default=0)
    return d.population >= 0.05 * top


def _beside(c: GazEntry, d: GazEntry) -> bool:
    if c.feature == "country":
        return d.country == c.country and d.feature != "country"
    if c.feature == "admin1":
        return d.admin1 == c.admin1 and d.country == c.country and d.feature != "admin1"
    if d.feature == "admin1":
        return c.admin1 is not None and c.admin1 == d.admin1 and c.country == d.country
    if c.feature == "admin2" or d.feature == "admin2":
        return c.admin2 is not None and c.admin2 == d.admin2 and c.country == d.country
    if d.feature in ("country", "region"):
        return False  # the focus already weighs the country
    # within about 150 km: a cheap box test, no trigonometry
    return abs(c.lat - d.lat) < 1.35 and abs(c.lon - d.lon) < 1.35 / max(0.2, math.cos(math.radians(c.lat)))


def is_iso2(key: str) -> bool:
    # The focus counts countries (ISO2) and US states (names) together; states are never two capitals.
    return len(key) == 2 and key.isupper()
