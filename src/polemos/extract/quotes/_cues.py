"""The cue lexicon of the quote finder: which verbs introduce speech, reports and beliefs.

Read once from ``data/speech_cues.csv`` (each row records its source) and cached; the quote
finder looks lemmas up in the returned mapping, so a cue costs one dict look-up per verb.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from importlib import resources

from polemos.errors import DataFileError

CUE_TABLE = "speech_cues.csv"
KINDS = frozenset({"speech", "report", "belief", "stance"})
ADDRESSEE_RULES = frozenset({"object", "to", "none"})
OBJECT_RULES = frozenset({"content", "as", "none"})
HEADER = "lemma,kind,addressee,object,source"


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    kind: str        # speech | report | belief | stance
    addressee: str   # object ("told X") | to ("said to X") | none
    object: str      # content ("claimed responsibility": the object is what was said) | as (only "X as Y") | none
    source: str

    @property
    def nests(self) -> bool:
        """Whether this cue can be a link of an attribution chain (belief and stance verbs cannot)."""
        return self.kind in ("speech", "report")

    @property
    def needs_speaker(self) -> bool:
        """Stance verbs ("wants", "supports") are attributions only with a named holder: an
        infinitive "to support the plan" with no subject is nobody's stance."""
        return self.kind == "stance"


def parse_cue_rows(lines: list[str], *, path: str = CUE_TABLE) -> dict[str, Cue]:
    """Cues by lemma from the CSV lines (``#`` lines are comments); DataFileError on a bad row."""
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    if not numbered or numbered[0][1].strip() != HEADER:
        raise DataFileError(path, numbered[0][0] if numbered else 1, f"header must be {HEADER}")
    cues: dict[str, Cue] = {}
    for n, line in numbered[1:]:
        row = next(csv.reader([line]))
        if len(row) != 5 or not all(cell.strip() for cell in row):
            raise DataFileError(path, n, f"expected 5 non-empty cells, got {row!r}")
        lemma, kind, addressee, obj, source = (cell.strip() for cell in row)
        if kind not in KINDS:
            raise DataFileError(path, n, f"kind {kind!r} is not one of {sorted(KINDS)}")
        if addressee not in ADDRESSEE_RULES:
            raise DataFileError(path, n, f"addressee {addressee!r} is not one of {sorted(ADDRESSEE_RULES)}")
        if obj not in OBJECT_RULES:
            raise DataFileError(path, n, f"object {obj!r} is not one of {sorted(OBJECT_RULES)}")
        if lemma in cues:
            raise DataFileError(path, n, f"lemma {lemma!r} is listed twice")
        cues[lemma] = Cue(lemma, kind, addressee, obj, source)
    return cues


@functools.cache
def cue_lexicon() -> dict[str, Cue]:
    """The shipped cue table (read once; callers must not mutate the returned dict)."""
    text = resources.files("polemos.data").joinpath(CUE_TABLE).read_text("utf-8")
    return parse_cue_rows(text.splitlines())


@functools.cache
def phrasal_heads() -> frozenset[str]:
    """First words of the phrasal cues ("call" of "call for"), for the finder's verb filter."""
    return frozenset(lemma.split()[0] for lemma in cue_lexicon() if " " in lemma)


@functools.cache
def phrasal_cues() -> frozenset[str]:
    """The phrasal cues ("call for", "point out"): verb lemma, a space, the particle."""
    return frozenset(lemma for lemma in cue_lexicon() if " " in lemma)
