"""One exception tree. Every message names the input and says what to do.

    PolemosError
    ├── InputError            an article or file Polemos cannot read (skipped in batches)
    │   ├── EmptyInputError
    │   ├── EncodingError     binary, not UTF-8 or BOM-marked UTF-16/32, or truncated/damaged gzip
    │   ├── MalformedInputError  a JSONL line that is not a strict JSON object, or has no ``text``
    │   ├── LanguageError     not English
    │   └── TooLargeError
    ├── DataFileError         a shipped or user table (actor KB, gazetteer supplement) with a bad row
    ├── StoreError            the database cannot be opened or written (a batch stops)
    │   ├── StoreURLError     an unknown ``--db`` URL
    │   └── UnstorableError   the database refused one article's records (a batch records it and goes on)
    ├── PipelineError         a pipeline step is misconfigured (checked when the pipeline is built)
    └── ExtractionError       one article failed at one step (recorded, the batch goes on)

The CLI turns these into one line on stderr; the web layer into a status by class
(``polemos.web.errors.HTTP_STATUS``) and one JSON error shape. ``ExtractionError`` is also the failure record of
a batch: made where a step fails, it travels unchanged through worker processes and Ray to the
store (``Store.record_failure``), its traceback kept for the log.

Every error here pickles with its fields, so it survives being sent back from a worker process.
"""
from __future__ import annotations

from typing import Any


class PolemosError(Exception):
    """Base of every error Polemos raises on purpose."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as cls(*self.args), which breaks for subclasses whose __init__ takes
        # other arguments than the message; rebuild from the fields instead of calling __init__.
        return _rebuild, (type(self), self.args, dict(self.__dict__))


def _rebuild(cls: type[PolemosError], args: tuple[Any, ...], state: dict[str, Any]) -> PolemosError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


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


class UnstorableError(StoreError):
    """One article the database refused (a value it cannot hold); the store itself is fine."""


class PipelineError(PolemosError):
    pass


class ExtractionError(PolemosError):
    """``article`` (its origin: file and line, or id) failed at ``step`` for ``reason``.

    ``step`` is a pipeline step's name, or ``read``, ``normalise`` or ``write`` for the batch's own
    stages; ``traceback`` is the formatted traceback when an unexpected exception caused it."""

    def __init__(self, article: str, step: str, reason: str, *, traceback: str | None = None) -> None:
        super().__init__(f"{article}: step {step!r} failed: {reason}")
        self.article = article
        self.step = step
        self.reason = reason
        self.traceback = traceback


def missing_extra(exc: ImportError, *, needs: str, extra: str) -> PolemosError:
    """The error for an optional dependency that is not installed ("… needs 'pyarrow': run
    `pip install 'polemos[export]'`"). An ImportError from inside Polemos itself is a bug, not a
    missing extra: it is raised again as it is, never turned into advice."""
    if not exc.name or exc.name.split(".")[0] == "polemos":
        raise exc
    return PolemosError(f"{needs} needs {exc.name!r}: run `pip install 'polemos[{extra}]'`")
