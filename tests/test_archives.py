"""Crawl archives (WARC, WARC.gz) and zstd-compressed JSONL: what is read, what is skipped and
why, and that a cut or damaged file never yields a shortened or altered record."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from polemos.errors import InputError
from polemos.ingest.archives import read_warc
from polemos.ingest.items import Skipped
from polemos.ingest.normalize import RawArticle
from polemos.ingest.readers import read_inputs, read_items

sys.path.insert(0, str(Path(__file__).parent))
from warc_fixtures import write_ccnews_warc

PAGE = ("<html><head><title>Clashes in {town}</title></head><body><article><h1>Clashes in {town}</h1>"
        "<p>Fighting between the army and rebels near {town} killed at least {n} people on Monday.</p>"
        "</article></body></html>")


def small_warc(*, gzip: bool, records: list[tuple[str, str, str, bytes]] | None = None) -> bytes:
    """A WARC of (url, status, content type, body) response records, after a warcinfo record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    records = records or [("https://a.example.org/1", "200 OK", "text/html", PAGE.format(town="Gao", n=3).encode()),
                          ("https://a.example.org/2", "301 Moved", "text/html", b""),
                          ("https://b.example.org/3", "200 OK", "text/html", PAGE.format(town="Kano", n=5).encode())]
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("t.warc", {"software": "tests"}))
    for url, status, content_type, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
    return out.getvalue()


def test_html_responses_become_articles_with_url_and_crawl_date(tmp_path):
    path = tmp_path / "t.warc.gz"
    path.write_bytes(small_warc(gzip=True))
    values = [v for v, _ in read_warc(str(path))]
    assert [type(v) for v in values] == [RawArticle, Skipped, RawArticle]
    first = values[0]
    assert first.title == "Clashes in Gao" and "killed at least 3 people" in first.text
    assert first.url == "https://a.example.org/1" and first.source == "a.example.org"  # no site name: the host
    assert first.metadata["crawled"].endswith("Z") and first.origin.startswith(f"{path}@")
    assert values[1].reason == "HTTP 301"


@pytest.mark.parametrize("status, content_type, reason", [
    ("404 Not Found", "text/html", "HTTP 404"),
    ("200 OK", "image/jpeg", "not HTML (image/jpeg)"),
    ("200 OK", "application/pdf; charset=binary", "not HTML (application/pdf)"),
    ("200 OK", "", "not HTML (no content type)"),
])
def test_records_that_hold_no_article_are_skipped_with_a_reason(tmp_path, status, content_type, reason):
    path = tmp_path / "t.warc"
    path.write_bytes(small_warc(gzip=False, records=[("https://x.example/1", status, content_type, b"\xff\xd8 data")]))
    [(value, _)] = list(read_warc(str(path)))
    assert value == Skipped(f"{path}@{value.origin.rsplit('@', 1)[1]}", reason)


def test_the_page_charset_is_honoured(tmp_path):
    body = PAGE.format(town="Tébessa", n=4).encode("latin-1")
    path = tmp_path / "t.warc"
    path.write_bytes(small_warc(gzip=False, records=[("https://x.example/1", "200 OK", "text/html; charset=ISO-8859-1",
                                                      body)]))
    [(value, _)] = list(read_warc(str(path)))
    assert value.title == "Clashes in Tébessa"


def test_a_page_with_no_main_text_is_rejected_with_a_reason(tmp_path):
    shell = b"<html><body><div id='app'></div><script>render()</script></body></html>"
    path = tmp_path / "t.warc"
    path.write_bytes(small_warc(gzip=False, records=[("https://x.example/1", "200 OK", "text/html", shell)]))
    [(value, _)] = list(read_warc(str(path)))
    assert isinstance(value, InputError) and "no main text" in value.reason


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_reading_from_a_record_offset_yields_the_records_after_it(tmp_path, gzip):
    path = tmp_path / ("t.warc.gz" if gzip else "t.warc")
    path.write_bytes(small_warc(gzip=gzip))
    full = list(read_warc(str(path)))
    for index, (_, after) in enumerate(full):
        assert list(read_warc(str(path), start=after)) == full[index + 1:]


@pytest.fixture
def raw_pages(monkeypatch):
    """The page's HTML as its text: main-text extraction is not what these tests are about, it
    costs milliseconds a page, and any changed byte of the page then shows in the text."""
    from polemos.ingest import archives

    monkeypatch.setattr(archives, "read_html", lambda label, html: RawArticle(origin=label, text=html))


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_a_file_cut_at_any_byte_keeps_the_whole_records_before_the_cut_and_says_so(tmp_path, gzip, raw_pages):
    """warcio alone returns a cut record shortened, or drops it silently (stack notes)."""
    data = small_warc(gzip=gzip)
    path = tmp_path / ("t.warc.gz" if gzip else "t.warc")
    path.write_bytes(data)
    full = list(read_warc(str(path)))
    starts = {int(value.origin.rsplit("@", 1)[1]) for value, _ in full}  # the warcinfo record ends at the first
    ends = {after for _, after in full} | starts | {0}  # the cuts nothing can tell from a shorter file
    for cut in range(len(data)):
        path.write_bytes(data[:cut])
        got = [value for value, _ in read_warc(str(path))]
        whole = [value for value, after in full if after <= cut]
        errors = [value for value in got if isinstance(value, InputError) and value not in whole]
        assert got[: len(whole)] == whole, f"cut at {cut}"
        assert len(got) == len(whole) + len(errors), f"cut at {cut}: records after the cut were read"
        assert len(errors) == (0 if cut in ends else 1), f"cut at {cut}: {errors}"
        assert all("cut short" in e.reason or "gzip ends early" in e.reason for e in errors), errors


