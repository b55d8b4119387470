"""Several processes writing one store at once: every article is stored, nothing twice, nothing lost."""
from __future__ import annotations

import multiprocessing
import random
from dataclasses import replace

import pytest
import sqlalchemy as sa
from conftest import postgres_schema
from web_fixtures import STORIES, Story, document

from polemos.model import ArticleDocument, DateValue
from polemos.store import Store, schema
from polemos.store.migrations import MIGRATIONS

FORK = multiprocessing.get_context("fork")


def _open_and_close(db: str) -> str:
    Store.open(db).close()
    return "ok"


def _save_all(db: str, seed: int) -> list[str]:
    """Save every story, in an order of its own: the same articles and the same merged events
    arrive in every process at nearly the same time."""
    docs = [document(s) for s in STORIES]
    random.Random(seed).shuffle(docs)
    with Store.open(db) as store:
        return [store.save(d) for d in docs]


def _summary(db: str) -> tuple:
    with Store.open(db) as store, store.engine.connect() as conn:
        ce = schema.canonical_events
        canonical = conn.execute(sa.select(ce.c.id, ce.c.sources, ce.c.reports).order_by(ce.c.id)).all()
        return store.counts()["articles"], store.counts()["events"], [tuple(r) for r in canonical]


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def new_db(request, tmp_path):
    if request.param == "sqlite":
        yield str(tmp_path / "new.db")
        return
    with postgres_schema("c") as url:
        yield url


@pytest.mark.parametrize("round_", range(3))
def test_processes_creating_a_new_store_at_once_all_succeed(new_db, round_, tmp_path):
    db = new_db if "://" in new_db else str(tmp_path / f"r{round_}.db")
    with FORK.Pool(4) as pool:
        assert pool.map(_open_and_close, [db] * 4) == ["ok"] * 4
    with Store.open(db) as store, store.engine.connect() as conn:
        names = [r[0] for r in conn.execute(sa.select(schema.migrations.c.name))]
    assert sorted(names) == sorted(name for name, _ in MIGRATIONS)


def test_processes_saving_the_same_articles_at_once_give_the_store_of_one(new_db, tmp_path):
    Store.open(new_db).close()
    with FORK.Pool(4) as pool:
        outcomes = pool.starmap(_save_all, [(new_db, seed) for seed in range(4)])
    per_article = sorted(o for run in outcomes for o in run)
    assert per_article.count("stored") == len(STORIES)  # each article stored once, by one of them
    assert set(per_article) <= {"stored", "unchanged"}
    serial = str(tmp_path / "serial.db")
    _save_all(serial, 0)
    assert _summary(new_db) == _summary(serial)


def _timeless(story: Story, tail: str) -> ArticleDocument:
    """The story again as an archive page: no publication date, no date of its event."""
    doc = document(replace(story, text=f"{story.text} {tail}"))
    undated = DateValue(None, None)
    return replace(doc, article=replace(doc.article, published=None),
                   events=tuple(replace(e, date=undated) for e in doc.events),
                   figures=tuple(replace(f, date=undated) for f in doc.figures))


def _mixed() -> list[ArticleDocument]:
    dated = [document(s) for s in STORIES]
    timeless = [_timeless(s, tail) for s in STORIES[:3] for tail in ("Residents fled.", "Schools closed.")]
    return dated + timeless


def _save_share(db: str, part: int) -> list[str]:
    """Save one process's share of the dated and timeless reports of the same stories."""
    with Store.open(db) as store:
        return [store.save(d) for d in _mixed()[part::4]]


def test_processes_saving_timeless_and_dated_reports_of_one_story_give_the_store_of_one(new_db, tmp_path):
    """Timeless main events meet every dated one of their countries; the locks for that
    (``merge.lock_plan``) must still make writers of reports that could meet wait for each other."""
    Store.open(new_db).close()
    with FORK.Pool(4) as pool:
        outcomes = pool.starmap(_save_share, [(new_db, part) for part in range(4)])
    assert sorted(o for run in outcomes for o in run) == ["stored"] * len(_mixed())
    serial = str(tmp_path / "serial.db")
    with Store.open(serial) as store:
        for doc in _mixed():
            store.save(doc)
    assert _summary(new_db) == _summary(serial)
    assert max(reports for _, _, reports in _summary(serial)[2]) >= 4  # timeless reports did merge


# --- values a database refuses: that article is rejected, the store and the batch go on -------------

def test_a_value_the_database_cannot_hold_fails_that_article_only(new_db):
    import dataclasses

    from polemos.errors import UnstorableError

    good, other = document(STORIES[0]), document(STORIES[1])
    huge = dataclasses.replace(other, figures=tuple(dataclasses.replace(f, value=10**30) for f in other.figures))
    with Store.open(new_db) as store:
        with pytest.raises(UnstorableError, match="cannot store article"):
            store.save(huge)
        assert store.save(good) == "stored"
        assert store.counts()["articles"] == 1 and store.document(other.article.id) is None


def test_nan_in_metadata_is_stored_as_null_on_every_database(new_db):
    import dataclasses
    import math

    doc = document(STORIES[0])
    doc = dataclasses.replace(doc, article=dataclasses.replace(doc.article, metadata={"score": math.nan, "n": 2}))
    with Store.open(new_db) as store:
        assert store.save(doc) == "stored"
        assert store.document(doc.article.id)["article"]["metadata"] == {"score": None, "n": 2}
