"""Pair quotation marks in an article's text: the first step of the quote finder.

Works on characters, one pass, paragraph by paragraph. Curly double (“ ”), straight double ("),
guillemets (« ») and single marks (‘ ’ and straight ') are paired; single marks count only
outside a double-quoted stretch (British style), since inside one they nest. ’ is also the
apostrophe, so it closes a single quote only at a word's end and only when one is open.

News convention: a quote that runs over several paragraphs leaves the earlier paragraphs
without a closing mark and opens each following paragraph with a fresh opening mark; such a
run becomes one region. An opening mark whose paragraph ends without a close and without a
continuing paragraph is returned as an unclosed region (``closed=False``) so that the finder
can warn instead of guessing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = frozenset("“«")
DOUBLE_CLOSE = frozenset("”»")
SINGLE_OPEN = frozenset("‘")
STRAIGHT = frozenset("\"'")
ALL_MARKS = frozenset("“”«»‘’\"'")
# Two apostrophes ('') and two backticks (``) are double marks in wire and newspaper-archive text
# ("''We will win,'' he said."); they are matched before the single-character marks.
_MARK_RE = re.compile("''|``|[“”«»‘’\"']")
_PARAGRAPH_RE = re.compile(r"\n\s*\n")
# Characters after which a straight mark opens rather than closes.
_OPENING_CONTEXT = frozenset(" \t\n([{—–-/:")


@dataclass(frozen=True, slots=True)
class QuoteRegion:
    """Characters ``start:end`` of ``text``, marks included; ``closed`` False = no closing mark found."""

    start: int
    end: int
    closed: bool
    single: bool = False


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (blank-line separated), whitespace at the edges kept."""
    bounds, start = [], 0
    for match in _PARAGRAPH_RE.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def _role(text: str, i: int, width: int = 1) -> str | None:
    """'open', 'close' or None (an apostrophe or a mark that cannot be either) for the mark at ``i``."""
    ch = text[i:i + width]
    before = text[i - 1] if i > 0 else " "
    after = text[i + width] if i + width < len(text) else " "
    if ch == "``":
        return "open"
    if ch in DOUBLE_OPEN or ch in SINGLE_OPEN:
        return "open"
    if ch in DOUBLE_CLOSE:
        return "close"
    if ch == "’" or ch == "'":
        if before.isalnum() and after.isalnum():
            return None  # it's, don't, al-Sham's
        if ch == "'" and before in _OPENING_CONTEXT and not after.isspace():
            return "open"
        return "close" if not before.isspace() else None
    # straight double quote: opens after a space or bracket, closes otherwise
    if before in _OPENING_CONTEXT and not after.isspace():
        return "open"
    return "close"


def _paragraph_marks(text: str, start: int, end: int) -> list[tuple[int, str, bool, int]]:
    """(offset, role, single, width) for the marks of one paragraph, apostrophes dropped."""
    marks = []
    for match in _MARK_RE.finditer(text, start, end):
        ch = match.group()
        role = _role(text, match.start(), len(ch))
        if role is not None:
            marks.append((match.start(), role, ch in "‘’'", len(ch)))
    return marks


def find_regions(text: str) -> list[QuoteRegion]:
    """Quoted stretches of ``text`` in order: closed ones, multi-paragraph runs, unclosed ones."""
    regions: list[QuoteRegion] = []
    carried: int | None = None  # start of a double quote left open by the previous paragraph
    prev_end = 0  # end of the previous paragraph, where a carried quote stops
    for p_start, p_end in paragraph_bounds(text):
        marks = _paragraph_marks(text, p_start, p_end)
        first_nonspace = p_start + (len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip()))
        if carried is not None and not (marks and marks[0][0] == first_nonspace and marks[0][1] == "open"
                                        and not marks[0][2]):
            regions.append(QuoteRegion(carried, _last_nonspace(text, carried, prev_end), False))
            carried = None
        open_double: int | None = None
        open_single: int | None = None
        for offset, role, single, width in marks:
            if carried is not None and offset == first_nonspace:
                open_double, carried = carried, None  # the continuing paragraph's opening mark
                continue
            if not single:
                if role == "open" and open_double is None:
                    open_double, open_single = offset, None
                elif role == "close" and open_double is not None:
                    regions.append(QuoteRegion(open_double, offset + width, True))
                    open_double = None
            elif open_double is None:  # single marks nested inside a double quote are not regions
                if role == "open" and open_single is None:
                    open_single = offset
                elif role == "close" and open_single is not None:
                    regions.append(QuoteRegion(open_single, offset + 1, True, single=True))
                    open_single = None
        carried = open_double
        prev_end = p_end
    if carried is not None:
        regions.append(QuoteRegion(carried, _last_nonspace(text, carried, len(text)), False))
    return sorted(regions, key=lambda r: r.start)


def _last_nonspace(text: str, start: int, end: int) -> int:
    return start + len(text[start:end].rstrip())
