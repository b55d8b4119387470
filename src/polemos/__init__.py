"""Polemos: read news about wars and politics; write a sourced, checkable record of the conflict."""
from polemos.model import (
    SCHEMA,
    AcledType,
    Actor,
    ArticleDocument,
    ArticleMeta,
    DateValue,
    Event,
    Figure,
    Place,
    Quote,
    Span,
)

__version__ = "0.1.0"

__all__ = [
    "SCHEMA", "AcledType", "Actor", "ArticleDocument", "ArticleMeta", "DateValue", "Event", "Figure",
    "Place", "Quote", "Span", "__version__",
]
