"""The actor knowledge base: file format, rejected rows, date-bounded roles, look-ups, patterns."""
from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from polemos.errors import DataFileError
from polemos.resolve.actor_kb import COLUMNS, ActorKB, KBEntry, normalise_name

HEADER = ",".join(COLUMNS)
GOOD_ROW = "zz-test,Zora Zenith,person,LBY,GOV,Mayor,,Zenith,2015-01-01,2019-12-31,invented for a test"


def write(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "extra.csv"
    path.write_text("# a user table\n" + header + "\n" + "\n".join(rows) + "\n", "utf-8")
    return path


def row(**cells: str) -> str:
    values = {"kb_id": "zz", "name": "Name", "kind": "person", "country": "LBY", "sector": "GOV", "source": "src"}
    return ",".join({**values, **cells}.get(column, "") for column in COLUMNS)


@pytest.mark.parametrize(("row", "reason"), [
    (row(source=""), "source is empty"),
    (row(kind="robot"), "kind 'robot'"),
    (row(country="Libya"), "country 'Libya'"),
    (row(sector="XYZ"), "sector 'XYZ'"),
    (row() + ",extra", "expected 11 columns"),
    (row(start="2019-13-01"), "start '2019-13-01'"),
    (row(start="2020-01-01", end="2019-01-01"), "is before start"),
    (row(kb_id="Bad Id"), "kb_id 'Bad Id'"),
    (row(name=""), "name is empty"),
    (row(affiliation="no-such-actor"), "affiliation 'no-such-actor'"),
    (row(kind="organization", kb_id="zz-test"), "rows of different kinds"),
])
def test_malformed_row_names_file_line_and_reason(tmp_path: Path, row: str, reason: str) -> None:
    path = write(tmp_path, GOOD_ROW, row)
    with pytest.raises(DataFileError) as error:
        ActorKB.load([path])
    assert error.value.path == str(path.resolve())
    assert error.value.line == 4  # comment, header, good row, bad row
    assert reason in error.value.reason


def test_bad_header_is_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_ROW, header="id,name")
    with pytest.raises(DataFileError, match="header must be"):
        ActorKB.load([path])


def test_shipped_table_loads_fast_and_includes_states() -> None:
    started = time.perf_counter()
    kb = ActorKB.load()
    assert time.perf_counter() - started < 1.0
    assert kb.match("France").country == "FRA"
    assert kb.match("Libya").kind == "country"


def test_user_table_extends_the_shipped_one(tmp_path: Path) -> None:
    kb = ActorKB.load([write(tmp_path, GOOD_ROW)])
    entry = kb.match("zenith", on=dt.date(2018, 1, 1))
    assert (entry.kb_id, entry.role, entry.country) == ("zz-test", "Mayor", "LBY")
    assert kb.match("Emmanuel Macron") is not None  # the shipped rows are still there


@pytest.mark.parametrize(("role", "country", "on", "expected"), [
    ("President", "FRA", dt.date(2019, 5, 24), "Emmanuel Macron"),
    ("French President", None, dt.date(2019, 5, 24), "Emmanuel Macron"),
    ("President", "FRA", dt.date(2015, 5, 24), "François Hollande"),
    ("President", "FRA", dt.date(2010, 1, 1), "Nicolas Sarkozy"),
    ("President", "USA", dt.date(2019, 5, 24), "Donald Trump"),
    ("President", "USA", dt.date(2022, 5, 24), "Joe Biden"),
    ("Prime Minister", "RUS", dt.date(2010, 1, 1), "Vladimir Putin"),
    ("Prime Minister", "LBY", dt.date(2019, 5, 24), "Fayez al-Serraj"),
    ("Prime Minister", "LBY", dt.date(2022, 5, 24), "Abdul Hamid Dbeibah"),
    ("Government", "LBY", dt.date(2019, 5, 24), "Government of National Accord"),
    ("Presidency", "FRA", None, "French presidency"),
    ("President", "FRA", dt.date(1990, 1, 1), "François Mitterrand"),
    ("President", "FRA", dt.date(1950, 1, 1), None),  # before every row the KB has
    ("Prime Minister", "ISR", dt.date(1998, 1, 1), "Benjamin Netanyahu"),  # his first term
    ("Secretary of State", "USA", dt.date(2003, 3, 20), "Colin Powell"),
    ("Foreign Secretary", "GBR", dt.date(1999, 3, 24), "Robin Cook"),
])
def test_office_holder_on_a_date(role: str, country: str | None, on: dt.date | None, expected: str | None) -> None:
    holder = ActorKB.load().office_holder(role, country, on=on)
    assert (holder.name if holder else None) == expected


@pytest.mark.parametrize(("name", "on", "expected"), [
    ("Macron", dt.date(2019, 5, 24), ("macron", "President", "GOV")),
    ("EMMANUEL MACRON", None, ("macron", "President", "GOV")),
    ("Fayez al-Sarraj", dt.date(2019, 5, 24), ("serraj", "Prime Minister", "GOV")),
    ("Fayez Serraj", dt.date(2019, 5, 24), ("serraj", "Prime Minister", "GOV")),
    ("Ghassan Salamé", dt.date(2019, 5, 24),
     ("salame", "Special Representative of the Secretary-General for Libya", "IGO")),
    ("Hollande", dt.date(2019, 5, 24), ("hollande", "former President", "GOV")),
    ("Putin", dt.date(2010, 1, 1), ("putin", "Prime Minister", "GOV")),
    ("Putin", dt.date(2019, 1, 1), ("putin", "President", "GOV")),
    ("Taliban", dt.date(2012, 1, 1), ("taliban", None, "REB")),
    ("Taliban", dt.date(2022, 1, 1), ("taliban", "Government", "GOV")),
    ("Hemedti", dt.date(2023, 5, 1), ("hemedti", "Commander", "PRM")),
    ("Nobody Atall", None, None),
])
def test_match_by_name_or_alias_on_a_date(name: str, on: dt.date | None, expected: tuple | None) -> None:
    entry = ActorKB.load().match(name, on=on)
    assert ((entry.kb_id, entry.role, entry.sector) if entry else None) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Fayez al-Serraj", "fayez serraj"),
    ("Élysée", "elysee"),
    ("Al Jazeera", "jazeera"),
    ("the UN", "un"),
    ("Secretary-General’s", "secretary general"),
])
def test_normalise_name(text: str, expected: str) -> None:
    assert normalise_name(text) == expected


def test_patterns_cover_every_name_and_alias_with_the_kb_id() -> None:
    patterns = ActorKB.load().patterns()
    by_phrase = {(p["pattern"], p["id"]): p["label"] for p in patterns}
    assert by_phrase[("Khalifa Haftar", "haftar")] == "PERSON"
    assert by_phrase[("Hifter", "haftar")] == "PERSON"
    assert by_phrase[("GNA", "gna")] == "ORG"
    assert by_phrase[("Elysee", "fra-presidency")] == "ORG"
    assert by_phrase[("Ghassan Salame", "salame")] == "PERSON"
    assert not any(p["id"].startswith("country:") for p in patterns)


def test_entries_are_frozen() -> None:
    entry = ActorKB.load().match("Macron")
    assert isinstance(entry, KBEntry)
    with pytest.raises(AttributeError):
        entry.role = "King"  # type: ignore[misc]


def test_every_shipped_row_records_its_source() -> None:
    kb = ActorKB.load()
    assert all(entry.source for entry in kb.entries)
