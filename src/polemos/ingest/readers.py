"""Turn paths (files, folders, ``-``) into raw articles, one at a time.

Each yielded item is a ``RawArticle``, an ``InputError`` naming what could not be read, or a
``Skipped`` record that holds no article (crawl archives); a batch records the error and goes on.
Readers never analyse text: that is ``normalize``. ``read_items`` also says where each item
was read (a ``Cursor``), so that a run can resume after the last item it finished.
"""
from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from polemos.errors import EmptyInputError, EncodingError, InputError, MalformedInputError, PolemosError
from polemos.ingest.archives import is_warc, read_warc
from polemos.ingest.compressed import ZSTD_MAGIC, unzstd
from polemos.ingest.decoding import Unpacked, decode, unpack
from polemos.ingest.htmldates import html_publication_date
from polemos.ingest.ids import given_id
from polemos.ingest.items import Cursor, Item, Skipped, Value
from polemos.ingest.normalize import RawArticle
from polemos.ingest.strict_json import NotJSON, load_json_line

FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl",
           ".warc": "warc"}
SUFFIXES = set(FORMATS)
COMPRESSED = (".gz", ".zst")
KNOWN_KEYS = {"id", "text", "title", "published", "source", "url", "language"}

__all__ = ["format_of", "read_html", "read_inputs", "read_items", "read_jsonl", "read_txt"]


def read_inputs(paths: Iterable[str], *, published: str | None = None,
                source: str | None = None) -> Iterator[RawArticle | InputError | Skipped]:
    """Every article under ``paths``; ``published`` / ``source`` fill in what inputs lack."""
    for item in read_items(paths, published=published, source=source):
        yield item.value


def read_items(paths: Iterable[str], *, published: str | None = None, source: str | None = None,
               start: Cursor | None = None) -> Iterator[Item]:
    """``read_inputs`` with where each item was read; with ``start``, from that cursor on (a
    resumed run). The inputs must be those the cursor was made from: a folder whose files
    changed is refused rather than resumed at the wrong place."""
    entries = list(_expand(paths))
    sizes = [_size(e) for e in entries]
    befores = list(itertools.accumulate(sizes, initial=0))  # bytes of the inputs before each one
    total = befores[-1] or 1
    first = _check_start(entries, start)
    for index in range(first, len(entries)):
        entry, before = entries[index], befores[index]
        offset = start.offset if start is not None and index == start.entry else 0
        if isinstance(entry, InputError):
            if offset == 0:
                yield Item(entry, Cursor(index, entry.source, 1), (before + sizes[index]) / total)
            continue
        for value, after, fraction in _read_entry(entry, offset):
            if isinstance(value, RawArticle):
                value = value.with_defaults(published=published, source=source)
            done = None if entry == "-" else (before + fraction * sizes[index]) / total
            yield Item(value, Cursor(index, entry, after), done)


def _check_start(entries: list[str | InputError], start: Cursor | None) -> int:
    if start is None:
        return 0
    names = [e if isinstance(e, str) else e.source for e in entries]
    if start.entry >= len(names) or names[start.entry] != start.name:
        raise PolemosError(f"the inputs changed since the run began (input {start.entry + 1} was {start.name}); "
                           "run without --resume to start again")
    if start.name == "-":
        raise PolemosError("a run that reads stdin (-) cannot be resumed; run it again without --resume")
    return start.entry


def _size(entry: str | InputError) -> int:
    try:
        return 0 if not isinstance(entry, str) or entry == "-" else Path(entry).stat().st_size
    except OSError:
        return 0


def _expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    for name in paths:
        if name == "-":
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and format_of(p.name))
            if not files:
                yield EmptyInputError(name, "folder holds no .txt, .html, .jsonl or .warc files (or .gz of them)")
            yield from (str(p) for p in files)
        elif path.is_file():
            yield name
        else:
            yield InputError(name, "no such file or folder; check the path")


def format_of(name: str) -> str | None:
    """``txt``, ``html``, ``jsonl`` or ``warc`` from the file name; ``a.jsonl.gz`` is a ``jsonl``."""
    lower = name.lower()
    inner = next((name[: -len(c)] for c in COMPRESSED if lower.endswith(c)), name)
    return FORMATS.get(Path(inner).suffix.lower())


