"""Crawl archives: WARC and WARC.gz, the format of news crawls such as CC-NEWS, read with warcio.

Each HTML response (status 200) becomes a raw article: main text by trafilatura, the target URL
as its URL, the crawl date kept as ``metadata["crawled"]``. Other page records are ``Skipped``
with a short reason (``HTTP 301``, ``not HTML (image/jpeg)``, ``revisit record``); records that
only describe others (``warcinfo``, ``request``, ``metadata``) are not items at all.

warcio alone does not reliably flag a damaged or cut file (stack notes: a record silently short,
or simply missing), so three checks are added: every byte warcio reads from a ``.warc.gz`` also
passes through an independent gzip check, and a record is released only once the gzip member
holding it is known to be complete; each record's block must be as long as its Content-Length
says; and its payload digest, when it has one, must match. A record that fails is an
``InputError`` naming the file and byte offset; the records before it are kept.

Reading can start at any record's byte offset (what a resumed run does): in a ``.warc.gz`` each
record is its own gzip member, so an offset is also a member boundary.
"""
from __future__ import annotations

import contextlib
import dataclasses
import io
import zlib
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from polemos.errors import EncodingError, InputError, MalformedInputError
from polemos.ingest.html import decode_page
from polemos.ingest.items import Skipped, Value
from polemos.ingest.normalize import RawArticle

PAGE_RECORDS = {"response", "resource", "revisit"}  # the records that stand for a page
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_PAGE_BYTES = 20_000_000  # a bigger "page" is not an article; trafilatura would take minutes
CUT = "the file is cut short; download it again"


def is_warc(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".warc", ".warc.gz"))


def read_warc(path: str, *, start: int = 0) -> Iterator[tuple[Value, int]]:
    """``(value, offset of the next record)`` for each page record from byte ``start`` on."""
    with open(path, "rb") as fh:
        fh.seek(start)
        gzipped = fh.read(2) == b"\x1f\x8b"
        fh.seek(start)
        stream = _GzipCheck(fh) if gzipped else fh
        yield from _records(path, stream, gzipped=gzipped)


def _records(path: str, stream: Any, *, gzipped: bool) -> Iterator[tuple[Value, int]]:
    from warcio.archiveiterator import ArchiveIterator

    iterator = ArchiveIterator(stream, check_digests=True)
    records = iter(iterator)
    held: deque[tuple[Value, int]] = deque()  # read, but their gzip member is not yet known to be whole
    offset = end = stream.tell()
    size = Path(path).stat().st_size
    while True:
        try:
            with contextlib.redirect_stderr(io.StringIO()):  # warcio prints its warnings; we report them
                record = next(records, None)
                if record is None:
                    break
                offset = iterator.offset
                held_value = _checked(f"{path}@{offset}", record, iterator, size)
        except Exception as exc:
            if gzipped:
                stream.drain()  # a cut or damaged gzip member is the better explanation when there is one
            yield from _release(held, stream, gzipped=gzipped)
            yield _broken(path, offset, exc, stream if gzipped else None), Path(path).stat().st_size
            return
        value, end = held_value
        if isinstance(value, InputError) and CUT in value.reason:  # nothing after a cut is read
            end = Path(path).stat().st_size
            held.append((value, end + 1))  # and in a .warc.gz it is reported unless the gzip check explains it
            break
        if value is not None:
            held.append(held_value)
        yield from _release(held, stream, gzipped=gzipped)
    yield from _finish(path, held, stream, gzipped=gzipped, end=end)


