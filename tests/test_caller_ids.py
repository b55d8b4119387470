"""The caller's article id (issue 13): a JSONL line's ``id`` is the article's id in ``extract``'s
output, the store, ``polemos events``, every export and the API; the content hash still recognises
a duplicate; a bad id rejects its line alone. Store tests run on SQLite and a real PostgreSQL."""
from __future__ import annotations

import contextlib
import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import postgres_schema
from web_fixtures import STORIES, document

from polemos.errors import InputError, MalformedInputError
from polemos.ingest import RawArticle, build_article, read_inputs
from polemos.model import ArticleDocument, content_hash, document_from_json
from polemos.schema import validate_document
from polemos.settings import Settings
from polemos.store import Store, schema
from polemos.store.migrations import apply_migrations

BODY = "Fighting continued in the city on Monday, officials said, as both sides traded artillery fire."
LONG_ID = "https://wire.example/2024/03/14/" + "a" * 168  # 200 characters, slashes and all


# --- reading and normalising ------------------------------------------------------------------------

@pytest.mark.parametrize("given, expected", [
    ("reuters-2024-0001", "reuters-2024-0001"),
    ("  spaced  ", "  spaced  "),  # kept exactly as given: it must come back unchanged
    ("خبر/٣", "خبر/٣"),
    (LONG_ID, LONG_ID),
    (17, "17"),  # an integer id is written as a string
    (None, content_hash(BODY)),  # "id": null gives none: the content hash, as before
])
def test_a_jsonl_id_is_the_articles_id(tmp_path, given, expected):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": given, "text": BODY}) + "\n", "utf-8")
    [raw] = read_inputs([str(path)])
    article = build_article(raw, settings=Settings())
    assert (article.id, article.content_hash) == (expected, content_hash(BODY))
    assert "given_id" not in article.metadata


@pytest.mark.parametrize("given, words", [
    ("", "has an empty 'id'"),
    ("   ", "has an empty 'id'"),
    ("a\tb", "control character ('\\t') in its 'id' at position 2"),
    ("line\nbreak", "control character"),
    ("nul\u0000", "control character"),
    ("x" * 201, "'id' of 201 characters, over the limit of 200"),
    (True, "'id' that is true or false"),
    (1.5, "'id' that is a decimal number"),
    (["a"], "'id' that is a list"),
    ({"a": 1}, "'id' that is an object"),
])
def test_a_bad_id_rejects_its_line_alone_and_says_what_to_do(tmp_path, given, words):
    path = tmp_path / "batch.jsonl"
    lines = [{"id": "first", "text": BODY}, {"id": given, "text": BODY + " Again."}, {"text": BODY + " More."}]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    items = list(read_inputs([str(path)]))
    assert [type(i) for i in items] == [RawArticle, MalformedInputError, RawArticle]
    message = str(items[1])
    assert message.startswith(f"{path}:2: ") and words in message and "leave 'id' out" in message
    assert "\n" not in message


def test_a_bad_id_given_by_a_library_caller_is_an_input_error():
    with pytest.raises(InputError, match="x.txt: has an empty 'id'"):
        build_article(RawArticle(origin="x.txt", text=BODY, given_id=" "), settings=Settings())


def test_a_document_without_content_hash_still_loads_and_validates():
    doc = document(STORIES[0])
    data = doc.to_json()
    assert data["article"]["content_hash"] == content_hash(doc.article.text) and not validate_document(data)
    old = json.loads(json.dumps(data))
    del old["article"]["content_hash"]  # a document written before caller ids
    assert not validate_document(old)
    assert document_from_json(old) == doc
    textless = doc.to_json(include_text=False)
    del textless["article"]["content_hash"]
    assert document_from_json(textless).article.content_hash == doc.article.id  # its id was the hash


# --- the store ----------------------------------------------------------------------------------------

def named(doc: ArticleDocument, article_id: str) -> ArticleDocument:
    return dataclasses.replace(doc, article=dataclasses.replace(doc.article, id=article_id))


A, B, C = (document(s) for s in STORIES[:3])  # A and B: one shelling from two outlets; C another event


