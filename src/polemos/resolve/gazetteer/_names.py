"""Name normalisation shared by the gazetteer index and the place finder.

One function, applied the same way to every gazetteer name and to every mention, so that
"Az-Zāwiyah", "al Zawiyah" and "Zawiyah" meet on one key. It folds case and diacritics, drops
apostrophes and ʿayn marks, turns hyphens, dots and commas into spaces, drops a leading
"the" and Arabic articles (al-, el-, ad-, as-, ...) inside multi-word names, and the Persian ezafe
("Nad-e Ali" meets "Nad Ali") between two words.
"""
from __future__ import annotations

import functools

from polemos.text import fold, is_latin

# Arabic article forms, including sun-letter assimilations (ad-Din, as-Sawani, az-Zawiyah).
ARTICLES = frozenset({"al", "el", "ad", "an", "ar", "as", "at", "az", "ash", "adh", "ath", "ed", "es", "er", "ez"})
# Persian and Pashto ezafe, written apart by hyphens: "Nad-e Ali", "Nahr-e Saraj", "Nawa-ye Barakzayi"
EZAFE = frozenset({"e", "ye", "i"})
# quote marks and ʿayn signs, and zero-width characters pasted into names (U+200B, soft hyphen, ...)
_DROP = dict.fromkeys(map(ord, "'’‘ʼʻ`´ʿʾ\"“”\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACE = dict.fromkeys(map(ord, "-‐‑–—./,()_"), " ")


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """The index key of a place name: ``normalize("Az-Zāwiyah") == normalize("Zawiyah") == "zawiyah"``."""
    text = fold(name).casefold().translate(_DROP).translate(_SPACE)
    words = text.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    if len(words) > 1:
        # "al-Din" -> "din" and "Salah ad Din" -> "salah din"; a lone "As" (a name by itself) is kept.
        kept = [w for w in words if w not in ARTICLES]
        words = kept or words
    if len(words) > 2:
        words = [w for k, w in enumerate(words) if not (0 < k < len(words) - 1 and w in EZAFE)]
    return " ".join(words)



_MARKS = dict.fromkeys(map(ord, "'’‘ʼʻ`´ʿʾ"), None)


@functools.lru_cache(maxsize=65536)
def plain_name(name: str) -> str:
    """A division's name as English text and ACLED write it: "Nād ‘Alī" → "Nad Ali", "Zābul" → "Zabul"."""
    return " ".join(fold(name).translate(_MARKS).split())


__all__ = ["ARTICLES", "is_latin", "normalize", "plain_name"]
