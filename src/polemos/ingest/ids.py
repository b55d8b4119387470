"""The caller's article id: what a JSONL line's ``id`` may be, checked where it is read.

An article's id is the caller's when a line gives one, kept exactly as given (so that it comes
back unchanged from ``extract``, the store, ``events``, the exports and the API); without one it
is the hash of the text. A bad id rejects its line alone, with what to do: the batch goes on.
"""
from __future__ import annotations

import unicodedata
from typing import Any

from polemos.errors import MalformedInputError
from polemos.model import ARTICLE_ID_MAX

_INSTEAD = "or leave 'id' out to use the hash of the text"


def given_id(where: str, value: Any) -> str | None:
    """The id a JSONL line gives (a string, or an integer written as one); None when it gives
    none (no ``id``, or ``null``). Raises ``MalformedInputError`` naming ``where`` otherwise."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        kind = {bool: "true or false", float: "a decimal number", list: "a list", dict: "an object"}.get(
            type(value), type(value).__name__)
        raise MalformedInputError(where, f"has an 'id' that is {kind}; give it as a string, {_INSTEAD}")
    return check_id(where, value)


def check_id(where: str, value: str) -> str:
    """``value`` when it can be an article id: some visible character, at most ``ARTICLE_ID_MAX``
    characters, no control characters (a tab, a newline, NUL: no id means one, and they break
    the lines and tables that show ids)."""
    if not value.strip():
        raise MalformedInputError(where, f"has an empty 'id'; give one with a visible character, {_INSTEAD}")
    if len(value) > ARTICLE_ID_MAX:
        raise MalformedInputError(where, f"has an 'id' of {len(value):,} characters, over the limit of "
                                         f"{ARTICLE_ID_MAX}; shorten it, {_INSTEAD}")
    bad = next((i for i, c in enumerate(value) if unicodedata.category(c) in ("Cc", "Cs")), None)
    if bad is not None:
        raise MalformedInputError(where, f"has a control character ({value[bad]!r}) in its 'id' at position "
                                         f"{bad + 1}; remove it, {_INSTEAD}")
    return value