def _read_entry(name: str, offset: int) -> Iterator[tuple[Value, int, float]]:
    """``(value, offset after it, share of the file read)`` from ``offset`` on."""
    if name != "-" and is_warc(name):
        size = max(Path(name).stat().st_size, 1)
        for value, after in read_warc(name, start=offset):
            yield value, after, min(after / size, 1.0)
        return
    values = list(_read_one(name))  # the formats read whole: the offset counts items
    for number, value in enumerate(values, start=1):
        if number > offset:
            yield value, number, number / len(values)


def _read_one(name: str) -> Iterator[Value]:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        yield InputError(name, f"cannot be read ({exc.strerror}); check its permissions")
        return
    label = "<stdin>" if name == "-" else name
    unpacked = _unpack(label, name, data)
    try:
        text = decode(label, unpacked.data, complete=unpacked.broken is None)
    except InputError as exc:
        yield unpacked.broken or exc
        return
    kind = format_of(name) or (_sniff(text) if name == "-" else "txt")
    if kind == "warc":  # a .warc piped to stdin: archives are read from files, which can be resumed
        yield InputError(label, "is a WARC archive; give it as a file path, not on stdin")
        return
    if unpacked.broken is None:
        yield from _parse(kind, label, text)
        return
    if kind == "jsonl":  # keep the lines before the cut; the last one may end mid-way, so drop it
        yield from read_jsonl(label, text[: text.rfind("\n") + 1])
    yield unpacked.broken  # a cut .txt or .html article is not analysed at all


def _unpack(label: str, name: str, data: bytes) -> Unpacked:
    if data.startswith(ZSTD_MAGIC):
        return unzstd(label, data)
    if name.lower().endswith(".zst"):  # refuse to guess what a ``.zst`` that is not zstd holds
        return Unpacked(b"", EncodingError(label, "is named .zst but is not zstd data; rename it or compress it again"))
    return unpack(label, data, gz_name=name.lower().endswith(".gz"))


def _sniff(text: str) -> str:
    """The format of stdin, which has no name: JSONL when it starts with ``{``, HTML with a tag."""
    start = text.lstrip()[:15].lower()
    if start.startswith("warc/"):
        return "warc"
    if start.startswith("{"):
        return "jsonl"
    return "html" if start.startswith(("<!doctype", "<html")) else "txt"


def _parse(kind: str, label: str, text: str) -> Iterator[RawArticle | InputError]:
    if kind == "jsonl":
        yield from read_jsonl(label, text)
    elif kind == "html":
        yield read_html(label, text)
    else:
        yield read_txt(label, text)


def read_txt(label: str, text: str) -> RawArticle:
    """A .txt file: its content is the article text; its first non-empty line is the title."""
    title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return RawArticle(origin=label, text=text, title=title, title_in_text=True)


def read_html(label: str, html: str) -> RawArticle | InputError:
    import trafilatura  # imported here: only HTML input pays for it

    result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    body = getattr(result, "text", None) if result is not None else None
    if not body or not body.strip():
        return EmptyInputError(label, "has no main text that could be extracted; is it an article page?")
    # trafilatura separates paragraphs with one newline; Polemos splits paragraphs on blank lines
    body = "\n\n".join(line.strip() for line in body.splitlines() if line.strip())
    url = getattr(result, "url", None) or None
    found = html_publication_date(html, url)  # the page's own date, and where it came from
    metadata = {"published_source": found.source, "published_confidence": found.confidence} if found else {}
    return RawArticle(
        origin=label, text=body, title=(getattr(result, "title", None) or None),
        published=found.date if found else (getattr(result, "date", None) or None), url=url,
        source=getattr(result, "sitename", None) or None, metadata=metadata,
    )


def read_jsonl(label: str, text: str) -> Iterator[RawArticle | InputError]:
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _read_record(f"{label}:{number}", line)


def _read_record(where: str, line: str) -> RawArticle | InputError:
    try:
        record = load_json_line(line)
    except NotJSON as exc:
        return MalformedInputError(where, exc.reason)
    if not isinstance(record, dict):
        return MalformedInputError(where, "is not a JSON object; each line must be an object with a 'text' key")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return MalformedInputError(where, "has no 'text' (a non-empty string is required)")
    try:
        article_id = given_id(where, record.get("id"))
    except MalformedInputError as exc:
        return exc
    return RawArticle(
        origin=where, text=body.replace("\r\n", "\n"), title=_str(record.get("title")),
        published=_str(record.get("published")), source=_str(record.get("source")),
        url=_str(record.get("url")), language=_str(record.get("language")), given_id=article_id,
        metadata={k: v for k, v in record.items() if k not in KNOWN_KEYS},
    )


def _str(value: object) -> str | None:
    return None if value is None else str(value)
