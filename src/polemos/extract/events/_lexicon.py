"""The event trigger lexicon: which words name which PLOVER events (``data/event_lexicon.csv``).

Loaded once (``functools.cache``) into a dict keyed by ``(head lemma, "V" | "N")`` so that the
event finder tests each token with one look-up. Phrasal entries ("call for", "open fire",
"air strike") are stored under their head word with the other word and where it must be: a
particle, preposition or object child of a verb, or a compound/modifier child of a noun.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from polemos.errors import DataFileError
from polemos.resolve.ontology import PLOVER_MODES, QUAD_CLASS

LEXICON_FILE = "event_lexicon.csv"
# Rule flags that may stand in the hint column (joined with "|"); anything else is an ACLED hint.
FLAGS = frozenset({"needs_with", "plural", "needs_request", "needs_object", "needs_agreement", "needs_person",
                   "needs_armed", "needs_joint", "needs_expressed", "needs_restriction", "needs_street", "needs_road", "needs_ties", "needs_military",
                   "needs_border", "needs_troops", "needs_crowd", "appeal", "needs_access", "needs_media",
                   "needs_policy", "needs_on", "needs_aid", "needs_weapon"})


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    lemma: str                   # the head word's lemma
    pos: str                     # "V" or "N"
    type: str                    # PLOVER type
    mode: str | None
    hint: str | None             # ACLED sub-event hint (see resolve/ontology.py)
    conf: float
    other: str | None = None     # the second word of a phrasal entry, or None
    flags: frozenset[str] = frozenset()  # rule flags (see event_rules.accept)


@functools.cache
def lexicon() -> dict[tuple[str, str], tuple[TriggerEntry, ...]]:
    """``(lemma, pos) → entries``, phrasal entries first so that they win over single words."""
    text = resources.files("polemos.data").joinpath(LEXICON_FILE).read_text("utf-8")
    return parse_lexicon(text, path=LEXICON_FILE)


def parse_lexicon(text: str, *, path: str) -> dict[tuple[str, str], tuple[TriggerEntry, ...]]:
    table: dict[tuple[str, str], list[TriggerEntry]] = {}
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip() and not line.startswith("#")]
    reader = csv.reader(line for _, line in lines)
    header = next(reader, None)
    if header != ["lemma", "pos", "type", "mode", "hint", "conf"]:
        raise DataFileError(path, lines[0][0] if lines else 1, f"unexpected header {header!r}")
    for (number, _), row in zip(lines[1:], reader):
        for entry in _entries(row, path=path, line=number):
            table.setdefault((entry.lemma, entry.pos), []).append(entry)
    return {key: tuple(sorted(entries, key=lambda e: e.other is None)) for key, entries in table.items()}


def _entries(row: list[str], *, path: str, line: int) -> list[TriggerEntry]:
    if len(row) != 6:
        raise DataFileError(path, line, f"expected 6 columns, found {len(row)}")
    words, pos, type_, mode, hint, conf = (cell.strip() for cell in row)
    if type_ not in QUAD_CLASS:
        raise DataFileError(path, line, f"unknown PLOVER type {type_!r}")
    if mode and mode not in PLOVER_MODES.get(type_, ()):
        raise DataFileError(path, line, f"mode {mode!r} is not a PLOVER mode of {type_}")
    if not pos or set(pos) - {"V", "N"}:
        raise DataFileError(path, line, f"pos must be V, N or VN, not {pos!r}")
    try:
        prior = float(conf)
    except ValueError:
        raise DataFileError(path, line, f"confidence {conf!r} is not a number") from None
    marks = [m for m in hint.split("|") if m]
    flags = frozenset(m for m in marks if m in FLAGS)
    hints = [m for m in marks if m not in FLAGS]
    if len(hints) > 1:
        raise DataFileError(path, line, f"more than one ACLED hint in {hint!r}")
    parts = words.lower().split()
    if len(parts) > 2 or not parts:
        raise DataFileError(path, line, f"a trigger is one or two words, not {words!r}")
    out = []
    for p in pos:
        # verbs: head first ("call for"); nouns: head last ("air strike")
        head, other = (parts[0], parts[1] if len(parts) == 2 else None) if p == "V" else \
            (parts[-1], parts[0] if len(parts) == 2 else None)
        out.append(TriggerEntry(head, p, type_, mode or None, hints[0] if hints else None, prior, other, flags))
    return out


@functools.cache
def trigger_lemmas() -> frozenset[str]:
    """Every head lemma in the lexicon: the cheap pre-check done on each token."""
    return frozenset(lemma for lemma, _ in lexicon())
