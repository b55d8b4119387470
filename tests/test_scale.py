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
