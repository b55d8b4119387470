"""One exception tree. Every message names the input and says what to do.

    PolemosError
    ├── InputError            an article or file Polemos cannot read (skipped in batches)
    │   ├── EmptyInputError
    │   ├── EncodingError     binary or not UTF-8
    │   ├── MalformedInputError  a JSONL line that is not a JSON object, or has no ``text``
    │   ├── LanguageError     not English
    │   └── TooLargeError
    ├── DataFileError         a shipped or user table (actor KB, gazetteer supplement) with a bad row
    ├── StoreError            the database cannot be opened or written
    │   └── StoreURLError     an unknown ``--db`` URL
    ├── PipelineError         a pipeline step is misconfigured (checked when the pipeline is built)
    └── ExtractionError       a step failed on one article (recorded, the batch goes on)

The CLI turns these into one line on stderr; the web layer into one JSON error shape.
"""
from __future__ import annotations


class PolemosError(Exception):
    """Base of every error Polemos raises on purpose."""


class InputError(PolemosError):
    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyInputError(InputError):
    pass


class EncodingError(InputError):
    pass


class MalformedInputError(InputError):
    pass


class LanguageError(InputError):
    pass


class TooLargeError(InputError):
    pass


class DataFileError(PolemosError):
    def __init__(self, path: str, line: int, reason: str) -> None:
        super().__init__(f"{path}, line {line}: {reason}")
        self.path = path
        self.line = line
        self.reason = reason


class StoreError(PolemosError):
    pass


class StoreURLError(StoreError):
    pass


class PipelineError(PolemosError):
    pass


class ExtractionError(PolemosError):
    def __init__(self, article: str, step: str, reason: str) -> None:
        super().__init__(f"{article}: step {step!r} failed: {reason}")
        self.article = article
        self.step = step
        self.reason = reason
