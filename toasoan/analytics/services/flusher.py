"""The automatic flush, every `VIEW_FLUSH_SECONDS`.

With Redis the views wait in one shared hash, and `manage.py run_worker` flushes it (a periodic job
registered in apps.py; each `RENAME` takes what is there, so two workers never write the same
views). Without Redis each app server process keeps its views in its own memory, which only it
can flush: a daemon thread started by the first beacon the process answers (after gunicorn or
granian forked it), and once more when it exits. `manage.py flush_view_counts` flushes once.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading

from django.conf import settings
from django.db import connections

from . import counter

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_started_in: int | None = None
_stop = threading.Event()


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


def _loop(interval: float) -> None:
    while not _stop.wait(interval):
        flush_safely()
    connections.close_all()


def _at_exit() -> None:
    if settings.VIEW_COUNTER != "redis":
        flush_safely()


def ensure_started() -> bool:
    """Start this process's flush thread once; False when the worker or the command flushes."""
    global _started_in
    interval = settings.VIEW_FLUSH_SECONDS
    if interval <= 0 or settings.VIEW_COUNTER == "redis":
        return False
    pid = os.getpid()
    if _started_in == pid:
        return True
    with _lock:
        if _started_in != pid:
            thread = threading.Thread(target=_loop, args=(interval,), name="toasoan-view-flush", daemon=True)
            thread.start()
            atexit.register(_at_exit)
            _started_in = pid
    return True
