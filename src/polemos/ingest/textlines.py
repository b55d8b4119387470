"""Lines of an article as a reader sees them, with offsets into the text exactly as given.

News arrives with every kind of separator: ``\\r\\n``, U+2028 LINE SEPARATOR, U+2029 PARAGRAPH
SEPARATOR, NEL (U+0085), form feeds; no-break spaces between words and zero-width characters
(U+200B, U+FEFF, joiners) glued to them. The text is never changed (every offset points into it);
the dateline, publication-date and boilerplate readers work on a *clean* copy of each line —
no-break and other odd spaces made plain, zero-width characters dropped — and map what they find
back to offsets in the original with :meth:`Line.span`.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# Characters that end a line: what str.splitlines() knows, minus the file separators (\x1c-\x1e).
LINE_BREAKS = "\n\r\x0b\x0c\x85\u2028\u2029"
# A paragraph ends at a blank line or at U+2029, whichever the source uses.
PARAGRAPH_BREAK = "\u2029"
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e")
_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_BREAK = re.compile(f"\r\n|[{LINE_BREAKS}]")


@dataclass(frozen=True, slots=True)
class Line:
    """One line: ``clean`` for matching, ``start``/``end`` and ``offsets`` to point back into the text."""

    start: int                 # offset of the line's first character in the article text
    end: int                   # offset just past its last character (the break not included)
    clean: str                 # the line with odd spaces made plain and zero-width characters dropped
    offsets: tuple[int, ...]   # for each character of ``clean``, its offset in the article text
    paragraph: int             # number of the paragraph the line is in (0 first)

    def span(self, a: int, b: int) -> tuple[int, int]:
        """Offsets in the article text of ``clean[a:b]``."""
        if a >= b:
            point = self.offsets[a] if a < len(self.offsets) else self.end
            return point, point
        return self.offsets[a], self.offsets[b - 1] + 1

    @property
    def blank(self) -> bool:
        return not self.clean.strip()


def clean_text(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` with odd spaces plain and zero-width characters dropped, and where each kept character was."""
    kept: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch in ZERO_WIDTH:
            continue
        kept.append(" " if _SPACES.match(ch) else ch)
        offsets.append(i)
    return "".join(kept), tuple(offsets)


def lines(text: str, *, start: int = 0, limit: int | None = None) -> Iterator[Line]:
    """The lines of ``text[start:]`` (all of them, or the first ``limit``), blank ones included."""
    paragraph, position, count = 0, start, 0
    while position <= len(text) and (limit is None or count < limit):
        found = _BREAK.search(text, position)
        end = found.start() if found else len(text)
        clean, offsets = clean_text(text[position:end])
        line = Line(position, end, clean, tuple(position + o for o in offsets), paragraph)
        yield line
        count += 1
        if line.blank or (found and found.group() == PARAGRAPH_BREAK):
            paragraph += 1
        if not found:
            return
        position = found.end()
