"""Turn paths (files, folders, ``-``) into raw articles, one at a time.

Each yielded item is a ``RawArticle`` or an ``InputError`` naming what could not be read;
a batch records the error and goes on. Readers never analyse text: that is ``normalize``.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from polemos.errors import EmptyInputError, InputError, MalformedInputError
from polemos.ingest.decoding import decode, unpack
from polemos.ingest.normalize import RawArticle
from polemos.ingest.strict_json import NotJSON, load_json_line

FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl", ".ndjson": "jsonl"}
SUFFIXES = set(FORMATS)
KNOWN_KEYS = {"id", "text", "title", "published", "source", "url", "language"}


def read_inputs(paths: Iterable[str], *, published: str | None = None,
                source: str | None = None) -> Iterator[RawArticle | InputError]:
    """Every article under ``paths``; ``published`` / ``source`` fill in what inputs lack."""
    for item in _expand(paths):
        if isinstance(item, InputError):
            yield item
            continue
        for raw in _read_one(item):
            if isinstance(raw, RawArticle):
                raw = raw.with_defaults(published=published, source=source)
            yield raw


def _expand(paths: Iterable[str]) -> Iterator[str | InputError]:
    for name in paths:
        if name == "-":
            yield name
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and format_of(p.name))
            if not files:
                yield EmptyInputError(name, "folder holds no .txt, .html or .jsonl files (or .gz of them)")
            yield from (str(p) for p in files)
        elif path.is_file():
            yield name
        else:
            yield InputError(name, "no such file or folder; check the path")


def format_of(name: str) -> str | None:
    """``txt``, ``html`` or ``jsonl`` from the file name; ``a.jsonl.gz`` is a ``jsonl``."""
    inner = name[:-3] if name.lower().endswith(".gz") else name
    return FORMATS.get(Path(inner).suffix.lower())


def _read_one(name: str) -> Iterator[RawArticle | InputError]:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        yield InputError(name, f"cannot be read ({exc.strerror}); check its permissions")
        return
    label = "<stdin>" if name == "-" else name
    unpacked = unpack(label, data, gz_name=name.lower().endswith(".gz"))
    try:
        text = decode(label, unpacked.data, complete=unpacked.broken is None)
    except InputError as exc:
        yield unpacked.broken or exc
        return
    kind = format_of(name) or (_sniff(text) if name == "-" else "txt")
    if unpacked.broken is None:
        yield from _parse(kind, label, text)
        return
    if kind == "jsonl":  # keep the lines before the cut; the last one may end mid-way, so drop it
        yield from read_jsonl(label, text[: text.rfind("\n") + 1])
    yield unpacked.broken  # a cut .txt or .html article is not analysed at all


def _sniff(text: str) -> str:
    """The format of stdin, which has no name: JSONL when it starts with ``{``, HTML with a tag."""
    start = text.lstrip()[:15].lower()
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
    return RawArticle(
        origin=label, text=body, title=(getattr(result, "title", None) or None),
        published=getattr(result, "date", None) or None, url=getattr(result, "url", None) or None,
        source=getattr(result, "sitename", None) or None,
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
    return RawArticle(
        origin=where, text=body.replace("\r\n", "\n"), title=_str(record.get("title")),
        published=_str(record.get("published")), source=_str(record.get("source")),
        url=_str(record.get("url")), language=_str(record.get("language")), given_id=_str(record.get("id")),
        metadata={k: v for k, v in record.items() if k not in KNOWN_KEYS},
    )


def _str(value: object) -> str | None:
    return None if value is None else str(value)