@pytest.mark.parametrize("saves, outcomes, stored", [
    ([("a1", A)], ["stored"], {"a1": A}),
    ([("a1", A), ("a1", A)], ["stored", "unchanged"], {"a1": A}),
    ([("a1", A), ("b1", A)], ["stored", "duplicate"], {"a1": A}),  # the same text under another id
    ([("a1", A), ("a1", C)], ["stored", "updated"], {"a1": C}),  # the same id with new text
    ([("a1", A), ("b1", C), ("a1", C)], ["stored", "stored", "duplicate"], {"a1": A, "b1": C}),  # a1 keeps its text
    ([(LONG_ID, A), (LONG_ID, A)], ["stored", "unchanged"], {LONG_ID: A}),  # PostgreSQL enforces varchar length
    ([("a1", A), ("b1", B)], ["stored", "stored"], {"a1": A, "b1": B}),
])
def test_duplicates_are_recognised_by_content_hash_and_ids_are_kept(db, saves, outcomes, stored):
    with Store.open(db) as store:
        assert [store.save(named(doc, aid)) for aid, doc in saves] == outcomes
        assert store.counts()["articles"] == len(stored)
        for aid, doc in stored.items():
            data = store.document(aid)
            assert (data["article"]["id"], data["article"]["text"], data["article"]["url"]) == (
                aid, doc.article.text, doc.article.url)
            assert store.article(aid) == named(doc, aid)
        mentioned = {m["article"] for e in store.events() for m in e["mentions"]}
        assert mentioned == set(stored)


def test_known_says_what_a_save_would_do_before_analysis(db):
    with Store.open(db) as store:
        assert store.known(named(A, "a1").article) is None
        store.save(named(A, "a1"))
        assert store.known(named(A, "a1").article) == ("unchanged", "a1")
        assert store.known(named(A, "b1").article) == ("duplicate", "a1")
        assert store.known(named(C, "a1").article) is None  # an update
        newer = dataclasses.replace(A.article, id="a1", pipeline="test-2")
        assert store.known(newer) is None  # a new pipeline updates


def test_migration_10_gives_a_store_from_before_it_content_hashes_and_wide_ids(db):
    with Store.open(db) as store:
        for doc in (A, C):
            store.save(doc)
        with store.engine.begin() as conn:  # the layout before 0010: no content_hash, the journal keyed by id
            conn.execute(sa.text("DROP INDEX ix_articles_content_hash"))
            conn.execute(sa.text("ALTER TABLE articles DROP COLUMN content_hash"))
            conn.execute(sa.text("ALTER TABLE run_articles RENAME COLUMN content_hash TO article_id"))
            if conn.dialect.name == "postgresql":
                for table, column in (("articles", "id"), ("events", "article_id"), ("article_copies", "original_id")):
                    conn.execute(sa.text(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE VARCHAR(40)"))
            conn.execute(schema.migrations.delete().where(schema.migrations.c.name == "0010_caller_ids"))
        assert apply_migrations(store.engine) == ["0010_caller_ids"]
        with store.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT id, content_hash FROM articles ORDER BY id")).all()
            journal = {c["name"] for c in sa.inspect(conn).get_columns("run_articles")}
            lengths = {c["name"]: getattr(c["type"], "length", None) for c in sa.inspect(conn).get_columns("events")}
        assert rows == sorted((d.article.id, d.article.content_hash) for d in (A, C))
        assert "content_hash" in journal and "article_id" not in journal
        if store.engine.dialect.name == "postgresql":
            assert lengths["article_id"] == 200
        assert store.save(named(A, "wire-1")) == "duplicate"  # recognised by the filled-in hash
        assert store.save(named(B, LONG_ID)) == "stored"


# --- the commands, end to end ------------------------------------------------------------------------

def _demo_lines() -> list[dict]:
    from importlib import resources

    text = resources.files("polemos.demo").joinpath("invented.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def corpus(folder: Path) -> Path:
    """Two outlets on one shelling, a copy of the first under another id, a bad id, an integer id."""
    first, second, third = _demo_lines()[:3]
    keep = ("title", "text", "source", "published")
    lines = [
        {"id": "wire/2024/03/14/ain-zara", "url": "https://wire.example/ain-zara", **{k: first[k] for k in keep}},
        {"id": "daily-7781", "url": "https://daily.example/7781", **{k: second[k] for k in keep}},
        {"id": "wire-copy", **{k: first[k] for k in keep}},
        {"id": " ", "text": third["text"]},
        {"id": 42, **{k: third[k] for k in keep}},
    ]
    path = folder / "ids.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", "utf-8")
    return path


IDS = {"wire/2024/03/14/ain-zara", "daily-7781", "42"}


def polemos(*args: str) -> tuple[int, bytes, str]:
    """``polemos ARGS`` in this process (the model loads once); exit status, stdout, stderr."""
    from polemos.cli import main

    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
        out.flush()
    return status, out.buffer.getvalue(), err.getvalue()


def test_extract_prints_the_callers_ids(tmp_path):
    status, out, err = polemos("extract", str(corpus(tmp_path)), "--format", "jsonl", "--no-text", "--quiet")
    documents = [json.loads(line) for line in out.decode().splitlines()]
    assert status == 1  # one line was rejected
    assert [(d["article"]["id"], d["article"]["url"]) for d in documents] == [
        ("wire/2024/03/14/ain-zara", "https://wire.example/ain-zara"), ("daily-7781", "https://daily.example/7781"),
        ("42", None)]
    assert all(not validate_document(d) for d in documents)
    assert "ids.jsonl:4: has an empty 'id'" in err
    assert "5 read, 3 printed, 1 skipped as exact duplicates, 1 rejected (read: 1)" in err


def test_the_callers_id_names_a_duplicate_it_repeats(tmp_path):
    _, _, err = polemos("extract", str(corpus(tmp_path)), "--format", "jsonl", "--no-text")
    assert "ids.jsonl:3: article 'wire-copy' repeats the text of article 'wire/2024/03/14/ain-zara'" in err


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ingested(request, tmp_path_factory):
    """The corpus ingested once per backend: the store's URL and what the two runs said."""
    folder = tmp_path_factory.mktemp("ingest")
    path = corpus(folder)
    with contextlib.ExitStack() as stack:
        db = str(folder / "ids.db") if request.param == "sqlite" else stack.enter_context(postgres_schema("cli"))
        first = polemos("ingest", str(path), "--db", db, "--quiet")
        again = polemos("ingest", str(path), "--db", db, "--quiet")
        yield db, first, again


def test_ingest_stores_the_callers_ids_and_a_second_run_changes_nothing(ingested):
    db, (status, _, err), (again_status, _, again_err) = ingested
    assert status == again_status == 1
    assert "5 read, 3 stored, 1 skipped as exact duplicates, 1 rejected (read: 1)" in err
    assert "5 read, 3 unchanged, 1 skipped as exact duplicates, 1 rejected (read: 1)" in again_err
    with Store.open(db, create=False) as store:
        assert store.counts()["articles"] == 3
        assert store.document("wire/2024/03/14/ain-zara")["article"]["url"] == "https://wire.example/ain-zara"
        assert store.document("wire-copy") is None  # a duplicate: counted once
        assert {f["input"].rsplit("/", 1)[-1] for f in store.failures()} == {"ids.jsonl:4"}


def test_polemos_events_shows_the_callers_ids(ingested):
    db = ingested[0]
    _, out, _ = polemos("events", "--db", db, "--format", "jsonl")
    events = [json.loads(line) for line in out.decode().splitlines()]
    assert {m["article"] for e in events for m in e["mentions"]} == IDS
    _, out, _ = polemos("events", "--db", db, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out.decode())))
    assert {a for r in rows for a in r["articles"].split("; ")} == IDS


