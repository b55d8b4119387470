"""Interval look-ups over one document's character spans, for the assembler.

Linking asks, for every event and figure, which sentences, dates, places and quotes lie in or
around it. Scanning all of them for each mention made long articles quadratic. ``SpanIndex``
sorts the spans once; a question looks only at the spans whose start could answer it, then
applies the exact test. Answers are positions in the caller's own order, so "the first one"
and tie rules mean what they meant before.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SpanIndex:
    """``(start, end)`` spans sorted by start; ``longest`` bounds how far back a holder can start."""

    spans: tuple[tuple[int, int], ...]
    order: tuple[int, ...]    # positions, sorted by start
    starts: tuple[int, ...]   # the start of each position in ``order``
    longest: int

    @classmethod
    def of(cls, spans: Sequence[tuple[int, int]]) -> SpanIndex:
        spans = tuple((int(s), int(e)) for s, e in spans)
        order = tuple(sorted(range(len(spans)), key=lambda p: spans[p][0]))
        longest = max((e - s for s, e in spans), default=0)
        return cls(spans, order, tuple(spans[p][0] for p in order), max(longest, 0))

    def inside(self, start: int, end: int) -> list[int]:
        """Spans lying within ``[start, end]``."""
        return [p for p in self._starting(start, end) if start <= self.spans[p][0] and self.spans[p][1] <= end]

    def overlapping(self, start: int, end: int) -> list[int]:
        """Spans sharing a character with ``[start, end)``."""
        return [p for p in self._starting(start - self.longest, end)
                if self.spans[p][0] < end and start < self.spans[p][1]]

    def around(self, start: int, end: int) -> list[int]:
        """Spans holding all of ``[start, end]``."""
        return [p for p in self._starting(end - self.longest, start)
                if self.spans[p][0] <= start and end <= self.spans[p][1]]

    def at(self, offset: int) -> list[int]:
        """Spans whose half-open range ``[start, end)`` holds ``offset``."""
        return [p for p in self._starting(offset - self.longest, offset)
                if self.spans[p][0] <= offset < self.spans[p][1]]

    def _starting(self, low: int, high: int) -> list[int]:
        """Positions, in the caller's order, of the spans starting in ``[low, high]``."""
        if low > high:
            return []
        return sorted(self.order[bisect_left(self.starts, low):bisect_right(self.starts, high)])
