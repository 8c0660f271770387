"""What the feeds keep in memory: built bodies, and for a few seconds their fingerprints.

Bodies are keyed by the ETag, which is derived from the data: a stale body can
never be served, entries simply stop being asked for. Each process keeps its own (a
shared cache would move megabytes over the network per request); the least
recently used bodies go when ``settings.CALENDAR_FEED_CACHE_BYTES`` is reached.
"""

from __future__ import annotations

import threading
import time
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


class FeedValidators:
    """Each feed's fingerprint (ETag, Last-Modified), remembered for a few seconds.

    Without it every request, even a 304, runs the fingerprint query (several
    milliseconds on a large feed, more than the rest of a warm request). With
    it, a feed may lag the database by ``settings.CALENDAR_FEED_FRESHNESS_SECONDS``
    (10 by default; 0 turns this off), which no calendar app polling every
    15 minutes to 24 hours can notice. At most ``max_entries`` feeds are kept.
    """

    def __init__(self, max_entries: int = 1000):
        self._max_entries = max_entries
        self._entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> object | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            expires, value = entry
            if time.monotonic() >= expires:
                del self._entries[key]
                return None
            return value

    def set(self, key: str, value: object, *, seconds: float) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._entries[key] = (time.monotonic() + seconds, value)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


feed_validators = FeedValidators()
