"""Readers and normalisation: files, folders, JSONL, HTML and stdin in; ``ArticleMeta`` out."""
from polemos.ingest.normalize import RawArticle, build_article
from polemos.ingest.readers import read_inputs

__all__ = ["RawArticle", "build_article", "read_inputs"]
