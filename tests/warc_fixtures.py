"""A CC-NEWS-like crawl archive made of invented pages, for the archive and resume tests and for
``benchmarks/warc_resume.py``. Nothing is downloaded: every page is generated from the tables
below with a fixed seed, so the same call writes the same records (but not the same bytes: WARC
dates and record ids differ from run to run).

Like a news crawl it holds, beside article pages: ``request`` and ``metadata`` records (not
items), redirects and 404s, images and PDFs, section fronts with no article text, a page in
French, syndicated copies of one story on two sites (exact duplicates) and ``revisit`` records.
"""
from __future__ import annotations

import io
import random
from collections import Counter
from pathlib import Path

SITES = ["news.example.org", "www.daily-example.com", "wire.example.net", "herald.example.co.uk"]
PLACES = ["Kano", "Gao", "Bamako", "Khartoum", "Tripoli", "Goma", "Mogadishu", "Aleppo", "Kharkiv", "Sanaa"]
ACTORS = ["the army", "rebels", "police", "gunmen", "protesters", "militants", "security forces"]
VERBS = [("attacked", "a checkpoint near {place}"), ("clashed with", "{other} in {place}"),
         ("marched through", "central {place}"), ("shelled", "villages outside {place}")]
TAILS = ["a military spokesman said.", "witnesses told reporters.", "officials said on condition of anonymity.",
         "according to a local aid group."]
FRENCH = ("Les combats ont repris lundi dans la capitale, selon des responsables locaux qui ont demandé "
          "l'anonymat pour parler de la situation sécuritaire.")


def article_html(rng: random.Random, number: int) -> tuple[str, str]:
    """(title, page) of an invented article with a site's nav, aside and footer around it."""
    place, actor = rng.choice(PLACES), rng.choice(ACTORS)
    other = rng.choice([a for a in ACTORS if a != actor])
    verb, what = rng.choice(VERBS)
    title = f"{actor.capitalize()} {verb} {what.format(place=place, other=other)} ({number})"
    day = rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    paragraphs = [
        f"{actor.capitalize()} {verb} {what.format(place=place, other=other)} on {day}, killing at least "
        f"{rng.randint(2, 60)} people and wounding {rng.randint(3, 90)} others, {rng.choice(TAILS)}",
        f"The fighting forced about {rng.randint(2, 40) * 100} families to flee their homes, "
        f"{rng.choice(TAILS)} Report number {number} was filed from {place}.",
        f"{other.capitalize()} said they had pushed back the attack and would hold their positions, "
        f"{rng.choice(TAILS)}",
    ]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='og:site_name' content='Example News'></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
            f"<div class='cookie'>We use cookies.</div><article><h1>{title}</h1>{body}</article>"
            f"<aside>Most read: weather, markets</aside><footer>© Example News</footer></body></html>")
    return title, page


def section_front() -> str:
    """A page rendered by script in the browser: the crawl holds no text of it."""
    return ("<!doctype html><html><head><title>World</title></head><body><div id='app'></div>"
            "<script>window.render({section: 'world'})</script></body></html>")


def write_ccnews_warc(path: Path, pages: int, *, seed: int = 7, gzip: bool = True) -> Counter:
    """Write about ``pages`` page records to ``path``; returns what was written, by kind
    (``article``, ``duplicate``, ``redirect``, ``not_found``, ``image``, ``front``, ``french``,
    ``revisit``), so tests can check that the counts add up."""
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    kinds: Counter = Counter()
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "polemos tests", "format": "WARC"}))
        last_page: tuple[str, bytes] | None = None
        for number in range(pages):
            kind = rng.choices(["article", "duplicate", "redirect", "not_found", "image", "front", "french",
                                "revisit"], weights=[80, 4, 4, 3, 3, 3, 1, 2])[0]
            if kind in ("duplicate", "revisit") and last_page is None:
                kind = "article"
            site = rng.choice(SITES)
            url = f"https://{site}/{number:06d}"
            body, status, content_type = _body(rng, kind, number, last_page)
            if kind == "article":
                last_page = (url, body)
            _write(writer, kind, url, body, status, content_type, last_page)
            kinds[kind] += 1
    return kinds


def _body(rng: random.Random, kind: str, number: int, last: tuple[str, bytes] | None) -> tuple[bytes, str, str]:
    html = "text/html; charset=utf-8"
    if kind == "article":
        return article_html(rng, number)[1].encode("utf-8"), "200 OK", html
    if kind == "duplicate":  # the same story syndicated on another site
        return last[1], "200 OK", html
    if kind == "redirect":
        return b"", "301 Moved Permanently", html
    if kind == "not_found":
        return b"<html><body>Not found</body></html>", "404 Not Found", html
    if kind == "image":
        return bytes(rng.randrange(256) for _ in range(300)), "200 OK", "image/jpeg"
    if kind == "front":
        return section_front().encode("utf-8"), "200 OK", html
    if kind == "french":
        page = f"<html><head><title>Combats</title></head><body><article><p>{FRENCH}</p><p>{FRENCH}</p></article>"
        return (page + "</body></html>").encode("utf-8"), "200 OK", html
    return b"", "200 OK", html  # revisit: no payload


def _write(writer: object, kind: str, url: str, body: bytes, status: str, content_type: str,
           last: tuple[str, bytes] | None) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    request = StatusAndHeaders("GET / HTTP/1.1", [("Host", url.split("/")[2])], is_http_request=True)
    writer.write_record(writer.create_warc_record(url, "request", http_headers=request))
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    if kind == "revisit":
        record = writer.create_revisit_record(url, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                              refers_to_uri=last[0], refers_to_date="2024-05-01T00:00:00Z",
                                              http_headers=headers)
    else:
        record = writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
    writer.write_record(record)
    if kind == "article":
        info = writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                                         warc_content_type="application/warc-fields")
        writer.write_record(info)


BOOKKEEPING = {"migrations", "runs", "run_articles", "sqlite_sequence"}


def canonical_store(db: Path) -> dict[str, list[tuple]]:
    """Every table of a SQLite store, rows sorted, without what differs between two runs that
    stored the same things: timestamps (``*_at``), integer row ids, the run journal itself, and
    full-text indexes' internal tables (their content is compared through the index's own table)."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        master = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
        virtual = [name for name, sql in master if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
        tables = [name for name, _ in master if name not in BOOKKEEPING
                  and not any(name.startswith(v + "_") for v in virtual)]
        return {table: _rows(conn, table) for table in sorted(tables)}


def _rows(conn: object, table: str) -> list[tuple]:
    info = conn.execute(f'PRAGMA table_info("{table}")').fetchall()  # cid, name, type, notnull, default, pk
    columns = [name for _, name, kind, _, _, pk in info
               if not (name == "at" or name.endswith("_at") or (pk and kind.upper() == "INTEGER"))]
    quoted = ", ".join(f'"{c}"' for c in columns)
    return sorted((tuple(row) for row in conn.execute(f'SELECT {quoted} FROM "{table}"')), key=repr)


def final_run(db: Path) -> dict:
    """The last run's journal row: items, counts and reasons (what the summary line says)."""
    import json
    import sqlite3

    with sqlite3.connect(db) as conn:
        row = conn.execute("SELECT status, items, counts, reasons FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
    return {"status": row[0], "items": row[1], "counts": json.loads(row[2]), "reasons": json.loads(row[3])}
