"""Number phrases for the figures grammar: the words of a count, its value, bounds and qualifier.

``number_phrases(sent)`` scans one sentence left to right and returns every quantity it can read:
digits ("2,400", "1.5 million"), spelled-out numbers via text2num ("twenty-one", "two thousand"),
vague quantities ("dozens" → 12 by ACLED's convention), counts that give no number ("several"),
zeros ("no", "no one", "none", "without any") and shares ("the majority", "over half", "all of them").
Qualifiers are read from the tokens to the left of the number, because the small spaCy model often
drops "over" from its CARDINAL entity; ranges ("between 10 and 15", "10-15") and updates ("rose
from 12 to 15") are read here too. Which casualty the number counts is decided in ``figures.py``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token
from text_to_num import text2num

from polemos.extract.figures._lexicon import quantities
from polemos.resolve.dates import is_head_count
from polemos.text import MONTHS as CALENDAR_MONTHS

DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?")
# Capitalised on purpose: "12 may have died" is not a date.
MONTHS = frozenset(name.capitalize() for name in CALENDAR_MONTHS)
YEAR = re.compile(r"(?:19|20)\d\d")
RANGE_TOKEN = re.compile(r"(\d[\d,]*)[-–](\d[\d,]*)")
UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety").split()
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_WORDS = frozenset(UNITS) | frozenset(SCALES)
# Entity labels whose numbers are never head counts. The small model also tags some counts as DATE
# ("between 10 and 15 people"), so a DATE made only of number words is still read (see ``_is_date``).
NOT_COUNTS = frozenset({"MONEY", "PERCENT", "ORDINAL", "QUANTITY"})
DATE_LABELS = frozenset({"DATE", "TIME"})
NUMBERISH = frozenset({"between", "and", "to", "-", "–", "or", "over", "about", "around", "some", "at", "least",
                       "nearly", "almost", "more", "than", "up", "a"})

# Qualifier phrases read right-to-left from the number; the longest match wins.
QUALIFIERS: dict[tuple[str, ...], str] = {
    ("over",): "over", ("more", "than"): "over", ("above",): "over", ("in", "excess", "of"): "over",
    ("upwards", "of"): "over", ("upward", "of"): "over",
    ("at", "least"): "at least", ("no", "fewer", "than"): "at least", ("no", "less", "than"): "at least",
    ("not", "less", "than"): "at least", ("a", "minimum", "of"): "at least",
    ("about",): "about", ("around",): "about", ("approximately",): "about", ("roughly",): "about",
    ("some",): "about", ("an", "estimated"): "about", ("estimated",): "about", ("close", "to"): "about",
    ("circa",): "about", ("approx",): "about", ("approx.",): "about",
    ("nearly",): "nearly", ("almost",): "nearly", ("just", "under"): "nearly", ("close", "to", "almost"): "nearly",
    ("up", "to"): "up to", ("as", "many", "as"): "up to", ("at", "most"): "up to", ("a", "maximum", "of"): "up to",
    ("no", "more", "than"): "up to", ("not", "more", "than"): "up to",
    ("fewer", "than"): "fewer than", ("less", "than"): "fewer than", ("under",): "fewer than",
    ("below",): "fewer than",
    ("exactly",): "exact", ("precisely",): "exact",
    ("between",): "range",
}
MAX_QUALIFIER = max(len(k) for k in QUALIFIERS)
SHARES: dict[tuple[str, ...], float | str] = {
    ("all",): 1.0, ("half",): 0.5, ("majority",): "majority", ("most",): "most", ("bulk",): "majority",
    ("third",): round(1 / 3, 4), ("quarter",): 0.25, ("two", "-", "thirds"): round(2 / 3, 4),
    ("two", "thirds"): round(2 / 3, 4), ("three", "-", "quarters"): 0.75, ("three", "quarters"): 0.75,
    ("minority",): "minority", ("none",): 0.0,
}
ZERO_PHRASES = (("no", "one"), ("nobody",), ("none",), ("not", "a", "single"), ("zero",), ("no",))
CHANGE_LEMMAS = frozenset({"rise", "climb", "increase", "jump", "grow", "soar", "go", "reach", "revise", "raise"})


@dataclass(frozen=True, slots=True)
class NumberPhrase:
    """One quantity in a sentence. ``start``/``end`` cover the qualifier too; ``anchor`` is the token whose
    place in the parse says what is counted (the last number word)."""

    start: int
    end: int
    anchor: int
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    form: str = "count"            # count | zero | unspecified | share | single
    share: float | str | None = None
    superseded: bool = False


def number_phrases(sent: SpacySpan) -> list[NumberPhrase]:
    """Every quantity in the sentence, left to right, none overlapping."""
    found: list[NumberPhrase] = []
    starts = _start_words()
    i = sent.start
    while i < sent.end:
        tok = sent.doc[i]
        # one set look-up per token; only a possible start of a quantity is read further
        phrase = _read_at(sent, i) if tok.lower_ in starts or tok.text[:1].isdigit() else None
        if phrase is None:
            i += 1
            continue
        found.append(phrase)
        i = phrase.end
    return _mark_updates(sent, found)


@functools.cache
def _start_words() -> frozenset[str]:
    """Every word a quantity can start with (qualifiers are read leftwards from these)."""
    firsts = {w[0] for w in SHARES} | {w[0] for w in ZERO_PHRASES} | {w[0] for w in quantities()}
    return frozenset(firsts | NUMBER_WORDS | {"a", "one", "any"})


def _read_at(sent: SpacySpan, i: int) -> NumberPhrase | None:
    for reader in (_read_share, _read_quantity, _read_zero, _read_range_token, _read_digits_or_words):
        phrase = reader(sent, i)
        if phrase is not None:
            return phrase
    return None


def _lower(sent: SpacySpan, start: int, n: int) -> tuple[str, ...]:
    end = min(start + n, sent.end)
    return tuple(t.lower_ for t in sent.doc[start:end])


# --- counts ------------------------------------------------------------------------------------

def _read_digits_or_words(sent: SpacySpan, i: int) -> NumberPhrase | None:
    read = _read_count(sent, i)
    if read is None:
        return None
    value, end = read
    start, qualifier = _qualifier_before(sent, i)
    doc = sent.doc
    update = i > sent.start and doc[i - 1].lower_ == "from" and _changed(doc[end - 1])
    # "between 10 and 15", "10 to 15", "10-15", "10 or 15"; not "rose from 12 to 15" (an update)
    if end + 1 < sent.end and doc[end].lower_ in {"and", "to", "-", "–", "or"} and not update:
        second = _read_count(sent, end + 1)
        if second is None and _is_date(doc[end + 1]):
            return None  # "between 18 and 19 March": the first number is a day too
        if second is not None and second[0] > value and (doc[end].lower_ != "and" or qualifier == "range"):
            return NumberPhrase(start, second[1], _outward(sent, start, second[1]), value, value, second[0], "range")
    if qualifier == "range":  # "between" without a second number
        start, qualifier = i, "exact"
    if end + 1 < sent.end and _lower(sent, end, 2) == ("or", "more"):
        return _bounded(start, end + 2, end - 1, value, "at least")
    return _bounded(start, end, end - 1, value, qualifier)


def _read_count(sent: SpacySpan, i: int) -> tuple[int, int] | None:
    """(value, end) of a number written in digits or words starting at token i, else None."""
    doc = sent.doc
    tok = doc[i]
    if tok.ent_type_ in NOT_COUNTS or _is_date(tok) or (i > sent.start and doc[i - 1].text in {"$", "€", "£", "#"}):
        return None
    if DIGITS.fullmatch(tok.text):
        number = float(tok.text.replace(",", ""))
        end = i + 1
        while end < sent.end and doc[end].lower_ in SCALES:
            number *= SCALES[doc[end].lower_]
            end += 1
        if number != int(number):
            return None
        return int(number), end
    words: list[str] = []
    end = i
    if tok.lower_ in {"a", "one"} and i + 1 < sent.end and doc[i + 1].lower_ in SCALES:
        words, end = ["one"], i + 1  # "a hundred", "a thousand"
    while end < sent.end:
        low = doc[end].lower_
        if low in NUMBER_WORDS:
            words.append(low)
        elif low == "-" and words and end + 1 < sent.end and doc[end + 1].lower_ in UNITS:
            pass  # "twenty-one" tokenised as three tokens
        elif low == "and" and words and words[-1] in SCALES and end + 1 < sent.end and doc[end + 1].lower_ in UNITS:
            pass  # "two hundred and fifty"
        else:
            break
        end += 1
    if not words:
        return None
    try:
        return text2num(" ".join(words), "en"), end
    except ValueError:
        return None


def _outward(sent: SpacySpan, start: int, end: int) -> int:
    """The token of a phrase whose head lies outside it: where the phrase hangs in the parse."""
    for i in range(end - 1, start - 1, -1):
        if not start <= sent.doc[i].head.i < end and sent.doc[i].pos_ == "NUM":
            return i
    return end - 1


def _read_range_token(sent: SpacySpan, i: int) -> NumberPhrase | None:
    """"10-15" kept as one token by the tokenizer."""
    tok = sent.doc[i]
    match = RANGE_TOKEN.fullmatch(tok.text)
    if match is None or tok.ent_type_ in NOT_COUNTS or _is_date(tok):
        return None
    low, high = (int(g.replace(",", "")) for g in match.groups())
    if high <= low:
        return None
    start, _ = _qualifier_before(sent, i)
    return NumberPhrase(start, i + 1, i, low, low, high, "range")


def _is_date(tok: Token) -> bool:
    """A number inside a real date or time ("13 November 2020", "in 2019", "48 hours"), not a count.
    A year-like number before a counted noun ("1999 civilians fled") is a count."""
    if YEAR.fullmatch(tok.text) and not is_head_count(tok):
        return True
    doc = tok.doc
    near = {doc[j].text.rstrip(".") for j in (tok.i - 1, tok.i + 1) if 0 <= j < len(doc)}
    if near & MONTHS:
        return True  # "8 July", "July 8", "Mar. 28"
    if tok.ent_type_ not in DATE_LABELS:
        return False
    start = tok.i
    while start > 0 and tok.doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(tok.doc) and tok.doc[end].ent_iob_ == "I":
        end += 1
    ent = tok.doc[start:end]
    return any(not (DIGITS.fullmatch(t.text) or t.lower_ in NUMBER_WORDS or t.lower_ in NUMBERISH)
                              for t in ent)


def _qualifier_before(sent: SpacySpan, i: int) -> tuple[int, str]:
    """(start, qualifier) from the words just left of token i; (i, "exact") when none."""
    for n in range(MAX_QUALIFIER, 0, -1):
        if i - n < sent.start:
            continue
        words = tuple(t.lower_ for t in sent.doc[i - n:i])
        if words in QUALIFIERS:
            return i - n, QUALIFIERS[words]
    return i, "exact"


def _bounded(start: int, end: int, anchor: int, value: int, qualifier: str, *, form: str = "count") -> NumberPhrase:
    """Bounds implied by a qualifier: "over 460" → low 461; "fewer than 10" → high 9; "nearly 100" → high 100."""
    low, high = {
        "exact": (value, value), "over": (value + 1, None), "at least": (value, None), "about": (None, None),
        "nearly": (None, value), "up to": (None, value), "fewer than": (None, max(value - 1, 0)),
        "vague": (value, None),
    }.get(qualifier, (None, None))
    if qualifier == "nearly":
        qualifier = "about"  # contract vocabulary; the ceiling in ``high`` keeps the difference
    return NumberPhrase(start, end, anchor, value, low, high, qualifier, form)


# --- vague, zero, shares -----------------------------------------------------------------------

def _read_quantity(sent: SpacySpan, i: int) -> NumberPhrase | None:
    table = quantities()
    if sent.doc[i].lower_ not in _quantity_firsts():
        return None
    for n in (4, 3, 2, 1):
        words = _lower(sent, i, n)
        if len(words) == n and words in table:
            kind, value = table[words]
            end = i + n
            # "hundreds of thousands": a vague word followed by "of" + another is read as the longer phrase above
            start, qualifier = _qualifier_before(sent, i)
            if kind == "unspecified":
                if words in {("many",), ("few",)} and not _counts_something(sent, end):
                    return None
                return NumberPhrase(i, end, end - 1, None, None, None, "unspecified", "unspecified")
            if kind == "about" and qualifier == "exact":
                qualifier = "about"
            if kind == "vague" and qualifier == "exact":
                qualifier = "vague"
            assert value is not None
            return _bounded(start, end, end - 1, value, qualifier)
    return None


def _counts_something(sent: SpacySpan, end: int) -> bool:
    """"many" / "few" count people only when a noun or "of" follows ("many civilians", "many of them")."""
    return end < sent.end and (sent.doc[end].pos_ in {"NOUN", "PROPN"} or sent.doc[end].lower_ in {"of", "were"})


@functools.cache
def _quantity_firsts() -> frozenset[str]:
    return frozenset(w[0] for w in quantities())


def _read_zero(sent: SpacySpan, i: int) -> NumberPhrase | None:
    doc = sent.doc
    first = doc[i].lower_
    for words in ZERO_PHRASES:
        if words[0] == first and _lower(sent, i, len(words)) == words:
            end = i + len(words)
            if words == ("no",) and (end >= sent.end or doc[end].lower_ in {"longer", "more", "less", "fewer"}):
                return None
            anchor = end - 1 if words != ("no",) else _noun_after(sent, end)
            return NumberPhrase(i, end, anchor, 0, 0, 0, "exact", "zero")
    if doc[i].lower_ == "any" and _negated_context(sent, i):
        return NumberPhrase(i, i + 1, _noun_after(sent, i + 1), 0, 0, 0, "exact", "zero")
    return None


def _noun_after(sent: SpacySpan, i: int) -> int:
    """The noun a determiner like "no" quantifies ("no civilian casualties" → casualties)."""
    doc, j = sent.doc, i
    while j < sent.end - 1 and doc[j].pos_ in {"ADJ", "NOUN", "PROPN", "ADV"} and doc[j + 1].pos_ in {"NOUN", "PROPN"}:
        j += 1
    return min(j, sent.end - 1)


def _negated_context(sent: SpacySpan, i: int) -> bool:
    """"without (causing) any casualties", "did not report any injuries"."""
    left = [t.lower_ for t in sent.doc[max(sent.start, i - 4):i]]
    return "without" in left or "not" in left or "n't" in left or "never" in left


def _read_share(sent: SpacySpan, i: int) -> NumberPhrase | None:
    doc = sent.doc
    first = doc[i].lower_
    for words, share in SHARES.items():
        n = len(words)
        if words[0] != first or _lower(sent, i, n) != words:
            continue
        end = i + n
        if end >= sent.end or doc[end].lower_ != "of":
            return None
        after = doc[end + 1] if end + 1 < sent.end else None
        if after is None or not (after.pos_ in {"PRON", "DET"} or after.lower_ in {"whom", "which"}):
            return None
        start, qualifier = _qualifier_before(sent, i)
        if start == i and i > sent.start and doc[i - 1].lower_ in {"the", "a", "one"}:
            start = i - 1  # "the majority", "a third"
            s2, q2 = _qualifier_before(sent, start)
            start, qualifier = (s2, q2) if q2 != "exact" else (start, qualifier)
        qualifier = qualifier if qualifier in {"over", "about", "fewer than", "at least"} else "fraction"
        return NumberPhrase(start, end, i + n - 1, None, None, None, qualifier, "share", share)
    return None


# --- updates -----------------------------------------------------------------------------------

def _mark_updates(sent: SpacySpan, found: list[NumberPhrase]) -> list[NumberPhrase]:
    """"rose from 12 to 15": the earlier toll is superseded; "from 10 to 15" without a change verb is a range."""
    out = list(found)
    doc = sent.doc
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.form != "count" or b.form != "count" or a.start == sent.start:
            continue
        if doc[a.start - 1].lower_ == "from" and b.start == a.end + 1 and doc[a.end].lower_ == "to":
            if _changed(doc[a.anchor]):
                out[k] = replace(a, superseded=True)
    return out


def _changed(token: Token) -> bool:
    return any(t.lemma_.lower() in CHANGE_LEMMAS for t in token.ancestors)
