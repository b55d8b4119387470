"""The store: idempotent ingest, provenance, merging across outlets, filters, failures — on
SQLite (always) and on a real PostgreSQL (when POLEMOS_PG_URL names one; CI starts it)."""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from conftest import postgres_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polemos.errors import StoreError, StoreURLError
from polemos.ingest.normalize import content_id
from polemos.model import (
    AcledType,
    Actor,
    ArticleDocument,
    ArticleMeta,
    DateValue,
    Event,
    Figure,
    Place,
    Quote,
    Span,
    document_from_json,
    to_json,
)
from polemos.store import EventFilter, Store
from polemos.store import schema
from polemos.store.migrations import MIGRATIONS, apply_migrations


def article_doc(text: str, *, source: str, pipeline: str = "test-1", day: str = "2024-03-13") -> ArticleDocument:
    """A small document built by hand: shelling in Ain Zara reported by ``source``."""
    aid = content_id(text)
    at = text.index("Shelling")
    evidence = Span(at, at + len("Shelling killed five civilians"), "Shelling killed five civilians")
    place_at = text.index("Ain Zara")
    place = Place("p1", "Ain Zara", None, 32.8, 13.2, "LY", "Tripoli", "locality", 1,
                  (Span(place_at, place_at + 8, "Ain Zara"),))
    ministry_at = text.index("Health Ministry")
    ministry = Actor("a1", "Health Ministry", "organization", "LBY", "GOV", None, None,
                     (Span(ministry_at, ministry_at + 15, "Health Ministry"),))
    army = Actor("a2", "Libyan National Army", "organization", "LBY", "MIL", kb_id="lna")
    event = Event(id=f"ev_{aid[:8]}", type="ASSAULT", evidence=evidence, mode="Artillery", actors=("a2",),
                  place="p1", date=DateValue(day, day, "day", "on Wednesday"), reported_by=("a1",), cameo="19",
                  acled=AcledType("Explosions/Remote violence", "Shelling/artillery/missile attack"), confidence=0.8,
                  trigger=Span(at, at + 8, "Shelling"))
    figure = Figure("f1", "killed", evidence, 5, 5, 5, "exact", "civilians", scope="incident", source="a1",
                    event=event.id, place="p1")
    quote = Quote("q1", Span(ministry_at, ministry_at + 15, "Health Ministry"), evidence, "indirect", "a1")
    meta = ArticleMeta(aid, text, "Shelling", "2024-03-14", source, None, "en", pipeline, {"origin": "test"})
    return ArticleDocument(meta, (ministry, army), (event,), (quote,), (figure,), (place,), ())


TEXT_A = "Shelling killed five civilians in Ain Zara on Wednesday, the Health Ministry said."
TEXT_B = "Shelling killed five civilians in Ain Zara, the Health Ministry said on Wednesday."


def _stores():
    yield pytest.param("sqlite", id="sqlite")
    yield pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)


@pytest.fixture(params=list(_stores()))
def store(request, tmp_path):
    if request.param == "sqlite":
        s = Store.open(tmp_path / "polemos.db")
        yield s
        s.close()
        return
    with postgres_schema("t") as url:
        s = Store.open(url)
        yield s
        s.close()


def test_ingesting_the_same_article_twice_changes_nothing(store):
    doc = article_doc(TEXT_A, source="Wire")
    assert store.save(doc) == "stored"
    before = store.counts()
    assert store.save(doc) == "unchanged"
    assert store.counts() == before == {"articles": 1, "events": 1, "canonical_events": 1, "figures": 1,
                                        "quotes": 1, "failures": 0}


def test_a_new_pipeline_version_updates_in_place(store):
    store.save(article_doc(TEXT_A, source="Wire"))
    assert store.save(article_doc(TEXT_A, source="Wire", pipeline="test-2")) == "updated"
    assert store.counts()["events"] == 1 and store.counts()["articles"] == 1


def test_the_same_event_from_two_outlets_is_one_event_with_two_sources(store):
    store.save(article_doc(TEXT_A, source="Wire"))
    store.save(article_doc(TEXT_B, source="Daily"))
    [event] = store.events()
    assert event["sources"] == 2
    assert {m["source"] for m in event["mentions"]} == {"Wire", "Daily"}
    for mention in event["mentions"]:  # provenance: offsets into each article's own text
        text = store.document(mention["article"])["article"]["text"]
        span = mention["evidence"]
        assert text[span["start"]:span["end"]] == span["text"]
    assert event["place"]["name"] == "Ain Zara" and event["reported_by"][0]["name"] == "Health Ministry"


def test_different_days_are_not_merged(store):
    store.save(article_doc(TEXT_A, source="Wire"))
    store.save(article_doc(TEXT_B, source="Daily", day="2024-03-12"))
    assert store.count_events() == 2


@pytest.mark.parametrize("filters, expected", [
    (EventFilter(type="assault"), 1),
    (EventFilter(type="PROTEST"), 0),
    (EventFilter(place="ain"), 1),
    (EventFilter(country="ly"), 1),
    (EventFilter(country="SD"), 0),
    (EventFilter(actor="national army"), 1),
    (EventFilter(actor="health"), 0),  # the ministry reported it; it did not act
    (EventFilter(date_from="2024-03-13", date_to="2024-03-13"), 1),
    (EventFilter(date_from="2024-03-14"), 0),
    (EventFilter(text="five civilians"), 1),
    (EventFilter(text="100%_"), 0),  # LIKE wildcards are escaped, not interpreted
    (EventFilter(modality="asserted"), 1),
    (EventFilter(modality="negated"), 0),
])
def test_event_filters(store, filters, expected):
    store.save(article_doc(TEXT_A, source="Wire"))
    assert store.count_events(filters) == expected == len(store.events(filters))


