"""``polemos evaluate``: score the pipeline against the gold datasets in ``../shared/gold``.

Each module in this package is one evaluation and defines ``NAME``, ``SPLITS`` (the first is
the default), ``DESCRIPTION`` and ``run(pipeline, *, gold_dir, split, limit) -> Report``.
They are discovered by name, so adding an evaluation is adding a module.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from polemos.evaluate.metrics import Report, ScoreTable, score_labels

__all__ = ["Report", "ScoreTable", "available", "get", "score_labels"]


def available() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_") or info.name == "metrics":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            found[module.NAME] = module
    return found


def get(name: str) -> ModuleType:
    modules = available()
    if name not in modules:
        from polemos.errors import PolemosError

        raise PolemosError(f"no evaluation named {name!r}; choose one of: {', '.join(sorted(modules))}")
    return modules[name]