def test_a_damaged_warc_gz_never_yields_an_altered_record(tmp_path, raw_pages):
    data = small_warc(gzip=True)
    path = tmp_path / "t.warc.gz"
    path.write_bytes(data)
    full = [value for value, _ in read_warc(str(path))]
    for position in range(len(data)):
        damaged = bytearray(data)
        damaged[position] ^= 0x5A
        path.write_bytes(bytes(damaged))
        got = [value for value, _ in read_warc(str(path))]
        good = [value for value in got if not isinstance(value, InputError)]
        assert good == full[: len(good)], f"byte {position}: a record changed"
        assert good == full or len(got) > len(good), f"byte {position}: records lost without a word"


def test_a_changed_byte_in_a_page_of_a_plain_warc_fails_its_payload_digest(tmp_path):
    data = small_warc(gzip=False)
    at = data.index(b"killed at least 3")
    path = tmp_path / "t.warc"
    path.write_bytes(data[:at] + b"K" + data[at + 1:])
    values = [value for value, _ in read_warc(str(path))]
    assert isinstance(values[0], InputError) and "digest does not match" in values[0].reason
    assert isinstance(values[2], RawArticle)  # the other records are read


def test_a_ccnews_like_archive_counts_every_page_record(tmp_path):
    path = tmp_path / "cc.warc.gz"
    kinds = write_ccnews_warc(path, 120, seed=3)
    values = list(read_inputs([str(tmp_path)]))  # a folder: .warc.gz files are found
    assert len(values) == sum(kinds.values())  # request, metadata and warcinfo records are not items
    skipped = sum(kinds[k] for k in ("redirect", "not_found", "image", "revisit"))
    assert sum(isinstance(v, Skipped) for v in values) == skipped
    assert sum(isinstance(v, InputError) for v in values) == kinds["front"]  # no main text
    assert sum(isinstance(v, RawArticle) for v in values) == kinds["article"] + kinds["duplicate"] + kinds["french"]


def test_items_carry_a_cursor_that_resumes_after_them(tmp_path):
    (tmp_path / "a.jsonl").write_text("".join(json.dumps({"text": f"Line {i} of the file."}) + "\n" for i in range(4)))
    (tmp_path / "b.warc").write_bytes(small_warc(gzip=False))
    items = list(read_items([str(tmp_path)]))
    assert [i.done for i in items] == sorted(i.done for i in items) and items[-1].done == 1.0
    for index, item in enumerate(items):
        assert list(read_items([str(tmp_path)], start=item.cursor)) == items[index + 1:]


def test_zstd_jsonl_is_read_and_a_cut_one_keeps_the_lines_before_the_cut(tmp_path):
    zstandard = pytest.importorskip("zstandard")
    lines = "".join(json.dumps({"text": f"Gunmen killed {i} people in Kano, police said."}) + "\n" for i in range(300))
    data = zstandard.ZstdCompressor(write_checksum=True).compress(lines.encode())
    (tmp_path / "a.jsonl.zst").write_bytes(data)
    assert sum(isinstance(v, RawArticle) for v in read_inputs([str(tmp_path / "a.jsonl.zst")])) == 300
    (tmp_path / "a.jsonl.zst").write_bytes(data[: len(data) - 10])
    values = list(read_inputs([str(tmp_path / "a.jsonl.zst")]))
    assert isinstance(values[-1], InputError) and "zstd data ends early" in values[-1].reason
    assert all(isinstance(v, RawArticle) for v in values[:-1])
    damaged = bytearray(data)
    damaged[len(data) // 2] ^= 0xFF
    (tmp_path / "a.jsonl.zst").write_bytes(bytes(damaged))
    [value] = read_inputs([str(tmp_path / "a.jsonl.zst")])
    assert isinstance(value, InputError) and "damaged zstd" in value.reason
    (tmp_path / "b.jsonl.zst").write_text(lines)
    [value] = read_inputs([str(tmp_path / "b.jsonl.zst")])
    assert "is named .zst but is not zstd data" in value.reason


def test_ingest_of_an_archive_adds_up_and_names_each_skip_reason(tmp_path):
    path = tmp_path / "cc.warc.gz"
    kinds = write_ccnews_warc(path, 30, seed=3)
    result = subprocess.run([sys.executable, "-m", "polemos", "ingest", str(path), "--db", str(tmp_path / "s.db"),
                             "--published", "2024-05-02", "--quiet"], capture_output=True, text=True, timeout=300)
    assert result.returncode == (1 if kinds["front"] + kinds["french"] else 0), result.stderr
    assert "Traceback" not in result.stderr
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"polemos: {sum(kinds.values())} read, {kinds['article']} stored"), summary
    skipped = sum(kinds[k] for k in ("redirect", "not_found", "image", "revisit"))
    assert f"{skipped} skipped (" in summary and f"{kinds['front'] + kinds['french']} rejected" in summary
