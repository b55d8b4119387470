"""The Ray engine gives the same documents as the local one (a real local Ray instance)."""
from __future__ import annotations

import pytest

from polemos.ingest.normalize import RawArticle
from polemos.pipeline import Pipeline
from polemos.settings import Settings

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'polemos[scale]'")

TEXTS = [
    "Rebels attack army base\n\nRebels attacked an army base near Gao on Monday, killing three soldiers, "
    "the army said.",
    "Protest in Bamako\n\nHundreds of protesters marched in Bamako on Saturday, witnesses said.",
    "",  # rejected before analysis
]


def test_ray_engine_matches_local_engine(monkeypatch, tmp_path):
    from polemos.scale import analyse_with_ray

    monkeypatch.setenv("RAY_AUTH_MODE", "disabled")
    settings = Settings(batch_size=1)
    pipeline = Pipeline.create(settings)
    articles = [pipeline.article(RawArticle(origin=str(i), text=t, published="2024-02-10"))
                for i, t in enumerate(TEXTS) if t]
    local = [d.to_json() for d in pipeline.analyse_many(articles, n_process=1)]
    remote = [d.to_json() for d in analyse_with_ray(articles, settings=settings, workers=2)]
    assert remote == local


# --- Ray writing to a shared store ------------------------------------------------------------------

import functools  # noqa: E402
import json  # noqa: E402

from conftest import postgres_schema  # noqa: E402

BAD_URL = {"text": "Gunmen killed 11 people in Kano on Monday, police said.", "url": "http://[x"}  # fails a step


@pytest.fixture(scope="module")
def ray_session():
    """One local Ray for the module (its start costs seconds); the engine reuses a running Ray."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def pipeline():
    return Pipeline.create(Settings(batch_size=2))


def _corpus(tmp_path) -> list[str]:
    lines = [{"text": f"{t} Report number {i}.", "published": "2024-02-10"} for i in range(3) for t in TEXTS[:2]]
    lines.insert(2, BAD_URL)
    lines.insert(4, lines[0])  # an exact duplicate
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n{broken\n")
    return [str(path)]


def _ingest(db: str, paths: list[str], pipeline, *, ray_workers: int | None) -> dict:
    from polemos.batch import StoreSink, run_batch
    from polemos.scale import analyse_with_ray
    from polemos.store import Store
    from polemos.store.journal import Ledger

    with Store.open(db) as store:
        ledger = Ledger.begin(store, inputs=paths, options={})
        engine = (functools.partial(pipeline.analyse_many, n_process=1) if ray_workers is None else
                  functools.partial(analyse_with_ray, settings=pipeline.settings, workers=ray_workers, store=db,
                                    run_id=ledger.state.id))
        summary = run_batch(paths, pipeline=pipeline, engine=engine, sink=StoreSink(store, ledger=ledger))
        ledger.finish()
        return {"counts": summary.counts, "store": _contents(store)}


def _contents(store) -> dict:
    """What was stored, by content: the articles, their events and figures, the failures."""
    import sqlalchemy as sa

    from polemos.store import schema

    with store.engine.connect() as conn:
        def rows(query):
            return sorted(tuple(r) for r in conn.execute(query))
        return {
            "articles": rows(sa.select(schema.articles.c.id, schema.articles.c.text, schema.articles.c.pipeline)),
            "events": rows(sa.select(schema.events.c.id, schema.events.c.canonical_id, schema.events.c.type)),
            "canonical": rows(sa.select(schema.canonical_events.c.id, schema.canonical_events.c.reports)),
            "figures": rows(sa.select(schema.figures.c.article_id, schema.figures.c.kind, schema.figures.c.value)),
            "failures": rows(sa.select(schema.failures.c.input, schema.failures.c.step, schema.failures.c.reason)),
        }


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_ray_workers_write_the_store_the_local_engine_writes(tmp_path, backend, ray_session, pipeline):
    paths = _corpus(tmp_path)
    if backend == "sqlite":
        local = _ingest(str(tmp_path / "local.db"), paths, pipeline, ray_workers=None)
        remote = _ingest(str(tmp_path / "ray.db"), paths, pipeline, ray_workers=2)
    else:
        with postgres_schema("ray_local") as first, postgres_schema("ray_remote") as second:
            local = _ingest(first, paths, pipeline, ray_workers=None)
            remote = _ingest(second, paths, pipeline, ray_workers=2)
    assert local["counts"] == {"stored": 6, "duplicate": 1, "rejected": 2}
    assert remote == local


def test_ray_workers_that_cannot_open_the_store_stop_the_run_with_one_error(ray_session, pipeline):
    from polemos.errors import StoreError
    from polemos.scale import analyse_with_ray

    article = pipeline.article(RawArticle(origin="a", text=TEXTS[0], published="2024-02-10"))
    with pytest.raises(StoreError, match="unknown database scheme|cannot"):
        list(analyse_with_ray([article], settings=pipeline.settings, workers=1, store="mysql://nowhere/x"))
