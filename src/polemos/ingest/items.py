"""What readers hand to a batch: each item with where it was read, so a run can resume after it.

A reader yields ``RawArticle`` (an article to analyse), ``InputError`` (something that could not
be read: recorded as a failure) or ``Skipped`` (something that is not an article, such as a
redirect in a crawl archive: counted with its reason, not a failure). ``read_items`` wraps each in
an ``Item`` with a ``Cursor``: the input it came from and the offset at which reading resumes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polemos.errors import InputError
from polemos.ingest.normalize import RawArticle


@dataclass(frozen=True)
class Skipped:
    """A record that holds no article (a redirect, an image, a request): counted, not rejected.
    ``reason`` is short and stable ("HTTP 404", "not HTML (image/jpeg)"), so the summary can count by it."""

    origin: str
    reason: str


Value = RawArticle | InputError | Skipped


@dataclass(frozen=True)
class Cursor:
    """Where reading resumes: the ``entry``-th input (a file, after folders are expanded, in name
    order) named ``name``, at ``offset`` in it. What an offset means is the format's: the byte
    offset of the next record of a WARC, the number of lines read of a JSONL, 1 for a file read
    whole."""

    entry: int
    name: str
    offset: int

    def to_json(self) -> dict[str, Any]:
        return {"entry": self.entry, "name": self.name, "offset": self.offset}

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> Cursor | None:
        if not data:
            return None
        return cls(entry=int(data["entry"]), name=str(data["name"]), offset=int(data["offset"]))


@dataclass(frozen=True)
class Item:
    """One value read, the cursor just after it, and how much of all the input is read by then
    (0..1, by bytes; None when the size is unknown, as for stdin or a feed). ``mark`` is what
    remembers the item once it is handled (a feed entry), or None."""

    value: Value
    cursor: Cursor | None = None
    done: float | None = None
    mark: tuple[str, str] | None = None
