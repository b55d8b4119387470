"""Cross-article event merging, the pairwise part: what one report of an event says, and how
alike two reports are. The same event from ten outlets is one event with ten sources.

``features`` reads one event of an article document into a small ``Features`` record (kept in
the store beside the event, ``merge_events``). ``blocking_keys`` says which other reports it is
ever compared with: the same type family (PLOVER quad class), the same country (or either
without one), dates within a window that widens with the date's precision; never all pairs.
``score`` compares two reports: type, date overlap, place distance scaled by each place's
precision, actors (knowledge-base ids, names), figures that agree, and the words of the
evidence. A missing date or place lowers the score (its part counts as uncertain); it does not
forbid a merge. Two things forbid one (``score`` returns ``VETO``): two day-precise dates that
differ, and two precise places far apart or in different countries — two clashes in one town
on different days, a bank bombing in Athens and one in Oregon — and a negated or hypothetical
report against an asserted one (a planned or hypothetical one may still be linked when both are
their articles' main events and their stories agree: a meeting announced, then held). ``score`` is symmetric and depends on the two reports only, so
the clustering built on it (``polemos.store.clusters``) does not depend on arrival order.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from polemos.model import ArticleDocument, Event
from polemos.resolve.ontology import QUAD_CLASS
from polemos.text import fold

THRESHOLD = 0.62  # a pair at or above it is linked (an edge); clusters keep their mean at or above it
VETO = -1.0
EPOCH = dt.date(1970, 1, 1)
WEEK = 7
ANY = "any"  # the time key of every dated main event, which timeless main events look up
FINE_DAYS = 10  # a window this short is filed by its days; a longer one by its weeks
# How far outside its stated range an event may lie, by precision (days): the blocking window
PAD = {"day": 1, "week": 3, "month": 7, "year": 31, "unknown": 7}
# Undated events: the window before the article's publication in which the event is looked for
UNDATED_BEFORE, UNDATED_AFTER = 7, 0
# Place tolerance (km) by ACLED geo-precision: 1 the named town, 2 near it / a district, 3 a region
PLACE_KM = {1: 25.0, 2: 75.0, 3: 250.0}
FAR = 4.0  # precise places further apart than FAR x tolerance are different incidents
# Main events of two articles whose stories share enough words are linked even when their
# extracted types differ in family: the headline incident read two ways (its fields then keep
# both values). Story similarity = the mean of the Dice coefficients of lead words and of name
# words; STORY_BASE + it, so 0.26 reaches THRESHOLD. Chosen on half of the visible ECB+ topics
# (the odd ones: the most lenient value whose precision stays >= 0.86) and checked on the other
# half (docs/merging.md), never on any one page.
STORY_BASE = 0.36
# Types of different families, or modalities: the stories must be closer (0.40, not 0.26), as
# close as before the base moved; any nearer and a headline CONSULT outranks the other article's
# own REJECT of the same meeting (tests/test_merge_running_example.py)
CROSS_FAMILY = 0.14
LEAD_CHARS = 800
WEIGHTS = {"type": 1.0, "date": 2.0, "place": 2.0, "actors": 1.5, "evidence": 2.0, "figures": 0.5}
MISSING = 0.35  # the similarity a missing date, place or actor list counts as
FACTUAL = frozenset({"negated", "hypothetical", "conditional", "future"})  # not plain reports of a fact
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("""a an the and or but of in on at to for from by with as is are was were be been being has have
had it its this that these those he she they them his her their who whom which what when where said says say
told tells according after before over under into than then also not no more most some any all about up out
one two three new other near against between during while there here would could will may might""".split())


@dataclass(frozen=True)
class Features:
    """What merging needs of one reported event (JSON in ``merge_events.features``)."""

    event: str
    article: str
    type: str
    family: int
    modality: tuple[str, ...]
    date_lo: int | None  # days since 1970-01-01; None when the event has no date
    date_hi: int | None
    precision: str
    published: int | None
    country: str | None  # the country of the event's place
    place: dict[str, Any] | None  # geonameid, name, lat, lon, precision, feature, country
    actors: tuple[str, ...]  # folded names and kb ids of actors and recipients
    words: tuple[str, ...]  # content words of the evidence
    figures: tuple[tuple[str, int, int], ...] = field(default=())  # (kind, low, high)
    countries: tuple[str, ...] = field(default=())  # no place: the countries the article names (most first)
    main: bool = False  # the article's main event (its first: most salient)
    story: tuple[str, ...] = field(default=())  # main events: content words of the title and lead
    names: tuple[str, ...] = field(default=())  # main events: words of the article's actor and place names

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Features:
        values = dict(data)
        for key in _TUPLES:
            if key in values:
                values[key] = tuple(values[key])
        values["figures"] = tuple(tuple(f) for f in data.get("figures") or ())
        return cls(**values)


_TUPLES = ("modality", "actors", "words", "story", "names", "countries")


def features(document: ArticleDocument, event: Event) -> Features:
    """The merge features of ``event``, one event of ``document``."""
    main = bool(document.events) and document.events[0].id == event.id
    place = document.place(event.place)
    lo, hi = _days(event.date.start), _days(event.date.end or event.date.start)
    names = []
    for actor_id in (*event.actors, *event.recipients):
        actor = document.actor(actor_id)
        if actor is not None:
            names.append(f"kb:{actor.kb_id}" if actor.kb_id else _name_key(actor.name))
    figures = tuple(sorted((f.kind, _low(f), _high(f)) for f in document.figures
                           if f.event == event.id and f.value is not None and f.scope == "incident"))
    return Features(
        event=event.id, article=document.article.id, type=event.type, family=QUAD_CLASS.get(event.type, 0),
        modality=tuple(sorted(event.modality)), date_lo=lo, date_hi=hi if hi is not None and lo is not None else lo,
        precision=event.date.precision if lo is not None else "unknown", published=_days(document.article.published),
        country=place.country if place else None,
        countries=() if place and place.country else article_countries(document),
        place=_place(place) if place else None, actors=tuple(sorted(set(filter(None, names)))),
        words=tuple(sorted(content_words(event.evidence.text))), figures=figures, main=main,
        story=tuple(sorted(story_words(document))) if main else (),
        names=tuple(sorted(name_words(document))) if main else ())


def story_words(document: ArticleDocument) -> set[str]:
    """What an article's story is about: content words of its title and lead, and its names."""
    article = document.article
    lead = article.text[:LEAD_CHARS] if article.title and article.text.startswith(article.title) else \
        f"{article.title or ''} {article.text[:LEAD_CHARS]}"
    return content_words(lead)


