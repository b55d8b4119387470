"""A web page's publication date, with where it came from, read by htmldate (offline, no fetching).

In order of trust: the page's own metadata (``<meta property="article:published_time">``, JSON-LD
``datePublished``, Open Graph, ``<time>`` markup), then a date in its address
(``/2024/05/03/``), then dates found by searching the page's text. The HTML reader passes the
result on as the article's given date, with ``metadata["published_source"]`` set to the source,
so the document says ``html-metadata``, ``url`` or ``html-text`` rather than ``given``.
"""
from __future__ import annotations

import logging

from polemos.ingest.pubdate import DateEvidence

# source, confidence: the page's metadata is what its publisher says; its text may be any date on the page
SOURCES = (("html-metadata", 0.95), ("url", 0.8), ("html-text", 0.5))


def html_publication_date(html: str, url: str | None = None) -> DateEvidence | None:
    """The page's original publication date (YYYY-MM-DD) as evidence, or None when it gives none."""
    from htmldate import find_date  # imported here: only HTML input pays for it

    logging.getLogger("htmldate").setLevel(logging.WARNING)
    attempts = (
        lambda: find_date(html, extensive_search=False, original_date=True),
        lambda: find_date("<html><body></body></html>", url=url, extensive_search=False) if url else None,
        lambda: find_date(html, extensive_search=True, original_date=True),
    )
    for (source, confidence), attempt in zip(SOURCES, attempts):
        try:
            found = attempt()
        except (ValueError, TypeError):  # a page htmldate cannot parse says nothing about its date
            found = None
        if found:
            return DateEvidence(found, source, confidence)
    return None
