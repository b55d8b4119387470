"""The docs stay honest: every command they show exists, every doc the README links exists."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from polemos.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def commands() -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return set(sub.choices)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_command_shown_exists(doc):
    shown = set(re.findall(r"(?:`|\$ )polemos ([a-z]+)\b", doc.read_text("utf-8")))
    unknown = {c for c in shown if c not in commands() and c not in {"is", "reads", "must", "has", "adds"}}
    assert not unknown, f"{doc.name} shows unknown commands {unknown}"


def test_readme_links_point_at_files():
    text = (ROOT / "README.md").read_text("utf-8")
    for target in re.findall(r"\]\(([^)#]+)\)", text):
        assert (ROOT / target).exists(), target


def test_readme_has_the_two_commands():
    text = (ROOT / "README.md").read_text("utf-8")
    assert "polemos demo" in text and "bash scripts/test.sh" in text
    assert "bash scripts/test.sh" in (ROOT / ".ci" / "run").read_text("utf-8")