def name_words(document: ArticleDocument) -> set[str]:
    """Words of every actor and place the article names: who and where its story is about."""
    names = {w for a in document.actors for w in content_words(a.name)}
    return names | {w for p in document.places for w in content_words(p.name)}


def article_countries(document: ArticleDocument, *, most: int = 3) -> tuple[str, ...]:
    """The countries of the article's places, most mentioned first (at most ``most``)."""
    counts: dict[str, int] = {}
    for place in document.places:
        if place.country:
            counts[place.country] = counts.get(place.country, 0) + max(1, len(place.mentions))
    return tuple(sorted(counts, key=lambda c: (-counts[c], c))[:most])


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(fold(text).lower()) if len(w) > 2 and w not in _STOP}


def _name_key(name: str) -> str:
    return " ".join(_WORD.findall(fold(name).lower()))


def _place(place: Any) -> dict[str, Any]:
    return {"geonameid": place.geonameid, "name": _name_key(place.name), "lat": place.lat, "lon": place.lon,
            "precision": place.precision, "feature": place.feature, "country": place.country}


def _low(figure: Any) -> int:
    return figure.low if figure.low is not None else figure.value


def _high(figure: Any) -> int:
    return figure.high if figure.high is not None else max(figure.value, _low(figure))


def _days(value: str | None) -> int | None:
    if not value:
        return None
    try:
        return (dt.date.fromisoformat(value[:10]) - EPOCH).days
    except ValueError:
        return None


# --- blocking ---------------------------------------------------------------------------------------

def window(f: Features) -> tuple[int, int] | None:
    """The days in which another report of this event may be placed (None: no date at all)."""
    if f.date_lo is not None and f.date_hi is not None:
        pad = PAD.get(f.precision, PAD["unknown"])
        return f.date_lo - pad, f.date_hi + pad
    if f.published is not None:
        return f.published - UNDATED_BEFORE, f.published + UNDATED_AFTER
    return None


