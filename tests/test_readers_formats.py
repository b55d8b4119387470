"""Readers on hostile or unusual bytes: deep or non-standard JSON, UTF-16/32 text, gzip.

Each bad input becomes one ``InputError`` naming it; the inputs around it are still read.
"""
from __future__ import annotations

import gzip
import json

import pytest

from polemos.errors import EmptyInputError, EncodingError, InputError, MalformedInputError
from polemos.ingest import RawArticle, build_article, read_inputs
from polemos.settings import Settings

SETTINGS = Settings()
BODY = "Fighting continued in the city on Monday, officials said, as both sides traded artillery fire."
GOOD = json.dumps({"text": BODY})


def kinds(items: list) -> list[type]:
    return [type(i) for i in items]


# --- JSONL lines Python's json chokes on or accepts although they are not JSON -------------------

@pytest.mark.parametrize("line, words", [
    ("[" * 100_000, "nested too deeply"),
    ('{"a":' * 100_000, "nested too deeply"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"text": "x", "m": ' + "[" * 500 + "]" * 500 + "}", "nested too deeply"),  # parses, but too deep to keep
    ('{"text": "x", "score": NaN}', "NaN"),
    ('{"text": "x", "score": Infinity}', "Infinity"),
    ('{"text": "x", "score": -Infinity}', "-Infinity"),
    ('{"text": "x", "score": 1e999}', "too large"),
    ('{"text": "x", "n": 1' + "0" * 5000 + "}", "5,001 digits"),
    ('{"text": "Fighting \\ud800 continued"}', "unpaired surrogate"),
])
def test_jsonl_lines_that_are_not_json_are_rejected_alone(tmp_path, line, words):
    path = tmp_path / "batch.jsonl"
    path.write_text(GOOD + "\n" + line + "\n" + json.dumps({"text": BODY + " Again."}) + "\n", "utf-8")
    items = list(read_inputs([str(path)]))
    assert kinds(items) == [RawArticle, MalformedInputError, RawArticle]
    assert "batch.jsonl:2" in str(items[1]) and words in str(items[1])
    assert "\n" not in str(items[1]) and len(str(items[1])) < 200  # one short line, not the input echoed


def test_metadata_nested_a_few_levels_is_kept(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"text": BODY, "meta": {"tags": [["a", {"b": [1, 2.5, None]}]]}}) + "\n", "utf-8")
    (item,) = read_inputs([str(path)])
    assert item.metadata["meta"] == {"tags": [["a", {"b": [1, 2.5, None]}]]}


# --- UTF-16 and UTF-32 with a byte-order mark ---------------------------------------------------

TXT = "Headline here\n\n" + BODY
HTML = (f"<html><head><title>Clashes resume</title></head><body><article><h1>Clashes resume</h1>"
        f"<p>{BODY}</p><p>{BODY.replace('Monday', 'Tuesday')}</p></article></body></html>")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                                      "utf-8-sig"])
@pytest.mark.parametrize("name, content, title", [
    ("a.txt", TXT.replace("\n", "\r\n"), "Headline here"),
    ("a.html", HTML, "Clashes resume"),
    ("a.jsonl", json.dumps({"text": BODY, "title": "Héadline"}, ensure_ascii=False) + "\n", "Héadline"),
])
def test_text_with_a_byte_order_mark_is_decoded_by_it(tmp_path, encoding, name, content, title):
    data = content.encode(encoding)
    if encoding.endswith(("-le", "-be")):  # these codecs write no BOM: add the one a Windows editor would
        data = "\ufeff".encode(encoding) + data
    path = tmp_path / name
    path.write_bytes(data)
    (item,) = read_inputs([str(path)])
    article = build_article(item, settings=SETTINGS)
    assert article.title == title and "Fighting continued" in article.text
    assert "\r" not in article.text and "\ufeff" not in article.text


@pytest.mark.parametrize("data, error, words", [
    (b"\xff\xfeH\x00i\x00\x00", EncodingError, "not valid UTF-16 (byte 6)"),  # odd number of bytes
    (b"\xff\xfe" + "Hi".encode("utf-16-le") + b"\x00\xd8", EncodingError, "not valid UTF-16"),  # lone surrogate
    (b"\xff\xfe" + "Hi\x00\x00 there".encode("utf-16-le"), EncodingError, "binary"),  # NULs in the text itself
    (b"\xff\xfe" + " \n ".encode("utf-16-le"), EmptyInputError, "empty"),
], ids=["odd-length", "lone-surrogate", "nul-chars", "blank"])
def test_broken_utf16_is_one_clear_error(tmp_path, data, error, words):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (item,) = read_inputs([str(path)])
    assert isinstance(item, error) and "a.txt" in str(item) and words in str(item)


