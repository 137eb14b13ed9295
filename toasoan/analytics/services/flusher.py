"""The automatic flush, every `VIEW_FLUSH_SECONDS`.

With Redis the views wait in one shared hash, and `manage.py run_worker` flushes it (a periodic job
registered in apps.py; each `RENAME` takes what is there, so two workers never write the same
views). Without Redis each app server process keeps its views in its own memory, which only it
can flush: the beacon that finds the last flush `VIEW_FLUSH_SECONDS` old flushes them (no thread
in the web process), and the process flushes once more when it exits. A process that answers no
beacon has nothing new to flush. `manage.py flush_view_counts` flushes once.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time

from django.conf import settings
from django.db import connections

from . import counter

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_registered_in: int | None = None
_last_flush = time.monotonic()


def flush_safely() -> int:
    try:
        return counter.flush()
    except Exception:
        logger.exception("analytics: flushing view counts failed; they stay buffered")
        return 0
    finally:
        # A connection kept by this thread would sit open between flushes, outside any request,
        # where production's kept SQLite connections are managed (operations/sqlite/base.py).
        # Never inside a transaction (a test's): closing would end it.
        if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
            connections.close_all()


def flush_job() -> None:
    """run_worker's periodic job (toasoan.operations.periodic), for the Redis counter."""
    flush_safely()


def _at_exit() -> None:
    if settings.VIEW_COUNTER != "redis":
        flush_safely()


def flush_if_due(now: float | None = None) -> bool:
    """After a view is buffered in this process: flush when the last flush is old enough.
    False when run_worker flushes (Redis) or nothing was due; one thread flushes at a time."""
    global _last_flush, _registered_in
    interval = settings.VIEW_FLUSH_SECONDS
    if interval <= 0 or settings.VIEW_COUNTER == "redis":
        return False
    if _registered_in != os.getpid():  # after gunicorn or granian forked this process
        _registered_in = os.getpid()
        atexit.register(_at_exit)
    now = time.monotonic() if now is None else now
    if now - _last_flush < interval or not _lock.acquire(blocking=False):
        return False
    try:
        if now - _last_flush < interval:
            return False
        _last_flush = now
        flush_safely()
        return True
    finally:
        _lock.release()
