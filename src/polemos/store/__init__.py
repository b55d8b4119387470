"""The store: SQLite (default) or PostgreSQL, with named migrations and content-hash ids."""
from polemos.store.store import EventFilter, Store, engine_url

__all__ = ["EventFilter", "Store", "engine_url"]
