"""Feeds (RSS, Atom) and ``polemos watch``: entries become articles, only new entries are read,
bad feeds are one clear line, and the watch stops cleanly."""
from __future__ import annotations

import functools
import http.server
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from polemos.errors import InputError
from polemos.ingest.feeds import FeedPoller, html_to_text, load_feed, parse_feed
from polemos.ingest.normalize import RawArticle

STORY = "Gunmen killed {n} people in Kano on Monday, police said, and burned {n} houses in the town."


def rss(items: list[tuple[str, str]], *, title: str = "Example Wire") -> str:
    entries = "".join(
        f"<item><title>Attack in Kano ({n})</title><link>https://wire.example/{guid}</link><guid>{guid}</guid>"
        f"<pubDate>Thu, 02 May 2024 01:30:00 +0300</pubDate>"
        f"<description><![CDATA[<p>{STORY.format(n=n)}</p><p>Residents fled the town.</p>]]></description></item>"
        for guid, n in items)
    return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
            f"<link>https://wire.example/</link>{entries}</channel></rss>")


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom</title><id>urn:x</id><updated>2024-05-03T10:00:00Z</updated>
<entry><title>Clashes near Gao</title><id>urn:entry:1</id><link href="https://atom.example/1"/>
<updated>2024-05-03T23:30:00-05:00</updated>
<content type="html">&lt;p&gt;Rebels attacked an army base near Gao on Friday, killing three soldiers.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_entries_become_articles_with_their_date_as_written():
    [(key, raw)] = parse_feed("wire.xml", rss([("a1", 5)]).encode())
    assert key == "a1" and isinstance(raw, RawArticle)
    assert raw.title == "Attack in Kano (5)" and raw.url == "https://wire.example/a1" and raw.source == "Example Wire"
    assert raw.text == STORY.format(n=5) + "\n\nResidents fled the town."
    assert raw.published == "2024-05-02"  # +0300: feedparser's UTC would say 2024-05-01


def test_atom_entries_are_read_too():
    [(key, raw)] = parse_feed("atom.xml", ATOM.encode())
    assert key == "urn:entry:1" and raw.published == "2024-05-03" and raw.url == "https://atom.example/1"
    assert raw.text.startswith("Rebels attacked an army base near Gao")


@pytest.mark.parametrize("data", [b"<html><body>not a feed</body></html>", b"\x00\x01binary", b"{\"json\": 1}",
                                  b"https://example.org/feed.xml"])
def test_what_is_not_a_feed_is_one_input_error_and_nothing_is_fetched(monkeypatch, data):
    def no_network(*args, **kwargs):
        raise AssertionError("feedparser tried to connect")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(InputError, match="is not an RSS or Atom feed"):
        parse_feed("bad.xml", data)


@pytest.mark.parametrize("fragment, text", [
    ("<p>One.</p><p>Two &amp; three.</p>", "One.\n\nTwo & three."),
    ("Line one<br/>Line two", "Line one\n\nLine two"),
    ("plain text", "plain text"),
    ("<p>Un<b>closed", "Unclosed"),
])
def test_html_fragments_become_paragraphs(fragment, text):
    assert html_to_text(fragment) == text


def test_the_poller_yields_unread_entries_and_a_failing_feed_once_a_streak():
    feeds = {"ok.xml": rss([("a", 3), ("b", 4), ("a", 3)]).encode(), "bad.xml": b"<html/>"}
    read: set[tuple[str, str]] = set()
    poller = FeedPoller(["ok.xml", "bad.xml"], unread=lambda f, keys: [k for k in keys if (f, k) not in read],
                        fetch=feeds.__getitem__)
    first = list(poller.poll())
    assert [i.mark for i in first if i.mark] == [("ok.xml", "a"), ("ok.xml", "b")]
    assert [i.value.source for i in first if isinstance(i.value, InputError)] == ["bad.xml"]
    read.update(i.mark for i in first if i.mark)
    assert list(poller.poll()) == []  # nothing new; the bad feed is still failing the same way: said once
    feeds["bad.xml"] = rss([("c", 5)]).encode()
    assert [i.mark for i in poller.poll()] == [("bad.xml", "c")]


def test_an_unreachable_url_is_an_input_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed once the block ends: nothing listens there
    with pytest.raises(InputError, match="cannot be fetched"):
        load_feed(f"http://127.0.0.1:{port}/feed.xml", timeout=5)


@pytest.fixture
def feed_server(tmp_path):
    """A local HTTP server for the feed files in ``tmp_path/www`` (no other network in tests)."""
    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def polemos(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "polemos", *args], capture_output=True, text=True, timeout=300)


def test_watch_ingests_only_new_entries_and_records_bad_feeds(tmp_path, feed_server):
    root, base = feed_server
    (root / "wire.xml").write_text(rss([("a1", 3), ("a2", 4)]))
    local = tmp_path / "local.xml"
    local.write_text(rss([("b1", 6)], title="Local Herald"))
    (tmp_path / "page.xml").write_text("<html><body>no feed here</body></html>")
    db = tmp_path / "w.db"
    feeds = [f"{base}/wire.xml", str(local), str(tmp_path / "page.xml"), f"{base}/missing.xml"]
    first = polemos("watch", *feeds, "--db", str(db), "--polls", "2", "--interval", "0.2")
    assert first.returncode == 1 and "Traceback" not in first.stderr, first.stderr
    assert "polemos: 5 read, 3 stored, 2 rejected" in first.stderr  # the second poll read nothing new
    assert "page.xml: is not an RSS or Atom feed" in first.stderr and "HTTP 404" in first.stderr
    (root / "wire.xml").write_text(rss([("a1", 3), ("a2", 4), ("a3", 5)]))
    second = polemos("watch", f"{base}/wire.xml", str(local), "--db", str(db), "--polls", "1", "--quiet")
    assert second.returncode == 0, second.stderr
    assert "polemos: 1 read, 1 stored, 0 rejected" in second.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 4
        assert conn.execute("SELECT count(*) FROM feed_entries").fetchone()[0] == 4
        failures = [row[0] for row in conn.execute("SELECT input FROM failures")]
    assert sorted(failures) == sorted([str(tmp_path / "page.xml"), f"{base}/missing.xml"])


def test_watch_stops_cleanly_on_ctrl_c(tmp_path):
    feed = tmp_path / "wire.xml"
    feed.write_text(rss([("a1", 3)]))
    proc = subprocess.Popen([sys.executable, "-m", "polemos", "watch", str(feed), "--db", str(tmp_path / "w.db"),
                             "--interval", "600"], stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 240
    lines = []
    while time.time() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        if "poll 1:" in line or not line:
            break
    os.killpg(proc.pid, signal.SIGINT)
    rest = proc.communicate(timeout=60)[1]
    assert proc.returncode == 0, "".join(lines) + rest
    assert "stopped" in rest and "Traceback" not in rest
