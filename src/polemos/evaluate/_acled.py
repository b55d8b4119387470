"""Reading ACLED's Burkina Faso export (evaluation only: ACLED terms forbid redistribution)."""
from __future__ import annotations

import csv
from pathlib import Path

from polemos.evaluate._gold import gold_path

PATH = Path("acled-burkina-faso") / "data" / "acled_Burkina_Faso.csv"
SPLITS = ("all", "2020", "2019", "2018", "before-2018")


def rows(gold_dir: Path, *, name: str, split: str = "all", limit: int | None = None) -> list[dict[str, str]]:
    """The export's rows in ``split`` (all, a year, or before-2018), the first ``limit`` of them."""
    path = gold_path(gold_dir, PATH, name=name, split=split, splits=SPLITS)
    with path.open(encoding="utf-8", newline="") as handle:
        chosen = [row for row in csv.DictReader(handle) if _in_split(int(row["year"]), split)]
    return chosen[:limit] if limit is not None else chosen


def _in_split(year: int, split: str) -> bool:
    if split == "all":
        return True
    if split == "before-2018":
        return year < 2018
    return year == int(split)
