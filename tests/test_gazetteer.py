"""The gazetteer: name normalisation, look-ups, capitals, demonyms, supplement validation, the cache."""
from __future__ import annotations

import pytest

from polemos.errors import DataFileError
from polemos.resolve.gazetteer import _table as gz  # the index module: the test replaces its builder
from polemos.resolve.gazetteer import Gazetteer, country_of_demonym, default_gazetteer, iso3
from polemos.resolve.gazetteer._build import read_supplement
from polemos.resolve.gazetteer._names import normalize

HEADER = "name,alternatenames,country,admin1,feature,lat,lon,population,geonameid,source\n"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize("name, key", [
    ("Tripoli", "tripoli"),
    ("TRIPOLI", "tripoli"),
    ("Az-Zāwiyah", "zawiyah"),
    ("al-Zawiyah", "zawiyah"),
    ("Zawiyah", "zawiyah"),
    ("Tājūrā’", "tajura"),
    ("Salah al-Din", "salah din"),
    ("Şalāḩ ad Dīn", "salah din"),
    ("Qaşr Bin Ghashīr", "qasr bin ghashir"),
    ("the United States", "united states"),
    ("U.S.", "u s"),
    ("Ma'rib", "marib"),
    ("Al", "al"),          # a one-word name keeps its only word
    ("El Paso", "paso"),
])
def test_normalize(name: str, key: str) -> None:
    assert normalize(name) == key


@pytest.mark.parametrize("name, country, feature", [
    ("Tripoli", "LY", "city"),
    ("Tripoli", "LB", "city"),
    ("Ain Zara", "LY", "locality"),
    ("Tajoura", "LY", "city"),
    ("Janzour", "LY", "city"),
    ("Qasr bin Ghashir", "LY", "city"),
    ("Wadi Rabie", "LY", "locality"),
    ("Abu Salim", "LY", "locality"),
    ("Misrata", "LY", "city"),
    ("Libya", "LY", "country"),
    ("the U.S.", "US", "country"),
    ("Britain", "GB", "country"),
    ("Louisiana", "US", "admin1"),
    ("La.", "US", "admin1"),
    ("Africa", None, "region"),
])
def test_candidates(gaz: Gazetteer, name: str, country: str | None, feature: str) -> None:
    assert any(c.country == country and c.feature == feature for c in gaz.candidates(name))


def test_unknown_name_has_no_candidates(gaz: Gazetteer) -> None:
    assert gaz.candidates("Qwzxplorania") == ()


@pytest.mark.parametrize("iso2, capital, lat, lon", [
    ("FR", "Paris", 48.85, 2.35),
    ("LY", "Tripoli", 32.89, 13.19),
    ("US", "Washington", 38.90, -77.04),
])
def test_capital(gaz: Gazetteer, iso2: str, capital: str, lat: float, lon: float) -> None:
    entry = gaz.capital(iso2)
    assert entry is not None and entry.name == capital
    assert entry.lat == pytest.approx(lat, abs=0.05) and entry.lon == pytest.approx(lon, abs=0.05)


@pytest.mark.parametrize("word, iso2", [
    ("French", "FR"), ("Libyan", "LY"), ("Libyans", "LY"), ("American", "US"), ("British", "GB"),
    ("Syrian", "SY"), ("Sri Lankan", "LK"), ("Emirati", "AE"), ("Saudi", "SA"), ("Haftar", None), ("the", None),
])
def test_country_of_demonym(word: str, iso2: str | None) -> None:
    assert country_of_demonym(word) == iso2


@pytest.mark.parametrize("iso2, alpha3", [("LY", "LBY"), ("fr", "FRA"), ("US", "USA"), ("XX", None), (None, None)])
def test_iso3(iso2: str | None, alpha3: str | None) -> None:
    assert iso3(iso2) == alpha3


