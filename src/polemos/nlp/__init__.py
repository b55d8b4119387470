"""spaCy: loading the pinned model and adding what it misses (paragraph breaks, known names)."""
from polemos.nlp.loader import load_language

__all__ = ["load_language"]
