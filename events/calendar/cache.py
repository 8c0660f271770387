"""Built feed bodies kept in memory, so a warm request costs one fingerprint query.

Keyed by the ETag, which is derived from the data: a stale body can never be
served, entries simply stop being asked for. Each process keeps its own (a
shared cache would move megabytes over the network per request); the least
recently used bodies go when ``settings.CALENDAR_FEED_CACHE_BYTES`` is reached.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from django.conf import settings


class FeedBodyCache:
    """A byte-bounded LRU map from ETag to body; safe to share between threads."""

    def __init__(self, max_bytes: int | None = None):
        self._max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    @property
    def max_bytes(self) -> int:
        if self._max_bytes is not None:
            return self._max_bytes
        return settings.CALENDAR_FEED_CACHE_BYTES

    def get(self, key: str) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def set(self, key: str, body: bytes) -> None:
        limit = self.max_bytes
        if len(body) > limit:
            return
        with self._lock:
            previous = self._entries.pop(key, None)
            if previous is not None:
                self._size -= len(previous)
            self._entries[key] = body
            self._size += len(body)
            while self._size > limit:
                _, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._entries)


feed_bodies = FeedBodyCache()
