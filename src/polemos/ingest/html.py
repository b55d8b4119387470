"""Page bytes to text the way a browser decodes them (crawl archives: ``polemos.ingest.archives``).

Files are decoded strictly (``polemos.ingest.decoding``): a file that is not UTF-8 is the user's
to fix. A crawled page is what the site served, so it is decoded as a browser would.
"""
from __future__ import annotations

import codecs
import re

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def decode_page(body: bytes, content_type: str | None) -> str:
    """Text of a fetched page: the charset of its Content-Type, else of its ``<meta>``, else UTF-8.
    Bytes that are not valid in it become U+FFFD, as in a browser: one bad byte in a crawled
    page must not lose the article, and the replacement character marks the spot."""
    charset = _charset(content_type) or _meta_charset(body[:4096]) or "utf-8"
    try:
        codec = codecs.lookup(charset).name
    except LookupError:  # an unknown label (a typo in the page): UTF-8, as WHATWG decoders fall back
        codec = "utf-8"
    if body.startswith(codecs.BOM_UTF8):  # a byte-order mark outranks every label (WHATWG)
        codec, body = "utf-8", body[len(codecs.BOM_UTF8):]
    return body.decode(codec, errors="replace")


def _charset(content_type: str | None) -> str | None:
    for part in (content_type or "").split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def _meta_charset(head: bytes) -> str | None:
    match = META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None