# --- gzip -------------------------------------------------------------------------------------

JSONL = "".join(json.dumps({"text": f"{BODY} Report {n}."}) + "\n" for n in range(1, 201))


@pytest.mark.parametrize("name, content, count", [
    ("a.txt.gz", TXT, 1),
    ("a.html.gz", HTML, 1),
    ("a.jsonl.gz", JSONL, 200),
    ("a.ndjson.GZ", JSONL, 200),
])
def test_gzip_files_are_read_by_their_inner_suffix(tmp_path, name, content, count):
    path = tmp_path / name
    path.write_bytes(gzip.compress(content.encode("utf-8")))
    items = list(read_inputs([str(path)]))
    assert len(items) == count and all(isinstance(i, RawArticle) for i in items)
    assert "Fighting continued" in items[0].text


def test_gzip_files_are_found_in_folders(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(TXT.encode("utf-8")))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress((GOOD + "\n" + GOOD + "\n").encode("utf-8")))
    (tmp_path / "c.tar.gz").write_bytes(gzip.compress(b"not an article"))  # not a format Polemos reads
    items = list(read_inputs([str(tmp_path)]))
    assert [i.origin.rsplit("/", 1)[-1] for i in items] == ["a.txt.gz", "b.jsonl.gz:1", "b.jsonl.gz:2"]


def test_gzip_on_stdin_is_unpacked(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(JSONL.encode()))))
    items = list(read_inputs(["-"]))
    assert len(items) == 200 and items[0].origin == "<stdin>:1"


def test_truncated_jsonl_gzip_keeps_the_records_before_the_cut(tmp_path):
    packed = gzip.compress(JSONL.encode("utf-8"))
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = list(read_inputs([str(path)]))
    *records, error = items
    assert records and all(isinstance(i, RawArticle) for i in records)
    assert [r.origin for r in records] == [f"{path}:{n}" for n in range(1, len(records) + 1)]
    assert all(r.text.endswith(f"Report {n}.") for n, r in enumerate(records, start=1))  # none cut mid-way
    assert isinstance(error, InputError) and "a.jsonl.gz" in str(error)
    assert "gzip ends early; the file is truncated" in str(error) and "download it again" in str(error)


GZ_TXT = gzip.compress(TXT.encode("utf-8"))
GZ_JSONL = gzip.compress(JSONL.encode("utf-8"))


def bad_crc(packed: bytes) -> bytes:
    return packed[:-8] + bytes(4) + packed[-4:]


@pytest.mark.parametrize("name, data, words", [
    ("a.txt.gz", GZ_TXT[:-12], "gzip ends early; the file is truncated"),  # a cut article is not analysed
    ("a.txt.gz", GZ_TXT[:12], "gzip ends early; the file is truncated"),
    ("a.txt.gz", bad_crc(GZ_TXT), "damaged gzip"),
    ("a.txt.gz", GZ_TXT[:10] + b"\xff" * 20 + GZ_TXT[30:], "damaged gzip"),  # corrupt deflate data
    ("a.txt.gz", GZ_TXT + b"trailing junk", "damaged gzip"),
    ("a.txt.gz", TXT.encode("utf-8"), "not gzip"),
    ("a.jsonl.gz", GZ_JSONL[:15], "gzip ends early"),  # nothing whole before the cut
    ("a.jsonl.gz", bad_crc(GZ_JSONL), "nothing in it was read"),  # damage may lie anywhere: keep none
], ids=["cut-late", "cut-in-header", "bad-crc", "bad-deflate", "junk-after", "not-gzip", "jsonl-cut-early",
        "jsonl-bad-crc"])
def test_broken_gzip_is_one_clear_error(tmp_path, name, data, words):
    path = tmp_path / name
    path.write_bytes(data)
    items = list(read_inputs([str(path)]))
    assert len(items) == 1 and isinstance(items[0], EncodingError)
    assert name in str(items[0]) and words in str(items[0]) and "\n" not in str(items[0])


def test_concatenated_and_zero_padded_gzip_members_are_all_read(tmp_path):
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress((GOOD + "\n").encode()) + bytes(8) + gzip.compress((GOOD + "\n").encode()))
    assert kinds(list(read_inputs([str(path)]))) == [RawArticle, RawArticle]