@pytest.mark.parametrize("row, reason", [
    ("Nowhere,,LY,,locality,abc,13.2,,,me\n", "lat 'abc' is not a number"),
    ("Nowhere,,LY,,locality,95,13.2,,,me\n", "latitude 95.0 out of range"),
    ("Nowhere,,LY,,locality,32.8,-181,,,me\n", "longitude -181.0 out of range"),
    ("Nowhere,,LY,,locality,32.8,nan,,,me\n", "not a finite number"),
    ("Nowhere,,LY,,locality,,13.2,,,me\n", "lat '' is not a number"),
    ("Nowhere,,LY,,village,32.8,13.2,,,me\n", "feature 'village' is not one of"),
    ("Nowhere,,LY,,locality,32.8,13.2,,,\n", "no source"),
    (",,LY,,locality,32.8,13.2,,,me\n", "empty name"),
])
def test_bad_supplement_row_names_file_line_and_reason(tmp_path, row: str, reason: str) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("# my places\n" + HEADER + "Good,,LY,,locality,32.8,13.2,,,me\n" + row, "utf-8")
    with pytest.raises(DataFileError) as info:
        list(read_supplement(path))
    assert info.value.path == str(path) and info.value.line == 4 and reason in info.value.reason


def test_user_supplement_adds_places(tmp_path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(HEADER + "Qwzxplorania,Qwz|Qwzx Town,LY,,locality,31.5,14.25,,,field notes\n", "utf-8")
    gaz = Gazetteer.load(supplements=[path])
    (entry,) = gaz.candidates("Qwzx Town")
    assert (entry.name, entry.country, entry.lat, entry.lon, entry.source) == (
        "Qwzxplorania", "LY", 31.5, 14.25, "field notes")
    assert default_gazetteer().candidates("Qwzx Town") == ()  # the shared one is untouched


def test_cache_is_written_once_and_reloaded(tmp_path, monkeypatch) -> None:
    calls = []

    def tiny_tables() -> dict:
        calls.append(1)
        return {"cols": [[1], ["Somewhere"], [1.0], [2.0], ["LY"], [""], ["locality"], [0], ["test"]],
                "index": {"somewhere": 0}, "countries": {}}

    monkeypatch.setattr(gz, "build_tables", tiny_tables)
    first = Gazetteer.load(cache_dir=tmp_path)
    second = Gazetteer.load(cache_dir=tmp_path)
    assert calls == [1]
    assert [p.name for p in tmp_path.iterdir()] == [gz.cache_path(tmp_path).name]
    assert gz.cache_path(tmp_path).name.startswith(f"gazetteer-v{gz.INDEX_VERSION}-")
    assert first.candidates("Somewhere") == second.candidates("Somewhere") != ()


@pytest.mark.parametrize("lat, lon, iso2", [(32.9, 13.2, "LY"), (48.8, 2.3, "FR"), (40.7, -74.0, "US")])
def test_nearest_country(gaz: Gazetteer, lat: float, lon: float, iso2: str) -> None:
    assert gaz.nearest_country(lat, lon) == iso2


@pytest.mark.parametrize("name, states", [
    ("Rapides Parish", ("Louisiana",)),
    ("DuPage County", ("Illinois",)),
    ("Atlantis County", ()),
])
def test_us_county_states(name: str, states: tuple[str, ...]) -> None:
    from polemos.resolve.gazetteer._counties import county_states

    assert county_states(name) == states


def test_henry_county_is_in_many_states() -> None:
    from polemos.resolve.gazetteer._counties import county_states

    assert {"Georgia", "Tennessee", "Virginia"} <= set(county_states("Henry County"))


@pytest.mark.parametrize("address, iso", [
    ("http://www.lfpress.ca/news/local/2009/03/20/story.html", "CA"),
    ("thisisoxfordshire.co.uk", "GB"),
    ("https://en.wikinews.org/wiki/Some_story", None),   # generic domain: no evidence
    ("http://bit.ly/abc", None),                        # a country code sold as a generic ending
    ("Reuters", None),
    (None, None),
])
def test_country_of_address(address, iso) -> None:
    from polemos.resolve.gazetteer._tld import country_of_address

    assert country_of_address(address) == iso
