"""A small time-limited cache for the dashboard's aggregates (map, timeline, figures, actors).

Grouping a million events takes longer than a page should wait, and the same default views
are asked for by every visitor. Answers are kept ``ttl`` seconds (ingest by another process
shows up within that time) and dropped at once when this server writes a correction. One
instance lives on ``app.state``; nothing is module-level.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class TTLCache:
    def __init__(self, *, ttl: float = 60.0, maxsize: int = 256) -> None:
        self.ttl = ttl
        self.maxsize = maxsize
        self._items: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        now = time.monotonic()
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.ttl:
                self._items.move_to_end(key)
                return hit[1]
        value = compute()  # outside the lock: a slow query must not block other requests
        with self._lock:
            self._items[key] = (now, value)
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