def _exported(db: str, fmt: str) -> set[str]:
    status, out, _ = polemos("export", "--db", db, "--format", fmt)
    assert status == 0
    if fmt == "acled-csv":
        tags = [t for row in csv.DictReader(io.StringIO(out.decode())) for t in row["tags"].split("; ")]
        return {t.removeprefix("polemos:article=") for t in tags if t.startswith("polemos:article=")}
    if fmt == "plover-jsonl":
        records = [json.loads(line) for line in out.decode().splitlines()]
        cited = {c["citation"] for r in records for c in r["cite_info"]}
        assert cited == {t["article"] for r in records for t in r["text_info"]}
        return cited
    if fmt == "geojson":
        return {a for f in json.loads(out)["features"] for a in f["properties"]["articles"]}
    pq = pytest.importorskip("pyarrow.parquet")
    rows = pq.read_table(io.BytesIO(out)).to_pylist()
    assert {a for r in rows for a in r["articles"]} == {m["article"] for r in rows for m in json.loads(r["mentions"])}
    return {a for r in rows for a in r["articles"]}


@pytest.mark.parametrize("fmt", ["acled-csv", "plover-jsonl", "geojson", "parquet"])
def test_every_export_shows_the_callers_ids(ingested, fmt):
    from polemos.export import FORMATS

    assert fmt in FORMATS
    assert _exported(ingested[0], fmt) == IDS


def test_the_api_returns_the_callers_ids(ingested):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from polemos.web.app import create_app

    with TestClient(create_app(ingested[0])) as client:
        events = client.get("/api/events", params={"limit": 100}).json()["items"]
        articles = client.get("/api/articles").json()["items"]
    assert {m["article"] for e in events for m in e["mentions"]} == IDS
    assert {a["id"] for a in articles} == IDS
    assert {a["url"] for a in articles} == {"https://wire.example/ain-zara", "https://daily.example/7781", None}