def test_failures_are_recorded(store):
    store.record_failure("bad.jsonl:2", "read", "is not valid JSON")
    [row] = store.failures()
    assert (row["input"], row["step"], row["reason"]) == ("bad.jsonl:2", "read", "is not valid JSON")


def test_migrations_are_named_and_applied_once(tmp_path):
    path = tmp_path / "m.db"
    Store.open(path).close()
    with Store.open(path) as s, s.engine.connect() as conn:
        names = [r[0] for r in conn.execute(sa.text("SELECT name FROM migrations"))]
    assert names == [name for name, _ in MIGRATIONS]  # each applied once, in order
    assert names[:3] == ["0001_initial", "0002_corrections", "0003_dashboard_indexes"]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("db, error, words", [
    ("mysql://user@host/db", StoreURLError, "unknown database scheme 'mysql'"),
    ("/proc/polemos/x.db", StoreError, "choose a writable location"),
])
def test_bad_store_locations_get_one_clear_error(db, error, words):
    with pytest.raises(error, match=words):
        Store.open(db)


def test_an_unwritable_store_file_is_a_store_error(tmp_path):
    if os.geteuid() == 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        path = folder / "x.db"
        path.write_bytes(b"not a database at all, just bytes")
        with pytest.raises(StoreError, match="cannot open store"):
            Store.open(path)
        return
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(StoreError):
        Store.open(folder / "x.db")


words = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(source=words, title=words)
def test_documents_round_trip_through_the_store(tmp_path_factory, source, title):
    with Store.open(tmp_path_factory.mktemp("rt") / "rt.db") as s:
        doc = article_doc(TEXT_A + " " + title, source=source)
        s.save(doc)
        assert document_from_json(s.document(doc.article.id)) == doc
        assert to_json(document_from_json(to_json(doc))) == to_json(doc)


def test_each_record_is_stored_once(store):
    doc = article_doc(TEXT_A, source="Wire")
    store.save(doc)
    with store.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
        [event_data] = [r[0] for r in conn.execute(sa.select(schema.events.c.data))]
    assert "document" not in columns
    assert event_data == to_json(doc.events[0])  # the plain record: ids, not copies of its actors
    assert store.document(doc.article.id) == doc.to_json() and store.article(doc.article.id) == doc


def test_a_store_from_before_migration_7_keeps_every_document(store):
    """Migration 0007 moves a store that kept whole documents onto one row per record."""
    docs = [article_doc(TEXT_A, source="Wire"), article_doc(TEXT_A + " Two died later.", source="Daily")]
    for doc in docs:
        store.save(doc)
    with store.engine.begin() as conn:  # the old layout: whole documents, expanded events, no order
        conn.execute(sa.text("ALTER TABLE articles ADD COLUMN document JSON"))
        old = sa.table("articles", sa.column("id"), sa.column("document", sa.JSON))
        for doc in docs:
            conn.execute(old.update().where(old.c.id == doc.article.id).values(document=doc.to_json()))
            conn.execute(schema.events.update().where(schema.events.c.article_id == doc.article.id)
                         .values(data={"expanded": True}))
        for table in (schema.actors, schema.places, schema.events, schema.figures, schema.quotes):
            conn.execute(table.update().values(position=None))
        conn.execute(schema.articles.update().values(warnings=None))
        conn.execute(schema.migrations.delete().where(schema.migrations.c.name == "0007_records_once"))
    assert apply_migrations(store.engine) == ["0007_records_once"]
    for doc in docs:
        assert store.document(doc.article.id) == doc.to_json()


# --- merging, near duplicates and a server that goes away (issue 14) --------------------------------

def test_an_event_without_a_place_merges_with_the_placed_reports(store):
    """A missing place lowers the merge score; it does not forbid the merge."""
    import dataclasses

    store.save(article_doc(TEXT_A, source="Wire"))
    placeless = article_doc(TEXT_B, source="Daily")
    placeless = dataclasses.replace(placeless, events=(dataclasses.replace(placeless.events[0], place=None),))
    store.save(placeless)
    [event] = store.events()
    assert event["sources"] == 2 and event["place"]["name"] == "Ain Zara"
    assert event["fields"]["place"]["alternatives"][0]["value"] is None  # the report without one is kept


@pytest.mark.postgres
def test_a_postgresql_server_gone_mid_save_is_one_clear_error_and_a_rerun_finishes(monkeypatch):
    from polemos.store import near_duplicates

    first, second = article_doc(TEXT_A, source="Wire"), article_doc(TEXT_B, source="Daily")
    link = near_duplicates.link

    def cut(conn, *args, **kwargs):  # the connection dies inside the article's transaction
        conn.execute(sa.text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return link(conn, *args, **kwargs)

    with postgres_schema("gone") as url, Store.open(url) as s:
        s.save(first)
        monkeypatch.setattr(near_duplicates, "link", cut)
        with pytest.raises(StoreError, match=r"cannot write to store .*PostgreSQL server is running"):
            s.save(second)
        monkeypatch.setattr(near_duplicates, "link", link)
        assert s.counts()["articles"] == 1  # nothing of the cut article was kept
        assert s.save(second) == "stored" and s.save(first) == "unchanged"
        [event] = s.events()
        assert event["sources"] == 2
