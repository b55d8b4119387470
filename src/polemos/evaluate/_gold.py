"""Finding a gold file: one split check and one message for data that is not there."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from polemos.errors import PolemosError


def check_split(name: str, split: str, splits: Sequence[str]) -> None:
    if split not in splits:
        raise PolemosError(f"unknown split {split!r} for {name}; choose one of: {', '.join(splits)}")


def gold_path(gold_dir: Path, relative: Path, *, name: str, split: str, splits: Sequence[str]) -> Path:
    """``gold_dir / relative`` after checking the split; a missing file or folder says what to do."""
    check_split(name, split, splits)
    path = Path(gold_dir) / relative
    if not path.exists():
        raise PolemosError(f"{name} gold data not found at {path}; set POLEMOS_GOLD or pass --gold DIR")
    return path
