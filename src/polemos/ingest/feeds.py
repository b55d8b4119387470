"""Feeds: RSS and Atom from files or URLs, read with feedparser (``polemos watch``).

Each entry becomes a raw article: its title, the text of its content (else its summary), its
link, its date as written, and the feed's title as the source. An entry is known by its id
(``guid``), else its link, else a hash of its title and text; ``FeedPoller`` yields only the
entries the store has not marked as read, each with the mark that records it once its outcome
is committed (``polemos.store.journal.feed_entries``).

A URL is fetched only because the user gave it; feedparser is always handed the bytes, never
the address (it would fetch a string that looks like a URL itself). A feed that cannot be
fetched or is not a feed is one ``InputError`` per streak of failed polls, not one a poll.
"""
from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from polemos.errors import InputError, MalformedInputError
from polemos.ingest.items import Item
from polemos.ingest.normalize import RawArticle

MAX_FEED_BYTES = 20_000_000
USER_AGENT = "polemos-feed-reader/1 (+https://github.com/polemos)"
BLOCKS = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/li|/h[1-6]|/blockquote|/tr)\s*>")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

Fetch = Callable[[str], bytes]


def is_url(where: str) -> bool:
    return where.lower().startswith(("http://", "https://"))


def load_feed(where: str, *, timeout: float = 30.0) -> bytes:
    """The feed's bytes from a URL or a file; an ``InputError`` says why it could not be had."""
    if not is_url(where):
        try:
            return Path(where).read_bytes()
        except OSError as exc:
            raise InputError(where, f"cannot be read ({exc.strerror}); check the path") from None
    request = urllib.request.Request(where, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(MAX_FEED_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise InputError(where, f"cannot be fetched (HTTP {exc.code} {exc.reason}); check the URL") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        why = getattr(exc, "reason", exc)
        raise InputError(where, f"cannot be fetched ({why}); check the URL and the network") from None
    if len(data) > MAX_FEED_BYTES:
        raise InputError(where, f"is over {MAX_FEED_BYTES:,} bytes; that is not a news feed")
    return data


def parse_feed(where: str, data: bytes) -> list[tuple[str, RawArticle]]:
    """``(entry key, raw article)`` for each entry, in the feed's order."""
    import feedparser

    parsed = feedparser.parse(data)  # bytes: never a URL, which feedparser would fetch
    if not parsed.entries and (parsed.bozo or not parsed.version):
        why = type(parsed.get("bozo_exception")).__name__ if parsed.bozo else "no RSS or Atom elements"
        detail = str(parsed.get("bozo_exception") or "").splitlines()[0][:100] if parsed.bozo else why
        raise MalformedInputError(where, f"is not an RSS or Atom feed ({detail}); check the URL or the file")
    outlet = _text(parsed.feed.get("title")) or None
    return [(entry_id(entry), _article(where, entry, outlet)) for entry in parsed.entries]


def entry_id(entry: Any) -> str:
    known = entry.get("id") or entry.get("link")
    if known:
        return str(known)
    content = f"{entry.get('title', '')}\x00{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(content.encode("utf-8")).hexdigest()[:32]


def _article(where: str, entry: Any, outlet: str | None) -> RawArticle:
    key = entry_id(entry)
    contents = entry.get("content") or []
    body = contents[0].get("value", "") if contents else entry.get("summary", "")
    return RawArticle(origin=f"{where} [{key}]", text=html_to_text(body), title=_text(entry.get("title")) or None,
                      published=entry_date(entry), source=outlet, url=entry.get("link") or None,
                      metadata={"feed": where, "entry": key})


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, with paragraphs as blank lines (Polemos splits on them)."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    import lxml.html

    marked = BLOCKS.sub(lambda m: m.group(0) + "\n\n", fragment)
    try:
        text = lxml.html.fragment_fromstring(marked, create_parent="div").text_content()
    except (ValueError, TypeError, lxml.etree.ParserError):
        text = re.sub(r"<[^>]+>", " ", fragment)
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _text(value: Any) -> str:
    return html_to_text(str(value)) if value else ""


def entry_date(entry: Any) -> str | None:
    """The entry's date as written (its own time zone's day), from ``published`` or ``updated``."""
    for name in ("published", "updated"):
        value = entry.get(name)
        if not value:
            continue
        if ISO_DAY.match(value.strip()):  # Atom: RFC 3339
            return value.strip()[:10]
        try:
            return email.utils.parsedate_to_datetime(value).date().isoformat()  # RSS: RFC 822
        except (TypeError, ValueError, IndexError):
            continue
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")  # feedparser's, in UTC
    return dt.date(*parsed[:3]).isoformat() if parsed else None


class FeedPoller:
    """Polls feeds; each poll yields the entries not read before (``unread``: the store's memory)."""

    def __init__(self, feeds: Iterable[str], *, unread: Callable[[str, list[str]], list[str]],
                 fetch: Fetch = load_feed) -> None:
        self.feeds, self.unread, self.fetch = list(feeds), unread, fetch
        self.failing: dict[str, str] = {}  # feed -> the reason it failed last, while it keeps failing

    def poll(self) -> Iterator[Item]:
        for feed in self.feeds:
            yield from self._poll_one(feed)

    def _poll_one(self, feed: str) -> Iterator[Item]:
        try:
            entries = parse_feed(feed, self.fetch(feed))
        except InputError as exc:
            if self.failing.get(feed) != exc.reason:  # once a streak, not once a poll
                yield Item(exc)
            self.failing[feed] = exc.reason
            return
        self.failing.pop(feed, None)
        by_key = dict(entries)  # an entry repeated in one feed is read once
        for key in self.unread(feed, list(by_key)):
            yield Item(by_key[key], mark=(feed, key))
