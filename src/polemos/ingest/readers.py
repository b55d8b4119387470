"""Turn paths (files, folders, ``-``) into raw articles, one at a time.

Each yielded item is a ``RawArticle`` or an ``InputError`` naming what could not be read;
a batch records the error and goes on. Readers never analyse text: that is ``normalize``.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from polemos.errors import EmptyInputError, EncodingError, InputError, MalformedInputError
from polemos.ingest.normalize import RawArticle

SUFFIXES = {".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson"}
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
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield EmptyInputError(name, "folder holds no .txt, .html or .jsonl files")
            yield from (str(p) for p in files)
        elif path.is_file():
            yield name
        else:
            yield InputError(name, "no such file or folder; check the path")


def _read_one(name: str) -> Iterator[RawArticle | InputError]:
    try:
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    except OSError as exc:
        yield InputError(name, f"cannot be read ({exc.strerror}); check its permissions")
        return
    label = "<stdin>" if name == "-" else name
    try:
        text = decode(label, data)
    except InputError as exc:
        yield exc
        return
    suffix = Path(name).suffix.lower()
    if suffix in {".jsonl", ".ndjson"} or (name == "-" and text.lstrip().startswith("{")):
        yield from read_jsonl(label, text)
    elif suffix in {".html", ".htm"} or (name == "-" and text.lstrip()[:15].lower().startswith(("<!doctype", "<html"))):
        yield read_html(label, text)
    else:
        yield read_txt(label, text)


def decode(label: str, data: bytes) -> str:
    """UTF-8 text with the BOM removed and line endings normalised to ``\\n``."""
    if not data.strip():
        raise EmptyInputError(label, "is empty; give a file with article text")
    if b"\x00" in data[:8192]:
        raise EncodingError(label, "looks binary, not text; give a UTF-8 .txt, .html or .jsonl file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(label, f"is not UTF-8 (byte {exc.start}); convert it, e.g. `iconv -t UTF-8`") from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


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
        if not line.strip():
            continue
        where = f"{label}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield MalformedInputError(where, f"is not valid JSON ({exc.msg}); each line must be one JSON object")
            continue
        if not isinstance(record, dict):
            yield MalformedInputError(where, "is not a JSON object; each line must be an object with a 'text' key")
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield MalformedInputError(where, "has no 'text' (a non-empty string is required)")
            continue
        yield RawArticle(
            origin=where, text=body.replace("\r\n", "\n"), title=_str(record.get("title")),
            published=_str(record.get("published")), source=_str(record.get("source")),
            url=_str(record.get("url")), language=_str(record.get("language")), given_id=_str(record.get("id")),
            metadata={k: v for k, v in record.items() if k not in KNOWN_KEYS},
        )


def _str(value: object) -> str | None:
    return None if value is None else str(value)
