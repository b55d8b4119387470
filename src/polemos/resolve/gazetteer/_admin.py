"""Administrative divisions: the province and district each place lies in, and the divisions as places.

Read from the shipped tables ``data/admin_divisions.tsv.gz`` and ``data/admin_of_city.tsv.gz``
(GeoNames' first- and second-level divisions, CC BY 4.0; made by ``_admin_source``). The builder
(``_build``) uses them to give every city its admin1 and admin2 names, and to add each division
as a place of its own (feature ``admin1`` or ``admin2``), located at its most populous town — as
ACLED codes an event known only to a province at the provincial capital.
"""
from __future__ import annotations

import functools
import gzip
import re
from dataclasses import dataclass
from importlib import resources

from polemos.resolve.gazetteer._names import plain_name

# Words that name a kind of division after (or before) its name: "Helmand province", "the district of Nad Ali".
# The level is the usual one; a division whose own type is the word wins over the level.
DIVISION_WORDS: dict[str, int] = {
    "province": 1, "state": 1, "region": 1, "governorate": 1, "oblast": 1, "prefecture": 1, "wilaya": 1,
    "vilayet": 1, "emirate": 1, "territory": 1, "division": 1, "popularate": 1, "canton": 1, "voivodship": 1,
    "district": 2, "county": 2, "department": 2, "municipality": 2, "raion": 2, "rayon": 2, "cercle": 2,
    "circle": 2, "lga": 2, "parish": 2, "zone": 2, "subdistrict": 2, "sub-district": 2, "commune": 2,
}
_DIVISION_TAIL = re.compile(rf"\s+(?:{'|'.join(DIVISION_WORDS)})s?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Division:
    code: str          # GeoNames code: "AF.10" (Helmand), "AF.10.2308" (Nad Ali)
    level: int         # 1 or 2
    geonameid: int
    kind: str          # the division's own type, lower case ("province", "district"), or ""
    name: str          # as ACLED would write it: "Nad Ali"
    names: tuple[str, ...]  # every name to index: the name as GeoNames has it, aliases, aliases less "Province"

    @property
    def country(self) -> str:
        return self.code.split(".")[0]

    @property
    def admin1_code(self) -> str:
        return ".".join(self.code.split(".")[:2])


def _lines(name: str) -> list[str]:
    raw = resources.files("polemos.data").joinpath(name).read_bytes()
    return [line for line in gzip.decompress(raw).decode("utf-8").splitlines() if line and not line.startswith("#")]


@functools.cache
def divisions() -> dict[str, Division]:
    """Every first- and second-level division by GeoNames code."""
    out = {}
    for line in _lines("admin_divisions.tsv.gz"):
        code, level, gid, kind, name, aliases = line.split("\t")
        alts = [a for a in aliases.split("|") if a]
        stripped = [_DIVISION_TAIL.sub("", a) for a in alts]
        kind = kind.lower() or _kind_from(alts)
        out[code] = Division(code, int(level), int(gid), kind, _display(name, alts, stripped),
                             tuple(dict.fromkeys([name, plain_name(name), *alts, *stripped])))
    return out


def _display(name: str, aliases: list[str], stripped: list[str]) -> str:
    """The name to show: "Zhytomyr" for "Zhytomyrska oblast" (its alias without the division word)."""
    if not _DIVISION_TAIL.search(name):
        return plain_name(name)
    short = [s for a, s in zip(aliases, stripped) if s != a and s.isascii()]
    return plain_name(short[0] if short else _DIVISION_TAIL.sub("", name))


def _kind_from(aliases: list[str]) -> str:
    """"Musa Qala District" → "district": the type an alias says, when the table gives none."""
    for alias in aliases:
        tail = alias.rsplit(" ", 1)[-1].lower()
        if tail in DIVISION_WORDS:
            return tail
    return ""


@functools.cache
def city_divisions() -> dict[int, str]:
    """GeoNames id of a cities1000 place → the code of the finest division it lies in."""
    out, gid = {}, 0
    for line in _lines("admin_of_city.tsv.gz"):
        step, code = line.split("\t")
        gid += int(step)
        out[gid] = code
    return out


def chain(country: str, gid: int, admin1_code: str) -> tuple[Division | None, Division | None]:
    """(admin1, admin2) of a city: from the city table, else its GeoNames admin1 code alone."""
    table = divisions()
    code = city_divisions().get(gid)
    if code:
        full = f"{country}.{code}"
        finest = table.get(full)
        if finest is not None and finest.level == 2:
            return table.get(finest.admin1_code), finest
        if finest is not None:
            return finest, None
    return table.get(f"{country}.{admin1_code}"), None
