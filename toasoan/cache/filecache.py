"""Django's file cache, culled at most once a minute per process instead of on every write, and
with an `add` that only one process can win.

`FileBasedCache.set` lists the whole cache folder before each write to decide whether to cull;
with thousands of pages that listing costs more than the write. Pages are written on cache
misses, in bursts right after a purge: exactly when the time matters. Entries still expire on
read, and the folder is still held near `MAX_ENTRIES`.

`FileBasedCache.set` also makes sure of the folder and compares the two files before each
rename (three system calls more than the write needs); the folder is made again only when it is
found missing. Fragment tokens are written to this cache at every publish.

`FileBasedCache.add` checks then writes: two workers can both "add" the same key. The page
cache's render lock (pagecache.PageCache.claim) needs one winner, so the value is written to a
temporary file and hard-linked to the key's name, which fails when the name exists.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
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

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        fname = self._key_to_file(key, version)
        self._cull()
        try:
            fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        except FileNotFoundError:  # the cache folder was removed meanwhile
            self._createdir()
            fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as f:
                self._write_content(f, timeout, value)
            os.replace(tmp_path, fname)
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(tmp_path)
            raise

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version):  # also removes the file of an expired value
            return False
        self._createdir()
        fname = self._key_to_file(key, version)
        fd, tmp_path = tempfile.mkstemp(dir=self._dir)
        try:
            with open(fd, "wb") as f:
                self._write_content(f, timeout, value)
            os.link(tmp_path, fname)
        except FileExistsError:
            return False
        except OSError:  # a file system without hard links: check then write, as Django does
            return super().add(key, value, timeout, version)
        finally:
            os.remove(tmp_path)
        return True
