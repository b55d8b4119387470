"""Plain-text facts every layer shares: accent folding, the calendar's month names, the wire dateline.

It sits below ``nlp``, ``ingest``, ``resolve`` and ``extract`` and imports none of them, so that
each of those can use one table instead of writing its own.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from anyascii import anyascii

# Month names and the abbreviations news writing uses, lower case, to the month's number.
MONTHS: dict[str, int] = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

# "TRIPOLI, May 23 (Reuters) -", "BAMAKO (AFP) —", "Paris, 24 May 2019 -": the place (and region,
# date, agency) that opens a wire story. The reader takes its parts; the sentence splitter its end.
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'.\- ]{1,40}?)(?:,\s*(?P<region>[A-Z][A-Za-z.\- ]{1,25}?))?"
    r"(?:,?\s+(?P<date>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})(?:,?\s+\d{4})?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\))?\s*[-\u2013\u2014]+\s+"
)


def month_number(word: str) -> int | None:
    """1–12 for a month name or abbreviation ("Sept.", "march"), else None."""
    return MONTHS.get(word.rstrip(".").lower())


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` without diacritics, Latin letters spelled in ASCII: "Łódź" → "Lodz", "Tromsø" →
    "Tromso", "Diyarbakır" → "Diyarbakir". Other scripts are kept as they are (an Arabic name is not
    romanised here: a guessed transliteration would make false matches)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(_fold_char(ch) for ch in decomposed if not unicodedata.combining(ch))


def _fold_char(ch: str) -> str:
    # Latin-1 Supplement through Latin Extended-B, and Latin Extended Additional: letters that
    # NFKD leaves whole (Ł ø ı ß æ đ) get anyascii's spelling; punctuation and other scripts stay.
    code = ord(ch)
    if (0xC0 <= code < 0x250 or 0x1E00 <= code < 0x1F00) and ch.isalpha():
        return anyascii(ch) or ch
    return ch


def is_latin(name: str) -> bool:
    """True when every letter is Latin (after removing diacritics): the only names English text uses."""
    folded = unicodedata.normalize("NFKD", name)
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in folded)
