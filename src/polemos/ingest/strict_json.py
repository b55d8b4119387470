"""Strict JSON for JSONL lines (RFC 8259), where Python's json is lenient or fragile.

Python's json accepts NaN and Infinity, turns 1e999 into inf and recurses once per nesting level;
each of these would fail later and far away (the store, an export, the API) or, for deep nesting,
crash the run. Here they are one clear reason for one line, and the batch goes on.
"""
from __future__ import annotations

import json
import math
import re
from typing import NoReturn

# Article metadata is a few levels deep; a cap well under Python's recursion limit keeps every later
# json.dumps (store, API, exports) safe, wherever in the stack it runs.
MAX_DEPTH = 64
MAX_INT_DIGITS = 4300  # Python's own limit for int(str); past it int() raises a bare ValueError
SURROGATE = re.compile(r"[\ud800-\udfff]")
TOO_DEEP = f"is nested too deeply (over {MAX_DEPTH} levels); flatten its metadata"


class NotJSON(Exception):
    """A line that strict JSON (RFC 8259) does not allow, though Python's json may parse it."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def load_json_line(line: str) -> object:
    """One JSON value, strictly: NaN and Infinity, numbers that overflow, unpaired surrogates and
    deep nesting are rejected, not passed on to fail later in the store or an export."""
    try:
        value = json.loads(line, parse_constant=_reject_constant, parse_float=_finite_float, parse_int=_bounded_int)
    except RecursionError:  # json's C parser recurses per level: 100,000 '[' exhaust the stack
        raise NotJSON(TOO_DEEP) from None
    except json.JSONDecodeError as exc:
        raise NotJSON(f"is not valid JSON ({exc.msg}); each line must be one JSON object") from None
    reason = _unstorable(value)
    if reason:
        raise NotJSON(reason)
    return value


def _reject_constant(name: str) -> NoReturn:
    raise NotJSON(f"holds {name}, which is not valid JSON; write null (or the number as a string)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses to inf, which strict JSON cannot write back
        raise NotJSON(f"holds the number {text[:20]}, too large for a float; write it as a string")
    return value


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise NotJSON(f"holds an integer of {len(text.lstrip('-')):,} digits; write it as a string")
    return int(text)


def _unstorable(value: object) -> str | None:
    """Why a parsed value cannot be kept, or None. A loop, not recursion, so any depth is safe."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str) and not item.isascii() and SURROGATE.search(item):
            return "holds an unpaired surrogate (a \\ud800-\\udfff escape), which is not text; fix what wrote it"
        if isinstance(item, (dict, list)):
            if depth > MAX_DEPTH:
                return TOO_DEEP
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return None
