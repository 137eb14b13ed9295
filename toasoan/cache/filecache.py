"""Django's file cache, culled at most once a minute per process instead of on every write.

`FileBasedCache.set` lists the whole cache folder before each write to decide whether to cull;
with thousands of pages that listing costs more than the write. Pages are written on cache
misses, in bursts right after a purge: exactly when the time matters. Entries still expire on
read, and the folder is still held near `MAX_ENTRIES`.
"""

from __future__ import annotations

import time

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY_SECONDS = 60


class FileCache(FileBasedCache):
    _last_cull = 0.0

    def _cull(self):
        now = time.monotonic()
        if now - self._last_cull < CULL_EVERY_SECONDS:
            return
        self._last_cull = now
        super()._cull()
