"""The layout: imports go one way between the parts of Polemos, and no part reaches into another's privates."""
from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import polemos

SRC = Path(polemos.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every polemos module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    modules = {_module_name(p) for p in SRC.rglob("*.py")}
    return {name for name in found if name in modules}


GRAPH = {_module_name(p): _imports(p) for p in SRC.rglob("*.py")}


def _part(module: str) -> str:
    """The part of Polemos a module belongs to: ``polemos.extract.events._rules`` → ``extract``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "polemos"


@pytest.mark.parametrize("part, never", [
    ("text", {"nlp", "ingest", "resolve", "extract", "pipeline", "batch", "store", "cli"}),
    ("model", {"nlp", "ingest", "resolve", "extract", "pipeline", "batch", "store", "cli"}),
    ("errors", {"nlp", "ingest", "resolve", "extract", "pipeline", "batch", "store", "cli", "model"}),
    ("nlp", {"ingest", "resolve", "extract", "pipeline", "batch", "store", "cli"}),
    ("ingest", {"nlp", "resolve", "extract", "pipeline", "batch", "store", "cli"}),
    ("resolve", {"extract", "pipeline", "batch", "store", "cli", "web", "export"}),
    ("extract", {"pipeline", "batch", "store", "cli", "web", "export", "evaluate"}),
    ("store", {"extract", "pipeline", "batch", "cli", "web", "nlp"}),
])
def test_imports_go_one_way(part, never):
    wrong = sorted((m, i) for m, imports in GRAPH.items() if _part(m) == part for i in imports if _part(i) in never)
    assert not wrong


def test_there_are_no_import_cycles_between_parts():
    edges: dict[str, set[str]] = defaultdict(set)
    for module, imports in GRAPH.items():
        edges[_part(module)] |= {_part(i) for i in imports} - {_part(module), "polemos"}

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in edges[start])

    cycles = sorted(p for p in list(edges) if reaches(p, p, {p}))
    assert not cycles


def test_no_module_imports_the_private_helpers_of_another_package():
    def package(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[: next(i for i, p in enumerate(parts) if p.startswith("_"))])

    wrong = sorted((m, i) for m, imports in GRAPH.items() for i in imports
                   if any(p.startswith("_") for p in i.split(".")[1:])
                   and not (m + ".").startswith(package(i) + "."))
    assert not wrong