def blocking_keys(f: Features) -> tuple[set[str], set[str]]:
    """(keys it is filed under, keys it looks up): ``family|country|time``.

    Where: an event placed in country C is filed under C and "*" and looks up C and ""; an event
    without a place is filed and looks up under each country its article names (and "*" / "");
    one whose article names none is filed under "" and "*" and looks up "*". When: a window of at
    most ``FINE_DAYS`` days (a day, a week, the week before publication) is filed under its days
    ("D") and weeks ("Wf") and looks up days and the weeks of coarse windows ("Wc"); a coarser one
    (a month, a year) is filed under its weeks ("Wc") and looks up every week key. A main event
    with no time at all (no date, and an article without a publication date) is compared with
    the main events of its countries at any time (``_timeless``). Every pair is found from either
    side, and events of countries neither report names are never compared."""
    (filed, looked), (filed_any, looked_any) = _dated(f), _timeless(f)
    return filed | filed_any, looked | looked_any


def _where(f: Features) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(countries it is filed in, countries it looks in)."""
    countries = (f.country,) if f.country else f.countries
    if countries:
        return (*countries, "*"), (*countries, "")
    return ("", "*"), ("*",)


def _dated(f: Features) -> tuple[set[str], set[str]]:
    filed_in, looked_in = _where(f)
    filed_at, looked_at = _times(window(f))
    families = (str(f.family), "main") if f.main else (str(f.family),)
    filed = {f"{family}|{c}|{t}" for family in families for c in filed_in for t in filed_at}
    looked = {f"{family}|{c}|{t}" for family in families for c in looked_in for t in looked_at}
    return filed, looked


def _timeless(f: Features) -> tuple[set[str], set[str]]:
    """Main events whose time is unknown (an undated page of an undated article) would otherwise
    only meet other timeless ones: a timeless main event looks up ``main|C|any``, under which every
    dated main event is filed, and dated ones look up the timeless (``main|C|none``)."""
    if not f.main:
        return set(), set()
    filed_in, looked_in = _where(f)
    filed_at, looked_at = ("none",), (ANY,)
    if window(f) is not None:
        filed_at, looked_at = (ANY,), ("none",)
    return {f"main|{c}|{t}" for c in filed_in for t in filed_at}, {f"main|{c}|{t}" for c in looked_in for t in looked_at}


def lock_plan(f: Features) -> tuple[set[str], set[str], bool]:
    """(blocking keys to lock, ``timeless|C`` keys to lock after them, whether those are
    exclusive) so that two writers whose reports could be linked wait for each other.

    Every blocking key is locked exclusively except those a *dated* main event has for meeting
    timeless ones (under them every dated main event of a country would wait for every other).
    Instead a dated main event shares ``timeless|C`` for the countries it is filed in, and a
    timeless one takes ``timeless|C`` exclusively for the countries it looks in: a timeless and a
    dated report that could meet wait for each other, two dated ones never do. Taken last, they
    add no deadlock to the sorted blocking keys."""
    filed, looked = _dated(f)
    if not f.main:
        return filed | looked, set(), False
    filed_in, looked_in = _where(f)
    if window(f) is None:
        filed_any, looked_any = _timeless(f)
        return filed | looked | filed_any | looked_any, {f"timeless|{c}" for c in looked_in}, True
    return filed | looked, {f"timeless|{c}" for c in filed_in}, False


def _times(span: tuple[int, int] | None) -> tuple[list[str], list[str]]:
    if span is None:
        return ["none"], ["none"]
    weeks = range(span[0] // WEEK, span[1] // WEEK + 1)
    if span[1] - span[0] <= FINE_DAYS:
        days = [f"D{d}" for d in range(span[0], span[1] + 1)]
        return days + [f"Wf{w}" for w in weeks], days + [f"Wc{w}" for w in weeks]
    coarse = [f"Wc{w}" for w in weeks]
    return coarse, coarse + [f"Wf{w}" for w in weeks]


# --- scoring ----------------------------------------------------------------------------------------

def score(a: Features, b: Features) -> float:
    """How alike two reports are, 0–1, or ``VETO`` when they cannot be one event. Symmetric."""
    story = a.main and b.main
    # only the story can link types of different families, or a plain report and a planned or
    # hypothetical one (the headline incident before and after it happened); a denial never
    told_apart = a.family != b.family or _factual(a) != _factual(b)
    denied = ("negated" in a.modality) != ("negated" in b.modality)
    if a.article == b.article or denied or (told_apart and not story):
        return VETO
    kind = 1.0 if a.type == b.type else 0.4 if a.family == b.family else 0.0
    parts = {"type": kind, "date": date_similarity(a, b),
             "place": place_similarity(a, b),
             "actors": overlap(a.actors, b.actors), "evidence": dice(a.words, b.words)}
    if VETO in (parts["date"], parts["place"]):
        return VETO
    agree = figures_agree(a.figures, b.figures)
    if agree is not None:
        parts["figures"] = agree
    total = sum(WEIGHTS[k] for k in parts)
    value = sum(WEIGHTS[k] * v for k, v in parts.items()) / total
    if not story:
        return value
    if told_apart:
        return min(1.0, STORY_BASE - CROSS_FAMILY + story_similarity(a, b))
    return max(value, min(1.0, STORY_BASE + story_similarity(a, b)))


def story_similarity(a: Features, b: Features) -> float:
    return (dice(a.story, b.story) + dice(a.names, b.names)) / 2


def _factual(f: Features) -> frozenset[str]:
    return frozenset(f.modality) & FACTUAL


def date_similarity(a: Features, b: Features) -> float:
    if a.date_lo is None or b.date_lo is None:
        wa, wb = window(a), window(b)
        if wa is None or wb is None:
            return MISSING * 0.5
        return MISSING if _gap(wa, wb) == 0 else MISSING * 0.5
    gap = _gap((a.date_lo, a.date_hi or a.date_lo), (b.date_lo, b.date_hi or b.date_lo))
    if gap == 0:
        return 1.0
    if a.precision == b.precision == "day":
        return VETO  # two days stated: two incidents, even a day apart
    tolerance = max(PAD.get(a.precision, 7), PAD.get(b.precision, 7))
    return VETO if gap > tolerance else max(0.0, 1.0 - gap / (2 * tolerance))


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def place_similarity(fa: Features, fb: Features) -> float:
    a, b = fa.place, fb.place
    if a is None or b is None:
        near = set((fa.country,) if fa.country else fa.countries) & set((fb.country,) if fb.country else fb.countries)
        return MISSING + (0.15 if near else 0.0)
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return VETO
    if (a.get("geonameid") and a.get("geonameid") == b.get("geonameid")) or (a["name"] and a["name"] == b["name"]):
        return 1.0
    coarse = a.get("feature") == "country" or b.get("feature") == "country"
    km = distance_km(a, b)
    if coarse or km is None:
        return 0.5 if coarse else MISSING
    tolerance = max(PLACE_KM.get(a.get("precision") or 3, 250.0), PLACE_KM.get(b.get("precision") or 3, 250.0))
    if km > FAR * tolerance:
        return VETO
    return max(0.0, 1.0 - km / (FAR * tolerance))


def distance_km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    if None in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return None
    la, lb = math.radians(a["lat"]), math.radians(b["lat"])
    dlat, dlon = lb - la, math.radians(b["lon"] - a["lon"])
    h = math.sin(dlat / 2) ** 2 + math.cos(la) * math.cos(lb) * math.sin(dlon / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def overlap(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Shared actors over the shorter list; a side with none counts as uncertain."""
    if not a or not b:
        return MISSING
    return len(set(a) & set(b)) / min(len(set(a)), len(set(b)))


def dice(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(set(a) & set(b)) / (len(set(a)) + len(set(b)))


def figures_agree(a: tuple[tuple[str, int, int], ...], b: tuple[tuple[str, int, int], ...]) -> float | None:
    """1 when a figure of a kind both give overlaps (5–9 and 7), 0.3 when they differ; None when
    no kind is given by both (figures are often left out; that says nothing)."""
    kinds = {k for k, _, _ in a} & {k for k, _, _ in b}
    if not kinds:
        return None
    agreeing = any(la <= hb and lb <= ha for ka, la, ha in a for kb, lb, hb in b if ka == kb)
    return 1.0 if agreeing else 0.3


def representative_key(f: Features) -> tuple[int, str]:
    """The report that names a cluster: the earliest published, then the smallest event id."""
    return (f.published if f.published is not None else 10**9, f.event)


def canonical_id_of(event_id: str) -> str:
    """The canonical id of a cluster whose representative report is ``event_id``."""
    return "ce_" + event_id.removeprefix("ev_")