def _checked(label: str, record: Any, iterator: Any, size: int) -> tuple[Value | None, int]:
    """The record's value, and the offset where the next record starts."""
    if not str(record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
        # Content-Length is required: without it (or with half of it) the headers were cut
        return MalformedInputError(label, f"record has no Content-Length; {CUT}"), iterator.offset
    value = _value(label, record)
    _drain(record.raw_stream)
    short = getattr(record.raw_stream, "limit", 0)
    if short > 0:  # whatever the record was, its block is cut: what was parsed of it is not trusted
        return EncodingError(label, f"record ends {short:,} bytes before its Content-Length; {CUT}"), iterator.offset
    errors = iterator.err_count
    iterator.read_to_end()
    if iterator.err_count > errors and not isinstance(value, InputError):
        value = MalformedInputError(label, "record's Content-Length does not match its data; the record is damaged")
    if iterator.reader is not None and not iterator.reader.decompressor and _unterminated(iterator, size):
        # warcio reads a record cut inside its headers as a shorter, complete one; only the missing
        # CRLF CRLF that ends every record shows the cut (a .warc.gz has its gzip check instead)
        value = EncodingError(label, f"record ends without the blank lines that close a record; {CUT}")
    return value, iterator.offset


def _unterminated(iterator: Any, size: int) -> bool:
    start, length = iterator.member_info
    return iterator.offset >= size and iterator.offset - (start + length) < 4


def _finish(path: str, held: deque[tuple[Value, int]], stream: Any, *, gzipped: bool,
            end: int) -> Iterator[tuple[Value, int]]:
    """After the last record: whatever the checks still hold back is not trusted."""
    size = Path(path).stat().st_size
    if gzipped:
        stream.drain()
        yield from _release(held, stream, gzipped=True)
        untrusted = [value for value, _ in held]  # in a gzip member that never ended well
        held.clear()
        if untrusted or stream.problem:
            first = next((v for v in untrusted if isinstance(v, InputError)), None)
            yield first or EncodingError(f"{path}@{stream.verified}", stream.problem or f"gzip ends early; {CUT}"), size
        return
    yield from held
    held.clear()
    if end < size and not _blank_from(path, end):  # warcio ends quietly inside a record's headers
        yield MalformedInputError(f"{path}@{end}", f"ends inside a record's headers; {CUT}"), size


def _blank_from(path: str, offset: int) -> bool:
    with open(path, "rb") as fh:
        fh.seek(offset)
        return not fh.read(1 << 16).strip()


def _release(held: deque[tuple[Value, int]], stream: Any, *, gzipped: bool) -> Iterator[tuple[Value, int]]:
    while held and (not gzipped or held[0][1] <= stream.verified):
        yield held.popleft()


def _broken(path: str, offset: int, exc: Exception, check: _GzipCheck | None) -> InputError:
    if check is not None and check.problem:
        return EncodingError(f"{path}@{check.verified}", check.problem)
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return MalformedInputError(f"{path}@{offset}", f"is not a readable WARC record ({detail[:120]}); "
                                                   f"the rest of the file is not read; {CUT}")


def _value(label: str, record: Any) -> Value | None:
    kind = record.rec_type
    if kind not in PAGE_RECORDS:
        return None
    if kind == "revisit":
        return Skipped(label, "revisit record (no payload)")
    if kind == "response":
        if record.http_headers is None:
            return Skipped(label, "not an HTTP response")
        status = record.http_headers.get_statuscode()
        if status != "200":
            return Skipped(label, f"HTTP {status}")
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    mime = (content_type or "").split(";")[0].strip().lower()
    if mime not in HTML_TYPES:
        return Skipped(label, f"not HTML ({mime or 'no content type'})")
    return _page(label, record, content_type)


def _page(label: str, record: Any, content_type: str | None) -> Value:
    try:
        body = record.content_stream().read(MAX_PAGE_BYTES + 1)
    except (OSError, EOFError, zlib.error, ValueError) as exc:  # a Content-Encoding that does not decode
        return MalformedInputError(label, f"page body does not decode ({exc}); the record is damaged")
    _drain(record.raw_stream)
    if getattr(record.raw_stream, "limit", 0) > 0:
        return None  # cut short: ``_checked`` says so
    if record.digest_checker.passed is False:
        return MalformedInputError(label, "record's payload digest does not match: the record is corrupt")
    if len(body) > MAX_PAGE_BYTES:
        return InputError(label, f"page is over {MAX_PAGE_BYTES:,} bytes; it is not an article page")
    raw = read_html(label, decode_page(body, content_type))  # the same main text as an .html file
    if isinstance(raw, InputError):
        return raw
    url = record.rec_headers.get_header("WARC-Target-URI") or raw.url
    metadata = {**raw.metadata, "crawled": record.rec_headers.get_header("WARC-Date")}
    return dataclasses.replace(raw, url=url, source=raw.source or _host(url), metadata=metadata)


def read_html(label: str, html: str) -> RawArticle | InputError:
    from polemos.ingest.readers import read_html as read  # readers imports this module: here, not at the top

    return read(label, html)


def _drain(stream: IO[bytes]) -> None:
    while stream.read(1 << 16):
        pass


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


class _GzipCheck:
    """A read-only file that passes bytes through to warcio and checks, on the side, that they
    are whole gzip members: ``verified`` is the end of the last member that ended with a good
    checksum; ``problem`` says why the data after it is not to be trusted."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.verified = fh.tell()
        self.problem: str | None = None
        self._position = self.verified
        self._inflater: Any = None
        self._done = False

    def tell(self) -> int:
        return self.fh.tell()

    def read(self, size: int = -1) -> bytes:
        data = self.fh.read(size)
        if data:
            self._check(data)
        elif size != 0:
            self._finish()
        return data

    def drain(self) -> None:
        """Check the rest of the file (after warcio stopped early, or to reach the end)."""
        while self.read(1 << 16):
            pass

    def _check(self, data: bytes) -> None:
        while data and self.problem is None:
            if self._inflater is None:
                padded = len(data)
                data = data.lstrip(b"\x00")  # zero padding between members is allowed, as in gzip
                self._position += padded - len(data)
                if not data:
                    return
                self._inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
            start = self._position
            try:
                self._inflater.decompress(data, 1 << 20)
                while self._inflater.unconsumed_tail and not self._inflater.eof:
                    self._inflater.decompress(self._inflater.unconsumed_tail, 1 << 20)
            except zlib.error as exc:
                self.problem = f"is damaged gzip ({exc}) after byte {self.verified:,}; {CUT}"
                return
            if self._inflater.eof:
                rest = self._inflater.unused_data
                self._position = start + len(data) - len(rest)
                self.verified = self._position
                self._inflater = None
                data = rest
            else:
                self._position = start + len(data)
                data = b""

    def _finish(self) -> None:
        if not self._done and self._inflater is not None and self.problem is None:
            self.problem = f"gzip ends early after byte {self.verified:,}; {CUT}"
        self._done = True
