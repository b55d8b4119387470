"""The JSON Schema of the article document, and a validator that also checks every span."""
from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

import jsonschema


@functools.cache
def article_schema() -> dict[str, Any]:
    return json.loads(resources.files(__name__).joinpath("article.schema.json").read_text("utf-8"))


def validate_document(data: dict[str, Any]) -> list[str]:
    """Every problem with an article document in words (empty when valid)."""
    validator = jsonschema.Draft202012Validator(article_schema())
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
                for e in validator.iter_errors(data)]
    text = data.get("article", {}).get("text")
    if text is not None:
        problems += [f"{path}: span {span!r} does not match article.text[{span.get('start')}:{span.get('end')}]"
                     for path, span in _spans(data) if text[span["start"]:span["end"]] != span["text"]]
    return problems


def _spans(node: Any, path: str = "") -> list[tuple[str, dict]]:
    found = []
    if isinstance(node, dict):
        if set(node) == {"start", "end", "text"} and isinstance(node.get("start"), int):
            return [(path, node)]
        for key, value in node.items():
            if key != "article":
                found += _spans(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _spans(value, f"{path}/{i}")
    return found
